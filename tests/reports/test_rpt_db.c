/*
 * test_rpt_db.c - the results database: schema, refusing what is not one,
 * storing a result and reading it back unchanged (hostile bytes and
 * uint64 values included), one transaction per result, resume bookkeeping,
 * SHA-256 and the shard function against their published test vectors.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_fixture.h"

static rpt_db *open_new(const char *name)
{
	char err[600];
	rpt_db *db = rpt_db_open(fx_db_path(name), RPT_OPEN_CREATE, err, sizeof(err));

	cr_assert_not_null(db, "%s", err);
	return db;
}

/* One integer from SQL run directly on the file (not through the library). */
static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

Test(db, creates_schema_in_wal_mode)
{
	rpt_db *db = open_new("new.db");
	char path[700], msg[64];

	snprintf(path, sizeof(path), "%s", rpt_db_path(db));

	cr_assert_eq(rpt_db_integrity(db, msg, sizeof(msg)), 0);
	cr_assert_str_eq(msg, "ok");
	cr_assert_eq(sql_int(path, "PRAGMA user_version"), RPT_SCHEMA_VERSION);
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE name='call_errors'"),
		     1);
	rpt_db_close(db);
	/* WAL stays recorded in the file header */
	char *hdr = fx_slurp(path);
	cr_assert_not_null(hdr);
	cr_assert_eq(hdr[18], 2, "file format write version 2 means WAL");
	free(hdr);
}

Test(db, missing_file_without_create_is_refused)
{
	char err[600] = "";

	cr_assert_null(rpt_db_open(fx_db_path("none.db"), 0, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "none.db"), "error names the file: %s", err);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

Test(db, garbage_file_is_one_line_naming_it)
{
	const char *path = fx_db_path("garbage.db");
	char data[8192], err[600] = "";

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 3);
	write_file(path, data, sizeof(data));
	cr_assert_null(rpt_db_open(path, RPT_OPEN_CREATE, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "garbage.db"), "%s", err);
	cr_assert_null(strchr(err, '\n'));
}

