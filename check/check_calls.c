/*
 * check_calls.c - the observation entry points: GetError, GetErrors,
 * RequestStateChange, GetInstance and EnumerateInstances. Each judges the
 * call's return code against the caller and the job's history, then the
 * returned Error(s) and instance(s).
 */
#include "check_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srh/cim_fmt.h"

/* What GetError and GetErrors have in common. */
typedef struct chk_call {
	const char *method;
	uint64_t t;
	const char *iid;
	const prov_principal *who;
	uint32_t rc;
	bool returned; /* an Error (or errors) came back */
	bool bad_request;
	/* What came back, put in words only when a rule fails: GetError's
	 * Error, or GetErrors' result (errs set). */
	const cim_error *error;
	const srh_obs_get_errors *errs;
} chk_call;

/* The text of what came back (in buf, which is returned). */
static const char *chk_shown(const chk_call *k, char *buf, size_t len)
{
	if (!k->errs)
		return chk_error_show(buf, len, k->error);
	cim_fmt(buf, len, "%zu errors%s", k->errs->n_errors,
		k->errs->errors && !k->errs->n_errors ? " (empty array)" : "");
	return buf;
}

static char *chk_rc_text(char *buf, size_t len, uint32_t rc)
{
	return chk_val(buf, len, &cim_vm_geterror_rc, rc);
}

static char *chk_secs(char *buf, size_t len, uint64_t ns)
{
	cim_fmt(buf, len, "%" PRIu64 ".%09" PRIu64 "s", ns / 1000000000u, ns % 1000000000u);
	return buf;
}

static int chk_rc_range(srh_checker *c, const chk_call *k)
{
	char exp[CHK_TXT], obs[128];

	if (k->rc <= 6 || (k->rc >= CIM_VENDOR_LO && k->rc <= CIM_VENDOR_HI))
		return 0;
	cim_fmt(exp, sizeof(exp), "%s return 0..6 or vendor 32768..65535", k->method);
	cim_fmt(obs, sizeof(obs), "%" PRIu32 " (%s)", k->rc,
		k->rc < CIM_VENDOR_LO ? "DMTF reserved" : "not a uint16 code");
	return chk_add(c, SRH_R_RC_RANGE, NULL, k->t, k->iid, exp, obs);
}

/* Nothing may come out of a failed call. */
static int chk_rc_output(srh_checker *c, const chk_call *k)
{
	char exp[CHK_TXT], r[128], sh[CHK_TXT];

	if (k->rc == 0 || !k->returned)
		return 0;
	if (k->rc == CIM_GE_ACCESS_DENIED)
		return chk_add(c, SRH_R_ACCESS_LEAK, "Error", k->t, k->iid,
			       "NULL with 6 Access Denied", chk_shown(k, sh, sizeof(sh)));
	cim_fmt(exp, sizeof(exp), "NULL with %s", chk_rc_text(r, sizeof(r), k->rc));
	return chk_add(c, SRH_R_NO_ERROR_ON_FAILURE, "Error", k->t, k->iid, exp,
		       chk_shown(k, sh, sizeof(sh)));
}

/* A job the client knows to exist (not removed) answered 5. */
static int chk_rc_vanished(srh_checker *c, const chk_call *k, const chk_hist *h)
{
	char exp[CHK_TXT], v[128], tt[64];

	if (k->rc != CIM_GE_INVALID_PARAMETER || !h || !h->last || chk_removal_due(h, NULL, k->t))
		return 0;
	if (!cim_job_state_is_final(h->last->job_state))
		return chk_add(c, SRH_R_INVALID_PARAMETER, NULL, k->t, k->iid,
			       "not 5: the job exists", "5 Invalid Parameter");
	cim_fmt(exp, sizeof(exp),
		"the Error of the ended job (JobState %s), which was not removed%s%s",
		chk_val(v, sizeof(v), &cim_vm_job_state, h->last->job_state),
		c->restarts ? "; provider restarted at t=" : "",
		c->restarts ? chk_secs(tt, sizeof(tt), c->last_restart_ns) : "");
	return chk_add(c, SRH_R_ERROR_STABLE, "Error", k->t, k->iid, exp, "5 Invalid Parameter");
}

