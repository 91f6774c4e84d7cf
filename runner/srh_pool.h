/*
 * srh_pool.h - running many runs, each isolated in a forked child with a
 * wall-clock watchdog, N at a time.
 *
 * A vendor provider may crash, hang, or write to stdout: each unit runs in
 * its own child (own process group, stdout and stderr captured to a file,
 * a private work directory for the job store) that sends its result back
 * through a pipe (srh_wire.h). A child killed by a signal gives CRASH with
 * the signal's name, one past the watchdog is SIGKILLed and gives HANG, a
 * child that sends nothing usable gives ERROR; the pool goes on with the
 * next unit either way. Without fork (--no-fork) the same units run one
 * after the other in this process.
 */
#ifndef SRH_POOL_H
#define SRH_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "srh_result.h"
#include "srh_run.h"

/* One unit of work: fills *res (initialized by the callee). */
typedef int (*srh_unit_fn)(const void *arg, const srh_run_opts *o, srh_result *res);

typedef struct srh_unit {
	srh_unit_fn fn;
	const void *arg;
	/* Identity for a result the child could not send (CRASH, HANG). */
	const char *name;
	const char *file;
	const char *job_kind;
	uint64_t seed;
} srh_unit;

typedef struct srh_pool_opts {
	unsigned jobs;	  /* children at once, >= 1 */
	double timeout_s; /* watchdog per unit, wall-clock seconds */
	bool no_fork;	  /* run in this process */
} srh_pool_opts;

/* Called in the parent as each unit finishes (in finishing order). */
typedef void (*srh_done_fn)(void *ctx, size_t idx, const srh_result *res);

/*
 * Run n units; results[i] receives unit i's result (the caller frees each
 * with srh_result_free). Returns 0 when every unit got a result (whatever
 * its verdict); -1 when interrupted (SIGINT/SIGTERM: running children are
 * killed, units not run get ERROR "interrupted") or when the pool itself
 * failed (pipe/fork/temp dir: those units get ERROR with the reason).
 */
int srh_pool_run(const srh_unit *units, size_t n, const srh_pool_opts *po, const srh_run_opts *ro,
		 srh_result *results, srh_done_fn done, void *ctx);

/* "SIGSEGV", ... for a signal number; "signal N" when unknown. Returns buf. */
const char *srh_signal_name(int sig, char *buf, size_t len);

#endif
