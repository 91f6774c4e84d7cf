/*
 * http_guard.c - the deadlines libmicrohttpd 0.9.75 does not have: a
 * request's line and headers within header_timeout, its body at an average
 * min_body_rate after that grace, its answer sent within write_timeout, and
 * a keep-alive connection's next request line within the idle timeout.
 *
 * libmicrohttpd's own MHD_OPTION_CONNECTION_TIMEOUT is an idle timeout: any
 * byte restarts it, so a client that trickles a header line every few
 * seconds holds its connection for ever (slowloris). The server's hooks
 * tell this file where each connection is (http_server.c); one watchdog
 * thread shuts down the socket of a connection past its deadline.
 * shutdown(2), not close(2): libmicrohttpd still owns the descriptor, sees
 * end of file or a failed send on its own thread and closes the connection
 * the ordinary way. A connection leaves the table (under the lock) in the
 * CLOSED notification, which comes before libmicrohttpd closes the socket,
 * so the watchdog never touches a descriptor that was closed or reused.
 */
#include <malloc.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "http_int.h"

#define TICK_NS 250000000ull
#define EOF_GRACE_NS 1000000000ull
#define NO_DEADLINE UINT64_MAX

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0; /* cannot happen with CLOCK_MONOTONIC; 0 cuts nothing */
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool busy(http_phase p)
{
	return p == HTTP_PH_BODY || p == HTTP_PH_HANDLING || p == HTTP_PH_WRITE;
}

/* Move c to phase p with deadline d, keeping the in-flight count. */
static void set_phase(http_guard *g, http_conn *c, http_phase p, uint64_t d)
{
	if (busy(c->phase) && !busy(p))
		g->in_flight--;
	else if (!busy(c->phase) && busy(p))
		g->in_flight++;
	c->phase = p;
	c->deadline = d;
}

/* Cut every connection past its deadline (the lock held). */
static void sweep(http_guard *g, uint64_t now)
{
	for (http_conn *c = g->head.next; c != &g->head; c = c->next) {
		if (c->cut || c->deadline > now)
			continue;
		/* The descriptor is still libmicrohttpd's: see the top. */
		(void)shutdown(c->fd, SHUT_RDWR);
		c->cut = true;
		g->cut[c->phase]++;
	}
}

static void *watch(void *arg)
{
	http_guard *g = arg;

	(void)pthread_mutex_lock(&g->mu);
	while (!g->stop) {
		uint64_t now = now_ns(), wake = now + TICK_NS;
		struct timespec ts = {(time_t)(wake / 1000000000ull), (long)(wake % 1000000000ull)};

		sweep(g, now);
		if (g->trim_due) {
			/* The last connection closed: hand back what a burst of
			 * them (32 KiB of pool each, bodies up to the cap) left in
			 * glibc's per-thread arenas, so that RSS after an attack
			 * is RSS before it. */
			g->trim_due = false;
			(void)pthread_mutex_unlock(&g->mu);
			(void)malloc_trim(0);
			(void)pthread_mutex_lock(&g->mu);
		}
		(void)pthread_cond_timedwait(&g->cv, &g->mu, &ts);
	}
	(void)pthread_mutex_unlock(&g->mu);
	return NULL;
}

int http_guard_start(http_guard *g, const http_limits *l, unsigned idle_s, char *err, size_t errlen)
{
	pthread_condattr_t ca;
	int rc = -1;

	g->head.next = g->head.prev = &g->head;
	g->header_ns = (uint64_t)l->header_timeout_s * 1000000000ull;
	g->write_ns = (uint64_t)l->write_timeout_s * 1000000000ull;
	g->idle_ns = (uint64_t)idle_s * 1000000000ull;
	g->min_rate = l->min_body_rate;
	if (pthread_mutex_init(&g->mu, NULL) != 0) {
		http_err(err, errlen, "out of memory");
		return -1;
	}
	g->mu_init = true;
	if (pthread_condattr_init(&ca) != 0) {
		http_err(err, errlen, "out of memory");
		return -1;
	}
	/* Deadlines are monotonic: a clock step must not cut or spare anyone. */
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&g->cv, &ca) != 0) {
		http_err(err, errlen, "cannot set up the deadline watchdog");
		goto out;
	}
	g->cv_init = true;
	if (pthread_create(&g->th, NULL, watch, g) != 0) {
		http_err(err, errlen, "cannot start the deadline watchdog thread");
		goto out;
	}
	g->th_started = true;
	rc = 0;
