/*
 * bench_cimxml - GetError on the demo's failed job (Error present), N calls
 * each way, in one run:
 *   in-process ABI     ops->get_error through the backend (no XML)
 *   in-process XML     the whole CIM-XML request -> response path
 *                      (parse, dispatch, encode), no HTTP
 *   HTTP keep-alive    a client on one kept-alive loopback connection:
 *                      build the request, POST, parse the response
 * and the same for WS-Management (wsman/) on the same backend's stage:
 *   in-process WS-Man  the whole Invoke GetError envelope -> response
 *                      path (parse, dispatch, write), no HTTP
 *   WS-Man HTTP        the live-target driver's client operation
 *                      (wsman_target_ops.get_error: build the envelope,
 *                      POST /wsman on a kept-alive connection, parse the
 *                      response and its embedded CIM_Error)
 * and the CIM-XML HTTP path again through `srh proxy` (proxy/prx.h: the
 * reverse proxy judging every exchange on its worker thread), printed as
 * the latency it adds per exchange (goal: median under 200 us).
 * The goal for WS-Man HTTP is 5,000 GetError round trips a second.
 * Wall-clock time (CLOCK_MONOTONIC) is allowed here, in bench/. Virtual
 * time does not advance per request (tick 0), so only protocol work is
 * measured.
 *
 * usage: bench_cimxml [N]   (default 20000)
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/parser.h>

#include "cimxml.h"
#include "prx.h"
#include "wsman.h"

#define DEFAULT_N 20000
#define JOB "SRSIM:2" /* the demo's failed job */

static const prov_principal alice = {"alice", 0};

typedef struct stats {
	double per_s;
	uint64_t p50, p99;
	double cpu_us; /* user+system CPU of the process per call (both ends
			  when client and server share it) */
	double cli_us; /* ... of the calling (client) thread alone */
} stats;

/* User + system CPU time so far, in microseconds, of this process
 * (RUSAGE_SELF) or of the calling thread (RUSAGE_THREAD). */
static double cpu_of(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru) != 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static double cpu_us(void)
{
	return cpu_of(RUSAGE_SELF);
}

/* Start the CPU counts of a run. */
static void cpu_start(stats *out)
{
	out->cpu_us = cpu_us();
	out->cli_us = cpu_of(RUSAGE_THREAD);
}

/* The CPU counts since cpu_start, per call. */
static void cpu_end(stats *out, size_t n)
{
	out->cpu_us = (cpu_us() - out->cpu_us) / (double)n;
	out->cli_us = (cpu_of(RUSAGE_THREAD) - out->cli_us) / (double)n;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		perror("clock_gettime");
		exit(2);
	}
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void summarize(uint64_t *s, size_t n, uint64_t total_ns, stats *out)
{
	qsort(s, n, sizeof *s, cmp_u64);
	out->p50 = s[n / 2];
	out->p99 = s[(n * 99) / 100];
	out->per_s = total_ns ? (double)n * 1e9 / (double)total_ns : 0;
}

static int run_abi(cimxml_backend *b, size_t n, uint64_t *s, stats *out)
{
	uint64_t t0 = mono_ns();

	for (size_t i = 0; i < n; i++) {
		bool has = false;
		uint64_t a = mono_ns();
		uint32_t rc = cimxml_backend_get_error(b, &alice, JOB, &has);

		s[i] = mono_ns() - a;
		if (rc != 0 || !has) {
			fprintf(stderr, "bench_cimxml: in-process GetError rc %u at call %zu\n", rc,
				i);
			return -1;
		}
	}
	summarize(s, n, mono_ns() - t0, out);
	return 0;
}

static int run_xml(cimxml_backend *b, const cimxml_buf *req, size_t n, uint64_t *s, stats *out)
{
	cimxml_exchange x = {.who = &alice,
			     .cim_operation = "MethodCall",
			     .cim_method = "GetError",
			     .body = req->data,
			     .len = req->len};
	uint64_t t0 = mono_ns();
	int rc = 0;

	cimxml_buf_init(&x.out);
	for (size_t i = 0; i < n && rc == 0; i++) {
		uint64_t a = mono_ns();

		cimxml_backend_handle(b, &x);
		s[i] = mono_ns() - a;
		if (x.status != 200 || !strstr(x.out.data, "MessageID")) {
			fprintf(stderr, "bench_cimxml: in-process XML status %d at call %zu\n",
				x.status, i);
			rc = -1;
		}
	}
	cimxml_buf_free(&x.out);
	if (rc == 0)
		summarize(s, n, mono_ns() - t0, out);
	return rc;
}