Test(db, foreign_sqlite_file_and_newer_schema_are_refused)
{
	const char *other = fx_db_path("other.db"), *newer = fx_db_path("newer.db");
	char err[600] = "";
	sqlite3 *h;

	cr_assert_eq(sqlite3_open(other, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	cr_assert_null(rpt_db_open(other, RPT_OPEN_CREATE, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "not a results database"), "%s", err);

	rpt_db_close(open_new("newer.db"));
	cr_assert_eq(sqlite3_open(newer, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	cr_assert_null(rpt_db_open(newer, 0, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "newer"), "%s", err);
}

Test(db, empty_file_becomes_a_database_only_with_create)
{
	const char *path = fx_db_path("empty.db");
	char err[600];
	rpt_db *db;

	write_file(path, "", 0);
	cr_assert_null(rpt_db_open(path, 0, err, sizeof(err)));
	db = rpt_db_open(path, RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	rpt_db_close(db);
}

static void assert_failure_eq(const srh_failure *a, const srh_failure *b)
{
	cr_assert_str_eq(a->rule, b->rule);
	cr_assert_eq(a->level, b->level);
	cr_assert_eq(a->from_expect, b->from_expect);
	cr_assert((!a->property && !b->property) || strcmp(a->property, b->property) == 0);
	cr_assert_str_eq(a->expected, b->expected);
	cr_assert_str_eq(a->observed, b->observed);
	cr_assert_eq(a->time_ns, b->time_ns);
	cr_assert_eq(a->line, b->line);
}

static void assert_call_eq(const srh_call_rec *a, const srh_call_rec *b)
{
	cr_assert_eq(a->time_ns, b->time_ns);
	cr_assert_eq(a->call, b->call);
	cr_assert_eq(a->requested_state, b->requested_state);
	cr_assert_str_eq(a->principal, b->principal);
	cr_assert((!a->instance_id && !b->instance_id) ||
		  (a->instance_id && b->instance_id && !strcmp(a->instance_id, b->instance_id)));
	cr_assert_eq(a->rc, b->rc);
	cr_assert((!a->rc_desc && !b->rc_desc) ||
		  (a->rc_desc && b->rc_desc && !strcmp(a->rc_desc, b->rc_desc)));
	cr_assert_eq(a->n_errors, b->n_errors);
	for (size_t i = 0; i < a->n_errors; i++)
		cr_assert(cim_error_equal(a->errors[i], b->errors[i]), "Error %zu differs", i);
	cr_assert_eq(a->has_job, b->has_job);
	cr_assert_eq(a->job_state, b->job_state);
	cr_assert_eq(a->n_op_status, b->n_op_status);
	cr_assert_arr_eq(a->op_status, b->op_status, a->n_op_status * sizeof(a->op_status[0]));
	cr_assert_eq(a->percent, b->percent);
	cr_assert_eq(a->line, b->line);
}

Test(db, result_round_trips_byte_for_byte)
{
	rpt_db *db = open_new("rt.db");
	srh_result in;
	rpt_set s;

	fx_result(&in, "rt.scenario", SRH_FAIL, true);
	int64_t run = fx_store(db, &in, 1, NULL);
	cr_assert_eq(rpt_set_load(db, run, RPT_LOAD_ALL, &s), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(s.n, 1);
	const srh_result *out = &s.items[0].r;
	cr_assert_str_eq(out->name, in.name);
	cr_assert_str_eq(out->file, in.file);
	cr_assert_str_eq(out->job_kind, in.job_kind);
	cr_assert_eq(out->seed, in.seed, "uint64 above INT64_MAX survives");
	cr_assert_eq(out->verdict, SRH_FAIL);
	cr_assert_eq(out->end_ns, in.end_ns);
	cr_assert_eq(out->final_state, in.final_state);
	cr_assert_str_eq(out->end_class, in.end_class);
	cr_assert_eq(out->n_must, 1);
	cr_assert_eq(out->n_should, 1);
	assert_failure_eq(&out->must[0], &in.must[0]);
	assert_failure_eq(&out->should[0], &in.should[0]);
	cr_assert_eq(out->n_calls, in.n_calls);
	for (size_t i = 0; i < in.n_calls; i++)
		assert_call_eq(&out->calls[i], &in.calls[i]);
	cr_assert_eq(out->n_timeline, in.n_timeline);
	for (size_t i = 0; i < in.n_timeline; i++) {
		cr_assert_eq(out->timeline[i].time_ns, in.timeline[i].time_ns);
		cr_assert_eq(out->timeline[i].kind, in.timeline[i].kind);
		cr_assert_eq(out->timeline[i].job_state, in.timeline[i].job_state);
		cr_assert_eq(out->timeline[i].percent, in.timeline[i].percent);
		cr_assert_str_eq(out->timeline[i].text, in.timeline[i].text);
	}
	cr_assert_eq(out->n_hits, 1);
	cr_assert_str_eq(out->hits[0].point, "sim/disk/write");
	cr_assert_eq(out->hits[0].hits, 3);
	cr_assert_str_eq(s.run.status, "done");
	cr_assert_str_eq(s.run.provider, "/opt/vendor/provider.so");
	rpt_set_free(&s);
	srh_result_free(&in);
	rpt_db_close(db);
}

/* contract.md: a vendor-specific rc (32768..65535) is "recorded with the
 * provider's own description"; one without a description is NULL. */
static void add_vendor_calls(srh_result *r)
{
	srh_call_rec c = {0};

	c.time_ns = 2500000000u;
	c.call = 1;
	c.principal = strdup("alice");
	c.rc = 32768;
	c.rc_desc = strdup("SRSIM: job store busy");
	c.line = 14;
	cr_assert_eq(srh_result_call(r, &c), 0);
	memset(&c, 0, sizeof(c));
	c.time_ns = 2600000000u;
	c.call = 1;
	c.principal = strdup("alice");
	c.rc = 40000;
	c.line = 15;
	cr_assert_eq(srh_result_call(r, &c), 0);
}

Test(db, rc_description_column_round_trips)
{
	rpt_db *db = open_new("rcdesc.db");
	const char *path = rpt_db_path(db);
	srh_result in;
	rpt_set s;

	fx_result(&in, "vendor.scenario", SRH_FAIL, false);
	add_vendor_calls(&in);
	int64_t run = fx_store(db, &in, 1, NULL);
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM calls WHERE rc=32768 AND"
				   " rc_description='SRSIM: job store busy'"),
		     1, "the column holds the provider's text");
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM calls WHERE rc_description IS NULL"),
		     in.n_calls - 1, "no description is NULL");
	cr_assert_eq(rpt_set_load(db, run, RPT_LOAD_CALLS, &s), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(s.items[0].r.n_calls, in.n_calls);
	for (size_t i = 0; i < in.n_calls; i++)
		assert_call_eq(&s.items[0].r.calls[i], &in.calls[i]);
	rpt_set_free(&s);
	srh_result_free(&in);
	rpt_db_close(db);
}

/* Make a database of the current schema look like schema 1: no
 * calls.rc_description, user_version 1. */
static void make_v1(const char *path)
{
	sqlite3 *h;

	cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h,
				  "ALTER TABLE calls DROP COLUMN rc_description;"
				  " PRAGMA user_version=1",
				  NULL, NULL, NULL),
		     SQLITE_OK, "%s", sqlite3_errmsg(h));
	sqlite3_close(h);
}

Test(db, schema_1_is_upgraded_when_opened)
{
	rpt_db *db = open_new("v1.db");
	char path[700], err[600];
	srh_result old, in;
	rpt_set s;

	snprintf(path, sizeof(path), "%s", rpt_db_path(db));
	fx_result(&old, "old.scenario", SRH_FAIL, false);
	int64_t run1 = fx_store(db, &old, 1, NULL);
	rpt_db_close(db);
	make_v1(path);
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM pragma_table_info('calls')"
				   " WHERE name='rc_description'"),
		     0);

	db = rpt_db_open(path, 0, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	cr_assert_eq(sql_int(path, "PRAGMA user_version"), RPT_SCHEMA_VERSION);
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM pragma_table_info('calls')"
				   " WHERE name='rc_description'"),
		     1);
	/* rows stored before read back with no description */
	cr_assert_eq(rpt_set_load(db, run1, RPT_LOAD_CALLS, &s), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(s.items[0].r.n_calls, old.n_calls);
	for (size_t i = 0; i < old.n_calls; i++)
		cr_assert_null(s.items[0].r.calls[i].rc_desc);
	rpt_set_free(&s);
	/* and new ones keep theirs */
	fx_result(&in, "new.scenario", SRH_FAIL, false);
	add_vendor_calls(&in);
	int64_t run2 = fx_store(db, &in, 1, NULL);
	cr_assert_eq(rpt_set_load(db, run2, RPT_LOAD_CALLS, &s), 0, "%s", rpt_db_errmsg(db));
	for (size_t i = 0; i < in.n_calls; i++)
		assert_call_eq(&s.items[0].r.calls[i], &in.calls[i]);
	rpt_set_free(&s);
	srh_result_free(&old);
	srh_result_free(&in);
	rpt_db_close(db);
}

