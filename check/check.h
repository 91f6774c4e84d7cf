/*
 * check.h - the contract checker (libsrh_check).
 *
 * A checker is fed what a client observed of a provider (GetError,
 * GetErrors, RequestStateChange and GetInstance/EnumerateInstances calls,
 * with the job instance read at the same virtual instant) plus a few facts
 * the driver knows (the job's owner, a provider restart, a job removed), and
 * records every violation of shared/spec/contract.md it can see.
 *
 * It judges only what a client can observe: it depends on srh/cim.h,
 * srh/prov_abi.h (for prov_principal) and libsrcim, never on a provider's
 * or the simulator's internals, so a vendor's .so is judged by the same
 * code as ours.
 *
 * Everything passed in is read, never kept: the checker copies what it
 * needs for the per-job history. Inputs may be hostile (NULL or huge
 * strings, non-UTF-8, absurd array counts, values outside every ValueMap):
 * such input becomes a violation, never a crash. Arrays are read up to
 * their count only when the count is at most SRH_CHECK_MAX_ARRAY (a larger
 * count is itself a violation and the array is not read).
 */
#ifndef SRH_CHECK_H
#define SRH_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"
#include "srh/prov_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sanity caps for hostile input. */
#define SRH_CHECK_MAX_STR 65536u  /* bytes in one string property */
#define SRH_CHECK_MAX_ARRAY 4096u /* elements in one array / result set */

/*
 * A deep copy of an Error a provider returned, safe against a hostile one:
 * strings cut at SRH_CHECK_MAX_STR bytes, an array whose count is above
 * SRH_CHECK_MAX_ARRAY is left NULL (never read). Free it with
 * cim_error_free. NULL for NULL e; on allocation failure returns NULL.
 * (cim_error_dup_capped with the checker's caps: one copy in the CIM model.)
 */
cim_error *srh_check_error_copy(const cim_error *e);

/* The same for a job instance (strings cut at SRH_CHECK_MAX_STR bytes,
 * n_op_status capped at CIM_OPSTATUS_MAX). Free it with cim_job_free. NULL
 * for NULL j; on allocation failure returns NULL. */
cim_job *srh_check_job_copy(const cim_job *j);

/* Is s (NULL ok) valid UTF-8 of at most SRH_CHECK_MAX_STR bytes (the
 * checker's well-formedness test)? Reads at most SRH_CHECK_MAX_STR + 1
 * bytes of s. */
bool srh_check_text_ok(const char *s);

/* ---- rules ------------------------------------------------------------- */

typedef enum srh_level {
	SRH_MUST = 0,
	SRH_SHOULD = 1,
} srh_level;

