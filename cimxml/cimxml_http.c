/*
 * cimxml_http.c - the CIMOM served by proto/'s protocol server on the http
 * room's server layer: POST /cimom (DSP0200's 501 for M-POST), the
 * CIMOperation / CIMMethod headers in, the CIMOperation / CIMError headers
 * out. Listening, TLS, Basic authentication and the body cap are the http
 * room's; the method and path checks and the principal are proto/'s.
 *
 * The backend (simulator + provider) is taken under its mutex: the http
 * room's threads parse and send in parallel, but one request at a time
 * touches the simulator and the provider, whichever protocol's server (or
 * a bench, or a test in the same process) it comes from.
 */
#include <string.h>

#include "cimxml_int.h"

static int handle(void *arg, const http_request *req, const prov_principal *who, srh_text *out,
		  http_response *resp)
{
	cimxml_backend *b = arg;
	cimxml_exchange x = {
	    .who = who,
	    .cim_operation = http_request_header(req, "CIMOperation"),
	    .cim_method = http_request_header(req, "CIMMethod"),
	    .body = req->body,
	    .len = req->len,
	};

	cimxml_buf_init(&x.out);
	cimxml_backend_lock(b);
	cimxml_backend_handle(b, &x);
	cimxml_backend_unlock(b);
	*out = x.out; /* proto/ answers 500 when it is empty */
	if (x.out.len && x.out.data[0] == '<') {
		resp->content_type = "application/xml; charset=\"utf-8\"";
		(void)http_response_header(resp, "CIMOperation", "MethodResponse");
	} else {
		resp->content_type = "text/plain; charset=\"utf-8\"";
	}
	if (x.cim_error)
		(void)http_response_header(resp, "CIMError", x.cim_error);
	return x.status;
}

cimxml_server *cimxml_server_start(const cimxml_server_opts *o, char *err, size_t errlen)
{
	proto_server_opts po = {
	    .http =
		{
		    .listen = o->listen ? o->listen : CIMXML_DEFAULT_LISTEN,
		    .tls_cert = o->tls_cert,
		    .tls_key = o->tls_key,
		    .users = o->users,
		    .n_users = o->n_users,
		    .realm = "srh CIM-XML",
		    .max_body = o->backend->o.max_body ? o->backend->o.max_body : CIMXML_MAX_BODY,
		    .conn_timeout_s = o->conn_timeout_s,
		    .limits = o->limits,
		},
	    .path = "/cimom",
	    .not_post = "CIM operations are POSTed to /cimom\n",
	    .not_found = "CIM operations are served at /cimom\n",
	    .mpost_501 = true,
	    .handle = handle,
	    .arg = o->backend,
	    .answered = o->answered,
	    .answered_arg = o->answered_arg,
	};

	return proto_server_start(&po, err, errlen);
}
