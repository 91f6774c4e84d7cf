/*
 * wsman_http.c - the WS-Management service plugged into the http room's
 * server layer: which requests are WS-Management ones (POST /wsman), the
 * SOAP content type out. Listening, TLS, Basic authentication (401 with
 * WWW-Authenticate without credentials) and the body cap are the http
 * room's; the cap is set above the envelope limit so that an oversized
 * envelope still earns its wsman:EncodingLimit fault.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman_int.h"

#define REALM "srh WS-Management"

struct wsman_server {
	http_server *h;
	wsman_backend *b;
	void (*answered)(void *arg, const char *body, size_t len);
	void *answered_arg;
};

static int admit(void *arg, const http_request *req, http_response *resp)
{
	(void)arg;
	if (strcmp(req->method, "POST") != 0) {
		http_response_text(resp, 405, "WS-Management requests are POSTed to /wsman\n");
		(void)http_response_header(resp, "Allow", "POST");
		return 1;
	}
	if (strcmp(req->path, WSMAN_PATH) != 0) {
		http_response_text(resp, 404, "WS-Management is served at /wsman\n");
		return 1;
	}
	return 0;
}

static void handle(void *arg, const http_request *req, http_response *resp)
{
	wsman_server *s = arg;
	const prov_principal who = {req->who->name, req->who->admin ? 1 : 0};
	wsman_exchange x = {.who = &who, .body = req->body, .len = req->len};

	wsman_buf_init(&x.out);
	wsman_backend_handle(s->b, &x);
	if (!x.out.len || x.out.failed) {
		wsman_buf_free(&x.out);
		http_response_text(resp, 500, "internal error\n");
		return;
	}
	if (s->answered)
		s->answered(s->answered_arg, x.out.data, x.out.len);
	resp->status = x.status;
	resp->body = x.out.data; /* the server frees it */
	resp->len = x.out.len;
	resp->content_type = "application/soap+xml;charset=UTF-8";
}

wsman_server *wsman_server_start(const wsman_server_opts *o, char *err, size_t errlen)
{
	wsman_server *s = calloc(1, sizeof *s);
	size_t cap = o->backend->o.max_body;
	http_server_opts ho = {
	    .listen = o->listen,
	    .tls_cert = o->tls_cert,
	    .tls_key = o->tls_key,
	    .users = o->users,
	    .n_users = o->n_users,
	    .realm = REALM,
	    .max_body = cap > SIZE_MAX / 4 ? cap : cap * 4,
	    .conn_timeout_s = o->conn_timeout_s,
	    .limits = o->limits,
	    .admit = admit,
	    .handle = handle,
	    .arg = s,
	};

	if (!s) {
		wsman_err(err, errlen, "out of memory");
		return NULL;
	}
	s->b = o->backend;
	s->answered = o->answered;
	s->answered_arg = o->answered_arg;
	if (!(s->h = http_server_start(&ho, err, errlen))) {
		free(s);
		return NULL;
	}
	return s;
}

uint16_t wsman_server_port(const wsman_server *s)
{
	return http_server_port(s->h);
}

http_server *wsman_server_http(wsman_server *s)
{
	return s->h;
}

void wsman_server_stop(wsman_server *s)
{
	if (!s)
		return;
	http_server_stop(s->h);
	free(s);
}
