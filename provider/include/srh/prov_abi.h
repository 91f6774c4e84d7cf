/*
 * srh/prov_abi.h - the versioned C ABI between the harness and a CIM job
 * provider (ours, libsrprov_ref.so, or a vendor's .so).
 *
 * A provider .so exports one symbol, PROV_ENTRY_SYMBOL, returning its ops
 * table. Two directions cross it:
 *   engine -> provider  on_event(): job created, phase/progress, state
 *                       changed, fault (class + errno), ended.
 *   client -> provider  get_error, get_errors, request_state_change,
 *                       get_instance, enumerate_instances; every call
 *                       carries the caller's principal.
 * and the provider may call back into its host (prov_host): the virtual
 * clock, a query of the engine (which may be slow: the Timeout path), and
 * the hand-off of a RequestStateChange to the engine.
 *
 * The provider never sees simulator internals: only this header and
 * srh/cim.h. Both are header-only for a vendor (no library to link).
 *
 * Memory: everything a provider returns through an out pointer is owned by
 * the provider and given back with its own free_* op. Strings passed in
 * (events, principals, InstanceIDs) are valid only during the call.
 */
#ifndef SRH_PROV_ABI_H
#define SRH_PROV_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* major << 16 | minor. A host accepts a provider of the same major and a
 * minor >= PROV_ABI_OPS_MINOR, the minor in which prov_ops last grew;
 * ops->struct_size tells which fields exist. A minor may also add a field
 * at the end of prov_config: a provider reads it only when the host's
 * cfg->abi_version has that minor (an older host's struct ends before it).
 *   1.0  the first
 *   1.1  prov_config.flags (PROV_CFG_STORE_PRIVATE; PROV_CFG_NO_FAULTS was
 *        added later in 1.1: a new bit, read only by providers that know it) */
#define PROV_ABI_MAJOR 1u
#define PROV_ABI_MINOR 1u
#define PROV_ABI_OPS_MINOR 0u
#define PROV_ABI_VERSION ((PROV_ABI_MAJOR << 16) | PROV_ABI_MINOR)

#define PROV_ENTRY_SYMBOL "srh_provider_entry"

/*
 * Fault classes the engine reports (the key of a provider's profile).
 * X(C-suffix, "id", "what happened")
 */
#define PROV_FAULT_CLASS_MAP(X)                                                                    \
	X(IO_ERROR, "io_error", "data volume read/write I/O error (EIO)")                          \
	X(DISK_FAILURE, "disk_failure", "data disk gone (persistent device failure)")              \
	X(LOG_FULL, "log_full", "log volume full (ENOSPC)")                                        \
	X(PARTITION, "partition", "network partition: partner unreachable")                        \
	X(CONN_RESET, "conn_reset", "connection reset mid-transfer, retries exhausted")            \
	X(TIMEOUT, "timeout",                                                                      \
	  "partner silent past the heartbeat deadline, or job time limit exceeded")                \
	X(PARTNER_CRASH, "partner_crash", "partner node crash")                                    \
	X(AUTH_REFUSED, "auth_refused", "authentication to the partner refused")                   \
	X(ENGINE_OOM, "engine_oom", "engine out of memory")                                        \
	X(ENGINE_BUG, "engine_bug", "engine software fault (an invariant broke)")                  \
	X(CLIENT_TERMINATE, "client_terminate", "terminated by a client")                          \
	X(CLIENT_KILL, "client_kill", "killed by a client")

#define PROV_FC_ENUM_(id, str, what) PROV_FC_##id,
typedef enum prov_fault_class {
	PROV_FC_NONE = -1,
	PROV_FAULT_CLASS_MAP(PROV_FC_ENUM_) PROV_FC_COUNT
} prov_fault_class;
#undef PROV_FC_ENUM_

/* ---- engine -> provider events ----------------------------------------- */

typedef enum prov_event_kind {
	PROV_EV_JOB_CREATED = 1, /* u.created */
	PROV_EV_PROGRESS = 2,	 /* u.progress: phase and PercentComplete */
	PROV_EV_STATE = 3,	 /* u.state: a non-final JobState change */
	PROV_EV_FAULT = 4,	 /* u.fault: a fault hit the job */
	PROV_EV_ENDED = 5,	 /* u.ended: the final JobState */
} prov_event_kind;

/* Details of a fault, also the MessageArguments a profile may use. Any
 * string may be NULL. */
typedef struct prov_fault {
	const char *fault_class; /* an id of PROV_FAULT_CLASS_MAP */
	int err_no;		 /* errno value (EIO, ENOSPC, ...) or 0 */
	int transient;		 /* 1: the engine will retry/recover */
	const char *volume;	 /* data or log volume involved */
	const char *partner;	 /* partner node involved */
	uint64_t offset;	 /* byte offset in the volume */
	uint16_t percent;	 /* job progress when it hit */
	const char *detail;	 /* free text (e.g. "job time limit 3600s") */
} prov_fault;

typedef struct prov_event {
	uint32_t kind;	  /* prov_event_kind */
	uint64_t time_ns; /* virtual time of the event */
	const char *job;  /* the engine's job id (LocalID part) */
	union {
		struct {
			const char *job_kind; /* "initial_sync", ... */
			const char *name;     /* Name property */
			const char *owner;    /* principal that submitted it */
			/* With delete_on_completion the job is gone from end +
			 * this on; 0 = from the instant it ends (contract.md). */
			uint64_t time_before_removal_ns;
			uint64_t time_limit_ns; /* 0 = none */
			int delete_on_completion;
		} created;
		struct {
			const char *phase;
			uint16_t percent;
		} progress;
		struct {
			uint16_t job_state; /* cim_job_state, not final */
		} state;
		prov_fault fault;
		struct {
			uint16_t job_state; /* 7 Completed .. 10 Exception */
			/* Completed: NULL. Exception: the fatal fault.
			 * Terminated/Killed: client_terminate / client_kill,
			 * with requested_by set. */
			const prov_fault *cause;
			const char *requested_by;
		} ended;
	} u;
} prov_event;

/* ---- provider -> host callbacks ----------------------------------------- */

typedef enum prov_host_rc {
	PROV_HOST_OK = 0,	   /* done (the request completed) */
	PROV_HOST_STARTED = 1,	   /* accepted, will complete later */
	PROV_HOST_REJECTED = 2,	   /* makes no sense in the job's state */
	PROV_HOST_UNSUPPORTED = 3, /* the engine cannot do that */
	PROV_HOST_NO_JOB = 4,	   /* the engine has no such job (any more) */
	PROV_HOST_ERROR = 5,
} prov_host_rc;

typedef struct prov_host {
	void *ctx;
	/* Virtual time in ns. Required: a provider never reads a wall clock. */
	uint64_t (*now)(void *ctx);
	/* Ask the engine for the job's live status. Sets *latency_ns to how
	 * long the engine takes to answer (virtual ns). May be NULL (no
	 * engine attached, e.g. a reopened store). Returns prov_host_rc. */
	int (*query)(void *ctx, const char *job, uint64_t *latency_ns);
	/* Hand a RequestStateChange to the engine. Returns prov_host_rc.
	 * May be NULL (the provider then cannot change job state). */
	int (*request_state)(void *ctx, const char *job, uint16_t requested_state,
			     const char *principal);
} prov_host;

typedef struct prov_config {
	uint32_t abi_version;	  /* PROV_ABI_VERSION of the host */
	const char *store_path;	  /* job store file; NULL = in memory */
	const char *profile_path; /* fault profile file; NULL = built-in default */
	const char *options;	  /* provider-specific "k=v;k=v", may be NULL */
	const prov_host *host;
	uint32_t flags; /* PROV_CFG_*; since 1.1 (read it only then) */
} prov_config;

/* Nothing else opens store_path while this instance has it open (the
 * harness's own scratch store of one run): the provider may lock the file
 * for itself, e.g. SQLite's locking_mode=EXCLUSIVE, which spares the
 * shared-memory index WAL otherwise maps and a lock call per transaction.
 * Without it another process may read the store meanwhile (an operator's
 * sqlite3 beside srh serve --store). */
#define PROV_CFG_STORE_PRIVATE (1u << 0)
/* The host arms no provider fault point (prov_faults.h) while this
 * instance is open, and knows no one else in the process does (srh sets it
 * for a run whose scenario arms none, unless libfiu's fiu-run environment
 * is set). A provider may skip its fault checks then: libfiu asks a table
 * at every fiu_fail(), armed or not. A provider ignores flags it does not
 * know. */
#define PROV_CFG_NO_FAULTS (1u << 1)

/* The caller of a client operation. */
typedef struct prov_principal {
	const char *name;
	int admin; /* 1: an administrator of the system */
} prov_principal;

/* ---- the ops table ------------------------------------------------------ */

typedef struct prov_ctx prov_ctx; /* a provider's own state */

#define PROV_CAP_GET_ERROR (1u << 0)
#define PROV_CAP_GET_ERRORS (1u << 1)
#define PROV_CAP_REQUEST_STATE_CHANGE (1u << 2)

typedef struct prov_ops {
	uint32_t abi_version; /* PROV_ABI_VERSION the provider was built with */
	uint32_t struct_size; /* sizeof(prov_ops) it was built with */
	const char *name;     /* "srsim-reference", vendor name, ... */
	const char *version;

	/* Open a provider instance. On error returns NULL and writes a one-line
	 * reason into err (errlen bytes). */
	prov_ctx *(*open)(const prov_config *cfg, char *err, size_t errlen);
	void (*close)(prov_ctx *ctx);
	/* Capabilities (PROV_CAP_*) of this instance. */
	uint32_t (*capabilities)(prov_ctx *ctx);

	/* Engine -> provider. Returns 0, or -1 when the event was not recorded. */
	int (*on_event)(prov_ctx *ctx, const prov_event *ev);
	/* The InstanceID a client uses for the engine's job id. Returns 0, or
	 * -1 (unknown job, or buf too small). */
	int (*instance_id)(prov_ctx *ctx, const char *job, char *buf, size_t len);

	/* Client -> provider. Return values are the CIM method return codes;
	 * on a non-zero return every out pointer is left NULL/0. */
	uint32_t (*get_error)(prov_ctx *ctx, const prov_principal *who, const char *instance_id,
			      cim_error **error);
	uint32_t (*get_errors)(prov_ctx *ctx, const prov_principal *who, const char *instance_id,
			       cim_error ***errors, size_t *n_errors);
	uint32_t (*request_state_change)(prov_ctx *ctx, const prov_principal *who,
					 const char *instance_id, uint16_t requested_state,
					 uint64_t timeout_period_ns);
	/* GetInstance / EnumerateInstances: 0 ok, or a GetError-style code
	 * (5 no such job, 6 denied, 4 failed). */
	uint32_t (*get_instance)(prov_ctx *ctx, const prov_principal *who, const char *instance_id,
				 cim_job **job);
	uint32_t (*enumerate_instances)(prov_ctx *ctx, const prov_principal *who, cim_job ***jobs,
					size_t *n_jobs);
	/* Text for a vendor-specific return code (32768..65535), or NULL. */
	const char *(*rc_description)(prov_ctx *ctx, uint32_t rc);

	void (*free_error)(prov_ctx *ctx, cim_error *error);
	void (*free_errors)(prov_ctx *ctx, cim_error **errors, size_t n_errors);
	void (*free_job)(prov_ctx *ctx, cim_job *job);
	void (*free_jobs)(prov_ctx *ctx, cim_job **jobs, size_t n_jobs);
} prov_ops;

/* The one symbol a provider .so exports. Returns NULL if it cannot serve a
 * host of host_abi_version. */
typedef const prov_ops *(*prov_entry_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif
#endif /* SRH_PROV_ABI_H */
