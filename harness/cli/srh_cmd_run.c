/*
 * srh_cmd_run.c - `srh run`: the scenarios under the paths, each in a
 * forked child (or in-process with --no-fork), N at a time.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_cli.h"
#include "srh_out.h"
#include "srh_pool.h"

static const char run_help[] =
    "usage: srh run [PATH...] [--filter GLOB] [-j N] [--seed N] [--provider PATH.so]\n"
    "               [--profile FILE] [--timeout S] [--no-fork] [-v]\n"
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
    "  -v, --verbose      one line per scenario (default: a counter on a terminal)\n"
    "\n"
    "srh run --target http://HOST:PORT/NAMESPACE [--user U:P] [--other-user U:P]\n"
    "  checks a live provider over CIM-XML instead: it enumerates the jobs, drives\n"
    "  what a client can (terminate, kill, suspend/resume, access denied, invalid\n"
    "  parameter) and checks the MUST invariants on every GetError; faults it\n"
    "  cannot inject are reported as not covered ('srh run --target --help').\n"
    "\n"
    "Each scenario runs in its own child process: a crash is a CRASH verdict with\n"
    "the signal, a run past the watchdog is killed and is a HANG; the run goes on.\n"
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

static int run_unit(const void *arg, const srh_run_opts *o, srh_result *res)
{
	return srh_run_scenario(arg, o, res);
}

typedef struct run_ctx {
	srh_out out;
	const srh_common *c;
} run_ctx;

static void on_done(void *ctx, size_t idx, const srh_result *r)
{
	run_ctx *rc = ctx;
	char repro[1024];

	(void)idx;
	srh_out_result(&rc->out, r, srh_repro(repro, sizeof(repro), r->file, r->seed, rc->c));
}

static int parse_args(int argc, char **argv, srh_common *c, const char *cmd, unsigned allowed,
		      const char *help)
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
		if (r == 0 && srh_common_positional(&a, c) != 0)
			return -1;
	}
	return 0;
}

int srh_cmd_run(int argc, char **argv)
{
	srh_common c;
	srh_suite s = {0};
	srh_unit *units = NULL;
	srh_result *res = NULL;
	run_ctx ctx;
	int rc = SRH_EXIT_USAGE, r;

	if (srh_run_is_target(argc, argv))
		return srh_cmd_target(argc, argv);
	srh_common_init(&c);
	if ((r = parse_args(argc, argv, &c, "run", ~0u, run_help)) != 0) {
		rc = r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
		goto out;
	}
	if (srh_common_check("run", &c) != 0 ||
	    srh_suite_load("run", c.paths, c.n_paths, c.filter, &s) != 0)
		goto out;
	units = calloc(s.n, sizeof(*units));
	res = calloc(s.n, sizeof(*res));
	if (!units || !res) {
		fprintf(stderr, "srh run: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < s.n; i++)
		units[i] = (srh_unit){run_unit,	     s.sc[i],		s.sc[i]->name,
				      s.sc[i]->file, s.sc[i]->job.kind, s.sc[i]->seed};
	srh_run_opts ro = {c.provider, c.profile, c.has_seed, c.seed, NULL, 0, NULL, false};
	srh_pool_opts po = {c.jobs, c.timeout_s, c.no_fork};
	ctx.c = &c;
	srh_out_init(&ctx.out, stdout, c.verbose, s.n);
	r = srh_pool_run(units, s.n, &po, &ro, res, on_done, &ctx);
	srh_out_totals(&ctx.out, "run");
	rc = r == 0 ? srh_tally_status(&ctx.out.t) : SRH_EXIT_FAIL;
	for (size_t i = 0; i < s.n; i++)
		srh_result_free(&res[i]);
out:
	free(units);
	free(res);
	srh_suite_free(&s);
	srh_common_free(&c);
	return rc;
}

int srh_cmd_list(int argc, char **argv)
{
	srh_common c;
	srh_suite s = {0};
	int r, rc = SRH_EXIT_USAGE;

	srh_common_init(&c);
	if ((r = parse_args(argc, argv, &c, "list", SRH_OPT_FILTER, list_help)) != 0) {
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
