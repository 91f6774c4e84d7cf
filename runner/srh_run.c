/*
 * srh_run.c - one run: simulator and topology, provider on a fresh store,
 * the job, the fault arms, then each action at its moment, the final
 * GetError, and the result.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_run_int.h"
#include "srh/cim_fmt.h"

void srh_rt_fail(srh_rt *rt, const char *rule, int level, const char *property,
		 const char *expected, const char *observed)
{
	srh_result_fail(rt->res, rule, level, false, property, expected, observed,
			rt->s ? sim_now(rt->s) : 0, rt->line);
}

void srh_rt_collect(srh_rt *rt)
{
	size_t n = srh_check_count(rt->chk);

	for (; rt->seen < n; rt->seen++) {
		const srh_violation *v = srh_check_violation(rt->chk, rt->seen);
		if (v)
			srh_result_fail(rt->res, v->id, v->level, false, v->property, v->expected,
					v->observed, v->time_ns, rt->line);
	}
	if (srh_check_dropped(rt->chk))
		rt->res->truncated = true;
}

void srh_rt_trace(srh_rt *rt, const char *fmt, ...)
{
	FILE *f = rt->o->trace;
	uint64_t t = sim_now(rt->s);
	va_list ap;

	if (!f)
		return;
	/* Like the simulator's own lines, a failed write must not change the
	 * run: the stream's error flag is checked by whoever owns it. */
	(void)fprintf(f, "%09" PRIu64 ".%09" PRIu64 " srh ", t / SIM_NS_PER_S, t % SIM_NS_PER_S);
	va_start(ap, fmt);
	(void)vfprintf(f, fmt, ap);
	va_end(ap);
	(void)fputc('\n', f);
}

/* Does the scenario restart the provider (so its store must be a file)? */
static bool has_restart(const scn_scenario *sc)
{
	for (size_t i = 0; i < sc->n_actions; i++)
		if (sc->actions[i].kind == SCN_ACT_RESTART)
			return true;
	return false;
}

bool srh_run_durable(const scn_scenario *sc)
{
	return has_restart(sc) || sc->provider_store != NULL;
}

static int setup(srh_rt *rt, char *err, size_t errlen)
{
	const scn_scenario *sc = rt->sc;
	srh_stage_opts so;
	char store[PATH_MAX];

	if (!(rt->chk = srh_checker_new())) {
		cim_fmt(err, errlen, "out of memory");
		return -1;
	}
	if (srh_profile_open(rt, err, errlen) != 0)
		return -1;
	srh_stage_opts_default(&so);
	so.provider_path = rt->o->provider_path;
	so.profile_path = rt->o->profile_path;
	so.persist = srh_run_durable(sc);
	so.no_faults = srh_pfault_none(sc);
	if (sc->provider_store) {
		if (scn_store_path(sc, store, sizeof(store)) != 0) {
			cim_fmt(err, errlen, "provider.store path too long");
			return -1;
		}
		so.persist = true;
		so.store_from = store;
	}
	so.workdir = rt->o->workdir;
	so.has_seed = true;
	so.seed = rt->res->seed;
	so.trace = rt->o->trace;
	so.trace_level = rt->o->trace_level;
	so.on_event = srh_events_hook;
	so.event_arg = rt;
	if (srh_jobs_init(rt, err, errlen) != 0 || srh_stage_new(&so, &rt->st, err, errlen) != 0)
		return -1;
	/* The open's points count the steps of the first open too. */
	if (srh_pfault_arm(rt, true, err, errlen) != 0)
		return -1;
	rt->pf_armed = true;
	free(rt->res->provider);
	rt->res->provider = srh_strdup(srh_stage_provider_name(rt->st), NULL);
	if (srh_stage_build_scenario(rt->st, sc, err, errlen) != 0) {
		rt->s = srh_stage_sim(rt->st);
		return -1;
	}
	rt->s = srh_stage_sim(rt->st);
	rt->j->job_id = srh_stage_job_id(rt->st);
	cim_fmt(rt->j->iid, sizeof(rt->j->iid), "%s", srh_stage_job_iid(rt->st));
	if (srh_pfault_arm(rt, false, err, errlen) != 0) {
		rt->pf_armed = false; /* disarmed by the failure */
		return -1;
	}
	if (srh_sfault_init(rt) != 0 || srh_jobs_submitted(rt, rt->j) != 0) {
		cim_fmt(err, errlen, "a simulator fault could not be armed (see the failure)");
		return -1;
	}
	/* The other jobs of "jobs:" submitted at 0 go in now, in file order. */
	if (srh_jobs_due(rt) != 0) {
		cim_fmt(err, errlen, "a job could not be submitted (see the failure)");
		return -1;
	}
	return 0;
}

/* The refusal's reason must name provider.refuses. */
static void judge_reason(srh_rt *rt, const char *err)
{
	const char *want = rt->sc->provider_refuses;
	char exp[SRH_ERRMSG];

	cim_fmt(exp, sizeof(exp), "the provider refuses to open, naming \"%s\"", want);
	if (!strstr(err, want))
		srh_rt_fail(rt, "RUN-refuses", SRH_MUST, "open", exp, err);
	else
		srh_result_event(rt->res, rt->s ? sim_now(rt->s) : 0, SRH_TL_NOTE, 0, 0,
				 "refused as the scenario says: %s", err);
}

/* A reopen the provider refuses ends the run: with provider.refuses that
 * is the scenario's expectation, judged by its text; else a failure. */