/* The one rule table. Order is stable; ids never change once published. */
#define SRH_RULE_MAP(X)                                                                            \
	X(RC_RANGE, SRH_MUST, "MUST-1 rc-range",                                                   \
	  "GetError/GetErrors return 0..6 or vendor 32768..65535, never DMTF reserved 7..32767")   \
	X(NO_ERROR_ON_FAILURE, SRH_MUST, "MUST-2 no-error-on-failure",                             \
	  "a non-zero return leaves the Error NULL (no partial instance leaks out)")               \
	X(ACCESS_LEAK, SRH_MUST, "MUST-3 access-denied-leaks-nothing",                             \
	  "return 6 gives a NULL Error, and nothing of a job's error reaches a caller who is "     \
	  "neither owner nor administrator")                                                       \
	X(ACCESS_CONTROL, SRH_MUST, "MUST-rc6 access-control",                                     \
	  "6 Access Denied exactly when the caller is neither the job's owner nor an "             \
	  "administrator")                                                                         \
	X(INVALID_PARAMETER, SRH_MUST, "MUST-rc5 invalid-parameter",                               \
	  "a malformed reference, one that is not exactly a job's InstanceID, a job that never "   \
	  "existed or was removed (from its end + TimeBeforeRemoval on), or a missing output "     \
	  "argument gets 5 and NULL; a job is present until then")                                 \
	X(ERROR_IFF_ENDED, SRH_MUST, "MUST-4 error-iff-ended-in-error",                            \
	  "on 0 the Error is NULL exactly when the job has not ended or completed with OK; "       \
	  "failed, terminated and killed jobs have one")                                           \
	X(ERROR_PROPS, SRH_MUST, "MUST-5 error-properties",                                        \
	  "a present Error has a MessageID, defined "                                              \
	  "ErrorType/PerceivedSeverity/ProbableCause/CIMStatusCode/ErrorSourceFormat, "            \
	  "OtherErrorSourceFormat exactly when ErrorSourceFormat is 1")                            \
	X(ERROR_WELLFORMED, SRH_MUST, "MUST-5 error-wellformed",                                   \
	  "a present Error is a well-formed instance: UTF-8 strings of sane length, array counts " \
	  "that match their arrays")                                                               \
	X(ERROR_PROPS_SHOULD, SRH_SHOULD, "SHOULD-5 error-properties",                             \
	  "OwningEntity set; ErrorSource is this job's object path with ErrorSourceFormat 2; "     \
	  "OtherErrorType with ErrorType 1; ProbableCauseDescription with ProbableCause 1")        \
	X(ERROR_STABLE, SRH_MUST, "MUST-6 error-stable",                                           \
	  "GetError on an ended job returns equal Errors every time, across provider restarts, "   \
	  "until the job is removed")                                                              \
	X(GETERRORS, SRH_MUST, "MUST-7 geterrors-consistent",                                      \
	  "GetErrors' first error equals GetError's Error, and there is none for a job completed " \
	  "with OK")                                                                               \
	X(JOB_INSTANCE, SRH_MUST, "MUST-8 job-instance",                                           \
	  "JobState defined, PercentComplete 0..100 and not falling while the job runs, "          \
	  "ErrorCode 0 after success, well-formed instance; the same job keeps its Name, its "     \
	  "StartTime once set and an ElapsedTime that does not fall (fixed once it ended)")        \
	X(STATE_CHANGE_TIME, SRH_MUST, "MUST-9 state-change-time",                                 \
	  "TimeOfLastStateChange moves exactly when JobState changes (not with progress); a "      \
	  "rejected RequestStateChange changes neither")                                           \
	X(RSC_CODES, SRH_MUST, "MUST-10 rsc-codes",                                                \
	  "RequestStateChange returns 0..6, 4096..4099 or vendor; a request that makes no sense "  \
	  "in the state gets 4097")                                                                \
	X(PATH_OK_ABSENT, SRH_MUST, "MUST-path opstatus-ok-absent",                                \
	  "OK (2) is absent from OperationalStatus of a failed, terminated or killed job")         \
	X(PATH_OPSTATUS_SET, SRH_SHOULD, "SHOULD-path opstatus-set",                               \
	  "OperationalStatus is the reference set of the path: New {15}, running {2}, success "    \
	  "{2,17}, failure {6,17}, Terminated {10}, Killed {14}")                                  \
	X(PROFILE, SRH_SHOULD, "SHOULD-profile property-mismatch",                                 \
	  "each CIM_Error property named by the active fault profile has the profile's value")     \
	X(ERROR_OWN, SRH_MUST, "MUST-6 error-own",                                                 \
	  "an Error describes the fault or request that ended this job, never another job's: "     \
	  "ErrorSource names no other job, it is not another job's Error of a different end, "     \
	  "and ProbableCause 111 Timeout exactly when a timeout ended the job")                    \
	X(WIRE_SCHEMA, SRH_MUST, "MUST-wire schema",                                               \
	  "a response has the protocol's shape: CIM-XML, valid against DSP0203 2.4.0 (the DTD "    \
	  "of DSP0201 2.4), the embedded INSTANCE of an Error included; WS-Management, a SOAP "    \
	  "1.2 envelope with wsa:Action and wsa:MessageID, a method output named METHOD_OUTPUT "   \
	  "in the ResourceURI's namespace under Action RESOURCEURI/METHODResponse (DSP0227), "     \
	  "with a ReturnValue")                                                                    \
	X(WIRE_EMBEDDED, SRH_MUST, "MUST-wire embedded-error",                                     \
	  "an Error output is an embedded instance as the protocol maps it: CIM-XML, a "           \
	  "PARAMVALUE "                                                                            \
	  "marked EmbeddedObject=\"instance\" whose VALUE holds one INSTANCE with CLASSNAME, "     \
	  "never VALUE.NAMEDINSTANCE; WS-Management (DSP0230), an element whose children are "     \
	  "the properties in the class's namespace, typed xsi:type=\"PREFIX:CLASS_Type\", never "  \
	  "a string")                                                                              \
	X(WIRE_TYPE, SRH_MUST, "MUST-wire cim-type",                                               \
	  "each CIM_Error and job property carries the CIM type of its MOF declaration, scalar "   \
	  "or array as declared")                                                                  \
	X(WIRE_NULL, SRH_MUST, "MUST-wire null-form",                                              \
	  "a NULL output parameter is written as the protocol says (CIM-XML: a PARAMVALUE "        \
	  "without VALUE; WS-Management: an empty element with xsi:nil=\"true\"), never an "       \
	  "empty value")                                                                           \
	X(WIRE_NULL_OMITTED, SRH_SHOULD, "SHOULD-wire null-omitted",                               \
	  "a NULL Error is sent (CIM-XML: an empty PARAMVALUE; WS-Management: xsi:nil), not "      \
	  "left out (srh serve "                                                                   \
	  "--omit-null-params is a declared deviation for sblim-wbemcli)")                         \
	X(REMOVED_GONE, SRH_MUST, "MUST-removal gone-after-restart",                               \
	  "a removed job (from its end + TimeBeforeRemoval on) stays gone across provider "        \
	  "restarts: GetError 5 and NULL, not enumerated, GetInstance not found; nothing of it "   \
	  "comes back from the provider's store")                                                  \
	X(JOB_ERROR, SRH_SHOULD, "SHOULD-profile job-error",                                       \
	  "with the profile's JobError: Message, the job instance carries its Error: "             \
	  "ErrorDescription is the Error's Message and ErrorCode is not 0 while the job has an "   \
	  "Error; without one, ErrorDescription is empty and ErrorCode 0")                         \
	X(MESSAGE_ARGS, SRH_SHOULD, "SHOULD-profile message-arguments",                            \
	  "MessageArguments are the values of the fault that ended the job (volume, partner, "     \
	  "offset, percent, detail, requester, job) in the order of the profile's Message "        \
	  "template, and Message is that template filled with them")                               \
	X(REMOVAL_SETTINGS, SRH_MUST, "MUST-removal instance-settings",                            \
	  "the job instance's DeleteOnCompletion and TimeBeforeRemoval are those the client "      \
	  "submitted the job with: the job goes at its end + TimeBeforeRemoval when "              \
	  "DeleteOnCompletion is TRUE and stays while it is FALSE")                                \
	X(OWNER_REPORTED, SRH_SHOULD, "SHOULD-rc6 owner-reported",                                 \
	  "the job instance's Owner is the principal that submitted the job, the owner 6 Access "  \
	  "Denied is judged against (a SHOULD: CIM_Job allows a service or method name there)")

