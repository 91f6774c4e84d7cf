/*
 * Every GetError return code of contract.md, each from its real cause, and
 * invalid arguments -> 5 Invalid Parameter.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>
#include <stdint.h>
#include <string.h>

#include "srh/prov_faults.h"
#include "tpr.h"

#define MS 1000000ull

Test(geterror_rc, success_null_while_running_and_error_after_failure)
{
	tpr t;
	cim_error *e = (cim_error *)&e; /* must be overwritten */

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_null(e);
	tpr_failed(&t, "2", "io_error");
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "2", &e), 0);
	cr_assert_not_null(e);
	cr_expect_str_eq(e->message_id, "SR1001");
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, not_supported_when_caps_lack_geterror)
{
	tpr t;
	cim_error *e = NULL;
	cim_error **v = NULL;
	size_t n = 9;

	tpr_open(&t, NULL, "caps=geterrors");
	tpr_failed(&t, "1", "io_error");
	uint32_t caps = t.p.ops->capabilities(t.p.ctx);
	cr_expect_eq(caps & PROV_CAP_GET_ERROR, 0u);
	cr_expect_neq(caps & PROV_CAP_GET_ERRORS, 0u);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 1);
	cr_expect_null(e);
	/* The capability it does offer still answers. */
	cr_expect_eq(t.p.ops->get_errors(t.p.ctx, &tpr_owner, tpr_iid(&t, "1"), &v, &n), 0);
	cr_expect_eq(n, 1u);
	t.p.ops->free_errors(t.p.ctx, v, n);
	tpr_close(&t);
}

Test(geterror_rc, not_supported_by_fault_point_through_capabilities)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(fiu_enable(PROV_FP_CAPS_GETERROR, 1, NULL, 0), 0);
	cr_expect_eq(t.p.ops->capabilities(t.p.ctx) & PROV_CAP_GET_ERROR, 0u);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 1);
	cr_expect_null(e);
	fiu_disable(PROV_FP_CAPS_GETERROR);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, unspecified_error_when_the_build_cannot_allocate)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "disk_failure");
	cr_assert_eq(fiu_enable(PROV_FP_ERROR_ALLOC, 1, NULL, 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 2);
	cr_expect_null(e);
	fiu_disable(PROV_FP_ERROR_ALLOC);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_assert_not_null(e);
	cr_expect_str_eq(e->message_id, "SR1002");
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, timeout_when_the_engine_answers_after_the_deadline)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL); /* default deadline 2000 ms */
	tpr_failed(&t, "1", "partition");
	t.h.latency_ns = 2000 * MS; /* at the deadline: still in time */
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	t.h.latency_ns = 2000 * MS + 1;
	e = NULL;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 3);
	cr_expect_null(e);
	cr_expect_eq(t.h.n_queries, 2);
	tpr_close(&t);
}

Test(geterror_rc, timeout_from_engine_slow_goes_through_the_deadline)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, "deadline_ms=100");
	tpr_running(&t, "1");
	/* 50 ms of added latency is inside a 100 ms deadline ... */
	cr_assert_eq(fiu_enable(PROV_FP_ENGINE_SLOW, 1, (void *)(uintptr_t)(50 * MS), 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	/* ... plus 60 ms from the engine itself it is not. */
	t.h.latency_ns = 60 * MS;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 3);
	cr_expect_null(e);
	/* No failinfo: a latency past any deadline. */
	t.h.latency_ns = 0;
	fiu_disable(PROV_FP_ENGINE_SLOW); /* libfiu leaks a point enabled twice */
	cr_assert_eq(fiu_enable(PROV_FP_ENGINE_SLOW, 1, NULL, 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 3);
	fiu_disable(PROV_FP_ENGINE_SLOW);
	tpr_close(&t);
}

Test(geterror_rc, engine_without_the_job_is_answered_from_the_store)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	t.h.query_rc = PROV_HOST_NO_JOB;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	t.h.query_rc = PROV_HOST_ERROR; /* the engine failed to answer */
	e = NULL;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 4);
	cr_expect_null(e);
	tpr_close(&t);
}

Test(geterror_rc, failed_when_the_store_cannot_be_read)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "log_full");
	cr_assert_eq(fiu_enable(PROV_FP_STORE_READ, 1, NULL, 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 4);
	cr_expect_null(e);
	fiu_disable(PROV_FP_STORE_READ);
	tpr_close(&t);

	/* cache=0 reads the store on every call, running jobs included. */
	tpr_open(&t, NULL, "cache=0");
	tpr_running(&t, "1");
	cr_assert_eq(fiu_enable(PROV_FP_STORE_READ, 1, NULL, 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 4);
	fiu_disable(PROV_FP_STORE_READ);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_null(e);
	tpr_close(&t);
}

Test(geterror_rc, failed_when_the_stored_record_is_corrupt)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, "cache=0");
	tpr_failed(&t, "1", "conn_reset");
	cr_assert_eq(fiu_enable(PROV_FP_STORE_CORRUPT, 1, NULL, 0), 0);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 4);
	cr_expect_null(e);
	fiu_disable(PROV_FP_STORE_CORRUPT);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, invalid_parameter_for_bad_references_and_missing_out)
{
	tpr t;
	cim_error *e = NULL;
	const char *bad[] = {
	    NULL,
	    "",
	    "SRSIM:",
	    "SRSIM",
	    "1",
	    "SRSIM:999",
	    "ACME:1",
	    "srsim:1",
	    "SRSIM:1:2",
	    "SRSIM:1 ",
	    " SRSIM:1",
	    "SRSIM:a/b",
	    "SRSIM:01234567890123456789012345678901234567890123456789012345678901234"};

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		e = NULL;
		cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_admin, bad[i], &e), 5,
			     "InstanceID \"%s\"", bad[i] ? bad[i] : "(null)");
		cr_expect_null(e);
	}
	cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_admin, "SRSIM:1", NULL), 5);
	cr_expect_eq(t.p.ops->get_errors(t.p.ctx, &tpr_admin, "SRSIM:1", NULL, NULL), 5);
	tpr_close(&t);
}

