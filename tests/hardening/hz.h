/*
 * hz.h - shared fixture of the hardening tests: the reference provider
 * (static library, through its ABI entry) on a thread-safe host with a
 * shared virtual clock, event helpers that return on_event's result
 * instead of asserting (they run on non-test threads), and a field by
 * field CIM_Error comparison that names what differs.
 */
#ifndef HZ_H
#define HZ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"
#include "srh/prov_abi.h"

#define HZ_NS_PER_MS 1000000ull

extern const prov_principal hz_owner; /* "alice", owns every job */
extern const prov_principal hz_admin; /* "root", administrator */
extern const prov_principal hz_other; /* "mallory", neither */

/* A host any thread may call: now() reads an atomic clock, query() answers
 * at once (latency 0, PROV_HOST_OK), request_state is NULL. */
typedef struct hz_host {
	prov_host host; /* ctx = this */
	_Atomic uint64_t now;
} hz_host;

typedef struct hz_prov {
	const prov_ops *ops;
	prov_ctx *ctx;
	hz_host *h;
} hz_prov;

void hz_host_init(hz_host *h);
/* Open the reference provider on h. Returns 0, or -1 with its reason in
 * err. */
int hz_open(hz_prov *p, hz_host *h, const char *store, const char *options, char *err,
	    size_t errlen);
void hz_close(hz_prov *p);

/* Engine events at a fresh tick of the shared clock (+1 ms). Each returns
 * on_event's result: 0, or -1 when the provider did not record it. */
int hz_created(hz_prov *p, const char *job);
int hz_state(hz_prov *p, const char *job, uint16_t state);
int hz_progress(hz_prov *p, const char *job, uint16_t percent);
int hz_fault(hz_prov *p, const char *job, const prov_fault *f);
int hz_end(hz_prov *p, const char *job, uint16_t state, const prov_fault *cause,
	   const char *requested_by);

/* A fault of class cls with fixed details (static strings). */
prov_fault hz_fault_of(const char *cls, int transient);

/* Names of the CIM_Error properties where a and b differ, comma separated,
 * into buf ("" when equal; NULL == NULL). Returns the number of differing
 * properties (a NULL and a non-NULL Error count as 1, "Error"). */
int hz_error_diff(const cim_error *a, const cim_error *b, char *buf, size_t len);

/* A fresh path in $TMPDIR (the file does not exist). Free with hz_rm. */
char *hz_tmp_path(const char *tag);
/* Remove path and its -wal/-shm/-journal companions, then free it. */
void hz_rm(char *path);

/* xorshift64*: the tests' own deterministic PRNG (never rand()). */
static inline uint64_t hz_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

#endif /* HZ_H */
