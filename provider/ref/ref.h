/*
 * ref.h - internals of the reference provider (libsrprov_ref). Nothing here
 * crosses the ABI: the host sees only prov_ops (srh/prov_abi.h).
 */
#ifndef SRPROV_REF_H
#define SRPROV_REF_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"
#include "srh/prov_abi.h"
#include "srh/prov_profile.h"

#define REF_NS_PER_MS 1000000ull
#define REF_DEFAULT_DEADLINE_MS 2000u
#define REF_CLASS_NAME "SRSIM_ReplicaJob"
#define REF_NAMESPACE "root/Microsoft/Windows/StorageReplica"
#define REF_ORG_MAX 32
#define REF_LOCAL_ID_MAX 64
#define REF_IID_MAX (REF_ORG_MAX + 1 + REF_LOCAL_ID_MAX + 1)

/* Outcome of an internal step, mapped to a CIM code at the op boundary. */
typedef enum ref_rc {
	REF_OK = 0,
	REF_NONE,  /* no such row / job */
	REF_FAIL,  /* store read/write failed, or record invalid -> 4 */
	REF_BUSY,  /* store busy -> vendor 32768 */
	REF_NOMEM, /* allocation failed -> 2 */
} ref_rc;

/* ---- options (ref_opts.c) ---------------------------------------------- */

typedef struct ref_opts {
	uint64_t deadline_ns;
	bool cache;
	uint32_t caps;
	char org[REF_ORG_MAX + 1];
} ref_opts;

/* Parse "k=v;k=v" (NULL = defaults). Returns 0, or -1 with err set. */
int ref_opts_parse(const char *text, ref_opts *o, char *err, size_t errlen);

/* ---- templates (ref_tmpl.c) -------------------------------------------- */

/* The values a template may name: {volume} {partner} ...
 * (PROV_PLACEHOLDER_MAP). */
typedef struct ref_cause {
	int fc; /* prov_fault_class, PROV_FC_NONE when unknown */
	int err_no;
	char *volume;
	char *partner;
	uint64_t offset;
	uint16_t percent;
	char *detail;
	char *requested_by;
} ref_cause;

/* Render tmpl (checked at load with prov_profile_tmpl_check); when args is non-NULL append every
 * substituted value to
 * (*args, *n_args). On allocation failure returns NULL and leaves *args
 * with what was appended (the caller frees it with the error). */
char *ref_tmpl_render(const char *tmpl, const ref_cause *c, const char *job_iid, char ***args,
		      size_t *n_args);
const char *ref_errno_name(int e, char *buf, size_t len);

/* ---- fault-aware allocation for the Error build (ref_alloc.c) ---------- */

void *ref_ealloc(size_t n);
void *ref_erealloc(void *p, size_t n);
char *ref_estrdup(const char *s); /* NULL in -> NULL out, not a failure */
/* Copy of an Error handed to a client; NULL on allocation failure. */
cim_error *ref_error_clone(const cim_error *e);

/* ---- Error build and checks (ref_build.c) ------------------------------ */

/* The CIM_Error of cause c for job_iid under profile pf. NULL when memory
 * runs out, or for no cause (c->fc PROV_FC_NONE; a cause's class is
 * always one of prov_fault_class or that). */
cim_error *ref_error_build(const prov_profile *pf, const ref_cause *c, const char *job_iid);
/* Is a stored record (not NULL) a valid Error (MessageID, ValueMaps,
 * formats)? */
bool ref_error_valid(const cim_error *e);
/* ErrorSource text of a job: its object path. buf holds REF_PATH_MAX. */
#define REF_PATH_MAX (sizeof REF_NAMESPACE + sizeof REF_CLASS_NAME + REF_IID_MAX + 32)
void ref_object_path(const char *iid, char *buf, size_t len);

/* ---- jobs (ref_job.c) ---------------------------------------------------- */

