/*
 * http_server.c - the server layer on libmicrohttpd: listening, TLS,
 * Basic credentials to a principal, the body cap, and one call of the
 * protocol's handler per request.
 *
 * Concurrency: a pool of limits.threads libmicrohttpd threads, each with
 * its own epoll set and its share of the connections, so a handler that
 * waits (for the backend's lock, say) holds up only its thread's other
 * connections, and slow clients hold up nobody: sockets are non-blocking.
 * HTTP/1.1 keep-alive is kept. The deadlines libmicrohttpd lacks are
 * http_guard.c's, fed by the hooks below (notify-connection, URI log,
 * access handler, request completed).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http_int.h"

struct http_server {
	struct MHD_Daemon *d;
	http_user *users;
	size_t n_users;
	size_t max_body;
	char realm[128];
	http_admit_fn admit;
	http_handler_fn handle;
	bool pass_auth;
	void (*conn_free)(void *arg, void *slot);
	void *arg;
	char *cert, *key; /* PEM text, kept until the daemon stops */
	uint16_t port;
	http_limits lim; /* resolved: no zero but per_ip */
	http_guard g;
	bool guard_started;
	atomic_bool draining; /* quiesced: answers say Connection: close */
	int quiesced_fd;      /* the listening socket once quiesced, or -1 */
};

/* Per request: the body read so far and who sent it. */
typedef struct req_state {
	char *data;
	size_t len, cap;
	const http_user *user;
	bool passed;   /* pass_auth: not checked here */
	char name[64]; /* pass_auth: the Basic user name, or "" */
} req_state;

const char *http_request_header(const http_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->impl_, MHD_HEADER_KIND, name);
}

typedef struct each_arg {
	void (*fn)(void *arg, const char *name, const char *value);
	void *arg;
} each_arg;

static enum MHD_Result each_one(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	each_arg *e = cls;

	(void)kind;
	e->fn(e->arg, key, value ? value : "");
	return MHD_YES;
}

void http_request_each_header(const http_request *r,
			      void (*fn)(void *arg, const char *name, const char *value), void *arg)
{
	each_arg e = {fn, arg};

	(void)MHD_get_connection_values(r->impl_, MHD_HEADER_KIND, each_one, &e);
}

int http_request_basic_user(const http_request *r, char *out, size_t outlen)
{
	char *pass = NULL;
	char *user = MHD_basic_auth_get_username_password(r->impl_, &pass);
	int rc = -1;

	if (outlen)
		out[0] = '\0';
	if (user && strlen(user) < outlen) {
		memcpy(out, user, strlen(user) + 1);
		rc = 0;
	}
	MHD_free(user);
	MHD_free(pass);
	return rc;
}

/* The watchdog's entry of a connection (NULL when it has none). */
static http_conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *i =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return i ? i->socket_context : NULL;
}

/* Queue resp; frees its body. MHD_NO (the connection is dropped) when
 * libmicrohttpd cannot build or queue the answer. */
static enum MHD_Result queue(http_server *s, struct MHD_Connection *c, http_response *resp,
			     bool auth_fail)
{
	enum MHD_ResponseMemoryMode mode =
	    resp->body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE;
	struct MHD_Response *r = MHD_create_response_from_buffer(resp->len, resp->body, mode);
	enum MHD_Result ok = MHD_NO;
	const char *ct = resp->content_type ? resp->content_type : "text/plain; charset=\"utf-8\"";
	bool set_ct = !resp->no_content_type;

	if (!r) {
		if (!resp->body_static)
			free(resp->body);
		return MHD_NO;
	}
	if (set_ct && MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct) != MHD_YES)
		goto out;
	/* Shutting down: the client goes elsewhere instead of sending more. */
	if (atomic_load(&s->draining) &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES)
		goto out;
	for (size_t i = 0; i < resp->n_headers; i++)
		if (MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value) !=
		    MHD_YES)
			goto out;
	if (auth_fail)
		ok = MHD_queue_basic_auth_fail_response(c, s->realm, r);
	else
		ok = MHD_queue_response(c, (unsigned)resp->status, r);
	if (ok == MHD_YES)
		http_guard_answered(&s->g, conn_of(c));
