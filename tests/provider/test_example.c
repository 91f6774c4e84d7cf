/*
 * test_example.c - the vendor example provider, loaded as a .so through the
 * loader and driven through its ops the way the harness drives a provider.
 * GetError expectations come from contract.md (job paths table and the
 * invariants checked on every call).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "srh/cim.h"
#include "srh/prov_load.h"

#ifndef EXAMPLE_SO
#error "EXAMPLE_SO (path of libsrprov_example.so) must be defined"
#endif

#define SEC 1000000000ull
#define MIN (60 * SEC)

typedef struct t_host {
	uint64_t now;
	int rsc_rc;
	int rsc_calls;
	char rsc_job[64];
	uint16_t rsc_state;
	char rsc_who[64];
} t_host;

static uint64_t h_now(void *ctx)
{
	return ((t_host *)ctx)->now;
}

static int h_request_state(void *ctx, const char *job, uint16_t rs, const char *who)
{
	t_host *h = ctx;

	h->rsc_calls++;
	snprintf(h->rsc_job, sizeof(h->rsc_job), "%s", job);
	snprintf(h->rsc_who, sizeof(h->rsc_who), "%s", who ? who : "");
	h->rsc_state = rs;
	return h->rsc_rc;
}

static prov_lib *lib;
static const prov_ops *ops;
static prov_ctx *pc;
static t_host th;
static prov_host host = {&th, h_now, NULL, h_request_state};

static const prov_principal alice = {"alice", 0};
static const prov_principal bob = {"bob", 0};
static const prov_principal admin = {"root", 1};

static void setup(void)
{
	prov_config cfg = {PROV_ABI_VERSION, NULL, NULL, NULL, &host, 0};
	char err[512];

	memset(&th, 0, sizeof(th));
	th.rsc_rc = PROV_HOST_STARTED;
	cr_assert_eq(prov_load(EXAMPLE_SO, &lib, err, sizeof(err)), 0, "%s", err);
	ops = prov_lib_ops(lib);
	pc = ops->open(&cfg, err, sizeof(err));
	cr_assert_not_null(pc, "%s", err);
}

static void teardown(void)
{
	if (pc)
		ops->close(pc);
	prov_unload(lib);
	pc = NULL;
	lib = NULL;
}

TestSuite(example, .init = setup, .fini = teardown);

static void ev_created(const char *job, const char *owner, uint64_t tbr, int doc)
{
	prov_event ev = {.kind = PROV_EV_JOB_CREATED, .time_ns = th.now, .job = job};

	ev.u.created.job_kind = "initial_sync";
	ev.u.created.name = "sync rg1";
	ev.u.created.owner = owner;
	ev.u.created.time_before_removal_ns = tbr;
	ev.u.created.delete_on_completion = doc;
	cr_assert_eq(ops->on_event(pc, &ev), 0);
}

static void ev_state(const char *job, uint16_t js)
{
	prov_event ev = {.kind = PROV_EV_STATE, .time_ns = th.now, .job = job};

	ev.u.state.job_state = js;
	cr_assert_eq(ops->on_event(pc, &ev), 0);
}

static void ev_ended(const char *job, uint16_t js, const prov_fault *cause, const char *by)
{
	prov_event ev = {.kind = PROV_EV_ENDED, .time_ns = th.now, .job = job};

	ev.u.ended.job_state = js;
	ev.u.ended.cause = cause;
	ev.u.ended.requested_by = by;
	cr_assert_eq(ops->on_event(pc, &ev), 0);
}

/* A job owned by alice, running. */
static void running(const char *job)
{
	ev_created(job, "alice", 5 * MIN, 1);
	th.now += SEC;
	ev_state(job, CIM_JS_RUNNING);
}

static const prov_fault io_error = {"io_error", 5, 0, "D:", "node-b", 4096, 40, NULL};

static char iid_buf[128];
static const char *iid(const char *job)
{
	cr_assert_eq(ops->instance_id(pc, job, iid_buf, sizeof(iid_buf)), 0);
	return iid_buf;
}

