/*
 * scn.h - scenario files: the declarative description of one conformance
 * run (topology, job, faults, client actions and what each must observe).
 *
 * The model has three faces: parse (YAML -> model), validate (model ->
 * "file:line: message", or "PATH: message" for a model built in code) and
 * write (model -> canonical YAML); scn_equal compares two models.
 *
 * The format is YAML, documented in scenarios/FORMAT.md. The parser is
 * strict: an unknown key, a missing required key, a bad value, a value
 * outside its ValueMap or an unknown name is an error "FILE:LINE: message"
 * that names the allowed values, and no scenario comes out of it.
 *
 * Names that belong to other rooms (job kinds, simulator fault points,
 * provider fault points, job phases) are not known here: the caller passes
 * them in a scn_names. Numbers are plain C: times in virtual nanoseconds,
 * sizes in bytes, bandwidth in bits per second, CIM values as ValueMap
 * numbers (srh/cim.h). Every element keeps the line it came from so a
 * checker can cite "file:line".
 *
 * Library: srscn (static). Needs libyaml and libsrcim.
 */
#ifndef SRH_SCN_H
#define SRH_SCN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srh/cim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A buffer this large holds any parse error, allowed values included. */
#define SCN_ERRLEN 8192

/*
 * Names the parser accepts, each a NULL-terminated array. The runner fills
 * them from sim's and provider's tables. A NULL member means "not checked":
 * any well-formed name passes (a lint without the simulator, for example).
 */
typedef struct scn_names {
	const char *const *job_kinds;	/* "initial_sync", ... */
	const char *const *sim_points;	/* "sim/disk/write", ... */
	const char *const *prov_points; /* "prov/store/read", ... */
	const char *const *phases;	/* job phases for at_phase */
} scn_names;

/* ---- topology ----------------------------------------------------------- */

typedef enum scn_mode {
	SCN_MODE_SYNCHRONOUS = 0,
	SCN_MODE_ASYNCHRONOUS,
} scn_mode;

typedef struct scn_side {
	char *node;
	char *group;
	uint64_t data_size; /* bytes, of the group's data volume */
	uint64_t log_size;  /* bytes, capacity of the group's log volume */
} scn_side;

typedef struct scn_topology {
	scn_side source;
	scn_side destination;
	uint64_t bandwidth_bps; /* link bandwidth, bits per second */
	uint64_t latency_ns;	/* one-way link latency */
	scn_mode mode;
	int line; /* of "topology:", 0 when the defaults were used */
} scn_topology;

/* ---- the job ------------------------------------------------------------ */

typedef struct scn_job {
	/* "jobs:" form: the job's id, [A-Za-z0-9_.-]+, unique; NULL for the
	 * one job of "job:". */
	char *id;
	uint64_t at_ns;			 /* submitted at this virtual time (the first job: 0) */
	bool other_group;		 /* "group: other": on a replication group of its own
					    (a second pair like the topology's), not the
					    topology's group shared with the first job */
	char *kind;			 /* one of scn_names.job_kinds */
	char *owner;			 /* principal that submits the job */
	uint64_t time_limit_ns;		 /* 0 = no limit */
	uint64_t time_before_removal_ns; /* CIM TimeBeforeRemoval */
	bool delete_on_completion;
	uint64_t heartbeat_deadline_ns; /* 0 = the engine's default */
	bool hold;			/* stays New until a RequestStateChange Start */
	uint64_t dirty_size;		/* resync: bytes to copy; 0 = engine default */
	uint64_t test_size;		/* test_topology payload; 0 = engine default */
	int line;
} scn_job;

/* ---- simulator faults ---------------------------------------------------- */

typedef enum scn_trigger {
	SCN_TRIG_AT_TIME = 0, /* at_ns */
	SCN_TRIG_AT_PHASE,    /* phase */
	SCN_TRIG_AT_PERCENT,  /* percent */
	SCN_TRIG_NTH,	      /* nth */
	SCN_TRIG_PROBABILITY, /* probability */
} scn_trigger;