#define SRH_RULE_ENUM_(sym, lvl, id, text) SRH_R_##sym,
typedef enum srh_rule_id { SRH_RULE_MAP(SRH_RULE_ENUM_) SRH_R_COUNT } srh_rule_id;
#undef SRH_RULE_ENUM_

typedef struct srh_rule {
	srh_rule_id rid;
	srh_level level;
	const char *id;	  /* "MUST-4 error-iff-ended-in-error" */
	const char *text; /* one line */
} srh_rule;

/* The rule table: srh_rules[0 .. SRH_R_COUNT-1], indexed by srh_rule_id. */
extern const srh_rule srh_rules[SRH_R_COUNT];
/* The rule r, or NULL when r is out of range. */
const srh_rule *srh_rule_get(srh_rule_id r);
/* The rule whose id is id (exact, or its first word: "MUST-4"); NULL if none. */
const srh_rule *srh_rule_find(const char *id);
/* "MUST" or "SHOULD". */
const char *srh_level_name(srh_level l);

/* ---- violations -------------------------------------------------------- */

typedef struct srh_violation {
	srh_rule_id rule;
	srh_level level;
	const char *id;	   /* the rule's id */
	char *property;	   /* CIM property involved, or NULL */
	char *expected;	   /* never NULL */
	char *observed;	   /* never NULL */
	uint64_t time_ns;  /* virtual time of the observation */
	char *instance_id; /* job, or NULL when not known */
} srh_violation;

/*
 * One line: "MUST-4 error-iff-ended-in-error at t=12.000000000s job SRSIM:1:
 * expected Error present (JobState 10 Exception), observed NULL" (with
 * "<property>: " after the job when a property is named). Writes at most len
 * bytes (NUL-terminated, truncated if needed) and returns the length the
 * full line has, like snprintf; returns -1 when v or buf is NULL.
 */
int srh_violation_format(const srh_violation *v, char *buf, size_t len);

/* ---- the checker ------------------------------------------------------- */

typedef struct srh_checker srh_checker;

/* A new checker with no history. On allocation failure returns NULL. */
srh_checker *srh_checker_new(void);
void srh_checker_free(srh_checker *c);

