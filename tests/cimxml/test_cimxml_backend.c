/*
 * test_cimxml_backend - the CIMOM without HTTP: the demo jobs answered the
 * way contract.md says a client sees them, and the CIM / HTTP status of
 * every kind of bad request (DSP0200: 400 with CIMError for malformed
 * requests, CIM_ERR_NOT_SUPPORTED for unknown operations,
 * CIM_ERR_METHOD_NOT_FOUND for unknown methods, CIM_ERR_INVALID_NAMESPACE).
 *
 * Demo jobs (owner alice): SRSIM:1 completed, :2 failed (io_error),
 * :3 terminated, :4 killed, :5..:7 running.
 */
#include "xml_util.h"

static cimxml_backend *be;
static const prov_principal alice = {"alice", 0};
static const prov_principal bob = {"bob", 0};
static const prov_principal admin = {"admin", 1};

static void setup(void)
{
	cimxml_backend_opts o;
	char err[1024];

	xmlInitParser();
	cimxml_backend_opts_default(&o);
	cr_assert_eq(cimxml_backend_new(&o, &be, err, sizeof err), 0, "%s", err);
}

static void teardown(void)
{
	cimxml_backend_free(be);
	xmlCleanupParser();
}

TestSuite(backend, .init = setup, .fini = teardown, .timeout = 60);

/* One exchange; the caller frees x->out. */
static void call(cimxml_exchange *x, const prov_principal *who, const char *method,
		 const char *body)
{
	memset(x, 0, sizeof *x);
	x->who = who;
	x->cim_operation = "MethodCall";
	x->cim_method = method;
	x->body = body;
	x->len = strlen(body);
	cimxml_buf_init(&x->out);
	cimxml_backend_handle(be, x);
}

static cimxml_response *geterror(const prov_principal *who, const char *iid)
{
	cimxml_buf req;
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];

	cimxml_buf_init(&req);
	cr_assert_eq(
	    cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, iid, "GetError", NULL, 0),
	    0);
	call(&x, who, "GetError", req.data);
	cr_assert_eq(x.status, 200);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0, "%s",
		     err);
	cimxml_buf_free(&x.out);
	cimxml_buf_free(&req);
	return r;
}

/* contract.md path table: GetError on each ended path. */
Test(backend, geterror_on_each_path)
{
	static const struct {
		const char *iid;
		bool error;
		uint16_t error_type, cause; /* reference profile */
	} want[] = {
	    {"SRSIM:1", false, 0, 0}, /* completed: 0, NULL */
	    {"SRSIM:2", true, 5, 24}, /* io_error: Hardware, I/O Device Error */
	    {"SRSIM:3", true, 1, 1},  /* terminated: Other, Other */
	    {"SRSIM:4", true, 1, 1},  /* killed: Other, Other */
	    {"SRSIM:5", false, 0, 0}, /* running: 0, NULL */
	};

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cimxml_response *r = geterror(&alice, want[i].iid);

		cr_expect(r->has_rc && r->rc == 0, "%s rc %u", want[i].iid, r->rc);
		cr_expect_eq(r->error != NULL, want[i].error, "%s", want[i].iid);
		cr_expect(r->has_error_param, "%s: the NULL Error is an empty PARAMVALUE",
			  want[i].iid);
		if (r->error) {
			cr_expect_eq(r->error->error_type, want[i].error_type, "%s", want[i].iid);
			cr_expect_eq(r->error->probable_cause, want[i].cause, "%s", want[i].iid);
			cr_expect_str_eq(r->error->owning_entity, "SRSIM");
			cr_expect_eq(r->error->cim_status_code, 1);
			cr_expect_eq(r->error->error_source_format, 2);
		}
		cimxml_response_free(r);
	}
}

Test(backend, access_denied_and_invalid_parameter)
{
	cimxml_response *r = geterror(&bob, "SRSIM:2");

	cr_expect_eq(r->rc, 6, "a stranger gets 6 Access Denied");
	cr_expect_null(r->error);
	cimxml_response_free(r);
	r = geterror(&admin, "SRSIM:2");
	cr_expect_eq(r->rc, 0, "an administrator may read it");
	cr_expect_not_null(r->error);
	cimxml_response_free(r);
	r = geterror(&alice, "SRSIM:999");
	cr_expect_eq(r->rc, 5, "a job that never existed: 5");
	cr_expect_null(r->error);
	cimxml_response_free(r);
	r = geterror(&alice, "no colon at all");
	cr_expect_eq(r->rc, 5, "a malformed reference: 5");
	cimxml_response_free(r);
}

