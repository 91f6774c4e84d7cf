/*
 * bench_geterror - GetError latency of the reference provider for an ended
 * (failed) job: with the Error held in memory (cache=1) and read from the
 * SQLite job store on every call (cache=0), N calls each in one run, and
 * their ratio. Wall-clock time (CLOCK_MONOTONIC) is allowed here, in bench/,
 * never in the provider.
 *
 * usage: bench_geterror [N]   (default 100000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fake_host.h"
#include "srprov_ref.h"

#define DEFAULT_N 100000

static const prov_principal owner = {"alice", 0};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
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

typedef struct result {
	uint64_t p50, p99;
} result;

/* A failed job in a fresh provider on store path with options, then n
 * timed GetError calls. Returns 0 or -1 (message printed). */
static int run(const char *store, const char *options, const char *job, size_t n, uint64_t *samples,
	       result *out)
{
	fh_host h;
	fh_prov p;
	char err[512], iid[64];
	prov_fault f;
	int rc = -1;

	fh_host_init(&h);
	if (fh_open(&p, &h, srh_provider_entry(PROV_ABI_VERSION), store, NULL, options, err,
		    sizeof err) != 0) {
		fprintf(stderr, "bench_geterror: open: %s\n", err);
		return -1;
	}
	f = fh_fault_of("io_error");
	if (fh_running(&p, job, owner.name) != 0 ||
	    fh_end(&p, job, CIM_JS_EXCEPTION, &f, NULL) != 0) {
		fprintf(stderr, "bench_geterror: job events refused\n");
		goto out;
	}
	fh_iid(&p, job, iid, sizeof iid);
	for (size_t i = 0; i < n; i++) {
		cim_error *e = NULL;
		uint64_t t0 = mono_ns();
		uint32_t r = p.ops->get_error(p.ctx, &owner, iid, &e);
		samples[i] = mono_ns() - t0;
		if (r != 0 || !e) {
			fprintf(stderr, "bench_geterror: GetError rc %u at call %zu\n", r, i);
			goto out;
		}
		p.ops->free_error(p.ctx, e);
	}
	qsort(samples, n, sizeof *samples, cmp_u64);
	out->p50 = samples[n / 2];
	out->p99 = samples[(n * 99) / 100];
	rc = 0;
out:
	fh_close(&p);
	return rc;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_N;
	char store[] = "/tmp/bench_geterror.XXXXXX";
	result mem, disk;
	int rc = 1;

	if (n == 0) {
		fprintf(stderr, "usage: bench_geterror [N > 0]\n");
		return 2;
	}
	uint64_t *samples = malloc(n * sizeof *samples);
	int fd = mkstemp(store);
	if (!samples || fd < 0 || close(fd) != 0 || unlink(store) != 0) {
		perror("bench_geterror");
		free(samples);
		return 2;
	}
	if (run(store, "cache=1", "1", n, samples, &mem) == 0 &&
	    run(store, "cache=0", "2", n, samples, &disk) == 0) {
		printf("bench_geterror: N=%zu GetError calls per case, ended job (io_error), "
		       "file store, one run\n",
		       n);
		printf("  in memory  (cache=1): p50 %8llu ns   p99 %8llu ns\n",
		       (unsigned long long)mem.p50, (unsigned long long)mem.p99);
		printf("  from store (cache=0): p50 %8llu ns   p99 %8llu ns\n",
		       (unsigned long long)disk.p50, (unsigned long long)disk.p99);
		printf("  ratio store/memory:   p50 %8.1fx     p99 %8.1fx\n",
		       (double)disk.p50 / (double)(mem.p50 ? mem.p50 : 1),
		       (double)disk.p99 / (double)(mem.p99 ? mem.p99 : 1));
		rc = 0;
	}
	free(samples);
	const char *side[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[sizeof store + 8];
		snprintf(path, sizeof path, "%s%s", store, side[i]);
		unlink(path);
	}
	return rc;
}
