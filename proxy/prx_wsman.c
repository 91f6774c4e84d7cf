/*
 * prx_wsman.c - one WS-Management exchange in CIM terms, read with the
 * codec's own parsers (wsman_parse_request, wsman_parse_response).
 */
#include <stdlib.h>
#include <string.h>

#include "prx_int.h"
#include "wsman.h"

static prx_call call_of(const wsman_request *q)
{
	switch (q->action) {
	case WSMAN_ACT_ENUMERATE:
	case WSMAN_ACT_PULL:
		return PRX_C_ENUMERATE;
	case WSMAN_ACT_GET:
		return PRX_C_GET_INSTANCE;
	case WSMAN_ACT_INVOKE:
		if (!q->method)
			return PRX_C_OTHER;
		if (strcmp(q->method, "GetError") == 0)
			return PRX_C_GET_ERROR;
		if (strcmp(q->method, "GetErrors") == 0)
			return PRX_C_GET_ERRORS;
		if (strcmp(q->method, "RequestStateChange") == 0)
			return PRX_C_RSC;
		return PRX_C_OTHER;
	default:
		return PRX_C_OTHER;
	}
}

void prx_wsman_decode(const prx_exchange *x, prx_wire_fn wire,
		      void (*done)(void *ctx, const prx_obs *o), void *ctx)
{
	wsman_request *q = NULL;
	wsman_response *r = NULL;
	const wsman_pair *p;
	prx_obs o = {0};
	char err[256];
	bool check;

	if (wsman_parse_request(x->req_body, x->req_len, 0, &q, err, sizeof err) != WSMAN_PE_OK)
		goto out;
	o.call = call_of(q);
	if ((p = wsman_request_selector(q, "InstanceID")))
		o.iid = p->value;
	prx_session_set_iid(ctx, o.iid);
	/* The wire rules of WS-Management (DSP0230's embedded instance,
	 * xsi:nil, the MOF types, the envelope and its Action) on a 200
	 * answer, as for CIM-XML (not a 401's text, not a fault's status
	 * page), on the parse that reads its values. */
	check = x->status == 200 && x->rsp_len;
	if (o.call == PRX_C_OTHER) {
		if (check)
			(void)wsman_wire_check(x->rsp_body, x->rsp_len, wire, ctx);
		goto out;
	}
	if (wsman_parse_response_wire(x->rsp_body, x->rsp_len, x->rsp_len + 1, check, wire, ctx, &r,
				      err, sizeof err) != 0)
		goto out;
	if ((p = wsman_request_param(q, "RequestedState")) && p->value)
		o.requested_state = (uint16_t)strtoul(p->value, NULL, 10);
	o.fault = r->is_fault;
	o.fault_code = r->cim_code;
	o.has_rc = r->has_rc;
	o.rc = r->rc;
	o.jobs = r->jobs;
	o.n_jobs = r->n_jobs;
	o.errors = r->errors;
	o.n_errors = r->n_errors;
	done(ctx, &o);
out:
	wsman_response_free(r);
	wsman_request_free(q);
}
