/*
 * test_runner_target.c - the live-target driver (runner/srh_target.h) with
 * no protocol at all: a fake table of client operations over two jobs in
 * memory. It shows the driver is protocol-neutral (this test links no
 * cimxml, no http), that what it observes reaches the checker and the
 * result record, and how a target that never answers, or answers then
 * breaks, ends.
 *
 * The jobs follow contract.md: FAKE:1 completed with OK (Error NULL,
 * OperationalStatus {OK, Completed}), FAKE:2 terminated by its owner (an
 * Error is due, OperationalStatus {Stopped}). Terminate on the Completed
 * job must get 4097.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scn.h"
#include "srh_target.h"

#define S (1000000000ull)

typedef struct fake {
	bool error_missing; /* the terminated job's Error is NULL (breaks MUST-4) */
	unsigned fail_at;   /* 1-based call that fails, 0 none */
	int fail_status;    /* SRH_TGT_NO_ANSWER or SRH_TGT_BAD_ANSWER */
	unsigned calls;
	cim_job jobs[2];
	cim_error error;
} fake;

static void fake_init(fake *f)
{
	cim_job *j;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 2; i++) {
		j = &f->jobs[i];
		j->class_name = "FAKE_Job";
		j->instance_id = i ? "FAKE:2" : "FAKE:1";
		j->owner = "alice";
		j->time_submitted = 1 * S;
		j->start_time = 1 * S;
		j->elapsed_time = 1 * S;
		j->time_of_last_state_change = 2 * S;
		j->time_before_removal = 300 * S;
	}
	j = &f->jobs[0];
	j->job_state = CIM_JS_COMPLETED;
	j->op_status[0] = CIM_OS_OK;
	j->op_status[1] = CIM_OS_COMPLETED;
	j->n_op_status = 2;
	j->percent_complete = 100;
	j = &f->jobs[1];
	j->job_state = CIM_JS_TERMINATED;
	j->op_status[0] = CIM_OS_STOPPED;
	j->n_op_status = 1;
	j->percent_complete = 40;
	f->error.error_type = CIM_ET_OTHER;
	f->error.other_error_type = "Terminated by client";
	f->error.owning_entity = "FAKE";
	f->error.message_id = "FK1";
	f->error.message = "terminated";
	f->error.perceived_severity = 2;
	f->error.probable_cause = 1;
	f->error.probable_cause_description = "terminated by its owner";
	f->error.error_source = "FAKE_Job.InstanceID=\"FAKE:2\"";
	f->error.error_source_format = 2;
	f->error.cim_status_code = 1;
}

/* Counts the call; non-zero when this one is to fail. */
static int gate(fake *f, char *err, size_t errlen)
{
	if (++f->calls != f->fail_at)
		return 0;
	snprintf(err, errlen, "fake transport gave up on call %u", f->calls);
	return f->fail_status;
}

static const cim_job *find(fake *f, const char *iid)
{
	for (int i = 0; i < 2; i++)
		if (iid && strcmp(iid, f->jobs[i].instance_id) == 0)
			return &f->jobs[i];
	return NULL;
}

static bool may(const prov_principal *who, const cim_job *j)
{
	return who->admin || strcmp(who->name, j->owner) == 0;
}

static int f_enum(void *ctx, const prov_principal *who, srh_tgt_reply *out, char *err,
		  size_t errlen)
{
	fake *f = ctx;
	int st = gate(f, err, errlen);

	(void)who;
	if (st)
		return st;
	out->jobs = calloc(2, sizeof(*out->jobs));
	cr_assert_not_null(out->jobs);
	for (int i = 0; i < 2; i++)
		out->jobs[out->n_jobs++] = cim_job_dup(&f->jobs[i]);
	return SRH_TGT_ANSWERED;
}

