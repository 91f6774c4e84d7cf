/*
 * srh_bench_par.c - srh bench's in-process runs on every core: the suite
 * (already parsed) split between forked processes, each running its share
 * in-process, as `srh run --no-fork` would, and sending back its verdicts.
 * Processes rather than threads: libfiu's enable is process-global, and
 * the provider's kept stores and parsed profile are per process anyway.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "srh_cli.h"
#include "srh_run.h"
#include "srh_spawn.h"
#include "srh_util.h"

#define PAR_MAX 16

typedef struct par_share {
	const srh_suite *s;
	const srh_run_opts *ro;
	uint64_t rounds;
	size_t k, procs; /* this share: scenarios i with i % procs == k */
} par_share;

/* In the child: its share, then one byte per scenario of the suite (1
 * PASS, 0 not, 2 not its share) down fd. */
static int share_run(void *arg, int fd)
{
	const par_share *sh = arg;
	const srh_suite *s = sh->s;
	unsigned char *v = malloc(s->n + 1);

	if (!v)
		return 1;
	memset(v, 2, s->n);
	for (uint64_t r = 0; r < sh->rounds; r++)
		for (size_t i = sh->k; i < s->n; i += sh->procs) {
			srh_result res;
			srh_run_scenario(s->sc[i], sh->ro, &res);
			v[i] = res.verdict == SRH_PASS;
			srh_result_free(&res);
		}
	int rc = srh_write_all(fd, v, s->n) == 0 ? 0 : 1;
	free(v);
	return rc;
}

/* The verdicts of child c into pass[], and its exit. Returns 0, or -1. */
static int share_collect(const srh_child *c, const srh_suite *s, unsigned char *v, bool *pass)
{
	int rc = srh_read_all(c->fd, v, s->n);
	int st = srh_child_wait(c->pid);

	(void)close(c->fd);
	if (rc != 0 || st != 0)
		return -1;
	for (size_t i = 0; i < s->n; i++)
		if (v[i] != 2)
			pass[i] = v[i] == 1;
	return 0;
}

/* CPU seconds (user + system) of the children waited for so far. */
static double children_cpu(void)
{
	struct rusage u;

	if (getrusage(RUSAGE_CHILDREN, &u) != 0)
		return 0.0; /* only EFAULT/EINVAL: cannot happen here */
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int srh_bench_inproc_par(const srh_suite *s, const srh_run_opts *ro, uint64_t rounds, size_t procs,
			 bool *pass, double *secs, double *cpu)
{
	par_share sh[PAR_MAX];
	srh_child c[PAR_MAX];
	int fds[PAR_MAX];
	unsigned char *v = malloc(s->n + 1);
	char err[256];
	size_t started = 0;
	int rc = 0;
	double t0 = srh_wall_now(), c0 = children_cpu();

	if (!v || procs == 0 || procs > PAR_MAX) {
		free(v);
		return -1;
	}
	fflush(stdout);
	for (; started < procs; started++) {
		srh_spawn_opts so = {false, SRH_SPAWN_INHERIT, true, fds, started};
		sh[started] = (par_share){s, ro, rounds, started, procs};
		if (srh_spawn(&so, share_run, &sh[started], &c[started], err, sizeof err) != 0) {
			fprintf(stderr, "srh bench: %s\n", err);
			rc = -1;
			break;
		}
		fds[started] = c[started].fd;
	}
	for (size_t k = 0; k < started; k++)
		if (share_collect(&c[k], s, v, pass) != 0)
			rc = -1;
	*secs = srh_wall_now() - t0;
	*cpu = children_cpu() - c0;
	free(v);
	return rc;
}
