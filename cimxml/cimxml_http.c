/*
 * cimxml_http.c - the HTTP side of the CIMOM (DSP0200 over
 * libmicrohttpd): POST /cimom, HTTP Basic authentication against the user
 * list, the body size cap, and the CIMOperation / CIMError headers.
 *
 * Concurrency: libmicrohttpd runs one internal polling thread, so requests
 * are handled one after the other; the backend (simulator + provider) is
 * still taken under a mutex so that nothing else in the process (a bench,
 * a test) can touch it at the same time. HTTP/1.1 keep-alive is kept.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "cimxml_int.h"

#define REALM "srh CIM-XML"

struct cimxml_server {
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	bool mu_init;
	cimxml_backend *b;
	cimxml_user *users;
	size_t n_users;
	uint16_t port;
	size_t max_body;
};

/* Per request: the body read so far. */
typedef struct req_state {
	cimxml_buf body;
	const cimxml_user *user;
} req_state;

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *text,
			     size_t len, const char *cim_error)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				      len && text[0] == '<' ? "application/xml; charset=\"utf-8\""
							    : "text/plain; charset=\"utf-8\"");
	if (len && text[0] == '<')
		(void)MHD_add_response_header(r, "CIMOperation", "MethodResponse");
	if (cim_error)
		(void)MHD_add_response_header(r, "CIMError", cim_error);
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return reply(c, status, text, strlen(text), NULL);
}

/* 405 with the Allow header RFC 9110 asks for. */
static enum MHD_Result not_allowed(struct MHD_Connection *c)
{
	static const char msg[] = "CIM operations are POSTed to /cimom\n";
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	(void)MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "POST");
	ok = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	MHD_destroy_response(r);
	return ok;
}

static const cimxml_user *authenticate(cimxml_server *s, struct MHD_Connection *c)
{
	char *pass = NULL;
	char *user = MHD_basic_auth_get_username_password(c, &pass);
	const cimxml_user *found = NULL;

	for (size_t i = 0; user && pass && i < s->n_users && !found; i++)
		if (strcmp(s->users[i].name, user) == 0 && strcmp(s->users[i].pass, pass) == 0)
			found = &s->users[i];
	MHD_free(user);
	MHD_free(pass);
	return found;
}

static enum MHD_Result deny(struct MHD_Connection *c)
{
	static const char msg[] = "authentication required\n";
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	ok = MHD_queue_basic_auth_fail_response(c, REALM, r);
	MHD_destroy_response(r);
	return ok;
}

/* The headers are in: decide whether the body is worth reading. */
static enum MHD_Result first_call(cimxml_server *s, struct MHD_Connection *c, const char *url,
				  const char *method, void **con_cls)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	req_state *st;

	/* DSP0200: a client that tried M-POST falls back to POST on 501. */
	if (strcmp(method, "M-POST") == 0)
		return reply_text(c, MHD_HTTP_NOT_IMPLEMENTED,
				  "M-POST is not supported: use POST\n");
	if (strcmp(method, "POST") != 0)
		return not_allowed(c);
	if (strcmp(url, "/cimom") != 0)
		return reply_text(c, MHD_HTTP_NOT_FOUND, "CIM operations are served at /cimom\n");
	if (cl && strtoull(cl, NULL, 10) > s->max_body)
		return reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");
	st = calloc(1, sizeof *st);
	if (!st)
		return MHD_NO;
	cimxml_buf_init(&st->body);
	st->user = authenticate(s, c);
	*con_cls = st;
	return MHD_YES;
}