static int f_get_instance(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			  srh_tgt_reply *out, char *err, size_t errlen)
{
	fake *f = ctx;
	const cim_job *j = find(f, iid);
	int st = gate(f, err, errlen);

	(void)cls;
	if (st)
		return st;
	if (!j || !may(who, j)) {
		out->fault = true;
		out->fault_code = j ? CIM_SC_ACCESS_DENIED : CIM_SC_NOT_FOUND;
		return SRH_TGT_ANSWERED;
	}
	out->jobs = calloc(1, sizeof(*out->jobs));
	cr_assert_not_null(out->jobs);
	out->jobs[0] = cim_job_dup(j);
	out->n_jobs = 1;
	return SRH_TGT_ANSWERED;
}

static int f_get_error(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		       srh_tgt_reply *out, char *err, size_t errlen)
{
	fake *f = ctx;
	const cim_job *j = find(f, iid);
	int st = gate(f, err, errlen);

	(void)cls;
	if (st)
		return st;
	out->rc = !j ? CIM_GE_INVALID_PARAMETER : !may(who, j) ? CIM_GE_ACCESS_DENIED : 0;
	if (out->rc == 0 && j->job_state == CIM_JS_TERMINATED && !f->error_missing) {
		out->errors = calloc(1, sizeof(*out->errors));
		cr_assert_not_null(out->errors);
		out->errors[0] = cim_error_dup(&f->error);
		out->n_errors = 1;
	}
	return SRH_TGT_ANSWERED;
}

static int f_get_errors(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			srh_tgt_reply *out, char *err, size_t errlen)
{
	fake *f = ctx;
	int st = gate(f, err, errlen);

	(void)who, (void)cls, (void)iid;
	if (st)
		return st;
	/* GetErrors is optional: this provider has none. */
	out->fault = true;
	out->fault_code = CIM_SC_METHOD_NOT_FOUND;
	return SRH_TGT_ANSWERED;
}

static int f_rsc(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		 uint16_t state, srh_tgt_reply *out, char *err, size_t errlen)
{
	fake *f = ctx;
	const cim_job *j = find(f, iid);
	int st = gate(f, err, errlen);

	(void)cls, (void)state;
	if (st)
		return st;
	out->rc = !j		 ? CIM_RSC_INVALID_PARAMETER
		  : !may(who, j) ? CIM_RSC_IN_USE
				 : CIM_RSC_INVALID_STATE_TRANSITION; /* both have ended */
	return SRH_TGT_ANSWERED;
}

static const srh_tgt_ops fake_ops = {"fake",	  f_enum,	f_get_instance,
				     f_get_error, f_get_errors, f_rsc};

static const prov_principal bob = {"bob", 0};

/* Run the driver on f; the report goes to a temporary file (*report_len
 * its size). */
static srh_tgt_end drive(fake *f, srh_result *res, long *report_len)
{
	FILE *out = tmpfile();
	srh_tgt_opts o = {"test", "fake://jobs", {"alice", 0}, &bob, 1, 3, true, out};
	srh_tgt_end end;

	cr_assert_not_null(out);
	end = srh_tgt_run(&fake_ops, f, &o, res);
	cr_assert_eq(fseek(out, 0, SEEK_END), 0);
	*report_len = ftell(out);
	cr_assert_eq(fclose(out), 0);
	return end;
}

static const srh_call_rec *find_call(const srh_result *r, scn_call call, const char *who,
				     const char *iid)
{
	for (size_t i = 0; i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];

		if (c->call == call && c->principal && strcmp(c->principal, who) == 0 &&
		    c->instance_id && strcmp(c->instance_id, iid) == 0)
			return c;
	}
	return NULL;
}

static bool has_failure(const srh_result *r, srh_rule_id rule)
{
	for (size_t i = 0; i < r->n_must; i++)
		if (strcmp(r->must[i].rule, srh_rules[rule].id) == 0)
			return true;
	return false;
}

