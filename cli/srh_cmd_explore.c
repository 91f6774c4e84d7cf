/*
 * srh_cmd_explore.c - `srh explore`: options, then xpl_explore(); each
 * shrunk failure and a summary record go into the results database like a
 * run's results, so report, diff and JUnit work on an exploration.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_db.h"
#include "srh_util.h"
#include "xpl.h"

#define XPL_DEFAULT_OUT "reports/explore"
#define XPL_DEFAULT_BUDGET 400u

static const char explore_help[] =
    "usage: srh explore [--provider X.so] [--profile F] [--seed N]\n"
    "                   [--runs N | --time DURATION] [-j N] [--differential REF.so]\n"
    "                   [--out DIR] [--shrink-budget N] [--timeout S] [--worker-runs N]\n"
    "                   [--no-fork]\n"
    "                   [--db FILE | --no-db] [--junit FILE] [--tap [FILE]] [--json FILE]\n"
    "\n"
    "Runs random scenarios made from the seed (default 1): each switches on a random\n"
    "subset of features (swarm testing): every job kind and topology size, 0..4\n"
    "simulator faults with every trigger, provider faults, client calls at random\n"
    "moments as the owner, another principal or an administrator, RequestStateChange\n"
    "with valid and invalid states, provider restarts, time jumps across\n"
    "TimeBeforeRemoval, instance_id variants, two or three jobs at once (same and\n"
    "other groups, one owner or two, staggered). Each runs in the pooled workers\n"
    "like srh run and is judged by the contract invariants and the profile's SHOULD\n"
    "checks (generated scenarios carry no expectations). A CRASH or HANG is a\n"
    "failure too (--no-fork runs in this process: no isolation). Default: --runs\n"
    "1000; --time 60s (or 2m, 500ms) runs until then.\n"
    "\n"
    "Each distinct failure (by rule) is shrunk to a small scenario that still fails\n"
    "with that rule, written under --out (default " XPL_DEFAULT_OUT ") and printed\n"
    "with its repro line (srh run FILE --provider X.so). --differential REF.so runs\n"
    "every scenario on REF.so too and reports each difference a client could see\n"
    "(rc, Error present or NULL, Error properties, JobState, OperationalStatus) as a\n"
    "failure \"DIFF ...\". Progress goes to stderr once a second; the found failures\n"
    "and the summary of what was exercised (rc values, job paths, fault points,\n"
    "calls) to stdout, the same bytes for the same seed, provider and --runs.\n"
    "The shrunk runs and a summary record go into the results database as a run\n"
    "of kind explore (--db, default " SRH_DEFAULT_DB ").\n"
    "Exit: 0 no failure, 1 failures found, 2 bad usage.\n";

typedef struct xopts {
	xpl_opts x;
	srh_common c;
	srh_db_opts db;
	bool has_runs, has_time;
} xopts;

static int time_arg(const char *v, double *out)
{
	uint64_t ns;

	if (scn_parse_duration(v, &ns) == 0 && ns > 0) {
		*out = (double)ns / 1e9;
		return 0;
	}
	return srh_arg_seconds("explore", "--time", v, out);
}

static int parse_one(srh_args *a, xopts *o)
{
	const char *v;
	uint64_t n;
	int r;

	if ((r = srh_arg_value(a, "--runs", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_u64("explore", "--runs", v, 1, UINT64_MAX / 4, &o->x.runs))
			return -1;
		return o->has_runs = true, 1;
	}
	if ((r = srh_arg_value(a, "--time", NULL, &v)) != 0)
		return r < 0 || time_arg(v, &o->x.time_s) != 0 ? -1 : (o->has_time = true, 1);
	if ((r = srh_arg_value(a, "--differential", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->x.differential = v, 1);
	if ((r = srh_arg_value(a, "--out", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->x.out_dir = v, 1);
	if ((r = srh_arg_value(a, "--shrink-budget", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_u64("explore", "--shrink-budget", v, 0, 100000, &n))
			return -1;
		return o->x.shrink_budget = (unsigned)n, 1;
	}
	if ((r = srh_common_option(a, &o->c,
				   SRH_OPT_PROVIDER | SRH_OPT_PROFILE | SRH_OPT_SEED |
				       SRH_OPT_JOBS | SRH_OPT_TIMEOUT | SRH_OPT_NO_FORK)) != 0)
		return r;
	return srh_db_option(a, &o->db, false);
}

/* 0 ok, 1 --help shown, -1 bad usage (printed). */
static int parse_args(int argc, char **argv, xopts *o)
{
	srh_args a = {"explore", argc, argv, 1};
	int r;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(explore_help, stdout);
			return 1;
		}
		if ((r = parse_one(&a, o)) < 0)
			return -1;
		if (r == 0) {
			srh_usage("explore", "unexpected argument %s", argv[a.i]);
			return -1;
		}
	}
	if (o->has_runs && o->has_time) {
		srh_usage("explore", "--runs and --time exclude each other");
		return -1;
	}
	if (o->db.shard || o->db.baseline) {
		srh_usage("explore", "--shard and --baseline do not apply to explore");
		return -1;
	}
	return srh_db_check("explore", &o->db) != 0 ? -1 : 0;
}

