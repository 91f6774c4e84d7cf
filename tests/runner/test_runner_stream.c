/* srh_pool as a service: units submitted one at a time, each chosen from
 * the verdict of the one before, and several in flight at once with -j 2.
 * A crashing unit is CRASH with its signal, a hanging one HANG, and every
 * result comes back exactly once under the id of the unit that made it. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh_pool.h"
#include "srh_util.h"

/* ---- units whose behaviour is in their name ------------------------------ */

static int by_name(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	if (strncmp(rq->name, "crash", 5) == 0) {
		/* A sanitizer would catch SIGSEGV and abort: the default action
		 * is the crash the pool must report. */
		(void)signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	if (strncmp(rq->name, "hang", 4) == 0)
		for (;;)
			pause();
	srh_result_init(r);
	r->name = strdup(rq->name);
	/* what reached the worker: the request's seed through the options */
	r->seed = o->seed;
	if (strncmp(rq->name, "fail", 4) == 0)
		(void)srh_result_fail(r, "MUST-1 test", 0, false, NULL, "x", "y", 0, 1);
	srh_result_settle(r);
	return 0;
}

/* The next unit after a verdict: PASS -> crash, CRASH -> hang, HANG ->
 * fail, FAIL -> pass. A wrong verdict sends the chain somewhere else. */
static const char *next_after(srh_verdict v)
{
	switch (v) {
	case SRH_PASS:
		return "crash";
	case SRH_CRASH:
		return "hang";
	case SRH_HANG:
		return "fail";
	case SRH_FAIL:
		return "pass";
	default:
		return "error";
	}
}

static srh_request unit(const char *name, uint64_t seed)
{
	return (srh_request){name, "f.yaml", "initial_sync", NULL, seed,
			     true, false,    NULL,	     NULL, NULL};
}

Test(stream, next_unit_chosen_from_the_last_verdict)
{
	static const srh_verdict want[] = {SRH_PASS, SRH_CRASH, SRH_HANG, SRH_FAIL,
					   SRH_PASS, SRH_CRASH, SRH_HANG, SRH_FAIL};
	srh_pool_opts po = {1, 0.5, false, by_name, 1, NULL};
	srh_pool *p = NULL;
	char name[32] = "pass.0";

	cr_assert_eq(srh_pool_open(&po, &p), 0);
	for (uint64_t step = 0; step < sizeof(want) / sizeof(want[0]); step++) {
		srh_request rq = unit(name, 100 + step);
		srh_result r;
		uint64_t id = 99, got = 99;

		cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
		cr_assert_eq(id, step);
		cr_assert_eq(srh_pool_pending(p), 1);
		cr_assert_eq(srh_pool_collect(p, -1, &r, &got), SRH_POOL_OK);
		cr_assert_eq(got, id, "result of unit %llu came back as %llu",
			     (unsigned long long)id, (unsigned long long)got);
		cr_assert_str_eq(r.name, name);
		cr_assert_eq(r.seed, 100 + step);
		cr_assert_eq(r.verdict, want[step], "step %llu (%s): %s, want %s",
			     (unsigned long long)step, name, srh_verdict_name(r.verdict),
			     srh_verdict_name(want[step]));
		if (r.verdict == SRH_CRASH) {
			cr_assert_eq(r.signal, SIGSEGV);
			cr_assert(strstr(r.reason, "SIGSEGV"), "%s", r.reason);
		}
		if (r.verdict == SRH_HANG)
			cr_assert(strstr(r.reason, "watchdog"), "%s", r.reason);
		snprintf(name, sizeof(name), "%s.%llu", next_after(r.verdict),
			 (unsigned long long)step + 1);
		srh_result_free(&r);
	}
	cr_assert_eq(srh_pool_pending(p), 0);
	{
		srh_result r;
		cr_assert_eq(srh_pool_collect(p, -1, &r, NULL), SRH_POOL_IDLE);
	}
	srh_pool_close(p);
}

/* -j 2, up to four in flight: every finished unit is answered by a new
 * one named after it, until 16 have run. Each id comes back once, with its
 * own name and the verdict its name asks for. */
Test(stream, two_workers_several_in_flight)
{
	enum { TOTAL = 16 };
	static const char *const first[] = {"hang.a", "pass.b", "crash.c", "fail.d"};
	srh_pool_opts po = {2, 0.5, false, by_name, 50, NULL};
	char names[TOTAL][48];
	bool seen[TOTAL] = {false};
	size_t submitted = 0, collected = 0, max_pending = 0;
	srh_pool *p = NULL;

	cr_assert_eq(srh_pool_open(&po, &p), 0);
	for (size_t i = 0; i < 4; i++) {
		uint64_t id;
		srh_request rq = unit(first[i], i);
		snprintf(names[submitted], sizeof(names[0]), "%s", first[i]);
		cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
		cr_assert_eq(id, submitted++);
	}
	while (collected < TOTAL) {
		srh_result r;
		uint64_t id;
		srh_verdict want;

		if (srh_pool_pending(p) > max_pending)
			max_pending = srh_pool_pending(p);
		cr_assert_eq(srh_pool_collect(p, 10.0, &r, &id), SRH_POOL_OK);
		cr_assert_lt(id, submitted);
		cr_assert_not(seen[id], "unit %llu came back twice", (unsigned long long)id);
		seen[id] = true;
		collected++;
		cr_assert_str_eq(r.name, names[id]);
		cr_assert_eq(r.seed, id < 4 ? id : 1000 + id);
		want = strncmp(names[id], "crash", 5) == 0  ? SRH_CRASH
		       : strncmp(names[id], "hang", 4) == 0 ? SRH_HANG
		       : strncmp(names[id], "fail", 4) == 0 ? SRH_FAIL
							    : SRH_PASS;
		cr_assert_eq(r.verdict, want, "%s: %s", names[id], srh_verdict_name(r.verdict));
		if (want == SRH_CRASH)
			cr_assert_eq(r.signal, SIGSEGV);
		if (submitted < TOTAL) {
			uint64_t nid;
			srh_request rq;
			snprintf(names[submitted], sizeof(names[0]), "%s.%zu",
				 next_after(r.verdict), submitted);
			rq = unit(names[submitted], 1000 + submitted);
			cr_assert_eq(srh_pool_submit(p, &rq, &nid), 0);
			cr_assert_eq(nid, submitted++);
		}
		srh_result_free(&r);
	}
	cr_assert_eq(max_pending, 4);
	cr_assert_eq(srh_pool_pending(p), 0);
	srh_pool_close(p);
}

/* Collect with a timeout while only a hang runs: TIMEOUT first, then the
 * HANG once the watchdog fires. */
Test(stream, collect_times_out_then_gets_the_hang)
{
	srh_pool_opts po = {1, 0.6, false, by_name, 1, NULL};
	srh_request rq = unit("hang.t", 1);
	srh_pool *p = NULL;
	srh_result r;
	uint64_t id;

	cr_assert_eq(srh_pool_open(&po, &p), 0);
	cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
	cr_assert_eq(srh_pool_collect(p, 0.05, &r, &id), SRH_POOL_TIMEOUT);
	cr_assert_eq(srh_pool_collect(p, 5.0, &r, &id), SRH_POOL_OK);
	cr_assert_eq(r.verdict, SRH_HANG);
	srh_result_free(&r);
	srh_pool_close(p);
}

/* ---- real scenarios, the provider chosen from the last verdict ----------- */

#ifdef BAD_CRASH_GETERROR
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 65536);
	size_t n;

	cr_assert_not_null(f, "%s", path);
	cr_assert_not_null(s);
	n = fread(s, 1, 65535, f);
	cr_assert_gt(n, 0);
	fclose(f);
	return s;
}