/* Number of violations recorded, in total and of one level. */
size_t srh_check_count(const srh_checker *c);
size_t srh_check_count_level(const srh_checker *c, srh_level l);
/* Violation i (0-based, in the order found), or NULL when out of range. */
const srh_violation *srh_check_violation(const srh_checker *c, size_t i);
/* How many violations of rule r were recorded. */
size_t srh_check_count_rule(const srh_checker *c, srh_rule_id r);
/* Violations found but not recorded for lack of memory (normally 0). */
size_t srh_check_dropped(const srh_checker *c);
/* Forget the violations (the per-job history stays). */
void srh_check_clear(srh_checker *c);

/*
 * Every srh_check_* feeding function below returns 0; or -1 when the
 * checker or the observation is NULL (nothing judged), when a fact names no
 * job (NULL InstanceID), or when memory ran out: then the observation was
 * judged, but a violation or a piece of history could not be stored
 * (counted by srh_check_dropped()).
 */

/* ---- facts ------------------------------------------------------------- */

/* The job's owner (the principal that submitted it), as the driver knows it
 * (e.g. from the job-created event). Without it, access rules that need the
 * owner are not checked for the job. */
int srh_check_owner(srh_checker *c, const char *instance_id, const char *owner);
/* The provider was closed and reopened on the same store at t. */
int srh_check_restart(srh_checker *c, uint64_t time_ns);
/* The job was removed (past TimeBeforeRemoval) at t: from now on it must be
 * gone (5). */
int srh_check_removed(srh_checker *c, uint64_t time_ns, const char *instance_id);
/* The job was submitted with DeleteOnCompletion and TimeBeforeRemoval as
 * given (contract.md, Removal: a job that ended at E is gone from E + T on,
 * T = 0 meaning from the instant it ends). Without this fact the checker
 * takes both from the instances it reads. */
int srh_check_removal(srh_checker *c, const char *instance_id, bool delete_on_completion,
		      uint64_t time_before_removal_ns);
/* The engine ended the job at time_ns (E) because of cause: a fault class
 * ("io_error", "timeout", "client_terminate", "client_kill", ...; see
 * srh/prov_faults.h) or NULL for an end without fault. E lets the checker
 * know when the job must be gone although no read showed it ended; the
 * cause is what the job's Error must describe (invariant 6: an Error is
 * this job's own). */
int srh_check_ended(srh_checker *c, const char *instance_id, uint64_t time_ns, const char *cause);
/* The engine set the job's JobState to job_state at time_ns (its creation
 * as New, each state event, its end), fed in time order. With these facts
 * invariant 9 is checked exactly: every read showing that JobState has
 * TimeOfLastStateChange equal to the instant of the last change. Without
 * them only what two reads can prove is checked (a time that did not move
 * although JobState did, or moved back), since a change and its way back
 * between two reads cannot be told from a time that moved with progress. */
int srh_check_state(srh_checker *c, const char *instance_id, uint64_t time_ns, uint16_t job_state);

/* ---- observations ------------------------------------------------------ */

/* A GetError call. */
typedef struct srh_obs_get_error {
	uint64_t time_ns;
	const char *instance_id;   /* as passed by the client */
	const prov_principal *who; /* caller, NULL = not known */
	uint32_t rc;
	const cim_error *error; /* the returned Error, or NULL */
	/* The job instance read (by an administrator) at the same instant, or
	 * NULL when unknown. It is judged as an instance observation too: do
	 * not feed the same read again with srh_check_instance(). */
	const cim_job *job;
	/* The call was deliberately malformed: missing output argument,
	 * malformed InstanceID, a job that never existed, or any other
	 * spelling of a job's InstanceID (contract.md: a reference names a
	 * job only by exact string equality). Expects 5. */
	bool bad_request;
} srh_obs_get_error;
int srh_check_get_error(srh_checker *c, const srh_obs_get_error *o);

/* A GetErrors call (same fields, an array of Errors). */
typedef struct srh_obs_get_errors {
	uint64_t time_ns;
	const char *instance_id;
	const prov_principal *who;
	uint32_t rc;
	cim_error *const *errors;
	size_t n_errors;
	const cim_job *job;
	bool bad_request;
} srh_obs_get_errors;
int srh_check_get_errors(srh_checker *c, const srh_obs_get_errors *o);

/* A RequestStateChange call, with the instance (read by an administrator)
 * just before and just after it, either NULL when not known. Both reads are
 * judged as instance observations. */
