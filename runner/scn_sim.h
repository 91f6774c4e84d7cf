/*
 * scn_sim.h - a parsed scenario turned into simulator calls: the names a
 * scenario may use, its topology, its job and its fault triggers. One
 * mapping shared by every driver of scenarios (the srh runner, srh serve),
 * so a scenario means the same simulation wherever it runs.
 *
 * Library: srh_scnsim (srscn + srsim; provider fault names from
 * srh/prov_faults.h).
 */
#ifndef SRH_SCN_SIM_H
#define SRH_SCN_SIM_H

#include <stdint.h>

#include "scn.h"
#include "sim.h"

/* The job kinds, sim/ and prov/ fault points and phases a scenario may
 * name, from the simulator's and the provider's tables. Static; never
 * NULL. */
const scn_names *srh_scn_names(void);

/* Build the scenario's topology (two nodes, two groups with a data and a
 * log volume each, a link, the partnership). Returns the partnership id,
 * or -1 with errno set when the simulator refuses a part. */
int srh_scn_topology(sim *s, const scn_topology *t);

/* The sim_job_spec of the scenario's job on partnership pship. Returns 0,
 * or -1 (errno EINVAL) for a job kind the simulator does not know. */
int srh_scn_job_spec(const scn_job *j, int pship, sim_job_spec *js);

/* The simulator trigger of a scheduled fault, for job (0: any job). */
void srh_scn_trigger(const scn_fault *f, uint64_t job, sim_trigger *t);

#endif
