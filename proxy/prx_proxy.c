/*
 * prx_proxy.c - the reverse proxy on the http room's server layer: each
 * client connection gets its own upstream client (its slot), so one
 * client connection is one upstream connection and connection-bound
 * authentication (NTLM, Negotiate) keeps working. The answer goes back at
 * once; judging and recording happen on one worker thread, fed through a
 * queue that is drained before the proxy stops (no exchange is lost).
 * The worker takes the queue in batches: woken by the first exchange of a
 * batch, it lets the batch gather for GATHER_NS (or until BATCH wait)
 * before judging them all and flushing the recording once, so a handler
 * wakes nobody for the others (no futex call on the reply path) and the
 * worker's wake-ups do not compete with every answer for the CPU.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "prx_int.h"
#include "srh_text.h"

/* Exchanges waiting for the worker before a handler waits for room. */
#define QUEUE_MAX 4096u
/* A batch: the worker, once woken, waits this long or for this many. */
#define GATHER_NS 5000000ull
#define BATCH 256u

typedef struct qnode {
	struct qnode *next;
	prx_exchange x;
} qnode;

struct prx_proxy {
	http_server *srv;
	prx_opts o;
	char base[1024];
	prx_proto proto;
	uint64_t t0;
	pthread_mutex_t mu;
	pthread_cond_t cv, room;
	pthread_t worker;
	bool worker_started, stopping;
	qnode *head, *tail;
	size_t queued;
	bool idle; /* the worker waits for the first exchange of a batch */
	uint64_t seq;
	unsigned long rec_failures;
};

/* Wait on p->cv (the lock held) until ns from now at most. */
static void wait_for(prx_proxy *p, uint64_t ns)
{
	struct timespec ts;
	uint64_t t;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) /* cannot happen: no wait */
		return;
	t = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + ns;
	ts.tv_sec = (time_t)(t / 1000000000ull);
	ts.tv_nsec = (long)(t % 1000000000ull);
	(void)pthread_cond_timedwait(&p->cv, &p->mu, &ts);
}

/* Judge and record a batch (taken off the queue) in order. */
static void judge(prx_proxy *p, qnode *q)
{
	char err[PRX_ERRLEN];

	while (q) {
		qnode *next = q->next;

		(void)prx_session_observe(p->o.session, &q->x);
		if (p->o.rec && prx_rec_write(p->o.rec, &q->x, !next, err, sizeof err) != 0 &&
		    p->rec_failures++ == 0)
			fprintf(stderr, "srh proxy: --record: %s\n", err);
		prx_exchange_clear(&q->x);
		free(q);
		q = next;
	}
}

/* The worker: judge and record each exchange in order, a batch at a time. */
static void *work(void *arg)
{
	prx_proxy *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		qnode *q;

		while (!p->head && !p->stopping) {
			p->idle = true;
			pthread_cond_wait(&p->cv, &p->mu);
		}
		p->idle = false;
		if (!p->head)
			break;
		if (!p->stopping && p->queued < BATCH)
			wait_for(p, GATHER_NS);
		q = p->head;
		p->head = p->tail = NULL;
		p->queued = 0;
		pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->mu);
		judge(p, q);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Hand x (moved) to the worker, numbered in answer order. */