/* Access: strangers get 6, owners and administrators never do. */
static int chk_rc_access(srh_checker *c, const chk_call *k, chk_access acc, bool *done)
{
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT];

	*done = true;
	if (acc == CHK_ACC_STRANGER && k->rc == 0) {
		cim_fmt(exp, sizeof(exp),
			"6 Access Denied for %s (neither owner nor administrator)",
			chk_quote(q, sizeof(q), k->who->name));
		if (k->returned) {
			char sh[CHK_TXT];

			cim_fmt(obs, sizeof(obs), "0 Success with %s",
				chk_shown(k, sh, sizeof(sh)));
			return chk_add(c, SRH_R_ACCESS_LEAK, "Error", k->t, k->iid, exp, obs);
		}
		return chk_add(c, SRH_R_ACCESS_CONTROL, NULL, k->t, k->iid, exp, "0 Success");
	}
	if (acc == CHK_ACC_AUTHORIZED && k->rc == CIM_GE_ACCESS_DENIED) {
		cim_fmt(exp, sizeof(exp), "not 6: %s is the owner or an administrator",
			chk_quote(q, sizeof(q), k->who->name));
		return chk_add(c, SRH_R_ACCESS_CONTROL, NULL, k->t, k->iid, exp, "6 Access Denied");
	}
	*done = false;
	return 0;
}

/* Checks on the return code; *judge says whether the output is to be
 * judged further (rc 0, caller not a stranger). */
static int chk_call_common(srh_checker *c, const chk_call *k, bool *judge)
{
	chk_access acc = chk_access_of(c, k->iid, k->who);
	chk_hist *h = chk_hist_get(c, k->iid, false);
	char exp[CHK_TXT], r[128];
	bool done;
	int st = 0;

	*judge = false;
	st |= chk_rc_range(c, k);
	st |= chk_rc_output(c, k);
	if (k->bad_request) {
		if (k->rc != CIM_GE_INVALID_PARAMETER)
			st |= chk_add(c, SRH_R_INVALID_PARAMETER, NULL, k->t, k->iid,
				      "5 Invalid Parameter for a reference that names no job "
				      "(malformed, unknown, or not exactly a job's InstanceID) "
				      "or a missing output argument",
				      chk_rc_text(r, sizeof(r), k->rc));
		return st;
	}
	/* contract.md, Removal: gone for every call at t >= E + T. */
	if (chk_removal_due(h, NULL, k->t)) {
		/* 2..4 (internal failures) and vendor codes may still preempt. */
		if (k->rc == 0 || k->rc == CIM_GE_ACCESS_DENIED)
			st |= chk_add(c, chk_removed_rule(c, h, NULL), NULL, k->t, k->iid,
				      chk_removed_text(exp, sizeof(exp), h, NULL),
				      chk_rc_text(r, sizeof(r), k->rc));
		return st;
	}
	st |= chk_rc_access(c, k, acc, &done);
	if (done)
		return st;
	if (k->rc != 0)
		return st | chk_rc_vanished(c, k, h);
	*judge = true;
	return st;
}

/* The job state GetError's answer is judged against: the read at the same
 * instant, or else the last read when it was final (final is final). */
static const cim_job *chk_state_for(srh_checker *c, const char *iid, const cim_job *now)
{
	chk_hist *h;

	if (now)
		return now;
	h = chk_hist_get(c, iid, false);
	if (h && h->last && cim_job_state_is_final(h->last->job_state))
		return h->last;
	return NULL;
}

static char *chk_state_text(char *buf, size_t len, const cim_job *j)
{
	char v[128], os[CHK_TXT];

	if (j->job_state == CIM_JS_COMPLETED)
		cim_fmt(buf, len, "JobState %s, OperationalStatus %s",
			chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state),
			chk_opstatus(os, sizeof(os), j));
	else
		cim_fmt(buf, len, "JobState %s",
			chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state));
	return buf;
}

