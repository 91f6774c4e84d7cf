/*
 * srh_sweep.h - the fault sweep: for every job kind a clean run counts how
 * often the engine reaches each simulator fault point; then for every
 * point it reached and every N = 1..min(hits, max_n) one run arms the
 * point on its Nth hit. Each run is judged by the contract invariants (the
 * checker) and by "the job ended on a contract path" (it ended, and the
 * owner's GetError at the end, again after a provider restart, returns 0).
 */
#ifndef SRH_SWEEP_H
#define SRH_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "srh_out.h"
#include "srh_pool.h"

typedef struct srh_sweep_opts {
	const char *kind;  /* one job kind, NULL = all */
	const char *point; /* fnmatch pattern of points, NULL = all */
	uint64_t max_n;	   /* largest N per point */
	uint64_t nth;	   /* 0 = every N up to max_n; else only this N */
	bool persistent;   /* the point fails every hit from the Nth on
			      (default: the Nth hit only) */
	bool quiet;	   /* print nothing (bench) */
	/* The command's --provider and --profile (NULL: the built-in ones),
	 * -j, --timeout, --no-fork and -v. */
	const char *provider;
	const char *profile;
	srh_pool_opts pool;
	bool verbose;
	/* Optional (owner: reports). pick: which cases are this shard's
	 * (NULL: all); the clean runs still all run, for planning, but only
	 * this shard's are recorded and printed. record: each finished
	 * result of this shard, before it is printed (the results database).
	 * out: where progress goes (NULL: stdout). */
	bool (*pick)(void *ctx, const char *name);
	void (*record)(void *ctx, const srh_result *r);
	void *ctx;
	FILE *out;
} srh_sweep_opts;

#define SRH_SWEEP_MAX_N 10u

/* Run the sweep. *t receives the tally of every run (clean ones too).
 * Returns 0 when it ran (whatever the verdicts), -1 when it could not (a
 * message was printed). */
int srh_sweep_run(const srh_sweep_opts *o, srh_tally *t);

#endif
