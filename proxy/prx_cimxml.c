/*
 * prx_cimxml.c - one CIM-XML exchange in CIM terms, read with the codec's
 * own parsers (cimxml_parse_request, cimxml_parse_response) and judged on
 * the wire by cimxml_wire_check (DSP0203's DTD, the embedded CIM_Error,
 * the MOF types, the NULL form).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cimxml.h"
#include "prx_int.h"

/* Which call of the contract the request is. */
static prx_call call_of(const cimxml_request *q)
{
	if (q->intrinsic) {
		if (strcasecmp(q->method, "EnumerateInstances") == 0)
			return PRX_C_ENUMERATE;
		if (strcasecmp(q->method, "GetInstance") == 0)
			return PRX_C_GET_INSTANCE;
		return PRX_C_OTHER;
	}
	if (strcasecmp(q->method, "GetError") == 0)
		return PRX_C_GET_ERROR;
	if (strcasecmp(q->method, "GetErrors") == 0)
		return PRX_C_GET_ERRORS;
	if (strcasecmp(q->method, "RequestStateChange") == 0)
		return PRX_C_RSC;
	return PRX_C_OTHER;
}

void prx_cimxml_decode(const prx_exchange *x, prx_wire_fn wire,
		       void (*done)(void *ctx, const prx_obs *o), void *ctx)
{
	cimxml_request *q = NULL;
	cimxml_response *r = NULL;
	prx_obs o = {0};
	const cimxml_param *st;
	char err[256];

	if (cimxml_parse_request(x->req_body, x->req_len, 0, &q, err, sizeof err) != CIMXML_PE_OK)
		goto out;
	o.call = call_of(q);
	o.iid = q->instance_id;
	prx_session_set_iid(ctx, o.iid);
	/* Only a CIM-XML answer is judged on the wire (not a 401's text). */
	if (cimxml_parse_response_wire(x->rsp_body, x->rsp_len, x->rsp_len + 1,
				       x->status == 200 && x->rsp_len, wire, ctx, &r, err,
				       sizeof err) != CIMXML_PE_OK)
		goto out;
	if ((st = cimxml_request_param(q, "RequestedState")) && st->value)
		o.requested_state = (uint16_t)strtoul(st->value, NULL, 10);
	o.fault = r->is_error;
	o.fault_code = r->cim_code;
	o.has_rc = r->has_rc;
	o.rc = r->rc;
	o.jobs = r->jobs;
	o.n_jobs = r->n_jobs;
	o.names = r->names;
	o.n_names = r->n_names;
	if (r->has_errors_param) {
		o.errors = r->errors;
		o.n_errors = r->n_errors;
	} else if (r->error) {
		o.errors = &r->error;
		o.n_errors = 1;
	}
	done(ctx, &o);
out:
	cimxml_response_free(r);
	cimxml_request_free(q);
}
