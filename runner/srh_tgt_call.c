/*
 * srh_tgt_call.c - each client operation of a target run: made through the
 * protocol's table as a principal, judged by the checker with the job read
 * just before and after it, and recorded (call and timeline) in the result.
 *
 * Times: the checker wants the provider's clock; a remote client has only
 * the job timestamps, so the estimate is the latest of them seen so far.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scn.h"
#include "srh_tgt_int.h"
#include "srh_util.h"
#include "srh/cim_fmt.h"

#define POLL_SLEEP_NS 100000000L

void srh_tgt_reply_clear(srh_tgt_reply *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->jobs && i < r->n_jobs; i++)
		cim_job_free(r->jobs[i]);
	for (size_t i = 0; r->errors && i < r->n_errors; i++)
		cim_error_free(r->errors[i]);
	for (size_t i = 0; r->wire && i < r->n_wire; i++) {
		free(r->wire[i].where);
		free(r->wire[i].expected);
		free(r->wire[i].observed);
	}
	free(r->jobs);
	free(r->errors);
	free(r->fault_text);
	free(r->wire);
	memset(r, 0, sizeof(*r));
}

int srh_tgt_reply_wire(srh_tgt_reply *r, srh_rule_id rule, const char *where, const char *expected,
		       const char *observed)
{
	srh_tgt_wire w = {rule, strdup(where ? where : ""), strdup(expected ? expected : ""),
			  strdup(observed ? observed : "")};
	srh_tgt_wire *grown = NULL;

	if (w.where && w.expected && w.observed)
		grown = realloc(r->wire, (r->n_wire + 1) * sizeof(*r->wire));
	if (!grown) {
		free(w.where);
		free(w.expected);
		free(w.observed);
		return -1;
	}
	r->wire = grown;
	r->wire[r->n_wire++] = w;
	return 0;
}

/* The protocol's wire findings on an answer, judged as violations of the
 * call's job (NULL for an enumeration). */
static void judge_wire(srh_tgt *g, const srh_tjob *j, const srh_tgt_reply *rep)
{
	for (size_t i = 0; i < rep->n_wire; i++)
		srh_check_wire(g->chk, rep->wire[i].rule, g->t, j ? j->iid : NULL,
			       rep->wire[i].where, rep->wire[i].expected, rep->wire[i].observed);
}

const char *srh_tgt_state_name(uint16_t s)
{
	const char *n = cim_vmap_name(&cim_vm_job_state, s);

	return n ? n : "?";
}

/* The first failure stops the run; its line is the whole story. */
static void fail(srh_tgt *g, const char *why)
{
	if (!g->failed) {
		fprintf(stderr, "%s: %s\n", g->o->prog ? g->o->prog : "srh run", why);
		srh_result_reason(g->res, "%s", why);
	}
	g->failed = true;
}

void srh_tgt_clock(uint64_t *t, const cim_job *j)
{
	uint64_t c[3] = {j->time_submitted, j->time_of_last_state_change, CIM_TIME_NULL};

	if (j->start_time != CIM_TIME_NULL && j->elapsed_time != CIM_TIME_NULL &&
	    j->start_time <= UINT64_MAX - j->elapsed_time)
		c[2] = j->start_time + j->elapsed_time;
	for (int i = 0; i < 3; i++)
		if (c[i] != CIM_TIME_NULL && c[i] > *t)
			*t = c[i];
}

static void upd_time(srh_tgt *g, const cim_job *j)
{
	srh_tgt_clock(&g->t, j);
}

/* One operation through the table. Returns 0 with *rep filled, or -1
 * after fail(). */
static int op(srh_tgt *g, scn_call call, const prov_principal *who, const srh_tjob *j,
	      uint16_t state, srh_tgt_reply *rep)
{
	const srh_tgt_ops *t = g->ops;
	char err[SRH_TGT_ERRLEN] = "";
	int st = SRH_TGT_BAD_ANSWER;

	memset(rep, 0, sizeof(*rep));
	g->calls++;
	switch (call) {
	case SCN_CALL_ENUMERATE_INSTANCES:
		st = t->enumerate(g->ctx, who, rep, err, sizeof(err));
		break;
	case SCN_CALL_GET_INSTANCE:
		st = t->get_instance(g->ctx, who, j->cls, j->iid, rep, err, sizeof(err));
		break;
	case SCN_CALL_GET_ERROR:
		st = t->get_error(g->ctx, who, j->cls, j->iid, rep, err, sizeof(err));
		break;
	case SCN_CALL_GET_ERRORS:
		st = t->get_errors(g->ctx, who, j->cls, j->iid, rep, err, sizeof(err));
		break;
	case SCN_CALL_REQUEST_STATE_CHANGE:
		st = t->request_state_change(g->ctx, who, j->cls, j->iid, state, rep, err,
					     sizeof(err));
		break;
	default:
		cim_fmt(err, sizeof(err), "internal error: operation %d", (int)call);
		break;
	}
	if (st == SRH_TGT_ANSWERED) {
		g->answered = true;
		judge_wire(g, j, rep);
		return 0;
	}
	if (st == SRH_TGT_BAD_ANSWER)
		g->answered = true;
	srh_tgt_reply_clear(rep);
	fail(g, err[0] ? err : "the operation failed without a reason");
	return -1;
}