static int run_http(uint16_t port, const cimxml_buf *req, size_t n, uint64_t *s, stats *out,
		    unsigned long *connects)
{
	char err[CIMXML_ERRLEN], base[64];
	cimxml_conn *c;
	const char *obj = "root%2FMicrosoft%2FWindows%2FStorageReplica%3ASRSIM_ReplicaJob";
	uint64_t t0;
	int rc = -1;

	snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)port);
	c = cimxml_conn_new(base, &(http_client_opts){.userpass = "alice:alice"}, err, sizeof err);
	if (!c) {
		fprintf(stderr, "bench_cimxml: client: %s\n", err);
		goto out;
	}
	cpu_start(out);
	t0 = mono_ns();
	for (size_t i = 0; i < n; i++) {
		char *body = NULL;
		size_t len = 0;
		int status = 0;
		cimxml_response *r = NULL;
		uint64_t a = mono_ns();
		bool ok = cimxml_conn_post(c, "GetError", obj, req->data, req->len, &status, &body,
					   &len, err, sizeof err) == 0 &&
			  status == 200 &&
			  cimxml_parse_response(body, len, 0, &r, err, sizeof err) == 0 &&
			  r->has_rc && r->rc == 0 && r->error;

		s[i] = mono_ns() - a;
		free(body);
		cimxml_response_free(r);
		if (!ok) {
			fprintf(stderr, "bench_cimxml: HTTP GetError failed at call %zu: %s\n", i,
				err);
			goto out;
		}
	}
	summarize(s, n, mono_ns() - t0, out);
	cpu_end(out, n);
	*connects = cimxml_conn_connects(c);
	rc = 0;
out:
	cimxml_conn_free(c);
	return rc;
}

static void lock_b(void *arg)
{
	cimxml_backend_lock(arg);
}

static void unlock_b(void *arg)
{
	cimxml_backend_unlock(arg);
}

/* One Invoke GetError envelope on JOB (as wsl sends it). */
static void geterror_envelope(wsman_buf *b)
{
	wsman_buf_str(b,
		      "<s:Envelope xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:wsa=\"" WSMAN_NS_WSA
		      "\" xmlns:wsman=\"" WSMAN_NS_WSMAN "\"><s:Header><wsa:Action>" WSMAN_CLASS_URI
		      "SRSIM_ReplicaJob/GetError</wsa:Action><wsa:MessageID>uuid:1</wsa:MessageID>"
		      "<wsman:ResourceURI>" WSMAN_CLASS_URI "SRSIM_ReplicaJob</wsman:ResourceURI>"
		      "<wsman:SelectorSet><wsman:Selector Name=\"InstanceID\">" JOB
		      "</wsman:Selector></wsman:SelectorSet></s:Header><s:Body><p:GetError_INPUT "
		      "xmlns:p=\"" WSMAN_CLASS_URI "SRSIM_ReplicaJob\"/></s:Body></s:Envelope>");
}

static int run_wsman_xml(wsman_backend *w, size_t n, uint64_t *s, stats *out)
{
	wsman_exchange x = {.who = &alice};
	uint64_t t0;
	int rc = 0;
	wsman_buf req;

	wsman_buf_init(&req);
	wsman_buf_init(&x.out);
	geterror_envelope(&req);
	x.body = req.data;
	x.len = req.len;
	t0 = mono_ns();
	for (size_t i = 0; i < n && rc == 0; i++) {
		uint64_t a = mono_ns();

		wsman_backend_handle(w, &x);
		s[i] = mono_ns() - a;
		if (x.status != 200 || !strstr(x.out.data, "CIM_Error_Type")) {
			fprintf(stderr, "bench_cimxml: in-process WS-Man status %d at call %zu\n",
				x.status, i);
			rc = -1;
		}
	}
	if (rc == 0)
		summarize(s, n, mono_ns() - t0, out);
	wsman_buf_free(&x.out);
	wsman_buf_free(&req);
	return rc;
}