typedef struct scn_fault {
	char *point; /* one of scn_names.sim_points */
	scn_trigger trigger;
	uint64_t at_ns;
	char *phase;
	uint16_t percent;   /* 0..100 */
	uint64_t nth;	    /* >= 1 */
	double probability; /* 0 < p <= 1 */
	bool has_duration;
	uint64_t duration_ns;
	bool has_failinfo;
	int failinfo; /* errno the engine reports instead of the point's */
	/* Hits that fail once the trigger holds: SCN_COUNT_FOREVER (every hit,
	 * a persistent fault: the default) or a number ("count:", or 1 for
	 * "recover: true"). recover is count != SCN_COUNT_FOREVER: the engine
	 * is expected to ride the fault out. */
	uint32_t count;
	bool recover;
	char *note; /* free text kept with the fault ("note:"), or NULL */
	char *job;  /* id of the job it hits ("job:"), NULL = the first */
	int line;
} scn_fault;

#define SCN_COUNT_FOREVER UINT32_MAX

/* ---- provider faults ----------------------------------------------------- */

typedef enum scn_ptrigger {
	SCN_PTRIG_NTH = 0,   /* the nth call that reaches the point */
	SCN_PTRIG_ALWAYS,    /* every call, the whole run */
	SCN_PTRIG_AT_ACTION, /* every call made during one action */
} scn_ptrigger;

typedef struct scn_prov_fault {
	char *point; /* one of scn_names.prov_points */
	scn_ptrigger trigger;
	uint64_t nth;  /* SCN_PTRIG_NTH, >= 1 */
	size_t action; /* SCN_PTRIG_AT_ACTION: index into scn_scenario.actions */
	bool has_failinfo;
	uint64_t failinfo; /* libfiu failinfo: a number, an errno value, or a
			      duration in ns (prov/engine/slow's latency) */
	char *note;	   /* free text ("note:"), or NULL */
	int line;
} scn_prov_fault;

/* ---- expectations -------------------------------------------------------- */

typedef enum scn_level {
	SCN_MUST = 0,	/* from an "expect:" block */
	SCN_SHOULD = 1, /* from a "should:" block */
} scn_level;

/* What an expectation looks at. SCN_P_E_* are CIM_Error properties. */
#define SCN_PROP_MAP(X)                                                                            \
	X(RC, "rc")                                                                                \
	X(ERROR, "error")                                                                          \
	X(ERRORS, "errors")                                                                        \
	X(JOB_STATE, "JobState")                                                                   \
	X(OP_STATUS, "OperationalStatus")                                                          \
	X(OP_STATUS_HAS, "OperationalStatus.contains")                                             \
	X(OP_STATUS_LACKS, "OperationalStatus.lacks")                                              \
	X(PERCENT, "PercentComplete")                                                              \
	X(ERROR_CODE, "ErrorCode")                                                                 \
	X(E_ERROR_TYPE, "Error.ErrorType")                                                         \
	X(E_OTHER_ERROR_TYPE, "Error.OtherErrorType")                                              \
	X(E_OWNING_ENTITY, "Error.OwningEntity")                                                   \
	X(E_MESSAGE_ID, "Error.MessageID")                                                         \
	X(E_MESSAGE, "Error.Message")                                                              \
	X(E_MESSAGE_ARGUMENTS, "Error.MessageArguments")                                           \
	X(E_PERCEIVED_SEVERITY, "Error.PerceivedSeverity")                                         \
	X(E_PROBABLE_CAUSE, "Error.ProbableCause")                                                 \
	X(E_PROBABLE_CAUSE_DESCRIPTION, "Error.ProbableCauseDescription")                          \
	X(E_RECOMMENDED_ACTIONS, "Error.RecommendedActions")                                       \
	X(E_ERROR_SOURCE, "Error.ErrorSource")                                                     \
	X(E_ERROR_SOURCE_FORMAT, "Error.ErrorSourceFormat")                                        \
	X(E_OTHER_ERROR_SOURCE_FORMAT, "Error.OtherErrorSourceFormat")                             \
	X(E_CIM_STATUS_CODE, "Error.CIMStatusCode")                                                \
	X(E_CIM_STATUS_CODE_DESCRIPTION, "Error.CIMStatusCodeDescription")