Test(target, a_conforming_fake_passes_and_every_call_is_recorded)
{
	fake f;
	srh_result res;
	long len;
	const srh_call_rec *c;

	fake_init(&f);
	cr_assert_eq(drive(&f, &res, &len), SRH_TGT_DONE);
	cr_expect_eq(res.n_must, 0, "MUST failures: %zu, first %s", res.n_must,
		     res.n_must ? res.must[0].rule : "");
	cr_expect_str_eq(res.name, "fake://jobs");
	cr_expect_gt(len, 0, "the report was printed");
	/* every operation is a call of the record but the GetErrors the fake
	 * has not (a fault: a note on the timeline) */
	cr_expect_eq(res.n_calls, f.calls - 1, "%zu calls recorded of %u", res.n_calls, f.calls);
	c = find_call(&res, SCN_CALL_GET_ERROR, "alice", "FAKE:2");
	cr_assert_not_null(c, "GetError on the terminated job recorded");
	cr_expect_eq(c->rc, 0);
	cr_expect_eq(c->n_errors, 1);
	cr_expect_str_eq(c->errors[0]->message_id, f.error.message_id);
	c = find_call(&res, SCN_CALL_GET_ERROR, "bob", "FAKE:1");
	cr_assert_not_null(c, "the stranger's GetError recorded");
	cr_expect_eq(c->rc, CIM_GE_ACCESS_DENIED);
	c = find_call(&res, SCN_CALL_REQUEST_STATE_CHANGE, "alice", "FAKE:1");
	cr_assert_not_null(c, "Terminate on the Completed job recorded");
	cr_expect_eq(c->requested_state, CIM_RS_TERMINATE);
	cr_expect_eq(c->rc, CIM_RSC_INVALID_STATE_TRANSITION);
	cr_expect_gt(res.n_timeline, 0, "coverage notes on the timeline");
	srh_result_free(&res);
}

Test(target, a_missing_error_is_a_must_4_failure_in_the_record)
{
	fake f;
	srh_result res;
	long len;

	fake_init(&f);
	f.error_missing = true;
	cr_assert_eq(drive(&f, &res, &len), SRH_TGT_DONE);
	cr_expect_eq(res.verdict, SRH_FAIL);
	cr_expect(has_failure(&res, SRH_R_ERROR_IFF_ENDED), "no %s among %zu MUST failures",
		  srh_rules[SRH_R_ERROR_IFF_ENDED].id, res.n_must);
	srh_result_free(&res);
}

Test(target, a_target_that_never_answers_is_unreached_and_prints_no_report)
{
	fake f;
	srh_result res;
	long len;

	fake_init(&f);
	f.fail_at = 1;
	f.fail_status = SRH_TGT_NO_ANSWER;
	cr_assert_eq(drive(&f, &res, &len), SRH_TGT_UNREACHED);
	cr_expect_eq(res.verdict, SRH_ERROR);
	cr_assert_not_null(res.reason);
	cr_expect(strstr(res.reason, "gave up on call 1") != NULL, "reason: %s", res.reason);
	cr_expect_eq(len, 0, "nothing but the one line on stderr");
	cr_expect_eq(res.n_calls, 0);
	srh_result_free(&res);
}

Test(target, a_target_that_breaks_midway_is_an_error_with_its_reason)
{
	fake f;
	srh_result res;
	long len;

	fake_init(&f);
	f.fail_at = 6;
	f.fail_status = SRH_TGT_BAD_ANSWER;
	cr_assert_eq(drive(&f, &res, &len), SRH_TGT_BROKEN);
	cr_expect_eq(res.verdict, SRH_ERROR);
	cr_assert_not_null(res.reason);
	cr_expect(strstr(res.reason, "gave up on call 6") != NULL, "reason: %s", res.reason);
	cr_expect_eq(f.calls, 6, "no call after the failure");
	cr_expect_eq(res.n_calls, 5);
	cr_expect_gt(len, 0, "the target answered: the report was printed");
	srh_result_free(&res);
}
