/*
 * srh_call.c - client calls through the provider's ops, as a client would
 * make them, each observed with the job instance an administrator reads at
 * the same virtual instant (the checker needs both for invariant 4).
 *
 * The calls go through the stage (srh_stage.h): what the provider returned
 * is fed to the checker as returned (the reply's raw objects: the checker
 * is built for hostile input), and the record keeps the stage's safe
 * copies.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_rcdesc.h"
#include "srh_run_int.h"
#include "srh_stage.h"
#include "srh/cim_fmt.h"

/* Room for an rc description in a trace line or timeline text. */
#define RC_NOTE 256

/* An administrator's read of the job. */
typedef struct jread {
	srh_stage_reply rep;
	cim_job *raw; /* the provider's, for the checker */
	cim_job flat; /* scalars only, for expectations and the record */
	uint32_t rc;
	bool ok;
} jread;

static void jread_do(srh_rt *rt, const char *iid, jread *r)
{
	const prov_principal admin = srh_stage_who(rt->st, SRH_STAGE_ADMIN);

	memset(r, 0, sizeof(*r));
	r->rc = CIM_GE_INVALID_PARAMETER;
	if (!iid)
		return;
	srh_stage_get_instance(rt->st, &admin, iid, &r->rep);
	r->rc = r->rep.rc;
	r->raw = r->rep.raw.job;
	if (r->rc != 0 || !r->raw)
		return;
	r->flat = *r->raw;
	r->flat.class_name = r->flat.instance_id = r->flat.name = NULL;
	r->flat.owner = r->flat.error_description = NULL;
	if (r->flat.n_op_status > CIM_OPSTATUS_MAX)
		r->flat.n_op_status = CIM_OPSTATUS_MAX;
	r->ok = true;
}

static void jread_free(srh_rt *rt, jread *r)
{
	srh_stage_reply_done(rt->st, &r->rep);
	r->raw = NULL;
}

/* The start of a call record: who, what, when, where in the scenario. */
static void rec_begin(srh_rt *rt, srh_call_rec *c, scn_call call, const prov_principal *who,
		      const char *iid)
{
	int fail = 0;

	memset(c, 0, sizeof(*c));
	c->time_ns = sim_now(rt->s);
	c->call = (uint8_t)call;
	c->admin = who->admin != 0;
	c->principal = srh_strdup(who->name, &fail);
	c->instance_id = srh_strdup(iid, &fail);
	c->line = rt->line;
	if (fail)
		rt->res->truncated = true;
}

/* The call's rc and its vendor description (made safe by the stage). */
static void rec_rc(srh_call_rec *c, srh_stage_reply *r)
{
	c->rc = r->rc;
	c->rc_desc = r->rc_desc;
	r->rc_desc = NULL;
}

static void rec_job(srh_call_rec *c, const jread *j)
{
	if (!j->ok)
		return;
	c->has_job = 1;
	c->job_state = j->flat.job_state;
	c->n_op_status = (uint8_t)j->flat.n_op_status;
	memcpy(c->op_status, j->flat.op_status, sizeof(c->op_status));
	c->percent = j->flat.percent_complete;
}

/* Keep the stage's safe copies of the returned errors (capped). */
static void rec_errors(srh_rt *rt, srh_call_rec *c, srh_stage_reply *r)
{
	if (r->truncated)
		rt->res->truncated = true;
	if (r->n_errors > SRH_MAX_ERRORS) {
		for (size_t i = SRH_MAX_ERRORS; i < r->n_errors; i++)
			cim_error_free(r->errors[i]);
		r->n_errors = SRH_MAX_ERRORS;
		rt->res->truncated = true;
	}
	if (!r->n_errors)
		return;
	c->errors = r->errors;
	c->n_errors = r->n_errors;
	r->errors = NULL;
	r->n_errors = 0;
}

