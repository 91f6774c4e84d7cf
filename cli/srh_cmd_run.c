/*
 * srh_cmd_run.c - `srh run`: the scenarios under the paths, each in a
 * pooled worker process (or in-process with --no-fork), N at a time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_cli.h"
#include "srh_db.h"
#include "srh_out.h"
#include "srh_pool.h"

static const char run_help[] =
    "usage: srh run [PATH...] [--filter GLOB] [-j N] [--seed N] [--provider PATH.so]\n"
    "               [--profile FILE] [--timeout S] [--no-fork] [--worker-runs N] [-v]\n"
    "               [--shard K/N]\n"
    "               [--db FILE | --no-db] [--junit FILE] [--tap [FILE.tap]] [--json FILE]\n"
    "               [--baseline DB]\n"
    "       srh run --resume [--db FILE]\n"
    "\n"
    "Run every scenario file under each PATH (a file or a directory, searched\n"
    "recursively for *.yaml; default: the built-in suite " SRH_SUITE_DIR ").\n"
    "Every file is parsed first: one that does not parse stops the command\n"
    "(exit 2) with the parser's file:line: message.\n"
    "\n"
    "  --filter GLOB      only scenarios whose name matches GLOB (fnmatch)\n"
    "  -j, --jobs N       run N scenarios at once (default 1)\n"
    "  --seed N           use seed N instead of each scenario's own\n"
    "  --provider PATH    provider .so to test (default: the built-in reference)\n"
    "  --profile FILE     fault profile for the provider and the SHOULD checks\n"
    "                     (default: provider/profiles/reference.yaml)\n"
    "  --timeout S        wall-clock watchdog per scenario, seconds (default 10)\n"
    "  --no-fork          run in this process: no isolation, no watchdog\n"
    "  --worker-runs N    scenarios one worker process runs before it is replaced\n"
    "                     (default 100; 1: a fresh process per scenario)\n"
    "  -v, --verbose      one line per scenario (default: a counter on a terminal)\n"
    "  --shard K/N        run only shard K of N: the scenarios whose name hashes to K\n"
    "                     (stable across machines; srh merge joins the shards)\n"
    "\n"
    "Results database (see docs/REPORTS.md):\n"
    "  --db FILE          store every result in FILE as it completes (default\n"
    "                     " SRH_DEFAULT_DB "); --no-db stores nothing\n"
    "  --resume           finish the newest unfinished run in the database (killed or\n"
    "                     interrupted): its own arguments, only the scenarios that\n"
    "                     have no result yet; run it from the same directory\n"
    "  --junit FILE       write JUnit XML of the run at the end\n"
    "  --tap [FILE.tap]   write TAP 13 (to stdout, progress then goes to stderr)\n"
    "  --json FILE        write the run as JSON\n"
    "  --baseline DB      compare with the newest run in DB (the run before this one\n"
    "                     when DB is the results database itself); exit 1 when\n"
    "                     something regressed\n"
    "\n"
    "srh run --target http[s]://HOST[:PORT]/NAMESPACE [--user U:P] [--other-user U:P]\n"
    "srh run --target wsman+http[s]://HOST[:PORT]/wsman [...the same options]\n"
    "        [--cacert CA.pem | --insecure]\n"
    "  checks a live provider over CIM-XML or WS-Management instead: it enumerates\n"
    "  the jobs, drives what a client can (terminate, kill, suspend/resume, access\n"
    "  denied, invalid parameter) and checks the MUST invariants on every GetError;\n"
    "  faults it cannot inject are reported as not covered; the run is stored in the\n"
    "  results database like any run (--db, --junit, ...; --auth, --wait, --watch:\n"
    "  'srh run --target URL --help').\n"
    "\n"
    "Each scenario runs isolated in a worker process (one worker runs up to\n"
    "--worker-runs scenarios in turn): a crash is a CRASH verdict with the signal,\n"
    "a run past the watchdog is killed and is a HANG; the worker is replaced and\n"
    "the run goes on. A failure in a worker that ran other scenarios first is\n"
    "rerun alone on a fresh worker; the result says whether it reproduced.\n"
    "A failure prints the rule, expected and observed values, virtual time,\n"
    "file:line and a repro line (srh replay FILE --seed N).\n"
    "Exit: 0 all passed, 1 a failure (MUST or SHOULD), CRASH, HANG or ERROR,\n"
    "2 bad usage or input.\n";

static const char list_help[] =
    "usage: srh list [PATH...] [--filter GLOB]\n"
    "\n"
    "Parse the scenario files under each PATH (default: the built-in suite) and\n"
    "print one line per scenario: name, job kind, file. Exit 2 when a file does\n"
    "not parse.\n";

char *srh_repro(char *buf, size_t len, const char *file, uint64_t seed, const srh_common *c)
{
	int n = snprintf(buf, len, "srh replay %s --seed %" PRIu64, file ? file : "?", seed);

	if (n >= 0 && (size_t)n < len && c && c->provider)
		n += snprintf(buf + n, len - (size_t)n, " --provider %s", c->provider);
	if (n >= 0 && (size_t)n < len && c && c->profile)
		snprintf(buf + n, len - (size_t)n, " --profile %s", c->profile);
	return buf;
}

typedef struct run_ctx {
	srh_out out;
	const srh_common *c;
	srh_sink *sink;
} run_ctx;

static void on_done(void *ctx, size_t idx, const srh_result *r)
{
	run_ctx *rc = ctx;
	char repro[1024];

	(void)idx;
	/* Committed before its line is printed: what a killed run printed is
	 * in the database. */
	srh_sink_add(rc->sink, r);
	srh_out_result(&rc->out, r, srh_repro(repro, sizeof(repro), r->file, r->seed, rc->c));
}

