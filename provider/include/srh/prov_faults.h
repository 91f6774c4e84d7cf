/*
 * srh/prov_faults.h - every fault point of the reference provider, in one
 * table.
 *
 * Each name is written once, as a PROV_FP_* macro; the code arms nothing by
 * itself and only tests a point where the real failure would happen
 * (fiu_do_on(PROV_FP_STORE_READ, ...) beside sqlite3_step). Tests, the demo
 * and `srh faults` read PROV_FAULT_POINT_MAP / prov_fault_points() instead of
 * spelling names again, so a renamed point cannot leave a stale copy behind.
 *
 * The rc column is the GetError return code a client sees when the point is
 * hit on a call that reaches it (GetInstance's for prov/job/alloc; see
 * docs/FAULTS.md, "Provider").
 */
#ifndef SRH_PROV_FAULTS_H
#define SRH_PROV_FAULTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PROV_FP_ENGINE_SLOW "prov/engine/slow"
#define PROV_FP_STORE_READ "prov/store/read"
#define PROV_FP_STORE_CORRUPT "prov/store/corrupt"
#define PROV_FP_STORE_BUSY "prov/store/busy"
#define PROV_FP_ERROR_ALLOC "prov/error/alloc"
#define PROV_FP_CAPS_GETERROR "prov/caps/geterror"
#define PROV_FP_STORE_NOMEM "prov/store/nomem"
#define PROV_FP_JOB_ALLOC "prov/job/alloc"
#define PROV_FP_STORE_WRITE "prov/store/write"
#define PROV_FP_EVENT_ALLOC "prov/event/alloc"
#define PROV_FP_STORE_OPEN "prov/store/open"
#define PROV_FP_STORE_PREPARE "prov/store/prepare"
#define PROV_FP_STORE_TEMPLATE "prov/store/template"

/* The vendor-specific GetError code of a busy job store. */
#define PROV_RC_STORE_BUSY 32768u

/* Where a point is hit (the third column of the map): in client calls
 * only; also on the event path, while the engine's events are applied, so
 * a harness arms it for the whole run, not only during its client calls;
 * or in the provider's open, so a harness arms it before the open. */
#define PROV_FP_AT_CALLS 0
#define PROV_FP_AT_EVENTS 1
#define PROV_FP_AT_OPEN 2

/* X(name, GetError rc, where it is hit (PROV_FP_AT_*), what it does). */
#define PROV_FAULT_POINT_MAP(X)                                                                    \
	X(PROV_FP_ENGINE_SLOW, 3u, 0,                                                              \
	  "adds latency to the engine query (failinfo = ns; default: deadline + 1 s), "            \
	  "so GetError/GetErrors time out")                                                        \
	X(PROV_FP_STORE_READ, 4u, 0, "a read of the job store fails as SQLITE_IOERR")              \
	X(PROV_FP_STORE_CORRUPT, 4u, 0,                                                            \
	  "a stored CIM_Error record read back is flipped (ErrorType bits) and fails validation")  \
	X(PROV_FP_STORE_BUSY, PROV_RC_STORE_BUSY, 0,                                               \
	  "a read of the job store gets SQLITE_BUSY (vendor code 32768, \"SRSIM: job store "       \
	  "busy\")")                                                                               \
	X(PROV_FP_ERROR_ALLOC, 2u, 0,                                                              \
	  "an allocation while building the CIM_Error (from the profile, the store or the cache) " \
	  "fails")                                                                                 \
	X(PROV_FP_CAPS_GETERROR, 1u, 0,                                                            \
	  "the provider instance drops GetError from its capabilities")                            \
	X(PROV_FP_STORE_NOMEM, 4u, 0,                                                              \
	  "the record of a job row read back from the job store, or one of its texts, cannot be "  \
	  "allocated (out of memory), so the row cannot be read")                                  \
	X(PROV_FP_JOB_ALLOC, 2u, 0,                                                                \
	  "the job instance a client reads (GetInstance; EnumerateInstances: its list, then each " \
	  "job), or the copy of a job a read with cache=0 takes while the store's row is "         \
	  "behind, cannot be allocated: each instance or copy twice, its record, then its "        \
	  "strings")                                                                               \
	X(PROV_FP_STORE_WRITE, 0u, 1,                                                              \
	  "a write of the job store (a job row, an Error record, a delete) fails as SQLITE_IOERR " \
	  "(failinfo: another SQLite result code); the job stays right in memory and the write "   \
	  "is retried at its next event, the next read from the store and the close, so a "        \
	  "client sees no change")                                                                 \
	X(PROV_FP_EVENT_ALLOC, 4u, 1,                                                              \
	  "copying the cause of an engine event (a fatal fault, a job's end) runs out of memory; " \
	  "the job still ends, with no known cause, so GetError answers 4 Failed for it")          \
	X(PROV_FP_STORE_OPEN, 0u, 2,                                                               \
	  "a fallible step of the provider's open (the job store's file, template, checks, WAL, "  \
	  "statements, its jobs' load) fails as SQLITE_IOERR (failinfo: another SQLite result "    \
	  "code); nth picks the step: the open fails with a one-line reason naming the step")      \
	X(PROV_FP_STORE_PREPARE, 0u, 1,                                                            \
	  "a statement of the job store (a read, a write, a delete) cannot be prepared at its "    \
	  "first use (out of memory; failinfo: another SQLite result code): a write is retried "   \
	  "as after prov/store/write, a read from the store answers 2 (4, 32768 by failinfo)")     \
	X(PROV_FP_STORE_TEMPLATE, 0u, 2,                                                           \
	  "the open takes an empty job store template of its own, made as a fresh process's "      \
	  "first open makes the process's, each step of its making a step of the open that "       \
	  "prov/store/open can fail; nth picks the open")

typedef struct prov_fault_point {
	const char *name;
	uint32_t rc;
	int events; /* where it is hit: PROV_FP_AT_* (see the map) */
	const char *effect;
} prov_fault_point;

/* The table above as an array of *n entries. Never fails. */
static inline const prov_fault_point *prov_fault_points(size_t *n)
{
#define PROV_FP_ROW_(name, rc, events, what) {name, rc, events, what},
	static const prov_fault_point rows[] = {PROV_FAULT_POINT_MAP(PROV_FP_ROW_)};
#undef PROV_FP_ROW_
	if (n)
		*n = sizeof rows / sizeof rows[0];
	return rows;
}

#ifdef __cplusplus
}
#endif
#endif /* SRH_PROV_FAULTS_H */