static enum MHD_Result handle(cimxml_server *s, struct MHD_Connection *c, req_state *st)
{
	const prov_principal who = {st->user->name, st->user->admin ? 1 : 0};
	cimxml_exchange x = {
	    .who = &who,
	    .cim_operation = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMOperation"),
	    .cim_method = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "CIMMethod"),
	    .body = st->body.data,
	    .len = st->body.len,
	};
	enum MHD_Result ok;

	cimxml_buf_init(&x.out);
	if (pthread_mutex_lock(&s->mu) != 0)
		return reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error\n");
	cimxml_backend_handle(s->b, &x);
	(void)pthread_mutex_unlock(&s->mu);
	if (x.out.len)
		ok = reply(c, (unsigned)x.status, x.out.data, x.out.len, x.cim_error);
	else
		ok = reply_text(c, (unsigned)x.status, "internal error\n");
	cimxml_buf_free(&x.out);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	cimxml_server *s = cls;
	req_state *st = *con_cls;

	(void)version;
	if (!st)
		return first_call(s, c, url, method, con_cls);
	if (*upload_size) {
		/* Without a Content-Length the cap is found here: no answer can
		 * be queued mid-body, so the connection is dropped. */
		if (st->body.len + *upload_size > s->max_body)
			return MHD_NO;
		cimxml_buf_add(&st->body, upload, *upload_size);
		*upload_size = 0;
		return st->body.failed ? MHD_NO : MHD_YES;
	}
	if (!st->user)
		return deny(c);
	return handle(s, c, st);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	req_state *st = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (st) {
		cimxml_buf_free(&st->body);
		free(st);
		*con_cls = NULL;
	}
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
			size_t errlen)
{
	char host[256];
	const char *colon, *h = listen;
	size_t hl;
	struct addrinfo hints = {.ai_flags = AI_NUMERICSERV, .ai_socktype = SOCK_STREAM},
			*ai = NULL;
	int rc;

	colon = strrchr(listen, ':');
	if (!colon || colon == listen) {
		cimxml_err(err, errlen, "--listen %s: expected HOST:PORT", listen);
		return -1;
	}
	hl = (size_t)(colon - listen);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof host) {
		cimxml_err(err, errlen, "--listen: host name too long");
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0 || !ai) {
		cimxml_err(err, errlen, "--listen %s: %s", listen, gai_strerror(rc));
		if (ai)
			freeaddrinfo(ai);
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;
}

int cimxml_listen_is_loopback(const char *listen)
{
	struct sockaddr_storage ss;
	bool v6 = false;

	memset(&ss, 0, sizeof ss);
	if (parse_listen(listen, &ss, &v6, NULL, 0) != 0)
		return -1;
	if (v6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)&ss)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ? 1 : 0;
	}
	return (ntohl(((const struct sockaddr_in *)&ss)->sin_addr.s_addr) >> 24) == 127 ? 1 : 0;
}

cimxml_server *cimxml_server_start(const cimxml_server_opts *o, char *err, size_t errlen)
{
	cimxml_server *s = calloc(1, sizeof *s);
	struct sockaddr_storage ss;
	bool v6 = false;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;

	if (!s) {
		cimxml_err(err, errlen, "out of memory");
		return NULL;
	}
	s->b = o->backend;
	s->max_body = o->backend->o.max_body;
	s->n_users = o->n_users;
	if (o->n_users && !(s->users = calloc(o->n_users, sizeof *s->users)))
		goto oom;
	if (o->n_users)
		memcpy(s->users, o->users, o->n_users * sizeof *s->users);
	if (pthread_mutex_init(&s->mu, NULL) != 0)
		goto oom;
	s->mu_init = true;
	memset(&ss, 0, sizeof ss);
	if (parse_listen(o->listen ? o->listen : CIMXML_DEFAULT_LISTEN, &ss, &v6, err, errlen) != 0)
		goto fail;
	if (v6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned)(o->conn_timeout_s ? o->conn_timeout_s : 30),
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
				MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_END);
	if (!s->d) {
		cimxml_err(err, errlen, "cannot listen on %s (address in use or not local?)",
			   o->listen ? o->listen : CIMXML_DEFAULT_LISTEN);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return s;
oom:
	cimxml_err(err, errlen, "out of memory");
fail:
	cimxml_server_stop(s);
	return NULL;
}

uint16_t cimxml_server_port(const cimxml_server *s)
{
	return s->port;
}

void cimxml_server_stop(cimxml_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	if (s->mu_init)
		pthread_mutex_destroy(&s->mu);
	free(s->users);
	free(s);
}
