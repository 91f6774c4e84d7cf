/*
 * sl_clients.c - serve_load's GetError clients: threads on kept-alive
 * connections, each answer checked against contract.md (the demo's failed
 * job SRSIM:2: rc 0 with an Error; its running job SRSIM:5: rc 0, Error
 * NULL), latencies summed up as p50/p99.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve_load.h"

#define OBJ "root%2FMicrosoft%2FWindows%2FStorageReplica%3ASRSIM_ReplicaJob"

typedef struct client {
	uint16_t port;
	bool wsman;
	unsigned long calls;
	uint64_t until; /* when calls is 0 */
	const cimxml_buf *req[2];
	uint64_t *lat;
	unsigned long n, cap, ok, wrong, failed;
} client;

uint64_t sl_mono_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* One call; 1 right, 0 wrong answer, -1 no answer. */
static int call(cimxml_conn *c, const cimxml_buf *req, bool want_error)
{
	char err[CIMXML_ERRLEN], *body = NULL;
	size_t len = 0;
	int status = 0, rc = -1;
	cimxml_response *r = NULL;

	if (cimxml_conn_post(c, "GetError", OBJ, req->data, req->len, &status, &body, &len, err,
			     sizeof err) != 0)
		goto out;
	rc = status == 200 && cimxml_parse_response(body, len, 0, &r, err, sizeof err) == 0 &&
	     r->has_rc && r->rc == 0 && (r->error != NULL) == want_error;
out:
	free(body);
	cimxml_response_free(r);
	return rc;
}

static void *client_run(void *arg)
{
	client *k = arg;
	char err[CIMXML_ERRLEN], base[64];
	const http_client_opts o = {.userpass = "alice:alice"};
	cimxml_conn *c = NULL;
	http_client *w = NULL;

	snprintf(base, sizeof base, "http://127.0.0.1:%u", (unsigned)k->port);
	if (k->wsman ? !(w = http_client_new(base, &o, err, sizeof err))
		     : !(c = cimxml_conn_new(base, &o, err, sizeof err))) {
		k->failed++;
		return NULL;
	}
	for (unsigned long i = 0; k->calls ? i < k->calls : sl_mono_ns() < k->until; i++) {
		uint64_t t = sl_mono_ns();
		int r = w ? sl_wsman_call(w, k->req[i % 2], i % 2 == 0)
			  : call(c, k->req[i % 2], i % 2 == 0);

		if (r > 0)
			k->ok++;
		else if (r == 0)
			k->wrong++;
		else
			k->failed++;
		if (k->n == k->cap) {
			uint64_t *l = realloc(k->lat, (k->cap ? k->cap * 2 : 1024) * sizeof *l);

			if (!l)
				break;
			k->lat = l;
			k->cap = k->cap ? k->cap * 2 : 1024;
		}
		k->lat[k->n++] = sl_mono_ns() - t;
	}
	cimxml_conn_free(c);
	http_client_free(w);
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sum the clients up into r (all latencies sorted together). */
static void gather(client *k, unsigned n, uint64_t ns, sl_result *r)
{
	unsigned long total = 0, at = 0;
	uint64_t *all;

	memset(r, 0, sizeof *r);
	for (unsigned i = 0; i < n; i++) {
		r->ok += k[i].ok;
		r->wrong += k[i].wrong;
		r->failed += k[i].failed;
		total += k[i].n;
	}
	r->per_s = ns ? (double)(r->ok + r->wrong) * 1e9 / (double)ns : 0;
	if (!total || !(all = malloc(total * sizeof *all)))
		return;
	for (unsigned i = 0; i < n; i++) {
		memcpy(all + at, k[i].lat, k[i].n * sizeof *all);
		at += k[i].n;
	}
	qsort(all, total, sizeof *all, cmp_u64);
	r->p50_ns = all[total / 2];
	r->p99_ns = all[(total * 99) / 100];
	free(all);
}

/* The two requests: GetError on SRSIM:2 and on SRSIM:5. */
static int requests(bool wsman, uint16_t port, cimxml_buf req[2])
{
	if (wsman)
		return sl_wsman_req(&req[0], port, "SRSIM:2") ||
			       sl_wsman_req(&req[1], port, "SRSIM:5")
			   ? -1
			   : 0;
	return cimxml_req_method(&req[0], CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:2", "GetError",
				 NULL, 0) != 0 ||
		       cimxml_req_method(&req[1], CIMXML_NAMESPACE, CIMXML_JOB_CLASS, "SRSIM:5",
					 "GetError", NULL, 0) != 0
		   ? -1
		   : 0;
}

int sl_geterror(bool wsman, uint16_t port, unsigned clients, unsigned long calls, unsigned secs,
		sl_result *r)
{
	cimxml_buf req[2];
	client *k = calloc(clients, sizeof *k);
	pthread_t *th = calloc(clients, sizeof *th);
	unsigned started = 0;
	uint64_t t0 = sl_mono_ns();
	int rc = -1;

	cimxml_buf_init(&req[0]);
	cimxml_buf_init(&req[1]);
	if (!k || !th || requests(wsman, port, req) != 0) {
		fprintf(stderr, "serve_load: out of memory\n");
		goto out;
	}
	for (; started < clients; started++) {
		k[started] = (client){.port = port,
				      .wsman = wsman,
				      .calls = calls,
				      .until = t0 + (uint64_t)secs * 1000000000ull,
				      .req = {&req[0], &req[1]}};
		if (pthread_create(&th[started], NULL, client_run, &k[started]) != 0) {
			fprintf(stderr, "serve_load: cannot start client thread %u\n", started);
			break;
		}
	}
	for (unsigned i = 0; i < started; i++)
		(void)pthread_join(th[i], NULL);
	if (started == clients) {
		gather(k, clients, sl_mono_ns() - t0, r);
		rc = 0;
	}
out:
	for (unsigned i = 0; k && i < clients; i++)
		free(k[i].lat);
	free(k);
	free(th);
	cimxml_buf_free(&req[0]);
	cimxml_buf_free(&req[1]);
	return rc;
}

void sl_print(const char *name, const sl_result *r)
{
	printf("%s: ok %lu wrong %lu failed %lu  %.0f req/s  p50 %.1f us  p99 %.1f us\n", name,
	       r->ok, r->wrong, r->failed, r->per_s, (double)r->p50_ns / 1e3,
	       (double)r->p99_ns / 1e3);
}