#define SCN_PROP_ENUM_(id, key) SCN_P_##id,
typedef enum scn_prop { SCN_PROP_MAP(SCN_PROP_ENUM_) SCN_P_COUNT } scn_prop;
#undef SCN_PROP_ENUM_

/*
 * How a value is compared.
 *   SCN_M_EQ      equal to num / str / strs / nums (OperationalStatus: the
 *                 same set of values, in any order)
 *   SCN_M_NULL    error: NULL; a string property: NULL; a list: empty
 *   SCN_M_PRESENT error: present; a string: non-empty; a list: >= 1 entry
 *   SCN_M_GLOB    a string property matches str as an fnmatch(3) pattern
 * OP_STATUS_HAS / OP_STATUS_LACKS use SCN_M_EQ with nums: every value of
 * nums is in / none is in OperationalStatus.
 */
typedef enum scn_match {
	SCN_M_EQ = 0,
	SCN_M_NULL,
	SCN_M_PRESENT,
	SCN_M_GLOB,
} scn_match;

typedef struct scn_expect {
	scn_prop prop;
	scn_level level;
	scn_match match;
	uint32_t num; /* rc, JobState, errors, PercentComplete, ErrorCode,
			 and the ValueMap properties of the Error */
	char *str;    /* string properties (EQ, GLOB) */
	char **strs;  /* MessageArguments, RecommendedActions (EQ) */
	size_t n_strs;
	uint16_t *nums; /* OperationalStatus (EQ, HAS, LACKS) */
	size_t n_nums;
	int line;
} scn_expect;

/* ---- actions ------------------------------------------------------------- */

typedef enum scn_when_kind {
	SCN_WHEN_NEXT = 0,   /* right after the previous action */
	SCN_WHEN_AT_TIME,    /* time_ns after the job was submitted */
	SCN_WHEN_AT_PERCENT, /* PercentComplete first >= percent */
	SCN_WHEN_AT_PHASE,   /* the job enters phase */
	SCN_WHEN_AT_STATE,   /* JobState first equals state */
	SCN_WHEN_AT_END,     /* the job reached a final JobState */
	SCN_WHEN_AFTER_END,  /* time_ns after the job ended */
} scn_when_kind;

typedef struct scn_when {
	scn_when_kind kind;
	uint64_t time_ns;
	uint16_t percent;
	char *phase;
	uint16_t state; /* JobState value */
} scn_when;

typedef enum scn_action_kind {
	SCN_ACT_CALL = 0, /* a client call */
	SCN_ACT_RESTART,  /* close and reopen the provider on its store */
	SCN_ACT_ADVANCE,  /* let advance_ns of virtual time pass */
} scn_action_kind;

/* The numbers and names are the CIM model's (CIM_CLIENT_CALL_MAP). */
typedef enum scn_call {
	SCN_CALL_NONE = 0,
#define SCN_CALL_ENUM_(v, id, n) SCN_CALL_##id = (v),
	CIM_CLIENT_CALL_MAP(SCN_CALL_ENUM_)
#undef SCN_CALL_ENUM_
} scn_call;