typedef struct ref_job {
	char *id; /* engine job id = LocalID */
	char *name;
	char *owner;
	uint16_t state;
	uint16_t percent;
	uint16_t error_code;
	int doc; /* DeleteOnCompletion */
	uint64_t submitted, started, ended, last_change, tbr;
	char *error_desc;
	ref_cause cause; /* end cause, or the last fatal fault */
	cim_error *err;	 /* cached stored Error (cache=1), else NULL */
	/* The Error built when the job ended, whose write to the store failed:
	 * newer than the store, written with the row at the next flush. */
	cim_error *unsaved;
	/* The job is newer than its store row: progress steps are written
	 * behind, and an event whose write failed is kept here (ref_provider.c,
	 * ref_save, ref_flush). */
	bool dirty;
	/* Read from the store at the open, not created in this life: an
	 * engine that numbers its jobs anew may create its own under this id
	 * (ref_provider.c, on_created). */
	bool restored;
} ref_job;

void ref_cause_clear(ref_cause *c);
/* Replace *c with f's details. Returns 0; -1 (c unchanged) for an unknown
 * fault class or when memory runs out. */
int ref_cause_from_fault(ref_cause *c, const prov_fault *f);
void ref_job_free(ref_job *j);
/* Deep copy without the cached or unsaved Error. NULL on allocation
 * failure. */
ref_job *ref_job_clone(const ref_job *j);
bool ref_job_ended(const ref_job *j);
/* LocalID rule: 1..REF_LOCAL_ID_MAX of [A-Za-z0-9_.-] (id not NULL). */
bool ref_valid_local_id(const char *id);
bool ref_job_has_error(const ref_job *j); /* Exception, Terminated, Killed */
size_t ref_job_op_status(uint16_t state, uint16_t *os);
/* Apply one event to j, in place. Returns 0, or -1 (j unchanged) when the
 * event makes no sense for the job or a fault's cause cannot be copied. A
 * job's end is never refused for memory: it ends without a known cause
 * (cause.fc PROV_FC_NONE). */
int ref_job_apply(ref_job *j, const prov_event *ev);
/* A New job from a JOB_CREATED event (ev->job not NULL). NULL when the
 * event is not a valid creation (bad LocalID, no owner) or memory runs
 * out. */
ref_job *ref_job_create(const prov_event *ev);
/* The instance a client reads, at virtual time now. NULL when memory runs
 * out. */
cim_job *ref_job_instance(const ref_job *j, const char *iid, uint64_t now);

/* ---- store (ref_store.c) ------------------------------------------------ */

typedef struct ref_store ref_store;

/* prov/store/open, hit at each fallible step of an open (nth picks the
 * step): 0 when it does not fire, else the SQLite result code the step
 * fails with (failinfo, SQLITE_IOERR without one). Never fails itself. */
int ref_open_fault(void);
/* Open (creating the schema if new); a file opened private is locked for
 * this connection alone (PROV_CFG_STORE_PRIVATE). On error returns NULL
 * with a one-line message naming the file in err (errlen > 0 bytes). */
ref_store *ref_store_open(const char *path, bool private_file, char *err, size_t errlen);
/* Close s (NULL ok). An in-memory store (path NULL) is emptied and kept,
 * prepared statements and all, for the next in-memory open of this
 * process (ref_store_pool.c); when it cannot be, it is closed. */
void ref_store_close(ref_store *s);
/* Write the job row and, if e != NULL, its Error record, in one
 * transaction. On failure (REF_FAIL, REF_BUSY, REF_NOMEM) it is rolled
 * back and the store is unchanged. */
ref_rc ref_store_save(ref_store *s, const ref_job *j, const cim_error *e);
/* Delete a job and its Error; on failure the store is unchanged. */
ref_rc ref_store_delete(ref_store *s, const char *id);
/* Read one job row: REF_OK with *out, REF_NONE, or the read failure (then
 * *out is NULL). */
ref_rc ref_store_load_job(ref_store *s, const char *id, ref_job **out);
/* Every job row (no Error records), a step of the open (prov/store/open).
 * On failure *out is NULL and *n 0. */
