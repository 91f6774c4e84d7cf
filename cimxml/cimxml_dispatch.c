/*
 * cimxml_dispatch.c - one CIM operation request, end to end: virtual time,
 * parse, the operation on the stage (runner/srh_stage.h), the encoded
 * answer.
 *
 * The server is transparent on purpose: whatever the provider returns
 * (a return code, an Error even next to a failing code) is put on the wire
 * as the stage made it safe (strings bounded and valid UTF-8, absurd arrays
 * dropped), so a client sees the provider's behaviour and not ours.
 *
 * Status mapping (DSP0200): a request that is not XML -> 400 with CIMError
 * request-not-well-formed; XML that is not a CIM operation request -> 400
 * request-not-valid; CIMOperation other than MethodCall -> 400
 * unsupported-operation; CIMMethod different from the body -> 400
 * header-mismatch. Everything else is 200 with either the result or a
 * CIM-XML ERROR: unknown intrinsic operations CIM_ERR_NOT_SUPPORTED,
 * unknown methods CIM_ERR_METHOD_NOT_FOUND, unknown classes
 * CIM_ERR_INVALID_CLASS / CIM_ERR_NOT_FOUND, another namespace
 * CIM_ERR_INVALID_NAMESPACE.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

/* Superclasses of every job class (CIM_ConcreteJob and up). */
static const char *const job_chain[] = {"CIM_ConcreteJob",    "CIM_Job",
					"CIM_LogicalElement", "CIM_ManagedSystemElement",
					"CIM_ManagedElement", NULL};

static bool class_covers(const char *requested, const char *job_class)
{
	for (size_t i = 0; job_chain[i]; i++)
		if (proto_name_eq(requested, job_chain[i]))
			return true;
	return proto_name_eq(requested, job_class ? job_class : CIMXML_JOB_CLASS);
}

/* Is name a class this CIMOM knows (a job class or one of its parents)? */
static bool class_known(cimxml_backend *b, const char *name)
{
	const prov_principal admin = srh_stage_who(b->st, SRH_STAGE_ADMIN);
	bool known = class_covers(name, CIMXML_JOB_CLASS);
	srh_stage_reply rp;

	if (known)
		return known;
	srh_stage_enumerate(b->st, &admin, &rp);
	for (size_t i = 0; rp.rc == 0 && i < rp.n_jobs && !known; i++)
		known = proto_name_eq(name, rp.jobs[i]->class_name);
	srh_stage_reply_done(b->st, &rp);
	return known;
}

static void fail_http(cimxml_exchange *x, int status, const char *cim_error, const char *msg_id,
		      const char *why)
{
	char d[CIMXML_ERRLEN + 64];

	x->status = status;
	x->cim_error = cim_error;
	cimxml_buf_reset(&x->out);
	snprintf(d, sizeof d, "CIM_ERR_FAILED: %s: %s", cim_error ? cim_error : "error", why);
	if (cimxml_rsp_error(&x->out, msg_id, true, "", CIM_SC_FAILED, d) != 0)
		cimxml_buf_reset(&x->out);
}

static void reply_error(cimxml_exchange *x, const cimxml_request *r, uint32_t code,
			const char *detail)
{
	char d[CIMXML_ERRLEN + 64];
	const char *name = cim_vmap_name(&cim_vm_status_code, code);

	snprintf(d, sizeof d, "%s: %s", name ? name : "CIM_ERR_FAILED", detail);
	x->status = 200;
	cimxml_buf_reset(&x->out);
	cimxml_rsp_error(&x->out, r->msg_id, r->intrinsic, r->method, code, d);
}

/* A provider's instance return code (0, 4, 5, 6) as a CIM status. */
static uint32_t status_of(uint32_t rc)
{
	switch (rc) {
	case CIM_GE_INVALID_PARAMETER:
		return CIM_SC_NOT_FOUND;
	case CIM_GE_ACCESS_DENIED:
		return CIM_SC_ACCESS_DENIED;
	default:
		return CIM_SC_FAILED;
	}
}