typedef struct scn_action {
	char *id; /* optional label (provider fault at_action), or NULL */
	scn_when when;
	scn_action_kind kind;
	scn_call call;		    /* SCN_ACT_CALL */
	uint16_t requested_state;   /* RequestStateChange; any number is sent */
	uint64_t timeout_period_ns; /* RequestStateChange; 0 = NULL */
	uint64_t advance_ns;	    /* SCN_ACT_ADVANCE */
	char *principal;	    /* caller; defaults to the job owner */
	bool admin;
	bool has_instance_id; /* call this InstanceID, not the job's */
	char *instance_id;    /* may be NULL when has_instance_id */
	char *note;	      /* free text ("note:"), or NULL */
	char *job;	      /* id of the job addressed ("job:"), NULL = the
				 first: the call's InstanceID, its when */
	scn_expect *expects;  /* MUST ones first, then SHOULD */
	size_t n_expects;
	int line;
} scn_action;

/* ---- the scenario -------------------------------------------------------- */

/* What a scenario's host gives for one of the callbacks prov_abi.h lets a
 * host leave out (query, request_state). Names: scn_host_cb_names. */
typedef enum scn_host_cb {
	SCN_HOST_CB_ENGINE = 0,	 /* "engine": the simulator's own (the default) */
	SCN_HOST_CB_ABSENT,	 /* "absent": NULL */
	SCN_HOST_CB_UNSUPPORTED, /* "unsupported": every call answers PROV_HOST_UNSUPPORTED */
	SCN_HOST_CB_ERROR,	 /* "error": every call answers PROV_HOST_ERROR */
	SCN_HOST_CB_NO_JOB,	 /* "no_job": every call answers PROV_HOST_NO_JOB */
	SCN_HOST_CB_COUNT
} scn_host_cb;
extern const char *const scn_host_cb_names[SCN_HOST_CB_COUNT];

/* How a scenario's host passes the engine's events to the provider
 * (provider.host.events): as the simulator sent them, or with one
 * misbehaviour of a buggy or hostile engine, outside the protocol
 * prov_abi.h describes. Names: scn_host_events_names; what each sends:
 * scenarios/FORMAT.md and runner/srh_stage_events.c. */
typedef enum scn_host_events {
	SCN_HOST_EV_ENGINE = 0,	   /* "engine": as the simulator sent them */
	SCN_HOST_EV_END_NO_CAUSE,  /* "end_no_cause": the end without its cause */
	SCN_HOST_EV_NO_CAUSE,	   /* "no_cause": no fatal fault, an end without cause */
	SCN_HOST_EV_AFTER_END,	   /* "after_end": events after the job's end */
	SCN_HOST_EV_BAD_END,	   /* "bad_end": ends that are not final or of no class */
	SCN_HOST_EV_OVER_100,	   /* "over_100": PercentComplete over 100 */
	SCN_HOST_EV_BAD_STATE,	   /* "bad_state": STATE with a final or reserved JobState */
	SCN_HOST_EV_UNKNOWN_KIND,  /* "unknown_kind": an event of no prov_event_kind */
	SCN_HOST_EV_BAD_FAULT,	   /* "bad_fault": faults of no class */
	SCN_HOST_EV_CREATED_TWICE, /* "created_twice": the job created again */
	SCN_HOST_EV_BAD_CREATE,	   /* "bad_create": creations without owner or valid id */
	SCN_HOST_EV_REPEAT_STATE,  /* "repeat_state": the job's JobState sent again */
	SCN_HOST_EV_NO_ERRNO,	   /* "no_errno": faults without an errno (0) */
	SCN_HOST_EV_COUNT
} scn_host_events;
extern const char *const scn_host_events_names[SCN_HOST_EV_COUNT];

/* provider.host: the host the provider is opened with. abi_major 0: the
 * harness's own (PROV_ABI_MAJOR); each callback the ABI lets a host leave
 * out, the simulator's by default. All zero: the simulator's host. */
typedef struct scn_host {
	uint32_t abi_major;
	bool has_abi_minor; /* else the harness's own (PROV_ABI_MINOR) */
	uint32_t abi_minor;
	bool no_now; /* now: absent (a host the ABI does not allow) */
	scn_host_cb query;
	scn_host_cb request_state;
	scn_host_events events;
} scn_host;

