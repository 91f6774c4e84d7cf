/*
 * srh_cmd_bench.c - `srh bench`: what in-process running buys. The suite is
 * run N times in this process and N times as one process per scenario
 * (fork + exec of `srh run --no-fork FILE`, as a process-level fault
 * injector would have to), both must give the same verdicts, and the
 * ratio of their throughputs is printed; then N times through the pool
 * (isolated, long-lived workers), with the same verdicts. Then the full
 * sweep's wall time with -j 2.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh_cli.h"
#include "srh_pool.h"
#include "srh_run.h"
#include "srh_spawn.h"
#include "srh_sweep.h"
#include "xpl.h"
#include "srh_util.h"

#define BENCH_GOAL 20.0
#define BENCH_INPROC_GOAL 20000.0 /* scenario runs/s in this process */
#define BENCH_SWEEP_GOAL 10000.0  /* sweep runs/s with -j 2 */
#define BENCH_EXPLORE_RUNS 2000	  /* explore runs measured (seed 1, -j 2) */
#define BENCH_PROCS 2		  /* processes of the in-process line (the cores) */
#define BENCH_PAR_NAME "in-process on 2 processes"

static const char bench_help[] =
    "usage: srh bench [PATH...] [-n|--rounds N] [--provider PATH.so] [--profile FILE]\n"
    "                 [--no-sweep] [--sweep-max-n N]\n"
    "\n"
    "Suite throughput (scenarios per second) run N times (default 3) in-process\n"
    "on 2 processes (forked after the load, each its share; goal >= 20,000/s,\n"
    "with the CPU time they used) and in this process (split into durable runs,\n"
    "whose store is a file, and in-memory ones; then the floor of a durable run:\n"
    "SQLite alone doing the least such a run needs, timed), and N times as one process\n"
    "per scenario (fork + exec of `srh run --no-fork FILE`), checking all give the\n"
    "same verdicts, printed as a ratio (goal >= 20x); then N times through the\n"
    "pool of isolated workers (-j 1, each worker running many scenarios), same\n"
    "verdicts, and its ratio to process per scenario (goal >= 20x). Then\n"
    "simulated/wall time, the full sweep's runs/s with -j 2 (--sweep-max-n bounds\n"
    "N per point, default 10), srh explore's runs/s with -j 2 over 2000 generated\n"
    "runs (seed 1; --no-sweep skips both), GetError p50/p99 cached and from the\n"
    "store, and libfiu's cost while disarmed (each scenario's fastest of\n"
    "alternated runs, CPU time). Each line names its goal.\n"
    "PATH defaults to the built-in suite. Exit 1 when the verdicts differ.\n";

typedef struct bench_opts {
	srh_common c;
	uint64_t rounds;
	bool no_sweep;
	uint64_t sweep_max_n;
} bench_opts;

static int parse(int argc, char **argv, bench_opts *o)
{
	srh_args a = {"bench", argc, argv, 1};
	const char *v;
	int r;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(bench_help, stdout);
			return 1;
		}
		if (srh_arg_flag(&a, "--no-sweep", NULL)) {
			o->no_sweep = true;
			continue;
		}
		if ((r = srh_arg_value(&a, "--rounds", "-n", &v)) != 0) {
			if (r < 0 || srh_arg_u64("bench", "-n", v, 1, 1000, &o->rounds) != 0)
				return -1;
			continue;
		}
		if ((r = srh_arg_value(&a, "--sweep-max-n", NULL, &v)) != 0) {
			if (r < 0 || srh_arg_u64("bench", "--sweep-max-n", v, 0, 100000,
						 &o->sweep_max_n) != 0)
				return -1;
			continue;
		}
		r = srh_common_option(&a, &o->c, SRH_OPT_PROVIDER | SRH_OPT_PROFILE);
		if (r < 0 || (r == 0 && srh_common_positional(&a, &o->c) != 0))
			return -1;
	}
	return 0;
}

/* Wall time of the in-process runs, split by store: the durable ones (a
 * store file: the scenario restarts the provider or starts from a
 * provider.store) and the in-memory ones. */
typedef struct bench_split {
	double secs[2]; /* [1] durable, [0] in memory */
	uint64_t runs[2];
} bench_split;

/* In this process: run each loaded scenario (the model a pooled worker
 * inherits; the process per scenario below parses its file first, as it
 * must). The simulated time the runs covered goes into *sim_s, each run's
 * time into its side of *split. */
