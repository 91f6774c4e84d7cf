/*
 * srh_names.c - the names a scenario may use, taken from the simulator's
 * and the provider's tables (never spelt again here).
 */
#include <stddef.h>
#include <string.h>

#include "sim.h"
#include "srh/prov_faults.h"
#include "srh_run.h"

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

int srh_parse_scenario(const char *path, scn_scenario **out, char *err, size_t errlen)
{
	return scn_parse_file(path, srh_scn_names(), out, err, errlen);
}
