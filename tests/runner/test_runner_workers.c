/* Long-lived workers: one worker runs many units in turn and is replaced
 * after its share; a crash or hang takes only the unit it was on; a
 * failure after other units is rerun alone on a fresh worker, and the
 * result says whether it reproduced. Providers that crash on every 7th
 * and hang on every 11th run of their process get exactly those runs. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "srh_pool.h"
#include "srh_pool_int.h"
#include "srh_workdir.h"
#include "srh_run.h"

/* ---- units whose behaviour is in their name ------------------------------ */

static unsigned worker_units; /* units this worker process has run */

static int by_name(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)o;
	worker_units++;
	if (strncmp(rq->name, "crash", 5) == 0) {
		(void)signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	srh_result_init(r);
	r->name = strdup(rq->name);
	r->end_ns = (uint64_t)getpid(); /* which worker ran it */
	/* "fail" fails anywhere; "polluted" only after other units in the
	 * same worker (state left behind) */
	if (strncmp(rq->name, "fail", 4) == 0 ||
	    (strncmp(rq->name, "polluted", 8) == 0 && worker_units > 1))
		(void)srh_result_fail(r, "MUST-1 test", 0, false, NULL, "x", "y", 0, 1);
	srh_result_settle(r);
	return 0;
}

static srh_request unit(const char *name)
{
	return (srh_request){name,  "f.yaml", "initial_sync", NULL, 1,
			     false, false,    NULL,	      NULL, NULL};
}

static bool has_note(const srh_result *r, const char *text)
{
	for (size_t i = 0; i < r->n_timeline; i++)
		if (r->timeline[i].kind == SRH_TL_NOTE && strstr(r->timeline[i].text, text))
			return true;
	return false;
}

Test(workers, many_units_per_worker_replaced_after_its_share)
{
	static const char *const names[] = {"pass.1", "pass.2", "pass.3", "pass.4",
					    "pass.5", "pass.6", "pass.7"};
	srh_request u[7];
	srh_result res[7];
	srh_pool_opts po = {1, 5.0, false, by_name, 3, NULL};

	for (size_t i = 0; i < 7; i++)
		u[i] = unit(names[i]);
	cr_assert_eq(srh_pool_run(u, 7, &po, res, NULL, NULL), 0);
	for (size_t i = 0; i < 7; i++) {
		cr_assert_eq(res[i].verdict, SRH_PASS, "%s", names[i]);
		/* units 0-2 on one worker, 3-5 on the next, 6 on a third */
		if (i % 3 != 0)
			cr_assert_eq(res[i].end_ns, res[i - 1].end_ns, "unit %zu changed worker",
				     i);
		else if (i > 0)
			cr_assert_neq(res[i].end_ns, res[i - 1].end_ns, "unit %zu kept its worker",
				      i);
		cr_assert_neq(res[i].end_ns, (uint64_t)getpid(), "ran in the parent");
	}
	for (size_t i = 0; i < 7; i++)
		srh_result_free(&res[i]);
}

Test(workers, a_crash_takes_only_its_unit_and_failures_are_confirmed)
{
	srh_request u[] = {unit("pass.a"),     unit("crash.b"), unit("pass.c"), unit("pass.d"),
			   unit("polluted.f"), unit("pass.h"),	unit("fail.e"), unit("polluted.g")};
	enum { N = sizeof(u) / sizeof(u[0]) };
	srh_result res[N];
	srh_pool_opts po = {1, 5.0, false, by_name, 100, NULL};

	cr_assert_eq(srh_pool_run(u, N, &po, res, NULL, NULL), 0);
	for (size_t i = 0; i < N; i++)
		cr_assert_str_eq(res[i].name, u[i].name);
	cr_assert_eq(res[0].verdict, SRH_PASS);
	cr_assert_eq(res[1].verdict, SRH_CRASH);
	cr_assert_eq(res[1].signal, SIGSEGV);
	/* a crash on a fresh worker is one again */
	cr_assert(strstr(res[1].reason, "reproduced: not caused by the 1 earlier run"), "%s",
		  res[1].reason);
	cr_assert_eq(res[2].verdict, SRH_PASS);
	cr_assert_neq(res[2].end_ns, res[0].end_ns, "the crashed worker was kept");
	cr_assert_eq(res[3].end_ns, res[2].end_ns, "a healthy worker was replaced");
	/* third in its worker: fails, and passes alone */
	cr_assert_eq(res[4].verdict, SRH_FAIL);
	cr_assert(has_note(&res[4], "fresh worker: PASS, not reproduced: it depends on the 2 "
				    "earlier runs"));
	cr_assert_eq(res[5].verdict, SRH_PASS);
	cr_assert_eq(res[6].verdict, SRH_FAIL);
	cr_assert(has_note(&res[6], "fresh worker: FAIL, reproduced"));
	/* the first unit of a worker is never polluted */
	cr_assert_eq(res[7].verdict, SRH_PASS);
	for (size_t i = 0; i < N; i++)
		srh_result_free(&res[i]);
}

