/*
 * serve_load.h - what the files of serve_load share (bench/serve).
 */
#ifndef SRH_SERVE_LOAD_H
#define SRH_SERVE_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "cimxml.h"

/* What a run of GetError clients saw. */
typedef struct sl_result {
	unsigned long ok, wrong, failed;
	double per_s;
	uint64_t p50_ns, p99_ns;
} sl_result;

uint64_t sl_mono_ns(void);
/* CLIENTS threads on one kept-alive connection each: CALLS GetError each,
 * or, when calls is 0, as many as fit in secs seconds, over CIM-XML or
 * (wsman) WS-Management. Returns 0, or -1 when the threads could not
 * start (said on stderr). */
int sl_geterror(bool wsman, uint16_t port, unsigned clients, unsigned long calls, unsigned secs,
		sl_result *r);
/* The WS-Management GetError envelope for job iid into b; 0 or -1 (out of
 * memory). */
int sl_wsman_req(srh_text *b, uint16_t port, const char *iid);
/* POST req to /wsman on c: 1 right answer, 0 wrong, -1 no answer. */
int sl_wsman_call(http_client *c, const srh_text *req, bool want_error);
void sl_print(const char *name, const sl_result *r);
/* A TCP connection to 127.0.0.1:port from src (NULL: any), or -1. */
int sl_connect(uint16_t port, const char *src);
/* 1 when the server has closed fd (end of file or error), else 0. */
int sl_closed(int fd);
/* Hold n idle connections; exit status (0 printed, 2 set-up failed). */
int sl_hold(uint16_t port, unsigned n, unsigned secs, const char *src);
/* Slow clients: n connections each sending a header line a second,
 * reconnecting when cut, until *stop. Runs on its own thread. */
typedef struct sl_slow {
	uint16_t port;
	unsigned n;
	volatile bool stop;
	unsigned long reconnects;
} sl_slow;
void *sl_slow_run(void *arg);
/* Hostile requests to /cimom, or /wsman when wsman, for secs seconds. */
int sl_hostile(bool wsman, uint16_t port, unsigned secs);
int sl_bench(const char *srh, unsigned clients, unsigned secs);

#endif