/* The differential reference must load like --provider. */
static int check_providers(const xopts *o)
{
	srh_common ref = o->c;

	if (srh_common_check("explore", &o->c) != 0)
		return -1;
	if (!o->x.differential)
		return 0;
	ref.provider = o->x.differential;
	return srh_common_check("explore", &ref);
}

/* ---- the summary record ------------------------------------------------------ */

static void note_line(void *ctx, const char *line)
{
	srh_result *r = ctx;

	(void)srh_result_event(r, 0, SRH_TL_NOTE, 0, 0, "%s", line);
}

static void print_line(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

static void store(srh_sink *sink, const xopts *o, const xpl_report *rep)
{
	srh_result r;
	int fail = 0;

	for (size_t i = 0; i < rep->n_found; i++)
		srh_sink_add(sink, &rep->found[i].res);
	srh_result_init(&r);
	r.name = srh_asprintf("explore.summary.%" PRIu64, o->x.seed);
	r.file = srh_strdup(o->x.out_dir, &fail);
	r.job_kind = srh_strdup("explore", &fail);
	r.seed = o->x.seed;
	r.wall_s = rep->wall_s;
	xpl_summary_lines(&rep->sum, note_line, &r);
	if (r.name && !fail)
		srh_sink_add(sink, &r);
	srh_result_free(&r);
}

static int explore(xopts *o, int argc, char **argv)
{
	srh_sink sink = {0};
	xpl_report rep;
	int rc, r;

	if (check_providers(o) != 0 ||
	    srh_sink_begin(&sink, "explore", "explore", &o->db, &o->c, argc, argv, 0) != 0)
		return SRH_EXIT_USAGE;
	o->x.provider = o->c.provider;
	o->x.profile = o->c.profile;
	o->x.seed = o->c.has_seed ? o->c.seed : 1;
	o->x.pool =
	    (srh_pool_opts){o->c.jobs, o->c.timeout_s, o->c.no_fork, NULL, o->c.worker_runs, NULL};
	o->x.progress = stderr;
	o->x.out = stdout;
	r = xpl_explore(&o->x, &rep);
	printf("explore: seed %" PRIu64 ", %" PRIu64 " runs, %" PRIu64 " failed, %zu distinct "
	       "failure(s)%s\n",
	       o->x.seed, rep.runs, rep.failed_runs, rep.n_found,
	       rep.interrupted ? " (interrupted)" : "");
	xpl_summary_lines(&rep.sum, print_line, stdout);
	fprintf(stderr, "explore: %.1f s, %.0f runs/s\n", rep.wall_s,
		rep.wall_s > 0 ? (double)rep.runs / rep.wall_s : 0.0);
	store(&sink, o, &rep);
	rc = r != 0 || rep.failed_runs || rep.n_found || rep.interrupted ? SRH_EXIT_FAIL
									 : SRH_EXIT_OK;
	if (srh_sink_end(&sink, r == 0 && !rep.interrupted, stderr) != 0)
		rc = SRH_EXIT_FAIL;
	xpl_report_free(&rep);
	return rc;
}

int srh_cmd_explore(int argc, char **argv)
{
	xopts o = {0};
	int r, rc;

	srh_common_init(&o.c);
	o.x.runs = 1000;
	o.x.out_dir = XPL_DEFAULT_OUT;
	o.x.shrink_budget = XPL_DEFAULT_BUDGET;
	if ((r = parse_args(argc, argv, &o)) != 0) {
		srh_common_free(&o.c);
		return r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	}
	if (o.has_time)
		o.x.runs = 0;
	rc = explore(&o, argc, argv);
	srh_common_free(&o.c);
	return rc;
}