/* ---- the parsed model a worker inherits ---------------------------------- */

/* A unit whose text does not parse but whose model does: the worker runs
 * the model when it was forked after the unit was submitted (it holds the
 * model at the same address), and parses the text when it was forked
 * before (the address means nothing there), which gives ERROR. */
Test(workers, a_worker_runs_the_inherited_model_only_when_forked_after)
{
	const char *file = RUNNER_SCN "/pass/initial_sync_ok.yaml";
	srh_pool_opts po = {1, 10.0, false, NULL, 100, NULL};
	srh_request rq = {"runner.initial_sync.ok",
			  file,
			  "initial_sync",
			  "not: [a scenario",
			  3,
			  false,
			  false,
			  NULL,
			  NULL,
			  NULL};
	scn_scenario *a = NULL, *b = NULL;
	char err[SCN_ERRLEN];
	srh_pool *p = NULL;
	srh_result r;
	uint64_t id;

	cr_assert_eq(srh_parse_scenario(file, &a, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(srh_pool_open(&po, &p), 0);
	rq.model = a;
	cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
	cr_assert_eq(srh_pool_collect(p, -1, &r, &id), SRH_POOL_OK);
	cr_expect_eq(r.verdict, SRH_PASS, "%s", r.reason ? r.reason : "");
	srh_result_free(&r);
	/* the same worker, forked before b existed */
	cr_assert_eq(srh_parse_scenario(file, &b, err, sizeof(err)), 0, "%s", err);
	rq.model = b;
	cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
	cr_assert_eq(srh_pool_collect(p, -1, &r, &id), SRH_POOL_OK);
	cr_expect_eq(r.verdict, SRH_ERROR);
	cr_expect(r.reason && strstr(r.reason, "does not parse"), "%s", r.reason ? r.reason : "");
	srh_result_free(&r);
	srh_pool_close(p);
	scn_free(a);
	scn_free(b);
}

/* ---- providers that fail on every Nth run of their process --------------- */

#if defined(BAD_CRASH_EVERY7) && defined(BAD_HANG_EVERY11)
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 65536);

	cr_assert_not_null(f, "%s", path);
	cr_assert_not_null(s);
	cr_assert_gt(fread(s, 1, 65535, f), 0);
	fclose(f);
	return s;
}

/* n runs of a passing scenario against provider; which ones (1-based)
 * must be verdict v: every `every`th, counted per worker (each crash or
 * hang starts a new worker, whose count starts again). */
static void every_nth(const char *provider, unsigned every, srh_verdict v, size_t n, double timeout)
{
	const char *file = RUNNER_SCN "/pass/initial_sync_ok.yaml";
	char *text = slurp(file);
	srh_request *u = calloc(n, sizeof(*u));
	srh_result *res = calloc(n, sizeof(*res));
	srh_pool_opts po = {1, timeout, false, NULL, 100, NULL};
	size_t bad = 0;

	cr_assert(u && res);
	for (size_t i = 0; i < n; i++)
		u[i] = (srh_request){"runner.initial_sync.ok",
				     file,
				     "initial_sync",
				     text,
				     3,
				     false,
				     false,
				     provider,
				     NULL,
				     NULL};
	cr_assert_eq(srh_pool_run(u, n, &po, res, NULL, NULL), 0);
	for (size_t i = 0; i < n; i++) {
		srh_verdict want = (i + 1) % every == 0 ? v : SRH_PASS;
		cr_expect_eq(res[i].verdict, want, "run %zu: %s, want %s (%s)", i + 1,
			     srh_verdict_name(res[i].verdict), srh_verdict_name(want),
			     res[i].reason ? res[i].reason : "");
		if (res[i].verdict == v) {
			bad++;
			/* alone on a fresh worker it is that worker's first run */
			cr_expect(strstr(res[i].reason, "not reproduced"), "%s", res[i].reason);
		}
		srh_result_free(&res[i]);
	}
	cr_assert_eq(bad, n / every);
	free(u);
	free(res);
	free(text);
}

Test(workers, crash_on_every_7th_run_exactly)
{
	every_nth(BAD_CRASH_EVERY7, 7, SRH_CRASH, 30, 10.0);
}

Test(workers, hang_on_every_11th_run_exactly)
{
	every_nth(BAD_HANG_EVERY11, 11, SRH_HANG, 23, 1.5);
}
#endif

/* ---- the same providers in a pooled sweep -------------------------------- */

#if defined(BAD_CRASH_EVERY7) && defined(BAD_HANG_EVERY11)
#include "srh_sweep.h"

#define SWEEP_MAX 256

typedef struct swept {
	size_t n;
	char *name[SWEEP_MAX];
	srh_verdict v[SWEEP_MAX];
	char *reason[SWEEP_MAX];
} swept;

