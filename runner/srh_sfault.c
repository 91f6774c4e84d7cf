/*
 * srh_sfault.c - the scenario's simulator faults as sim_fault_arm() calls.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_run_int.h"
#include "srh/cim_fmt.h"

static void trig_text(const scn_fault *f, char *buf, size_t len)
{
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		cim_fmt(buf, len, "at %" PRIu64 "ns", f->at_ns);
		break;
	case SCN_TRIG_AT_PHASE:
		cim_fmt(buf, len, "at_phase %s", f->phase ? f->phase : "?");
		break;
	case SCN_TRIG_AT_PERCENT:
		cim_fmt(buf, len, "at_percent %u", (unsigned)f->percent);
		break;
	case SCN_TRIG_NTH:
		cim_fmt(buf, len, "nth %" PRIu64, f->nth);
		break;
	case SCN_TRIG_PROBABILITY:
		cim_fmt(buf, len, "probability %g", f->probability);
		break;
	}
}

int srh_sfault_init(srh_rt *rt)
{
	size_t n = rt->sc->n_faults;

	if (n == 0)
		return 0;
	rt->arms = calloc(n, sizeof(*rt->arms));
	if (!rt->arms) {
		srh_result_reason(rt->res, "out of memory arming faults");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		rt->arms[i] = -1;
	return 0;
}

int srh_sfault_arm(srh_rt *rt, const srh_rjob *j)
{
	const scn_scenario *sc = rt->sc;
	char trig[96], cnt[32], obs[160];

	for (size_t i = 0; rt->arms && i < sc->n_faults; i++) {
		const scn_fault *f = &sc->faults[i];

		if (srh_jobs_of_id(rt, f->job) != j)
			continue;

		trig_text(f, trig, sizeof(trig));
		if (f->count == SCN_COUNT_FOREVER)
			cim_fmt(cnt, sizeof(cnt), "every hit");
		else
			cim_fmt(cnt, sizeof(cnt), "%" PRIu32 " hit(s)", f->count);
		rt->arms[i] = srh_stage_arm_fault_on(rt->st, f, j->job_id);
		if (rt->arms[i] < 0) {
			cim_fmt(obs, sizeof(obs), "sim_fault_arm failed: %s", strerror(errno));
			rt->line = f->line;
			srh_rt_fail(rt, "RUN-fault-arm", SRH_MUST, f->point, "the fault armed",
				    obs);
			return -1;
		}
		srh_result_event(rt->res, sim_now(rt->s), SRH_TL_ARMED, rt->j->js, rt->j->pct,
				 "armed %s %s, %s (line %d)", f->point, trig, cnt, f->line);
	}
	return 0;
}

void srh_sfault_report(srh_rt *rt)
{
	for (size_t i = 0; rt->arms && i < rt->sc->n_faults; i++) {
		long n = rt->arms[i] >= 0 ? sim_fault_fired(rt->s, rt->arms[i]) : -1;

		if (n >= 0)
			srh_result_event(rt->res, sim_now(rt->s), SRH_TL_FIRED, rt->j->js,
					 rt->j->pct, "%s fired %ld time(s) (line %d)",
					 rt->sc->faults[i].point, n, rt->sc->faults[i].line);
	}
}