static void trace_call(srh_rt *rt, const srh_call_rec *c)
{
	const cim_error *e = c->n_errors ? c->errors[0] : NULL;
	char note[RC_NOTE];

	srh_rt_trace(
	    rt, "%s as=%s%s iid=%s rc=%" PRIu32 "%s errors=%zu error=%s JobState=%u pct=%u",
	    scn_call_name((scn_call)c->call), c->principal ? c->principal : "-",
	    c->admin ? "(admin)" : "", c->instance_id ? c->instance_id : "NULL", c->rc,
	    srh_rc_note(note, sizeof(note), c->rc, c->rc_desc), c->n_errors,
	    e ? (e->message_id ? e->message_id : "(no MessageID)") : "NULL",
	    c->has_job ? (unsigned)c->job_state : 0u, c->has_job ? (unsigned)c->percent : 0u);
}

/* The profile judges Errors of a job that ended with a fault class. */
static void profile_maybe(srh_rt *rt, const char *iid, uint32_t rc, const cim_error *e)
{
	if (rc == 0 && e && rt->j->ended && rt->j->end_class != PROV_FC_NONE && iid &&
	    strcmp(iid, rt->j->iid) == 0)
		srh_profile_check(rt, sim_now(rt->s), e);
}

/* Record c, judge expectations with o, log the call on the timeline. */
static void finish(srh_rt *rt, srh_call_rec *c, const scn_expect *e, size_t n, srh_obs *o)
{
	const char *st = cim_vmap_name(&cim_vm_job_state, c->job_state);
	const char *rq = cim_vmap_name(&cim_vm_requested_state, c->requested_state);
	char what[96], note[RC_NOTE];

	if (c->call == SCN_CALL_REQUEST_STATE_CHANGE)
		cim_fmt(what, sizeof(what), "RequestStateChange %u %s",
			(unsigned)c->requested_state, rq ? rq : "(undefined)");
	else
		cim_fmt(what, sizeof(what), "%s", scn_call_name((scn_call)c->call));
	srh_rt_collect(rt);
	srh_expect_check(rt, e, n, o);
	trace_call(rt, c);
	srh_result_event(rt->res, c->time_ns, SRH_TL_REQUEST, c->job_state, c->percent,
			 "%s as %s%s: rc %" PRIu32 "%s, %zu error(s), JobState %s (line %d)", what,
			 c->principal ? c->principal : "-", c->admin ? " (admin)" : "", c->rc,
			 srh_rc_note(note, sizeof(note), c->rc, c->rc_desc), c->n_errors,
			 c->has_job ? (st ? st : "?") : "unknown", c->line);
	srh_result_call(rt->res, c);
}

static void do_get_error(srh_rt *rt, const prov_principal *who, const char *iid, bool bad,
			 const scn_expect *e, size_t n)
{
	srh_stage_reply r;
	srh_call_rec c;
	jread j;

	rec_begin(rt, &c, SCN_CALL_GET_ERROR, who, iid);
	srh_pfault_gate(true);
	srh_stage_get_error(rt->st, who, iid, &r);
	srh_pfault_gate(false);
	rec_rc(&c, &r);
	jread_do(rt, iid, &j);
	srh_check_get_error(
	    rt->chk, &(srh_obs_get_error){c.time_ns, iid, who, c.rc, r.raw.error, j.raw, bad});
	rec_errors(rt, &c, &r);
	srh_stage_reply_done(rt->st, &r);
	rec_job(&c, &j);
	if (c.rc == 0 && j.ok && !bad && strcmp(iid, rt->j->iid) == 0)
		srh_profile_job(rt, c.time_ns, j.raw, c.n_errors ? c.errors[0] : NULL);
	jread_free(rt, &j);
	profile_maybe(rt, iid, c.rc, c.n_errors ? c.errors[0] : NULL);
	finish(rt, &c, e, n,
	       &(srh_obs){true, SCN_CALL_GET_ERROR, c.rc, c.n_errors ? c.errors[0] : NULL,
			  c.n_errors, j.ok ? &j.flat : NULL, j.rc, c.rc_desc});
}