Test(backend, enumerate_and_get_instance)
{
	cimxml_buf req;
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];

	cimxml_buf_init(&req);
	cimxml_req_enum(&req, CIMXML_NAMESPACE, "EnumerateInstances", "CIM_ConcreteJob");
	call(&x, &alice, "EnumerateInstances", req.data);
	cr_assert_eq(x.status, 200);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->n_jobs, 7);
	cr_expect_eq(r->jobs[1]->job_state, 10, "SRSIM:2 Exception");
	cr_expect_eq(r->jobs[2]->job_state, 8, "SRSIM:3 Terminated");
	cr_expect_eq(r->jobs[3]->job_state, 9, "SRSIM:4 Killed");
	cr_expect_eq(r->jobs[4]->job_state, 4, "SRSIM:5 Running");
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);

	/* bob owns nothing and sees nothing */
	call(&x, &bob, "EnumerateInstances", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->n_jobs, 0);
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);

	cimxml_buf_reset(&req);
	cimxml_req_get_instance(&req, CIMXML_NAMESPACE, "SRSIM_ReplicaJob", "SRSIM:2");
	call(&x, &bob, "GetInstance", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect(r->is_error);
	cr_expect_eq(r->cim_code, 2, "CIM_ERR_ACCESS_DENIED");
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);

	cimxml_buf_reset(&req);
	cimxml_req_get_instance(&req, CIMXML_NAMESPACE, "SRSIM_ReplicaJob", "SRSIM:42");
	call(&x, &alice, "GetInstance", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->cim_code, 6, "CIM_ERR_NOT_FOUND");
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);
	cimxml_buf_free(&req);
}

/* contract.md invariant 10: Terminate on a Completed job gets 4097. */
Test(backend, request_state_change)
{
	cimxml_arg a = {"RequestedState", "uint16", "4"};
	cimxml_buf req;
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];

	cimxml_buf_init(&req);
	cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:1", "RequestStateChange",
			  &a, 1);
	call(&x, &alice, "RequestStateChange", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->rc, 4097);
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);

	/* a RequestedState that is no uint16 is the caller's error */
	a.value = "seventy";
	cimxml_buf_reset(&req);
	cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:5", "RequestStateChange",
			  &a, 1);
	call(&x, &alice, "RequestStateChange", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect(r->is_error);
	cr_expect_eq(r->cim_code, 4, "CIM_ERR_INVALID_PARAMETER");
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);
	cimxml_buf_free(&req);
}

static void expect_cim_error(const prov_principal *who, const char *method, const char *body,
			     uint32_t code)
{
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];

	call(&x, who, method, body);
	cr_expect_eq(x.status, 200, "%s", body);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect(r->is_error);
	cr_expect_eq(r->cim_code, code, "%s: got %u", method, r->cim_code);
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);
}

Test(backend, unknown_things_get_the_proper_cim_error)
{
	cimxml_buf req;

	cimxml_buf_init(&req);
	cimxml_req_enum(&req, CIMXML_NAMESPACE, "DeleteInstance", "CIM_ConcreteJob");
	expect_cim_error(&alice, "DeleteInstance", req.data, 7); /* NOT_SUPPORTED */
	cimxml_buf_reset(&req);
	cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:1", "Frobnicate", NULL,
			  0);
	expect_cim_error(&alice, "Frobnicate", req.data, 17); /* METHOD_NOT_FOUND */
	cimxml_buf_reset(&req);
	cimxml_req_enum(&req, "root/cimv2", "EnumerateInstances", "CIM_ConcreteJob");
	expect_cim_error(&alice, "EnumerateInstances", req.data, 3); /* INVALID_NAMESPACE */
	cimxml_buf_reset(&req);
	cimxml_req_enum(&req, CIMXML_NAMESPACE, "EnumerateInstances", "CIM_Foo");
	expect_cim_error(&alice, "EnumerateInstances", req.data, 5); /* INVALID_CLASS */
	cimxml_buf_free(&req);
}