Test(geterror_rc, invalid_parameter_once_removed_after_time_before_removal)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	cr_assert_eq(fh_created(&t.p, "1", "alice", 1, 10 * MS), 0);
	cr_assert_eq(fh_state(&t.p, "1", CIM_JS_RUNNING), 0);
	prov_fault f = fh_fault_of("io_error");
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, &f, NULL), 0);
	/* contract.md, Removal: present for every t < E + T ... */
	t.h.now += 10 * MS - 1;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	t.h.now += 1; /* ... gone at t = E + T exactly */
	e = NULL;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 5);
	cr_expect_null(e);
	cr_expect_neq(t.p.ops->instance_id(t.p.ctx, "1", t.iid, sizeof t.iid), 0);
	tpr_close(&t);
}

Test(geterror_rc, a_job_without_delete_on_completion_stays)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	t.h.now += 3600 * FH_NS_PER_S;
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, access_denied_for_a_stranger_admin_may_read)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	cr_expect_eq(tpr_get_error(&t, &tpr_other, "1", &e), 6);
	cr_expect_null(e);
	cr_expect_eq(t.p.ops->get_error(t.p.ctx, NULL, tpr_iid(&t, "1"), &e), 6);
	cr_expect_null(e);
	cr_expect_eq(tpr_get_error(&t, &tpr_admin, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(geterror_rc, vendor_code_when_the_store_is_busy)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(fiu_enable(PROV_FP_STORE_BUSY, 1, NULL, 0), 0);
	uint32_t rc = tpr_get_error(&t, &tpr_owner, "1", &e);
	fiu_disable(PROV_FP_STORE_BUSY);
	cr_expect_eq(rc, 32768u);
	cr_expect_null(e);
	const char *d = t.p.ops->rc_description(t.p.ctx, rc);
	cr_assert_not_null(d);
	cr_expect_str_eq(d, "SRSIM: job store busy");
	cr_expect_null(t.p.ops->rc_description(t.p.ctx, 32769u));
	tpr_close(&t);
}

/* The code a client sees when point is hit on the first call that reaches
 * it: GetError of a failed job, read from the store on every call for
 * prov/store/nomem (cache=0: a job row is read back only then), and
 * GetInstance for prov/job/alloc (the instance a client reads). A point on
 * the event path is armed before the job's end, as a harness arms it for
 * the whole run. */
static uint32_t point_rc(const prov_fault_point *fp)
{
	const char *point = fp->name;
	bool instance = strcmp(point, PROV_FP_JOB_ALLOC) == 0;
	tpr t;
	cim_error *e = NULL;
	cim_job *j = NULL;
	uint32_t rc;

	tpr_open(&t, NULL, strcmp(point, PROV_FP_STORE_NOMEM) == 0 ? "cache=0" : NULL);
	prov_fault f = fh_fault_of("io_error");
	tpr_running(&t, "1");
	cr_assert_eq(fh_fault(&t.p, "1", &f), 0);
	if (fp->events)
		cr_assert_eq(fiu_enable(point, 1, NULL, 0), 0);
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, &f, NULL), 0);
	if (!fp->events)
		cr_assert_eq(fiu_enable(point, 1, NULL, 0), 0);
	rc = instance ? t.p.ops->get_instance(t.p.ctx, &tpr_owner, tpr_iid(&t, "1"), &j)
		      : tpr_get_error(&t, &tpr_owner, "1", &e);
	fiu_disable(point);
	/* rc 0: the point changed nothing a client sees (prov/store/write),
	 * so the failed job's Error is there. */
	if (rc == 0 && !instance)
		cr_expect_not_null(e);
	else
		cr_expect_null(e);
	cr_expect_null(j);
	tpr_free_error(&t, e);
	tpr_close(&t);
	return rc;
}

Test(geterror_rc, fault_table_rc_column_matches_what_the_provider_returns)
{
	size_t n = 0;
	const prov_fault_point *fp = prov_fault_points(&n);

	cr_assert_eq(n, 13u);
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(strncmp(fp[i].name, "prov/", 5), 0, "%s", fp[i].name);
		for (size_t j = 0; j < i; j++)
			cr_expect_str_neq(fp[i].name, fp[j].name);
		uint32_t rc = point_rc(&fp[i]);
		cr_expect_eq(rc, fp[i].rc, "%s: rc %u, table says %u", fp[i].name, rc, fp[i].rc);
	}
}
