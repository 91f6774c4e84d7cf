/*
 * test_stage.c - the stage (runner/srh_stage.h) called as plain C, without
 * any protocol: the demo set and a scenario built, the operations a client
 * has, principals, virtual time, a restart on the store, and a hostile
 * provider's strings made safe.
 *
 * Expected return codes and JobStates come from shared/spec/contract.md
 * (GetError: 0 Success, 5 Invalid Parameter, 6 Access Denied; the Error is
 * NULL while a job runs and present once it ended in error).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "check.h"
#include "srh_run.h"
#include "srh_stage.h"

#define ERR 512

static srh_stage *demo(const char *provider, bool persist)
{
	srh_stage_opts o;
	srh_stage *st = NULL;
	char err[ERR] = "";

	srh_stage_opts_default(&o);
	o.provider_path = provider;
	o.persist = persist;
	cr_assert_eq(srh_stage_new(&o, &st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(srh_stage_build_demo(st, err, sizeof err), 0, "%s", err);
	return st;
}

/* The InstanceID of the demo job called name, as an administrator sees it. */
static void find_job(srh_stage *st, const char *name, char *iid, size_t len, uint16_t *js)
{
	const prov_principal admin = srh_stage_who(st, SRH_STAGE_ADMIN);
	srh_stage_reply r;

	iid[0] = '\0';
	srh_stage_enumerate(st, &admin, &r);
	cr_assert_eq(r.rc, 0);
	for (size_t i = 0; i < r.n_jobs; i++) {
		if (r.jobs[i]->name && strstr(r.jobs[i]->name, name)) {
			snprintf(iid, len, "%s", r.jobs[i]->instance_id);
			*js = r.jobs[i]->job_state;
		}
	}
	srh_stage_reply_done(st, &r);
	cr_assert(iid[0], "no demo job named %s", name);
}

static void assert_safe(const char *s)
{
	cr_assert(srh_check_text_ok(s), "not bounded valid UTF-8: %.60s", s ? s : "");
}

static void assert_error_safe(const cim_error *e)
{
	assert_safe(e->other_error_type);
	assert_safe(e->owning_entity);
	assert_safe(e->message_id);
	assert_safe(e->message);
	assert_safe(e->probable_cause_description);
	assert_safe(e->error_source);
	assert_safe(e->other_error_source_format);
	assert_safe(e->cim_status_code_description);
	cr_assert_leq(e->n_message_arguments, SRH_CHECK_MAX_ARRAY);
	for (size_t i = 0; e->message_arguments && i < e->n_message_arguments; i++)
		assert_safe(e->message_arguments[i]);
	for (size_t i = 0; e->recommended_actions && i < e->n_recommended_actions; i++)
		assert_safe(e->recommended_actions[i]);
}