Test(backend, malformed_requests_are_http_400)
{
	cimxml_exchange x;
	cimxml_buf req;

	call(&x, &alice, "GetError", "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ>");
	cr_expect_eq(x.status, 400);
	cr_expect_str_eq(x.cim_error, "request-not-well-formed");
	{
		xmlDoc *d = xu_parse(x.out.data, x.out.len);

		cr_expect_eq(xu_count(d, "//ERROR[@CODE]"), 1, "a CIM-XML ERROR body");
		xmlFreeDoc(d);
	}
	cimxml_buf_free(&x.out);

	call(&x, &alice, "GetError", "<CIM><MESSAGE ID=\"1\"/></CIM>");
	cr_expect_eq(x.status, 400);
	cr_expect_str_eq(x.cim_error, "request-not-valid");
	cimxml_buf_free(&x.out);

	cimxml_buf_init(&req);
	cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:1", "GetError", NULL, 0);
	call(&x, &alice, "GetErrors", req.data);
	cr_expect_eq(x.status, 400);
	cr_expect_str_eq(x.cim_error, "header-mismatch");
	cimxml_buf_free(&x.out);

	memset(&x, 0, sizeof x);
	x.who = &alice;
	x.body = req.data;
	x.len = req.len;
	cimxml_buf_init(&x.out);
	cimxml_backend_handle(be, &x);
	cr_expect_eq(x.status, 400, "no CIMOperation header");
	cr_expect_str_eq(x.cim_error, "unsupported-operation");
	cimxml_buf_free(&x.out);
	cimxml_buf_free(&req);
}

Test(backend, jobs_advance_in_virtual_time)
{
	cimxml_buf req;
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];
	uint64_t first = 0;

	cimxml_buf_init(&req);
	cimxml_req_get_instance(&req, CIMXML_NAMESPACE, "SRSIM_ReplicaJob", "SRSIM:5");
	for (int i = 0; i < 2; i++) {
		call(&x, &alice, "GetInstance", req.data);
		cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err),
			     0);
		cr_assert_eq(r->n_jobs, 1);
		if (i == 0)
			first = r->jobs[0]->elapsed_time;
		else
			cr_expect_eq(r->jobs[0]->elapsed_time, first + 100000000ull,
				     "one request = one 100 ms tick");
		cimxml_response_free(r);
		cimxml_buf_free(&x.out);
	}
	cimxml_buf_free(&req);
}

/* A scenario of "jobs:" sets up every job (srh serve has no timeline: all
 * at once): alice's resync and, on a second group, bob's initial sync;
 * each owner enumerates his own one (contract.md rc 6: a job is the
 * owner's and the administrator's). */
Test(backend, jobs_of_a_scenario)
{
	cimxml_backend_opts o;
	cimxml_buf req;
	cimxml_exchange x;
	cimxml_response *r = NULL;
	char err[1024];

	/* The suite's demo backend gives way to the scenario's (the suite's
	 * teardown frees this one). */
	cimxml_backend_free(be);
	be = NULL;
	cimxml_backend_opts_default(&o);
	o.scenario_path = SRH_SUITE_DIR "/multijob/resync.multijob.other_group.yaml";
	cr_assert_eq(cimxml_backend_new(&o, &be, err, sizeof err), 0, "%s", err);
	cimxml_buf_init(&req);
	cimxml_req_enum(&req, CIMXML_NAMESPACE, "EnumerateInstances", "CIM_ConcreteJob");
	call(&x, &admin, "EnumerateInstances", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->n_jobs, 2);
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);
	call(&x, &bob, "EnumerateInstances", req.data);
	cr_assert_eq(cimxml_parse_response(x.out.data, x.out.len, 0, &r, err, sizeof err), 0);
	cr_expect_eq(r->n_jobs, 1);
	if (r->n_jobs == 1)
		cr_expect_str_eq(r->jobs[0]->owner, "bob");
	cimxml_response_free(r);
	cimxml_buf_free(&x.out);
	cimxml_buf_free(&req);
}