out:
	(void)pthread_condattr_destroy(&ca);
	return rc;
}

void http_guard_stop(http_guard *g)
{
	if (g->th_started) {
		(void)pthread_mutex_lock(&g->mu);
		g->stop = true;
		(void)pthread_cond_signal(&g->cv);
		(void)pthread_mutex_unlock(&g->mu);
		(void)pthread_join(g->th, NULL);
		g->th_started = false;
	}
	/* libmicrohttpd has closed every connection by now (CLOSED removed
	 * each); nothing is left to free. */
	if (g->cv_init)
		(void)pthread_cond_destroy(&g->cv);
	if (g->mu_init)
		(void)pthread_mutex_destroy(&g->mu);
	g->cv_init = g->mu_init = false;
}

http_conn *http_guard_open(http_guard *g, int fd)
{
	http_conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->fd = fd;
	c->phase = HTTP_PH_HEAD;
	(void)pthread_mutex_lock(&g->mu);
	c->deadline = now_ns() + g->header_ns;
	c->next = g->head.next;
	c->prev = &g->head;
	g->head.next->prev = c;
	g->head.next = c;
	g->open++;
	(void)pthread_mutex_unlock(&g->mu);
	return c;
}

void http_guard_close(http_guard *g, http_conn *c)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	set_phase(g, c, HTTP_PH_IDLE, NO_DEADLINE);
	c->prev->next = c->next;
	c->next->prev = c->prev;
	g->open--;
	if (g->open == 0)
		g->trim_due = true;
	(void)pthread_mutex_unlock(&g->mu);
	free(c);
}

void http_guard_request_line(http_guard *g, http_conn *c)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	/* The first request keeps the deadline set at accept time. */
	if (c->phase == HTTP_PH_IDLE)
		set_phase(g, c, HTTP_PH_HEAD, now_ns() + g->header_ns);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_headers_in(http_guard *g, http_conn *c)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	c->body_start = now_ns();
	c->body_bytes = 0;
	set_phase(g, c, HTTP_PH_BODY, c->body_start + g->header_ns);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_body(http_guard *g, http_conn *c, size_t n)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	c->body_bytes += n;
	/* Alive while bytes >= rate * (now - start - grace): the next byte is
	 * due by start + grace + bytes / rate. */
	c->deadline = c->body_start + g->header_ns +
		      (c->body_bytes * 1000000000ull) / (g->min_rate ? g->min_rate : 1);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_handling(http_guard *g, http_conn *c)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	/* Waiting for the handler (and the backend's lock) is the server's
	 * time, not the client's: no deadline. */
	set_phase(g, c, HTTP_PH_HANDLING, NO_DEADLINE);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_answered(http_guard *g, http_conn *c)
{
	if (!c)
		return;
	(void)pthread_mutex_lock(&g->mu);
	set_phase(g, c, HTTP_PH_WRITE, now_ns() + g->write_ns);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_done(http_guard *g, http_conn *c)
{
	char b;
	uint64_t idle;

	if (!c)
		return;
	/* A client that shut its side before the answer was sent (request,
	 * then shutdown(SHUT_WR)) can send nothing more, but libmicrohttpd
	 * 0.9.75 on epoll has already taken that end of file and keeps the
	 * connection until its idle timeout (CLOSE-WAIT, 30 s a slot). The
	 * grace lets requests already in its buffer (pipelined) be answered. */
	idle = recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0 ? EOF_GRACE_NS : g->idle_ns;
	(void)pthread_mutex_lock(&g->mu);
	set_phase(g, c, HTTP_PH_IDLE, now_ns() + idle);
	(void)pthread_mutex_unlock(&g->mu);
}

void http_guard_stats(http_guard *g, http_server_stats *st)
{
	(void)pthread_mutex_lock(&g->mu);
	st->open = g->open;
	st->in_flight = g->in_flight;
	st->cut_header = g->cut[HTTP_PH_HEAD];
	st->cut_body = g->cut[HTTP_PH_BODY];
	st->cut_write = g->cut[HTTP_PH_WRITE];
	st->cut_idle = g->cut[HTTP_PH_IDLE];
	(void)pthread_mutex_unlock(&g->mu);
}
