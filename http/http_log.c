/*
 * http_log.c - libmicrohttpd's messages, rate-limited. It writes a line
 * for every connection it drops (a malformed request, a client gone
 * mid-request, a header too big): under a slowloris or a port scan that is
 * a line per attacker connection, enough to fill a CI log or a disk. At
 * most LOG_BURST lines go to stderr per LOG_WINDOW_S seconds, and then one
 * line saying how many were left out.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "http_int.h"

#define LOG_BURST 10u
#define LOG_WINDOW_S 10

/* Process-wide: several servers in one process share the budget. */
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static time_t log_window;
static unsigned log_n;
static unsigned long log_dropped;

void http_log_mhd(void *cls, const char *fmt, va_list ap)
{
	struct timespec ts;
	time_t w;

	(void)cls;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return;
	w = ts.tv_sec / LOG_WINDOW_S;
	if (pthread_mutex_lock(&log_mu) != 0)
		return;
	if (w != log_window) {
		if (log_dropped)
			fprintf(stderr, "http: %lu more libmicrohttpd messages not shown\n",
				log_dropped);
		log_window = w;
		log_n = 0;
		log_dropped = 0;
	}
	if (log_n < LOG_BURST) {
		log_n++;
		fputs("http: ", stderr);
		vfprintf(stderr, fmt, ap);
	} else {
		log_dropped++;
	}
	(void)pthread_mutex_unlock(&log_mu);
}
