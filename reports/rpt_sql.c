/*
 * rpt_sql.c - SQLite helpers: error lines naming the file, the cache of
 * statements run once per stored row, binding and copying values.
 * Values are always bound, never pasted into SQL text.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rpt_int.h"

static const char *const stmt_sql[RPT_ST_COUNT] = {
    [RPT_ST_SCENARIO] = "INSERT INTO scenarios(name, file, job_kind) VALUES(?1, ?2, ?3)"
			" ON CONFLICT(name) DO UPDATE SET"
			" file=coalesce(excluded.file, file),"
			" job_kind=coalesce(excluded.job_kind, job_kind)"
			" RETURNING id",
    [RPT_ST_RESULT_DEL] = "DELETE FROM results WHERE run_id=?1 AND scenario_id=?2",
    [RPT_ST_RESULT_SEQ] = "SELECT coalesce(max(seq), 0) + 1 FROM results WHERE run_id=?1",
    [RPT_ST_RESULT] = "INSERT INTO results(run_id, scenario_id, seq, seed, provider_name,"
		      " verdict, signal, reason, wall_s, end_ns, final_state, end_class,"
		      " n_must, n_should, output, truncated)"
		      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
    [RPT_ST_FAILURE] = "INSERT INTO failures(result_id, idx, level, from_expect, rule,"
		       " property, expected, observed, time_ns, line)"
		       " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    [RPT_ST_CALL] = "INSERT INTO calls(result_id, idx, time_ns, call, call_name, admin,"
		    " requested_state, principal, instance_id, rc, n_errors, has_job,"
		    " job_state, op_status, percent, line, rc_description)"
		    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
    [RPT_ST_ERROR] = "INSERT INTO call_errors(call_id, idx, error_type, other_error_type,"
		     " owning_entity, message_id, message, n_message_arguments,"
		     " perceived_severity, probable_cause, probable_cause_description,"
		     " n_recommended_actions, error_source, error_source_format,"
		     " other_error_source_format, cim_status_code,"
		     " cim_status_code_description)"
		     " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
    [RPT_ST_ERRSTR] = "INSERT INTO error_strings(error_id, prop, idx, value)"
		      " VALUES(?1,?2,?3,?4)",
    [RPT_ST_TIMELINE] = "INSERT INTO timeline(result_id, idx, time_ns, kind, kind_name,"
			" job_state, percent, text) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
    [RPT_ST_HIT] = "INSERT INTO fault_hits(result_id, point, hits) VALUES(?1,?2,?3)",
};

void rpt_err(rpt_db *db, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(db->err, sizeof(db->err), "%s: ", db->path ? db->path : "?");

	if (n < 0 || (size_t)n >= sizeof(db->err))
		return;
	va_start(ap, fmt);
	vsnprintf(db->err + n, sizeof(db->err) - (size_t)n, fmt, ap);
	va_end(ap);
	/* one harmless line, whatever a message contains (SQLite quotes a
	 * damaged schema's bytes) */
	for (unsigned char *p = (unsigned char *)db->err; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			*p = '?';
}

int rpt_err_sql(rpt_db *db, const char *what)
{
	rpt_err(db, "%s: %s", what, db->h ? sqlite3_errmsg(db->h) : "out of memory");
	return -1;
}

int rpt_exec(rpt_db *db, const char *sql)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return rpt_err_sql(db, "SQL");
	return 0;
}

int rpt_prepare(rpt_db *db, const char *sql, sqlite3_stmt **st)
{
	*st = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return rpt_err_sql(db, "preparing a query");
	}
	return 0;
}

sqlite3_stmt *rpt_stmt(rpt_db *db, rpt_st which)
{
	sqlite3_stmt *st = db->st[which];

	if (!st) {
		if (rpt_prepare(db, stmt_sql[which], &st) != 0)
			return NULL;
		db->st[which] = st;
		return st;
	}
	/* reset reports the previous step's error, already handled */
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
	return st;
}

int rpt_step_done(rpt_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return rpt_err_sql(db, what);
	(void)sqlite3_reset(st);
	return 0;
}

int rpt_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int rpt_bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	return sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

char *rpt_col_text(sqlite3_stmt *st, int i, int *fail)
{
	const unsigned char *t;
	int n;
	char *s;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, i);
	n = sqlite3_column_bytes(st, i);
	if (!t || n < 0 || !(s = malloc((size_t)n + 1))) {
		*fail = 1;
		return NULL;
	}
	memcpy(s, t, (size_t)n);
	s[n] = '\0';
	return s;
}

uint64_t rpt_col_u64(sqlite3_stmt *st, int i)
{
	return (uint64_t)sqlite3_column_int64(st, i);
}

char *rpt_now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	if (t == (time_t)-1 || !gmtime_r(&t, &tm) ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "unknown");
	return buf;
}
