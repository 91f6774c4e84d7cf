/*
 * srh_tgt_paths.c - which actions a target run takes against a live
 * provider, in order: GetError (and GetErrors) on every visible job, a
 * bogus and a malformed InstanceID, a stranger's calls, a Terminate that
 * makes no sense, PercentComplete watched, then suspend/resume, terminate
 * and kill of running jobs the user may act on. Each marks what it covered
 * or says why it could not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srh_tgt_int.h"
#include "srh/cim_fmt.h"

#define POLL_SLEEP_NS 100000000L

static bool may_act(const srh_tgt *g, const srh_tjob *j)
{
	return g->o->me.admin || (j->owner && strcmp(j->owner, g->o->me.name) == 0);
}

static void sweep(srh_tgt *g, const srh_tjob *jobs, size_t n)
{
	const prov_principal *me = &g->o->me;

	for (size_t i = 0; i < n && !g->failed; i++) {
		const srh_tjob *j = &jobs[i];

		if (srh_tgt_get_error(g, me, j, false) < 0)
			return;
		if (cim_job_state_is_final(j->state)) {
			if (srh_tgt_get_error(g, me, j, false) < 0)
				return;
			srh_tgt_cover(g, SRH_TC_STABLE, "two GetError calls on each ended job");
		}
		if (j->state == CIM_JS_EXCEPTION)
			srh_tgt_cover(g, SRH_TC_FAILURE,
				      "observed on a job that failed (not injected)");
		else if (j->state == CIM_JS_COMPLETED)
			srh_tgt_cover(g, SRH_TC_SUCCESS, "observed");
		else if (!cim_job_state_is_final(j->state))
			srh_tgt_cover(g, SRH_TC_RUNNING, "observed");
		if (g->geterrors != 0 && srh_tgt_get_errors(g, j) == -1 && g->failed)
			return;
	}
}

static void invalid_params(srh_tgt *g, const srh_tjob *any)
{
	char bogus[300];
	const char *colon = strchr(any->iid, ':');
	srh_tjob b = {bogus, any->cls, NULL, 0};

	/* The provider's own prefix, so only the id part is wrong. */
	cim_fmt(bogus, sizeof(bogus), "%.*s:srh-no-such-job-4711",
		colon ? (int)(colon - any->iid) : 5, colon ? any->iid : "SRSIM");
	if (srh_tgt_get_error(g, &g->o->me, &b, true) < 0)
		return;
	cim_fmt(bogus, sizeof(bogus), "srh malformed reference");
	if (srh_tgt_get_error(g, &g->o->me, &b, true) < 0)
		return;
	srh_tgt_cover(g, SRH_TC_INVALID, "a job that never existed and a malformed InstanceID");
}

static void strangers(srh_tgt *g, const srh_tjob *jobs, size_t n)
{
	const prov_principal *other = g->o->other;
	size_t tried = 0;

	if (!other) {
		srh_tgt_uncover(g, SRH_TC_ACCESS, "no --other-user given");
		return;
	}
	for (size_t i = 0; i < n && !g->failed; i++) {
		const srh_tjob *j = &jobs[i];

		if (!j->owner || strcmp(j->owner, other->name) == 0 || other->admin)
			continue;
		if (srh_tgt_get_error(g, other, j, false) < 0 ||
		    srh_tgt_get_instance(g, other, j) != 0)
			return;
		tried++;
	}
	if (tried)
		srh_tgt_cover(g, SRH_TC_ACCESS,
			      "GetError and GetInstance by %s on %zu job(s) of others", other->name,
			      tried);
	else
		srh_tgt_uncover(g, SRH_TC_ACCESS, "every visible job belongs to the other user");
}

static void transition(srh_tgt *g, const srh_tjob *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].state != CIM_JS_COMPLETED || !may_act(g, &jobs[i]))
			continue;
		if (srh_tgt_request(g, &g->o->me, &jobs[i], CIM_RS_TERMINATE) >= 0)
			srh_tgt_cover(g, SRH_TC_TRANSITION, "Terminate on a Completed job");
		return;
	}
	srh_tgt_uncover(g, SRH_TC_TRANSITION, "no Completed job the user may act on");
}

static void suspend_resume(srh_tgt *g, const srh_tjob *j)
{
	const prov_principal *me = &g->o->me;
	long rc = srh_tgt_request(g, me, j, CIM_RS_SUSPEND);

	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		if (rc >= 0 || rc == -2)
			cim_fmt(g->note[SRH_TC_SUSPEND], sizeof(g->note[SRH_TC_SUSPEND]),
				"the provider refused Suspend (%ld)", rc);
		return;
	}
	if (srh_tgt_wait_state(g, j, CIM_JS_SUSPENDED) != CIM_JS_SUSPENDED ||
	    srh_tgt_get_error(g, me, j, false) < 0)
		return;
	rc = srh_tgt_request(g, me, j, CIM_RS_START);
	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED)
		return;
	if (srh_tgt_wait_state(g, j, CIM_JS_RUNNING) != CIM_JS_RUNNING)
		return;
	if (srh_tgt_get_error(g, me, j, false) >= 0)
		srh_tgt_cover(g, SRH_TC_SUSPEND, "%s suspended, GetError, resumed, GetError",
			      j->iid);
}