/* Invariant 4. */
static int chk_error_iff(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			 const cim_error *e)
{
	bool want = cim_job_state_is_final(j->job_state) && !chk_job_ended_ok(j);
	char exp[CHK_TXT], st[CHK_TXT], obs[CHK_TXT];

	if (want == (e != NULL))
		return 0;
	cim_fmt(exp, sizeof(exp), "%s (%s)", want ? "Error present" : "NULL",
		chk_state_text(st, sizeof(st), j));
	return chk_add(c, SRH_R_ERROR_IFF_ENDED, NULL, t, iid, exp,
		       chk_error_show(obs, sizeof(obs), e));
}

/* Invariant 7's first half, once both answers on the ended job are known. */
static int chk_ge_vs_ges(srh_checker *c, uint64_t t, const char *iid, const chk_hist *h)
{
	char names[CHK_TXT], exp[CHK_TXT], s[CHK_TXT];

	if (!h->ge_known || !h->ges_known || !h->ge_error)
		return 0;
	cim_fmt(exp, sizeof(exp), "first error equal to GetError's %s",
		chk_error_show(s, sizeof(s), h->ge_error));
	if (!h->ges_first)
		return chk_add(c, SRH_R_GETERRORS, "Errors", t, iid, exp, "no errors");
	if (chk_error_diff(h->ge_error, h->ges_first, names, sizeof(names)) == 0)
		return 0;
	return chk_add(c, SRH_R_GETERRORS, names, t, iid, exp, "a different first error");
}

/* Invariant 6: the first answer on the ended job is the answer forever. */
static int chk_stable(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	chk_hist *h = chk_hist_get(c, iid, true);
	char names[CHK_TXT], exp[CHK_TXT], obs[CHK_TXT], was[CHK_TXT], now[CHK_TXT];
	char tt[64], rt[64];

	if (!h)
		return -1;
	if (!h->ge_known) {
		h->ge_error = srh_check_error_copy(e);
		if (e && !h->ge_error) {
			c->dropped++;
			return -1;
		}
		h->ge_known = true;
		h->ge_time = t;
		h->ge_restarts = c->restarts;
		return chk_ge_vs_ges(c, t, iid, h);
	}
	if (!h->ge_error && !e)
		return 0;
	if (h->ge_error && e && chk_error_diff(h->ge_error, e, names, sizeof(names)) == 0)
		return 0;
	if (!h->ge_error || !e)
		cim_fmt(names, sizeof(names), "Error");
	cim_fmt(exp, sizeof(exp), "the %s returned at t=%s",
		chk_error_show(was, sizeof(was), h->ge_error),
		chk_secs(tt, sizeof(tt), h->ge_time));
	cim_fmt(obs, sizeof(obs), "%s%s%s", chk_error_show(now, sizeof(now), e),
		c->restarts != h->ge_restarts ? " after provider restart at t=" : "",
		c->restarts != h->ge_restarts ? chk_secs(rt, sizeof(rt), c->last_restart_ns) : "");
	return chk_add(c, SRH_R_ERROR_STABLE, names, t, iid, exp, obs);
}

int srh_check_get_error(srh_checker *c, const srh_obs_get_error *o)
{
	const cim_job *j;
	bool judge;
	int st = 0;

	if (!c || !o)
		return -1;
	if (o->job)
		st |= chk_job(c, o->time_ns, o->instance_id, o->job);
	chk_call k = {"GetError",	o->time_ns,	o->instance_id, o->who, o->rc,
		      o->error != NULL, o->bad_request, o->error,	NULL};
	st |= chk_call_common(c, &k, &judge);
	if (!judge)
		return st;
	st |= chk_error(c, o->time_ns, o->instance_id, o->error);
	j = chk_state_for(c, o->instance_id, o->job);
	st |= chk_error_own(c, o->time_ns, o->instance_id, j, o->error);
	if (!j)
		return st;
	st |= chk_error_iff(c, o->time_ns, o->instance_id, j, o->error);
	if (cim_job_state_is_final(j->job_state) && o->instance_id)
		st |= chk_stable(c, o->time_ns, o->instance_id, o->error);
	return st;
}