typedef struct srh_obs_rsc {
	uint64_t time_ns;
	const char *instance_id;
	const prov_principal *who;
	uint16_t requested_state;
	uint32_t rc;
	const cim_job *before;
	const cim_job *after;
	/* The reference names no job (as in srh_obs_get_error): the request
	 * must not be accepted (0 or 4096). */
	bool bad_request;
	/* before was judged at its own instant (srh_check_job_read) and is
	 * here only for the request's rules: the engine's state changes
	 * during the call must not be held against a read made before it. */
	bool before_judged;
} srh_obs_rsc;
int srh_check_rsc(srh_checker *c, const srh_obs_rsc *o);

/* A job instance read at time_ns by the harness (not a client call): its
 * invariants (8, 9) against what is known at that instant. Returns 0
 * when it holds, non-zero when a failure was added; -1 when c or j is NULL
 * (nothing changes then). */
int srh_check_job_read(srh_checker *c, uint64_t time_ns, const char *instance_id, const cim_job *j);

/* A GetInstance call (rc is the ABI's GetError-style code: 0, 4, 5, 6). */
typedef struct srh_obs_instance {
	uint64_t time_ns;
	const char *instance_id; /* requested */
	const prov_principal *who;
	uint32_t rc;
	const cim_job *job; /* returned, or NULL */
	/* The reference names no job (as in srh_obs_get_error): expects no
	 * instance and a non-zero rc. */
	bool bad_request;
} srh_obs_instance;
int srh_check_instance(srh_checker *c, const srh_obs_instance *o);

/* An EnumerateInstances call: each returned job is judged as an instance. */
int srh_check_enumerate(srh_checker *c, uint64_t time_ns, const prov_principal *who, uint32_t rc,
			cim_job *const *jobs, size_t n_jobs);

/*
 * The profile check (SHOULD): compare an observed Error with the active
 * profile's expected template. Numeric properties (ErrorType,
 * PerceivedSeverity, ProbableCause, CIMStatusCode, ErrorSourceFormat) are
 * always compared. A string property of the template is an fnmatch(3)
 * pattern ("SR[0-9][0-9][0-9][0-9]"), compared only when non-NULL.
 * n_recommended_actions in the template is a minimum count. Each differing
 * property is its own SHOULD-profile violation naming it; an observed NULL
 * is one violation on property "Error".
 */
int srh_check_profile(srh_checker *c, uint64_t time_ns, const char *instance_id,
		      const cim_error *observed, const cim_error *expected);

/*
 * A wire finding: what a protocol codec saw in the bytes of one exchange,
 * judged under one of the MUST-wire/SHOULD-wire rules of the table (the
 * codec knows the encoding, the checker keeps the verdicts). property names
 * the element or property involved (may be NULL), instance_id the job (may
 * be NULL). Returns 0; -1 when c, expected or observed is NULL or rule is
 * not a wire rule (nothing recorded), or when memory ran out (dropped).
 */
int srh_check_wire(srh_checker *c, srh_rule_id rule, uint64_t time_ns, const char *instance_id,
		   const char *property, const char *expected, const char *observed);
/* Is r one of the wire rules (MUST-wire, SHOULD-wire)? */
bool srh_rule_is_wire(srh_rule_id r);

/*
 * The job instance against its Error, as the active profile's "JobError:
 * Message" says (SHOULD-profile job-error): j read at the instant a
 * GetError by an authorized caller returned 0 with e (NULL = no Error).
 * While e is present, ErrorDescription equals e's Message and ErrorCode is
 * not 0; while it is NULL, ErrorDescription is NULL or empty and ErrorCode 0.
 */
int srh_check_job_error(srh_checker *c, uint64_t time_ns, const char *instance_id, const cim_job *j,
			const cim_error *e);

/*
 * The Error's Message and MessageArguments against the fault that ended
 * the job (SHOULD-profile message-arguments). tmpl is the active profile's
 * Message template for the fault's class: text with {name} placeholders
 * ("{{" a literal '{'). names[i] / values[i] (n pairs) give the value the
 * placeholder name must take, a NULL value meaning not known (not
 * compared), several lines meaning any one of them ("EIO\n5": a name or a
 * number); a placeholder not in names is not compared either. Checks that
 * there is one MessageArgument per placeholder, in order, each known one
 * equal to its value, and that Message is tmpl with each placeholder
 * replaced by its MessageArgument. Each difference is one violation naming
 * the property.
 */
int srh_check_message(srh_checker *c, uint64_t time_ns, const char *instance_id,
		      const cim_error *observed, const char *tmpl, const char *const *names,
		      const char *const *values, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* SRH_CHECK_H */
