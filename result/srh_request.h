/*
 * srh_request.h - one unit of work, by value, so it can be sent to another
 * process: the scenario (its YAML source as read from its file), the seed
 * and the run options. A worker parses the text exactly as it would parse
 * the file (same name, so file:line stays true) and runs it; the identity
 * fields name the result the parent makes itself when the worker cannot
 * (CRASH, HANG, ERROR). srh_wire.h carries it, in the same validated
 * format as results. A parent that parsed the scenario already passes the
 * model too, which a forked worker inherited (model below).
 */
#ifndef SRH_REQUEST_H
#define SRH_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

typedef struct srh_request {
	const char *name;     /* scenario name (a result must carry the same) */
	const char *file;     /* scenario file, for file:line and repro lines */
	const char *job_kind; /* for a result the worker could not send */
	const char *text;     /* the scenario's YAML; NULL: the worker reads file */
	uint64_t seed;	      /* the seed the run uses */
	bool has_seed;	      /* seed overrides the scenario's own */
	bool sweep;	      /* also check the job ended on a contract path */
	const char *provider; /* provider .so; NULL = built-in reference */
	const char *profile;  /* fault profile; NULL = the reference one */
	/* The scenario already parsed (text or file, as above), or NULL. Its
	 * owner keeps it alive and unchanged until the unit's result is in.
	 * It travels as an address: a worker forked after the unit was
	 * submitted holds the same model at that address, inherited, and
	 * runs it instead of parsing again; the pool sends NULL to a worker
	 * forked earlier (srh_pool_slot.c). Copied as the pointer. */
	const struct scn_scenario *model;
} srh_request;

/* A deep copy of *src into *dst (every string owned by dst). Returns 0; on
 * allocation failure -1 and *dst empty. */
int srh_request_copy(srh_request *dst, const srh_request *src);
/* Free the strings of a request made by srh_request_copy or
 * srh_wire_decode_request, and zero it. NULL ok. */
void srh_request_free(srh_request *rq);

#endif
