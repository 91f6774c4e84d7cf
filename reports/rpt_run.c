/*
 * rpt_run.c - a run's row: begin, end, coverage, and reading it back
 * (one run, the newest, which scenarios are still missing).
 */
#include <stdlib.h>
#include <string.h>

#include "rpt_int.h"

int64_t rpt_run_begin(rpt_db *db, const rpt_run_info *in)
{
	static const char sql[] =
	    "INSERT INTO runs(kind, started, has_seed, seed, provider, provider_hash, profile,"
	    " version, shard, cmdline, planned) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
	sqlite3_stmt *st = NULL;
	char now[32], hex[65];
	const char *hash = in->provider_hash;
	const char *hpath = in->hash_path ? in->hash_path : in->provider;
	int64_t id = -1;
	int b = SQLITE_OK;

	if (!hash && hpath && rpt_file_sha256(hpath, hex) == 0)
		hash = hex;
	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	b |= rpt_bind_text(st, 1, in->kind ? in->kind : "run");
	b |= rpt_bind_text(st, 2, rpt_now_iso(now, sizeof(now)));
	b |= sqlite3_bind_int(st, 3, in->has_seed);
	b |= in->has_seed ? rpt_bind_u64(st, 4, in->seed) : sqlite3_bind_null(st, 4);
	b |= rpt_bind_text(st, 5, in->provider);
	b |= rpt_bind_text(st, 6, hash);
	b |= rpt_bind_text(st, 7, in->profile);
	b |= rpt_bind_text(st, 8, in->version);
	b |= rpt_bind_text(st, 9, in->shard);
	b |= rpt_bind_text(st, 10, in->cmdline);
	b |= rpt_bind_u64(st, 11, in->planned);
	if (b != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	if (rpt_step_done(db, st, "storing the run") == 0)
		id = sqlite3_last_insert_rowid(db->h);
out:
	sqlite3_finalize(st);
	return id;
}

/* Run one statement with (text, id) bound; fails when no row changed. */
static int update_run(rpt_db *db, const char *sql, int64_t run, const char *what)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc = -1;

	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	if (rpt_bind_text(st, 1, rpt_now_iso(now, sizeof(now))) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, run) != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	if (rpt_step_done(db, st, what) != 0)
		goto out;
	if (sqlite3_changes(db->h) == 0) {
		rpt_err(db, "no run %lld", (long long)run);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int rpt_run_end(rpt_db *db, int64_t run, bool complete)
{
	return update_run(db,
			  complete
			      ? "UPDATE runs SET status='done', finished=?1 WHERE id=?2"
			      : "UPDATE runs SET status='interrupted', finished=?1 WHERE id=?2",
			  run, "ending the run");
}

int rpt_run_coverage(rpt_db *db, int64_t run, double lines, double branches, double functions)
{
	static const char sql[] =
	    "INSERT INTO coverage(run_id, lines_pct, branches_pct, functions_pct, recorded)"
	    " VALUES(?1,?2,?3,?4,?5) ON CONFLICT(run_id) DO UPDATE SET"
	    " lines_pct=excluded.lines_pct, branches_pct=excluded.branches_pct,"
	    " functions_pct=excluded.functions_pct, recorded=excluded.recorded";
	sqlite3_stmt *st = NULL;
	double v[3] = {lines, branches, functions};
	char now[32];
	int rc = -1, b = SQLITE_OK;

	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	b |= sqlite3_bind_int64(st, 1, run);
	for (int i = 0; i < 3; i++)
		b |= v[i] < 0 || v[i] > 100 ? sqlite3_bind_null(st, 2 + i)
					    : sqlite3_bind_double(st, 2 + i, v[i]);
	b |= rpt_bind_text(st, 5, rpt_now_iso(now, sizeof(now)));
	if (b != SQLITE_OK)
		rpt_err_sql(db, "binding a value");
	else
		rc = rpt_step_done(db, st, "storing coverage");
	sqlite3_finalize(st);
	return rc;
}

static double col_pct(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, i);
}

static void run_from_row(sqlite3_stmt *st, rpt_run *r, int *fail)
{
	r->id = sqlite3_column_int64(st, 0);
	r->kind = rpt_col_text(st, 1, fail);
	r->status = rpt_col_text(st, 2, fail);
	r->started = rpt_col_text(st, 3, fail);
	r->finished = rpt_col_text(st, 4, fail);
	r->has_seed = sqlite3_column_int(st, 5) != 0;
	r->seed = rpt_col_u64(st, 6);
	r->provider = rpt_col_text(st, 7, fail);
	r->provider_hash = rpt_col_text(st, 8, fail);
	r->profile = rpt_col_text(st, 9, fail);
	r->version = rpt_col_text(st, 10, fail);
	r->shard = rpt_col_text(st, 11, fail);
	r->cmdline = rpt_col_text(st, 12, fail);
	r->planned = rpt_col_u64(st, 13);
	r->n_results = (size_t)sqlite3_column_int64(st, 14);
	r->has_coverage = sqlite3_column_type(st, 15) != SQLITE_NULL;
	r->cov_lines = col_pct(st, 16);
	r->cov_branches = col_pct(st, 17);
	r->cov_functions = col_pct(st, 18);
}

int rpt_run_get(rpt_db *db, int64_t id, rpt_run *out)
{
	static const char sql[] =
	    "SELECT r.id, r.kind, r.status, r.started, r.finished, r.has_seed, r.seed,"
	    " r.provider, r.provider_hash, r.profile, r.version, r.shard, r.cmdline, r.planned,"
	    " (SELECT count(*) FROM results WHERE run_id=r.id),"
	    " c.run_id, c.lines_pct, c.branches_pct, c.functions_pct"
	    " FROM runs r LEFT JOIN coverage c ON c.run_id=r.id WHERE r.id=?1";
	sqlite3_stmt *st = NULL;
	int rc = -1, fail = 0, s;

	memset(out, 0, sizeof(*out));
	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	s = sqlite3_step(st);
	if (s == SQLITE_DONE) {
		rpt_err(db, "no run %lld", (long long)id);
		rc = 1;
		goto out;
	}
	if (s != SQLITE_ROW) {
		rpt_err_sql(db, "reading the run");
		goto out;
	}
	run_from_row(st, out, &fail);
	if (fail) {
		rpt_err(db, "out of memory");
		rpt_run_clear(out);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

void rpt_run_clear(rpt_run *r)
{
	if (!r)
		return;
	free(r->kind);
	free(r->status);
	free(r->started);
	free(r->finished);
	free(r->provider);
	free(r->provider_hash);
	free(r->profile);
	free(r->version);
	free(r->shard);
	free(r->cmdline);
	memset(r, 0, sizeof(*r));
}

int64_t rpt_run_latest(rpt_db *db, int which)
{
	static const char *const sql[] = {
	    "SELECT id FROM runs ORDER BY id DESC LIMIT 1",
	    "SELECT id FROM runs WHERE status IN ('running','interrupted')"
	    " ORDER BY id DESC LIMIT 1",
	    "SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET 1",
	};
	sqlite3_stmt *st = NULL;
	int64_t id = -1;
	int s;

	if (which < 0 || which > RPT_PREVIOUS) {
		rpt_err(db, "bad run selector %d", which);
		return -1;
	}
	if (rpt_prepare(db, sql[which], &st) != 0)
		return -1;
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (s == SQLITE_DONE)
		id = 0;
	else
		rpt_err_sql(db, "finding a run");
	sqlite3_finalize(st);
	return id;
}

long rpt_run_pending(rpt_db *db, int64_t run, const char *const *names, size_t n, bool *pending)
{
	static const char sql[] = "SELECT 1 FROM results r JOIN scenarios s ON s.id=r.scenario_id"
				  " WHERE r.run_id=?1 AND s.name=?2";
	sqlite3_stmt *st = NULL;
	long count = 0;

	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int s;
		(void)sqlite3_reset(st);
		if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK ||
		    rpt_bind_text(st, 2, names[i]) != SQLITE_OK) {
			rpt_err_sql(db, "binding a value");
			count = -1;
			break;
		}
		s = sqlite3_step(st);
		if (s != SQLITE_ROW && s != SQLITE_DONE) {
			rpt_err_sql(db, "looking up a result");
			count = -1;
			break;
		}
		pending[i] = s == SQLITE_DONE;
		count += pending[i];
	}
	sqlite3_finalize(st);
	return count;
}

int rpt_trend(rpt_db *db, rpt_trend_point **pts, size_t *n)
{
	static const char sql[] =
	    "SELECT r.id, r.started, count(x.id),"
	    " coalesce(sum(x.verdict='PASS'),0), coalesce(sum(x.verdict='FAIL'),0),"
	    " coalesce(sum(x.verdict='CRASH'),0), coalesce(sum(x.verdict='HANG'),0),"
	    " coalesce(sum(x.verdict='ERROR'),0)"
	    " FROM runs r LEFT JOIN results x ON x.run_id=r.id GROUP BY r.id ORDER BY r.id";
	sqlite3_stmt *st = NULL;
	rpt_trend_point *v = NULL;
	size_t cnt = 0, cap = 0;
	int s, fail = 0, rc = -1;

	*pts = NULL;
	*n = 0;
	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 16;
			rpt_trend_point *nv = realloc(v, nc * sizeof(*nv));
			if (!nv) {
				rpt_err(db, "out of memory");
				goto out;
			}
			v = nv;
			cap = nc;
		}
		rpt_trend_point *p = &v[cnt++];
		p->run = sqlite3_column_int64(st, 0);
		p->started = rpt_col_text(st, 1, &fail);
		p->total = (size_t)sqlite3_column_int64(st, 2);
		p->passed = (size_t)sqlite3_column_int64(st, 3);
		p->failed = (size_t)sqlite3_column_int64(st, 4);
		p->crashed = (size_t)sqlite3_column_int64(st, 5);
		p->hung = (size_t)sqlite3_column_int64(st, 6);
		p->errors = (size_t)sqlite3_column_int64(st, 7);
		if (fail) {
			rpt_err(db, "out of memory");
			goto out;
		}
	}
	if (s != SQLITE_DONE) {
		rpt_err_sql(db, "reading the trend");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc != 0) {
		rpt_trend_free(v, cnt);
		v = NULL;
		cnt = 0;
	}
	*pts = v;
	*n = cnt;
	return rc;
}

void rpt_trend_free(rpt_trend_point *pts, size_t n)
{
	for (size_t i = 0; pts && i < n; i++)
		free(pts[i].started);
	free(pts);
}

/* One integer from a query with one bound id: the value, dflt when there
 * is no row, -1 on error. */
static int64_t query_int(rpt_db *db, const char *sql, int64_t id, int64_t dflt)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	int s;

	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (s == SQLITE_DONE)
		v = dflt;
	else
		rpt_err_sql(db, "reading runs");
out:
	sqlite3_finalize(st);
	return v;
}

int64_t rpt_run_before(rpt_db *db, int64_t id)
{
	return query_int(db, "SELECT id FROM runs WHERE id<?1 ORDER BY id DESC LIMIT 1", id, 0);
}

long rpt_run_not_passed(rpt_db *db, int64_t run)
{
	return (long)query_int(
	    db, "SELECT count(*) FROM results WHERE run_id=?1 AND verdict<>'PASS'", run, 0);
}
