/*
 * check_job.c - judging a CIM_ConcreteJob instance as a client read it:
 * invariants 8 and 9 against the job's history, and the path table's
 * OperationalStatus rules.
 */
#include "check_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srh/cim_fmt.h"

static size_t chk_nos(const cim_job *j)
{
	return j->n_op_status < CIM_OPSTATUS_MAX ? j->n_op_status : CIM_OPSTATUS_MAX;
}

bool chk_job_has(const cim_job *j, uint16_t status)
{
	for (size_t i = 0; j && i < chk_nos(j); i++) {
		if (j->op_status[i] == status)
			return true;
	}
	return false;
}

bool chk_job_ended_ok(const cim_job *j)
{
	return j && j->job_state == CIM_JS_COMPLETED && chk_job_has(j, CIM_OS_OK) &&
	       !chk_job_has(j, CIM_OS_ERROR);
}

cim_job *srh_check_job_copy(const cim_job *j)
{
	cim_job *d = cim_job_dup_capped(j, SRH_CHECK_MAX_STR);

	if (d && d->n_op_status > CIM_OPSTATUS_MAX)
		d->n_op_status = CIM_OPSTATUS_MAX;
	return d;
}

static int chk_job_str(srh_checker *c, uint64_t t, const char *iid, const char *prop, const char *s)
{
	const char *why = NULL;
	char q[CHK_TXT], obs[CHK_TXT];

	if (chk_str_ok(s, &why))
		return 0;
	cim_fmt(obs, sizeof(obs), "%s: %s", why, chk_quote(q, sizeof(q), s));
	return chk_add(c, SRH_R_JOB_INSTANCE, prop, t, iid, "valid UTF-8 of at most 65536 bytes",
		       obs);
}

/* InstanceID: present, "<OrgID>:<LocalID>", and the one asked for. */
static int chk_job_iid(srh_checker *c, uint64_t t, const char *key, const cim_job *j)
{
	const char *id = j->instance_id, *colon = id ? strchr(id, ':') : NULL;
	char q[CHK_TXT], k[CHK_TXT], exp[CHK_TXT];

	if (!id || !colon || colon == id || !colon[1])
		return chk_add(c, SRH_R_JOB_INSTANCE, "InstanceID", t, key, "\"<OrgID>:<LocalID>\"",
			       chk_quote(q, sizeof(q), id));
	if (key && strncmp(key, id, SRH_CHECK_MAX_STR) != 0) {
		cim_fmt(exp, sizeof(exp), "the job asked for, %s", chk_quote(k, sizeof(k), key));
		return chk_add(c, SRH_R_JOB_INSTANCE, "InstanceID", t, key, exp,
			       chk_quote(q, sizeof(q), id));
	}
	return 0;
}

/* Well-formedness and the values of one read, without history. */
static int chk_job_values(srh_checker *c, uint64_t t, const char *iid, const cim_job *j)
{
	char v[128], obs[CHK_TXT];
	int st = 0;

	st |= chk_job_str(c, t, iid, "CreationClassName", j->class_name);
	/* An instance is of a class (the Storage Replica job's is MSFT_SrJob :
	 * CIM_ConcreteJob, cim-valuemaps.md); without one it is no CIM
	 * instance a client could address. */
	if (!j->class_name || !j->class_name[0])
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "CreationClassName", t, iid,
			      "the job's class name (a CIM_ConcreteJob subclass)",
			      chk_quote(obs, sizeof(obs), j->class_name));
	st |= chk_job_str(c, t, iid, "InstanceID", j->instance_id);
	st |= chk_job_str(c, t, iid, "Name", j->name);
	st |= chk_job_str(c, t, iid, "Owner", j->owner);
	st |= chk_job_str(c, t, iid, "ErrorDescription", j->error_description);
	if (cim_vmap_class(&cim_vm_job_state, j->job_state) == CIM_V_RESERVED)
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "JobState", t, iid,
			      "a defined JobState (2..12 or vendor 32768..65535)",
			      chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state));
	if (j->n_op_status > CIM_OPSTATUS_MAX) {
		cim_fmt(obs, sizeof(obs), "%zu elements", j->n_op_status);
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "OperationalStatus", t, iid,
			      "at most 8 elements", obs);
	}
	for (size_t i = 0; i < chk_nos(j); i++) {
		if (cim_vmap_class(&cim_vm_op_status, j->op_status[i]) != CIM_V_RESERVED)
			continue;
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "OperationalStatus", t, iid,
			      "defined values (0..19 or vendor 0x8000..)",
			      chk_val(v, sizeof(v), &cim_vm_op_status, j->op_status[i]));
	}
	if (j->percent_complete > 100) {
		cim_fmt(obs, sizeof(obs), "%u", (unsigned)j->percent_complete);
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "PercentComplete", t, iid, "0..100", obs);
	}
	if (chk_job_ended_ok(j) && j->error_code != 0) {
		cim_fmt(obs, sizeof(obs), "%u", (unsigned)j->error_code);
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "ErrorCode", t, iid,
			      "0, since the job completed without error", obs);
	}
	return st;
}

