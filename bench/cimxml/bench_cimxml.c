/*
 * bench_cimxml - GetError on the demo's failed job (Error present), N calls
 * each way per round, in one run:
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
 *                      response, its wire rules and its embedded CIM_Error)
 * and the CIM-XML HTTP path again through `srh proxy` (proxy/prx.h: the
 * reverse proxy judging every exchange on its worker thread), printed as
 * the latency it adds per exchange (goal: median under 200 us).
 * The goal for WS-Man HTTP is 5,000 GetError round trips a second.
 *
 * A loaded machine moves wall-clock figures from run to run, so the paths
 * run in ROUNDS interleaved rounds (each round runs every path once, after
 * one warm-up round that is not counted) and each figure is printed as the
 * best and the median round; beside them the CPU time (user + system, of
 * the whole process: client and server) per call, which depends much less
 * on what else the machine runs. Wall-clock time (CLOCK_MONOTONIC) is
 * allowed here, in bench/. Virtual time does not advance per request
 * (tick 0), so only protocol work is measured.
 *
 * usage: bench_cimxml [N [ROUNDS [PATH...]]]   (default 4000 5; PATH one of
 *        abi xml http proxy wsman-xml wsman-http: only those, e.g. to
 *        profile one path)
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

#define DEFAULT_N 4000
#define DEFAULT_ROUNDS 5
#define MAX_ROUNDS 50
#define JOB "SRSIM:2" /* the demo's failed job */
#define OBJ "root%2FMicrosoft%2FWindows%2FStorageReplica%3ASRSIM_ReplicaJob"

static const prov_principal alice = {"alice", 0};

enum path { P_ABI, P_XML, P_HTTP, P_PROXY, P_WXML, P_WHTTP, P_COUNT };

static const char *const path_arg[P_COUNT] = {"abi",   "xml",	    "http",
					      "proxy", "wsman-xml", "wsman-http"};
static const char *const path_name[P_COUNT] = {
    "in-process ABI (provider get_error)", "in-process CIM-XML (no HTTP)",
    "HTTP loopback, keep-alive",	   "HTTP through srh proxy",
    "in-process WS-Man (no HTTP)",	   "WS-Man HTTP loopback, keep-alive"};

/* One path's figures in one round. */
typedef struct stats {
	double per_s;
	double p50, p99; /* us */
	double cpu_us;	 /* user+system CPU of the process per call (both
			    ends: client and server share it) */
	double sys_us;	 /* ... of which system (kernel) time */
	double cli_us;	 /* ... of the calling (client) thread alone */
} stats;

/* What the rounds run against. */
typedef struct bench {
	size_t n;
	uint64_t *s; /* n samples, ns */
	cimxml_backend *b;
	wsman_backend *w;
	cimxml_buf req;
	wsman_buf wreq;
	cimxml_server *srv;
	wsman_server *wsrv;
	prx_session *ses;
	prx_proxy *px;
	cimxml_conn *conn, *pconn; /* direct, through the proxy */
	wsman_target *t;
} bench;

/* CPU time so far, in microseconds, of this process (RUSAGE_SELF) or of
 * the calling thread (RUSAGE_THREAD): user + system, or system alone. */