ref_rc ref_store_load_all(ref_store *s, ref_job ***out, size_t *n);
/* The job's Error record, checked with ref_error_valid: REF_OK with *out,
 * REF_NONE (no record), REF_FAIL (unreadable or invalid), REF_BUSY or
 * REF_NOMEM; *out is NULL unless REF_OK. */
ref_rc ref_store_load_error(ref_store *s, const char *id, cim_error **out);

/* ---- the provider instance (ref_provider.c) --------------------------- */

struct prov_ctx {
	/* Recursive: a host callback (query, request_state) may deliver an
	 * event to this instance on the calling thread before it returns. */
	pthread_mutex_t lock;
	ref_opts opts;
	prov_host host;
	prov_profile *profile;
	ref_store *store;
	ref_job **jobs;
	size_t n_jobs, cap_jobs;
	bool quiet_faults; /* its host arms no fault point (ref_fault.h) */
};

prov_ctx *ref_open(const prov_config *cfg, char *err, size_t errlen);
void ref_close(prov_ctx *p);
uint32_t ref_capabilities(prov_ctx *p);
int ref_on_event(prov_ctx *p, const prov_event *ev);
int ref_instance_id(prov_ctx *p, const char *job, char *buf, size_t len);

void ref_lock(prov_ctx *p);
void ref_unlock(prov_ctx *p);
uint64_t ref_now(prov_ctx *p);
ref_job *ref_find(prov_ctx *p, const char *id);
/* Write j's row, with its unsaved Error if any, to the store. On success
 * j is clean and that Error freed; on failure (the save's code) j stays
 * dirty, as it was. */
ref_rc ref_save(prov_ctx *p, ref_job *j);
/* Write the job rows newer than the store (ref_job.dirty). Returns REF_OK,
 * or the first failed save's code (that job stays dirty and is written at
 * the next flush). */
ref_rc ref_flush(prov_ctx *p);
/* Delete jobs whose TimeBeforeRemoval ran out (contract.md, Removal: gone
 * at every t >= end + TimeBeforeRemoval), with their Error records. A job
 * whose rows cannot be deleted still leaves memory: its expired row is
 * read by no call and deleted by the next open's sweep. */
void ref_sweep(prov_ctx *p);
/* InstanceID -> LocalID (into local, REF_LOCAL_ID_MAX + 1 bytes). */
bool ref_parse_iid(const prov_ctx *p, const char *iid, char *local);
void ref_make_iid(const prov_ctx *p, const char *id, char *buf, size_t len);
bool ref_may_read(const ref_job *j, const prov_principal *who);
/* Find the job a client names and check the caller may read it: returns a
 * CIM code (0, 4, 5, 6 or 32768). With cache=0 *j is a copy read from the
 * store (set *owned); otherwise it points into the table. */
uint32_t ref_resolve(prov_ctx *p, const prov_principal *who, const char *iid, ref_job **j,
		     bool *owned);
/* The CIM code a call answers for the failure r (never REF_OK): 5 for
 * REF_NONE, 32768 for REF_BUSY, 2 for REF_NOMEM, 4 otherwise. */
uint32_t ref_rc_code(ref_rc r);

/* ---- client operations (ref_geterror.c, ref_rsc.c, ref_instance.c) ---- */

uint32_t ref_get_error(prov_ctx *p, const prov_principal *who, const char *iid, cim_error **error);
uint32_t ref_get_errors(prov_ctx *p, const prov_principal *who, const char *iid,
			cim_error ***errors, size_t *n_errors);
uint32_t ref_request_state_change(prov_ctx *p, const prov_principal *who, const char *iid,
				  uint16_t requested_state, uint64_t timeout_period_ns);
uint32_t ref_get_instance(prov_ctx *p, const prov_principal *who, const char *iid, cim_job **job);
uint32_t ref_enumerate_instances(prov_ctx *p, const prov_principal *who, cim_job ***jobs,
				 size_t *n_jobs);

#endif /* SRPROV_REF_H */
