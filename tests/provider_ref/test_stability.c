/*
 * contract.md invariant 6: two GetError calls on an ended job return equal
 * Errors, and the Error survives a provider restart until the job is
 * removed. Invariant 7: GetErrors' first error equals GetError's Error.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>
#include <stdio.h>
#include <string.h>

#include "srh/prov_faults.h"
#include "tpr.h"

static cim_error *must_get(tpr *t, const char *job)
{
	cim_error *e = NULL;
	cr_assert_eq(tpr_get_error(t, &tpr_owner, job, &e), 0, "GetError %s", job);
	cr_assert_not_null(e);
	return e;
}

Test(stability, two_calls_give_equal_errors_in_both_cache_modes)
{
	const char *modes[] = {"cache=1", "cache=0"};

	for (size_t m = 0; m < 2; m++) {
		tpr t;
		tpr_open(&t, NULL, modes[m]);
		tpr_failed(&t, "1", "partner_crash");
		cim_error *a = must_get(&t, "1"), *b = must_get(&t, "1"), *c = must_get(&t, "1");
		cr_expect(a != b, "each call hands out its own copy");
		cr_expect(cim_error_equal(a, b), "%s", modes[m]);
		cr_expect(cim_error_equal(b, c), "%s", modes[m]);
		tpr_free_error(&t, a);
		tpr_free_error(&t, b);
		tpr_free_error(&t, c);
		tpr_close(&t);
	}
}

Test(stability, error_survives_close_and_reopen_of_the_store)
{
	char *path = tpr_tmp(NULL);
	const char *classes[] = {"io_error", "timeout", "auth_refused", "engine_bug"};
	cim_error *before[4], *term;
	tpr t;

	tpr_open(&t, path, NULL);
	for (size_t i = 0; i < 4; i++) {
		char job[8];
		snprintf(job, sizeof job, "%zu", i + 1);
		tpr_failed(&t, job, classes[i]);
		before[i] = must_get(&t, job);
	}
	tpr_running(&t, "9");
	cr_assert_eq(t.p.ops->request_state_change(t.p.ctx, &tpr_owner, tpr_iid(&t, "9"),
						   CIM_RS_TERMINATE, 0),
		     CIM_RSC_STARTED);
	cr_assert_eq(fh_engine_apply(&t.p), 0);
	term = must_get(&t, "9");
	tpr_close(&t);

	/* A restarted provider has no engine attached (host->query NULL)
	 * and reads the store; so does one with cache=0. */
	const char *opts[] = {NULL, "cache=0"};
	for (size_t m = 0; m < 2; m++) {
		fh_host_init(&t.h);
		t.h.host.query = NULL;
		t.p.ctx = NULL;
		tpr_reopen(&t, path, opts[m]);
		for (size_t i = 0; i < 4; i++) {
			char job[8];
			snprintf(job, sizeof job, "%zu", i + 1);
			cim_error *after = must_get(&t, job);
			cr_expect(cim_error_equal(before[i], after), "job %s after reopen", job);
			tpr_free_error(&t, after);
		}
		cim_error *after = must_get(&t, "9");
		cr_expect(cim_error_equal(term, after));
		cr_expect_str_eq(after->other_error_type, "Terminated by client");
		tpr_free_error(&t, after);
		cim_job *j = tpr_instance(&t, "9");
		cr_expect_eq(j->job_state, CIM_JS_TERMINATED);
		t.p.ops->free_job(t.p.ctx, j);
		tpr_close(&t);
	}
	for (size_t i = 0; i < 4; i++)
		cim_error_free(before[i]);
	cim_error_free(term);
	tpr_rm(path);
}

