/*
 * conc.h - the concurrency run of the hardening tests (conc.c): 8 client
 * threads against a driver thread delivering job events to one reference
 * provider, every result judged. Criterion-free, so the ThreadSanitizer
 * build can run it (conc_main.c) where Criterion cannot start.
 */
#ifndef HZ_CONC_H
#define HZ_CONC_H

#include <stddef.h>

/* One run on a provider opened on store (NULL = in memory) with options.
 * n_jobs 0 takes $HZ_JOBS or the default (500 jobs, 9 events each).
 * Prints each failure and a summary line to stderr. Returns the number of
 * failures (0: passed), or -1 when the run could not be set up. */
int conc_run(const char *store, const char *options, size_t n_jobs);

#endif /* HZ_CONC_H */
