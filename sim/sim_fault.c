/*
 * sim_fault.c - the fault point table and arming.
 *
 * An armed point is decided at each hit from this sim's own arms, clock,
 * job state and seeded PRNG (never libfiu's random source), so a replay
 * takes the same decisions; libfiu itself is asked only with fiu_always
 * (sim_fp_hit_slow says why). The points are libfiu names all the same,
 * so fiu-ctrl/fiu_enable can fail them from outside with fiu_always.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#ifdef FIU_ENABLE
#include <fiu.h>
#endif

#define SIM_FC_ID_(id, str, what) str,
static const char *const class_ids[PROV_FC_COUNT] = {PROV_FAULT_CLASS_MAP(SIM_FC_ID_)};
#undef SIM_FC_ID_

const char *sim_fault_class_id(int fc)
{
	if (fc == PROV_FC_NONE)
		return "none";
	return fc >= 0 && fc < PROV_FC_COUNT ? class_ids[fc] : NULL;
}

#define SIM_FP_ROW_(id, nm, fc, err, tr, what) {nm, PROV_FC_##fc, NULL, err, tr, what},
static sim_fault_point points[SIM_FP_COUNT] = {SIM_FAULT_POINT_MAP(SIM_FP_ROW_)};
#undef SIM_FP_ROW_

static pthread_once_t points_once = PTHREAD_ONCE_INIT;

static void points_init(void)
{
	for (size_t i = 0; i < SIM_FP_COUNT; i++)
		points[i].class_id = sim_fault_class_id(points[i].fault_class);
}

size_t sim_fault_point_count(void)
{
	return SIM_FP_COUNT;
}

const sim_fault_point *sim_fault_point_at(size_t i)
{
	(void)pthread_once(&points_once, points_init);
	return i < SIM_FP_COUNT ? &points[i] : NULL;
}

int sim_fault_point_find(const char *name)
{
	for (size_t i = 0; name && i < SIM_FP_COUNT; i++)
		if (strcmp(points[i].name, name) == 0)
			return (int)i;
	return -1;
}

uint64_t sim_fault_hits(const sim *s, const char *point)
{
	int i = sim_fault_point_find(point);

	return i < 0 ? 0 : s->hits[i];
}

/* Points matched by a name or a "prefix*"; 0 when none. */
static uint32_t points_matching(const char *name)
{
	size_t n = strlen(name);
	uint32_t m = 0;

	if (n > 0 && name[n - 1] == '*') {
		for (size_t i = 0; i < SIM_FP_COUNT; i++)
			if (strncmp(points[i].name, name, n - 1) == 0)
				m |= 1u << i;
		return m;
	}
	int i = sim_fault_point_find(name);

	return i < 0 ? 0 : 1u << i;
}

static bool phase_known(const char *phase)
{
	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++)
		for (const char *const *p = sim_job_kind_phases(k); *p; p++)
			if (strcmp(*p, phase) == 0)
				return true;
	return false;
}

static bool trigger_ok(const sim_trigger *t)
{
	switch (t->kind) {
	case SIM_TRIG_ALWAYS:
	case SIM_TRIG_AT_TIME:
		return true;
	case SIM_TRIG_AT_PHASE:
		return t->phase && phase_known(t->phase);
	case SIM_TRIG_AT_PERCENT:
		return t->percent <= 100;
	case SIM_TRIG_NTH_HIT:
		return t->nth >= 1;
	case SIM_TRIG_PROBABILITY:
		return t->probability >= 0.0 && t->probability <= 1.0;
	}
	return false;
}

static const char *trig_name(sim_trigger_kind k)
{
	static const char *const n[] = {"always",     "at_time", "at_phase",
					"at_percent", "nth_hit", "probability"};

	return (unsigned)k <= SIM_TRIG_PROBABILITY ? n[k] : "?";
}

static void recompute_mask(sim *s)
{
	uint32_t m = 0;

	for (size_t i = 0; i < s->n_arms; i++)
		if (!s->arms[i].spent)
			m |= s->arms[i].points;
	s->armed_mask = m;
}

void sim_faults_release(sim *s)
{
	for (size_t i = 0; i < s->n_arms; i++)
		free(s->arms[i].phase);
	free(s->arms);
	s->arms = NULL;
	s->n_arms = 0;
	s->armed_mask = 0;
}

#ifdef FIU_ENABLE