static void end_job(srh_tgt *g, const srh_tjob *j, uint16_t req, uint16_t final, int c)
{
	const prov_principal *me = &g->o->me;
	long rc = srh_tgt_request(g, me, j, req);
	uint16_t st;

	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		if (rc >= 0 || rc == -2)
			cim_fmt(g->note[c], sizeof(g->note[c]),
				"the provider refused the request (%ld)", rc);
		return;
	}
	st = srh_tgt_wait_state(g, j, 0);
	if (!cim_job_state_is_final(st)) {
		cim_fmt(g->note[c], sizeof(g->note[c]), "%s did not end within %u s", j->iid,
			g->o->wait_s);
		return;
	}
	if (srh_tgt_get_error(g, me, j, false) < 0 || srh_tgt_get_error(g, me, j, false) < 0)
		return;
	if (st == final)
		srh_tgt_cover(g, c, "%s ended %s; GetError twice", j->iid, srh_tgt_state_name(st));
	else
		cim_fmt(g->note[c], sizeof(g->note[c]), "%s ended %s instead", j->iid,
			srh_tgt_state_name(st));
}

/* Read a running job up to o->watch times: PercentComplete must not fall
 * (the checker judges each read); covered once it moved twice. */
static void watch_progress(srh_tgt *g, const srh_tjob *jobs, size_t n)
{
	const struct timespec nap = {0, POLL_SLEEP_NS};
	const srh_tjob *j = NULL;
	unsigned moves = 0, reads = 0;
	int last = -1;

	for (size_t i = 0; i < n && !j; i++)
		if (jobs[i].state == CIM_JS_RUNNING)
			j = &jobs[i];
	if (!j) {
		srh_tgt_uncover(g, SRH_TC_PROGRESS, "no running job");
		return;
	}
	for (; reads < g->o->watch && moves < 2 && !g->failed; reads++) {
		cim_job *job = NULL;
		uint32_t rc = 0;

		if (srh_tgt_read_job(g, j, &job, &rc) != 0)
			return;
		srh_tgt_feed_read(g, j, job, rc);
		if (!job || job->job_state != CIM_JS_RUNNING) {
			cim_job_free(job);
			break;
		}
		if (last >= 0 && job->percent_complete != last)
			moves++;
		else if (last >= 0)
			(void)nanosleep(&nap, NULL);
		last = job->percent_complete;
		cim_job_free(job);
	}
	if (moves >= 2)
		srh_tgt_cover(g, SRH_TC_PROGRESS,
			      "%s read %u times, PercentComplete moved %u times", j->iid, reads,
			      moves);
	else
		cim_fmt(g->note[SRH_TC_PROGRESS], sizeof(g->note[SRH_TC_PROGRESS]),
			"%s: PercentComplete moved %u time(s) in %u reads", j->iid, moves, reads);
}

/* Running jobs the user may act on: suspend/resume the first (it keeps
 * running), terminate the second, kill the third; with fewer, reuse. */
static void drive_running(srh_tgt *g, const srh_tjob *jobs, size_t n)
{
	const srh_tjob *run[3] = {NULL, NULL, NULL};
	size_t k = 0;

	for (size_t i = 0; i < n && k < 3; i++)
		if (jobs[i].state == CIM_JS_RUNNING && may_act(g, &jobs[i]))
			run[k++] = &jobs[i];
	if (k == 0) {
		for (int c = SRH_TC_SUSPEND; c <= SRH_TC_KILL; c++)
			srh_tgt_uncover(g, c, "no running job the user may act on");
		return;
	}
	suspend_resume(g, run[0]);
	if (!g->failed)
		end_job(g, k >= 2 ? run[1] : run[0], CIM_RS_TERMINATE, CIM_JS_TERMINATED,
			SRH_TC_TERMINATE);
	if (!g->failed && k != 1)
		end_job(g, k >= 3 ? run[2] : run[0], CIM_RS_KILL, CIM_JS_KILLED, SRH_TC_KILL);
	else
		srh_tgt_uncover(g, SRH_TC_KILL, "only one running job: it was terminated");
}

void srh_tgt_drive(srh_tgt *g)
{
	srh_tgt_reply e;
	srh_tjob *jobs = NULL;
	size_t n;

	if (srh_tgt_enumerate(g, &e) != 0)
		return;
	if (e.fault || e.n_jobs == 0) {
		char why[SRH_TGT_ERRLEN];

		cim_fmt(why, sizeof(why), "no job to check (%s)",
			e.fault ? (e.fault_text ? e.fault_text : "CIM error") : "none visible");
		fprintf(stderr, "%s: %s\n", g->o->prog ? g->o->prog : "srh run", why);
		srh_result_reason(g->res, "%s", why);
		g->failed = true;
		goto out;
	}
	n = e.n_jobs;
	if (!(jobs = calloc(n, sizeof(*jobs)))) {
		srh_result_reason(g->res, "out of memory");
		g->failed = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const cim_job *j = e.jobs[i];

		jobs[i] = (srh_tjob){j->instance_id ? j->instance_id : "", j->class_name, j->owner,
				     j->job_state};
		if (jobs[i].owner)
			(void)srh_check_owner(g->chk, jobs[i].iid, jobs[i].owner);
	}
	srh_tgt_say(g, "%zu job(s) visible to %s", n, g->o->me.name);
	sweep(g, jobs, n);
	if (!g->failed)
		invalid_params(g, &jobs[0]);
	if (!g->failed)
		strangers(g, jobs, n);
	if (!g->failed)
		transition(g, jobs, n);
	if (!g->failed)
		watch_progress(g, jobs, n);
	if (!g->failed)
		drive_running(g, jobs, n);
out:
	free(jobs);
	srh_tgt_reply_clear(&e);
}