static void do_get_errors(srh_rt *rt, const prov_principal *who, const char *iid, bool bad,
			  const scn_expect *e, size_t n)
{
	srh_stage_reply r;
	srh_call_rec c;
	jread j;

	rec_begin(rt, &c, SCN_CALL_GET_ERRORS, who, iid);
	/* A provider without the method answers as a CIM server would. */
	srh_pfault_gate(true);
	srh_stage_get_errors(rt->st, who, iid, &r);
	srh_pfault_gate(false);
	rec_rc(&c, &r);
	jread_do(rt, iid, &j);
	srh_check_get_errors(rt->chk, &(srh_obs_get_errors){c.time_ns, iid, who, c.rc, r.raw.errors,
							    r.raw.n_errors, j.raw, bad});
	rec_errors(rt, &c, &r);
	srh_stage_reply_done(rt->st, &r);
	rec_job(&c, &j);
	jread_free(rt, &j);
	for (size_t i = 0; i < c.n_errors; i++)
		profile_maybe(rt, iid, c.rc, c.errors[i]);
	finish(rt, &c, e, n,
	       &(srh_obs){true, SCN_CALL_GET_ERRORS, c.rc, c.n_errors ? c.errors[0] : NULL,
			  c.n_errors, j.ok ? &j.flat : NULL, j.rc, c.rc_desc});
}

static void do_rsc(srh_rt *rt, const scn_action *a, const prov_principal *who, const char *iid,
		   bool bad)
{
	srh_stage_reply r;
	srh_call_rec c;
	jread before, after;

	rec_begin(rt, &c, SCN_CALL_REQUEST_STATE_CHANGE, who, iid);
	c.requested_state = a->requested_state;
	jread_do(rt, iid, &before);
	/* Judged now: the call may change JobState (Suspend, Terminate), and
	 * the engine's news of it must not be held against this earlier read. */
	if (before.raw)
		(void)srh_check_job_read(rt->chk, c.time_ns, iid, before.raw);
	srh_pfault_gate(true);
	srh_stage_request_state_change(rt->st, who, iid, a->requested_state, a->timeout_period_ns,
				       &r);
	srh_pfault_gate(false);
	rec_rc(&c, &r);
	srh_stage_reply_done(rt->st, &r);
	jread_do(rt, iid, &after);
	srh_check_rsc(rt->chk, &(srh_obs_rsc){c.time_ns, iid, who, a->requested_state, c.rc,
					      before.raw, after.raw, bad, true});
	rec_job(&c, &after);
	jread_free(rt, &before);
	jread_free(rt, &after);
	finish(rt, &c, a->expects, a->n_expects,
	       &(srh_obs){true, SCN_CALL_REQUEST_STATE_CHANGE, c.rc, NULL, 0,
			  after.ok ? &after.flat : NULL, after.rc, c.rc_desc});
}

static void do_get_instance(srh_rt *rt, const scn_action *a, const prov_principal *who,
			    const char *iid, bool bad)
{
	srh_stage_reply r;
	srh_call_rec c;
	jread j;

	rec_begin(rt, &c, SCN_CALL_GET_INSTANCE, who, iid);
	srh_pfault_gate(true);
	srh_stage_get_instance(rt->st, who, iid, &r);
	srh_pfault_gate(false);
	rec_rc(&c, &r);
	srh_check_instance(rt->chk, &(srh_obs_instance){c.time_ns, iid, who, c.rc, r.raw.job, bad});
	srh_stage_reply_done(rt->st, &r);
	jread_do(rt, iid, &j);
	rec_job(&c, &j);
	jread_free(rt, &j);
	finish(rt, &c, a->expects, a->n_expects,
	       &(srh_obs){true, SCN_CALL_GET_INSTANCE, c.rc, NULL, 0, j.ok ? &j.flat : NULL, j.rc,
			  c.rc_desc});
}