/* Element checks of a GetErrors result; false when the array is unusable. */
static bool chk_errors_usable(srh_checker *c, const srh_obs_get_errors *o, int *st)
{
	char obs[CHK_TXT];

	if (o->n_errors > SRH_CHECK_MAX_ARRAY) {
		cim_fmt(obs, sizeof(obs), "%zu errors%s", o->n_errors,
			o->errors ? "" : " in a NULL array");
		*st |= chk_add(c, SRH_R_ERROR_WELLFORMED, "Errors", o->time_ns, o->instance_id,
			       "at most 4096 errors", obs);
		return false;
	}
	if (o->n_errors > 0 && !o->errors) {
		cim_fmt(obs, sizeof(obs), "NULL array with count %zu", o->n_errors);
		*st |= chk_add(c, SRH_R_ERROR_WELLFORMED, "Errors", o->time_ns, o->instance_id,
			       "an array holding its count of errors", obs);
		return false;
	}
	for (size_t i = 0; i < o->n_errors; i++) {
		if (o->errors[i]) {
			*st |= chk_error(c, o->time_ns, o->instance_id, o->errors[i]);
			continue;
		}
		cim_fmt(obs, sizeof(obs), "NULL element %zu", i);
		*st |= chk_add(c, SRH_R_ERROR_WELLFORMED, "Errors", o->time_ns, o->instance_id,
			       "a CIM_Error in every element", obs);
		return false;
	}
	return true;
}

static int chk_errors_record(srh_checker *c, const srh_obs_get_errors *o)
{
	chk_hist *h = chk_hist_get(c, o->instance_id, true);

	if (!h)
		return -1;
	if (h->ges_known)
		return 0;
	h->ges_first = o->n_errors ? srh_check_error_copy(o->errors[0]) : NULL;
	if (o->n_errors && !h->ges_first) {
		c->dropped++;
		return -1;
	}
	h->ges_known = true;
	h->ges_time = o->time_ns;
	return chk_ge_vs_ges(c, o->time_ns, o->instance_id, h);
}

int srh_check_get_errors(srh_checker *c, const srh_obs_get_errors *o)
{
	char exp[CHK_TXT], sts[CHK_TXT];
	const cim_job *j;
	bool judge;
	int st = 0;

	if (!c || !o)
		return -1;
	if (o->job)
		st |= chk_job(c, o->time_ns, o->instance_id, o->job);
	chk_call k = {"GetErrors",    o->time_ns, o->instance_id,
		      o->who,	      o->rc,	  o->errors != NULL || o->n_errors > 0,
		      o->bad_request, NULL,	  o};
	/* An empty array is no error: only elements leak. */
	k.returned = o->n_errors > 0;
	st |= chk_call_common(c, &k, &judge);
	if (!judge || !chk_errors_usable(c, o, &st))
		return st;
	j = chk_state_for(c, o->instance_id, o->job);
	if (o->n_errors > 0)
		st |= chk_error_own(c, o->time_ns, o->instance_id, j, o->errors[0]);
	if (!j)
		return st;
	if (chk_job_ended_ok(j) && o->n_errors > 0) {
		char sh[CHK_TXT];

		cim_fmt(exp, sizeof(exp), "no errors (%s)", chk_state_text(sts, sizeof(sts), j));
		st |= chk_add(c, SRH_R_GETERRORS, "Errors", o->time_ns, o->instance_id, exp,
			      chk_shown(&k, sh, sizeof(sh)));
	}
	if (cim_job_state_is_final(j->job_state) && o->instance_id)
		st |= chk_errors_record(c, o);
	return st;
}

int srh_check_job_read(srh_checker *c, uint64_t time_ns, const char *instance_id, const cim_job *j)
{
	if (!c || !j)
		return -1;
	return chk_job(c, time_ns, instance_id, j);
}