Test(stage, demo_operations_and_principals)
{
	srh_stage *st = demo(NULL, false);
	const prov_principal owner = srh_stage_who(st, SRH_STAGE_OWNER),
			     other = srh_stage_who(st, SRH_STAGE_OTHER),
			     admin = srh_stage_who(st, SRH_STAGE_ADMIN);
	char failed[256], running[256];
	uint16_t js = 0;
	uint64_t t0;
	srh_stage_reply r;

	cr_assert_str_eq(owner.name, "alice");
	cr_assert_str_neq(other.name, "alice");
	cr_assert(admin.admin && !owner.admin && !other.admin);
	find_job(st, "demo failed", failed, sizeof failed, &js);
	cr_assert_eq(js, CIM_JS_EXCEPTION);
	find_job(st, "demo running (spare 1)", running, sizeof running, &js);
	cr_assert_eq(js, CIM_JS_RUNNING);

	srh_stage_get_error(st, &owner, failed, &r); /* ended in error: 0 and an Error */
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 1);
	cr_assert(r.raw.error && r.errors[0]->message_id && r.errors[0]->message_id[0]);
	srh_stage_reply_done(st, &r);
	srh_stage_get_error(st, &other, failed, &r); /* neither owner nor admin: 6 */
	cr_assert_eq(r.rc, CIM_GE_ACCESS_DENIED);
	cr_assert_eq(r.n_errors, 0);
	srh_stage_reply_done(st, &r);
	srh_stage_get_error(st, &admin, failed, &r);
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 1);
	srh_stage_reply_done(st, &r);
	srh_stage_get_error(st, &owner, running, &r); /* still running: NULL */
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 0);
	srh_stage_reply_done(st, &r);
	srh_stage_get_error(st, &owner, "no-such-job", &r); /* names no job: 5 */
	cr_assert_eq(r.rc, CIM_GE_INVALID_PARAMETER);
	srh_stage_reply_done(st, &r);
	srh_stage_get_instance(st, &owner, running, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.n_jobs, 1);
	cr_assert_str_eq(r.jobs[0]->instance_id, running);
	srh_stage_reply_done(st, &r);

	/* Terminate the running job as its owner; it ends Terminated, with an
	 * Error (a job ended by a client has one). */
	srh_stage_request_state_change(st, &owner, running, CIM_RS_TERMINATE, 0, &r);
	cr_assert(r.rc == CIM_RSC_COMPLETED || r.rc == CIM_RSC_STARTED, "rc %u", r.rc);
	srh_stage_reply_done(st, &r);
	t0 = sim_now(srh_stage_sim(st));
	cr_assert_eq(srh_stage_advance(st, 60 * SIM_NS_PER_S), 0);
	cr_assert_eq(sim_now(srh_stage_sim(st)), t0 + 60 * SIM_NS_PER_S);
	find_job(st, "demo running (spare 1)", running, sizeof running, &js);
	cr_assert_eq(js, CIM_JS_TERMINATED);
	srh_stage_get_error(st, &owner, running, &r);
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 1);
	srh_stage_reply_done(st, &r);
	srh_stage_free(st);
}

Test(stage, restart_keeps_the_error)
{
	srh_stage *st = demo(NULL, true);
	const prov_principal owner = srh_stage_who(st, SRH_STAGE_OWNER);
	char failed[256], err[ERR], *mid;
	uint16_t js;
	srh_stage_reply r;

	find_job(st, "demo failed", failed, sizeof failed, &js);
	srh_stage_get_error(st, &owner, failed, &r);
	cr_assert_eq(r.n_errors, 1);
	mid = strdup(r.errors[0]->message_id);
	srh_stage_reply_done(st, &r);
	cr_assert_eq(srh_stage_restart(st, err, sizeof err), 0, "%s", err);
	srh_stage_get_error(st, &owner, failed, &r); /* MUST-6: the same Error */
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 1);
	cr_assert_str_eq(r.errors[0]->message_id, mid);
	srh_stage_reply_done(st, &r);
	free(mid);
	srh_stage_free(st);
}

