/*
 * xpl_int.h - private to explore/: what the loop (xpl_loop.c) hands to the
 * part that shrinks and writes what it found (xpl_found.c).
 */
#ifndef SRH_XPL_INT_H
#define SRH_XPL_INT_H

#include "xpl.h"

/* One distinct failure key, as the loop first saw it. */
typedef struct xpl_seen {
	char *key;
	char *detail;
	uint64_t index;	     /* lowest run index with the key */
	char *text;	     /* that run's scenario text */
	double first_s;	     /* wall seconds into the loop when first seen */
	uint64_t first_runs; /* runs finished when first seen */
} xpl_seen;

typedef struct xpl_loop {
	const xpl_opts *o;
	srh_pool *pool;
	xpl_seen *seen;
	size_t n_seen, cap_seen;
} xpl_loop;

/* Run sc on the provider (and the reference in differential mode) through
 * the pool, one at a time, and pass each failure key to fn. *res (may be
 * NULL) receives the provider's result. Returns 0, or -1 when the pool
 * could not run it. */
int xpl_run_one(xpl_loop *l, const scn_scenario *sc, xpl_key_fn fn, void *ctx, srh_result *res);

/* Shrink every key of l->seen, write the files, fill rep->found and print
 * them on o->out. Returns 0, or -1 (out of memory, a file that could not
 * be written: said on stderr). */
int xpl_found_all(xpl_loop *l, xpl_report *rep);

/* mkdir -p. 0, or -1 with errno. */
int xpl_mkdirs(const char *path);
/* A file-name-safe form of text ("MUST-4 error-iff" -> "must-4-error-iff"). */
void xpl_slug(const char *text, char *out, size_t len);

#endif