Test(db, schema_1_that_cannot_be_upgraded_is_a_clear_error)
{
	const char *path = fx_db_path("v1broken.db");
	char err[600] = "";
	sqlite3 *h;

	/* schema 1 by its number, but without the table to upgrade */
	cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h,
				  "CREATE TABLE runs(id INTEGER PRIMARY KEY);"
				  " PRAGMA user_version=1",
				  NULL, NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(h);
	cr_assert_null(rpt_db_open(path, 0, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "v1broken.db"), "%s", err);
	cr_assert_not_null(strstr(err, "cannot upgrade the results database from schema 1"), "%s",
			   err);
	cr_assert_null(strchr(err, '\n'));
	cr_assert_eq(sql_int(path, "PRAGMA user_version"), 1, "a failed upgrade changes nothing");
}

Test(db, same_scenario_again_replaces_it)
{
	rpt_db *db = open_new("replace.db");
	srh_result a, b;
	rpt_set s;

	fx_result(&a, "one", SRH_FAIL, false);
	fx_result(&b, "one", SRH_PASS, false);
	int64_t run = fx_store(db, &a, 1, NULL);
	cr_assert_eq(rpt_result_add(db, run, &b), 0);
	cr_assert_eq(rpt_set_load(db, run, RPT_LOAD_ALL, &s), 0);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.items[0].r.verdict, SRH_PASS);
	cr_assert_eq(s.items[0].r.n_must, 0, "the old failures went with the old result");
	cr_assert_eq(sql_int(rpt_db_path(db), "SELECT count(*) FROM failures"), 0);
	cr_assert_eq(sql_int(rpt_db_path(db), "SELECT count(*) FROM call_errors"), 1);
	rpt_set_free(&s);
	srh_result_free(&a);
	srh_result_free(&b);
	rpt_db_close(db);
}

Test(db, failed_add_leaves_nothing_behind)
{
	rpt_db *db = open_new("rollback.db");
	srh_result r;

	fx_result(&r, "orphan", SRH_FAIL, false);
	cr_assert_eq(rpt_result_add(db, 4242, &r), -1, "no such run: the foreign key refuses");
	cr_assert_neq(rpt_db_errmsg(db)[0], '\0');
	cr_assert_eq(sql_int(rpt_db_path(db), "SELECT count(*) FROM scenarios"), 0);
	cr_assert_eq(sql_int(rpt_db_path(db), "SELECT count(*) FROM results"), 0);
	cr_assert_eq(sql_int(rpt_db_path(db), "SELECT count(*) FROM timeline"), 0);
	srh_result_free(&r);
	rpt_db_close(db);
}

