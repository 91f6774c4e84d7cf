/*
 * xpl.h - `srh explore`: seeded random scenarios (swarm style), run through
 * the pool like any scenario file, every failure shrunk to a small scenario
 * that `srh run` fails with the same rule, and a differential mode that
 * runs each scenario on two providers and reports where they differ.
 *
 * Generated scenarios are ordinary scn_scenario models (scn.h), checked with
 * scn_validate and sent to the workers as their canonical text, so a found
 * failure is a file the suite can keep. They carry no expect: blocks: the
 * checker's contract invariants (and the profile's SHOULD checks) judge
 * every call.
 *
 * Library: srexplore (layer 7; links srh_runner). Prefix xpl_.
 */
#ifndef SRH_XPL_H
#define SRH_XPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scn.h"
#include "srh_pool.h"
#include "srh_result.h"

/* ---- PRNG (xpl_rng.c): splitmix64, no rand() ----------------------------- */

typedef struct xpl_rng {
	uint64_t s;
} xpl_rng;

/* Seed r; the next 64-bit number. Never fail. */
void xpl_rng_seed(xpl_rng *r, uint64_t seed);
uint64_t xpl_rng_next(xpl_rng *r);
/* Uniform in [0, n); 0 when n is 0. Never fails. */
uint64_t xpl_rng_below(xpl_rng *r, uint64_t n);
/* True with probability pct/100. Never fails. */
bool xpl_rng_chance(xpl_rng *r, unsigned pct);

/* ---- generator (xpl_gen.c) ----------------------------------------------- */

/* The seed of run index of an exploration seeded with seed. Never fails. */
uint64_t xpl_run_seed(uint64_t seed, uint64_t index);

/*
 * Build scenario number index of the exploration seeded with seed: a feature
 * mask drawn first (swarm testing), then topology, one to three jobs,
 * simulator and provider faults and client actions, all from one PRNG, named
 * "explore.SEED.INDEX". The model is validated with the runner's names
 * (srh_scn_names). Same (seed, index): the same model. Returns 0 and sets
 * *out (scn_free); -1 with a one-line reason in err on allocation failure
 * or a model that does not validate (a generator bug).
 */
int xpl_gen(uint64_t seed, uint64_t index, scn_scenario **out, char *err, size_t errlen);

/* A deep copy of sc through its canonical text (what a worker would read),
 * renamed to name when name is not NULL. NULL on failure. */
scn_scenario *xpl_copy(const scn_scenario *sc, const char *name);

/* ---- failure keys (xpl_keys.c) ------------------------------------------- */

/* Called with each distinct thing a run got wrong ("MUST-4 ...", "CRASH
 * SIGSEGV", "HANG", "ERROR", "DIFF rc"), and a one-line detail. */
typedef void (*xpl_key_fn)(void *ctx, const char *key, const char *detail);

/* The failure keys of one result: each failure's rule once (the runner's
 * "scenario-when" is the generator's business, not the provider's, and is
 * left out), or the verdict for CRASH/HANG/ERROR. Returns the count. Never
 * fails (fn may be NULL: count only). */
size_t xpl_keys(const srh_result *r, xpl_key_fn fn, void *ctx);

/* ---- differential (xpl_diff.c) -------------------------------------------- */

/* Every contract-relevant difference between a (the provider under test) and
 * ref (the same scenario on the reference): per call rc, Error present or
 * NULL, Error properties, JobState, OperationalStatus; the number of calls
 * and the final JobState. Each difference kind is reported once through fn
 * ("DIFF rc", "DIFF Error.Message", ...). Returns the count; 0 when either
 * run did not finish (CRASH/HANG/ERROR have keys of their own). Never
 * fails. */
size_t xpl_diff(const srh_result *a, const srh_result *ref, xpl_key_fn fn, void *ctx);

/* ---- summary (xpl_summary.c) ---------------------------------------------- */

/* The contract's job paths (contract.md, "Job paths, states and the Error"). */
#define XPL_PATH_MAP(X)                                                                            \
	X(NEW, "not yet started")                                                                  \
	X(RUNNING, "still running")                                                                \
	X(SUCCESS, "success")                                                                      \
	X(FAILURE, "failure")                                                                      \
	X(TIMEOUT, "timeout")                                                                      \
	X(TERMINATED, "terminated by a client")                                                    \
	X(KILLED, "killed by a client")                                                            \
	X(RESUMED, "suspended, then resumed to success")                                           \
	X(REMOVED, "removed after TimeBeforeRemoval")

