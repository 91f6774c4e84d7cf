/*
 * srh_pfault.c - the scenario's provider fault points (prov/...), armed in
 * libfiu in this process with an external callback that decides each hit:
 * the nth call reaching the point, every call, or every call made during
 * one action.
 *
 * Only the scenario's own client calls are subject to them (srh_pfault_gate):
 * "the nth call" counts what the scenario asked for, not the runner's
 * instance reads that go with each observation. A point the provider's
 * table marks as on the event path (prov/store/write, prov/event/alloc) is
 * subject to every hit from the arming on: the engine's events reach it
 * between calls, and "nth" counts those hits too. A point of the open
 * (prov/store/open) is armed before the provider's first open, so "nth"
 * counts the steps of that open, then those of each restart's.
 *
 * libfiu callbacks carry no user pointer and libfiu has no "disable all",
 * so the armed points live in this file's table, one run at a time per
 * process (the runner is single-threaded), and every point enabled is
 * disabled again at the end of the run.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fiu-control.h>
#include <fiu.h>

#include "srh/prov_faults.h"
#include "srh_run_int.h"
#include "srh/cim_fmt.h"

#define PF_MAX 32

typedef struct pf_arm {
	const scn_prov_fault *f;
	uint64_t hits; /* calls that reached the point since arming */
	uint64_t fired;
	bool enabled; /* this entry enabled the name in libfiu */
} pf_arm;

static pf_arm arms[PF_MAX];
static size_t n_arms;
static size_t cur_action = SIZE_MAX;
static bool gate_open;

static bool pf_decide_one(pf_arm *a)
{
	a->hits++;
	switch (a->f->trigger) {
	case SCN_PTRIG_NTH:
		return a->hits == a->f->nth;
	case SCN_PTRIG_ALWAYS:
		return true;
	case SCN_PTRIG_AT_ACTION:
		return cur_action == a->f->action;
	}
	return false;
}

/* Where the point is hit (PROV_FP_AT_*); a name not in the table is one
 * of the client calls. */
static int pf_where(const char *name)
{
	size_t n;
	const prov_fault_point *pf = prov_fault_points(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(pf[i].name, name) == 0)
			return pf[i].events;
	return PROV_FP_AT_CALLS;
}

/* Before the simulator exists (the open's points): time 0. */
static uint64_t pf_now(const srh_rt *rt)
{
	return rt->s ? sim_now(rt->s) : 0;
}

/* Every arm of the point counts the hit; the first that fires decides. */
static int pf_decide(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	bool fire = false;

	(void)failnum;
	(void)flags;
	if (!gate_open && pf_where(name) == PROV_FP_AT_CALLS)
		return 0;
	for (size_t i = 0; i < n_arms; i++) {
		pf_arm *a = &arms[i];
		if (strcmp(a->f->point, name) != 0 || !pf_decide_one(a) || fire)
			continue;
		fire = true;
		a->fired++;
		*failinfo = a->f->has_failinfo ? (void *)(uintptr_t)a->f->failinfo : NULL;
	}
	return fire;
}

static bool pf_name_enabled(const char *name)
{
	for (size_t i = 0; i < n_arms; i++)
		if (arms[i].enabled && strcmp(arms[i].f->point, name) == 0)
			return true;
	return false;
}

static const char *pf_trig_text(const scn_scenario *sc, const scn_prov_fault *f, char *buf,
				size_t len)
{
	const char *id = f->action < sc->n_actions ? sc->actions[f->action].id : NULL;

	if (f->trigger == SCN_PTRIG_NTH)
		cim_fmt(buf, len, "nth %" PRIu64, f->nth);
	else if (f->trigger == SCN_PTRIG_ALWAYS)
		cim_fmt(buf, len, "always");
	else
		cim_fmt(buf, len, "at_action %s", id ? id : "?");
	return buf;
}

bool srh_pfault_none(const scn_scenario *sc)
{
	return sc->n_prov_faults == 0;
}

void srh_pfault_action(size_t idx)
{
	cur_action = idx;
}

void srh_pfault_gate(bool open)
{
	gate_open = open;
}

int srh_pfault_arm(srh_rt *rt, bool at_open, char *err, size_t errlen)
{
	const scn_scenario *sc = rt->sc;
	char trig[64];

	if (at_open) {
		n_arms = 0;
		cur_action = SIZE_MAX;
	}
	if (sc->n_prov_faults > PF_MAX) {
		cim_fmt(err, errlen, "more than %d provider faults", PF_MAX);
		return -1;
	}
	for (size_t i = 0; i < sc->n_prov_faults; i++) {
		const scn_prov_fault *f = &sc->prov_faults[i];
		bool first = !pf_name_enabled(f->point);

		if ((pf_where(f->point) == PROV_FP_AT_OPEN) != at_open)
			continue;

		arms[n_arms] = (pf_arm){f, 0, 0, false};
		if (first && fiu_enable_external(f->point, 1, NULL, 0, pf_decide) != 0) {
			cim_fmt(err, errlen, "libfiu refused to enable %s (line %d)", f->point,
				f->line);
			srh_pfault_disarm(rt);
			return -1;
		}
		arms[n_arms++].enabled = first;
		srh_result_event(rt->res, pf_now(rt), SRH_TL_ARMED, rt->j->js, rt->j->pct,
				 "armed %s %s (line %d)", f->point,
				 pf_trig_text(sc, f, trig, sizeof(trig)), f->line);
	}
	return 0;
}

void srh_pfault_disarm(srh_rt *rt)
{
	for (size_t i = 0; i < n_arms; i++) {
		pf_arm *a = &arms[i];
		/* A point we enabled must go, or it would fire in the next run
		 * of this process; its return only says whether it existed. */
		if (a->enabled)
			(void)fiu_disable(a->f->point);
		srh_result_event(rt->res, pf_now(rt), SRH_TL_FIRED, rt->j->js, rt->j->pct,
				 "%s fired %" PRIu64 " of %" PRIu64 " hit(s) (line %d)",
				 a->f->point, a->fired, a->hits, a->f->line);
	}
	n_arms = 0;
	cur_action = SIZE_MAX;
	gate_open = false;
}
