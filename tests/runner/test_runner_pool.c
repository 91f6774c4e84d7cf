/* srh_pool: each unit in a forked child with a watchdog. A crash is CRASH
 * with its signal, a hang is HANG within the watchdog, a unit that exits
 * without a result is ERROR, output of a unit never reaches our stdout,
 * and the units after a bad one still run. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "srh_pool.h"
#include "srh_util.h"

static int unit_pass(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)o;
	srh_result_init(r);
	r->name = strdup(rq->name);
	/* A provider writing to stdout/stderr must not corrupt srh's output. */
	printf("noise on stdout\n");
	fprintf(stderr, "noise on stderr\n");
	return 0;
}

static int unit_crash(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)rq, (void)o, (void)r;
	fprintf(stderr, "about to crash\n");
	/* A sanitizer build catches SIGSEGV itself and aborts: the default
	 * action is the crash the pool must report. */
	(void)signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 0;
}

static int unit_hang(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)rq, (void)o, (void)r;
	for (;;)
		pause();
	return 0;
}

static int unit_exit(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)rq, (void)o, (void)r;
	_exit(3);
}

/* A unit whose result claims another scenario: the parent does not trust it. */
static int unit_liar(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	(void)rq, (void)o;
	srh_result_init(r);
	r->name = strdup("somebody.else");
	return 0;
}

/* The workers' handler: what a unit does is in its name (the request is
 * all a worker gets). */
static int unit_by_name(const srh_request *rq, const srh_run_opts *o, srh_result *r)
{
	static const struct {
		const char *prefix;
		srh_unit_fn fn;
	} by[] = {{"crash", unit_crash},
		  {"hang", unit_hang},
		  {"exit", unit_exit},
		  {"liar", unit_liar},
		  {"pass", unit_pass}};

	for (size_t i = 0; i < sizeof(by) / sizeof(by[0]); i++)
		if (strncmp(rq->name, by[i].prefix, strlen(by[i].prefix)) == 0)
			return by[i].fn(rq, o, r);
	srh_result_init(r);
	r->verdict = SRH_ERROR;
	return -1;
}

#define U(name)                                                                                    \
	{                                                                                          \
		name, "f.yaml", "initial_sync", NULL, 7, false, false, NULL, NULL, NULL            \
	}

static const srh_request units[] = {
    U("crash"), U("pass1"), U("hang"), U("exit3"), U("liar"), U("pass2"),
};
#define N_UNITS (sizeof(units) / sizeof(units[0]))

static size_t done_calls;

static void on_done(void *ctx, size_t idx, const srh_result *r)
{
	(void)ctx;
	cr_assert_lt(idx, N_UNITS);
	cr_assert_not_null(r->name);
	done_calls++;
}

static void run(unsigned jobs)
{
	srh_pool_opts po = {jobs, 0.5, false, unit_by_name, 1, NULL};
	srh_result res[N_UNITS];
	double t0 = srh_wall_now(), dt;

	done_calls = 0;
	cr_assert_eq(srh_pool_run(units, N_UNITS, &po, res, on_done, NULL), 0);
	dt = srh_wall_now() - t0;
	cr_assert_eq(done_calls, N_UNITS);

	cr_assert_eq(res[0].verdict, SRH_CRASH);
	cr_assert_eq(res[0].signal, SIGSEGV);
	cr_assert(strstr(res[0].reason, "SIGSEGV"), "%s", res[0].reason);
	cr_assert_str_eq(res[0].name, "crash");
	cr_assert_eq(res[0].seed, 7);
	cr_assert(res[0].output && strstr(res[0].output, "about to crash"));

	cr_assert_eq(res[1].verdict, SRH_PASS);
	cr_assert_str_eq(res[1].name, "pass1");
	cr_assert_null(res[1].output);

	cr_assert_eq(res[2].verdict, SRH_HANG);
	cr_assert(strstr(res[2].reason, "watchdog"));
	cr_assert_geq(res[2].wall_s, 0.5);

	cr_assert_eq(res[3].verdict, SRH_ERROR);
	cr_assert(strstr(res[3].reason, "status 3"), "%s", res[3].reason);

	cr_assert_eq(res[4].verdict, SRH_ERROR);
	cr_assert_str_eq(res[4].name, "liar");

	cr_assert_eq(res[5].verdict, SRH_PASS);
	/* The one hang costs one watchdog period, not the whole run. */
	cr_assert_lt(dt, 3.0, "took %.2fs", dt);
	for (size_t i = 0; i < N_UNITS; i++)
		srh_result_free(&res[i]);
}

Test(pool, one_at_a_time)
{
	run(1);
}

Test(pool, two_at_a_time)
{
	run(2);
}

Test(pool, no_fork_runs_in_process)
{
	srh_pool_opts po = {1, 0.5, true, unit_by_name, 1, NULL};
	srh_request u[] = {U("pass.a"), U("pass.b")};
	srh_result res[2];

	done_calls = 0;
	cr_assert_eq(srh_pool_run(u, 2, &po, res, on_done, NULL), 0);
	cr_assert_eq(done_calls, 2);
	cr_assert_eq(res[0].verdict, SRH_PASS);
	cr_assert_str_eq(res[1].name, "pass.b");
	srh_result_free(&res[0]);
	srh_result_free(&res[1]);
}

Test(pool, signal_names)
{
	char b[32];

	cr_assert_str_eq(srh_signal_name(SIGSEGV, b, sizeof(b)), "SIGSEGV");
	cr_assert_str_eq(srh_signal_name(SIGABRT, b, sizeof(b)), "SIGABRT");
	cr_assert_str_eq(srh_signal_name(200, b, sizeof(b)), "signal 200");
}
