/*
 * srh_when.c - moving virtual time to the moment an action names.
 *
 * A moment that never comes (the job ended before at_percent 80, a time
 * already past) is the scenario's own failure: it is recorded under
 * "scenario-when" and the action is skipped, since its expectations would
 * judge a different moment.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srh_run_int.h"
#include "srh/cim_fmt.h"

static uint64_t bound(const srh_rt *rt)
{
	uint64_t now = sim_now(rt->s);
	return now > UINT64_MAX - SRH_WAIT_MAX_NS ? UINT64_MAX : now + SRH_WAIT_MAX_NS;
}

static void describe(const scn_when *w, char *buf, size_t len)
{
	const char *st = cim_vmap_name(&cim_vm_job_state, w->state);
	char t[32];

	switch (w->kind) {
	case SCN_WHEN_AT_TIME:
		cim_fmt(buf, len, "at %s", srh_vtime(w->time_ns, t, sizeof(t)));
		break;
	case SCN_WHEN_AT_PERCENT:
		cim_fmt(buf, len, "at_percent %u", (unsigned)w->percent);
		break;
	case SCN_WHEN_AT_PHASE:
		cim_fmt(buf, len, "at_phase %s", w->phase ? w->phase : "?");
		break;
	case SCN_WHEN_AT_STATE:
		cim_fmt(buf, len, "at_state %u %s", (unsigned)w->state, st ? st : "?");
		break;
	case SCN_WHEN_AT_END:
		cim_fmt(buf, len, "at_end");
		break;
	case SCN_WHEN_AFTER_END:
		cim_fmt(buf, len, "after_end %s", srh_vtime(w->time_ns, t, sizeof(t)));
		break;
	default:
		cim_fmt(buf, len, "next");
		break;
	}
}

static int unreached(srh_rt *rt, const scn_when *w, const char *why)
{
	char exp[128], obs[256];
	sim_job_info ji;
	const char *st;

	describe(w, exp, sizeof(exp));
	if (sim_job_get(rt->s, rt->j->job_id, &ji) == 0) {
		st = cim_vmap_name(&cim_vm_job_state, ji.job_state);
		cim_fmt(obs, sizeof(obs), "%s (JobState %u %s, %u%%, phase %s)", why,
			(unsigned)ji.job_state, st ? st : "?", (unsigned)ji.percent,
			ji.phase && *ji.phase ? ji.phase : "-");
	} else {
		cim_fmt(obs, sizeof(obs), "%s", why);
	}
	srh_rt_fail(rt, "scenario-when", SRH_MUST, NULL, exp, obs);
	return 1;
}

static int run_until(srh_rt *rt, const scn_when *w, uint64_t t)
{
	if (t < sim_now(rt->s))
		return unreached(rt, w, "that time had already passed");
	if (srh_jobs_run_until(rt, t) < 0)
		return -1;
	return 0;
}

static int until_job(srh_rt *rt, const scn_when *w, const sim_until *u)
{
	int r = srh_jobs_run_until_job(rt, rt->j, u, bound(rt));

	if (r < 0)
		return -1;
	return r == 1 ? 0 : unreached(rt, w, "never reached");
}

int srh_when(srh_rt *rt, const scn_action *a)
{
	const scn_when *w = &a->when;
	sim_until u = {0};
	sim_job_info ji;
	int r;

	/* An action on a job of "jobs:" not yet submitted waits for it. */
	if (!rt->j->submitted && w->kind != SCN_WHEN_AT_TIME &&
	    srh_jobs_run_until(rt, rt->j->spec->at_ns) < 0)
		return -1;
	switch (w->kind) {
	case SCN_WHEN_AT_TIME:
		if ((r = run_until(rt, w, w->time_ns)) != 0) /* from the run's start */
			return r;
		return rt->j->submitted ? 0 : unreached(rt, w, "the job is not submitted yet");
	case SCN_WHEN_AT_PERCENT:
		u.kind = SIM_UNTIL_PERCENT;
		u.percent = w->percent;
		return until_job(rt, w, &u);
	case SCN_WHEN_AT_PHASE:
		u.kind = SIM_UNTIL_PHASE;
		u.phase = w->phase;
		return until_job(rt, w, &u);
	case SCN_WHEN_AT_STATE:
		u.kind = SIM_UNTIL_STATE;
		u.state = w->state;
		return until_job(rt, w, &u);
	case SCN_WHEN_AT_END:
		u.kind = SIM_UNTIL_ENDED;
		return until_job(rt, w, &u);
	case SCN_WHEN_AFTER_END:
		u.kind = SIM_UNTIL_ENDED;
		if ((r = until_job(rt, w, &u)) != 0)
			return r;
		if (sim_job_get(rt->s, rt->j->job_id, &ji) != 0)
			return -1;
		return run_until(rt, w, ji.ended_ns + w->time_ns);
	default:
		return 0;
	}
}

void srh_run_to_end(srh_rt *rt)
{
	sim_until u = {SIM_UNTIL_ENDED, 0, NULL, 0};

	/* Every job, in file order (each submitted on the way); 0 (a held or
	 * suspended job: nothing more happens) is fine here. */
	for (size_t i = 0; i < rt->n_jobs && !rt->stop; i++) {
		if (!rt->jobs[i].submitted && srh_jobs_run_until(rt, rt->jobs[i].spec->at_ns) < 0)
			break;
		if (rt->jobs[i].submitted &&
		    srh_jobs_run_until_job(rt, &rt->jobs[i], &u, bound(rt)) >= 0)
			continue;
		if (!rt->stop)
			srh_rt_fail(rt, "RUN-sim", SRH_MUST, NULL, "the simulator runs",
				    strerror(errno));
		return;
	}
}
