/*
 * wsman_http.c - the WS-Management service served by proto/'s protocol
 * server on the http room's server layer: POST /wsman, the SOAP content
 * type out. Listening, TLS, Basic authentication (401 with
 * WWW-Authenticate without credentials) and the body cap are the http
 * room's; the cap is set above the envelope limit so that an oversized
 * envelope still earns its wsman:EncodingLimit fault.
 */
#include <stdint.h>

#include "wsman_int.h"

static int handle(void *arg, const http_request *req, const prov_principal *who, srh_text *out,
		  http_response *resp)
{
	wsman_exchange x = {.who = who, .body = req->body, .len = req->len};

	wsman_buf_init(&x.out);
	wsman_backend_handle(arg, &x);
	*out = x.out; /* proto/ answers 500 when it is empty */
	resp->content_type = "application/soap+xml;charset=UTF-8";
	return x.status;
}

wsman_server *wsman_server_start(const wsman_server_opts *o, char *err, size_t errlen)
{
	size_t cap = o->backend->o.max_body;
	proto_server_opts po = {
	    .http =
		{
		    .listen = o->listen,
		    .tls_cert = o->tls_cert,
		    .tls_key = o->tls_key,
		    .users = o->users,
		    .n_users = o->n_users,
		    .realm = "srh WS-Management",
		    .max_body = cap > SIZE_MAX / 4 ? cap : cap * 4,
		    .conn_timeout_s = o->conn_timeout_s,
		    .limits = o->limits,
		},
	    .path = WSMAN_PATH,
	    .not_post = "WS-Management requests are POSTed to /wsman\n",
	    .not_found = "WS-Management is served at /wsman\n",
	    .handle = handle,
	    .arg = o->backend,
	    .answered = o->answered,
	    .answered_arg = o->answered_arg,
	};

	return proto_server_start(&po, err, errlen);
}