static int parse_args(int argc, char **argv, srh_common *c, srh_db_opts *o, const char *cmd,
		      unsigned allowed, const char *help)
{
	srh_args a = {cmd, argc, argv, 1};
	int r;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(help, stdout);
			return 1;
		}
		if ((r = srh_common_option(&a, c, allowed)) < 0)
			return -1;
		if (r == 0 && o && (r = srh_db_option(&a, o, true)) < 0)
			return -1;
		if (r == 0 && srh_common_positional(&a, c) != 0)
			return -1;
	}
	return 0;
}

/* The scenarios of this shard that still need a result: their indices
 * into s, in suite order. Returns how many, or -1 (printed). */
static long select_units(const srh_suite *s, const srh_db_opts *o, srh_sink *sink, bool resumed,
			 size_t *idx)
{
	const char **names = calloc(s->n + 1, sizeof(*names));
	bool *pending = calloc(s->n + 1, sizeof(*pending));
	size_t n = 0, k = 0;
	long left = -1;

	if (!names || !pending) {
		fprintf(stderr, "srh run: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < s->n; i++)
		if (srh_db_pick(o, s->sc[i]->name))
			idx[n] = i, names[n++] = s->sc[i]->name;
	if (resumed && srh_sink_pending(sink, names, n, pending) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (!resumed || pending[i])
			idx[k++] = idx[i];
	if (resumed)
		fprintf(srh_db_human(o), "resuming run %lld: %zu of %zu scenarios left\n",
			(long long)sink->run, k, n);
	left = (long)k;
out:
	free(names);
	free(pending);
	return left;
}

/* Load, select, run, store. Returns the exit status. */
static int run_suite(srh_common *c, srh_db_opts *o, srh_sink *sink, bool resumed, int argc,
		     char **argv)
{
	srh_suite s = {0};
	srh_request *units = NULL;
	srh_result *res = NULL;
	size_t *idx = NULL;
	run_ctx ctx;
	long n;
	int rc = SRH_EXIT_USAGE, r;

	if (srh_common_check("run", c) != 0 ||
	    srh_suite_load("run", c->paths, c->n_paths, c->filter, &s) != 0)
		goto out;
	if (!(idx = calloc(s.n + 1, sizeof(*idx)))) {
		fprintf(stderr, "srh run: out of memory\n");
		goto out;
	}
	if ((n = select_units(&s, o, sink, resumed, idx)) < 0)
		goto out;
	if (!resumed && srh_sink_begin(sink, "run", "run", o, c, argc, argv, (size_t)n) != 0)
		goto out;
	units = calloc((size_t)n + 1, sizeof(*units));
	res = calloc((size_t)n + 1, sizeof(*res));
	if (!units || !res) {
		fprintf(stderr, "srh run: out of memory\n");
		(void)srh_sink_end(sink, false, srh_db_human(o));
		rc = SRH_EXIT_FAIL;
		goto out;
	}
	/* Each unit names its file and carries the model parsed here, which
	 * a worker forked after submission inherited (srh_run_request). */
	for (long i = 0; i < n; i++) {
		const scn_scenario *sc = s.sc[idx[i]];
		units[i] = (srh_request){sc->name,
					 sc->file,
					 sc->job.kind,
					 NULL,
					 c->has_seed ? c->seed : sc->seed,
					 c->has_seed,
					 false,
					 c->provider,
					 c->profile,
					 sc};
	}
	srh_pool_opts po = {c->jobs, c->timeout_s, c->no_fork, NULL, c->worker_runs, NULL};
	ctx.c = c;
	ctx.sink = sink;
	srh_out_init(&ctx.out, srh_db_human(o), c->verbose, (size_t)n);
	r = srh_pool_run(units, (size_t)n, &po, res, on_done, &ctx);
	srh_out_totals(&ctx.out, "run");
	rc = r == 0 ? srh_tally_status(&ctx.out.t) : SRH_EXIT_FAIL;
	/* a resumed run is judged whole, from the database */
	if (resumed && r == 0 && srh_sink_not_passed(sink) >= 0)
		rc = srh_sink_not_passed(sink) > 0 ? SRH_EXIT_FAIL : SRH_EXIT_OK;
	if (srh_sink_end(sink, r == 0, srh_db_human(o)) != 0)
		rc = SRH_EXIT_FAIL;
	for (long i = 0; i < n; i++)
		srh_result_free(&res[i]);
out:
	if (sink->db) { /* stopped before the run began */
		rpt_db_close(sink->db);
		sink->db = NULL;
	}
	free(idx);
	free(units);
	free(res);
	srh_suite_free(&s);
	return rc;
}

/* --resume: only --db (and --resume) may be given; everything else is the
 * interrupted run's own command line, read back from the database. */
static int resume(srh_db_opts *given)
{
	srh_common c;
	srh_db_opts o = {0};
	srh_sink sink;
	char *line = NULL, **w = NULL;
	int nw = 0, rc = SRH_EXIT_USAGE;

	srh_common_init(&c);
	if (srh_sink_resume(&sink, "run", given, &line) != 0)
		goto out;
	if (!(w = srh_cmdline_split(line, &nw)) || nw < 2 || strcmp(w[1], "run") != 0) {
		fprintf(stderr, "srh run: cannot read the stored command line: %s\n", line);
		rpt_db_close(sink.db);
		goto out;
	}
	fprintf(srh_db_human(given), "resume: %s\n", line);
	if (parse_args(nw - 1, w + 1, &c, &o, "run", ~0u, run_help) != 0 || o.resume) {
		rpt_db_close(sink.db);
		goto out;
	}
	o.db = given->db;
	o.no_db = false;
	sink.o = &o;
	rc = run_suite(&c, &o, &sink, true, nw - 1, w + 1);
out:
	for (int i = 0; w && i < nw; i++)
		free(w[i]);
	free(w);
	free(line);
	srh_common_free(&c);
	return rc;
}

int srh_cmd_run(int argc, char **argv)
{
	srh_common c;
	srh_db_opts o = {0};
	srh_sink sink = {0};
	int rc = SRH_EXIT_USAGE, r;

	if (srh_run_is_target(argc, argv))
		return srh_cmd_target(argc, argv);
	srh_common_init(&c);
	if ((r = parse_args(argc, argv, &c, &o, "run", ~0u, run_help)) != 0) {
		rc = r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
		goto out;
	}
	if (srh_db_check("run", &o) != 0)
		goto out;
	if (o.resume) {
		if (c.n_paths || c.filter || c.has_seed || c.provider || c.profile || o.shard ||
		    o.junit || o.tap || o.json || o.baseline) {
			rc = srh_usage("run", "--resume takes the interrupted run's own arguments: "
					      "give only --db");
			goto out;
		}
		rc = resume(&o);
		goto out;
	}
	rc = run_suite(&c, &o, &sink, false, argc, argv);
out:
	srh_common_free(&c);
	return rc;
}

int srh_cmd_list(int argc, char **argv)
{
	srh_common c;
	srh_suite s = {0};
	int r, rc = SRH_EXIT_USAGE;

	srh_common_init(&c);
	if ((r = parse_args(argc, argv, &c, NULL, "list", SRH_OPT_FILTER, list_help)) != 0) {
		rc = r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
		goto out;
	}
	if (srh_suite_load("list", c.paths, c.n_paths, c.filter, &s) != 0)
		goto out;
	for (size_t i = 0; i < s.n; i++)
		printf("%-40s %-20s %s\n", s.sc[i]->name, s.sc[i]->job.kind, s.sc[i]->file);
	rc = SRH_EXIT_OK;
out:
	srh_suite_free(&s);
	srh_common_free(&c);
	return rc;
}
