/*
 * fake_host.h - a tiny host for driving a provider without the simulator:
 * a virtual clock, an engine query with a settable latency, and an engine
 * that carries out RequestStateChange the way the real one reports it
 * (state/ended events). Used by the contract demo, the provider_ref tests
 * and the GetError bench.
 */
#ifndef SRPROV_FAKE_HOST_H
#define SRPROV_FAKE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/prov_abi.h"

#define FH_NS_PER_S 1000000000ull
#define FH_NAME_MAX 64

typedef struct fh_host {
	prov_host host;	      /* what the provider gets; ctx = this */
	_Atomic uint64_t now; /* virtual ns; atomic: clients read it on other threads */
	uint64_t latency_ns;  /* what an engine query takes */
	int query_rc;	      /* prov_host_rc the query answers (PROV_HOST_OK) */
	int rsc_rc;	      /* prov_host_rc of request_state (PROV_HOST_STARTED) */
	int n_queries;
	int n_requests;
	char req_job[FH_NAME_MAX];
	char req_by[FH_NAME_MAX];
	uint16_t req_state;
} fh_host;

typedef struct fh_prov {
	const prov_ops *ops;
	prov_ctx *ctx;
	fh_host *h;
} fh_prov;

/* Defaults above; host.query and host.request_state set (a test may clear
 * them). Never fails. */
void fh_host_init(fh_host *h);

/* Open ops on h. Returns 0, or -1 with the provider's reason in err. */
int fh_open(fh_prov *p, fh_host *h, const prov_ops *ops, const char *store, const char *profile,
	    const char *options, char *err, size_t errlen);
void fh_close(fh_prov *p);

/* Engine events; each advances the clock by 1 ms first. Return on_event's
 * result (0, or -1 when the provider did not record it). */
int fh_created(fh_prov *p, const char *job, const char *owner, int doc, uint64_t tbr_ns);
int fh_state(fh_prov *p, const char *job, uint16_t state);
int fh_progress(fh_prov *p, const char *job, uint16_t percent);
int fh_fault(fh_prov *p, const char *job, const prov_fault *f);
int fh_end(fh_prov *p, const char *job, uint16_t state, const prov_fault *cause,
	   const char *requested_by);
/* Created, Starting, Running, 40%: a job in flight. */
int fh_running(fh_prov *p, const char *job, const char *owner);

/* Carry out the last accepted request as the engine does: Suspend -> 5,
 * Start -> 4, Terminate -> ended 8, Kill -> ended 9. Returns 0 or -1. */
int fh_engine_apply(fh_prov *p);

/* A fault of class cls with typical details (errno, volume, partner, ...).
 * The strings are static. */
prov_fault fh_fault_of(const char *cls);

/* InstanceID of job, into buf (FH_NAME_MAX * 2 bytes is plenty). */
const char *fh_iid(fh_prov *p, const char *job, char *buf, size_t len);

#endif /* SRPROV_FAKE_HOST_H */
