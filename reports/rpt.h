/*
 * rpt.h - the results database and every report drawn from it (libsrrpt).
 *
 * `srh run` stores each result in an SQLite database (WAL, one transaction
 * per result, so a harness killed with SIGKILL loses nothing it already
 * committed). Everything else in this header reads that database only: a
 * JUnit file, a TAP stream, a JSON dump, the HTML report, a regression
 * diff or a merge can be redrawn from a database alone, on another machine.
 *
 * Errors: every function that takes a database returns -1 (or NULL/0 as
 * documented) on failure and leaves one line in rpt_db_errmsg(db) that
 * names the file ("reports/results.db: database disk image is malformed").
 * Strings stored come from a possibly hostile provider: they are kept
 * byte for byte in the database and escaped by each writer.
 *
 * Integers stored in SQLite are signed 64-bit: a uint64_t (seed, virtual
 * nanoseconds) is stored as its two's-complement bit pattern and read back
 * unchanged.
 */
#ifndef RPT_H
#define RPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srh_result.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PRAGMA user_version of a database this library writes. 2 added
 * calls.rc_description; a version 1 file is upgraded when opened. */
#define RPT_SCHEMA_VERSION 2

/* ---- the database -------------------------------------------------------- */

typedef struct rpt_db rpt_db;

#define RPT_OPEN_CREATE 1u /* create the file and its schema when missing */

/*
 * Open the results database at path (WAL, foreign keys on). A file that is
 * not an SQLite database, or an SQLite database that is not a results
 * database, or one of a newer schema, is refused; one of an older schema
 * is upgraded in place (in one transaction: a file that cannot be written
 * is refused, unchanged). On error returns NULL and writes one line naming
 * the file into err (when err is given).
 */
rpt_db *rpt_db_open(const char *path, unsigned flags, char *err, size_t errlen);
/* Close (NULL ok). Prepared statements are finalized first. */
void rpt_db_close(rpt_db *db);
/* The path given to rpt_db_open. */
const char *rpt_db_path(const rpt_db *db);
/* The last error, one line naming the file ("" when none). */
const char *rpt_db_errmsg(const rpt_db *db);
/* PRAGMA integrity_check: 0 when "ok", 1 when not (the first complaint in
 * msg), -1 when it could not run. */
int rpt_db_integrity(rpt_db *db, char *msg, size_t len);

/* ---- writing a run --------------------------------------------------------- */

typedef struct rpt_run_info {
	const char *kind; /* "run", "sweep", "merge"; NULL = "run" */
	bool has_seed;	  /* a --seed overrode the scenarios' own */
	uint64_t seed;
	const char *provider;	   /* provider path; NULL = built-in reference */
	const char *provider_hash; /* NULL: SHA-256 of hash_path computed here */
	const char *hash_path;	   /* file to hash; NULL = provider */
	const char *profile;	   /* profile path or NULL */
	const char *version;	   /* project version */
	const char *shard;	   /* "K/N" or NULL */
	const char *cmdline;	   /* the command line, one string */
	uint64_t planned;	   /* scenarios this run means to run */
} rpt_run_info;

/*
 * Record the start of a run (wall time now, status "running"). Returns the
 * new run's id (> 0); on error -1 and nothing is stored. A file to hash
 * that cannot be read gives no hash, not an error.
 */
int64_t rpt_run_begin(rpt_db *db, const rpt_run_info *info);
/*
 * Store one finished result of run, in its own transaction: committed when
 * this returns 0. A result for the same scenario already in the run is
 * replaced. On error returns -1 and the database is as before.
 */
int rpt_result_add(rpt_db *db, int64_t run, const srh_result *r);
/* Set a scenario's tags (NULL-terminated list, n of them) for reports.
 * On error returns -1 and changes nothing. */
int rpt_scenario_tags(rpt_db *db, const char *name, const char *const *tags, size_t n);
/* Mark the run finished: status "done" when complete, else "interrupted".
 * On error returns -1 and changes nothing. */