static void op_enumerate(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r, bool names)
{
	cim_job **keep;
	srh_stage_reply rp;
	size_t k = 0;
	char d[64];

	if (!r->class_name || !class_known(b, r->class_name)) {
		reply_error(x, r, CIM_SC_INVALID_CLASS,
			    r->class_name ? r->class_name : "no ClassName");
		return;
	}
	srh_stage_enumerate(b->st, x->who, &rp);
	if (rp.rc != 0) {
		snprintf(d, sizeof d, "the provider returned %" PRIu32, rp.rc);
		reply_error(x, r, status_of(rp.rc), d);
		srh_stage_reply_done(b->st, &rp);
		return;
	}
	keep = calloc(rp.n_jobs + 1, sizeof *keep);
	for (size_t i = 0; keep && i < rp.n_jobs; i++)
		if (class_covers(r->class_name, rp.jobs[i]->class_name))
			keep[k++] = rp.jobs[i];
	x->status = 200;
	if (!keep)
		x->out.failed = true;
	else if (names)
		cimxml_rsp_names(&x->out, r->msg_id, keep, k);
	else
		cimxml_rsp_instances(&x->out, r->msg_id, r->method, keep, k, true);
	free(keep);
	srh_stage_reply_done(b->st, &rp);
}

static void op_get_instance(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r)
{
	srh_stage_reply rp;
	cim_job *j;
	char d[CIMXML_ERRLEN];

	if (!r->has_instance || !r->instance_id) {
		reply_error(x, r, CIM_SC_INVALID_PARAMETER, "no InstanceName with an InstanceID");
		return;
	}
	if (!class_known(b, r->class_name)) {
		reply_error(x, r, CIM_SC_INVALID_CLASS, r->class_name);
		return;
	}
	srh_stage_get_instance(b->st, x->who, r->instance_id, &rp);
	j = rp.n_jobs ? rp.jobs[0] : NULL;
	if (rp.rc != 0 || !j) {
		snprintf(d, sizeof d, "%.128s (the provider returned %" PRIu32 ")", r->instance_id,
			 rp.rc);
		reply_error(x, r, rp.rc ? status_of(rp.rc) : CIM_SC_FAILED, d);
	} else if (!class_covers(r->class_name, j->class_name)) {
		reply_error(x, r, CIM_SC_NOT_FOUND, r->instance_id);
	} else {
		x->status = 200;
		cimxml_rsp_instances(&x->out, r->msg_id, "GetInstance", &j, 1, false);
	}
	srh_stage_reply_done(b->st, &rp);
}

static bool has_geterrors(cimxml_backend *b)
{
	return srh_stage_has_get_errors(b->st);
}

static void op_intrinsic(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r)
{
	if (proto_name_eq(r->method, "EnumerateInstances")) {
		op_enumerate(b, x, r, false);
		return;
	}
	if (proto_name_eq(r->method, "EnumerateInstanceNames")) {
		op_enumerate(b, x, r, true);
		return;
	}
	if (proto_name_eq(r->method, "GetInstance")) {
		op_get_instance(b, x, r);
		return;
	}
	if (proto_name_eq(r->method, "GetClass")) {
		if (!r->class_name || !class_known(b, r->class_name)) {
			reply_error(x, r, CIM_SC_NOT_FOUND,
				    r->class_name ? r->class_name : "no ClassName");
			return;
		}
		x->status = 200;
		cimxml_rsp_class(&x->out, r->msg_id, r->class_name, has_geterrors(b));
		return;
	}
	reply_error(x, r, CIM_SC_NOT_SUPPORTED, r->method);
}

/* ---- extrinsic methods ---------------------------------------------------- */

static void m_get_error(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r,
			const char *iid)
{
	srh_stage_reply rp;

	srh_stage_get_error(b->st, x->who, iid, &rp);
	x->status = 200;
	cimxml_rsp_geterror(&x->out, r->msg_id, rp.rc, rp.n_errors ? rp.errors[0] : NULL,
			    b->o.omit_null_params);
	srh_stage_reply_done(b->st, &rp);
}

static void m_get_errors(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r,
			 const char *iid)
{
	srh_stage_reply rp;

	if (!has_geterrors(b)) {
		reply_error(x, r, CIM_SC_METHOD_NOT_FOUND, "GetErrors (the provider has none)");
		return;
	}
	srh_stage_get_errors(b->st, x->who, iid, &rp);
	x->status = 200;
	cimxml_rsp_geterrors(&x->out, r->msg_id, rp.rc, rp.errors, rp.n_errors,
			     b->o.omit_null_params);
	srh_stage_reply_done(b->st, &rp);
}