static void restart(srh_rt *rt)
{
	char err[SRH_ERRMSG];

	if (srh_stage_restart(rt->st, err, sizeof(err)) != 0) {
		rt->stop = true;
		if (rt->sc->provider_refuses && srh_stage_refused(rt->st)) {
			rt->refused = true;
			judge_reason(rt, err);
			return;
		}
		srh_rt_fail(rt, "RUN-restart", SRH_MUST, NULL, "the provider reopens on its store",
			    err);
		return;
	}
	srh_check_restart(rt->chk, sim_now(rt->s));
	srh_result_event(rt->res, sim_now(rt->s), SRH_TL_RESTART, rt->j->js, rt->j->pct,
			 "provider restarted on its store (line %d)", rt->line);
	srh_rt_trace(rt, "restart provider");
}

static void action(srh_rt *rt, size_t i)
{
	const scn_action *a = &rt->sc->actions[i];
	int r;

	rt->line = a->line;
	rt->j = srh_jobs_of_id(rt, a->job);
	r = srh_when(rt, a);
	if (r < 0) {
		srh_rt_fail(rt, "RUN-sim", SRH_MUST, NULL, "the simulator advances",
			    strerror(errno));
		rt->stop = true;
	}
	if (r != 0)
		return;
	srh_pfault_action(i);
	if (a->kind == SCN_ACT_CALL) {
		srh_call_action(rt, a);
	} else if (a->kind == SCN_ACT_RESTART) {
		restart(rt);
		if (!rt->stop)
			srh_call_expect_job(rt, a->expects, a->n_expects);
	} else {
		if (srh_jobs_run_until(rt, sim_now(rt->s) + a->advance_ns) < 0) {
			srh_rt_fail(rt, "RUN-sim", SRH_MUST, NULL, "the simulator advances",
				    strerror(errno));
			rt->stop = true;
		} else {
			srh_call_expect_job(rt, a->expects, a->n_expects);
		}
	}
	srh_pfault_action(SIZE_MAX);
	srh_rt_collect(rt);
}

static void report_end(srh_rt *rt)
{
	sim_job_info ji;

	rt->j = &rt->jobs[0]; /* the result record names the first job's end */
	rt->res->end_ns = sim_now(rt->s);
	if (sim_job_get(rt->s, rt->j->job_id, &ji) == 0)
		rt->res->final_state = ji.job_state;
	if (rt->j->end_class != PROV_FC_NONE)
		rt->res->end_class = srh_strdup(sim_fault_class_id(rt->j->end_class), NULL);
	srh_sfault_report(rt);
	for (size_t i = 0; i < sim_fault_point_count(); i++) {
		const char *p = sim_fault_point_at(i)->name;
		uint64_t h = sim_fault_hits(rt->s, p);
		if (h)
			srh_result_hit(rt->res, p, h);
	}
}

static void teardown(srh_rt *rt)
{
	if (rt->pf_armed)
		srh_pfault_disarm(rt);
	rt->pf_armed = false;
	srh_stage_free(rt->st);
	rt->st = NULL;
	rt->s = NULL;
	srh_checker_free(rt->chk);
	srh_profile_close(rt);
	free(rt->arms);
}

static void identity(srh_result *res, const scn_scenario *sc, const srh_run_opts *o)
{
	int fail = 0;

	res->name = srh_strdup(sc->name, &fail);
	res->file = srh_strdup(sc->file, &fail);
	res->job_kind = srh_strdup(sc->job.kind, &fail);
	res->seed = o->has_seed ? o->seed : sc->seed;
	if (fail)
		res->truncated = true;
}

/* provider.refuses on a run that got past every open: it opened. */
static void judge_opened(srh_rt *rt)
{
	char exp[SRH_ERRMSG];

	cim_fmt(exp, sizeof(exp), "the provider refuses to open, naming \"%s\"",
		rt->sc->provider_refuses);
	srh_rt_fail(rt, "RUN-refuses", SRH_MUST, "open", exp, "it opened");
}

/* provider.refuses, the first open: it must fail, its reason naming the
 * text; nothing else of the scenario runs. Returns 0 when judged (pass or
 * fail), -1 when the run could not get as far as the open (a run error). */
static int judge_refusal(srh_rt *rt, int setup_rc, const char *err)
{
	if (setup_rc != 0 && !srh_stage_refused(rt->st))
		return -1;
	if (setup_rc == 0)
		judge_opened(rt);
	else
		judge_reason(rt, err);
	return 0;
}

int srh_run_scenario(const scn_scenario *sc, const srh_run_opts *o, srh_result *res)
{
	srh_rt rt;
	char err[SRH_ERRMSG] = "";
	int rc = -1;

	memset(&rt, 0, offsetof(srh_rt, jobs) + sizeof(rt.jobs[0]));
	srh_result_init(res);
	identity(res, sc, o);
	rt.sc = sc;
	rt.o = o;
	rt.res = res;
	int setup_rc = setup(&rt, err, sizeof(err));
	/* With a restart, the refusal may come at a reopen (restart()). */
	if (sc->provider_refuses && (setup_rc != 0 || !has_restart(sc))) {
		rc = judge_refusal(&rt, setup_rc, err);
		goto out;
	}
	if (setup_rc != 0)
		goto out;
	for (size_t i = 0; i < sc->n_actions && !rt.stop; i++)
		action(&rt, i);
	if (sc->provider_refuses && !rt.refused)
		judge_opened(&rt);
	if (!rt.stop) {
		rt.line = sc->final_line;
		srh_run_to_end(&rt);
		rt.j = srh_jobs_of_id(&rt, sc->final_job);
		srh_call_final(&rt);
	}
	report_end(&rt);
	rc = 0;
out:
	if (rc != 0) {
		res->verdict = SRH_ERROR;
		srh_result_reason(res, "%s", err[0] ? err : "could not run");
	}
	teardown(&rt);
	srh_result_settle(res);
	return rc;
}
