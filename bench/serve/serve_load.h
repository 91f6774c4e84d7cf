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
 * or, when calls is 0, as many as fit in secs seconds. Returns 0, or -1
 * when the threads could not start (said on stderr). */
int sl_geterror(uint16_t port, unsigned clients, unsigned long calls, unsigned secs, sl_result *r);
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
int sl_hostile(uint16_t port, unsigned secs);
int sl_bench(const char *srh_serve, unsigned clients, unsigned secs);

#endif
