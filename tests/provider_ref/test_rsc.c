/*
 * RequestStateChange return codes (cim-valuemaps.md) and contract.md
 * invariants 9 and 10: a rejected request leaves JobState and
 * TimeOfLastStateChange as they were; Terminate on a Completed job is 4097.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tpr.h"

static uint32_t rsc(tpr *t, const prov_principal *who, const char *job, uint16_t st,
		    uint64_t timeout)
{
	return t->p.ops->request_state_change(t->p.ctx, who, tpr_iid(t, job), st, timeout);
}

Test(rsc, accepted_requests_are_handed_to_the_engine)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_SUSPEND, 0), 4096);
	cr_expect_eq(t.h.n_requests, 1);
	cr_expect_str_eq(t.h.req_job, "1");
	cr_expect_str_eq(t.h.req_by, "alice");
	cr_expect_eq(t.h.req_state, CIM_RS_SUSPEND);
	cr_assert_eq(fh_engine_apply(&t.p), 0);
	/* Start on a Suspended job resumes it; the engine says it is done. */
	t.h.rsc_rc = PROV_HOST_OK;
	cr_expect_eq(rsc(&t, &tpr_admin, "1", CIM_RS_START, 0), 0);
	cr_expect_eq(t.h.req_state, CIM_RS_START);
	cr_expect_str_eq(t.h.req_by, "root");
	tpr_close(&t);
}

Test(rsc, terminate_on_a_completed_job_is_4097_and_changes_nothing)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_completed(&t, "1");
	cim_job *before = tpr_instance(&t, "1");
	t.h.now += FH_NS_PER_S;
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_TERMINATE, 0), 4097);
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_KILL, 0), 4097);
	cr_expect_eq(t.h.n_requests, 0, "the engine is not asked");
	cim_job *after = tpr_instance(&t, "1");
	cr_expect_eq(after->job_state, CIM_JS_COMPLETED);
	cr_expect_eq(after->time_of_last_state_change, before->time_of_last_state_change);
	t.p.ops->free_job(t.p.ctx, before);
	t.p.ops->free_job(t.p.ctx, after);
	tpr_close(&t);
}

Test(rsc, requests_that_make_no_sense_in_the_state_are_4097)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_START, 0), 4097, "Start a Running job");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_SERVICE, 0), 4097);
	cr_assert_eq(fh_state(&t.p, "1", CIM_JS_SUSPENDED), 0);
	cim_job *before = tpr_instance(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_SUSPEND, 0), 4097, "Suspend a Suspended job");
	cim_job *after = tpr_instance(&t, "1");
	cr_expect_eq(after->job_state, CIM_JS_SUSPENDED);
	cr_expect_eq(after->time_of_last_state_change, before->time_of_last_state_change);
	cr_expect_eq(t.h.n_requests, 0);
	t.p.ops->free_job(t.p.ctx, before);
	t.p.ops->free_job(t.p.ctx, after);
	tpr_failed(&t, "2", "io_error");
	cr_expect_eq(rsc(&t, &tpr_owner, "2", CIM_RS_SUSPEND, 0), 4097);
	tpr_close(&t);
}

Test(rsc, invalid_parameters_are_5)
{
	tpr t;
	const uint16_t bad_states[] = {0, 1, 7, 4095, 32767, 32768, 65535};

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "2", CIM_RS_TERMINATE, 0), 5, "unknown job");
	cr_expect_eq(t.p.ops->request_state_change(t.p.ctx, &tpr_owner, "bogus", 4, 0), 5);
	cr_expect_eq(t.p.ops->request_state_change(t.p.ctx, &tpr_owner, NULL, 4, 0), 5);
	for (size_t i = 0; i < sizeof bad_states / sizeof bad_states[0]; i++)
		cr_expect_eq(rsc(&t, &tpr_owner, "1", bad_states[i], 0), 5, "RequestedState %u",
			     bad_states[i]);
	cr_expect_eq(t.h.n_requests, 0);
	tpr_close(&t);
}

Test(rsc, timeout_period_is_not_supported_4098)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_TERMINATE, 30 * FH_NS_PER_S), 4098);
	cr_expect_eq(t.h.n_requests, 0);
	tpr_close(&t);
}

Test(rsc, a_stranger_gets_4_failed)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_other, "1", CIM_RS_KILL, 0), 4);
	cr_expect_eq(t.p.ops->request_state_change(t.p.ctx, NULL, tpr_iid(&t, "1"), 5, 0), 4);
	cr_expect_eq(t.h.n_requests, 0);
	tpr_close(&t);
}

Test(rsc, engine_answers_map_to_codes)
{
	const struct {
		int host;
		uint32_t rc;
	} map[] = {
	    {PROV_HOST_OK, 0},		{PROV_HOST_STARTED, 4096}, {PROV_HOST_REJECTED, 4097},
	    {PROV_HOST_UNSUPPORTED, 1}, {PROV_HOST_NO_JOB, 5},	   {PROV_HOST_ERROR, 4},
	};
	tpr t;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		t.h.rsc_rc = map[i].host;
		cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_TERMINATE, 0), map[i].rc, "host rc %d",
			     map[i].host);
	}
	cim_job *j = tpr_instance(&t, "1");
	cr_expect_eq(j->job_state, CIM_JS_RUNNING, "only the engine's events change the state");
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}

Test(rsc, not_supported_without_an_engine_or_the_capability)
{
	tpr t;
	char err[256];

	fh_host_init(&t.h);
	t.h.host.request_state = NULL;
	cr_assert_eq(fh_open(&t.p, &t.h, tpr_ops(), NULL, NULL, NULL, err, sizeof err), 0);
	tpr_running(&t, "1");
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_TERMINATE, 0), 1);
	tpr_close(&t);

	tpr_open(&t, NULL, "caps=geterror,geterrors");
	tpr_running(&t, "1");
	cr_expect_eq(t.p.ops->capabilities(t.p.ctx) & PROV_CAP_REQUEST_STATE_CHANGE, 0u);
	cr_expect_eq(rsc(&t, &tpr_owner, "1", CIM_RS_TERMINATE, 0), 1);
	tpr_close(&t);
}

Test(rsc, terminate_and_kill_end_with_their_error)
{
	const struct {
		uint16_t req, js;
		const char *other;
	} c[] = {{CIM_RS_TERMINATE, CIM_JS_TERMINATED, "Terminated by client"},
		 {CIM_RS_KILL, CIM_JS_KILLED, "Killed by client"}};

	for (size_t i = 0; i < 2; i++) {
		tpr t;
		cim_error *e = NULL;
		tpr_open(&t, NULL, NULL);
		tpr_running(&t, "1");
		cim_job *before = tpr_instance(&t, "1");
		cr_assert_eq(rsc(&t, &tpr_owner, "1", c[i].req, 0), 4096);
		cr_assert_eq(fh_engine_apply(&t.p), 0);
		cim_job *after = tpr_instance(&t, "1");
		cr_expect_eq(after->job_state, c[i].js);
		cr_expect_gt(after->time_of_last_state_change, before->time_of_last_state_change);
		cr_expect_neq(after->error_code, 0);
		cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
		cr_assert_not_null(e);
		cr_expect_str_eq(e->other_error_type, c[i].other);
		cr_assert_not_null(e->probable_cause_description);
		cr_expect(strstr(e->probable_cause_description, "alice") != NULL,
			  "names the request: %s", e->probable_cause_description);
		tpr_free_error(&t, e);
		t.p.ops->free_job(t.p.ctx, before);
		t.p.ops->free_job(t.p.ctx, after);
		tpr_close(&t);
	}
}