int rpt_run_end(rpt_db *db, int64_t run, bool complete);
/* Store the provider's coverage of run (percentages 0..100; a negative
 * value is stored as unknown). On error returns -1 and changes nothing. */
int rpt_run_coverage(rpt_db *db, int64_t run, double lines, double branches, double functions);

/* ---- reading ---------------------------------------------------------------- */

typedef struct rpt_run {
	int64_t id;
	char *kind, *status, *started, *finished; /* wall time, ISO 8601 UTC */
	bool has_seed;
	uint64_t seed;
	char *provider, *provider_hash, *profile, *version, *shard, *cmdline;
	uint64_t planned;
	size_t n_results;
	bool has_coverage;
	double cov_lines, cov_branches, cov_functions; /* < 0: unknown */
} rpt_run;

/* Read run id. Returns 0; 1 when there is no such run; -1 on error. *out
 * is zeroed first and owned by the caller (rpt_run_clear). */
int rpt_run_get(rpt_db *db, int64_t id, rpt_run *out);
void rpt_run_clear(rpt_run *r);

#define RPT_LATEST 0		/* the newest run */
#define RPT_LATEST_UNFINISHED 1 /* the newest run still "running" or "interrupted" */
#define RPT_PREVIOUS 2		/* the run before the newest */
/* A run id, 0 when there is none, -1 on error. */
int64_t rpt_run_latest(rpt_db *db, int which);
/* The newest run older than id (0 when none, -1 on error). */
int64_t rpt_run_before(rpt_db *db, int64_t id);
/* How many results of run did not pass (-1 on error). */
long rpt_run_not_passed(rpt_db *db, int64_t run);
/*
 * Which of names (n scenario names) have no result yet in run: pending[i]
 * is set for each. Returns how many are pending, or -1 on error.
 */
long rpt_run_pending(rpt_db *db, int64_t run, const char *const *names, size_t n, bool *pending);

/* One stored result, rebuilt as the srh_result it was stored from. */
typedef struct rpt_item {
	int64_t id;
	int64_t seq;  /* finishing order within the run, from 1 */
	char *tags;   /* comma-separated, or NULL */
	srh_result r; /* owned: freed by rpt_set_free */
} rpt_item;

typedef struct rpt_set {
	rpt_run run;
	rpt_item *items; /* ordered by scenario name */
	size_t n;
} rpt_set;

#define RPT_LOAD_FAILURES 1u
#define RPT_LOAD_CALLS 2u    /* calls and their Errors */
#define RPT_LOAD_TIMELINE 4u /* timeline and fault hits */
#define RPT_LOAD_ALL 7u

/* Load run with the parts in what. Returns 0; 1 when there is no such run;
 * -1 on error (*out is empty then). Free with rpt_set_free. */
int rpt_set_load(rpt_db *db, int64_t run, unsigned what, rpt_set *out);
void rpt_set_free(rpt_set *s);
/* The item of scenario name in s, or NULL. */
const rpt_item *rpt_set_find(const rpt_set *s, const char *name);

typedef struct rpt_trend_point {
	int64_t run;
	char *started;
	size_t total, passed, failed, crashed, hung, errors;
} rpt_trend_point;

/* Pass counts of every run, oldest first. 0, or -1 on error. */
int rpt_trend(rpt_db *db, rpt_trend_point **pts, size_t *n);
void rpt_trend_free(rpt_trend_point *pts, size_t n);

/* ---- writers: each reads run from the database --------------------------- */

/* JUnit XML: one <testsuite> per run, one <testcase> per scenario; a
 * <failure> per broken rule with expected/observed and the repro line, an
 * <error> for CRASH, HANG and ERROR. 0, or -1 on error. */
int rpt_junit(rpt_db *db, int64_t run, FILE *out);
/* TAP version 13 with YAML diagnostics for each scenario not passed. */
int rpt_tap(rpt_db *db, int64_t run, FILE *out);
/* The whole run as one JSON object (results with failures, calls and
 * Errors, timeline and fault hits). */
