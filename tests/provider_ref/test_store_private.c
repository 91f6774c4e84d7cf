/*
 * PROV_CFG_STORE_PRIVATE (ABI 1.1): a store file opened private is the
 * provider connection's alone while it is open (another connection's read
 * is refused busy, SQLite's EXCLUSIVE locking) and whole once closed; a
 * store opened without it, or by a host of ABI 1.0 whose prov_config ends
 * before flags, stays readable by others meanwhile (an operator's sqlite3
 * beside srh serve --store).
 */
#include <criterion/criterion.h>
#include <fiu.h>
#include <sqlite3.h>

#include "tpr.h"

/* SQLite's answer to counting the job rows of path from a connection of
 * our own; *n gets the count when it is SQLITE_ROW. */
static int count_jobs(const char *path, int *n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int rc;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM job", -1, &q, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		*n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc;
}

/* The provider open on a new store file with abi and flags as the host
 * gives them, one job created in it. */
static void open_with(tpr *t, const char *path, uint32_t abi, uint32_t flags)
{
	tpr_open_flags(t, path, abi, flags);
	cr_assert_eq(fh_created(&t->p, "1", "alice", 1, 0), 0);
}

static void expect_shared(uint32_t abi, uint32_t flags)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	int n = -1;

	open_with(&t, path, abi, flags);
	cr_expect_eq(count_jobs(path, &n), SQLITE_ROW, "another connection reads the store");
	cr_expect_eq(n, 1);
	tpr_close(&t);
	tpr_rm(path);
}

Test(store_private, locked_while_open_and_whole_after)
{
	char *path = tpr_tmp(NULL);
	tpr t;
	int n = -1;

	open_with(&t, path, PROV_ABI_VERSION, PROV_CFG_STORE_PRIVATE);
	cr_expect_eq(count_jobs(path, &n) & 0xff, SQLITE_BUSY,
		     "a private store is not readable by another connection while open");
	tpr_close(&t);
	cr_expect_eq(count_jobs(path, &n), SQLITE_ROW, "closed, the store is readable");
	cr_expect_eq(n, 1, "and holds the job");
	tpr_reopen(&t, path, NULL);
	cim_job *j = tpr_instance(&t, "1"); /* asserts a restart finds the job */
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
	tpr_rm(path);
}

Test(store_private, shared_without_the_flag)
{
	expect_shared(PROV_ABI_VERSION, 0);
}

/* A 1.0 host's struct ends before flags: whatever the bits there, the
 * provider must not read them. */
Test(store_private, ignored_from_an_abi_1_0_host)
{
	expect_shared(PROV_ABI_MAJOR << 16, PROV_CFG_STORE_PRIVATE);
}