Test(db, resume_bookkeeping)
{
	rpt_db *db = open_new("resume.db");
	rpt_run_info info = {0};
	srh_result r[2];
	const char *names[] = {"a", "b", "c"};
	bool pending[3];

	fx_result(&r[0], "a", SRH_PASS, false);
	fx_result(&r[1], "c", SRH_FAIL, false);
	int64_t done = fx_store(db, r, 1, NULL);
	int64_t run = rpt_run_begin(db, &info);
	cr_assert_gt(run, done);
	cr_assert_eq(rpt_result_add(db, run, &r[0]), 0);
	cr_assert_eq(rpt_result_add(db, run, &r[1]), 0);
	cr_assert_eq(rpt_run_latest(db, RPT_LATEST_UNFINISHED), run);
	cr_assert_eq(rpt_run_pending(db, run, names, 3, pending), 1);
	cr_assert(!pending[0] && pending[1] && !pending[2]);
	cr_assert_eq(rpt_run_not_passed(db, run), 1);
	cr_assert_eq(rpt_run_before(db, run), done);
	cr_assert_eq(rpt_run_end(db, run, false), 0);
	cr_assert_eq(rpt_run_latest(db, RPT_LATEST_UNFINISHED), run, "interrupted is unfinished");
	cr_assert_eq(rpt_run_end(db, run, true), 0);
	cr_assert_eq(rpt_run_latest(db, RPT_LATEST_UNFINISHED), 0);
	cr_assert_eq(rpt_run_end(db, 999, true), -1);
	srh_result_free(&r[0]);
	srh_result_free(&r[1]);
	rpt_db_close(db);
}

Test(db, trend_and_coverage)
{
	rpt_db *db = open_new("trend.db");
	srh_result r[3];
	rpt_trend_point *p;
	rpt_run run;
	size_t n;

	fx_result(&r[0], "a", SRH_PASS, false);
	fx_result(&r[1], "b", SRH_CRASH, false);
	fx_result(&r[2], "c", SRH_PASS, false);
	int64_t r1 = fx_store(db, r, 3, NULL);
	int64_t r2 = fx_store(db, r, 1, NULL);
	cr_assert_eq(rpt_trend(db, &p, &n), 0);
	cr_assert_eq(n, 2);
	cr_assert(p[0].run == r1 && p[0].total == 3 && p[0].passed == 2 && p[0].crashed == 1);
	cr_assert(p[1].run == r2 && p[1].total == 1 && p[1].passed == 1);
	rpt_trend_free(p, n);
	cr_assert_eq(rpt_run_coverage(db, r2, 96.5, 91.25, -1), 0);
	cr_assert_eq(rpt_run_get(db, r2, &run), 0);
	cr_assert(run.has_coverage);
	cr_assert_float_eq(run.cov_lines, 96.5, 1e-9);
	cr_assert_float_eq(run.cov_branches, 91.25, 1e-9);
	cr_assert_lt(run.cov_functions, 0, "unknown stays unknown");
	rpt_run_clear(&run);
	for (int i = 0; i < 3; i++)
		srh_result_free(&r[i]);
	rpt_db_close(db);
}

/* FIPS 180-2, appendix B: the SHA-256 examples. */
Test(hash, sha256_published_vectors)
{
	char hex[65];
	char *million = malloc(1000000);

	rpt_sha256_hex("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	rpt_sha256_hex("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	rpt_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	cr_assert_not_null(million);
	memset(million, 'a', 1000000);
	rpt_sha256_hex(million, 1000000, hex);
	cr_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

Test(hash, sha256_of_a_file)
{
	const char *path = fx_db_path("abc.txt");
	char hex[65];

	write_file(path, "abc", 3);
	cr_assert_eq(rpt_file_sha256(path, hex), 0);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert_eq(rpt_file_sha256(fx_db_path("no-such-file"), hex), -1);
}

Test(shard, parse)
{
	unsigned k = 9, n = 9;

	cr_assert_eq(rpt_shard_parse("1/2", &k, &n), 0);
	cr_assert(k == 1 && n == 2);
	cr_assert_eq(rpt_shard_parse("16/16", &k, &n), 0);
	const char *bad[] = {"0/2", "3/2", "1/0",  "1",	   "1/",
			     "/2",  "a/b", "1/2x", "-1/2", "1/70000"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(rpt_shard_parse(bad[i], &k, &n), -1, "%s accepted", bad[i]);
}

/* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the FNV reference test suite). */
Test(shard, fnv1a_mod_n_and_a_partition)
{
	const uint64_t h_a = 0xaf63dc4c8601ec8cu;
	char name[32];
	unsigned count[7] = {0};

	for (unsigned n = 1; n <= 9; n++)
		cr_assert_eq(rpt_shard_of("a", n), n == 1 ? 1 : (unsigned)(h_a % n) + 1);
	for (int i = 0; i < 700; i++) {
		unsigned hits = 0;
		snprintf(name, sizeof(name), "scenario.%d", i);
		for (unsigned k = 1; k <= 7; k++)
			hits += rpt_shard_pick(name, k, 7);
		cr_assert_eq(hits, 1, "%s is in exactly one shard", name);
		count[rpt_shard_of(name, 7) - 1]++;
	}
	for (int k = 0; k < 7; k++)
		cr_assert(count[k] > 50 && count[k] < 150, "shard %d has %u of 700", k + 1,
			  count[k]);
}
