/*
 * srh_cmd_replay.c - `srh replay FILE --seed N`: one scenario in this
 * process, its verdict, and the trace (simulator events and the runner's
 * client calls, virtual time first: equal seeds give equal bytes).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srh_cli.h"
#include "srh_out.h"
#include "srh_run.h"
#include "srh_util.h"

static const char replay_help[] =
    "usage: srh replay FILE [--seed N] [--trace FILE|-] [--trace-level 1|2]\n"
    "                  [--provider PATH.so] [--profile FILE] [-v]\n"
    "\n"
    "Run one scenario in this process (no fork, no watchdog) and print its\n"
    "verdict with every failure. --trace writes the event trace, one line per\n"
    "event, virtual time first (\"-\": stdout, the verdict then goes to stderr);\n"
    "level 2 adds every engine step and fault point hit. The same seed gives the\n"
    "same bytes. --seed defaults to the scenario's own seed. -v also prints the\n"
    "job's timeline.\n"
    "Exit: 0 passed, 1 failed, 2 bad usage or input.\n";

typedef struct replay_opts {
	srh_common c;
	const char *trace;
	uint64_t level;
} replay_opts;

static int parse(int argc, char **argv, replay_opts *o)
{
	srh_args a = {"replay", argc, argv, 1};
	const char *v;
	int r;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(replay_help, stdout);
			return 1;
		}
		if ((r = srh_arg_value(&a, "--trace", NULL, &o->trace)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if ((r = srh_arg_value(&a, "--trace-level", NULL, &v)) != 0) {
			if (r < 0 ||
			    srh_arg_u64("replay", "--trace-level", v, 1, 2, &o->level) != 0)
				return -1;
			continue;
		}
		r = srh_common_option(
		    &a, &o->c, SRH_OPT_SEED | SRH_OPT_PROVIDER | SRH_OPT_PROFILE | SRH_OPT_VERBOSE);
		if (r < 0 || (r == 0 && srh_common_positional(&a, &o->c) != 0))
			return -1;
	}
	if (o->c.n_paths != 1) {
		srh_usage("replay", "needs exactly one scenario FILE");
		return -1;
	}
	return 0;
}

static void timeline(FILE *f, const srh_result *r)
{
	char t[40];

	fprintf(f, "  timeline:\n");
	for (size_t i = 0; i < r->n_timeline; i++)
		fprintf(f, "    %s  %-8s %s\n", srh_vtime(r->timeline[i].time_ns, t, sizeof(t)),
			srh_tl_kind_name((srh_tl_kind)r->timeline[i].kind), r->timeline[i].text);
}

static int replay(replay_opts *o, const scn_scenario *sc)
{
	FILE *tf = NULL, *rep = stdout;
	srh_run_opts ro = {o->c.provider, o->c.profile,	 o->c.has_seed, o->c.seed,
			   NULL,	  (int)o->level, NULL,		false};
	char repro[1024];
	srh_result r;
	int rc;

	if (o->trace && strcmp(o->trace, "-") == 0) {
		tf = stdout;
		rep = stderr;
	} else if (o->trace && !(tf = fopen(o->trace, "w"))) {
		fprintf(stderr, "srh replay: --trace %s: %s\n", o->trace, strerror(errno));
		return SRH_EXIT_USAGE;
	}
	ro.trace = tf;
	srh_run_scenario(sc, &ro, &r);
	rc = r.verdict == SRH_PASS ? SRH_EXIT_OK : SRH_EXIT_FAIL;
	if (tf && tf != stdout && fclose(tf) != 0) {
		fprintf(stderr, "srh replay: --trace %s: %s\n", o->trace, strerror(errno));
		rc = SRH_EXIT_FAIL;
	} else if (tf == stdout && fflush(stdout) != 0) {
		rc = SRH_EXIT_FAIL;
	}
	fprintf(rep, "%s %s seed %" PRIu64 " (%s)", srh_verdict_name(r.verdict), r.name, r.seed,
		r.provider ? r.provider : "?");
	if (r.verdict == SRH_FAIL)
		fprintf(rep, "  (%zu MUST, %zu SHOULD)", r.n_must, r.n_should);
	fputc('\n', rep);
	if (r.verdict != SRH_PASS)
		srh_out_failures(rep, &r, srh_repro(repro, sizeof(repro), r.file, r.seed, &o->c));
	if (o->c.verbose)
		timeline(rep, &r);
	srh_result_free(&r);
	return rc;
}

int srh_cmd_replay(int argc, char **argv)
{
	replay_opts o = {.level = 1};
	scn_scenario *sc = NULL;
	srh_suite s = {0};
	int r, rc = SRH_EXIT_USAGE;

	srh_common_init(&o.c);
	if ((r = parse(argc, argv, &o)) != 0) {
		rc = r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
		goto out;
	}
	if (srh_common_check("replay", &o.c) != 0 ||
	    srh_suite_load("replay", o.c.paths, 1, NULL, &s) != 0)
		goto out;
	if (s.n != 1) {
		srh_usage("replay", "%s holds %zu scenarios; give one file", o.c.paths[0], s.n);
		goto out;
	}
	sc = s.sc[0];
	rc = replay(&o, sc);
out:
	srh_suite_free(&s);
	srh_common_free(&o.c);
	return rc;
}