static void do_enumerate(srh_rt *rt, const scn_action *a, const prov_principal *who,
			 const char *iid)
{
	srh_stage_reply r;
	srh_call_rec c;
	jread j;

	rec_begin(rt, &c, SCN_CALL_ENUMERATE_INSTANCES, who, iid);
	srh_pfault_gate(true);
	srh_stage_enumerate(rt->st, who, &r);
	srh_pfault_gate(false);
	rec_rc(&c, &r);
	srh_check_enumerate(rt->chk, c.time_ns, who, c.rc, r.raw.jobs, r.raw.n_jobs);
	srh_stage_reply_done(rt->st, &r);
	jread_do(rt, iid, &j);
	rec_job(&c, &j);
	jread_free(rt, &j);
	finish(rt, &c, a->expects, a->n_expects,
	       &(srh_obs){true, SCN_CALL_ENUMERATE_INSTANCES, c.rc, NULL, 0, j.ok ? &j.flat : NULL,
			  j.rc, c.rc_desc});
}

int srh_call_action(srh_rt *rt, const scn_action *a)
{
	prov_principal who = {a->principal ? a->principal : rt->j->spec->owner, a->admin};
	const char *iid = a->has_instance_id ? a->instance_id : rt->j->iid;
	/* Another InstanceID than a job's, byte for byte, is a bad
	 * reference: contract.md, a reference names a job only by exact
	 * string equality of its InstanceID. */
	bool bad = a->has_instance_id && !srh_jobs_known_iid(rt, iid);

	switch (a->call) {
	case SCN_CALL_GET_ERROR:
		do_get_error(rt, &who, iid, bad, a->expects, a->n_expects);
		return 0;
	case SCN_CALL_GET_ERRORS:
		do_get_errors(rt, &who, iid, bad, a->expects, a->n_expects);
		return 0;
	case SCN_CALL_REQUEST_STATE_CHANGE:
		do_rsc(rt, a, &who, iid, bad);
		return 0;
	case SCN_CALL_GET_INSTANCE:
		do_get_instance(rt, a, &who, iid, bad);
		return 0;
	case SCN_CALL_ENUMERATE_INSTANCES:
		do_enumerate(rt, a, &who, iid);
		return 0;
	default:
		return -1;
	}
}

void srh_call_expect_job(srh_rt *rt, const scn_expect *e, size_t n)
{
	const prov_principal admin = srh_stage_who(rt->st, SRH_STAGE_ADMIN);
	jread j;

	jread_do(rt, rt->j->iid, &j);
	srh_check_instance(
	    rt->chk, &(srh_obs_instance){sim_now(rt->s), rt->j->iid, &admin, j.rc, j.raw, false});
	srh_rt_collect(rt);
	srh_expect_check(
	    rt, e, n,
	    &(srh_obs){false, SCN_CALL_NONE, j.rc, NULL, 0, j.ok ? &j.flat : NULL, j.rc, NULL});
	jread_free(rt, &j);
}

/* Sweep runs: the job must have ended, and its owner must get its Error
 * (or NULL) with 0: a fault of the engine is never the client's problem. */
static void path_check(srh_rt *rt, const srh_call_rec *c)
{
	char obs[128 + RC_NOTE], note[RC_NOTE];

	if (!rt->j->ended) {
		cim_fmt(obs, sizeof(obs), "JobState %u, not ended", (unsigned)rt->j->js);
		srh_rt_fail(rt, "PATH-ended", SRH_MUST, "JobState",
			    "the job ends (Completed, Terminated, Killed or Exception)", obs);
	}
	if (c->rc != 0) {
		cim_fmt(obs, sizeof(obs), "rc %" PRIu32 "%s", c->rc,
			srh_rc_note(note, sizeof(note), c->rc, c->rc_desc));
		srh_rt_fail(rt, "PATH-geterror", SRH_MUST, NULL,
			    "GetError by the owner at the end returns 0", obs);
	}
}

int srh_call_final(srh_rt *rt)
{
	prov_principal who = {rt->j->spec->owner, 0};
	size_t before = rt->res->n_calls;

	rt->line = rt->sc->final_line;
	do_get_error(rt, &who, rt->j->iid, false, rt->sc->final, rt->sc->n_final);
	if (rt->o->sweep && rt->res->n_calls > before)
		path_check(rt, &rt->res->calls[rt->res->n_calls - 1]);
	return 0;
}
