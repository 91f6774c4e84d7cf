/*
 * The reference provider against the clauses of contract.md that changed
 * this round: the Removal paragraph (present for t < E + T, gone for
 * t >= E + T, T = 0 gone from the instant it ends, across restarts, and
 * nothing of the Error left in the store), exact InstanceID matching, and
 * invariant 6's "an Error is this job's own" with several jobs of one
 * owner alive and ended at once (the scenario format has one job per run,
 * so this is where several are checked against the reference).
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "tpr.h"

#define SEC 1000000000ull

/* Rows of job id in each table of the store file (job, error,
 * error_str), read with a connection of our own. */
static int rows(const char *path, const char *table, const char *id)
{
	char sql[128];
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int n = -1;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = ?1", table,
		 strcmp(table, "job") == 0 ? "id" : "job");
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static void expect_store_has_nothing_of(const char *path, const char *id)
{
	cr_expect_eq(rows(path, "job", id), 0, "job row of %s left", id);
	cr_expect_eq(rows(path, "error", id), 0, "Error record of %s left", id);
	cr_expect_eq(rows(path, "error_str", id), 0, "Error strings of %s left", id);
}

static void failed_doc(tpr *t, const char *job, uint64_t tbr)
{
	prov_fault f = fh_fault_of("io_error");

	cr_assert_eq(fh_created(&t->p, job, "alice", 1, tbr), 0);
	cr_assert_eq(fh_state(&t->p, job, CIM_JS_RUNNING), 0);
	cr_assert_eq(fh_end(&t->p, job, CIM_JS_EXCEPTION, &f, NULL), 0);
}

static uint32_t gi(tpr *t, const char *iid, cim_job **j)
{
	*j = NULL;
	return t->p.ops->get_instance(t->p.ctx, &tpr_owner, iid, j);
}

static bool enumerated(tpr *t, const char *iid)
{
	cim_job **v = NULL;
	size_t n = 0;
	bool found = false;

	cr_assert_eq(t->p.ops->enumerate_instances(t->p.ctx, &tpr_admin, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		found = found || strcmp(v[i]->instance_id, iid) == 0;
	t->p.ops->free_jobs(t->p.ctx, v, n);
	return found;
}

/* ---- Removal -------------------------------------------------------------- */

/* T = 0: gone from the instant it ends; its Error never reached the store
 * after the end event returned, with no client call in between. */
Test(removal, zero_is_gone_at_the_end_and_leaves_nothing)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	cim_job *j;
	tpr t;

	tpr_open(&t, path, NULL);
	failed_doc(&t, "1", 0);
	expect_store_has_nothing_of(path, "1");
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5);
	cr_expect_null(e);
	cr_expect_eq(gi(&t, tpr_iid(&t, "1"), &j), 5);
	cr_expect_null(j);
	cr_expect_not(enumerated(&t, tpr_iid(&t, "1")));
	tpr_close(&t);
	tpr_rm(path);
}

/* T = 10 s: every call at t < E + T answers as the failed job, every call
 * at t >= E + T finds no job, and the store keeps nothing of it. */
Test(removal, boundary_is_end_plus_time_before_removal)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	cim_job *j;
	tpr t;

	tpr_open(&t, path, NULL);
	failed_doc(&t, "1", 10 * SEC);
	t.h.now += 10 * SEC - 1;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	cr_expect_eq(gi(&t, tpr_iid(&t, "1"), &j), 0);
	cr_expect_eq(j->job_state, CIM_JS_EXCEPTION);
	t.p.ops->free_job(t.p.ctx, j);
	cr_expect(enumerated(&t, tpr_iid(&t, "1")));
	t.h.now += 1;
	e = NULL;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5);
	cr_expect_null(e);
	cr_expect_eq(gi(&t, tpr_iid(&t, "1"), &j), 5);
	cr_expect_not(enumerated(&t, tpr_iid(&t, "1")));
	expect_store_has_nothing_of(path, "1");
	tpr_close(&t);
	tpr_rm(path);
}

/* Closed before E + T, opened after it: gone at once, store included,
 * before any client call. */
Test(removal, across_a_restart)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	tpr t;

	tpr_open(&t, path, NULL);
	failed_doc(&t, "1", 10 * SEC);
	t.h.now += 5 * SEC;
	tpr_close(&t);
	cr_expect_eq(rows(path, "error", "1"), 1, "present until E + T");
	t.h.now += 5 * SEC;
	tpr_reopen(&t, path, NULL);
	expect_store_has_nothing_of(path, "1");
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5);
	cr_expect_null(e);
	tpr_close(&t);
	tpr_rm(path);
}