static int bench_inproc(const bench_opts *o, const srh_suite *s, bool *pass, double *secs,
			double *sim_s, bench_split *split)
{
	srh_run_opts ro = {o->c.provider, o->c.profile, false, 0, NULL, 0, NULL, false};
	double t0 = srh_wall_now(), t = t0;
	uint64_t sim_ns = 0;

	for (uint64_t k = 0; k < o->rounds; k++)
		for (size_t i = 0; i < s->n; i++) {
			int d = srh_run_durable(s->sc[i]);
			double t1;
			srh_result r;

			srh_run_scenario(s->sc[i], &ro, &r);
			pass[i] = r.verdict == SRH_PASS;
			sim_ns += r.end_ns;
			srh_result_free(&r);
			t1 = srh_wall_now();
			split->secs[d] += t1 - t;
			split->runs[d]++;
			t = t1;
		}
	*secs = srh_wall_now() - t0;
	*sim_s = (double)sim_ns / 1e9;
	return 0;
}

typedef struct exec_args {
	const char *self;
	const char *const *argv;
} exec_args;

static int exec_child(void *arg, int fd)
{
	const exec_args *e = arg;

	(void)fd;
	execv(e->self, (char *const *)e->argv);
	return 127;
}

/* One `srh run --no-fork FILE` process; its exit status is the verdict. */
static int exec_one(const char *self, const bench_opts *o, const char *file)
{
	const char *argv[12];
	srh_spawn_opts so = {false, SRH_SPAWN_NULL, false, NULL, 0};
	exec_args e = {self, argv};
	char err[256];
	srh_child c;
	int n = 0, st;

	argv[n++] = self;
	argv[n++] = "run";
	argv[n++] = "--no-fork";
	/* Same work as the in-process side, which stores no result. */
	argv[n++] = "--no-db";
	if (o->c.provider) {
		argv[n++] = "--provider";
		argv[n++] = o->c.provider;
	}
	if (o->c.profile) {
		argv[n++] = "--profile";
		argv[n++] = o->c.profile;
	}
	argv[n++] = file;
	argv[n] = NULL;
	if (srh_spawn(&so, exec_child, &e, &c, err, sizeof(err)) != 0 ||
	    (st = srh_child_wait(c.pid)) == -1)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static int bench_exec(const bench_opts *o, const srh_suite *s, bool *pass, double *secs)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	double t0;

	if (n <= 0) {
		fprintf(stderr, "srh bench: cannot find this program: %s\n", strerror(errno));
		return -1;
	}
	self[n] = '\0';
	t0 = srh_wall_now();
	for (uint64_t k = 0; k < o->rounds; k++)
		for (size_t i = 0; i < s->n; i++) {
			int st = exec_one(self, o, s->sc[i]->file);
			if (st < 0 || st > 1) {
				fprintf(stderr, "srh bench: srh run %s exited with %d\n",
					s->sc[i]->file, st);
				return -1;
			}
			pass[i] = st == 0;
		}
	*secs = srh_wall_now() - t0;
	return 0;
}

/* Through the pool, -j 1: isolated runs, each worker running many (the
 * default --worker-runs), every scenario sent as a request. */