/* The reference OperationalStatus set of the job's path, in out; returns
 * its size, or 0 when the state has no reference set (vendor states). */
static size_t chk_ref_set(const cim_job *j, uint16_t out[2])
{
	switch (j->job_state) {
	case CIM_JS_NEW:
		out[0] = CIM_OS_DORMANT;
		return 1;
	case CIM_JS_STARTING:
	case CIM_JS_RUNNING:
	case CIM_JS_SUSPENDED:
	case CIM_JS_SHUTTING_DOWN:
	case CIM_JS_SERVICE:
	case CIM_JS_QUERY_PENDING:
		out[0] = CIM_OS_OK;
		return 1;
	case CIM_JS_COMPLETED:
		out[0] = chk_job_has(j, CIM_OS_ERROR) ? CIM_OS_ERROR : CIM_OS_OK;
		out[1] = CIM_OS_COMPLETED;
		return 2;
	case CIM_JS_EXCEPTION:
		out[0] = CIM_OS_ERROR, out[1] = CIM_OS_COMPLETED;
		return 2;
	case CIM_JS_TERMINATED:
		out[0] = CIM_OS_STOPPED;
		return 1;
	case CIM_JS_KILLED:
		out[0] = CIM_OS_ABORTED;
		return 1;
	default:
		return 0;
	}
}

static int chk_job_paths(srh_checker *c, uint64_t t, const char *iid, const cim_job *j)
{
	uint16_t ref[2];
	size_t nref = chk_ref_set(j, ref);
	char exp[CHK_TXT], obs[CHK_TXT], v[128];
	bool same = nref > 0;
	int st = 0;

	if ((j->job_state == CIM_JS_EXCEPTION || j->job_state == CIM_JS_TERMINATED ||
	     j->job_state == CIM_JS_KILLED) &&
	    chk_job_has(j, CIM_OS_OK)) {
		cim_fmt(exp, sizeof(exp), "no 2 OK (JobState %s)",
			chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state));
		st |= chk_add(c, SRH_R_PATH_OK_ABSENT, "OperationalStatus", t, iid, exp,
			      chk_opstatus(obs, sizeof(obs), j));
	}
	/* Same set: every reference value present, nothing else. */
	for (size_t i = 0; same && i < nref; i++)
		same = chk_job_has(j, ref[i]);
	for (size_t i = 0; same && i < chk_nos(j); i++)
		same = j->op_status[i] == ref[0] || (nref > 1 && j->op_status[i] == ref[1]);
	if (nref == 0 || same || j->n_op_status > CIM_OPSTATUS_MAX)
		return st;
	{
		cim_job r = {.n_op_status = nref};
		char rs[CHK_TXT];

		memcpy(r.op_status, ref, nref * sizeof(ref[0]));
		cim_fmt(exp, sizeof(exp), "%s (JobState %s)", chk_opstatus(rs, sizeof(rs), &r),
			chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state));
	}
	st |= chk_add(c, SRH_R_PATH_OPSTATUS_SET, "OperationalStatus", t, iid, exp,
		      chk_opstatus(obs, sizeof(obs), j));
	return st;
}

static char *chk_time(char *buf, size_t len, uint64_t ns)
{
	if (ns == CIM_TIME_NULL)
		cim_fmt(buf, len, "NULL");
	else
		cim_fmt(buf, len, "%" PRIu64 ".%09" PRIu64 "s", ns / 1000000000u, ns % 1000000000u);
	return buf;
}

/* Invariant 9 exactly, from the engine's state facts: a read showing the
 * JobState the engine last set has TimeOfLastStateChange = the instant it
 * was set (not a progress report's, not a rejected request's). */
static int chk_job_state_fact(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			      const chk_hist *h)
{
	char exp[CHK_TXT], obs[CHK_TXT], a[128], tt[64];

	if (!h || !h->st_known || h->st_state != j->job_state ||
	    j->time_of_last_state_change == h->st_time)
		return 0;
	cim_fmt(exp, sizeof(exp), "%s, the instant JobState became %s",
		chk_time(tt, sizeof(tt), h->st_time),
		chk_val(a, sizeof(a), &cim_vm_job_state, j->job_state));
	return chk_add(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange", t, iid, exp,
		       chk_time(obs, sizeof(obs), j->time_of_last_state_change));
}

