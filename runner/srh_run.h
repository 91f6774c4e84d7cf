/*
 * srh_run.h - the runner core: one (scenario, seed, provider) run in this
 * process, from topology to the final GetError, with every observation fed
 * to the contract checker and every expectation compared.
 *
 * Isolation (a forked child with a watchdog) is srh_pool.h's job; this
 * runs in whatever process calls it (`--no-fork`, replay, bench, and the
 * forked children themselves).
 */
#ifndef SRH_RUN_H
#define SRH_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scn.h"
#include "scn_sim.h"
#include "srh_result.h"

typedef struct srh_run_opts {
	const char *provider_path; /* provider .so; NULL = built-in reference */
	const char *profile_path;  /* fault profile (provider and SHOULD
				      checks); NULL = the reference profile */
	bool has_seed;		   /* seed overrides the scenario's */
	uint64_t seed;
	FILE *trace;	     /* simulator + client-call trace, or NULL */
	int trace_level;     /* 1 (default) or 2 */
	const char *workdir; /* existing directory for the job store;
				NULL = a private temporary one */
	bool sweep;	     /* also check the job ended on a contract
				path (sweep runs) */
} srh_run_opts;

/*
 * Run sc once. *res is initialized here and filled: PASS or FAIL with the
 * failure lists, calls and timeline. Returns 0 when the run happened; -1
 * when it could not (provider would not load or open, the simulator
 * refused the topology, out of memory): then res->verdict is ERROR with a
 * one-line reason, and what was observed until then is kept.
 */
int srh_run_scenario(const scn_scenario *sc, const srh_run_opts *o, srh_result *res);

/* Does a run of sc need its job store in a real file: it restarts the
 * provider, or starts from a provider.store fixture? (The others run on an
 * in-memory store.) Cannot fail. */
bool srh_run_durable(const scn_scenario *sc);

/* Load the fault profile at path (NULL: the reference profile) for the SHOULD
 * checks of the runs to come, kept for the life of the process. Returns 0;
 * on error -1 with the parser's "file:line: message" in err. */
int srh_profile_preload(const char *path, char *err, size_t errlen);

/* Parse a scenario file with srh_scn_names(). Same contract as
 * scn_parse_file. */
int srh_parse_scenario(const char *path, scn_scenario **out, char *err, size_t errlen);

#endif