static void m_rsc(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r, const char *iid)
{
	const cimxml_param *rs = cimxml_request_param(r, "RequestedState");
	const cimxml_param *to = cimxml_request_param(r, "TimeoutPeriod");
	uint64_t state = 0, timeout = 0;
	srh_stage_reply rp;

	if (!rs || !rs->value || cimxml_parse_uint(rs->value, UINT16_MAX, &state) != 0) {
		reply_error(x, r, CIM_SC_INVALID_PARAMETER, "RequestedState must be a uint16");
		return;
	}
	if (to && to->value && to->value[0] && cimxml_parse_interval(to->value, &timeout) != 0) {
		reply_error(x, r, CIM_SC_INVALID_PARAMETER,
			    "TimeoutPeriod must be a datetime interval");
		return;
	}
	srh_stage_request_state_change(b->st, x->who, iid, (uint16_t)state, timeout, &rp);
	x->status = 200;
	cimxml_rsp_rc(&x->out, r->msg_id, "RequestStateChange", rp.rc);
	srh_stage_reply_done(b->st, &rp);
}

static void op_extrinsic(cimxml_backend *b, cimxml_exchange *x, const cimxml_request *r)
{
	/* A reference naming no job is the method's own Invalid Parameter
	 * case (contract: rc 5), so the InstanceID goes to the provider
	 * unchecked; a missing key becomes "", never NULL. */
	const char *iid = r->instance_id ? r->instance_id : "";

	if (!class_known(b, r->class_name)) {
		reply_error(x, r, CIM_SC_NOT_FOUND, r->class_name);
		return;
	}
	if (!r->has_instance) {
		reply_error(x, r, CIM_SC_INVALID_PARAMETER,
			    "the method is not static: invoke it on an instance path");
		return;
	}
	if (proto_name_eq(r->method, "GetError")) {
		m_get_error(b, x, r, iid);
		return;
	}
	if (proto_name_eq(r->method, "GetErrors")) {
		m_get_errors(b, x, r, iid);
		return;
	}
	if (proto_name_eq(r->method, "RequestStateChange")) {
		m_rsc(b, x, r, iid);
		return;
	}
	reply_error(x, r, CIM_SC_METHOD_NOT_FOUND, r->method);
}

void cimxml_backend_handle(cimxml_backend *b, cimxml_exchange *x)
{
	cimxml_request *r = NULL;
	char err[CIMXML_ERRLEN];
	int pe;

	x->status = 500;
	x->cim_error = NULL;
	cimxml_buf_reset(&x->out);
	if (!x->cim_operation || !proto_name_eq(x->cim_operation, "MethodCall")) {
		fail_http(x, 400, "unsupported-operation", NULL,
			  "the CIMOperation header must be MethodCall");
		return;
	}
	b->requests++;
	if (b->o.tick_ns)
		(void)srh_stage_advance(b->st, b->o.tick_ns);
	pe = cimxml_parse_request(x->body, x->len, b->o.max_body, &r, err, sizeof err);
	if (pe == CIMXML_PE_NOT_WELL_FORMED) {
		fail_http(x, 400, "request-not-well-formed", NULL, err);
		return;
	}
	if (pe == CIMXML_PE_NOT_VALID) {
		fail_http(x, 400, "request-not-valid", NULL, err);
		return;
	}
	if (pe != CIMXML_PE_OK) {
		fail_http(x, 500, NULL, NULL, err);
		return;
	}
	if (x->cim_method && !proto_name_eq(x->cim_method, r->method)) {
		fail_http(x, 400, "header-mismatch", r->msg_id,
			  "the CIMMethod header does not name the method in the body");
	} else if (!proto_name_eq(r->ns, CIMXML_NAMESPACE)) {
		reply_error(x, r, CIM_SC_INVALID_NAMESPACE, r->ns);
	} else if (r->intrinsic) {
		op_intrinsic(b, x, r);
	} else {
		op_extrinsic(b, x, r);
	}
	if (x->out.failed)
		fail_http(x, 500, NULL, r->msg_id, "out of memory");
	cimxml_request_free(r);
}