/* contract.md, Removal: the job goes at E + T with DeleteOnCompletion TRUE
 * and stays with FALSE, T and the flag being what the client submitted
 * (the driver's fact); an instance saying otherwise tells its client the
 * wrong fate of the job. */
static int chk_job_removal(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			   const chk_hist *h)
{
	char exp[CHK_TXT], obs[CHK_TXT];
	int st = 0;

	if (!h || !h->rm_known)
		return 0;
	if (j->delete_on_completion != h->rm_doc)
		st |= chk_add(c, SRH_R_REMOVAL_SETTINGS, "DeleteOnCompletion", t, iid,
			      h->rm_doc ? "TRUE, as submitted" : "FALSE, as submitted",
			      j->delete_on_completion ? "TRUE" : "FALSE");
	if (j->time_before_removal != h->rm_tbr) {
		char a[64];

		cim_fmt(exp, sizeof(exp), "%s, as submitted", chk_time(a, sizeof(a), h->rm_tbr));
		st |= chk_add(c, SRH_R_REMOVAL_SETTINGS, "TimeBeforeRemoval", t, iid, exp,
			      chk_time(obs, sizeof(obs), j->time_before_removal));
	}
	return st;
}

/* contract.md rc 6 grants the job's owner what it denies a stranger; the
 * instance names that owner (CIM_Job.Owner: the user who submitted the
 * job), or a client cannot tell whose job it reads. */
static int chk_job_owner(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			 const chk_hist *h)
{
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT];

	if (!h || !h->owner || (j->owner && strncmp(j->owner, h->owner, SRH_CHECK_MAX_STR) == 0))
		return 0;
	cim_fmt(exp, sizeof(exp), "%s, the principal that submitted the job",
		chk_quote(q, sizeof(q), h->owner));
	return chk_add(c, SRH_R_OWNER_REPORTED, "Owner", t, iid, exp,
		       chk_quote(obs, sizeof(obs), j->owner));
}

/* Invariants 8 (PercentComplete) and 9 (TimeOfLastStateChange) against
 * the previous read of the same job (h->last, made at h->last_time). */
static int chk_job_history(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			   const chk_hist *h)
{
	const cim_job *prev = h ? h->last : NULL;
	/* The driver said when the engine changed JobState: the instant of
	 * the change is then checked exactly (chk_job_state_fact). */
	bool fact = h && h->st_known && h->st_state == j->job_state;
	uint64_t now = j->time_of_last_state_change, was;
	char exp[CHK_TXT], obs[CHK_TXT], a[128], b[128], tt[64];
	int st = 0;

	if (now != CIM_TIME_NULL && now > t) {
		cim_fmt(exp, sizeof(exp), "not after the time it was read (%s)",
			chk_time(tt, sizeof(tt), t));
		st |= chk_add(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange", t, iid, exp,
			      chk_time(obs, sizeof(obs), now));
	}
	if (!prev)
		return st;
	was = prev->time_of_last_state_change;
	if (!cim_job_state_is_final(j->job_state) && prev->percent_complete <= 100 &&
	    j->percent_complete < prev->percent_complete) {
		cim_fmt(exp, sizeof(exp), "at least %u (as read before) while the job runs",
			(unsigned)prev->percent_complete);
		cim_fmt(obs, sizeof(obs), "%u", (unsigned)j->percent_complete);
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "PercentComplete", t, iid, exp, obs);
	}
	/* Two changes at one virtual instant cannot move the time: an
	 * unchanged time is right when it is the instant of this read. It may
	 * be that of the previous read too (the change came after that read,
	 * in its instant: two jobs submitted at once, one read before the
	 * engine started it); from the reads alone that is not told apart
	 * from a stale time, so then only the driver's fact judges. */
	if (j->job_state != prev->job_state &&
	    (now == CIM_TIME_NULL || (now == was && t != was && !(fact && h->last_time == was)))) {
		cim_fmt(exp, sizeof(exp), "a new time, since JobState changed %s -> %s",
			chk_val(a, sizeof(a), &cim_vm_job_state, prev->job_state),
			chk_val(b, sizeof(b), &cim_vm_job_state, j->job_state));
		st |= chk_add(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange", t, iid, exp,
			      chk_time(obs, sizeof(obs), now));
	} else if (now != CIM_TIME_NULL && was != CIM_TIME_NULL && now < was) {
		cim_fmt(exp, sizeof(exp), "not before the previous read's %s",
			chk_time(tt, sizeof(tt), was));
		st |= chk_add(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange", t, iid, exp,
			      chk_time(obs, sizeof(obs), now));
	}
	return st;
}