/* Contract invariant 5 on a present Error. */
static void expect_valid_error(const cim_error *e)
{
	cr_assert_not_null(e);
	cr_expect(e->message_id && e->message_id[0], "MessageID required");
	cr_expect_eq(cim_vmap_class(&cim_vm_error_type, e->error_type), CIM_V_DEFINED);
	cr_expect_eq(cim_vmap_class(&cim_vm_severity, e->perceived_severity), CIM_V_DEFINED);
	cr_expect_eq(cim_vmap_class(&cim_vm_probable_cause, e->probable_cause), CIM_V_DEFINED);
	cr_expect_eq(cim_vmap_class(&cim_vm_status_code, e->cim_status_code), CIM_V_DEFINED);
	cr_expect_eq(cim_vmap_class(&cim_vm_error_source_format, e->error_source_format),
		     CIM_V_DEFINED);
	cr_expect_eq(e->error_source_format == CIM_ESF_OTHER, e->other_error_source_format != NULL);
	cr_expect(e->owning_entity && e->owning_entity[0]);
	if (e->error_type == CIM_ET_OTHER)
		cr_expect_not_null(e->other_error_type);
	if (e->probable_cause == CIM_PC_OTHER)
		cr_expect_not_null(e->probable_cause_description);
}

static uint32_t get_error(const prov_principal *who, const char *id, cim_error **e)
{
	*e = (cim_error *)1; /* must be overwritten */
	return ops->get_error(pc, who, id, e);
}

Test(example, identity)
{
	cr_expect_str_eq(ops->name, "example");
	cr_expect_eq(ops->capabilities(pc), PROV_CAP_GET_ERROR | PROV_CAP_REQUEST_STATE_CHANGE);
	cr_expect_null(ops->get_errors, "no GetErrors, like CIM_ConcreteJob 2.22.0");
}

Test(example, instance_id)
{
	char small[4];

	running("j1");
	cr_expect_str_eq(iid("j1"), "EXAMPLE:j1");
	cr_expect_eq(ops->instance_id(pc, "j1", small, sizeof(small)), -1);
	cr_expect_eq(ops->instance_id(pc, "nope", iid_buf, sizeof(iid_buf)), -1);
}

Test(example, running_and_new_have_no_error)
{
	cim_error *e;

	ev_created("j0", "alice", 5 * MIN, 1);
	cr_expect_eq(get_error(&alice, iid("j0"), &e), CIM_GE_SUCCESS);
	cr_expect_null(e, "New: no Error");
	running("j1");
	cr_expect_eq(get_error(&alice, iid("j1"), &e), CIM_GE_SUCCESS);
	cr_expect_null(e, "Running: no Error");
	ev_state("j1", CIM_JS_SUSPENDED);
	cr_expect_eq(get_error(&admin, iid("j1"), &e), CIM_GE_SUCCESS);
	cr_expect_null(e, "Suspended: no Error");
}

Test(example, completed_ok_has_no_error)
{
	cim_error *e;

	running("j1");
	th.now += SEC;
	ev_ended("j1", CIM_JS_COMPLETED, NULL, NULL);
	cr_expect_eq(get_error(&alice, iid("j1"), &e), CIM_GE_SUCCESS);
	cr_expect_null(e);
}

Test(example, exception_has_stable_error)
{
	cim_error *e1, *e2;

	running("j1");
	th.now += SEC;
	ev_ended("j1", CIM_JS_EXCEPTION, &io_error, NULL);
	cr_assert_eq(get_error(&alice, iid("j1"), &e1), CIM_GE_SUCCESS);
	expect_valid_error(e1);
	cr_expect_eq(e1->error_type, CIM_ET_HARDWARE);
	cr_expect_eq(e1->probable_cause, CIM_PC_IO_DEVICE_ERROR);
	cr_expect_eq(e1->error_source_format, CIM_ESF_CIM_OBJECT_PATH);
	cr_expect_not_null(strstr(e1->error_source, "EXAMPLE:j1"));
	th.now += MIN;
	cr_assert_eq(get_error(&admin, iid("j1"), &e2), CIM_GE_SUCCESS);
	cr_expect(cim_error_equal(e1, e2), "invariant 6: the Error is stable");
	ops->free_error(pc, e1);
	ops->free_error(pc, e2);
}

Test(example, client_end_has_error)
{
	static const prov_fault term = {"client_terminate", 0, 0, NULL, NULL, 0, 10, NULL};
	cim_error *e;

	running("t");
	running("k");
	ev_ended("t", CIM_JS_TERMINATED, &term, "alice");
	ev_ended("k", CIM_JS_KILLED, NULL, "root");
	cr_assert_eq(get_error(&alice, iid("t"), &e), CIM_GE_SUCCESS);
	expect_valid_error(e);
	cr_expect_eq(e->error_type, CIM_ET_OTHER);
	cr_expect_str_eq(e->other_error_type, "Terminated by client");
	cr_expect_not_null(strstr(e->probable_cause_description, "Terminate"));
	ops->free_error(pc, e);
	cr_assert_eq(get_error(&alice, iid("k"), &e), CIM_GE_SUCCESS);
	expect_valid_error(e);
	cr_expect_str_eq(e->other_error_type, "Killed by client");
	ops->free_error(pc, e);
}

