/*
 * sf.h - the store-fault fixture shared by test_store_faults.c (libfiu
 * points of the provider) and test_store_posix.c (libfiu's POSIX preload
 * under fiu-run -x): a store file holding jobs on every contract path, the
 * Errors they had before any fault, and the checks made after one.
 * Helpers cr_assert() on failure (test threads only).
 */
#ifndef HZ_SF_H
#define HZ_SF_H

#include <stdbool.h>
#include <stddef.h>

#include "hz.h"

/* The jobs: ended in Exception, Terminated, Killed, Completed, and one
 * still running. */
enum { SF_EXC, SF_TERM, SF_KILL, SF_OK, SF_RUN, SF_N };
extern const char *const sf_job[SF_N];

typedef struct sf {
	hz_host h;
	hz_prov p;
	char *path;	     /* the store file */
	const char *options; /* provider options */
	char iid[SF_N][96];
	cim_error *ref[SF_N]; /* GetError's Error before any fault */
} sf;

/* A fresh store at a new path with the SF_N jobs, and their Errors. */
void sf_setup(sf *s, const char *options);
/* Close the provider, remove the store, free the references. */
void sf_teardown(sf *s);
/* Close and open the provider again on the same store (asserts). */
void sf_restart(sf *s);
/* Open again; returns 0 or -1 with the reason in err (no assert). */
int sf_try_reopen(sf *s, char *err, size_t errlen);

/* Job k through the ops, judging the result against the faults:
 * rc 0 with the reference Error (property by property), or the failure
 * code fail_rc with nothing returned. Returns the rc. */
uint32_t sf_get_error(sf *s, int k, uint32_t fail_rc);
uint32_t sf_get_errors(sf *s, int k, uint32_t fail_rc);
uint32_t sf_get_instance(sf *s, int k, uint32_t fail_rc);
/* Every job still has its reference Error (rc 0). */
void sf_expect_intact(sf *s);

/* Is err one line naming path? */
bool sf_one_line_naming(const char *err, const char *path);

#endif /* HZ_SF_H */
