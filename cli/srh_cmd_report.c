/*
 * srh_cmd_report.c - `srh report`: the HTML report (and, on request, JUnit,
 * TAP and JSON) of one run, drawn from the results database alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srh_db.h"

static const char report_help[] =
    "usage: srh report [--db FILE] [--run ID] [--out DIR] [--junit FILE] [--tap FILE]\n"
    "                  [--json FILE] [--no-html]\n"
    "\n"
    "Draw the report of a run from the results database (default " SRH_DEFAULT_DB ";\n"
    "default run: the newest). DIR/index.html (default DIR: reports/html) sums the\n"
    "run up: failures by MUST/SHOULD rule and by path (job kind, end class), the\n"
    "provider coverage when recorded, the pass trend of every run in the database,\n"
    "and a table of scenarios with filters. DIR/s/N.html shows one scenario: its\n"
    "timeline in virtual time (JobState, PercentComplete, faults, requests, every\n"
    "GetError with its rc and Error), its failures and every client call with the\n"
    "CIM_Error it returned. The pages fetch nothing: they work offline.\n"
    "--junit/--tap/--json write those formats of the same run too (\"-\": stdout).\n"
    "Exit: 0 written, 1 a file could not be written, 2 bad usage or database.\n";

typedef struct report_opts {
	const char *db, *out, *junit, *tap, *json;
	bool no_html, has_run;
	uint64_t run;
} report_opts;

static int parse(int argc, char **argv, report_opts *o)
{
	srh_args a = {"report", argc, argv, 1};
	const char *v;
	int r;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(report_help, stdout);
			return 1;
		}
		if (srh_arg_flag(&a, "--no-html", NULL)) {
			o->no_html = true;
			continue;
		}
		if ((r = srh_arg_value(&a, "--run", NULL, &v)) != 0) {
			if (r < 0 || srh_arg_u64("report", "--run", v, 1, INT64_MAX, &o->run) != 0)
				return -1;
			o->has_run = true;
			continue;
		}
		const char **dst[] = {&o->db, &o->out, &o->junit, &o->tap, &o->json};
		const char *names[] = {"--db", "--out", "--junit", "--tap", "--json"};
		r = 0;
		for (size_t k = 0; k < 5 && r == 0; k++)
			if ((r = srh_arg_value(&a, names[k], NULL, &v)) > 0)
				*dst[k] = v;
		if (r < 0)
			return -1;
		if (r == 0) {
			srh_usage("report", "unexpected argument %s", argv[a.i]);
			return -1;
		}
	}
	return 0;
}

static int write_one(rpt_db *db, int64_t run, const char *what, const char *path,
		     int (*fn)(rpt_db *, int64_t, FILE *))
{
	if (!path)
		return 0;
	if (rpt_write_path(db, run, fn, path) != 0) {
		fprintf(stderr, "srh report: %s: %s\n", what, rpt_db_errmsg(db));
		return 1;
	}
	if (strcmp(path, "-") != 0)
		fprintf(stderr, "%s: %s\n", what, path);
	return 0;
}

int srh_cmd_report(int argc, char **argv)
{
	report_opts o = {0};
	char err[600];
	rpt_db *db = NULL;
	int64_t run;
	int r, rc = SRH_EXIT_USAGE;
	const char *dir;

	if ((r = parse(argc, argv, &o)) != 0)
		return r > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	if (!(db = rpt_db_open(o.db ? o.db : SRH_DEFAULT_DB, 0, err, sizeof(err)))) {
		fprintf(stderr, "srh report: %s\n", err);
		return SRH_EXIT_USAGE;
	}
	run = o.has_run ? (int64_t)o.run : rpt_run_latest(db, RPT_LATEST);
	if (run <= 0) {
		fprintf(stderr, "srh report: %s\n",
			run == 0 ? "the database has no run yet" : rpt_db_errmsg(db));
		goto out;
	}
	rc = SRH_EXIT_OK;
	rc |= write_one(db, run, "junit", o.junit, rpt_junit);
	rc |= write_one(db, run, "tap", o.tap, rpt_tap);
	rc |= write_one(db, run, "json", o.json, rpt_json);
	dir = o.out ? o.out : "reports/html";
	if (!o.no_html) {
		if (rpt_html(db, run, dir) != 0) {
			fprintf(stderr, "srh report: %s\n", rpt_db_errmsg(db));
			/* no such run is bad input, a write that failed is not */
			rc = o.has_run && strstr(rpt_db_errmsg(db), "no run") ? SRH_EXIT_USAGE
									      : SRH_EXIT_FAIL;
		} else {
			printf("report: %s/index.html (run %" PRId64 ")\n", dir, run);
		}
	}
out:
	rpt_db_close(db);
	return rc;
}