out:
	MHD_destroy_response(r);
	return ok;
}

/* An empty answer. The header table (17 KiB) is left as it is: zeroing it
 * three times a request was a measurable share of a round trip, and
 * nothing reads past n_headers. */
static void response_init(http_response *r)
{
	memset(r, 0, offsetof(http_response, headers));
	r->n_headers = 0;
}

static enum MHD_Result answer_text(http_server *s, struct MHD_Connection *c, int status,
				   const char *text)
{
	http_response resp;

	response_init(&resp);
	http_response_text(&resp, status, text);
	return queue(s, c, &resp, false);
}

static const http_user *authenticate(const http_server *s, struct MHD_Connection *c)
{
	char *pass = NULL;
	char *user = MHD_basic_auth_get_username_password(c, &pass);
	const http_user *found = http_user_find(s->users, s->n_users, user, pass);

	MHD_free(user);
	MHD_free(pass);
	return found;
}

/* The headers are in: decide whether the body is worth reading. */
static enum MHD_Result first_call(http_server *s, struct MHD_Connection *c, const char *url,
				  const char *method, void **con_cls)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	http_request req = {.method = method, .path = url, .impl_ = c};
	http_response resp;
	req_state *st;

	if (s->admit) {
		response_init(&resp);
		if (s->admit(s->arg, &req, &resp) != 0) {
			if (resp.status == 0)
				http_response_text(&resp, 500, "internal error\n");
			return queue(s, c, &resp, false);
		}
	}
	if (cl && strtoull(cl, NULL, 10) > s->max_body)
		return answer_text(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large\n");
	st = calloc(1, sizeof *st);
	if (!st)
		return MHD_NO;
	if (s->pass_auth) {
		http_request who = {.impl_ = c};

		st->passed = true;
		(void)http_request_basic_user(&who, st->name, sizeof st->name);
	} else {
		st->user = authenticate(s, c);
	}
	*con_cls = st;
	return MHD_YES;
}

/* Append a piece of the body; false past the cap or out of memory. */
static bool add_body(const http_server *s, req_state *st, const char *p, size_t n)
{
	if (n > s->max_body - st->len)
		return false;
	if (st->len + n + 1 > st->cap) {
		size_t cap = st->cap ? st->cap : 4096;
		char *d;

		while (cap < st->len + n + 1)
			cap *= 2;
		if (!(d = realloc(st->data, cap)))
			return false;
		st->data = d;
		st->cap = cap;
	}
	memcpy(st->data + st->len, p, n);
	st->len += n;
	st->data[st->len] = '\0';
	return true;
}

static enum MHD_Result handle(http_server *s, struct MHD_Connection *c, const char *url,
			      const char *method, req_state *st)
{
	const http_principal who = st->passed ? (http_principal){st->name, false}
					      : (http_principal){st->user->name, st->user->admin};
	http_conn *hc = conn_of(c);
	http_request req = {.method = method,
			    .path = url,
			    .body = st->data ? st->data : "",
			    .len = st->len,
			    .who = &who,
			    .impl_ = c,
			    .conn_slot = hc ? &hc->slot : NULL};
	http_response resp;

	response_init(&resp);
	http_guard_handling(&s->g, hc);
	s->handle(s->arg, &req, &resp);
	if (resp.status < 100 || resp.status > 599) {
		if (!resp.body_static)
			free(resp.body);
		response_init(&resp);
		http_response_text(&resp, 500, "internal error\n");
	}
	return queue(s, c, &resp, false);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	http_server *s = cls;
	req_state *st = *con_cls;
	http_response deny;

	(void)version;
	if (!st) {
		http_guard_headers_in(&s->g, conn_of(c));
		return first_call(s, c, url, method, con_cls);
	}
	if (*upload_size) {
		/* Without a Content-Length the cap is found here: no answer can
		 * be queued mid-body, so the connection is dropped. */
		if (!add_body(s, st, upload, *upload_size))
			return MHD_NO;
		http_guard_body(&s->g, conn_of(c), *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (!st->user && !st->passed) {
		response_init(&deny);
		http_response_text(&deny, 401, "authentication required\n");
		return queue(s, c, &deny, true);
	}
	return handle(s, c, url, method, st);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	http_server *s = cls;
	req_state *st = *con_cls;

	(void)toe;
	http_guard_done(&s->g, conn_of(c));
	if (st) {
		free(st->data);
		free(st);
		*con_cls = NULL;
	}
}

/* A connection opens or closes: its entry in the watchdog's table. */
static void on_conn(void *cls, struct MHD_Connection *c, void **ctx,
		    enum MHD_ConnectionNotificationCode code)
{
	http_server *s = cls;
	const union MHD_ConnectionInfo *i;

	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		http_conn *hc = *ctx;

		if (hc && hc->slot && s->conn_free)
			s->conn_free(s->arg, hc->slot);
		http_guard_close(&s->g, *ctx);
		*ctx = NULL;
		return;
	}
	if (!(i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD)))
		return;
	*ctx = http_guard_open(&s->g, i->connect_fd);
	/* Out of memory: a connection without deadlines is refused. */
	if (!*ctx)
		(void)shutdown(i->connect_fd, SHUT_RDWR);
}