static int run_wsman_http(uint16_t port, size_t n, uint64_t *s, stats *out)
{
	char err[WSMAN_ERRLEN], url[64];
	wsman_target *t = NULL;
	http_user u;
	uint64_t t0;
	int rc = -1;

	(void)http_user_parse("alice:alice", &u);
	snprintf(url, sizeof url, "wsman+http://127.0.0.1:%u/wsman", (unsigned)port);
	if (wsman_target_open(url, &(http_client_opts){0}, &u, 1, &t, err, sizeof err) != 0) {
		fprintf(stderr, "bench_cimxml: WS-Man client: %s\n", err);
		return -1;
	}
	cpu_start(out);
	t0 = mono_ns();
	for (size_t i = 0; i < n; i++) {
		srh_tgt_reply r = {0}; /* the ops fill it; the caller starts it empty */
		uint64_t a = mono_ns();
		int st = wsman_target_ops.get_error(t, &alice, "SRSIM_ReplicaJob", JOB, &r, err,
						    sizeof err);
		bool ok = st == SRH_TGT_ANSWERED && !r.fault && r.rc == 0 && r.n_errors == 1;

		s[i] = mono_ns() - a;
		if (st == SRH_TGT_ANSWERED)
			srh_tgt_reply_clear(&r);
		if (!ok) {
			fprintf(stderr, "bench_cimxml: WS-Man GetError failed at call %zu: %s\n", i,
				st == SRH_TGT_ANSWERED ? "unexpected answer" : err);
			goto out;
		}
	}
	summarize(s, n, mono_ns() - t0, out);
	cpu_end(out, n);
	rc = 0;
out:
	wsman_target_free(t);
	return rc;
}

static void row(const char *name, const stats *st)
{
	printf("  %-34s %10.0f %10.1f %10.1f\n", name, st->per_s, (double)st->p50 / 1e3,
	       (double)st->p99 / 1e3);
}

/* The same HTTP run through an srh proxy in front of the server on port,
 * judging every exchange (session and worker as in `srh proxy`). */
