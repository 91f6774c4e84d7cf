/*
 * prx_int.h - what the files of libsrproxy share and nobody else sees.
 */
#ifndef SRH_PRX_INT_H
#define SRH_PRX_INT_H

#include <stdarg.h>

#include "check.h"
#include "prx.h"
#include "srh/cim.h"

/* A connection-level header (RFC 9110 7.6.1) or one libcurl writes itself
 * (Host, Content-Length, Expect, Date): never forwarded as the message's. */
bool prx_header_hop(const char *name, size_t n);

/* Format one line into err (nothing when err is NULL). */
void prx_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- what a protocol decoder hands the session (prx_session.c) ---------- */

typedef enum prx_call {
	PRX_C_OTHER = 0, /* an operation the contract does not speak of */
	PRX_C_ENUMERATE,
	PRX_C_GET_INSTANCE,
	PRX_C_GET_ERROR,
	PRX_C_GET_ERRORS,
	PRX_C_RSC,
} prx_call;

/* One exchange in CIM terms. Pointers belong to the decoder. */
typedef struct prx_obs {
	prx_call call;
	const char *iid; /* the job named by the request, or NULL */
	uint16_t requested_state;
	bool fault; /* the protocol's error answer */
	uint32_t fault_code;
	bool has_rc;
	uint32_t rc;
	cim_job *const *jobs;
	size_t n_jobs;
	cim_error *const *errors;
	size_t n_errors;
	char *const *names; /* InstanceIDs of an enumeration of names */
	size_t n_names;
} prx_obs;

/* A wire finding of a decoder, for the session to judge. */
typedef void (*prx_wire_fn)(void *ctx, srh_rule_id rule, const char *where, const char *expected,
			    const char *observed);

/* Decode one exchange of each protocol: wire findings to wire(ctx, ...),
 * then done(ctx, &obs) once with what it says (not called when the
 * request or the answer cannot be read as the protocol's). */
void prx_cimxml_decode(const prx_exchange *x, prx_wire_fn wire,
		       void (*done)(void *ctx, const prx_obs *o), void *ctx);
void prx_wsman_decode(const prx_exchange *x, prx_wire_fn wire,
		      void (*done)(void *ctx, const prx_obs *o), void *ctx);

/* ---- the session's state (prx_session.c, prx_results.c) ----------------- */

#include <pthread.h>

#define PRX_MAX_JOBS 4096u
#define PRX_MAX_GW 32u

typedef struct prx_job {
	char *iid;
	cim_job *last; /* the last instance read, or NULL */
	unsigned long calls;
} prx_job;

struct prx_session {
	pthread_mutex_t mu;
	prx_proto proto;
	char *upstream;
	prx_role roles[PRX_MAX_ROLES];
	size_t n_roles;
	srh_checker *chk;
	uint64_t t;
	prx_job *jobs;
	size_t n_jobs, cap_jobs;
	prx_stats st;
	char *gw[PRX_MAX_GW]; /* 502/504 reasons */
	size_t n_gw;
	bool oom;
	/* the exchange being judged */
	const prx_exchange *x;
	const prov_principal *who;
	const char *iid;
};

/* The job of the exchange being judged (a decoder names it before its
 * wire findings, so they go to that job's result). ctx: the session. */
void prx_session_set_iid(void *ctx, const char *iid);

#endif
