/*
 * scn_sim.c - a parsed scenario turned into simulator calls (scn_sim.h).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "scn_sim.h"
#include "srh/prov_faults.h"

#define NAMES_PHASES_MAX 64

static const char *kinds[SIM_JOB_KIND_COUNT + 1];
static const char *sim_points[SIM_FP_COUNT + 1];
static const char *prov_points[32];
static const char *phases[NAMES_PHASES_MAX + 1];
static scn_names names;
static int ready;

static void add_phase(const char *ph, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(phases[i], ph) == 0)
			return;
	if (*n < NAMES_PHASES_MAX)
		phases[(*n)++] = ph;
}

/* Filled once; the tables are static so the result never changes. */
static void names_fill(void)
{
	size_t np = 0, n = 0;
	const prov_fault_point *pf = prov_fault_points(&n);

	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++) {
		kinds[k] = sim_job_kind_name((sim_job_kind)k);
		for (const char *const *p = sim_job_kind_phases((sim_job_kind)k); p && *p; p++)
			add_phase(*p, &np);
	}
	for (size_t i = 0; i < sim_fault_point_count() && i < SIM_FP_COUNT; i++)
		sim_points[i] = sim_fault_point_at(i)->name;
	for (size_t i = 0; i < n && i + 1 < sizeof(prov_points) / sizeof(prov_points[0]); i++)
		prov_points[i] = pf[i].name;
	names.job_kinds = kinds;
	names.sim_points = sim_points;
	names.prov_points = prov_points;
	names.phases = phases;
	ready = 1;
}

const scn_names *srh_scn_names(void)
{
	if (!ready)
		names_fill();
	return &names;
}

int srh_scn_topology(sim *s, const scn_topology *t)
{
	int na, nb, ga, gb, link;

	na = sim_node_add(s, t->source.node);
	nb = sim_node_add(s, t->destination.node);
	ga = sim_group_add(s,
			   &(sim_group_spec){na, t->source.group, "L:", t->source.log_size, 0, 0});
	gb = sim_group_add(
	    s, &(sim_group_spec){nb, t->destination.group, "L:", t->destination.log_size, 0, 0});
	if (na < 0 || nb < 0 || ga < 0 || gb < 0 ||
	    sim_volume_add(s, ga, "D:", t->source.data_size) < 0 ||
	    sim_volume_add(s, gb, "D:", t->destination.data_size) < 0 ||
	    (link = sim_link_add(s, na, nb, t->bandwidth_bps, t->latency_ns)) < 0)
		return -1;
	return sim_partnership_add(s, ga, gb, link,
				   t->mode == SCN_MODE_ASYNCHRONOUS ? SIM_ASYNC : SIM_SYNC);
}

int srh_scn_job_spec(const scn_job *j, int pship, sim_job_spec *js)
{
	int k = sim_job_kind_parse(j->kind);

	if (k < 0) {
		errno = EINVAL;
		return -1;
	}
	sim_job_spec_default(js, (sim_job_kind)k, pship);
	js->owner = j->owner;
	js->time_limit_ns = j->time_limit_ns;
	js->time_before_removal_ns = j->time_before_removal_ns;
	js->delete_on_completion = j->delete_on_completion;
	js->hold = j->hold;
	js->dirty_bytes = j->dirty_size;
	js->test_bytes = j->test_size;
	return 0;
}

void srh_scn_trigger(const scn_fault *f, uint64_t job, sim_trigger *t)
{
	memset(t, 0, sizeof(*t));
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		t->kind = SIM_TRIG_AT_TIME;
		t->time_ns = f->at_ns; /* the job is submitted at time 0 */
		break;
	case SCN_TRIG_AT_PHASE:
		t->kind = SIM_TRIG_AT_PHASE;
		t->phase = f->phase;
		break;
	case SCN_TRIG_AT_PERCENT:
		t->kind = SIM_TRIG_AT_PERCENT;
		t->percent = f->percent;
		break;
	case SCN_TRIG_NTH:
		t->kind = SIM_TRIG_NTH_HIT;
		t->nth = f->nth;
		break;
	case SCN_TRIG_PROBABILITY:
		t->kind = SIM_TRIG_PROBABILITY;
		t->probability = f->probability;
		break;
	}
	t->count = f->count == SCN_COUNT_FOREVER ? SIM_FIRE_FOREVER : f->count;
	t->job = job;
}
