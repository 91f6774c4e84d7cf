/*
 * cimxml_http.c - the CIMOM plugged into the http room's server layer:
 * which requests are CIM operations (POST /cimom; DSP0200's 501 for
 * M-POST), the CIMOperation / CIMMethod headers in, the CIMOperation /
 * CIMError headers out. Listening, TLS, Basic authentication and the body
 * cap are the http room's.
 *
 * The backend (simulator + provider) is taken under its mutex: the http
 * room's threads parse and send in parallel, but one request at a time
 * touches the simulator and the provider, whichever protocol's server (or
 * a bench, or a test in the same process) it comes from.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

#define REALM "srh CIM-XML"

struct cimxml_server {
	http_server *h;
	cimxml_backend *b;
	void (*answered)(void *arg, const char *body, size_t len);
	void *answered_arg;
};

/* Before the body is read: only POST /cimom is a CIM operation. */
static int admit(void *arg, const http_request *req, http_response *resp)
{
	(void)arg;
	/* DSP0200: a client that tried M-POST falls back to POST on 501. */
	if (strcmp(req->method, "M-POST") == 0) {
		http_response_text(resp, 501, "M-POST is not supported: use POST\n");
		return 1;
	}
	if (strcmp(req->method, "POST") != 0) {
		/* 405 with the Allow header RFC 9110 asks for. */
		http_response_text(resp, 405, "CIM operations are POSTed to /cimom\n");
		(void)http_response_header(resp, "Allow", "POST");
		return 1;
	}
	if (strcmp(req->path, "/cimom") != 0) {
		http_response_text(resp, 404, "CIM operations are served at /cimom\n");
		return 1;
	}
	return 0;
}

static void handle(void *arg, const http_request *req, http_response *resp)
{
	cimxml_server *s = arg;
	const prov_principal who = {req->who->name, req->who->admin ? 1 : 0};
	cimxml_exchange x = {
	    .who = &who,
	    .cim_operation = http_request_header(req, "CIMOperation"),
	    .cim_method = http_request_header(req, "CIMMethod"),
	    .body = req->body,
	    .len = req->len,
	};

	cimxml_buf_init(&x.out);
	cimxml_backend_lock(s->b);
	cimxml_backend_handle(s->b, &x);
	cimxml_backend_unlock(s->b);
	if (!x.out.len || x.out.failed) {
		cimxml_buf_free(&x.out);
		http_response_text(resp, 500, "internal error\n");
		return;
	}
	resp->status = x.status;
	resp->body = x.out.data; /* the server frees it */
	resp->len = x.out.len;
	if (x.out.data[0] == '<') {
		if (s->answered)
			s->answered(s->answered_arg, x.out.data, x.out.len);
		resp->content_type = "application/xml; charset=\"utf-8\"";
		(void)http_response_header(resp, "CIMOperation", "MethodResponse");
	} else {
		resp->content_type = "text/plain; charset=\"utf-8\"";
	}
	if (x.cim_error)
		(void)http_response_header(resp, "CIMError", x.cim_error);
}

cimxml_server *cimxml_server_start(const cimxml_server_opts *o, char *err, size_t errlen)
{
	cimxml_server *s = calloc(1, sizeof *s);
	http_server_opts ho = {
	    .listen = o->listen ? o->listen : CIMXML_DEFAULT_LISTEN,
	    .tls_cert = o->tls_cert,
	    .tls_key = o->tls_key,
	    .users = o->users,
	    .n_users = o->n_users,
	    .realm = REALM,
	    .max_body = o->backend->o.max_body ? o->backend->o.max_body : CIMXML_MAX_BODY,
	    .conn_timeout_s = o->conn_timeout_s,
	    .limits = o->limits,
	    .admit = admit,
	    .handle = handle,
	    .arg = s,
	};

	if (!s) {
		cimxml_err(err, errlen, "out of memory");
		return NULL;
	}
	s->b = o->backend;
	s->answered = o->answered;
	s->answered_arg = o->answered_arg;
	if (!(s->h = http_server_start(&ho, err, errlen)))
		goto fail;
	return s;
fail:
	cimxml_server_stop(s);
	return NULL;
}

uint16_t cimxml_server_port(const cimxml_server *s)
{
	return http_server_port(s->h);
}

http_server *cimxml_server_http(cimxml_server *s)
{
	return s->h;
}

void cimxml_server_stop(cimxml_server *s)
{
	if (!s)
		return;
	http_server_stop(s->h);
	free(s);
}
