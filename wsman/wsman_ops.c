/*
 * wsman_ops.c - Identify, Get (WS-Transfer) and Invoke (DSP0227 custom
 * actions: Action = ResourceURI/Method) mapped onto the stage.
 *
 * The resource: a ResourceURI naming a job class (the DMTF class URI of
 * CIM_ConcreteJob or one of its superclasses, or of the job's own class),
 * and the SelectorSet InstanceID plus an optional __cimnamespace. Faults
 * as openwsman's CIM plugin maps CIM status codes: a class or namespace
 * not served, or an instance not found, is wsa:DestinationUnreachable;
 * access denied is wsman:AccessDenied; a method not offered is
 * wsa:ActionNotSupported; selectors other than those two, or no
 * InstanceID, are wsman:InvalidSelectors.
 *
 * Invoke passes the InstanceID to the method unchecked: a reference that
 * names no job is the method's own Invalid Parameter (rc 5, contract), as
 * over CIM-XML.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "wsman_int.h"

#define A_GET_RESPONSE "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse"

void wsman_op_identify(wsman_answer *a)
{
	wsman_buf *b = a->out;

	/* DSP0226 section 11: the response carries no addressing headers. */
	wsman_buf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:wsmid=\"" WSMAN_NS_WSMID
			 "\"><s:Header/><s:Body><wsmid:IdentifyResponse>"
			 "<wsmid:ProtocolVersion>" WSMAN_NS_WSMAN "</wsmid:ProtocolVersion>"
			 "<wsmid:ProductVendor>srh (Storage Replica GetError conformance "
			 "harness)</wsmid:ProductVendor>"
			 "<wsmid:ProductVersion>srh WS-Management 1</wsmid:ProductVersion>"
			 "<wsmid:SecurityProfiles><wsmid:SecurityProfileName>"
			 "http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic"
			 "</wsmid:SecurityProfileName></wsmid:SecurityProfiles>"
			 "</wsmid:IdentifyResponse></s:Body></s:Envelope>\n");
	a->status = 200;
}

/* Is name a class this server knows (a job class or one of its parents)? */
static bool class_known(wsman_backend *b, const char *name)
{
	const prov_principal admin = srh_stage_who(b->o.stage, SRH_STAGE_ADMIN);
	bool known = wsman_class_covers(name, WSMAN_JOB_CLASS);
	srh_stage_reply rp;

	if (known)
		return true;
	srh_stage_enumerate(b->o.stage, &admin, &rp);
	for (size_t i = 0; rp.rc == 0 && i < rp.n_jobs && !known; i++)
		known = proto_name_eq(name, rp.jobs[i]->class_name);
	srh_stage_reply_done(b->o.stage, &rp);
	return known;
}

/* The class the ResourceURI names, or NULL after writing the fault. */
const char *wsman_resource_class(wsman_backend *b, wsman_answer *a)
{
	const char *cls = wsman_uri_class(a->req->resource_uri);

	if (!cls || !class_known(b, cls)) {
		wsman_answer_fault(a, WSMAN_F_DESTINATION_UNREACHABLE, "InvalidResourceURI",
				   a->req->resource_uri
				       ? "the ResourceURI names no class served here"
				       : "no ResourceURI");
		return NULL;
	}
	return cls;
}

/* The InstanceID selector, or NULL after writing the fault. */
static const char *instance_selector(wsman_answer *a)
{
	const wsman_request *r = a->req;
	const wsman_pair *iid = wsman_request_selector(r, "InstanceID");
	const wsman_pair *ns = wsman_request_selector(r, "__cimnamespace");

	if (r->too_many_selectors) {
		wsman_answer_fault(a, WSMAN_F_INVALID_SELECTORS, "SelectorLimit", NULL);
		return NULL;
	}
	for (size_t i = 0; i < r->n_selectors; i++)
		if (!proto_name_eq(r->selectors[i].name, "InstanceID") &&
		    !proto_name_eq(r->selectors[i].name, "__cimnamespace")) {
			wsman_answer_fault(a, WSMAN_F_INVALID_SELECTORS, "UnexpectedSelectors",
					   "the only selectors are InstanceID and __cimnamespace");
			return NULL;
		}
	if (!iid) {
		wsman_answer_fault(a, WSMAN_F_INVALID_SELECTORS, "InsufficientSelectors",
				   "no InstanceID selector");
		return NULL;
	}
	if (ns && !proto_name_eq(ns->value, WSMAN_NAMESPACE)) {
		wsman_answer_fault(a, WSMAN_F_DESTINATION_UNREACHABLE, NULL,
				   "__cimnamespace names a namespace not served here");
		return NULL;
	}
	return iid->value;
}

