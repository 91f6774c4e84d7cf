/*
 * srh_pool.h - runs as a service: submit units of work, collect their
 * results as they finish, each run isolated in a worker process with a
 * wall-clock watchdog, N at a time.
 *
 * A unit is a request (srh_request.h): everything a run needs, by value,
 * sent to the worker through the same validated wire format that brings
 * the result back (srh_wire.h). Because submit and collect are separate,
 * a caller can choose its next unit from the results so far (an explorer,
 * a shrinker); srh_pool_run is the plain loop over a fixed list.
 *
 * A vendor provider may crash, hang, or write to stdout: each worker has
 * its own process group, its stdout and stderr captured to a file and a
 * private work directory for the job store. A worker killed by a signal
 * gives its unit CRASH with the signal's name, one past the watchdog is
 * SIGKILLed and gives HANG, one that sends nothing usable gives ERROR;
 * the pool goes on with the next unit either way, on a new worker.
 *
 * A worker runs up to worker_runs units, one after the other, in the
 * spirit of AFL's fork server: one fork for many runs. A worker that
 * crashes or hangs takes only the unit it was on with it. A failure
 * (any verdict but PASS) on a worker that had run other units first might
 * be their pollution, so the unit runs again, alone, on a fresh worker.
 * How that is decided: the first verdict stands (the provider did fail
 * that way in that process, as it would in a long-lived server), and the
 * result says what the fresh worker gave in its timeline (a note) and its
 * reason: "reproduced" when the verdict (and signal) are the same, else
 * "not reproduced: it depends on the N earlier runs in its worker".
 *
 * With no_fork the units run one after the other in this process, inside
 * srh_pool_collect.
 */
#ifndef SRH_POOL_H
#define SRH_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh_request.h"
#include "srh_result.h"
#include "srh_run.h"

/* What a worker does with one request: fills *res (initialized by the
 * callee). o holds the request's options and the worker's directory. */
typedef int (*srh_unit_fn)(const srh_request *rq, const srh_run_opts *o, srh_result *res);

/* The default unit: run the request's model when it has one, else parse
 * its scenario text (or its file when it has none), and run it
 * (srh_run_scenario). A text that does not parse
 * gives ERROR with the parser's file:line. Returns 0 when the run
 * happened, -1 when it could not (res says why). */
int srh_run_request(const srh_request *rq, const srh_run_opts *o, srh_result *res);

typedef struct srh_pool_opts {
	unsigned jobs;	      /* workers at once, >= 1 */
	double timeout_s;     /* watchdog per unit, wall-clock seconds */
	bool no_fork;	      /* run in this process */
	srh_unit_fn handler;  /* NULL: srh_run_request */
	unsigned worker_runs; /* units a worker runs before it is replaced;
				 0 or 1: a fresh worker for every unit */
	/* Which results that are not PASS, from a worker that ran other
	 * units first, are run again alone on a fresh worker (might they be
	 * pollution?). NULL: every one. A caller that ignores some failures
	 * (explore: a moment the scenario never reached) spares their
	 * reruns, each a fresh worker and a run more. */
	bool (*confirm)(const srh_result *r);
} srh_pool_opts;

typedef struct srh_pool srh_pool;

typedef enum srh_pool_rc {
	SRH_POOL_OK = 0,  /* a result was collected */
	SRH_POOL_TIMEOUT, /* none finished within the timeout */
	SRH_POOL_IDLE,	  /* nothing submitted is left to collect */
	SRH_POOL_STOPPED, /* SIGINT/SIGTERM: every worker killed, nothing
			     more runs; what was in flight has no result */
} srh_pool_rc;

/* A pool with no worker yet (workers start as units are submitted). From
 * here to srh_pool_close, SIGINT and SIGTERM stop the pool instead of the
 * process. Returns 0; on allocation failure -1 and *out NULL. */
int srh_pool_open(const srh_pool_opts *po, srh_pool **out);

/* Queue a copy of *rq; it starts as soon as a worker is free. *id (when
 * given) receives the number its result will carry in srh_pool_collect:
 * 0, 1, 2, ... in submission order. Returns 0; -1 (nothing queued) on
 * allocation failure or a request the wire cannot carry. */
int srh_pool_submit(srh_pool *p, const srh_request *rq, uint64_t *id);

/* Wait up to timeout_s (< 0: without limit) for the next unit to finish,
 * in finishing order; *res receives its result (free with
 * srh_result_free), *id its submission number. Returns an srh_pool_rc;
 * *res is set only with SRH_POOL_OK. */
srh_pool_rc srh_pool_collect(srh_pool *p, double timeout_s, srh_result *res, uint64_t *id);

/* Units submitted and not collected yet. */
size_t srh_pool_pending(const srh_pool *p);
/* True once the pool itself failed for some unit (work directory, fork):
 * that unit's result is ERROR with the reason. */
bool srh_pool_failed(const srh_pool *p);

/* Kill every worker, drop what was not collected, restore the signal
 * handlers and free the pool. NULL ok. */
void srh_pool_close(srh_pool *p);

/* Called in the parent as each unit finishes (in finishing order). */
typedef void (*srh_done_fn)(void *ctx, size_t idx, const srh_result *res);

/*
 * Run n units through a pool; results[i] receives unit i's result (the
 * caller frees each with srh_result_free). Returns 0 when every unit got a
 * result (whatever its verdict); -1 when interrupted (SIGINT/SIGTERM:
 * running workers are killed, units without a result get ERROR
 * "interrupted", done is not called for them) or when the pool itself
 * failed (those units get ERROR with the reason).
 */
int srh_pool_run(const srh_request *units, size_t n, const srh_pool_opts *po, srh_result *results,
		 srh_done_fn done, void *ctx);

/* "SIGSEGV", ... for a signal number; "signal N" when unknown. Returns buf. */
const char *srh_signal_name(int sig, char *buf, size_t len);

#endif