#define XPL_PATH_ENUM_(id, text) XPL_PATH_##id,
typedef enum xpl_path { XPL_PATH_MAP(XPL_PATH_ENUM_) XPL_PATH_COUNT } xpl_path;
#undef XPL_PATH_ENUM_

#define XPL_MAX_POINTS 32
#define XPL_CALL_KINDS 8

typedef struct xpl_summary {
	uint64_t runs, failed;
	uint64_t rc[8];			    /* GetError rc 0..6; [7]: any other */
	uint64_t paths[XPL_PATH_COUNT];	    /* runs that went along each path */
	uint64_t calls[XPL_CALL_KINDS];	    /* client calls by scn_call */
	uint64_t restarts, unreached;	    /* restarts; moments never reached */
	const char *points[XPL_MAX_POINTS]; /* fault points (sim/ then prov/) */
	size_t n_points;
	uint64_t armed[XPL_MAX_POINTS], fired[XPL_MAX_POINTS];
} xpl_summary;

/* An empty summary that knows every fault point of both tables. The
 * summary functions never fail. */
void xpl_summary_init(xpl_summary *s);
/* Count what one result exercised (runs; failed is counted by the caller,
 * who knows which failures are the provider's). */
void xpl_summary_add(xpl_summary *s, const srh_result *r);
/* The summary as lines (no newline), each passed to fn. */
void xpl_summary_lines(const xpl_summary *s, void (*fn)(void *ctx, const char *line), void *ctx);
/* How many of rc 0..6 / paths / fault points were reached. */
unsigned xpl_summary_rcs(const xpl_summary *s);
unsigned xpl_summary_paths(const xpl_summary *s);
unsigned xpl_summary_points(const xpl_summary *s);

/* ---- shrinking (xpl_shrink.c) --------------------------------------------- */

/* Does candidate sc still fail the way being shrunk? 1 yes, 0 no, -1 could
 * not tell (stop shrinking). */
typedef int (*xpl_pred_fn)(void *ctx, const scn_scenario *sc);

/*
 * Reduce sc while pred holds: drop later jobs (with what is aimed at them),
 * actions, simulator faults and provider faults (one at a time, last
 * first), then move values toward the defaults (times, sizes, counts,
 * principals, triggers, the first job), repeating until a whole
 * pass changes nothing or budget candidates were tried. Deterministic: the
 * same sc and pred give the same result. *out receives the smallest
 * failing scenario (sc itself, copied, when nothing smaller fails); *tried
 * the number of candidates run. Returns 0, or -1 on allocation failure
 * (*out NULL).
 */
int xpl_shrink(const scn_scenario *sc, xpl_pred_fn pred, void *ctx, unsigned budget,
	       scn_scenario **out, unsigned *tried);

/* ---- the explore loop (xpl_loop.c) ---------------------------------------- */

typedef struct xpl_found {
	char *key;		/* the failure key */
	char *detail;		/* first observation of it */
	uint64_t index;		/* the lowest run index that showed it */
	char *path;		/* the shrunk scenario file written under out_dir */
	size_t actions, faults; /* of the shrunk scenario */
	double first_s;		/* wall seconds into the exploration when first seen */
	srh_result res;		/* the shrunk scenario's run on the provider */
} xpl_found;

typedef struct xpl_opts {
	const char *provider;	  /* NULL: the built-in reference */
	const char *profile;	  /* NULL: the reference profile */
	const char *differential; /* reference .so to compare with, or NULL */
	uint64_t seed;
	uint64_t runs;	     /* stop after this many (0: use time_s) */
	double time_s;	     /* stop after this long (with runs 0) */
	srh_pool_opts pool;  /* -j, watchdog, worker runs */
	const char *out_dir; /* where shrunk scenarios go (created) */
	unsigned shrink_budget;
	FILE *progress; /* once-a-second progress (NULL: none) */
	FILE *out;	/* found failures and the summary (NULL: none) */
} xpl_opts;

typedef struct xpl_report {
	uint64_t runs;
	uint64_t failed_runs;
	double wall_s;
	bool interrupted;
	xpl_found *found; /* distinct failures, in order of first run index */
	size_t n_found;
	xpl_summary sum;
} xpl_report;

/* Explore. Returns 0 when the exploration ran (whatever it found), -1
 * when it could not (pool, output directory; a line was printed). */
int xpl_explore(const xpl_opts *o, xpl_report *rep);
/* Free what xpl_explore put in rep. NULL ok. */
void xpl_report_free(xpl_report *rep);

/* Write sc as canonical YAML to path. 0, or -1 with errno set. */
int xpl_write_file(const scn_scenario *sc, const char *path);

#endif