Test(stage, scenario_job)
{
	scn_scenario *sc = NULL;
	srh_stage_opts o;
	srh_stage *st = NULL;
	char err[ERR];
	srh_stage_reply r;

	cr_assert_eq(srh_parse_scenario(HOSTILE_END, &sc, err, sizeof err), 0, "%s", err);
	srh_stage_opts_default(&o);
	cr_assert_eq(srh_stage_new(&o, &st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(srh_stage_build_scenario(st, sc, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < sc->n_faults; i++)
		cr_assert_geq(srh_stage_arm_fault(st, &sc->faults[i]), 0);
	cr_assert_str_eq(srh_stage_owner(st), "alice");
	cr_assert(srh_stage_job_iid(st)[0]);
	cr_assert_eq(srh_stage_advance(st, 3600 * SIM_NS_PER_S), 0);
	srh_stage_get_error(st, &(prov_principal){"alice", 0}, srh_stage_job_iid(st), &r);
	cr_assert_eq(r.rc, CIM_GE_SUCCESS);
	cr_assert_eq(r.n_errors, 1, "the disk fault ends the job in error");
	srh_stage_reply_done(st, &r);
	srh_stage_free(st);
	scn_free(sc);
}

/* The failed demo job's Error from a hostile provider, as the stage gives it. */
static void hostile_error(const char *so, void (*check)(const srh_stage_reply *r))
{
	srh_stage *st = demo(so, false);
	const prov_principal owner = srh_stage_who(st, SRH_STAGE_OWNER);
	char failed[256];
	uint16_t js;
	srh_stage_reply r;

	find_job(st, "demo failed", failed, sizeof failed, &js);
	srh_stage_get_error(st, &owner, failed, &r);
	check(&r);
	for (size_t i = 0; i < r.n_errors; i++)
		assert_error_safe(r.errors[i]);
	srh_stage_reply_done(st, &r);
	srh_stage_get_errors(st, &owner, failed, &r);
	for (size_t i = 0; i < r.n_errors; i++)
		assert_error_safe(r.errors[i]);
	srh_stage_reply_done(st, &r);
	srh_stage_free(st);
}

static void nonutf8(const srh_stage_reply *r)
{
	cr_assert_eq(r->n_errors, 1);
	cr_assert_not(srh_check_text_ok(r->raw.error->message_id));
	/* The escaped rendering srh_text_safe documents. */
	cr_assert_str_eq(r->errors[0]->message_id, "SR\\xFF\\xFE1001");
}

static void megastr(const srh_stage_reply *r)
{
	cr_assert_eq(r->n_errors, 1);
	cr_assert_eq(strlen(r->raw.error->message_id), 2u << 20);
	cr_assert_leq(strlen(r->errors[0]->message_id), SRH_CHECK_MAX_STR);
}

static void absurd(const srh_stage_reply *r)
{
	cr_assert_eq(r->n_errors, 1);
	cr_assert_gt(r->raw.error->n_message_arguments, SRH_CHECK_MAX_ARRAY);
	cr_assert_null(r->errors[0]->message_arguments);
	cr_assert_eq(r->errors[0]->n_message_arguments, 0);
}

static void nullstr(const srh_stage_reply *r)
{
	cr_assert_eq(r->n_errors, 1);
	cr_assert_null(r->errors[0]->message_id);
}

static void rcdesc(const srh_stage_reply *r)
{
	cr_assert_eq(r->rc, 40000);
	cr_assert_eq(r->n_errors, 0);
	cr_assert_not_null(r->rc_desc);
	cr_assert_leq(strlen(r->rc_desc), SRH_CHECK_MAX_STR);
	assert_safe(r->rc_desc);
}

Test(stage, hostile_nonutf8)
{
	hostile_error(BAD_HOSTILE_NONUTF8, nonutf8);
}

Test(stage, hostile_megastr)
{
	hostile_error(BAD_HOSTILE_MEGASTR, megastr);
}

Test(stage, hostile_absurd)
{
	hostile_error(BAD_HOSTILE_ABSURD, absurd);
}

Test(stage, hostile_nullstr)
{
	hostile_error(BAD_HOSTILE_NULLSTR, nullstr);
}

Test(stage, hostile_rc_description)
{
	hostile_error(BAD_HOSTILE_RCDESC, rcdesc);
}

Test(stage, hostile_job_strings)
{
	srh_stage *st = demo(BAD_HOSTILE_JOBSTR, false);
	const prov_principal admin = srh_stage_who(st, SRH_STAGE_ADMIN);
	srh_stage_reply r;

	srh_stage_enumerate(st, &admin, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_gt(r.n_jobs, 0);
	for (size_t i = 0; i < r.n_jobs; i++) {
		cr_assert_not(srh_check_text_ok(r.raw.jobs[i]->name));
		cr_assert_not(srh_check_text_ok(r.raw.jobs[i]->error_description));
		assert_safe(r.jobs[i]->name);
		assert_safe(r.jobs[i]->error_description);
		assert_safe(r.jobs[i]->instance_id);
	}
	srh_stage_reply_done(st, &r);
	srh_stage_free(st);
}

Test(stage, hostile_open_reason)
{
	srh_stage_opts o;
	srh_stage *st = NULL;
	char err[ERR];

	srh_stage_opts_default(&o);
	o.provider_path = BAD_HOSTILE_OPENREASON;
	cr_assert_eq(srh_stage_new(&o, &st, err, sizeof err), 0, "%s", err);
	cr_assert_eq(srh_stage_build_demo(st, err, sizeof err), -1);
	cr_assert_lt(strlen(err), sizeof err);
	assert_safe(err);
	cr_assert(strstr(err, "would not open: \\xFEx\\xFEx"), "%s", err);
	srh_stage_free(st);
}