/* The request line is in (every request of a connection). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	http_server *s = cls;

	(void)uri;
	http_guard_request_line(&s->g, conn_of(c));
	return NULL; /* the access handler's first call sees no state */
}

/* Fill the zero limits with their defaults; check max_conns. */
static int resolve_limits(http_server *s, const http_server_opts *o, char *err, size_t errlen)
{
	http_limits *l = &s->lim;
	unsigned budget = http_conn_budget();

	*l = o->limits;
	if (o->max_conns)
		l->max_conns = o->max_conns;
	if (!l->max_conns)
		l->max_conns = budget;
	if (l->max_conns > budget) {
		http_err(err, errlen,
			 "--max-conns %u is over what the file limit allows (%u): raise "
			 "ulimit -n",
			 l->max_conns, budget);
		return -1;
	}
	if (!l->per_ip && http_listen_is_loopback(o->listen) == 0)
		l->per_ip = HTTP_DEFAULT_PER_IP_REMOTE;
	if (!l->header_timeout_s)
		l->header_timeout_s = HTTP_DEFAULT_HEADER_TIMEOUT_S;
	if (!l->min_body_rate)
		l->min_body_rate = HTTP_DEFAULT_MIN_BODY_RATE;
	if (!l->write_timeout_s)
		l->write_timeout_s = HTTP_DEFAULT_WRITE_TIMEOUT_S;
	if (!l->threads)
		l->threads = http_default_threads();
	/* libmicrohttpd splits the cap among its threads: each needs one. */
	if (l->threads > l->max_conns)
		l->threads = l->max_conns;
	return 0;
}

/* Copy the options in; read the PEM files. */
static int setup(http_server *s, const http_server_opts *o, char *err, size_t errlen)
{
	s->max_body = o->max_body ? o->max_body : HTTP_DEFAULT_MAX_BODY;
	s->admit = o->admit;
	s->handle = o->handle;
	s->arg = o->arg;
	s->pass_auth = o->pass_auth;
	s->conn_free = o->conn_free;
	snprintf(s->realm, sizeof s->realm, "%s", o->realm ? o->realm : "srh");
	if (!o->handle) {
		http_err(err, errlen, "no request handler");
		return -1;
	}
	if (o->n_users) {
		if (!(s->users = calloc(o->n_users, sizeof *s->users))) {
			http_err(err, errlen, "out of memory");
			return -1;
		}
		memcpy(s->users, o->users, o->n_users * sizeof *s->users);
		s->n_users = o->n_users;
	}
	if (!o->tls_cert != !o->tls_key) {
		http_err(err, errlen, "--tls-cert and --tls-key go together");
		return -1;
	}
	if (!o->tls_cert)
		return 0;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		http_err(err, errlen, "this libmicrohttpd has no TLS support");
		return -1;
	}
	if (http_pem_read(o->tls_cert, "--tls-cert", &s->cert, err, errlen) != 0 ||
	    http_pem_read(o->tls_key, "--tls-key", &s->key, err, errlen) != 0)
		return -1;
	return 0;
}