Test(example, access_and_unknown)
{
	cim_error *e;

	running("j1");
	th.now += SEC;
	ev_ended("j1", CIM_JS_EXCEPTION, &io_error, NULL);
	cr_expect_eq(get_error(&bob, iid("j1"), &e), CIM_GE_ACCESS_DENIED);
	cr_expect_null(e, "invariant 3: nothing leaks on Access Denied");
	cr_expect_eq(get_error(&alice, "EXAMPLE:nope", &e), CIM_GE_INVALID_PARAMETER);
	cr_expect_null(e);
	cr_expect_eq(get_error(&alice, "j1", &e), CIM_GE_INVALID_PARAMETER, "malformed id");
	cr_expect_null(e);
	cr_expect_eq(get_error(&alice, NULL, &e), CIM_GE_INVALID_PARAMETER);
	cr_expect_eq(ops->get_error(pc, &alice, iid("j1"), NULL), CIM_GE_INVALID_PARAMETER,
		     "missing output argument");
}

Test(example, removed_after_time_before_removal)
{
	cim_error *e;
	const char *id;

	running("j1");
	id = iid("j1");
	ev_ended("j1", CIM_JS_EXCEPTION, &io_error, NULL);
	th.now += 5 * MIN - 1;
	cr_assert_eq(get_error(&alice, id, &e), CIM_GE_SUCCESS);
	cr_expect_not_null(e);
	ops->free_error(pc, e);
	th.now += 1;
	cr_expect_eq(get_error(&alice, id, &e), CIM_GE_INVALID_PARAMETER, "gone: 5");
	cr_expect_null(e);
}

static void expect_op_status(const cim_job *j, size_t n, uint16_t a, uint16_t b)
{
	cr_expect_eq(j->n_op_status, n);
	cr_expect_eq(j->op_status[0], a);
	if (n > 1)
		cr_expect_eq(j->op_status[1], b);
}

Test(example, instances_follow_the_job_paths)
{
	static const prov_fault kill = {"client_kill", 0, 0, NULL, NULL, 0, 0, NULL};
	cim_job *j;

	ev_created("n", "alice", 5 * MIN, 1);
	running("r");
	running("c");
	running("x");
	running("t");
	running("k");
	th.now += SEC;
	ev_ended("c", CIM_JS_COMPLETED, NULL, NULL);
	ev_ended("x", CIM_JS_EXCEPTION, &io_error, NULL);
	ev_ended("t", CIM_JS_TERMINATED, NULL, "alice");
	ev_ended("k", CIM_JS_KILLED, &kill, "alice");
	static const struct {
		const char *job;
		uint16_t js;
		size_t n;
		uint16_t a, b;
	} paths[] = {
	    {"n", CIM_JS_NEW, 1, CIM_OS_DORMANT, 0},
	    {"r", CIM_JS_RUNNING, 1, CIM_OS_OK, 0},
	    {"c", CIM_JS_COMPLETED, 2, CIM_OS_OK, CIM_OS_COMPLETED},
	    {"x", CIM_JS_EXCEPTION, 2, CIM_OS_ERROR, CIM_OS_COMPLETED},
	    {"t", CIM_JS_TERMINATED, 1, CIM_OS_STOPPED, 0},
	    {"k", CIM_JS_KILLED, 1, CIM_OS_ABORTED, 0},
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert_eq(ops->get_instance(pc, &alice, iid(paths[i].job), &j), 0);
		cr_expect_eq(j->job_state, paths[i].js, "%s", paths[i].job);
		expect_op_status(j, paths[i].n, paths[i].a, paths[i].b);
		cr_expect_eq(j->error_code == 0, paths[i].js <= CIM_JS_COMPLETED, "%s ErrorCode",
			     paths[i].job);
		cr_expect_str_eq(j->owner, "alice");
		ops->free_job(pc, j);
	}
	cr_expect_eq(ops->get_instance(pc, &bob, iid("r"), &j), CIM_GE_ACCESS_DENIED);
	cr_expect_null(j);
}