typedef struct scn_scenario {
	char *file;	   /* as given to the parser */
	char *name;	   /* unique id, [A-Za-z0-9_.-]+ */
	char *description; /* or NULL */
	/* Which clauses of shared/spec/contract.md (and rows of its reference
	 * profile) the scenario covers, as free text ("contract:"), or NULL. */
	char *contract;
	char *note; /* free text about the file ("note:"), or NULL */
	char **tags;
	size_t n_tags;
	uint64_t seed;
	scn_topology topology;
	scn_job job; /* the first job: "job:", or the first of "jobs:" */
	/* The other jobs of a "jobs:" list, in file order (then job.id is
	 * set). Actions, faults and final name one by id ("job:"). */
	scn_job *more_jobs;
	size_t n_more_jobs;
	char *provider_options; /* "k=v;k=v" for prov_config.options, or NULL */
	/* The provider must refuse to open, its one-line reason containing
	 * this text (then nothing else of the scenario runs); NULL: it opens. */
	char *provider_refuses;
	/* A job store file the provider opens instead of a fresh one, as
	 * written: relative to the scenario file's directory (or absolute).
	 * The run opens a copy (a ".sql" file: a new SQLite database made by
	 * running its text), never the file itself. NULL: a fresh store. */
	char *provider_store;
	/* provider.store_jobs: InstanceIDs of jobs that store holds. A call
	 * naming one is judged as a call on a job (of which the run knows no
	 * history), not as a reference that names no job. */
	char **store_jobs;
	size_t n_store_jobs;
	scn_host host; /* provider.host */
	scn_prov_fault *prov_faults;
	size_t n_prov_faults;
	scn_fault *faults;
	size_t n_faults;
	scn_action *actions;
	size_t n_actions;
	scn_expect *final; /* checked on the job at the end of the run */
	size_t n_final;
	char *final_job; /* the job final judges ("job:"), NULL = the first */
	int final_line;
	/* The line each value was read from (the parser's record, so that
	 * scn_validate can cite file:line); NULL for a model built in code.
	 * Ignored by scn_write and scn_equal. */
	struct scn_srcmap *src;
} scn_scenario;

/*
 * Parse a scenario file. names says which names of other rooms are allowed
 * (NULL: none checked). On success returns 0 and sets *out (free it with
 * scn_free). On error, returns -1, writes "file:line: message" into err
 * (errlen bytes, cut to fit; SCN_ERRLEN holds any message; err may be
 * NULL) and sets *out to NULL. A file that cannot be read gives
 * "file: reason" (no line); a provider.store file that cannot be read is
 * an error at its line (scn_check_files).
 */
int scn_parse_file(const char *path, const scn_names *names, scn_scenario **out, char *err,
		   size_t errlen);

/*
 * Same for text in memory (len bytes; it need not end in NUL). file is the
 * name used in messages and in scn_scenario.file. Same errors as above.
 */
int scn_parse_string(const char *file, const char *text, size_t len, const scn_names *names,
		     scn_scenario **out, char *err, size_t errlen);

/* The file provider.store names, resolved against the directory of
 * s->file (as is when absolute, or when s has no file), into buf (len
 * bytes). Returns 0, or -1 when s names no store or the path does not fit. */
int scn_store_path(const scn_scenario *s, char *buf, size_t len);

/* The files a scenario read from disk names (provider.store) can be read,
 * now rather than when the run reaches the open. scn_parse_file calls it;
 * scn_parse_string does not (its text may have been written elsewhere).
 * Returns 0, or -1 with "file:line: message" in err. */
int scn_check_files(const scn_scenario *s, char *err, size_t errlen);

/* Free a parsed scenario, or one built in code whose strings and arrays
 * are malloc'ed. NULL is fine. */
void scn_free(scn_scenario *s);