/* The same job read again (also after a provider restart, whose store
 * must give back the job it kept) keeps the identity it was read with:
 * its Name, its StartTime once the job has one (DMTF: the time the job
 * was actually started, which happens once) and its ElapsedTime. A provider whose store
 * reads a job back wrong tells the client a different job. */
static int chk_job_same(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			const chk_hist *h)
{
	const cim_job *prev = h ? h->last : NULL;
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT], tt[64];
	int st = 0;

	if (!prev)
		return st;
	if (prev->name && (!j->name || strncmp(prev->name, j->name, SRH_CHECK_MAX_STR) != 0)) {
		cim_fmt(exp, sizeof(exp), "%s, as read before (the same job)",
			chk_quote(q, sizeof(q), prev->name));
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "Name", t, iid, exp,
			      chk_quote(obs, sizeof(obs), j->name));
	}
	if (prev->start_time != CIM_TIME_NULL && j->start_time != prev->start_time) {
		cim_fmt(exp, sizeof(exp), "%s, as read before (a job starts once)",
			chk_time(tt, sizeof(tt), prev->start_time));
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "StartTime", t, iid, exp,
			      chk_time(obs, sizeof(obs), j->start_time));
	}
	/* DMTF ElapsedTime: how long the job has been executing, or its total
	 * execution time once it is complete: it does not fall while the job
	 * runs and stays as it was once the job has ended. */
	bool ended = cim_job_state_is_final(j->job_state);
	if (ended == cim_job_state_is_final(prev->job_state) &&
	    (ended ? j->elapsed_time != prev->elapsed_time
		   : j->elapsed_time < prev->elapsed_time)) {
		cim_fmt(exp, sizeof(exp), "%s %s (as read before)",
			ended ? "still, since the job ended:" : "at least",
			chk_time(tt, sizeof(tt), prev->elapsed_time));
		st |= chk_add(c, SRH_R_JOB_INSTANCE, "ElapsedTime", t, iid, exp,
			      chk_time(obs, sizeof(obs), j->elapsed_time));
	}
	return st;
}

/* h->last becomes what a capped copy of j would be. A job read again
 * mostly changes its scalars: a kept string equal to j's (as capped) stays,
 * only changed ones are copied. Returns 0, or -1 on allocation failure with
 * h->last unchanged. */
static int chk_job_keep(chk_hist *h, const cim_job *j)
{
	enum { N = 5 };
	cim_job *l = h->last;
	const char *src[N] = {j->class_name, j->instance_id, j->name, j->owner,
			      j->error_description};
	char *old[N], *now[N];

	if (!l)
		return (h->last = cim_job_dup_capped(j, SRH_CHECK_MAX_STR)) ? 0 : -1;
	old[0] = l->class_name, old[1] = l->instance_id, old[2] = l->name;
	old[3] = l->owner, old[4] = l->error_description;
	for (int i = 0; i < N; i++) {
		bool same = old[i] && src[i] ? strncmp(old[i], src[i], SRH_CHECK_MAX_STR) == 0
					     : old[i] == src[i];

		now[i] = same ? old[i] : src[i] ? strndup(src[i], SRH_CHECK_MAX_STR) : NULL;
		if (!same && src[i] && !now[i]) {
			while (i-- > 0)
				if (now[i] != old[i])
					free(now[i]);
			return -1;
		}
	}
	for (int i = 0; i < N; i++)
		if (now[i] != old[i])
			free(old[i]);
	*l = *j;
	l->class_name = now[0], l->instance_id = now[1], l->name = now[2];
	l->owner = now[3], l->error_description = now[4];
	return 0;
}

int chk_job(srh_checker *c, uint64_t t, const char *key, const cim_job *j)
{
	const char *iid = key ? key : j->instance_id;
	chk_hist *h;
	int st = 0;

	st |= chk_job_iid(c, t, key, j);
	st |= chk_job_values(c, t, iid, j);
	st |= chk_job_paths(c, t, iid, j);
	if (!iid || !iid[0])
		return st; /* no identity: nothing to remember it by */
	h = chk_hist_get(c, iid, true);
	st |= chk_job_history(c, t, iid, j, h);
	st |= chk_job_same(c, t, iid, j, h);
	st |= chk_job_state_fact(c, t, iid, j, h);
	st |= chk_job_removal(c, t, iid, j, h);
	st |= chk_job_owner(c, t, iid, j, h);
	if (!h)
		return -1;
	if (chk_job_keep(h, j) != 0) {
		c->dropped++;
		return -1;
	}
	h->last_time = t;
	return st;
}
