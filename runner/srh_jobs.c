/*
 * srh_jobs.c - the scenario's jobs ("job:" or "jobs:"): which job an
 * event or an action is about, and the later jobs submitted when virtual
 * time reaches their "at:", whatever the runner is waiting for then.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "srh_run_int.h"
#include "srh/cim_fmt.h"

int srh_jobs_init(srh_rt *rt, char *err, size_t errlen)
{
	size_t n = scn_job_count(rt->sc);

	if (n > SRH_JOBS_MAX) {
		cim_fmt(err, errlen, "%zu jobs: a scenario runs at most %d", n, SRH_JOBS_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&rt->jobs[i], 0, sizeof(rt->jobs[i]));
		rt->jobs[i].spec = scn_job_at(rt->sc, i);
		rt->jobs[i].end_class = PROV_FC_NONE;
	}
	rt->n_jobs = n;
	rt->j = &rt->jobs[0];
	/* The stage's build submits the first job. */
	rt->submitting = &rt->jobs[0];
	return 0;
}

srh_rjob *srh_jobs_of_key(srh_rt *rt, const char *key)
{
	for (size_t i = 0; key && i < rt->n_jobs; i++)
		if (rt->jobs[i].job_key && strcmp(rt->jobs[i].job_key, key) == 0)
			return &rt->jobs[i];
	return rt->submitting;
}

srh_rjob *srh_jobs_of_id(srh_rt *rt, const char *id)
{
	long k = scn_job_find(rt->sc, id);

	return &rt->jobs[k < 0 || (size_t)k >= rt->n_jobs ? 0 : (size_t)k];
}

bool srh_jobs_known_iid(const srh_rt *rt, const char *iid)
{
	for (size_t i = 0; iid && i < rt->n_jobs; i++)
		if (rt->jobs[i].submitted && strcmp(rt->jobs[i].iid, iid) == 0)
			return true;
	/* A job of the scenario's store fixture (provider.store_jobs). */
	for (size_t i = 0; iid && i < rt->sc->n_store_jobs; i++)
		if (strcmp(rt->sc->store_jobs[i], iid) == 0)
			return true;
	return false;
}

int srh_jobs_submitted(srh_rt *rt, srh_rjob *j)
{
	const scn_job *spec = j->spec;

	j->submitted = true;
	j->job_key = sim_job_key(rt->s, j->job_id);
	rt->submitting = NULL;
	srh_check_owner(rt->chk, j->iid, spec->owner);
	/* The removal times the client set: contract.md's Removal paragraph
	 * is judged against these, whatever the provider reports. */
	srh_check_removal(rt->chk, j->iid, spec->delete_on_completion,
			  spec->time_before_removal_ns);
	srh_check_state(rt->chk, j->iid, j->js_ns, j->js);
	if (j->ended) /* ended inside its own submission */
		srh_check_ended(rt->chk, j->iid, j->ended_ns,
				j->end_class == PROV_FC_NONE ? NULL
							     : sim_fault_class_id(j->end_class));
	return srh_sfault_arm(rt, j);
}

uint64_t srh_jobs_next_at(const srh_rt *rt)
{
	uint64_t next = UINT64_MAX;

	for (size_t i = 0; i < rt->n_jobs; i++)
		if (!rt->jobs[i].submitted && rt->jobs[i].spec->at_ns < next)
			next = rt->jobs[i].spec->at_ns;
	return next;
}

static int submit_one(srh_rt *rt, srh_rjob *j)
{
	char err[SRH_ERRMSG];
	int saved = rt->line;

	rt->submitting = j;
	if (srh_stage_submit_job(rt->st, j->spec, &j->job_id, j->iid, sizeof(j->iid), err,
				 sizeof(err)) != 0) {
		rt->submitting = NULL;
		rt->line = j->spec->line;
		srh_rt_fail(rt, "RUN-submit", SRH_MUST, NULL, "the job is submitted", err);
		rt->line = saved;
		rt->stop = true;
		return -1;
	}
	srh_result_event(rt->res, sim_now(rt->s), SRH_TL_CREATED, j->js, 0,
			 "submitted job %s (line %d) as %s", j->spec->id ? j->spec->id : "?",
			 j->spec->line, j->iid);
	if (srh_jobs_submitted(rt, j) != 0) {
		rt->stop = true;
		return -1;
	}
	srh_rt_collect(rt);
	return 0;
}

int srh_jobs_due(srh_rt *rt)
{
	uint64_t now = sim_now(rt->s);

	for (size_t i = 0; i < rt->n_jobs; i++) {
		srh_rjob *j = &rt->jobs[i];

		if (!j->submitted && j->spec->at_ns <= now && submit_one(rt, j) != 0)
			return -1;
	}
	return 0;
}

long srh_jobs_run_until(srh_rt *rt, uint64_t t)
{
	uint64_t next;
	long n = 0, r;

	while ((next = srh_jobs_next_at(rt)) <= t) {
		if (next > sim_now(rt->s)) {
			if ((r = sim_run_until(rt->s, next)) < 0)
				return -1;
			n += r;
		}
		if (srh_jobs_due(rt) != 0) {
			errno = EINVAL;
			return -1;
		}
	}
	if ((r = sim_run_until(rt->s, t)) < 0)
		return -1;
	return n + r;
}

int srh_jobs_run_until_job(srh_rt *rt, srh_rjob *j, const sim_until *u, uint64_t max_ns)
{
	for (;;) {
		uint64_t next = srh_jobs_next_at(rt);
		bool submit = next != UINT64_MAX && (max_ns == 0 || next <= max_ns);
		int r;

		if (!j->submitted && !submit)
			return 0;
		if (j->submitted) {
			r = sim_run_until_job(rt->s, j->job_id, u, submit ? next : max_ns);
			if (r != 0 || !submit)
				return r;
		}
		/* The condition did not hold by the next job's submit time:
		 * submit it there and wait on. */
		if (next > sim_now(rt->s) && sim_run_until(rt->s, next) < 0)
			return -1;
		if (srh_jobs_due(rt) != 0) {
			errno = EINVAL;
			return -1;
		}
	}
}