static int run_proxied(uint16_t port, const cimxml_buf *req, size_t n, uint64_t *s, stats *out)
{
	char up[64], err[PRX_ERRLEN];
	prx_session *ses;
	prx_proxy *px = NULL;
	unsigned long connects;
	int rc = -1;

	snprintf(up, sizeof up, "http://127.0.0.1:%u", (unsigned)port);
	if (!(ses = prx_session_new(PRX_CIMXML, up, NULL, 0)))
		return -1;
	px = prx_start(&(prx_opts){.listen = "127.0.0.1:0", .upstream = up, .session = ses}, err,
		       sizeof err);
	if (!px)
		fprintf(stderr, "bench_cimxml: proxy: %s\n", err);
	else if (run_http(prx_port(px), req, n / 10, s, out, &connects) == 0)
		rc = run_http(prx_port(px), req, n, s, out, &connects);
	prx_stop(px);
	prx_session_free(ses);
	return rc;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_N;
	cimxml_backend_opts o;
	cimxml_backend *b = NULL;
	cimxml_server *srv = NULL;
	http_user u;
	cimxml_buf req;
	uint64_t *s = NULL;
	stats http = {0}, xml = {0}, abi = {0}, whttp = {0}, wxml = {0}, prox = {0};
	wsman_backend *w = NULL;
	wsman_server *wsrv = NULL;
	unsigned long connects = 0;
	char err[CIMXML_ERRLEN * 4];
	int rc = 2;

	if (n < 100) {
		fprintf(stderr, "usage: bench_cimxml [N >= 100]\n");
		return 2;
	}
	if (http_global_init() != 0) {
		fprintf(stderr, "bench_cimxml: libcurl does not start\n");
		return 2;
	}
	xmlInitParser();
	cimxml_buf_init(&req);
	cimxml_backend_opts_default(&o);
	o.tick_ns = 0;
	(void)http_user_parse("alice:alice", &u);
	if (!(s = malloc(n * sizeof *s)) || cimxml_backend_new(&o, &b, err, sizeof err) != 0 ||
	    cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, JOB, "GetError", NULL, 0) !=
		0) {
		fprintf(stderr, "bench_cimxml: set-up: %s\n", err);
		goto out;
	}
	srv = cimxml_server_start(
	    &(cimxml_server_opts){.listen = "127.0.0.1:0", .users = &u, .n_users = 1, .backend = b},
	    err, sizeof err);
	if (!srv) {
		fprintf(stderr, "bench_cimxml: server: %s\n", err);
		goto out;
	}
	if (wsman_backend_new(&(wsman_backend_opts){.stage = cimxml_backend_stage(b),
						    .lock = lock_b,
						    .unlock = unlock_b,
						    .lock_arg = b},
			      &w, err, sizeof err) != 0 ||
	    !(wsrv = wsman_server_start(
		  &(wsman_server_opts){
		      .listen = "127.0.0.1:0", .users = &u, .n_users = 1, .backend = w},
		  err, sizeof err))) {
		fprintf(stderr, "bench_cimxml: WS-Man server: %s\n", err);
		goto out;
	}
	if (run_http(cimxml_server_port(srv), &req, n / 10, s, &http, &connects) != 0 ||
	    run_http(cimxml_server_port(srv), &req, n, s, &http, &connects) != 0 ||
	    run_wsman_http(wsman_server_port(wsrv), n / 10, s, &whttp) != 0 ||
	    run_wsman_http(wsman_server_port(wsrv), n, s, &whttp) != 0 ||
	    run_proxied(cimxml_server_port(srv), &req, n, s, &prox) != 0)
		goto out;
	/* The servers are idle and stopped before the in-process runs. */
	cimxml_server_stop(srv);
	srv = NULL;
	wsman_server_stop(wsrv);
	wsrv = NULL;
	if (run_xml(b, &req, n, s, &xml) != 0 || run_abi(b, n, s, &abi) != 0 ||
	    run_wsman_xml(w, n, s, &wxml) != 0)
		goto out;
	printf("bench_cimxml: GetError on %s (failed job, Error present), N=%zu per path\n", JOB,
	       n);
	printf("  %-34s %10s %10s %10s\n", "path", "calls/s", "p50 us", "p99 us");
	row("in-process ABI (provider get_error)", &abi);
	row("in-process CIM-XML (no HTTP)", &xml);
	row("HTTP loopback, keep-alive", &http);
	row("HTTP through srh proxy", &prox);
	row("in-process WS-Man (no HTTP)", &wxml);
	row("WS-Man HTTP loopback, keep-alive", &whttp);
	printf("  HTTP connections opened: %lu (keep-alive)\n", connects);
	/* The samples are in ns: the figures in us. */
	printf("  srh proxy adds per exchange: p50 %.1f us, p99 %.1f us (direct p50 %.1f us, p99 "
	       "%.1f us; goal: p50 added < 200 us: %s)\n",
	       ((double)prox.p50 - (double)http.p50) / 1e3,
	       ((double)prox.p99 - (double)http.p99) / 1e3, (double)http.p50 / 1e3,
	       (double)http.p99 / 1e3, prox.p50 < http.p50 + 200000 ? "met" : "NOT met");
	printf("  WS-Man / CIM-XML over HTTP: %.2fx calls/s (goal: WS-Man >= 5000/s: %s)\n",
	       http.per_s ? whttp.per_s / http.per_s : 0, whttp.per_s >= 5000 ? "met" : "NOT met");
	/* Wall-clock rates depend on what else the machine runs; the CPU
	 * both ends spend per round trip does not (much). */
	printf("  CPU per HTTP round trip (client + server, one process): CIM-XML %.0f us "
	       "(client %.0f), WS-Man %.0f us (client %.0f), through srh proxy %.0f us "
	       "(client %.0f); WS-Man %.0f/s if one core did nothing else\n",
	       http.cpu_us, http.cli_us, whttp.cpu_us, whttp.cli_us, prox.cpu_us, prox.cli_us,
	       whttp.cpu_us > 0 ? 1e6 / whttp.cpu_us : 0);
	printf("  HTTP / in-process ABI: %.1fx calls/s, %.1fx p50\n",
	       http.per_s ? abi.per_s / http.per_s : 0,
	       abi.p50 ? (double)http.p50 / (double)abi.p50 : 0);
	rc = 0;
out:
	wsman_server_stop(wsrv);
	wsman_backend_free(w);
	cimxml_server_stop(srv);
	cimxml_backend_free(b);
	cimxml_buf_free(&req);
	free(s);
	xmlCleanupParser();
	http_global_cleanup();
	return rc;
}