Test(stream, scenarios_with_the_provider_chosen_from_the_verdict)
{
	static const srh_verdict want[] = {SRH_PASS, SRH_CRASH, SRH_HANG, SRH_FAIL, SRH_PASS};
	const char *pass_file = RUNNER_SCN "/pass/initial_sync_ok.yaml";
	const char *fail_file = RUNNER_SCN "/fail/must_wrong_rc.yaml";
	char *pass_text = slurp(pass_file), *fail_text = slurp(fail_file);
	srh_pool_opts po = {1, 2.0, false, NULL, 1, NULL};
	srh_request rq = {"runner.initial_sync.ok",
			  pass_file,
			  "initial_sync",
			  pass_text,
			  3,
			  false,
			  false,
			  NULL,
			  NULL,
			  NULL};
	srh_pool *p = NULL;

	cr_assert_eq(srh_pool_open(&po, &p), 0);
	for (size_t step = 0; step < sizeof(want) / sizeof(want[0]); step++) {
		srh_result r;
		uint64_t id, got;

		cr_assert_eq(srh_pool_submit(p, &rq, &id), 0);
		cr_assert_eq(srh_pool_collect(p, -1, &r, &got), SRH_POOL_OK);
		cr_assert_eq(got, id);
		cr_assert_str_eq(r.name, rq.name);
		cr_assert_eq(r.verdict, want[step], "step %zu (%s, provider %s): %s %s", step,
			     rq.name, rq.provider ? rq.provider : "reference",
			     srh_verdict_name(r.verdict), r.reason ? r.reason : "");
		switch (r.verdict) {
		case SRH_PASS: /* then the same scenario against a provider that crashes */
			rq.provider = BAD_CRASH_GETERROR;
			break;
		case SRH_CRASH: /* then one that hangs */
			cr_assert_eq(r.signal, SIGSEGV);
			rq.provider = BAD_HANG_GETERROR;
			break;
		case SRH_HANG: /* then a scenario the reference fails */
			rq = (srh_request){"runner.fail.must",
					   fail_file,
					   "test_topology",
					   fail_text,
					   1,
					   false,
					   false,
					   NULL,
					   NULL,
					   NULL};
			break;
		default: /* then the first one again, another seed */
			rq = (srh_request){"runner.initial_sync.ok",
					   pass_file,
					   "initial_sync",
					   pass_text,
					   4,
					   true,
					   false,
					   NULL,
					   NULL,
					   NULL};
			break;
		}
		srh_result_free(&r);
	}
	srh_pool_close(p);
	free(pass_text);
	free(fail_text);
}
#endif
