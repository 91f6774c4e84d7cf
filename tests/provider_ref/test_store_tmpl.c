/*
 * The job store's template (provider/ref/ref_store_tmpl.c): an in-memory
 * store starts from a copy of an empty store made once per process. It
 * must be the very schema a fresh store file gets, each copy must be its
 * own database, and a store on a real file must keep its jobs across a
 * restart.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <fiu-control.h>
#include <fiu.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "ref_store_int.h"
#include "srh/prov_faults.h"
#include "tpr.h"

#define N_THREADS 8

static ref_store *must_open(const char *path)
{
	char err[512] = "";
	ref_store *s = ref_store_open(path, false, err, sizeof err);
	cr_assert_not_null(s, "open %s: %s", path ? path : ":memory:", err);
	return s;
}

static int user_version(ref_store *s)
{
	sqlite3_stmt *q = NULL;
	cr_assert_eq(sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	int v = sqlite3_column_int(q, 0);
	cr_assert_eq(sqlite3_finalize(q), SQLITE_OK);
	return v;
}

/* Every schema object, one "type name table sql" line each, by name. */
static char *schema_text(ref_store *s)
{
	static const char sql[] = "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_master"
				  " ORDER BY type, name";
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 1;
	char *out = calloc(1, cap);
	int rc;

	cr_assert_not_null(out);
	cr_assert_eq(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char line[2048];
		int n = snprintf(line, sizeof line, "%s %s %s %s\n", sqlite3_column_text(q, 0),
				 sqlite3_column_text(q, 1), sqlite3_column_text(q, 2),
				 sqlite3_column_text(q, 3));
		cr_assert(n > 0 && (size_t)n < sizeof line);
		out = realloc(out, cap += (size_t)n);
		cr_assert_not_null(out);
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	cr_assert_eq(rc, SQLITE_DONE);
	cr_assert_eq(sqlite3_finalize(q), SQLITE_OK);
	return out;
}

static size_t n_jobs(ref_store *s)
{
	ref_job **v = NULL;
	size_t n = 0;
	cr_assert_eq(ref_store_load_all(s, &v, &n), REF_OK);
	for (size_t i = 0; i < n; i++)
		ref_job_free(v[i]);
	free(v);
	return n;
}

static void save_job(ref_store *s, const char *id)
{
	ref_job j = {0};
	j.id = (char *)id;
	j.owner = (char *)"alice";
	j.submitted = j.started = j.ended = j.last_change = CIM_TIME_NULL;
	j.cause.fc = PROV_FC_NONE;
	cr_assert_eq(ref_store_save(s, &j, NULL), REF_OK, "save %s", id);
}

Test(store_tmpl, an_in_memory_store_has_the_schema_of_a_fresh_store_file)
{
	char *path = tpr_tmp(NULL);
	ref_store *file = must_open(path);
	ref_store *mem = must_open(NULL);

	/* Schema version 1 (ref_store_open.c): job, error, error_str. */
	cr_expect_eq(user_version(mem), 1);
	cr_expect_eq(user_version(file), 1);
	char *a = schema_text(mem), *b = schema_text(file);
	cr_expect_str_eq(a, b, "template:\n%s\nfresh file:\n%s", a, b);
	for (size_t i = 0; i < 3; i++) {
		static const char *const tables[] = {"table job job ", "table error error ",
						     "table error_str error_str "};
		cr_expect(strstr(a, tables[i]), "'%s' in\n%s", tables[i], a);
	}
	free(a);
	free(b);
	ref_store_close(mem);
	ref_store_close(file);
	tpr_rm(path);
}

Test(store_tmpl, each_in_memory_store_is_its_own_empty_database)
{
	ref_store *a = must_open(NULL);
	save_job(a, "1");
	save_job(a, "2");
	ref_store *b = must_open(NULL);

	cr_expect_eq(n_jobs(b), 0, "a new store starts empty");
	save_job(b, "3");
	cr_expect_eq(n_jobs(a), 2);
	cr_expect_eq(n_jobs(b), 1);
	ref_store_close(a);
	ref_store *c = must_open(NULL);
	cr_expect_eq(n_jobs(c), 0, "a store opened after others were written starts empty");
	ref_store_close(b);
	ref_store_close(c);
}

static void *open_many(void *arg)
{
	size_t *bad = arg;
	char err[256];

	for (int i = 0; i < 20; i++) {
		ref_store *s = ref_store_open(NULL, false, err, sizeof err);
		ref_job **v = NULL;
		size_t n = 1;
		if (!s || ref_store_load_all(s, &v, &n) != REF_OK || n != 0)
			(*bad)++;
		free(v);
		ref_store_close(s);
	}
	return NULL;
}

/* The first opens race to make the template: every one must get an empty
 * store (Criterion runs each test in a new process, so none is made yet). */
Test(store_tmpl, stores_opened_at_once_by_many_threads_are_all_empty)
{
	pthread_t th[N_THREADS];
	size_t bad[N_THREADS] = {0};

	for (size_t i = 0; i < N_THREADS; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, open_many, &bad[i]), 0);
	for (size_t i = 0; i < N_THREADS; i++) {
		cr_assert_eq(pthread_join(th[i], NULL), 0);
		cr_expect_eq(bad[i], 0, "thread %zu: %zu bad opens", i, bad[i]);
	}
}