static int bench_pooled(const bench_opts *o, const srh_suite *s, bool *pass, double *secs)
{
	srh_pool_opts po = {1, o->c.timeout_s, false, NULL, SRH_WORKER_RUNS, NULL};
	size_t n = s->n * o->rounds;
	srh_request *u = calloc(n + 1, sizeof(*u));
	srh_result *res = calloc(n + 1, sizeof(*res));
	double t0;
	int rc = -1;

	if (!u || !res) {
		fprintf(stderr, "srh bench: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const scn_scenario *sc = s->sc[i % s->n];
		u[i] = (srh_request){sc->name, sc->file, sc->job.kind,	NULL,	      sc->seed,
				     false,    false,	 o->c.provider, o->c.profile, sc};
	}
	t0 = srh_wall_now();
	if (srh_pool_run(u, n, &po, res, NULL, NULL) != 0) {
		fprintf(stderr, "srh bench: the pool could not finish\n");
		goto done;
	}
	*secs = srh_wall_now() - t0;
	for (size_t i = 0; i < n; i++)
		pass[i % s->n] = res[i].verdict == SRH_PASS;
	rc = 0;
done:
	for (size_t i = 0; i < n; i++)
		srh_result_free(&res[i]);
out:
	free(u);
	free(res);
	return rc;
}

static void bench_sweep(const bench_opts *o)
{
	srh_sweep_opts so = {.max_n = o->sweep_max_n,
			     .quiet = true,
			     .provider = o->c.provider,
			     .profile = o->c.profile,
			     .pool = {2, o->c.timeout_s, false, NULL, SRH_WORKER_RUNS, NULL},
			     .verbose = o->c.verbose};
	srh_tally t;
	double t0 = srh_wall_now(), dt, rate;

	if (srh_sweep_run(&so, &t) != 0) {
		printf("  sweep (-j 2): could not finish\n");
		return;
	}
	dt = srh_wall_now() - t0;
	rate = dt > 0 ? (double)t.runs / dt : 0.0;
	printf("  sweep (-j 2, max-n %llu): %zu runs in %.2fs = %.1f runs/s (goal >= %.0f: %s; "
	       "%zu passed, %zu failed, %zu crashed, %zu hung, %zu errors)\n",
	       (unsigned long long)o->sweep_max_n, t.runs, dt, rate, BENCH_SWEEP_GOAL,
	       rate >= BENCH_SWEEP_GOAL ? "met" : "NOT met", t.passed,
	       t.failed_must + t.failed_should, t.crashed, t.hung, t.errors);
}

/* srh explore at -j 2 for a fixed number of runs (seed 1), measured like
 * the sweep above: generation, pooled isolated runs and judging. */
static void bench_explore(const bench_opts *o)
{
	xpl_opts xo = {.provider = o->c.provider,
		       .profile = o->c.profile,
		       .seed = 1,
		       .runs = BENCH_EXPLORE_RUNS,
		       .pool = {2, o->c.timeout_s, false, NULL, SRH_WORKER_RUNS, NULL},
		       .shrink_budget = 0};
	xpl_report rep = {0};
	char dir[] = "/tmp/srh-bench-explore.XXXXXX";
	double t0, dt, rate;

	if (!mkdtemp(dir)) {
		printf("  explore (-j 2): no scratch directory: %s\n", strerror(errno));
		return;
	}
	xo.out_dir = dir;
	t0 = srh_wall_now();
	if (xpl_explore(&xo, &rep) != 0) {
		printf("  explore (-j 2): could not finish\n");
		(void)rmdir(dir);
		return;
	}
	dt = srh_wall_now() - t0;
	rate = dt > 0 ? (double)rep.runs / dt : 0.0;
	printf("  explore (-j 2, seed 1): %llu runs in %.2fs = %.1f runs/s (%llu failed; goal: "
	       "100,000 runs in 60 s = %.0f/s: %s)\n",
	       (unsigned long long)rep.runs, dt, rate, (unsigned long long)rep.failed_runs,
	       100000.0 / 60.0, rate >= 100000.0 / 60.0 ? "met" : "NOT met");
	if (rep.n_found)
		printf("  explore: the shrunk failures are kept in %s\n", dir);
	else
		(void)rmdir(dir);
	xpl_report_free(&rep);
}

static size_t differ(const srh_suite *s, const bool *a, const bool *b, const char *what)
{
	size_t diff = 0;

	for (size_t i = 0; i < s->n; i++)
		if (a[i] != b[i]) {
			fprintf(stderr, "srh bench: %s: in-process %s, %s %s\n", s->sc[i]->name,
				a[i] ? "PASS" : "not PASS", what, b[i] ? "PASS" : "not PASS");
			diff++;
		}
	return diff;
}

static int report(const bench_opts *o, const srh_suite *s, const bool *const pass[4],
		  const double t[4], double sim_s, const bench_split *sp)
{
	double runs = (double)(s->n * o->rounds);
	double ri = t[0] > 0 ? runs / t[0] : 0, re = t[1] > 0 ? runs / t[1] : 0;
	double rp = t[2] > 0 ? runs / t[2] : 0, r2 = t[3] > 0 ? runs / t[3] : 0;
	size_t diff = differ(s, pass[0], pass[1], "separate process") +
		      differ(s, pass[0], pass[2], "pooled") +
		      differ(s, pass[0], pass[3], BENCH_PAR_NAME);

	printf("bench: %zu scenarios x %llu rounds\n", s->n, (unsigned long long)o->rounds);
	printf(
	    "  in-process, %d processes: %.0f runs in %.3fs = %.1f scenarios/s (goal >= %.0f on %d "
	    "cores: %s; forked after the load, each running its share in-process; %.3fs CPU "
	    "= %.1f/s with %d cores to themselves)\n",
	    BENCH_PROCS, runs, t[3], r2, BENCH_INPROC_GOAL, BENCH_PROCS,
	    r2 >= BENCH_INPROC_GOAL ? "met" : "NOT met", t[4],
	    t[4] > 0 ? runs * BENCH_PROCS / t[4] : 0.0, BENCH_PROCS);
	printf("  in-process, 1 process: %.0f runs in %.3fs = %.1f scenarios/s\n", runs, t[0], ri);
	printf("    of which durable (a store file: restart or provider.store): %llu runs in "
	       "%.3fs = %.1f/s; in memory: %llu runs in %.3fs = %.1f/s\n",
	       (unsigned long long)sp->runs[1], sp->secs[1],
	       sp->secs[1] > 0 ? (double)sp->runs[1] / sp->secs[1] : 0.0,
	       (unsigned long long)sp->runs[0], sp->secs[0],
	       sp->secs[0] > 0 ? (double)sp->runs[0] / sp->secs[0] : 0.0);
	printf("  pooled, isolated:     %.0f runs in %.3fs = %.1f scenarios/s "
	       "(-j 1, %u runs per worker)\n",
	       runs, t[2], rp, SRH_WORKER_RUNS);
	printf("  process per scenario: %.0f runs in %.3fs = %.1f scenarios/s "
	       "(fork + exec of srh run --no-fork FILE)\n",
	       runs, t[1], re);
	printf("  ratio: %.1fx (goal >= %.0fx: %s)\n", re > 0 ? ri / re : 0.0, BENCH_GOAL,
	       re > 0 && ri / re >= BENCH_GOAL ? "met" : "NOT met");
	printf("  pooled / process per scenario: %.1fx (goal >= %.0fx: %s)\n",
	       re > 0 ? rp / re : 0.0, BENCH_GOAL,
	       re > 0 && rp / re >= BENCH_GOAL ? "met" : "NOT met");
	printf("  verdicts: %s\n", diff ? "DIFFER (see above)" : "the same for every scenario");
	printf("  sim/wall (in-process): %.0f s simulated in %.3f s = %.0fx\n", sim_s, t[0],
	       t[0] > 0 ? sim_s / t[0] : 0.0);
	return diff ? -1 : 0;
}

int srh_cmd_bench(int argc, char **argv)
{
	bench_opts o = {.rounds = 3, .sweep_max_n = SRH_SWEEP_MAX_N};
	srh_suite s = {0};
	bool *pa = NULL, *pb = NULL, *pp = NULL, *p2 = NULL;
	double t[5] = {0, 0, 0, 0, 0}, sim_s = 0;
	bench_split split = {{0, 0}, {0, 0}};
	srh_run_opts ro = {NULL, NULL, false, 0, NULL, 0, NULL, false};
	int r, rc = SRH_EXIT_USAGE;

	srh_common_init(&o.c);
	if ((r = parse(argc, argv, &o)) != 0) {
		rc = r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
		goto out;
	}
	if (srh_common_check("bench", &o.c) != 0 ||
	    srh_suite_load("bench", o.c.paths, o.c.n_paths, NULL, &s) != 0)
		goto out;
	rc = SRH_EXIT_FAIL;
	ro.provider_path = o.c.provider;
	ro.profile_path = o.c.profile;
	if (!(pa = calloc(s.n, sizeof(*pa))) || !(pb = calloc(s.n, sizeof(*pb))) ||
	    !(pp = calloc(s.n, sizeof(*pp))) || !(p2 = calloc(s.n, sizeof(*p2))) ||
	    bench_inproc(&o, &s, pa, &t[0], &sim_s, &split) != 0 ||
	    srh_bench_inproc_par(&s, &ro, o.rounds, BENCH_PROCS, p2, &t[3], &t[4]) != 0 ||
	    bench_exec(&o, &s, pb, &t[1]) != 0 || bench_pooled(&o, &s, pp, &t[2]) != 0)
		goto out;
	rc = report(&o, &s, (const bool *const[4]){pa, pb, pp, p2}, t, sim_s, &split) == 0
		 ? SRH_EXIT_OK
		 : SRH_EXIT_FAIL;
	fflush(stdout);
	srh_bench_floor(o.rounds, (size_t)(split.runs[1] / (o.rounds ? o.rounds : 1)), s.n,
			BENCH_INPROC_GOAL, BENCH_SWEEP_GOAL);
	fflush(stdout);
	if (!o.no_sweep) {
		bench_sweep(&o);
		bench_explore(&o);
	}
	srh_bench_latency(o.c.provider, o.c.profile);
	if (!o.c.provider)
		srh_bench_fiu(&s, o.c.profile, o.rounds);
out:
	free(pa);
	free(pb);
	free(pp);
	free(p2);
	srh_suite_free(&s);
	srh_common_free(&o.c);
	return rc;
}