/* Record one call (errors copied with the checker's bounds) and its line on
 * the timeline. */
static void record(srh_tgt *g, scn_call call, const prov_principal *who, const char *iid,
		   uint16_t rs, uint32_t rc, cim_error *const *errs, size_t n, const cim_job *job)
{
	const char *st = job ? cim_vmap_name(&cim_vm_job_state, job->job_state) : NULL;
	srh_call_rec c;
	int oom = 0;

	memset(&c, 0, sizeof(c));
	c.time_ns = g->t;
	c.call = (uint8_t)call;
	c.admin = who->admin != 0;
	c.requested_state = rs;
	c.principal = srh_strdup(who->name, &oom);
	c.instance_id = srh_strdup(iid, &oom);
	c.rc = rc;
	if (errs && n) {
		if (n > SRH_MAX_ERRORS) {
			n = SRH_MAX_ERRORS;
			g->res->truncated = true;
		}
		if (!(c.errors = calloc(n, sizeof(*c.errors))))
			oom = 1;
		for (size_t i = 0; c.errors && i < n; i++)
			if ((c.errors[c.n_errors] = srh_check_error_copy(errs[i])))
				c.n_errors++;
	}
	if (job) {
		c.has_job = 1;
		c.job_state = job->job_state;
		c.n_op_status = (uint8_t)(job->n_op_status > CIM_OPSTATUS_MAX ? CIM_OPSTATUS_MAX
									      : job->n_op_status);
		memcpy(c.op_status, job->op_status, sizeof(c.op_status));
		c.percent = job->percent_complete;
	}
	if (oom)
		g->res->truncated = true;
	srh_result_event(g->res, g->t, SRH_TL_REQUEST, c.job_state, c.percent,
			 "%s%s%.0u as %s%s on %s: rc %u, %zu error(s), JobState %s",
			 scn_call_name(call), rs ? " " : "", (unsigned)rs, who->name,
			 who->admin ? " (admin)" : "", iid ? iid : "every job", (unsigned)rc,
			 c.n_errors, job ? (st ? st : "?") : "not read");
	srh_result_call(g->res, &c);
}

/* A GetInstance outcome as the ABI's GetError-style code: 0 found, 5 not
 * found, 6 access denied, 4 anything else (fault codes are CIM status
 * codes, whatever the protocol). */
static uint32_t instance_rc(const srh_tgt_reply *r)
{
	if (!r->fault)
		return r->n_jobs ? CIM_GE_SUCCESS : CIM_GE_FAILED;
	switch (r->fault_code) {
	case CIM_SC_NOT_FOUND:
		return CIM_GE_INVALID_PARAMETER;
	case CIM_SC_ACCESS_DENIED:
		return CIM_GE_ACCESS_DENIED;
	default:
		return CIM_GE_FAILED;
	}
}

int srh_tgt_enumerate(srh_tgt *g, srh_tgt_reply *rep)
{
	if (op(g, SCN_CALL_ENUMERATE_INSTANCES, &g->o->me, NULL, 0, rep) != 0)
		return -1;
	for (size_t i = 0; !rep->fault && i < rep->n_jobs; i++)
		upd_time(g, rep->jobs[i]);
	record(g, SCN_CALL_ENUMERATE_INSTANCES, &g->o->me, NULL, 0,
	       rep->fault ? CIM_GE_FAILED : CIM_GE_SUCCESS, NULL, 0, NULL);
	if (!rep->fault)
		(void)srh_check_enumerate(g->chk, g->t, &g->o->me, 0, rep->jobs, rep->n_jobs);
	return 0;
}