/* contract.md invariant 6: the Error survives a provider restart; a job
 * that is not there is 5 Invalid Parameter. */
Test(store_tmpl, a_restart_on_a_store_file_still_finds_its_jobs)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	char id[128], msg[512];
	tpr t;

	tpr_open(&t, path, NULL);
	tpr_failed(&t, "7", "io_error");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "7", &e), 0);
	cr_assert(e && e->message_id && e->message);
	snprintf(id, sizeof id, "%s", e->message_id);
	snprintf(msg, sizeof msg, "%s", e->message);
	tpr_free_error(&t, e);
	tpr_close(&t);
	/* An in-memory provider opened meanwhile does not see the file's job. */
	tpr_open(&t, NULL, NULL);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "7", &e), 5);
	tpr_close(&t);
	tpr_open(&t, path, NULL);
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "7", &e), 0, "the job is found after a restart");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->message_id, id);
	cr_expect_str_eq(e->message, msg);
	tpr_free_error(&t, e);
	tpr_close(&t);
	tpr_rm(path);
}

static int rows(ref_store *s, const char *table)
{
	char sql[128];
	sqlite3_stmt *q = NULL;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	cr_assert_eq(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	int n = sqlite3_column_int(q, 0);
	cr_assert_eq(sqlite3_finalize(q), SQLITE_OK);
	return n;
}

/* ref_store_pool.c: a closed in-memory store is kept for the next open,
 * emptied of the rows of all three tables, with its schema. The Error is
 * saved through the store, as the provider saves it: emptying clears the
 * tables the store wrote. */
Test(store_pool, a_closed_in_memory_store_is_reused_empty)
{
	ref_store *a = must_open(NULL);
	char *args[] = {(char *)"x"};
	cim_error e = {.error_type = CIM_ET_SOFTWARE,
		       .perceived_severity = CIM_SEV_MAJOR,
		       .cim_status_code = CIM_SC_FAILED,
		       .message_arguments = args,
		       .n_message_arguments = 1};
	ref_job j = {.id = (char *)"1", .owner = (char *)"alice", .cause.fc = PROV_FC_NONE};
	j.submitted = j.started = j.ended = j.last_change = CIM_TIME_NULL;
	cr_assert_eq(ref_store_save(a, &j, &e), REF_OK);
	cr_assert_eq(rows(a, "error"), 1);
	cr_assert_eq(rows(a, "error_str"), 1);
	ref_store_close(a);

	ref_store *b = must_open(NULL);
	cr_expect_eq(b, a, "the closed store was not kept");
	cr_expect_eq(rows(b, "job"), 0);
	cr_expect_eq(rows(b, "error"), 0);
	cr_expect_eq(rows(b, "error_str"), 0);
	cr_expect_eq(user_version(b), REF_SCHEMA_VERSION);
	save_job(b, "2");
	cr_expect_eq(n_jobs(b), 1);
	ref_store_close(b);
}

/* A store that wrote only job rows is emptied of them (one DELETE, the
 * other tables were never written) and kept. */
Test(store_pool, a_store_that_wrote_only_jobs_is_reused_empty)
{
	ref_store *a = must_open(NULL);
	save_job(a, "1");
	save_job(a, "2");
	ref_store_close(a);

	ref_store *b = must_open(NULL);
	cr_expect_eq(b, a, "the closed store was not kept");
	cr_expect_eq(rows(b, "job"), 0);
	cr_expect_eq(rows(b, "error"), 0);
	ref_store_close(b);
}

/* A store closed inside a transaction is not kept: the next one is a
 * fresh copy, empty and outside any transaction. */
Test(store_pool, a_store_left_in_a_transaction_is_not_kept)
{
	ref_store *a = must_open(NULL);
	cr_assert_eq(sqlite3_exec(a->db, "BEGIN; INSERT INTO error_str VALUES ('1', 0, 0, 'x')",
				  NULL, NULL, NULL),
		     SQLITE_OK);
	ref_store_close(a);

	ref_store *b = must_open(NULL);
	cr_expect_neq(sqlite3_get_autocommit(b->db), 0, "a transaction was handed on");
	cr_expect_eq(rows(b, "error_str"), 0);
	ref_store_close(b);
}

/* ref_store_known.c: a file reopened exactly as this process closed it
 * skips the open's checks, but one changed in place since (same size, one
 * byte of a table page) is checked and refused, as any damaged file. */
Test(store_known, a_file_changed_in_place_after_close_is_checked_at_reopen)
{
	char *path = tpr_tmp(NULL);
	char err[512] = "";

	ref_store *s = must_open(path);
	save_job(s, "1");
	ref_store_close(s);
	s = must_open(path);
	cr_expect_eq(n_jobs(s), 1, "the unchanged file reopens with its job");
	ref_store_close(s);

	FILE *f = fopen(path, "r+b");
	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 4096, SEEK_SET), 0); /* page 2: a table's root */
	cr_assert_eq(fputc(0xFF, f), 0xFF);	   /* no valid b-tree page type */
	cr_assert_eq(fclose(f), 0);
	s = ref_store_open(path, false, err, sizeof err);
	cr_expect_null(s, "a damaged file must be refused at open");
	ref_store_close(s);
	cr_log_info("%s", err);
	tpr_rm(path);
}

