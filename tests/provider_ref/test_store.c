/*
 * The job store: a file that is not a job store fails the open with one
 * line naming it; a record damaged on disk is 4 Failed, never a bad
 * instance.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tpr.h"

static void open_refused(const char *store, const char *needle)
{
	tpr t;
	char err[512] = "";

	cr_assert_neq(tpr_try_open(&t, store, NULL, NULL, err, sizeof err), 0, "%s must be refused",
		      store);
	cr_expect(strstr(err, store), "names the file: %s", err);
	cr_expect_null(strchr(err, '\n'), "one line: %s", err);
	if (needle)
		cr_expect(strstr(err, needle), "'%s' in '%s'", needle, err);
}

static void sql(const char *path, const char *stmt)
{
	sqlite3 *db = NULL;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, stmt, NULL, NULL, &msg), SQLITE_OK, "%s: %s", stmt,
		     msg ? msg : "");
	sqlite3_close(db);
}

Test(store, garbage_file_is_refused_at_open)
{
	char junk[4096];
	for (size_t i = 0; i < sizeof junk - 1; i++)
		junk[i] = (char)('a' + i % 26);
	junk[sizeof junk - 1] = '\0';
	char *path = tpr_tmp(junk);
	open_refused(path, "not a");
	tpr_rm(path);
}

Test(store, truncated_store_is_refused_at_open)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	struct stat st;

	tpr_open(&t, path, NULL);
	for (int i = 0; i < 200; i++) {
		char job[16];
		snprintf(job, sizeof job, "%d", i);
		tpr_failed(&t, job, i % 2 ? "io_error" : "partition");
	}
	tpr_close(&t);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_gt(st.st_size, 8 * 4096, "the store spans many pages");
	cr_assert_eq(truncate(path, st.st_size / 2), 0);
	open_refused(path, NULL);
	tpr_rm(path);
}

Test(store, other_databases_and_other_schema_versions_are_refused)
{
	char *path = tpr_tmp(NULL);
	sql(path, "CREATE TABLE notes (x TEXT);");
	open_refused(path, "schema version");
	tpr_rm(path);

	path = tpr_tmp(NULL);
	sql(path, "PRAGMA user_version = 7;");
	open_refused(path, "user_version 7");
	tpr_rm(path);

	open_refused("/nonexistent-dir/store.db", NULL);
}

Test(store, a_new_file_gets_schema_version_1_in_wal_mode)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;

	tpr_open(&t, path, NULL);
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
	cr_expect_str_eq((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
	tpr_close(&t);
	tpr_rm(path);
}

/* Damage the stored record of job 1 with stmt, then GetError after a
 * restart must be 4 with no Error. */
static void damaged(const char *stmt)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, path, NULL);
	tpr_failed(&t, "1", "io_error");
	tpr_close(&t);
	sql(path, stmt);
	tpr_open(&t, path, NULL);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 4, "%s", stmt);
	cr_expect_null(e);
	tpr_close(&t);
	tpr_rm(path);
}

Test(store, damaged_records_are_failed_not_served)
{
	damaged("UPDATE error SET message_id = '' WHERE job = '1'");
	damaged("UPDATE error SET message_id = NULL WHERE job = '1'");
	damaged("UPDATE error SET error_type = 11 WHERE job = '1'");
	damaged("UPDATE error SET cim_status_code = 0 WHERE job = '1'");
	damaged("UPDATE error SET probable_cause = 131 WHERE job = '1'");
	damaged("UPDATE error SET error_source_format = 1 WHERE job = '1'");
	damaged("DELETE FROM error_str WHERE job = '1' AND list = 1");
	damaged("UPDATE error_str SET idx = idx + 5 WHERE job = '1'");
}

Test(store, a_lost_error_record_is_rebuilt_from_the_stored_cause)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	cim_error *a = NULL, *b = NULL;

	tpr_open(&t, path, NULL);
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &a), 0);
	tpr_close(&t);
	sql(path, "DELETE FROM error; DELETE FROM error_str;");
	tpr_open(&t, path, NULL);
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &b), 0);
	cr_expect(cim_error_equal(a, b));
	tpr_free_error(&t, a);
	tpr_free_error(&t, b);
	tpr_close(&t);
	tpr_rm(path);
}