static bool chk_rsc_nonsense(const cim_job *before, uint16_t requested)
{
	return before && cim_job_state_is_final(before->job_state) && requested >= CIM_RS_START &&
	       requested <= CIM_RS_KILL;
}

int srh_check_rsc(srh_checker *c, const srh_obs_rsc *o)
{
	char exp[CHK_TXT], obs[CHK_TXT], v[128], w[128], r[128];
	uint64_t t;
	const char *iid;
	int st = 0;

	if (!c || !o)
		return -1;
	t = o->time_ns, iid = o->instance_id;
	if (o->before && !o->before_judged)
		st |= chk_job(c, t, iid, o->before);
	if (o->after)
		st |= chk_job(c, t, iid, o->after);
	chk_val(r, sizeof(r), &cim_vm_rsc_rc, o->rc);
	if (o->bad_request && (o->rc == 0 || o->rc == 4096))
		st |= chk_add(c, SRH_R_INVALID_PARAMETER, NULL, t, iid,
			      "not accepted (5 Invalid Parameter): the reference names no job "
			      "(not exactly a job's InstanceID)",
			      r);
	if (cim_vmap_class(&cim_vm_rsc_rc, o->rc) == CIM_V_RESERVED)
		st |=
		    chk_add(c, SRH_R_RSC_CODES, NULL, t, iid,
			    "RequestStateChange return 0..6, 4096..4099 or vendor 32768..65535", r);
	if (chk_rsc_nonsense(o->before, o->requested_state) && o->rc != 4097 &&
	    chk_access_of(c, iid, o->who) != CHK_ACC_STRANGER) {
		cim_fmt(exp, sizeof(exp), "4097 Invalid State Transition (%s a job in JobState %s)",
			chk_val(v, sizeof(v), &cim_vm_requested_state, o->requested_state),
			chk_val(w, sizeof(w), &cim_vm_job_state, o->before->job_state));
		st |= chk_add(c, SRH_R_RSC_CODES, NULL, t, iid, exp, r);
	}
	if (o->rc == 0 || o->rc == 4096 || !o->before || !o->after)
		return st;
	if (o->before->job_state != o->after->job_state) {
		cim_fmt(exp, sizeof(exp), "JobState %s unchanged after a rejected request (%s)",
			chk_val(v, sizeof(v), &cim_vm_job_state, o->before->job_state), r);
		st |= chk_add(c, SRH_R_STATE_CHANGE_TIME, "JobState", t, iid, exp,
			      chk_val(obs, sizeof(obs), &cim_vm_job_state, o->after->job_state));
	}
	if (o->before->time_of_last_state_change != o->after->time_of_last_state_change) {
		cim_fmt(exp, sizeof(exp), "unchanged after a rejected request (%s)", r);
		cim_fmt(obs, sizeof(obs), "changed from %" PRIu64 " to %" PRIu64 " ns",
			o->before->time_of_last_state_change, o->after->time_of_last_state_change);
		st |=
		    chk_add(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange", t, iid, exp, obs);
	}
	return st;
}

/* One instance read by who (key NULL: use the instance's own InstanceID). */
static int chk_instance_one(srh_checker *c, uint64_t t, const char *key, const prov_principal *who,
			    const cim_job *j)
{
	const char *iid = key ? key : j->instance_id;
	chk_hist *h = chk_hist_get(c, iid, false);
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT];
	int st = 0;

	/* contract.md, Removal: not enumerated, GetInstance not found. The
	 * read itself may be the first to show the job ended (T = 0). */
	if (chk_removal_due(h, j, t))
		return chk_add(c, chk_removed_rule(c, h, j), NULL, t, iid,
			       chk_removed_text(exp, sizeof(exp), h, j), "the instance");
	if (chk_access_of(c, iid, who) == CHK_ACC_STRANGER &&
	    (j->error_code != 0 || j->error_description)) {
		cim_fmt(obs, sizeof(obs), "ErrorCode %u, ErrorDescription %s",
			(unsigned)j->error_code, chk_quote(q, sizeof(q), j->error_description));
		st |= chk_add(
		    c, SRH_R_ACCESS_LEAK, "ErrorDescription", t, iid,
		    "nothing of the job's error for a caller neither owner nor administrator", obs);
	}
	return st | chk_job(c, t, key, j);
}

