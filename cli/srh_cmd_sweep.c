/*
 * srh_cmd_sweep.c - `srh sweep`: options, then srh_sweep_run().
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"
#include "srh_db.h"
#include "srh_sweep.h"

static const char sweep_help[] =
    "usage: srh sweep [--kind K] [--point P] [--max-n N] [--nth N] [--persistent]\n"
    "                 [-j N] [--provider PATH.so] [--profile FILE] [--timeout S]\n"
    "                 [--no-fork] [--worker-runs N] [-v] [--shard K/N]\n"
    "                 [--db FILE | --no-db]\n"
    "                 [--junit FILE] [--tap [FILE.tap]] [--json FILE] [--baseline DB]\n"
    "\n"
    "For every job kind (or K), a clean run on a small topology counts how often\n"
    "the engine reaches each simulator fault point; then, for every point reached\n"
    "(or those matching the glob P) and every N = 1..min(hits, max-n), one run\n"
    "arms the point on its Nth hit (the Nth hit only; with --persistent, every\n"
    "hit from the Nth on). --nth N runs that N alone; --max-n 0 only the clean\n"
    "runs. Every run is judged by the contract invariants and by \"the job ended\n"
    "on a contract path\": it ended, and GetError by its owner at the end and\n"
    "after a provider restart returns 0. Runs are isolated in worker processes\n"
    "and watchdogged like srh run (--worker-runs, --no-fork). Default max-n: 10.\n"
    "Like srh run, every result goes into the results database (--db, default\n"
    "" SRH_DEFAULT_DB ") as a run of kind sweep, and --junit/--tap/--json/\n"
    "--baseline work the same. --shard K/N runs the cases whose name hashes to K\n"
    "(every shard runs the clean runs to plan, and keeps only its own).\n"
    "Exit: 0 every run passed, 1 an invariant broke (or CRASH/HANG/ERROR),\n"
    "2 bad usage.\n";

static int check_point(const char *p)
{
	for (size_t i = 0; i < sim_fault_point_count(); i++) {
		const char *n = sim_fault_point_at(i)->name;
		if (strcmp(n, p) == 0 || fnmatch(p, n, 0) == 0)
			return 0;
	}
	srh_usage("sweep", "--point %s matches no simulator fault point (srh faults lists them)",
		  p);
	return -1;
}

static int parse_one(srh_args *a, srh_sweep_opts *o, srh_common *c)
{
	const char *v;
	int r;

	if (srh_arg_flag(a, "--persistent", NULL))
		return o->persistent = true, 1;
	if ((r = srh_arg_value(a, "--kind", NULL, &v)) != 0) {
		if (r < 0)
			return -1;
		if (sim_job_kind_parse(v) < 0) {
			srh_usage("sweep", "--kind %s is not a job kind (srh list shows kinds)", v);
			return -1;
		}
		o->kind = v;
		return 1;
	}
	if ((r = srh_arg_value(a, "--point", NULL, &v)) != 0)
		return r < 0 || check_point(v) != 0 ? -1 : (o->point = v, 1);
	if ((r = srh_arg_value(a, "--max-n", NULL, &v)) != 0)
		return r < 0 || srh_arg_u64("sweep", "--max-n", v, 0, 100000, &o->max_n) != 0 ? -1
											      : 1;
	if ((r = srh_arg_value(a, "--nth", NULL, &v)) != 0)
		return r < 0 || srh_arg_u64("sweep", "--nth", v, 1, 100000000, &o->nth) != 0 ? -1
											     : 1;
	return srh_common_option(a, c,
				 SRH_OPT_JOBS | SRH_OPT_PROVIDER | SRH_OPT_PROFILE |
				     SRH_OPT_TIMEOUT | SRH_OPT_VERBOSE | SRH_OPT_NO_FORK);
}

/* The results database side of a sweep (srh_db.h). */
typedef struct sweep_db {
	srh_db_opts o;
	srh_sink sink;
} sweep_db;

static bool db_pick(void *ctx, const char *name)
{
	return srh_db_pick(&((sweep_db *)ctx)->o, name);
}

static void db_record(void *ctx, const srh_result *r)
{
	srh_sink_add(&((sweep_db *)ctx)->sink, r);
}

int srh_cmd_sweep(int argc, char **argv)
{
	srh_common c;
	srh_sweep_opts o = {0};
	srh_args a = {"sweep", argc, argv, 1};
	srh_tally t;
	sweep_db db = {0};
	int r, rc;

	srh_common_init(&c);
	o.max_n = SRH_SWEEP_MAX_N;
	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(sweep_help, stdout);
			return SRH_EXIT_OK;
		}
		if ((r = parse_one(&a, &o, &c)) < 0)
			return SRH_EXIT_USAGE;
		if (r == 0 && (r = srh_db_option(&a, &db.o, false)) < 0)
			return SRH_EXIT_USAGE;
		if (r == 0)
			return srh_usage("sweep", "unexpected argument %s", argv[a.i]);
	}
	if (srh_db_check("sweep", &db.o) != 0 || srh_common_check("sweep", &c) != 0 ||
	    srh_sink_begin(&db.sink, "sweep", "sweep", &db.o, &c, argc, argv, 0) != 0)
		return SRH_EXIT_USAGE;
	o.provider = c.provider;
	o.profile = c.profile;
	o.pool = (srh_pool_opts){c.jobs, c.timeout_s, c.no_fork, NULL, c.worker_runs, NULL};
	o.verbose = c.verbose;
	o.pick = db_pick;
	o.record = db_record;
	o.ctx = &db;
	o.out = srh_db_human(&db.o);
	r = srh_sweep_run(&o, &t);
	rc = r != 0 ? SRH_EXIT_FAIL : srh_tally_status(&t);
	if (srh_sink_end(&db.sink, r == 0, o.out) != 0)
		rc = SRH_EXIT_FAIL;
	return rc;
}
