/*
 * srh_target.h - the live-target driver: the harness as a client of a live
 * provider it cannot build or fault, judged by the same checker as a run.
 *
 * The driver knows which actions to take (enumerate the jobs, GetError
 * twice on ended jobs and GetErrors when offered, each with the job read
 * just before and after; suspend/resume, terminate and kill of running
 * jobs; Terminate on a Completed job; a stranger's calls; a bogus and a
 * malformed InstanceID; PercentComplete watched) and feeds every
 * observation to the checker (check.h). It does not know how a call
 * reaches the provider: a protocol (CIM-XML today, WS-Management later)
 * hands it a table of client operations (srh_tgt_ops), each made on
 * behalf of a principal. The run ends as one result record (srh_result.h)
 * that the caller stores like any run's.
 *
 * Faults inside the engine, removal after TimeBeforeRemoval and provider
 * restarts cannot be produced from outside: they are reported as not
 * covered, never as passed.
 */
#ifndef SRH_TARGET_H
#define SRH_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srh/cim.h"
#include "srh/prov_abi.h"
#include "check.h"
#include "srh_result.h"

#define SRH_TGT_ERRLEN 512

/* How one client operation went. */
typedef enum srh_tgt_status {
	SRH_TGT_ANSWERED = 0,	 /* the reply is filled: a result or a fault */
	SRH_TGT_BAD_ANSWER = -1, /* the target answered, but nothing usable (an
				    HTTP error status, a body that does not
				    parse); the reason is in err */
	SRH_TGT_NO_ANSWER = -2,	 /* nothing came back (connection refused, TLS,
				    a certificate that does not verify, a
				    deadline); the reason is in err */
} srh_tgt_status;

/* One wire finding of a protocol on the bytes of an answer (check.h: the
 * MUST-wire and SHOULD-wire rules); the driver hands it to the checker. */
typedef struct srh_tgt_wire {
	srh_rule_id rule;
	char *where, *expected, *observed;
} srh_tgt_wire;

/* What one operation answered, in CIM terms whatever the protocol. Every
 * pointer is owned by the reply (srh_tgt_reply_clear). */
typedef struct srh_tgt_reply {
	/* The protocol's error answer instead of a result (a CIM-XML ERROR,
	 * a SOAP fault), as a CIM status code (CIM_SC_*). */
	bool fault;
	uint32_t fault_code;
	char *fault_text; /* NULL when none was given */
	uint32_t rc;	  /* a method's return value */
	/* Jobs: the enumeration, or the one instance read. */
	cim_job **jobs;
	size_t n_jobs;
	/* Errors: GetError 0 or 1, GetErrors all of them. */
	cim_error **errors;
	size_t n_errors;
	/* The Error came as a free string, not an embedded CIM_Error
	 * instance: kept as an Error with only Message set. */
	bool error_not_embedded;
	/* What the protocol found wrong in the answer's encoding. */
	srh_tgt_wire *wire;
	size_t n_wire;
} srh_tgt_reply;

/* The provider's clock as a client sees it: advance *t to the latest
 * datetime instance j shows (TimeSubmitted, TimeOfLastStateChange,
 * StartTime + ElapsedTime; NULL datetimes ignored). Never fails. */
void srh_tgt_clock(uint64_t *t, const cim_job *j);

/* Free what the reply owns and zero it. NULL is ignored. */
void srh_tgt_reply_clear(srh_tgt_reply *r);
/* Add a wire finding to r (strings copied). Returns 0, or -1 when memory
 * ran out (r unchanged). */
int srh_tgt_reply_wire(srh_tgt_reply *r, srh_rule_id rule, const char *where, const char *expected,
		       const char *observed);

/*
 * The client operations a protocol offers, each made as principal who
 * (the protocol maps it to its credentials). class_name is the job's class
 * as the enumeration gave it (NULL: the protocol's job class). The caller
 * passes *out zeroed (the driver does; an op only adds to it, wire findings
 * included). Each returns an srh_tgt_status; on SRH_TGT_ANSWERED *out is
 * filled, else err holds one line saying why and the caller clears *out.
 */
typedef struct srh_tgt_ops {
	const char *protocol; /* "CIM-XML", for messages */
	/* Every job (CIM_ConcreteJob and subclasses) who may see. */
	int (*enumerate)(void *ctx, const prov_principal *who, srh_tgt_reply *out, char *err,
			 size_t errlen);
	int (*get_instance)(void *ctx, const prov_principal *who, const char *class_name,
			    const char *iid, srh_tgt_reply *out, char *err, size_t errlen);
	int (*get_error)(void *ctx, const prov_principal *who, const char *class_name,
			 const char *iid, srh_tgt_reply *out, char *err, size_t errlen);
	int (*get_errors)(void *ctx, const prov_principal *who, const char *class_name,
			  const char *iid, srh_tgt_reply *out, char *err, size_t errlen);
	int (*request_state_change)(void *ctx, const prov_principal *who, const char *class_name,
				    const char *iid, uint16_t state, srh_tgt_reply *out, char *err,
				    size_t errlen);
} srh_tgt_ops;

typedef struct srh_tgt_opts {
	const char *prog;	     /* prefix of error lines ("srh run") */
	const char *name;	     /* the result's name (the target's URL) */
	prov_principal me;	     /* the main client */
	const prov_principal *other; /* a second user, or NULL */
	unsigned wait_s;	     /* wait for a requested state change */
	unsigned watch;		     /* reads of a running job */
	bool quiet;		     /* no line per call */
	FILE *out;		     /* calls and the report; NULL = stdout */
} srh_tgt_opts;

/* How a target run ended. */
typedef enum srh_tgt_end {
	SRH_TGT_DONE = 0,      /* driven to the end: res says PASS or FAIL */
	SRH_TGT_BROKEN = 1,    /* the target answered, then could not be driven:
				  res is an ERROR with the reason */
	SRH_TGT_UNREACHED = 2, /* the target never answered: res is an ERROR;
				  the one line that said why was printed */
} srh_tgt_end;

/*
 * Drive the target through ops (ctx is theirs), judge every observation,
 * print the calls (unless quiet), the coverage, the violations and the
 * rule table on o->out (except when unreached), and fill res (initialized
 * here) with the verdict, every violation, every call and the coverage as
 * timeline notes. A transport or protocol failure is printed once on
 * stderr. Returns an srh_tgt_end; out of memory for the checker is
 * SRH_TGT_BROKEN.
 */
srh_tgt_end srh_tgt_run(const srh_tgt_ops *ops, void *ctx, const srh_tgt_opts *o, srh_result *res);

#endif