/* DeleteOnCompletion FALSE: T = 0 or not, the job stays. */
Test(removal, kept_without_delete_on_completion)
{
	prov_fault f = fh_fault_of("io_error");
	cim_error *e = NULL;
	tpr t;

	tpr_open(&t, NULL, NULL);
	cr_assert_eq(fh_created(&t.p, "1", "alice", 0, 0), 0);
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, &f, NULL), 0);
	t.h.now += 3600 * SEC;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

/* ---- exact InstanceID ------------------------------------------------------ */

Test(exact_iid, other_spellings_name_no_job)
{
	static const char *spell[] = {"srsim:1",  "Srsim:1",   "SRSIM:1 ", " SRSIM:1",
				      "SRSIM :1", "SRSIM:1\n", "SRSIM:01", "SRSIM:1x",
				      "SRSIM:10", "SRSIM:",    "SRSIM",	   "SRSIM:1:"};
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	for (size_t i = 0; i < sizeof spell / sizeof spell[0]; i++) {
		cim_error *e = NULL, **v = NULL;
		cim_job *j = NULL;
		size_t n = 0;

		cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_owner, spell[i], &e), 5, "\"%s\"",
			     spell[i]);
		cr_expect_null(e);
		cr_expect_eq(t.p.ops->get_errors(t.p.ctx, &tpr_owner, spell[i], &v, &n), 5);
		cr_expect_eq(n, 0u);
		cr_expect_eq(gi(&t, spell[i], &j), 5, "\"%s\"", spell[i]);
		cr_expect_null(j);
	}
	/* RequestStateChange on a running job's other spellings touches
	 * nothing. */
	tpr_running(&t, "2");
	cr_expect_eq(t.p.ops->request_state_change(t.p.ctx, &tpr_owner, "srsim:2", CIM_RS_KILL, 0),
		     5);
	cim_job *j = tpr_instance(&t, "2");
	cr_expect_eq(j->job_state, CIM_JS_RUNNING);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}

/* ---- invariant 6: an Error is this job's own -------------------------------- */

/* Four jobs of alice alive at once, then ended in an interleaved order by
 * different faults and requests, read in another order: each Error names
 * its own job and describes its own end. */
Test(own, several_jobs_of_one_owner)
{
	static const char *cls[] = {"io_error", "partner_crash", "timeout"};
	char path[96], iid[32];
	cim_error *e[4] = {NULL};
	tpr t;

	tpr_open(&t, NULL, NULL);
	for (int i = 0; i < 4; i++) {
		char job[12]; /* any int: gcc -O1 (the ASan build) cannot see i < 4 */

		snprintf(job, sizeof job, "%d", i + 1);
		tpr_running(&t, job);
	}
	for (int i = 2; i >= 0; i--) {
		char job[8];
		prov_fault f = fh_fault_of(cls[i]);

		snprintf(job, sizeof job, "%d", i + 1);
		cr_assert_eq(fh_end(&t.p, job, CIM_JS_EXCEPTION, &f, NULL), 0);
	}
	cr_assert_eq(fh_end(&t.p, "4", CIM_JS_TERMINATED, NULL, "alice"), 0);
	for (int i = 3; i >= 0; i--) {
		char job[8];

		snprintf(job, sizeof job, "%d", i + 1);
		cr_assert_eq(tpr_get_error(&t, &tpr_owner, job, &e[i]), 0);
		cr_assert_not_null(e[i]);
		snprintf(iid, sizeof iid, "SRSIM:%d", i + 1);
		snprintf(path, sizeof path, "InstanceID=\"%s\"", iid);
		cr_expect_not_null(strstr(e[i]->error_source, path), "job %d: ErrorSource %s",
				   i + 1, e[i]->error_source);
	}
	/* contract.md reference profile: each fault class has its own
	 * MessageID and ProbableCause; the timeout names the timeout. */
	cr_expect_eq(e[0]->probable_cause, 24, "I/O Device Error");
	cr_expect_eq(e[1]->probable_cause, 72, "Element Unavailable");
	cr_expect_eq(e[2]->probable_cause, 111, "Timeout");
	cr_expect_eq(e[3]->error_type, 1, "Other: terminated by client");
	for (int i = 0; i < 4; i++)
		for (int k = i + 1; k < 4; k++)
			cr_expect_str_neq(e[i]->message_id, e[k]->message_id, "jobs %d and %d",
					  i + 1, k + 1);
	for (int i = 0; i < 4; i++)
		tpr_free_error(&t, e[i]);
	tpr_close(&t);
}
