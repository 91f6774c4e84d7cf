/*
 * srh_result.h - the result of one run (scenario, seed, provider): a plain
 * struct the runner fills, the fork layer carries from child to parent
 * (srh_wire.c), the terminal printer shows, and the results database and
 * HTML report of the next issue store and draw. It keeps everything a
 * report needs: verdict, every failure with its source line, every client
 * call with what it returned, and the job's timeline.
 *
 * Every string and array is owned by the result (srh_result_free).
 */
#ifndef SRH_RESULT_H
#define SRH_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"

typedef enum srh_verdict {
	SRH_PASS = 0,
	SRH_FAIL,  /* a MUST or SHOULD failure */
	SRH_CRASH, /* the run's process died of a signal */
	SRH_HANG,  /* the run outlived the wall-clock watchdog */
	SRH_ERROR, /* could not run (reason says why) */
	SRH_VERDICT_COUNT
} srh_verdict;

/* "PASS", "FAIL", ...; "?" out of range. */
const char *srh_verdict_name(srh_verdict v);

/* One broken rule or unmet expectation. */
typedef struct srh_failure {
	char *rule;	     /* checker rule id ("MUST-4 error-iff-ended-in-error"),
				"expect <property>" for a scenario expectation,
				"PATH-..." / "scenario-when" for the runner's own */
	uint8_t level;	     /* SRH_MUST 0 / SRH_SHOULD 1 (check.h) */
	uint8_t from_expect; /* 1: a scenario expectation */
	char *property;	     /* CIM property involved, or NULL */
	char *expected;
	char *observed;
	uint64_t time_ns; /* virtual time */
	int line;	  /* scenario line: the expectation's, else the
			     action's during which it was seen; 0 none */
} srh_failure;

/* A vendor-specific return code (contract.md: 32768..65535, "recorded
 * with the provider's own description"), and how one without a
 * description is shown. */
#define SRH_RC_VENDOR(rc) ((rc) >= 32768u && (rc) <= 65535u)
#define SRH_RC_NO_DESC "(no description)"

/* One client call and what came back, with the job instance read by an
 * administrator at the same virtual instant. */
typedef struct srh_call_rec {
	uint64_t time_ns;
	uint8_t call; /* scn_call (GetError, ...); 0 = the final
			 GetError of the run */
	uint8_t admin;
	uint16_t requested_state; /* RequestStateChange only */
	char *principal;
	char *instance_id; /* as passed; NULL = a NULL reference */
	uint32_t rc;
	char *rc_desc;	    /* rc 32768..65535: the provider's description
			       (srh_rcdesc.h: capped, made printable); NULL
			       when it gave none, and for any other rc */
	cim_error **errors; /* GetError: 0 or 1, GetErrors: all (capped) */
	size_t n_errors;
	uint8_t has_job; /* the instance read worked */
	uint16_t job_state;
	uint16_t op_status[CIM_OPSTATUS_MAX];
	uint8_t n_op_status;
	uint16_t percent;
	int line; /* scenario line of the action */
} srh_call_rec;

typedef enum srh_tl_kind {
	SRH_TL_CREATED = 0, /* job created (text: kind, owner) */
	SRH_TL_STATE,	    /* non-final JobState change */
	SRH_TL_PROGRESS,    /* phase / PercentComplete */
	SRH_TL_FAULT,	    /* fault event sent to the provider */
	SRH_TL_ENDED,	    /* final JobState (text: cause) */
	SRH_TL_ARMED,	    /* a fault point armed (sim/ or prov/) */
	SRH_TL_FIRED,	    /* an arm fired n times (end of run) */
	SRH_TL_REQUEST,	    /* a client call */
	SRH_TL_RESTART,	    /* provider restarted */
	SRH_TL_NOTE,	    /* anything else the runner wants to say */
	SRH_TL_COUNT
} srh_tl_kind;

const char *srh_tl_kind_name(srh_tl_kind k);

typedef struct srh_tl_event {
	uint64_t time_ns;
	uint8_t kind;	    /* srh_tl_kind */
	uint16_t job_state; /* at that point, 0 = unknown */
	uint16_t percent;
	char *text; /* never NULL */
} srh_tl_event;

/* How often the engine reached a sim fault point in this run. */
typedef struct srh_hit {
	char *point;
	uint64_t hits;
} srh_hit;

typedef struct srh_result {
	char *name; /* scenario name */
	char *file; /* scenario file */
	char *job_kind;
	char *provider; /* provider name as its ops table says, or NULL */
	uint64_t seed;
	srh_verdict verdict;
	int signal;	      /* CRASH: the signal number */
	char *reason;	      /* ERROR / CRASH / HANG: one line */
	double wall_s;	      /* wall-clock seconds of the run */
	uint64_t end_ns;      /* virtual time at the end */
	uint16_t final_state; /* JobState at the end, 0 = unknown */
	char *end_class;      /* fault class id of the end, or NULL */
	srh_failure *must;
	size_t n_must, cap_must;
	srh_failure *should;
	size_t n_should, cap_should;
	srh_call_rec *calls;
	size_t n_calls, cap_calls;
	srh_tl_event *timeline;
	size_t n_timeline, cap_timeline;
	srh_hit *hits;
	size_t n_hits, cap_hits;
	char *output;	/* tail of what the run wrote to stdout/stderr */
	bool truncated; /* a list hit its cap or memory ran out */
} srh_result;

/* Caps that keep a result (and its wire form) bounded. */
#define SRH_MAX_FAILURES 1000u
#define SRH_MAX_CALLS 10000u
#define SRH_MAX_TIMELINE 20000u
#define SRH_MAX_ERRORS 64u

/* A zeroed result (verdict PASS). */
void srh_result_init(srh_result *r);
/* Free everything the result owns and zero it. NULL ok. */
void srh_result_free(srh_result *r);

/* Append a failure to the list of its level (copies the strings). On
 * allocation failure or past the cap, sets r->truncated and returns -1. */
int srh_result_fail(srh_result *r, const char *rule, int level, bool from_expect,
		    const char *property, const char *expected, const char *observed,
		    uint64_t time_ns, int line);
/* Append a timeline event (text printf-style). Same failure rules. */
int srh_result_event(srh_result *r, uint64_t time_ns, srh_tl_kind kind, uint16_t job_state,
		     uint16_t percent, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Append a call record; takes ownership of *c's strings and errors even on
 * failure (they are freed then). */
int srh_result_call(srh_result *r, srh_call_rec *c);
/* Append a hit count. */
int srh_result_hit(srh_result *r, const char *point, uint64_t hits);
/* Set r->reason (printf-style), replacing any previous one. */
void srh_result_reason(srh_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Free one call record's contents. */
void srh_call_rec_clear(srh_call_rec *c);

/* Verdict from the failure lists: FAIL when either has an entry, else
 * PASS. Leaves CRASH/HANG/ERROR alone. */
void srh_result_settle(srh_result *r);

#endif