http_server *http_server_start(const http_server_opts *o, char *err, size_t errlen)
{
	http_server *s = calloc(1, sizeof *s);
	struct sockaddr_storage ss;
	bool v6 = false;
	const union MHD_DaemonInfo *info;
	unsigned idle = o->conn_timeout_s ? o->conn_timeout_s : HTTP_DEFAULT_CONN_TIMEOUT_S;
	/* ITC: MHD_quiesce_daemon needs it with a thread pool. */
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	struct MHD_OptionItem ops[] = {
	    {MHD_OPTION_SOCK_ADDR, 0, &ss},
	    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)idle, NULL},
	    {MHD_OPTION_CONNECTION_LIMIT, 0, NULL},
	    {MHD_OPTION_THREAD_POOL_SIZE, 0, NULL},
	    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0, NULL},
	    {MHD_OPTION_END, 0, NULL}, /* or the key, when TLS */
	    {MHD_OPTION_END, 0, NULL},
	    {MHD_OPTION_END, 0, NULL},
	};

	if (!s) {
		http_err(err, errlen, "out of memory");
		return NULL;
	}
	atomic_init(&s->draining, false);
	s->quiesced_fd = -1;
	if (setup(s, o, err, errlen) != 0 ||
	    http_listen_parse(o->listen, &ss, &v6, err, errlen) != 0 ||
	    resolve_limits(s, o, err, errlen) != 0)
		goto fail;
	ops[2].value = (intptr_t)s->lim.max_conns;
	ops[3].value = (intptr_t)s->lim.threads;
	ops[4].value = (intptr_t)s->lim.per_ip;
	if (v6)
		flags |= MHD_USE_IPv6;
	if (s->cert) {
		flags |= MHD_USE_TLS;
		ops[5] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->key};
		ops[6] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert};
	}
	if (http_guard_start(&s->g, &s->lim, idle, err, errlen) != 0) {
		http_guard_stop(&s->g);
		goto fail;
	}
	s->guard_started = true;
	/* The logger first: libmicrohttpd says so, or logs its own way. */
	s->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, http_log_mhd, s,
	    MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_NOTIFY_CONNECTION, on_conn, s,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
	if (!s->d) {
		http_err(err, errlen,
			 s->cert ? "cannot serve HTTPS on %s (address in use or not local, or "
				   "the key and certificate do not load)"
				 : "cannot listen on %s (address in use or not local?)",
			 o->listen);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return s;
fail:
	http_server_stop(s);
	return NULL;
}

int http_server_quiesce(http_server *s)
{
	MHD_socket fd;

	if (atomic_load(&s->draining))
		return 0;
	fd = MHD_quiesce_daemon(s->d);
	if (fd == MHD_INVALID_SOCKET)
		return -1;
	atomic_store(&s->draining, true);
	/* Closed after MHD_stop_daemon (libmicrohttpd's rule for threads);
	 * shut down now, so that a client is refused at once instead of
	 * waiting in the backlog of a socket nobody accepts on. */
	(void)shutdown(fd, SHUT_RDWR);
	s->quiesced_fd = fd;
	return 0;
}

void http_server_get_stats(http_server *s, http_server_stats *st)
{
	memset(st, 0, sizeof *st);
	if (s->guard_started)
		http_guard_stats(&s->g, st);
	st->max_conns = s->lim.max_conns;
	st->threads = s->lim.threads;
}

uint16_t http_server_port(const http_server *s)
{
	return s->port;
}

bool http_server_tls(const http_server *s)
{
	return s->cert != NULL;
}

void http_server_stop(http_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	/* After the daemon: its CLOSED notifications emptied the table. */
	if (s->guard_started)
		http_guard_stop(&s->g);
	if (s->quiesced_fd >= 0)
		(void)close(s->quiesced_fd);
	http_pem_free(s->cert);
	http_pem_free(s->key);
	if (s->users)
		memset(s->users, 0, s->n_users * sizeof *s->users);
	free(s->users);
	free(s);
}
