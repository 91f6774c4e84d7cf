/*
 * rpt_fixture.h - results to store in the report tests: built with the
 * runner's own srh_result functions, so the tests also hold the database
 * to the runner's idea of a result.
 */
#ifndef RPT_FIXTURE_H
#define RPT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "rpt.h"
#include "srh_result.h"

/* Text a hostile provider might send: markup, quotes, an ampersand, a
 * control character, invalid UTF-8, a CDATA end and a TAP directive. */
#define FX_HOSTILE "</failure><script>alert(1)</script>]]>\x01\xff\"'&# TODO\n--"

/* A fresh empty directory under $TMPDIR (or /tmp); the path is static. */
const char *fx_tmpdir(void);
/* A database path in fx_tmpdir() (a new name each call). */
const char *fx_db_path(const char *name);

/* A result of verdict v for scenario name. FAIL gets one MUST and one
 * SHOULD failure; CRASH signal 11; HANG and ERROR a reason. Calls: a
 * GetError with an Error whose every string property is hostile (with
 * hostile = true) and a RequestStateChange; a timeline; a fault hit. */
void fx_result(srh_result *r, const char *name, srh_verdict v, bool hostile);
/* An Error with all 15 properties set, strings from text. */
cim_error *fx_error(const char *text);

/* Open (create) path, begin a run, store the given results, end it.
 * Returns the run id (asserts on errors). */
int64_t fx_store(rpt_db *db, const srh_result *rs, size_t n, const char *provider_hash);

/* Run a shell command; its exit status (-1 when it did not exit). */
int fx_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The whole file as a string (malloc), NULL when unreadable. */
char *fx_slurp(const char *path);

#endif
