/*
 * rpt_int.h - what the sources of libsrrpt share: the database handle,
 * cached statements, SQLite helpers, escaping for each output format.
 */
#ifndef RPT_INT_H
#define RPT_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "rpt.h"

/* Statements used once per stored row: prepared on first use, kept. */
typedef enum rpt_st {
	RPT_ST_SCENARIO,
	RPT_ST_RESULT_DEL,
	RPT_ST_RESULT_SEQ,
	RPT_ST_RESULT,
	RPT_ST_FAILURE,
	RPT_ST_CALL,
	RPT_ST_ERROR,
	RPT_ST_ERRSTR,
	RPT_ST_TIMELINE,
	RPT_ST_HIT,
	RPT_ST_COUNT
} rpt_st;

struct rpt_db {
	sqlite3 *h;
	char *path;
	char err[512];
	sqlite3_stmt *st[RPT_ST_COUNT];
};

/* ---- rpt_db.c / rpt_sql.c ------------------------------------------------ */

/* Set the error line "path: message". */
void rpt_err(rpt_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set the error line "path: what: <sqlite3_errmsg>". Returns -1. */
int rpt_err_sql(rpt_db *db, const char *what);
/* Run SQL without results. 0, or -1 (error set). */
int rpt_exec(rpt_db *db, const char *sql);
/* Prepare sql into *st. 0, or -1 (error set, *st NULL). */
int rpt_prepare(rpt_db *db, const char *sql, sqlite3_stmt **st);
/* The cached statement which (reset, bindings cleared), or NULL (error
 * set). */
sqlite3_stmt *rpt_stmt(rpt_db *db, rpt_st which);
/* Step a statement that returns no row. 0, or -1 (error set). */
int rpt_step_done(rpt_db *db, sqlite3_stmt *st, const char *what);

/* Bind a string (NULL binds SQL NULL). SQLite status. */
int rpt_bind_text(sqlite3_stmt *st, int i, const char *s);
int rpt_bind_u64(sqlite3_stmt *st, int i, uint64_t v);
/* A copy of a text column (NULL stays NULL); sets *fail when memory ran
 * out. */
char *rpt_col_text(sqlite3_stmt *st, int i, int *fail);
uint64_t rpt_col_u64(sqlite3_stmt *st, int i);

/* Wall time now as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
char *rpt_now_iso(char *buf, size_t len);

/* ---- rpt_esc.c: text out of a hostile provider --------------------------- */

/* XML/HTML text or attribute value: markup characters as entities, a
 * control character, invalid byte or non-character as visible "\xNN" /
 * "\u{XXXX}" (XML cannot carry them). At most max bytes of s are written
 * (0 = all), then "... (N more bytes)". NULL writes nothing. */
void rpt_xml_put(FILE *f, const char *s, size_t max);
/* rpt_xml_put of all of s. */
void rpt_xml_esc(FILE *f, const char *s);
/* A JSON string literal with quotes; NULL writes null. Invalid bytes
 * become U+FFFD. */
void rpt_json_str(FILE *f, const char *s);
/* A YAML double-quoted scalar; NULL writes ~. */
void rpt_yaml_str(FILE *f, const char *s);
/* For a terminal: a double-quoted string with control characters and
 * invalid bytes as \xNN (no escape sequence reaches the terminal); NULL
 * writes NULL. */
void rpt_term_str(FILE *f, const char *s);

/* ---- rpt_text.c: shared wording ------------------------------------------ */

/* "12.345678901s" for virtual ns. Returns buf (len >= 32). */
char *rpt_vtime(uint64_t ns, char *buf, size_t len);
/* Is the item's verdict a pass? */
bool rpt_passed(const srh_result *r);
/* One line for a result that did not pass: the first failure's rule, or
 * the reason of CRASH/HANG/ERROR. Returns buf. */
char *rpt_summary(const srh_result *r, char *buf, size_t len);
/* Verdict counts of a loaded run. */
typedef struct rpt_totals {
	size_t total, passed, failed, crashed, hung, errors;
	size_t failed_must;  /* FAIL with at least one MUST failure */
	size_t must, should; /* individual failures */
	double wall_s;
} rpt_totals;
void rpt_count(const rpt_set *s, rpt_totals *t);
/* Write s's failures, one block each, as plain text (JUnit body, HTML
 * pre). esc writes a string (escaped for the format). */
void rpt_failures_text(FILE *f, const srh_result *r, void (*esc)(FILE *, const char *));
/* One line per call of r that returned a vendor-specific rc, with the
 * provider's description ("(no description)" when it gave none): "vendor
 * rc 32768 (SRSIM: job store busy) from GetError at t=... (file:line)".
 * esc writes a string (escaped for the format). */
void rpt_vendor_rc_text(FILE *f, const srh_result *r, void (*esc)(FILE *, const char *));
/* JobState name or "?" (never NULL). */
const char *rpt_job_state_name(unsigned js);

#endif