Test(stability, get_errors_first_equals_get_error)
{
	tpr t;
	cim_error **v = NULL;
	size_t n = 0;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "engine_oom");
	cim_error *e = must_get(&t, "1");
	cr_assert_eq(t.p.ops->get_errors(t.p.ctx, &tpr_owner, tpr_iid(&t, "1"), &v, &n), 0);
	cr_assert_eq(n, 1u);
	cr_expect(cim_error_equal(v[0], e));
	t.p.ops->free_errors(t.p.ctx, v, n);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(stability, removal_deletes_the_stored_error_too)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	tpr t;

	tpr_open(&t, path, NULL);
	cr_assert_eq(fh_created(&t.p, "1", "alice", 1, FH_NS_PER_S), 0);
	prov_fault f = fh_fault_of("io_error");
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, &f, NULL), 0);
	t.h.now += 2 * FH_NS_PER_S;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5);
	tpr_close(&t);
	tpr_open(&t, path, NULL);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5, "gone from the store too");
	cr_expect_null(e);
	tpr_close(&t);
	tpr_rm(path);
}

/* Make the Nth Error-build allocation of a call fail. */
static int alloc_target, alloc_hits;
static int nth_alloc(const char *name, int *failnum, void **failinfo, unsigned *flags)
{
	(void)name;
	(void)failnum;
	(void)failinfo;
	(void)flags;
	return ++alloc_hits == alloc_target;
}

Test(stability, every_allocation_failure_gives_2_and_leaves_the_error_intact)
{
	tpr t;
	cim_error *ref = NULL;
	int failed = 0;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "ref", "timeout");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "ref", &ref), 0);
	for (alloc_target = 1;; alloc_target++) {
		char job[16];
		cim_error *e = NULL;
		snprintf(job, sizeof job, "j%d", alloc_target);
		tpr_failed(&t, job, "timeout");
		alloc_hits = 0;
		cr_assert_eq(fiu_enable_external(PROV_FP_ERROR_ALLOC, 1, NULL, 0, nth_alloc), 0);
		uint32_t rc = tpr_get_error(&t, &tpr_owner, job, &e);
		fiu_disable(PROV_FP_ERROR_ALLOC);
		if (alloc_hits < alloc_target) { /* this call has fewer allocations */
			cr_expect_eq(rc, 0);
			tpr_free_error(&t, e);
			break;
		}
		cr_expect_eq(rc, 2, "allocation %d", alloc_target);
		cr_expect_null(e);
		failed++;
		/* The next call, with memory back, gives the full Error. */
		cr_assert_eq(tpr_get_error(&t, &tpr_owner, job, &e), 0);
		cr_expect_str_eq(e->message_id, ref->message_id);
		cr_expect_eq(e->n_message_arguments, ref->n_message_arguments);
		tpr_free_error(&t, e);
	}
	cr_expect_gt(failed, 10, "the first GetError allocates more than a few times");
	tpr_free_error(&t, ref);
	tpr_close(&t);
}

Test(stability, a_job_that_ended_while_memory_ran_out_still_gets_its_error)
{
	char *path = tpr_tmp(NULL);
	cim_error *e = NULL;
	tpr t;

	tpr_open(&t, path, NULL);
	tpr_running(&t, "1");
	prov_fault f = fh_fault_of("log_full");
	cr_assert_eq(fiu_enable(PROV_FP_ERROR_ALLOC, 1, NULL, 0), 0);
	cr_expect_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, &f, NULL), 0, "the end is recorded");
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 2);
	fiu_disable(PROV_FP_ERROR_ALLOC);
	cim_error *first = must_get(&t, "1");
	cr_expect_str_eq(first->message_id, "SR1003");
	cim_job *j = tpr_instance(&t, "1");
	cr_expect_eq(j->job_state, CIM_JS_EXCEPTION);
	cr_assert_not_null(j->error_description);
	cr_expect_str_eq(j->error_description, first->message);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
	tpr_open(&t, path, NULL);
	cim_error *again = must_get(&t, "1");
	cr_expect(cim_error_equal(first, again));
	tpr_free_error(&t, again);
	tpr_free_error(&t, first);
	tpr_close(&t);
	tpr_rm(path);
}