Test(example, instance_times)
{
	cim_job *j;

	th.now = 10 * SEC;
	ev_created("j1", "alice", 5 * MIN, 0);
	th.now += 2 * SEC;
	ev_state("j1", CIM_JS_RUNNING);
	th.now += 3 * SEC;
	cr_assert_eq(ops->get_instance(pc, &alice, iid("j1"), &j), 0);
	cr_expect_eq(j->time_submitted, 10 * SEC);
	cr_expect_eq(j->start_time, 12 * SEC);
	cr_expect_eq(j->elapsed_time, 3 * SEC);
	cr_expect_eq(j->time_of_last_state_change, 12 * SEC);
	cr_expect_eq(j->time_before_removal, 5 * MIN);
	cr_expect_not(j->delete_on_completion);
	cr_expect_str_eq(j->class_name, "EXAMPLE_Job");
	cr_expect_str_eq(j->instance_id, "EXAMPLE:j1");
	ops->free_job(pc, j);
}

Test(example, enumerate_by_principal)
{
	cim_job **jobs;
	size_t n;

	running("a1");
	ev_created("b1", "bob", 5 * MIN, 1);
	cr_assert_eq(ops->enumerate_instances(pc, &admin, &jobs, &n), 0);
	cr_expect_eq(n, 2);
	ops->free_jobs(pc, jobs, n);
	cr_assert_eq(ops->enumerate_instances(pc, &bob, &jobs, &n), 0);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(jobs[0]->instance_id, "EXAMPLE:b1");
	ops->free_jobs(pc, jobs, n);
}

Test(example, request_state_change)
{
	running("j1");
	cr_expect_eq(ops->request_state_change(pc, &alice, iid("j1"), CIM_RS_TERMINATE, 0),
		     CIM_RSC_STARTED);
	cr_expect_eq(th.rsc_calls, 1);
	cr_expect_str_eq(th.rsc_job, "j1", "the engine gets its own job id");
	cr_expect_eq(th.rsc_state, CIM_RS_TERMINATE);
	cr_expect_str_eq(th.rsc_who, "alice");
	th.rsc_rc = PROV_HOST_REJECTED;
	cr_expect_eq(ops->request_state_change(pc, &alice, iid("j1"), CIM_RS_START, 0),
		     CIM_RSC_INVALID_STATE_TRANSITION);
	cr_expect_eq(ops->request_state_change(pc, &alice, iid("j1"), 7, 0),
		     CIM_RSC_INVALID_PARAMETER, "7 is DMTF reserved");
	cr_expect_eq(ops->request_state_change(pc, &alice, iid("j1"), CIM_RS_KILL, MIN),
		     CIM_RSC_TIMEOUT_NOT_SUPPORTED);
	cr_expect_eq(ops->request_state_change(pc, &alice, "EXAMPLE:zz", CIM_RS_KILL, 0),
		     CIM_RSC_INVALID_PARAMETER);
	ev_ended("j1", CIM_JS_COMPLETED, NULL, NULL);
	cr_expect_eq(ops->request_state_change(pc, &alice, iid("j1"), CIM_RS_TERMINATE, 0),
		     CIM_RSC_INVALID_STATE_TRANSITION, "contract 10: Terminate a Completed job");
	cr_expect_eq(th.rsc_calls, 2);
}

Test(example, bad_events_are_not_recorded)
{
	prov_event ev = {.kind = PROV_EV_STATE, .time_ns = 0, .job = "ghost"};

	ev.u.state.job_state = CIM_JS_RUNNING;
	cr_expect_eq(ops->on_event(pc, &ev), -1, "unknown job");
	running("j1");
	ev.job = "j1";
	ev.u.state.job_state = CIM_JS_COMPLETED;
	cr_expect_eq(ops->on_event(pc, &ev), -1, "a final state comes as ENDED");
	ev.kind = PROV_EV_ENDED;
	ev.u.ended.job_state = CIM_JS_RUNNING;
	cr_expect_eq(ops->on_event(pc, &ev), -1, "ENDED needs a final state");
	ev.kind = 99;
	cr_expect_eq(ops->on_event(pc, &ev), -1);
	prov_event dup = {.kind = PROV_EV_JOB_CREATED, .time_ns = 0, .job = "j1"};

	dup.u.created.owner = "alice";
	cr_expect_eq(ops->on_event(pc, &dup), -1, "duplicate job");
}

Test(example, no_request_state_callback)
{
	prov_host h2 = {&th, h_now, NULL, NULL};
	prov_config cfg = {PROV_ABI_VERSION, NULL, NULL, NULL, &h2, 0};
	prov_ctx *p2;
	char err[128];

	p2 = ops->open(&cfg, err, sizeof(err));
	cr_assert_not_null(p2, "%s", err);
	cr_expect_eq(ops->capabilities(p2), PROV_CAP_GET_ERROR);
	ops->close(p2);
	cfg.abi_version = 2u << 16;
	cr_expect_null(ops->open(&cfg, err, sizeof(err)));
	cr_expect_not_null(strstr(err, "ABI"), "%s", err);
}