static bool trigger_holds(sim *s, sim_arm *a, const sim_job *j)
{
	const sim_trigger *t = &a->trig;

	switch (t->kind) {
	case SIM_TRIG_ALWAYS:
		return true;
	case SIM_TRIG_AT_TIME:
		return s->now >= t->time_ns;
	case SIM_TRIG_AT_PHASE:
		return j && strcmp(sim_job_phase(j), a->phase) == 0;
	case SIM_TRIG_AT_PERCENT:
		return j && j->percent >= t->percent;
	case SIM_TRIG_NTH_HIT:
		return a->seen >= t->nth;
	case SIM_TRIG_PROBABILITY:
		return sim_rng_double(&s->rng) < t->probability;
	}
	return false;
}

/* Decide this hit of point p from the sim's own arms: every unspent arm of
 * p counts the hit, the first whose trigger holds fires. Returns that
 * arm's index, or -1. */
static int decide(sim *s, sim_job *j, int p)
{
	int fired = -1;

	for (size_t i = 0; i < s->n_arms; i++) {
		sim_arm *a = &s->arms[i];
		uint32_t limit = a->trig.count ? a->trig.count : 1;

		if (a->spent || !((a->points >> p) & 1u))
			continue;
		if (a->trig.job && (!j || j->id != a->trig.job))
			continue;
		a->seen++;
		if (fired >= 0 || !trigger_holds(s, a, j))
			continue;
		a->fired++;
		if (limit != SIM_FIRE_FOREVER && a->fired >= limit)
			a->spent = true;
		fired = (int)i;
	}
	return fired;
}

/* The sim's own arms decide without libfiu: a point enabled in libfiu
 * makes every fiu_fail() of the process, the provider's included, take
 * libfiu's slow path (a table lookup under its lock), so arming sim
 * points there cost the provider's disarmed checks ~1,000 instructions
 * each. libfiu is asked only with fiu_always, for points enabled from
 * outside (fiu-ctrl, fiu_enable); such a fire has no arm (f->arm -1). */
int sim_fp_hit_slow(sim *s, sim_job *j, sim_fp p, sim_fire *f)
{
	const sim_arm *a = NULL;
	int arm = -1;

	if ((s->armed_mask >> p) & 1u)
		arm = decide(s, j, (int)p);
	if (arm < 0 && !(s->cfg.fiu_always && fiu_fail(points[p].name)))
		return 0;
	s->st.fired++;
	f->point = p;
	f->arm = arm;
	a = arm >= 0 ? &s->arms[arm] : NULL;
	f->err_no = a ? a->err_no : 0;
	f->duration = a ? a->duration : 0;
	if (a && a->spent)
		recompute_mask(s);
	sim_tracef(s, 1, "job=%s point %s fired arm=%d hit=%llu", j ? j->key : "-", points[p].name,
		   f->arm, (unsigned long long)s->hits[p]);
	return 1;
}

#else /* !FIU_ENABLE: fault points compile to nothing */

int sim_fp_hit_slow(sim *s, sim_job *j, sim_fp p, sim_fire *f)
{
	(void)s;
	(void)j;
	(void)p;
	(void)f;
	return 0;
}

#endif

int sim_fault_arm(sim *s, const sim_fault_spec *spec)
{
	uint32_t pts;
	sim_arm a, *v;

	if (!spec || !spec->point || !trigger_ok(&spec->trig))
		goto inval;
	pts = points_matching(spec->point);
	if (!pts)
		goto inval;
#ifndef FIU_ENABLE
	errno = ENOTSUP;
	return -1;
#endif
	memset(&a, 0, sizeof a);
	a.points = pts;
	a.trig = spec->trig;
	a.duration = spec->duration_ns;
	a.err_no = spec->err_no;
	if (spec->trig.kind == SIM_TRIG_AT_PHASE) {
		a.phase = sim_xstrdup(spec->trig.phase);
		if (!a.phase)
			return -1;
	}
	a.trig.phase = a.phase;
	v = realloc(s->arms, (s->n_arms + 1) * sizeof *v);
	if (!v) {
		free(a.phase);
		errno = ENOMEM;
		return -1;
	}
	s->arms = v;
	s->arms[s->n_arms] = a;
	s->armed_mask |= pts;
	sim_tracef(s, 1, "arm=%zu point=%s trigger=%s job=%llu", s->n_arms, spec->point,
		   trig_name(spec->trig.kind), (unsigned long long)spec->trig.job);
	return (int)s->n_arms++;
inval:
	errno = EINVAL;
	return -1;
}

int sim_fault_disarm(sim *s, int id)
{
	if (id < 0 || (size_t)id >= s->n_arms) {
		errno = ENOENT;
		return -1;
	}
	s->arms[id].spent = true;
	recompute_mask(s);
	return 0;
}

long sim_fault_fired(const sim *s, int id)
{
	if (id < 0 || (size_t)id >= s->n_arms) {
		errno = ENOENT;
		return -1;
	}
	return (long)s->arms[id].fired;
}