/* Number of jobs of s (1 + n_more_jobs), and job i of them (0 = s->job);
 * NULL when i is out of range. Never fail. */
size_t scn_job_count(const scn_scenario *s);
const scn_job *scn_job_at(const scn_scenario *s, size_t i);
/* Index of the job whose id is id (NULL = the first: 0), or -1 when no job
 * has that id. Never fails. */
long scn_job_find(const scn_scenario *s, const char *id);

/*
 * Check a scenario model: every rule of FORMAT.md that a model can break
 * (names in the tables of names, ids, ranges, ValueMap classes, keys that
 * apply to an action, a provider fault's action, unique action ids, valid
 * UTF-8, ...). The parser calls it on every model it builds, so a model
 * built in code meets the same rules. Returns 0 when valid. On error,
 * returns -1 and writes one line into err (errlen bytes, cut to fit; may be
 * NULL): "file:line: message" for a parsed model, else "[file: ]PATH:
 * message" with PATH the field ("actions[2].at_percent",
 * "faults[0].point"). Never changes s.
 */
int scn_validate(const scn_scenario *s, const scn_names *names, char *err, size_t errlen);

/*
 * Write s as canonical YAML (FORMAT.md, "Canonical form"): one fixed key
 * order, defaults left out, one spelling per value, strings quoted only
 * when needed. Written from the model alone, so scn_parse_string of the
 * text gives a model scn_equal to s, and writing that again gives the same
 * bytes. s should pass scn_validate (a model that does not may not read
 * back). Returns 0, or -1 when the stream fails (errno set by stdio).
 */
int scn_write(const scn_scenario *s, FILE *f);
/* Same into a malloc'ed NUL-terminated buffer (*out, *len). On error
 * returns -1 and sets *out to NULL. */
int scn_write_string(const scn_scenario *s, char **out, size_t *len);

/*
 * Do a and b describe the same scenario? Compares every field but the
 * source positions (lines, file, src). On a difference returns false and
 * writes the first differing field's path into why (whylen bytes; may be
 * NULL): "actions[1].expects[0].num". Never fails.
 */
bool scn_equal(const scn_scenario *a, const scn_scenario *b, char *why, size_t whylen);

/*
 * Scenario files under path, sorted by path (strcmp): every *.yaml and *.yml
 * below a directory, recursively, skipping names that start with '.'; a
 * regular file is returned as itself. On success returns 0 and sets *paths
 * (free with scn_list_free) and *n. On error returns -1, writes a one-line
 * reason into err, and sets *paths to NULL and *n to 0.
 */
int scn_list_dir(const char *path, char ***paths, size_t *n, char *err, size_t errlen);
/* Free a list from scn_list_dir. NULL is fine. */
void scn_list_free(char **paths, size_t n);

/* Does name match glob (fnmatch(3), no flags)? A NULL glob matches all.
 * Never fails. */
bool scn_name_matches(const char *name, const char *glob);

/* Names for messages and reports; never fail ("?" for a value out of
 * range). */
/* The key of a property as written in a file ("Error.ProbableCause"). */
const char *scn_prop_key(scn_prop p);
/* "GetError", ..., or "none" for SCN_CALL_NONE. */
const char *scn_call_name(scn_call c);
/* "MUST" or "SHOULD". */
const char *scn_level_name(scn_level l);

/*
 * Units, as the format writes them. Each returns 0 and sets *out, or -1 and
 * changes nothing when text is not a whole number with one of the units:
 *   duration   ns us ms s m h d            ("500ms", "2h"; bare "0")
 *   size       B KB MB GB TB KiB MiB GiB TiB  ("100GiB", "1TB")
 *   bandwidth  bps Kbps Mbps Gbps Tbps     ("1Gbps"; 1000-based)
 */
int scn_parse_duration(const char *text, uint64_t *out);
int scn_parse_size(const char *text, uint64_t *out);
int scn_parse_bandwidth(const char *text, uint64_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SRH_SCN_H */