void wsman_op_get(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	const char *cls = wsman_resource_class(b, a), *iid;
	srh_stage_reply rp;
	const cim_job *j;

	if (!cls || !(iid = instance_selector(a)))
		return;
	srh_stage_get_instance(b->o.stage, who, iid, &rp);
	j = rp.n_jobs ? rp.jobs[0] : NULL;
	if (rp.rc == CIM_GE_ACCESS_DENIED) {
		wsman_answer_fault(a, WSMAN_F_ACCESS_DENIED, NULL, NULL);
	} else if (rp.rc == CIM_GE_INVALID_PARAMETER ||
		   (rp.rc == 0 && j && !wsman_class_covers(cls, j->class_name))) {
		wsman_answer_fault(a, WSMAN_F_DESTINATION_UNREACHABLE, NULL,
				   "no instance with this InstanceID");
	} else if (rp.rc != 0 || !j) {
		wsman_answer_fault(a, WSMAN_F_INTERNAL_ERROR, NULL, "the provider failed");
	} else {
		wsman_env_open(a->out, A_GET_RESPONSE, a->req->message_id);
		wsman_write_job(a->out, j);
		wsman_env_close(a->out);
		a->status = 200;
	}
	srh_stage_reply_done(b->o.stage, &rp);
}

/* <s:Header>... <s:Body><p:METHOD_OUTPUT xmlns:p="RESOURCEURI"> */
static void output_open(wsman_answer *a, const char *method)
{
	wsman_buf act;

	wsman_buf_init(&act);
	wsman_buf_printf(&act, "%s/%sResponse", a->req->resource_uri, method);
	if (act.failed)
		a->out->failed = true;
	wsman_env_open(a->out, act.data ? act.data : "", a->req->message_id);
	wsman_buf_free(&act);
	wsman_buf_printf(a->out, "<p:%s_OUTPUT xmlns:p=\"", method);
	wsman_buf_esc(a->out, a->req->resource_uri);
	wsman_buf_str(a->out, "\">");
}

static void output_close(wsman_answer *a, const char *method, uint32_t rc)
{
	wsman_buf_printf(a->out, "<p:ReturnValue>%" PRIu32 "</p:ReturnValue></p:%s_OUTPUT>", rc,
			 method);
	wsman_env_close(a->out);
	a->status = 200;
}

static void m_get_error(wsman_backend *b, const prov_principal *who, const char *iid,
			wsman_answer *a)
{
	srh_stage_reply rp;

	srh_stage_get_error(b->o.stage, who, iid, &rp);
	output_open(a, "GetError");
	wsman_write_error(a->out, "p", "Error", rp.n_errors ? rp.errors[0] : NULL);
	output_close(a, "GetError", rp.rc);
	srh_stage_reply_done(b->o.stage, &rp);
}

static void m_get_errors(wsman_backend *b, const prov_principal *who, const char *iid,
			 wsman_answer *a)
{
	srh_stage_reply rp;

	if (!srh_stage_has_get_errors(b->o.stage)) {
		wsman_answer_fault(a, WSMAN_F_ACTION_NOT_SUPPORTED, NULL,
				   "the provider has no GetErrors");
		return;
	}
	srh_stage_get_errors(b->o.stage, who, iid, &rp);
	output_open(a, "GetErrors");
	if (!rp.has_errors)
		wsman_write_error(a->out, "p", "Errors", NULL);
	for (size_t i = 0; rp.has_errors && i < rp.n_errors; i++)
		wsman_write_error(a->out, "p", "Errors", rp.errors[i]);
	output_close(a, "GetErrors", rp.rc);
	srh_stage_reply_done(b->o.stage, &rp);
}

static void m_rsc(wsman_backend *b, const prov_principal *who, const char *iid, wsman_answer *a)
{
	const wsman_pair *rs = wsman_request_param(a->req, "RequestedState");
	srh_stage_reply rp;
	uint64_t state;

	if (!rs || srh_parse_u64(rs->value, 0, UINT16_MAX, &state) != 0) {
		wsman_answer_fault(a, WSMAN_F_INVALID_PARAMETER, "InvalidValue",
				   "RequestedState must be a uint16");
		return;
	}
	/* TimeoutPeriod is not read: 0, as a NULL one (no deadline). */
	srh_stage_request_state_change(b->o.stage, who, iid, (uint16_t)state, 0, &rp);
	output_open(a, "RequestStateChange");
	output_close(a, "RequestStateChange", rp.rc);
	srh_stage_reply_done(b->o.stage, &rp);
}

void wsman_op_invoke(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	const char *m = a->req->method, *iid;

	if (!wsman_resource_class(b, a) || !(iid = instance_selector(a)))
		return;
	if (strcmp(m, "GetError") == 0)
		m_get_error(b, who, iid, a);
	else if (strcmp(m, "GetErrors") == 0)
		m_get_errors(b, who, iid, a);
	else if (strcmp(m, "RequestStateChange") == 0)
		m_rsc(b, who, iid, a);
	else
		wsman_answer_fault(a, WSMAN_F_ACTION_NOT_SUPPORTED, NULL,
				   "the class has no such method");
}