static char *pragma_text(ref_store *s, const char *sql)
{
	sqlite3_stmt *q = NULL;
	cr_assert_eq(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	char *v = strdup((const char *)sqlite3_column_text(q, 0));
	cr_assert_eq(sqlite3_finalize(q), SQLITE_OK);
	return v;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
}

/* ref_store_tmpl_file: a new store file is the template's image, written
 * in one go; it must be the store the long way made: schema version 1,
 * the template's schema, WAL mode, every page sound, no row; and it keeps
 * what is saved across a restart. */
Test(store_tmpl, a_new_store_file_is_the_template_in_wal_mode)
{
	char *path = tpr_tmp(NULL);
	struct stat st;

	ref_store *file = must_open(path);
	cr_assert_eq(stat(path, &st), 0, "the file exists once opened");
	cr_expect_gt(st.st_size, 0, "it holds the template's pages, not an empty file");
	ref_store *mem = must_open(NULL);
	cr_expect_eq(user_version(file), 1);
	char *a = schema_text(mem), *b = schema_text(file);
	cr_expect_str_eq(b, a, "fresh file:\n%s\ntemplate:\n%s", b, a);
	free(a);
	free(b);
	char *mode = pragma_text(file, "PRAGMA journal_mode");
	cr_expect_str_eq(mode, "wal");
	free(mode);
	char *qc = pragma_text(file, "PRAGMA integrity_check");
	cr_expect_str_eq(qc, "ok");
	free(qc);
	cr_expect_eq(rows(file, "job") + rows(file, "error") + rows(file, "error_str"), 0);
	cr_expect_eq(n_jobs(file), 0);
	save_job(file, "1");
	ref_store_close(file);
	ref_store_close(mem);
	file = must_open(path);
	cr_expect_eq(n_jobs(file), 1, "the saved job is there after a restart");
	ref_store_close(file);
	tpr_rm(path);
}

/* The image is written only where nothing is: an existing file (even an
 * empty one), or a WAL file or rollback journal beside the path (SQLite
 * would roll it into the new file), leaves the file to the long way. */
Test(store_tmpl, the_image_is_written_only_where_no_file_is)
{
	char *path = tpr_tmp(NULL);
	char side[4096];
	static const char *const sides[] = {"", "-wal", "-journal"};
	struct stat st;

	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", path, sides[i]);
		write_file(side, "x");
		cr_expect_not(ref_store_tmpl_file(NULL, path), "written beside '%s'", side);
		cr_assert_eq(unlink(side), 0);
		cr_expect_neq(stat(path, &st), 0, "nothing left at the path (beside '%s')", side);
	}
	cr_expect_not(ref_store_tmpl_file(NULL, "/nonexistent-dir/store.db"));
	cr_expect(ref_store_tmpl_file(NULL, path), "a free path gets the image");
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_gt(st.st_size, 0);
	cr_expect_not(ref_store_tmpl_file(NULL, path), "an existing store is not overwritten");
	tpr_rm(path);
}

/* Loading the jobs of a new file needs no statement, but the read's fault
 * points still answer as its first step did: armed, the load fails. */
Test(store_tmpl, a_read_fault_still_fails_the_load_of_a_new_file)
{
	char *path = tpr_tmp(NULL);
	ref_job **v = NULL;
	size_t n = 0;

	cr_assert_eq(fiu_init(0), 0);
	ref_store *s = must_open(path);
	cr_assert_eq(fiu_enable(PROV_FP_STORE_READ, 1, NULL, 0), 0);
	ref_rc rc = ref_store_load_all(s, &v, &n);
	cr_assert_eq(fiu_disable(PROV_FP_STORE_READ), 0);
	cr_expect_neq(rc, REF_OK, "an armed read fault fails the load");
	cr_expect_eq(n, 0);
	ref_store_close(s);
	tpr_rm(path);
}