/* GetInstance answered "no such job" (5) for a job that is present: it
 * stays until E + TimeBeforeRemoval (contract.md, Removal). */
static int chk_instance_vanished(srh_checker *c, const srh_obs_instance *o)
{
	chk_hist *h = chk_hist_get(c, o->instance_id, false);

	if (o->rc != CIM_GE_INVALID_PARAMETER || !h || !h->last ||
	    chk_removal_due(h, NULL, o->time_ns))
		return 0;
	return chk_add(c, SRH_R_INVALID_PARAMETER, NULL, o->time_ns, o->instance_id,
		       "not 5: the job is present until its end + TimeBeforeRemoval",
		       "5 Invalid Parameter");
}

int srh_check_instance(srh_checker *c, const srh_obs_instance *o)
{
	char exp[CHK_TXT], r[128];

	if (!c || !o)
		return -1;
	if (o->rc == CIM_GE_ACCESS_DENIED && o->job)
		return chk_add(c, SRH_R_ACCESS_LEAK, NULL, o->time_ns, o->instance_id,
			       "no instance with 6 Access Denied", "an instance");
	if (o->rc != 0 && o->job) {
		cim_fmt(exp, sizeof(exp), "no instance with %s", chk_rc_text(r, sizeof(r), o->rc));
		return chk_add(c, SRH_R_NO_ERROR_ON_FAILURE, NULL, o->time_ns, o->instance_id, exp,
			       "an instance");
	}
	/* A reference that names no job (contract.md: exact string equality
	 * of InstanceID) reads no instance. */
	if (o->bad_request) {
		if (o->rc != 0 && !o->job)
			return 0;
		cim_fmt(exp, sizeof(exp),
			"no instance (5 Invalid Parameter): the reference "
			"names no job (not exactly a job's InstanceID)");
		return chk_add(c, SRH_R_INVALID_PARAMETER, NULL, o->time_ns, o->instance_id, exp,
			       o->job ? "an instance" : chk_rc_text(r, sizeof(r), o->rc));
	}
	if (o->rc != 0 || !o->job)
		return chk_instance_vanished(c, o);
	return chk_instance_one(c, o->time_ns, o->instance_id, o->who, o->job);
}

int srh_check_enumerate(srh_checker *c, uint64_t time_ns, const prov_principal *who, uint32_t rc,
			cim_job *const *jobs, size_t n_jobs)
{
	char obs[CHK_TXT], exp[CHK_TXT], r[128];
	int st = 0;

	if (!c)
		return -1;
	if (n_jobs > SRH_CHECK_MAX_ARRAY || (n_jobs > 0 && !jobs)) {
		cim_fmt(obs, sizeof(obs), "%zu instances%s", n_jobs,
			jobs ? "" : " in a NULL array");
		return chk_add(c, SRH_R_JOB_INSTANCE, "instances", time_ns, NULL,
			       "an array of at most 4096 instances holding its count", obs);
	}
	if (rc != 0 && n_jobs > 0) {
		cim_fmt(exp, sizeof(exp), "no instances with %s", chk_rc_text(r, sizeof(r), rc));
		cim_fmt(obs, sizeof(obs), "%zu instances", n_jobs);
		return chk_add(c, SRH_R_NO_ERROR_ON_FAILURE, NULL, time_ns, NULL, exp, obs);
	}
	for (size_t i = 0; i < n_jobs; i++) {
		if (!jobs[i]) {
			cim_fmt(obs, sizeof(obs), "NULL element %zu", i);
			st |= chk_add(c, SRH_R_JOB_INSTANCE, "instances", time_ns, NULL,
				      "an instance in every element", obs);
			continue;
		}
		st |= chk_instance_one(c, time_ns, NULL, who, jobs[i]);
	}
	return st;
}