/* GetInstance as who: the job (taken out of the reply) and the rc. */
static int get_instance(srh_tgt *g, const prov_principal *who, const srh_tjob *j, cim_job **job,
			uint32_t *rc)
{
	srh_tgt_reply rep;

	*job = NULL;
	if (op(g, SCN_CALL_GET_INSTANCE, who, j, 0, &rep) != 0)
		return -1;
	*rc = instance_rc(&rep);
	if (*rc == CIM_GE_SUCCESS) {
		*job = rep.jobs[0];
		rep.jobs[0] = NULL;
		upd_time(g, *job);
	}
	srh_tgt_reply_clear(&rep);
	record(g, SCN_CALL_GET_INSTANCE, who, j->iid, 0, *rc, NULL, 0, *job);
	return 0;
}

int srh_tgt_read_job(srh_tgt *g, const srh_tjob *j, cim_job **job, uint32_t *rc)
{
	return get_instance(g, &g->o->me, j, job, rc);
}

void srh_tgt_feed_read(srh_tgt *g, const srh_tjob *j, const cim_job *job, uint32_t rc)
{
	srh_obs_instance o = {g->t, j->iid, &g->o->me, rc, job, false};

	(void)srh_check_instance(g->chk, &o);
}

int srh_tgt_get_instance(srh_tgt *g, const prov_principal *who, const srh_tjob *j)
{
	cim_job *job = NULL;
	uint32_t rc = 0;

	if (get_instance(g, who, j, &job, &rc) != 0)
		return -1;
	{
		srh_obs_instance o = {g->t, j->iid, who, rc, job, false};

		(void)srh_check_instance(g->chk, &o);
	}
	cim_job_free(job);
	return 0;
}

static bool same_moment(const cim_job *a, const cim_job *b)
{
	return a && b && a->job_state == b->job_state &&
	       a->time_of_last_state_change == b->time_of_last_state_change;
}

/* One attempt of srh_tgt_get_error: 1 when the job moved in between (try
 * again), 0 done, -1 failed. *out is the rc. */
static int get_error_once(srh_tgt *g, const prov_principal *who, const srh_tjob *j, bool bad,
			  long *out)
{
	cim_job *before = NULL, *after = NULL;
	srh_tgt_reply rep;
	uint32_t rb = 0, ra = 0;
	const cim_error *e;
	int r = -1;
	bool same;

	if (!bad && srh_tgt_read_job(g, j, &before, &rb) != 0)
		return -1;
	if (op(g, SCN_CALL_GET_ERROR, who, j, 0, &rep) != 0)
		goto out;
	if (!bad && srh_tgt_read_job(g, j, &after, &ra) != 0)
		goto out;
	same = bad || same_moment(before, after);
	if (rep.fault) {
		char why[SRH_TGT_ERRLEN];

		srh_tgt_say(g, "  GetError %s as %s -> CIM error %u %s", j->iid, who->name,
			    (unsigned)rep.fault_code, rep.fault_text ? rep.fault_text : "");
		cim_fmt(why, sizeof(why), "GetError answered with a CIM error %u",
			(unsigned)rep.fault_code);
		fail(g, why);
		goto out;
	}
	e = rep.n_errors ? rep.errors[0] : NULL;
	{
		srh_obs_get_error o = {g->t, j->iid, who, rep.rc, e, same ? after : NULL, bad};

		if (before)
			srh_tgt_feed_read(g, j, before, rb);
		if (!same && after)
			srh_tgt_feed_read(g, j, after, ra);
		(void)srh_check_get_error(g->chk, &o);
	}
	record(g, SCN_CALL_GET_ERROR, who, j->iid, 0, rep.rc, rep.errors, rep.n_errors,
	       same ? after : NULL);
	srh_tgt_say(g, "  GetError %s as %s -> %u, Error %s%s (JobState %s)", j->iid, who->name,
		    (unsigned)rep.rc, e ? "present" : "NULL",
		    rep.error_not_embedded ? " AS A FREE STRING, not an embedded CIM_Error" : "",
		    after ? srh_tgt_state_name(after->job_state) : "not read");
	*out = rep.rc;
	r = same ? 0 : 1;
out:
	cim_job_free(before);
	cim_job_free(after);
	srh_tgt_reply_clear(&rep);
	return r;
}

long srh_tgt_get_error(srh_tgt *g, const prov_principal *who, const srh_tjob *j, bool bad_request)
{
	long out = -1;

	for (int attempt = 0; attempt < 3; attempt++)
		if (get_error_once(g, who, j, bad_request, &out) <= 0)
			break;
	return g->failed ? -1 : out;
}

