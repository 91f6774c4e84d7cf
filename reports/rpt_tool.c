/*
 * rpt_tool.c - small operations on a results database for scripts and
 * tests (scripts/coverage.sh, tests/reports/):
 *
 *   rpt_tool coverage DB RUN|last LINES BRANCHES FUNCTIONS
 *   rpt_tool check DB            PRAGMA integrity_check ("ok", exit 0)
 *   rpt_tool last DB             the newest run's id
 *   rpt_tool results DB RUN|last one "VERDICT name" line per result
 *   rpt_tool status DB RUN|last  the run's status and result count
 *
 * Exit: 0 done, 1 the check failed, 2 bad usage or database.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpt.h"

static int usage(void)
{
	fputs("usage: rpt_tool coverage DB RUN|last LINES BRANCHES FUNCTIONS\n"
	      "       rpt_tool check DB | last DB | results DB RUN|last | status DB RUN|last\n",
	      stderr);
	return 2;
}

static int64_t run_id(rpt_db *db, const char *text)
{
	char *end;
	long long v;

	if (strcmp(text, "last") == 0)
		return rpt_run_latest(db, RPT_LATEST);
	v = strtoll(text, &end, 10);
	return *end || v <= 0 ? -1 : (int64_t)v;
}

static int pct(const char *text, double *out)
{
	char *end;

	*out = strtod(text, &end);
	return *end || *out < 0 || *out > 100 ? -1 : 0;
}

static int cmd_coverage(rpt_db *db, char **argv)
{
	double v[3];
	int64_t run = run_id(db, argv[3]);

	if (run <= 0 || pct(argv[4], &v[0]) || pct(argv[5], &v[1]) || pct(argv[6], &v[2]))
		return usage();
	if (rpt_run_coverage(db, run, v[0], v[1], v[2]) != 0) {
		fprintf(stderr, "rpt_tool: %s\n", rpt_db_errmsg(db));
		return 2;
	}
	return 0;
}

static int cmd_results(rpt_db *db, const char *which, bool status_only)
{
	int64_t run = run_id(db, which);
	rpt_set s;

	if (run <= 0 || rpt_set_load(db, run, 0, &s) != 0) {
		fprintf(stderr, "rpt_tool: %s\n", run <= 0 ? "no such run" : rpt_db_errmsg(db));
		return 2;
	}
	if (status_only)
		printf("%s %zu\n", s.run.status, s.n);
	for (size_t i = 0; !status_only && i < s.n; i++)
		printf("%s %s\n", rpt_verdict_name(s.items[i].r.verdict), s.items[i].r.name);
	rpt_set_free(&s);
	return fflush(stdout) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	char err[600], msg[512];
	rpt_db *db;
	int rc = 2;

	if (argc < 3)
		return usage();
	if (!(db = rpt_db_open(argv[2], 0, err, sizeof(err)))) {
		fprintf(stderr, "rpt_tool: %s\n", err);
		return 2;
	}
	if (strcmp(argv[1], "coverage") == 0 && argc == 7) {
		rc = cmd_coverage(db, argv);
	} else if (strcmp(argv[1], "check") == 0 && argc == 3) {
		int r = rpt_db_integrity(db, msg, sizeof(msg));
		printf("%s\n", r < 0 ? rpt_db_errmsg(db) : msg);
		rc = r == 0 ? 0 : r > 0 ? 1 : 2;
	} else if (strcmp(argv[1], "last") == 0 && argc == 3) {
		int64_t run = rpt_run_latest(db, RPT_LATEST);
		if (run >= 0)
			printf("%" PRId64 "\n", run);
		rc = run > 0 ? 0 : 2;
	} else if ((strcmp(argv[1], "results") == 0 || strcmp(argv[1], "status") == 0) &&
		   argc == 4) {
		rc = cmd_results(db, argv[3], argv[1][0] == 's');
	} else {
		rc = usage();
	}
	rpt_db_close(db);
	return rc;
}