static double cpu_of(int who, bool sys_only)
{
	struct rusage ru;
	double sys;

	if (getrusage(who, &ru) != 0)
		return 0;
	sys = (double)ru.ru_stime.tv_sec * 1e6 + (double)ru.ru_stime.tv_usec;
	if (sys_only)
		return sys;
	return sys + (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec;
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

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of v[0..n) (sorts a copy). */
static double median(const double *v, size_t n)
{
	double c[MAX_ROUNDS];

	if (n == 0)
		return 0;
	memcpy(c, v, n * sizeof *c);
	qsort(c, n, sizeof *c, cmp_dbl);
	return n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
}

static double best(const double *v, size_t n, bool highest)
{
	double b = n ? v[0] : 0;

	for (size_t i = 1; i < n; i++)
		if (highest ? v[i] > b : v[i] < b)
			b = v[i];
	return b;
}

/* One call of path p; false (with a message) when its answer is wrong. */
static bool call_one(bench *B, enum path p, size_t i)
{
	char err[CIMXML_ERRLEN * 4] = "";
	bool ok = false;

	switch (p) {
	case P_ABI: {
		bool has = false;

		ok = cimxml_backend_get_error(B->b, &alice, JOB, &has) == 0 && has;
		break;
	}
	case P_XML: {
		cimxml_exchange x = {.who = &alice,
				     .cim_operation = "MethodCall",
				     .cim_method = "GetError",
				     .body = B->req.data,
				     .len = B->req.len};

		cimxml_buf_init(&x.out);
		cimxml_backend_handle(B->b, &x);
		ok = x.status == 200 && x.out.data && strstr(x.out.data, "MessageID");
		cimxml_buf_free(&x.out);
		break;
	}
	case P_HTTP:
	case P_PROXY: {
		char *body = NULL;
		size_t len = 0;
		int status = 0;
		cimxml_response *r = NULL;

		ok =
		    cimxml_conn_post(p == P_HTTP ? B->conn : B->pconn, "GetError", OBJ, B->req.data,
				     B->req.len, &status, &body, &len, err, sizeof err) == 0 &&
		    status == 200 &&
		    cimxml_parse_response(body, len, 0, &r, err, sizeof err) == 0 && r->has_rc &&
		    r->rc == 0 && r->error;
		free(body);
		cimxml_response_free(r);
		break;
	}
	case P_WXML: {
		wsman_exchange x = {.who = &alice, .body = B->wreq.data, .len = B->wreq.len};

		wsman_buf_init(&x.out);
		wsman_backend_handle(B->w, &x);
		ok = x.status == 200 && x.out.data && strstr(x.out.data, "CIM_Error_Type");
		wsman_buf_free(&x.out);
		break;
	}
	case P_WHTTP: {
		srh_tgt_reply r = {0}; /* the ops fill it; the caller starts it empty */
		int st = wsman_target_ops.get_error(B->t, &alice, "SRSIM_ReplicaJob", JOB, &r, err,
						    sizeof err);

		ok = st == SRH_TGT_ANSWERED && !r.fault && r.rc == 0 && r.n_errors == 1;
		if (st == SRH_TGT_ANSWERED)
			srh_tgt_reply_clear(&r);
		else if (!err[0])
			snprintf(err, sizeof err, "no answer");
		break;
	}
	default:
		break;
	}
	if (!ok)
		fprintf(stderr, "bench_cimxml: %s: GetError failed at call %zu: %s\n", path_arg[p],
			i, err[0] ? err : "unexpected answer");
	return ok;
}

/* n calls of path p, timed one by one, into out. */
static int run_path(bench *B, enum path p, size_t n, stats *out)
{
	double cpu0 = cpu_of(RUSAGE_SELF, false), sys0 = cpu_of(RUSAGE_SELF, true);
	double cli0 = cpu_of(RUSAGE_THREAD, false);
	uint64_t t0 = mono_ns(), total;

	for (size_t i = 0; i < n; i++) {
		uint64_t a = mono_ns();

		if (!call_one(B, p, i))
			return -1;
		B->s[i] = mono_ns() - a;
	}
	total = mono_ns() - t0;
	out->cpu_us = (cpu_of(RUSAGE_SELF, false) - cpu0) / (double)n;
	out->sys_us = (cpu_of(RUSAGE_SELF, true) - sys0) / (double)n;
	out->cli_us = (cpu_of(RUSAGE_THREAD, false) - cli0) / (double)n;
	qsort(B->s, n, sizeof *B->s, cmp_u64);
	out->p50 = (double)B->s[n / 2] / 1e3;
	out->p99 = (double)B->s[(n * 99) / 100] / 1e3;
	out->per_s = total ? (double)n * 1e9 / (double)total : 0;
	return 0;
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

/* The backends, both servers, the proxy and one kept-alive client each. */
static int setup(bench *B, char *err, size_t errlen)
{
	char url[96];
	cimxml_backend_opts o;
	http_user u;

	cimxml_backend_opts_default(&o);
	o.tick_ns = 0;
	(void)http_user_parse("alice:alice", &u);
	geterror_envelope(&B->wreq);
	if (!(B->s = malloc(B->n * sizeof *B->s)) ||
	    cimxml_backend_new(&o, &B->b, err, errlen) != 0 ||
	    cimxml_req_method(&B->req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, JOB, "GetError", NULL,
			      0) != 0 ||
	    !(B->srv = cimxml_server_start(
		  &(cimxml_server_opts){
		      .listen = "127.0.0.1:0", .users = &u, .n_users = 1, .backend = B->b},
		  err, errlen)))
		return -1;
	if (wsman_backend_new(&(wsman_backend_opts){.stage = cimxml_backend_stage(B->b),
						    .lock = lock_b,
						    .unlock = unlock_b,
						    .lock_arg = B->b},
			      &B->w, err, errlen) != 0 ||
	    !(B->wsrv = wsman_server_start(
		  &(wsman_server_opts){
		      .listen = "127.0.0.1:0", .users = &u, .n_users = 1, .backend = B->w},
		  err, errlen)))
		return -1;
	snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)cimxml_server_port(B->srv));
	if (!(B->ses = prx_session_new(PRX_CIMXML, url, NULL, 0)) ||
	    !(B->px = prx_start(
		  &(prx_opts){.listen = "127.0.0.1:0", .upstream = url, .session = B->ses}, err,
		  errlen)) ||
	    !(B->conn = cimxml_conn_new(url, &(http_client_opts){.userpass = "alice:alice"}, err,
					errlen)))
		return -1;
	snprintf(url, sizeof url, "http://127.0.0.1:%u", (unsigned)prx_port(B->px));
	if (!(B->pconn = cimxml_conn_new(url, &(http_client_opts){.userpass = "alice:alice"}, err,
					 errlen)))
		return -1;
	snprintf(url, sizeof url, "wsman+http://127.0.0.1:%u/wsman",
		 (unsigned)wsman_server_port(B->wsrv));
	return wsman_target_open(url, &(http_client_opts){0}, &u, 1, &B->t, err, errlen);
}

static void teardown(bench *B)
{
	wsman_target_free(B->t);
	cimxml_conn_free(B->pconn);
	cimxml_conn_free(B->conn);
	prx_stop(B->px);
	prx_session_free(B->ses);
	wsman_server_stop(B->wsrv);
	wsman_backend_free(B->w);
	cimxml_server_stop(B->srv);
	cimxml_backend_free(B->b);
	cimxml_buf_free(&B->req);
	wsman_buf_free(&B->wreq);
	free(B->s);
}

/* The figures of path p over the rounds: best and median. */
static void row(enum path p, const stats *st, size_t rounds)
{
	double v[MAX_ROUNDS], w[MAX_ROUNDS], x[MAX_ROUNDS], y[MAX_ROUNDS], z[MAX_ROUNDS];

	for (size_t r = 0; r < rounds; r++) {
		v[r] = st[r].per_s;
		w[r] = st[r].p50;
		x[r] = st[r].p99;
		y[r] = st[r].cpu_us;
		z[r] = st[r].sys_us;
	}
	printf("  %-34s %8.0f %8.0f %7.1f %7.1f %8.1f %7.1f %6.1f %8.0f\n", path_name[p],
	       best(v, rounds, true), median(v, rounds), best(w, rounds, false), median(w, rounds),
	       median(x, rounds), median(y, rounds), median(z, rounds),
	       median(y, rounds) > 0 ? 1e6 / median(y, rounds) : 0);
}

/* What the proxy adds: its round's p50/p99 less the direct path's. */
static void proxy_line(const stats *http, const stats *prox, size_t rounds)
{
	double a50[MAX_ROUNDS], a99[MAX_ROUNDS], cpu[MAX_ROUNDS];
	double m;

	for (size_t r = 0; r < rounds; r++) {
		a50[r] = prox[r].p50 - http[r].p50;
		a99[r] = prox[r].p99 - http[r].p99;
		cpu[r] = prox[r].cpu_us - http[r].cpu_us;
	}
	m = median(a50, rounds);
	printf("  srh proxy adds per exchange: p50 %.1f us (best round %.1f), p99 %.1f us; CPU "
	       "%.0f us (medians; goal: p50 added < 200 us: %s)\n",
	       m, best(a50, rounds, false), median(a99, rounds), median(cpu, rounds),
	       m < 200 ? "met" : "NOT met");
}

/* WS-Man against its goal and against CIM-XML. */
static void wsman_line(const stats *http, const stats *whttp, size_t rounds, bool with_http)
{
	double v[MAX_ROUNDS], c[MAX_ROUNDS], h[MAX_ROUNDS], cli[MAX_ROUNDS];
	double bv, mv, mc;

	for (size_t r = 0; r < rounds; r++) {
		v[r] = whttp[r].per_s;
		c[r] = whttp[r].cpu_us;
		h[r] = http[r].per_s;
		cli[r] = whttp[r].cli_us;
	}
	bv = best(v, rounds, true);
	mv = median(v, rounds);
	mc = median(c, rounds);
	printf("  WS-Man HTTP: best round %.0f/s, median %.0f/s; CPU %.0f us a round trip (client "
	       "thread %.0f): %.0f/s if one core did nothing else (goal: >= 5000/s: %s)\n",
	       bv, mv, mc, median(cli, rounds), mc > 0 ? 1e6 / mc : 0,
	       mv >= 5000   ? "met"
	       : bv >= 5000 ? "met in the best round"
			    : "NOT met");
	if (with_http)
		printf("  WS-Man / CIM-XML over HTTP: %.2fx calls/s (medians)\n",
		       median(h, rounds) > 0 ? mv / median(h, rounds) : 0);
}

/* Which paths argv names (all when none). */
static int pick(int argc, char **argv, bool *on)
{
	for (int p = 0; p < P_COUNT; p++)
		on[p] = argc <= 3;
	for (int i = 3; i < argc; i++) {
		int p = 0;

		while (p < P_COUNT && strcmp(argv[i], path_arg[p]) != 0)
			p++;
		if (p == P_COUNT)
			return -1;
		on[p] = true;
	}
	return 0;
}

static void report(const bench *B, stats (*st)[MAX_ROUNDS], const bool *on, size_t rounds)
{
	printf("bench_cimxml: GetError on %s (failed job, Error present), N=%zu per path and "
	       "round, %zu rounds interleaved (after a warm-up)\n",
	       JOB, B->n, rounds);
	printf("  %-34s %8s %8s %7s %7s %8s %7s %6s %8s\n", "path", "calls/s", "", "p50 us", "",
	       "p99 us", "CPU us", "sys", "calls/s");
	printf("  %-34s %8s %8s %7s %7s %8s %7s %6s %8s\n", "", "best", "median", "best", "median",
	       "median", "/call", "us", "1 core");
	for (int p = 0; p < P_COUNT; p++)
		if (on[p])
			row((enum path)p, st[p], rounds);
	if (on[P_HTTP])
		printf("  HTTP connections opened: %lu (keep-alive)\n",
		       cimxml_conn_connects(B->conn));
	if (on[P_HTTP] && on[P_PROXY])
		proxy_line(st[P_HTTP], st[P_PROXY], rounds);
	if (on[P_WHTTP])
		wsman_line(st[P_HTTP], st[P_WHTTP], rounds, on[P_HTTP]);
	printf("  (CPU: user + system of the whole process, client and server ends, per call; "
	       "1 core: 1e6 / CPU us)\n");
}

int main(int argc, char **argv)
{
	bench B = {0};
	static stats st[P_COUNT][MAX_ROUNDS];
	stats warm;
	size_t rounds = argc > 2 ? strtoul(argv[2], NULL, 10) : DEFAULT_ROUNDS;
	bool on[P_COUNT];
	char err[CIMXML_ERRLEN * 4] = "";
	int rc = 2;

	B.n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_N;
	if (B.n < 100 || rounds < 1 || rounds > MAX_ROUNDS || pick(argc, argv, on) != 0) {
		fprintf(stderr,
			"usage: bench_cimxml [N >= 100 [ROUNDS 1..%d [PATH...]]]\n"
			"  PATH: abi xml http proxy wsman-xml wsman-http\n",
			MAX_ROUNDS);
		return 2;
	}
	if (http_global_init() != 0) {
		fprintf(stderr, "bench_cimxml: libcurl does not start\n");
		return 2;
	}
	xmlInitParser();
	cimxml_buf_init(&B.req);
	wsman_buf_init(&B.wreq);
	if (setup(&B, err, sizeof err) != 0) {
		fprintf(stderr, "bench_cimxml: set-up: %s\n", err[0] ? err : "out of memory");
		goto out;
	}
	/* Round 0 warms every path up (connections, caches) and is not kept. */
	for (size_t r = 0; r <= rounds; r++)
		for (int p = 0; p < P_COUNT; p++)
			if (on[p] && run_path(&B, (enum path)p, r ? B.n : B.n / 10,
					      r ? &st[p][r - 1] : &warm) != 0)
				goto out;
	report(&B, st, on, rounds);
	rc = 0;
out:
	teardown(&B);
	xmlCleanupParser();
	http_global_cleanup();
	return rc;
}
