/*
 * proto_server.c - a protocol plugged into the http room's server layer:
 * which requests are the protocol's (POST to its one path; DSP0200's 501
 * for M-POST where asked), the principal of the Basic user, the answer's
 * bytes moved into the response (500 when the protocol produced none).
 * Listening, TLS, Basic authentication and the body cap are the http
 * room's; what the bytes mean is the protocol's.
 */
#include <stdlib.h>
#include <string.h>

#include "proto.h"

struct proto_server {
	http_server *h;
	proto_server_opts o; /* texts and path are the caller's statics */
};

/* Before the body is read: only POST to the path is the protocol's. */
static int admit(void *arg, const http_request *req, http_response *resp)
{
	const proto_server *s = arg;

	if (s->o.mpost_501 && strcmp(req->method, "M-POST") == 0) {
		http_response_text(resp, 501, "M-POST is not supported: use POST\n");
		return 1;
	}
	if (strcmp(req->method, "POST") != 0) {
		/* 405 with the Allow header RFC 9110 asks for. */
		http_response_text(resp, 405, s->o.not_post);
		(void)http_response_header(resp, "Allow", "POST");
		return 1;
	}
	if (strcmp(req->path, s->o.path) != 0) {
		http_response_text(resp, 404, s->o.not_found);
		return 1;
	}
	return 0;
}

static void handle(void *arg, const http_request *req, http_response *resp)
{
	const proto_server *s = arg;
	const prov_principal who = {req->who->name, req->who->admin ? 1 : 0};
	srh_text out;
	int status;

	srh_text_init(&out);
	status = s->o.handle(s->o.arg, req, &who, &out, resp);
	if (!out.len || out.failed) {
		srh_text_free(&out);
		resp->n_headers = 0; /* the protocol's headers spoke of an answer */
		http_response_text(resp, 500, "internal error\n");
		return;
	}
	if (out.data[0] == '<' && s->o.answered)
		s->o.answered(s->o.answered_arg, out.data, out.len);
	resp->status = status;
	resp->body = out.data; /* the server frees it */
	resp->len = out.len;
}

proto_server *proto_server_start(const proto_server_opts *o, char *err, size_t errlen)
{
	proto_server *s = calloc(1, sizeof *s);
	http_server_opts ho = o->http;

	if (!s) {
		proto_err(err, errlen, "out of memory");
		return NULL;
	}
	s->o = *o;
	ho.admit = admit;
	ho.handle = handle;
	ho.arg = s;
	if (!(s->h = http_server_start(&ho, err, errlen))) {
		free(s);
		return NULL;
	}
	return s;
}

uint16_t proto_server_port(const proto_server *s)
{
	return http_server_port(s->h);
}

http_server *proto_server_http(proto_server *s)
{
	return s->h;
}

void proto_server_stop(proto_server *s)
{
	if (!s)
		return;
	http_server_stop(s->h);
	free(s);
}