static void enqueue(prx_proxy *p, prx_exchange *x)
{
	qnode *q = calloc(1, sizeof *q);

	if (!q) {
		/* Judged here rather than lost. */
		(void)prx_session_observe(p->o.session, x);
		prx_exchange_clear(x);
		return;
	}
	q->x = *x;
	memset(x, 0, sizeof *x);
	pthread_mutex_lock(&p->mu);
	while (p->queued >= QUEUE_MAX)
		pthread_cond_wait(&p->room, &p->mu);
	q->x.seq = ++p->seq;
	if (p->tail)
		p->tail->next = q;
	else
		p->head = q;
	p->tail = q;
	p->queued++;
	/* The first of a batch wakes the worker, a full batch cuts its wait
	 * short; the others wake nobody. */
	if (p->idle || p->queued == BATCH) {
		p->idle = false;
		pthread_cond_signal(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
}

/* One request header as a "Name: value" line. */
static void head_add(void *arg, const char *name, const char *value)
{
	srh_text_printf(arg, "%s: %s\n", name, value);
}

/* The connection's upstream client, made on its first request. */
static http_client *conn_client(prx_proxy *p, const http_request *req, char *err, size_t errlen)
{
	if (!req->conn_slot)
		return http_client_new(p->base, &p->o.http, err, errlen);
	if (!*req->conn_slot)
		*req->conn_slot = http_client_new(p->base, &p->o.http, err, errlen);
	return *req->conn_slot;
}

static void conn_free(void *arg, void *slot)
{
	(void)arg;
	http_client_free(slot);
}

/* The upstream's header lines onto the answer (hop-by-hop ones aside),
 * Content-Type among them: the server adds none of its own. */
static void answer_headers(const prx_exchange *x, http_response *resp)
{
	resp->no_content_type = true;
	for (const char *p = x->rsp_head; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		const char *colon = memchr(p, ':', ll);
		char name[64], value[1024];
		size_t nl = colon ? (size_t)(colon - p) : 0, vl;
		const char *v = colon + 1;

		if (!colon || nl == 0 || nl >= sizeof name || prx_header_hop(p, nl)) {
			p = eol ? eol + 1 : p + ll;
			continue;
		}
		memcpy(name, p, nl);
		name[nl] = '\0';
		vl = ll - nl - 1;
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
			vl--;
		if (vl < sizeof value) {
			memcpy(value, v, vl);
			value[vl] = '\0';
			(void)http_response_header(resp, name, value);
		}
		p = eol ? eol + 1 : p + ll;
	}
}

/* The request as an exchange: who, what, headers and body copied. */
static int take_request(prx_proxy *p, const http_request *req, prx_exchange *x)
{
	srh_text h;

	srh_text_init(&h);
	x->t_us = prx_now_us() - p->t0;
	snprintf(x->principal, sizeof x->principal, "%s", req->who ? req->who->name : "");
	snprintf(x->method, sizeof x->method, "%s", req->method);
	snprintf(x->path, sizeof x->path, "%s", req->path);
	http_request_each_header(req, head_add, &h);
	if (h.failed) {
		srh_text_free(&h);
		return -1;
	}
	x->req_head = h.data ? h.data : strdup(""); /* taken over from h */
	x->req_head_len = h.len;
	x->req_body = malloc(req->len + 1);
	if (!x->req_head || !x->req_body)
		return -1;
	memcpy(x->req_body, req->body, req->len);
	x->req_body[req->len] = '\0';
	x->req_len = req->len;
	return 0;
}

static void handle(void *arg, const http_request *req, http_response *resp)
{
	prx_proxy *p = arg;
	prx_exchange x = {0};
	char err[PRX_ERRLEN];
	http_client *c;

	if (take_request(p, req, &x) != 0) {
		x.verdict = PRX_V_502;
		snprintf(x.reason, sizeof x.reason, "out of memory");
	} else if (!(c = conn_client(p, req, err, sizeof err))) {
		x.verdict = PRX_V_502;
		snprintf(x.reason, sizeof x.reason, "%.250s", err);
	} else {
		prx_forward_one(c, &x);
		if (!req->conn_slot)
			http_client_free(c);
	}
	if (x.verdict == PRX_V_OK && (resp->body = malloc(x.rsp_len + 1)) != NULL) {
		memcpy(resp->body, x.rsp_body, x.rsp_len);
		resp->len = x.rsp_len;
		resp->status = x.status;
		answer_headers(&x, resp);
	} else {
		char *msg = malloc(sizeof x.reason + 32);

		if (x.verdict == PRX_V_OK) {
			x.verdict = PRX_V_502;
			snprintf(x.reason, sizeof x.reason, "out of memory");
		}
		x.status = (int)x.verdict;
		if (msg) {
			resp->status = x.status;
			resp->len = (size_t)sprintf(msg, "srh proxy: %s\n", x.reason);
			resp->body = msg;
		} else {
			http_response_text(resp, x.status, "srh proxy: upstream failed\n");
		}
	}
	enqueue(p, &x);
}

/* A condition variable on the monotonic clock (the batch's wait). */
static int init_cv(pthread_cond_t *cv)
{
	pthread_condattr_t a;
	int rc;

	if (pthread_condattr_init(&a) != 0)
		return -1;
	rc = pthread_condattr_setclock(&a, CLOCK_MONOTONIC) == 0 && pthread_cond_init(cv, &a) == 0
		 ? 0
		 : -1;
	(void)pthread_condattr_destroy(&a);
	return rc;
}

prx_proxy *prx_start(const prx_opts *o, char *err, size_t errlen)
{
	prx_proxy *p = calloc(1, sizeof *p);
	http_server_opts so = {0};

	if (!p) {
		prx_err(err, errlen, "out of memory");
		return NULL;
	}
	p->o = *o;
	if (!p->o.http.max_response)
		p->o.http.max_response = PRX_DEFAULT_MAX_RESPONSE;
	if (!p->o.http.timeout_ms)
		p->o.http.timeout_ms = PRX_DEFAULT_TIMEOUT_MS;
	p->o.http.userpass = NULL; /* the client's own credentials pass through */
	if (prx_url(o->upstream, &p->proto, p->base, sizeof p->base, err, errlen) != 0)
		goto fail;
	p->t0 = prx_now_us();
	if (pthread_mutex_init(&p->mu, NULL) != 0 || init_cv(&p->cv) != 0 ||
	    pthread_cond_init(&p->room, NULL) != 0) {
		prx_err(err, errlen, "cannot make a lock");
		goto fail;
	}
	if (pthread_create(&p->worker, NULL, work, p) != 0) {
		prx_err(err, errlen, "cannot start the worker thread");
		goto fail;
	}
	p->worker_started = true;
	so.listen = o->listen;
	so.max_body = o->max_body;
	so.handle = handle;
	so.arg = p;
	so.limits = o->limits;
	so.pass_auth = true;
	so.conn_free = conn_free;
	if (!(p->srv = http_server_start(&so, err, errlen)))
		goto fail;
	return p;
fail:
	prx_stop(p);
	return NULL;
}

uint16_t prx_port(const prx_proxy *p)
{
	return http_server_port(p->srv);
}

unsigned long prx_rec_failures(const prx_proxy *p)
{
	return p->rec_failures;
}

void prx_stop(prx_proxy *p)
{
	if (!p)
		return;
	http_server_stop(p->srv); /* the handlers in flight finish first */
	if (p->worker_started) {
		pthread_mutex_lock(&p->mu);
		p->stopping = true;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->worker, NULL);
	}
	free(p);
}