int rpt_json(rpt_db *db, int64_t run, FILE *out);
/*
 * The HTML report: dir/index.html (summary, filterable table, trend,
 * coverage) and dir/s/<n>.html per scenario (SVG timeline, failures,
 * calls). Self-contained: no script, style or image is fetched. dir is
 * created when missing. 0, or -1 on error.
 */
int rpt_html(rpt_db *db, int64_t run, const char *dir);

/* Write path by calling fn into a temporary file renamed over path when
 * fn succeeds ("-" writes to stdout). 0, or -1 on error (path untouched). */
int rpt_write_path(rpt_db *db, int64_t run, int (*fn)(rpt_db *, int64_t, FILE *), const char *path);

/* The repro line of a stored result ("srh replay FILE --seed N" with the
 * run's --provider/--profile; for a run of kind "target", a live provider,
 * the run's own command line). Returns buf. */
char *rpt_repro(char *buf, size_t len, const rpt_run *run, const srh_result *r);

/* ---- regression diff --------------------------------------------------------- */

typedef struct rpt_diff_counts {
	size_t new_failures; /* scenarios or rules failing in b, not in a */
	size_t fixes;	     /* failing in a, not in b */
	size_t new_scenarios, vanished;
	size_t changed_calls; /* calls whose rc or Error properties differ */
} rpt_diff_counts;

/*
 * Compare run_b (the new one) with run_a (the base), writing a readable
 * list to out (NULL: nothing written): new failures, fixes, new and
 * vanished scenarios, and per scenario and call index the rc and Error
 * properties that changed. counts may be NULL. Returns 1 when something
 * regressed (a scenario that passed or was absent in a does not pass in b,
 * a verdict got worse, or a rule fails in b that did not fail in a), 0
 * when not (vanished scenarios and changed Errors alone are listed, not
 * regressions), -1 on error.
 */
int rpt_diff(rpt_db *db_a, int64_t run_a, rpt_db *db_b, int64_t run_b, FILE *out,
	     rpt_diff_counts *counts);

/* ---- sharding and merge --------------------------------------------------------- */

/* Parse "K/N" (1 <= K <= N <= 65536). 0, or -1 and changes nothing. */
int rpt_shard_parse(const char *text, unsigned *k, unsigned *n);
/* The shard (1..n) of a scenario name: FNV-1a 64 of the name mod n, plus
 * 1. Stable across machines and runs. n == 0 gives 1. */
unsigned rpt_shard_of(const char *name, unsigned n);
/* Does name belong to shard k of n? */
bool rpt_shard_pick(const char *name, unsigned k, unsigned n);

/*
 * Join the newest run of each database in in_paths (n of them, e.g. one
 * per shard) into one new run of out (kind "merge"). The inputs must test
 * the same provider (same hash) and share no scenario. Returns the new
 * run's id; on error -1 with the reason in rpt_db_errmsg(out), and out is
 * as before.
 */
int64_t rpt_merge(rpt_db *out, const char *const *in_paths, size_t n);

/* ---- small helpers ------------------------------------------------------------- */

/* Lower-case hex SHA-256 of a file's contents into hex (65 bytes).
 * 0, or -1 with errno set (hex untouched). */
int rpt_file_sha256(const char *path, char hex[65]);
/* Same for a buffer (never fails). */
void rpt_sha256_hex(const void *data, size_t len, char hex[65]);
/* "PASS", "FAIL", "CRASH", "HANG", "ERROR"; "?" out of range. */
const char *rpt_verdict_name(int v);
/* The verdict named name, or -1. */
int rpt_verdict_parse(const char *name);
/* "GetError", ... for a call record's call; "final GetError" for 0. */
const char *rpt_call_name(unsigned call);
/* "created", "state", ... for a timeline kind; "?" out of range. */
const char *rpt_tl_kind_name(unsigned kind);

#ifdef __cplusplus
}
#endif
#endif /* RPT_H */