long srh_tgt_get_errors(srh_tgt *g, const srh_tjob *j)
{
	srh_tgt_reply rep;
	cim_job *after = NULL;
	uint32_t ra = 0;
	long out = -1;

	if (op(g, SCN_CALL_GET_ERRORS, &g->o->me, j, 0, &rep) != 0)
		return -1;
	if (rep.fault) {
		srh_result_event(g->res, g->t, SRH_TL_NOTE, 0, 0,
				 "GetErrors as %s on %s: CIM error %u %s", g->o->me.name, j->iid,
				 (unsigned)rep.fault_code, rep.fault_text ? rep.fault_text : "");
		g->geterrors = 0;
		srh_tgt_uncover(g, SRH_TC_GETERRORS,
				"the provider has no GetErrors (optional in 2.22.0)");
	} else if (srh_tgt_read_job(g, j, &after, &ra) == 0) {
		srh_obs_get_errors o = {g->t,	    j->iid,	  &g->o->me, rep.rc,
					rep.errors, rep.n_errors, after,     false};

		g->geterrors = 1;
		(void)srh_check_get_errors(g->chk, &o);
		record(g, SCN_CALL_GET_ERRORS, &g->o->me, j->iid, 0, rep.rc, rep.errors,
		       rep.n_errors, after);
		srh_tgt_cover(g, SRH_TC_GETERRORS, "checked on every job");
		out = rep.rc;
	}
	cim_job_free(after);
	srh_tgt_reply_clear(&rep);
	return out;
}

long srh_tgt_request(srh_tgt *g, const prov_principal *who, const srh_tjob *j, uint16_t state)
{
	cim_job *before = NULL, *after = NULL;
	srh_tgt_reply rep;
	uint32_t rb = 0, ra = 0;
	long out = -1;

	memset(&rep, 0, sizeof(rep));
	if (srh_tgt_read_job(g, j, &before, &rb) != 0)
		return -1;
	if (op(g, SCN_CALL_REQUEST_STATE_CHANGE, who, j, state, &rep) != 0 ||
	    srh_tgt_read_job(g, j, &after, &ra) != 0)
		goto out;
	if (rep.fault) {
		srh_tgt_say(g, "  RequestStateChange(%u) %s as %s -> CIM error %u", (unsigned)state,
			    j->iid, who->name, (unsigned)rep.fault_code);
		srh_result_event(g->res, g->t, SRH_TL_NOTE, 0, 0,
				 "RequestStateChange %u as %s on %s: CIM error %u %s",
				 (unsigned)state, who->name, j->iid, (unsigned)rep.fault_code,
				 rep.fault_text ? rep.fault_text : "");
		out = -2;
	} else {
		srh_obs_rsc o = {g->t, j->iid, who, state, rep.rc, before, after, false, false};

		(void)srh_check_rsc(g->chk, &o);
		record(g, SCN_CALL_REQUEST_STATE_CHANGE, who, j->iid, state, rep.rc, NULL, 0,
		       after);
		srh_tgt_say(g, "  RequestStateChange(%u) %s as %s -> %u (JobState %s -> %s)",
			    (unsigned)state, j->iid, who->name, (unsigned)rep.rc,
			    before ? srh_tgt_state_name(before->job_state) : "?",
			    after ? srh_tgt_state_name(after->job_state) : "?");
		out = rep.rc;
	}
out:
	cim_job_free(before);
	cim_job_free(after);
	srh_tgt_reply_clear(&rep);
	return out;
}

uint16_t srh_tgt_wait_state(srh_tgt *g, const srh_tjob *j, uint16_t want)
{
	const struct timespec nap = {0, POLL_SLEEP_NS};
	unsigned polls = g->o->wait_s * 10 + 1;
	uint16_t last = 0;

	for (unsigned i = 0; i < polls && !g->failed; i++) {
		cim_job *job = NULL;
		uint32_t rc = 0;

		if (srh_tgt_read_job(g, j, &job, &rc) != 0)
			return 0;
		srh_tgt_feed_read(g, j, job, rc);
		if (!job)
			return last;
		last = job->job_state;
		cim_job_free(job);
		if (want ? last == want : cim_job_state_is_final(last))
			return last;
		if (cim_job_state_is_final(last))
			return last;
		/* A live provider moves in wall time: poll, do not spin. */
		(void)nanosleep(&nap, NULL);
	}
	return last;
}
