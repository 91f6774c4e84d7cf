/*
 * http_int.h - what the files of libsrhttp share and nobody else sees.
 */
#ifndef SRH_HTTP_INT_H
#define SRH_HTTP_INT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http.h"

/* Format one line into err (errlen bytes; nothing when err is NULL). */
void http_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "HOST:PORT" or "[V6]:PORT" into a socket address. Returns 0, or -1 with
 * a reason naming --listen. */
int http_listen_parse(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
		      size_t errlen);

/* Read a PEM file of at most HTTP_MAX_PEM bytes, NUL-terminated, into
 * *out (free with http_pem_free, which wipes it). Returns 0, or -1 with a
 * reason naming the file. */
int http_pem_read(const char *path, const char *what, char **out, char *err, size_t errlen);
void http_pem_free(char *pem);

/* libmicrohttpd's external logger: its messages on stderr, at most a few
 * per window and then a count (http_log.c). */
void http_log_mhd(void *cls, const char *fmt, va_list ap);

/* ---- the deadline watchdog (http_guard.c) ------------------------------- */

/* Where a connection is. */
typedef enum http_phase {
	HTTP_PH_HEAD,	  /* request line and headers coming */
	HTTP_PH_BODY,	  /* headers in, body coming */
	HTTP_PH_HANDLING, /* in the handler: no deadline */
	HTTP_PH_WRITE,	  /* answer queued, being sent */
	HTTP_PH_IDLE,	  /* kept alive between requests */
	HTTP_PH_COUNT
} http_phase;

/* One connection in the table (libmicrohttpd's socket context). */
typedef struct http_conn {
	struct http_conn *prev, *next;
	int fd;
	http_phase phase;
	bool cut;   /* shut down by the watchdog */
	void *slot; /* the handler's per-connection state (conn_slot) */
	uint64_t deadline, body_start, body_bytes;
} http_conn;

typedef struct http_guard {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	bool mu_init, cv_init, th_started, stop;
	bool trim_due;	/* the last connection closed: malloc_trim */
	http_conn head; /* list sentinel */
	uint64_t header_ns, write_ns, idle_ns;
	unsigned min_rate;
	unsigned long open, in_flight, cut[HTTP_PH_COUNT];
} http_guard;

/* Start the watchdog with resolved limits (no zero) and the idle timeout.
 * Returns 0, or -1 with a reason (then http_guard_stop cleans up). */
int http_guard_start(http_guard *g, const http_limits *l, unsigned idle_s, char *err,
		     size_t errlen);
/* Stop the watchdog thread and free the lock (every connection closed). */
void http_guard_stop(http_guard *g);
/* A connection was accepted: its entry, or NULL out of memory. */
http_conn *http_guard_open(http_guard *g, int fd);
/* The connection closed (its socket not yet): drop and free c. */
void http_guard_close(http_guard *g, http_conn *c);
/* The hooks of the phases (each ignores a NULL c). */
void http_guard_request_line(http_guard *g, http_conn *c);
void http_guard_headers_in(http_guard *g, http_conn *c);
void http_guard_body(http_guard *g, http_conn *c, size_t n);
void http_guard_handling(http_guard *g, http_conn *c);
void http_guard_answered(http_guard *g, http_conn *c);
void http_guard_done(http_guard *g, http_conn *c);
/* The counters into st (open, in_flight, cut_*). */
void http_guard_stats(http_guard *g, http_server_stats *st);

#endif