static void record(void *ctx, const srh_result *r)
{
	swept *s = ctx;

	cr_assert_lt(s->n, SWEEP_MAX);
	s->name[s->n] = strdup(r->name);
	s->reason[s->n] = strdup(r->reason ? r->reason : "");
	s->v[s->n++] = r->verdict;
}

/* One kind, N = 1 at every point, -j 1, against provider. The fixtures
 * count open()s per process, and a sweep run opens twice (the job's
 * start, then its restart: srh_sweep.c's case), calling GetError after
 * each; the run whose open count reaches a multiple of `every` fails as
 * v. Each failure replaces the worker (and its count); the clean run is a
 * pool of its own. So the bad runs are the k-th of each worker, where k is
 * the first run with 2k-1 or 2k a multiple of every, and every other run
 * passes, with its own result. */
static void sweep_every(const char *provider, unsigned every, srh_verdict v, double timeout)
{
	srh_sweep_opts o = {.kind = "initial_sync",
			    .max_n = 1,
			    .quiet = true,
			    .provider = provider,
			    .pool = {1, timeout, false, NULL, 100, NULL},
			    .record = record};
	unsigned k = 1;
	swept s = {0};
	srh_tally t;
	size_t runs = 0, bad = 0;

	while ((2 * k - 1) % every != 0 && (2 * k) % every != 0)
		k++;
	o.ctx = &s;
	cr_assert_eq(srh_sweep_run(&o, &t), 0);
	cr_assert_gt(s.n, 2 * k, "too few sweep runs (%zu) to see a failure twice", s.n);
	for (size_t i = 0; i < s.n; i++) {
		if (strstr(s.name[i], ".clean")) {
			cr_expect_eq(s.v[i], SRH_PASS, "%s: %s", s.name[i], s.reason[i]);
			continue;
		}
		runs++;
		srh_verdict want = runs % k == 0 ? v : SRH_PASS;
		cr_expect_eq(s.v[i], want, "sweep run %zu (%s): %s, want %s (%s)", runs, s.name[i],
			     srh_verdict_name(s.v[i]), srh_verdict_name(want), s.reason[i]);
		if (s.v[i] == v)
			bad++;
		for (size_t j = 0; j < i; j++)
			cr_expect_str_neq(s.name[j], s.name[i], "%s reported twice", s.name[i]);
	}
	cr_expect_eq(bad, runs / k);
	cr_expect_eq(t.runs, s.n, "a result was lost");
	for (size_t i = 0; i < s.n; i++) {
		free(s.name[i]);
		free(s.reason[i]);
	}
}

Test(workers, pooled_sweep_crashes_exactly_on_every_7th_open)
{
	sweep_every(BAD_CRASH_EVERY7, 7, SRH_CRASH, 10.0);
}

Test(workers, pooled_sweep_hangs_exactly_on_every_11th_open)
{
	sweep_every(BAD_HANG_EVERY11, 11, SRH_HANG, 1.5);
}
#endif

/* ---- a worker's directory when its channel ends ---------------------------- */

/* A work directory holding what a worker leaves (its output, a store). */
static void work_dir(char *dir)
{
	cr_assert_not_null(mkdtemp(dir));
	for (int i = 0; i < 2; i++) {
		char f[256];
		snprintf(f, sizeof f, "%s/%s", dir, i ? "output" : "jobs.db");
		int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		cr_assert_geq(fd, 0);
		cr_assert_eq(close(fd), 0);
	}
}

/* srh killed with -9: the worker reads the end of its channel and removes
 * its directory itself, since no parent is left to do it. */
Test(workers, channel_closed_worker_removes_its_directory)
{
	char dir[] = "/tmp/srh-wtest-XXXXXX";
	int sv[2];

	work_dir(dir);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cr_assert_eq(close(sv[1]), 0);
	srh_worker_cfg cfg = {by_name, dir, 0};
	cr_expect_eq(srh_worker_main(&cfg, sv[0]), 0);
	cr_expect_neq(access(dir, F_OK), 0, "%s left behind", dir);
}

/* A broken request is not the parent gone: the parent, alive, reaps the
 * worker and removes the directory (srh_pool_slot.c), so it is kept. */
Test(workers, broken_request_keeps_the_directory_for_the_parent)
{
	char dir[] = "/tmp/srh-wtest-XXXXXX";
	int sv[2];
	static const char junk[64] = "not a request";

	work_dir(dir);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	cr_assert_eq(write(sv[1], junk, sizeof junk), (ssize_t)sizeof junk);
	cr_assert_eq(close(sv[1]), 0);
	srh_worker_cfg cfg = {by_name, dir, 0};
	cr_expect_eq(srh_worker_main(&cfg, sv[0]), SRH_WORKER_BAD_REQUEST);
	cr_expect_eq(access(dir, F_OK), 0, "%s removed", dir);
	srh_workdir_remove(dir);
}
