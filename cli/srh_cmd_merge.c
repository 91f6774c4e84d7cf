/*
 * srh_cmd_merge.c - `srh merge OUT.db IN.db...`: join the shards of a run,
 * one database per machine, into one run of OUT.db.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srh_db.h"

static const char merge_help[] =
    "usage: srh merge OUT.db IN.db...\n"
    "\n"
    "Join the newest run of each IN database (typically one per shard: srh run\n"
    "--shard K/N --db shardK.db on each machine) into one new run of OUT.db\n"
    "(created when missing), ready for srh diff and srh report. The inputs must\n"
    "have tested the same provider (same SHA-256) and share no scenario.\n"
    "Exit: 0 merged, 2 bad usage or input (nothing is added to OUT.db then).\n";

int srh_cmd_merge(int argc, char **argv)
{
	char err[600];
	rpt_db *out;
	rpt_run run;
	int64_t id;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(merge_help, stdout);
			return SRH_EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return srh_usage("merge", "unknown option %s", argv[i]);
		}
	if (argc < 3)
		return srh_usage("merge", "needs OUT.db and at least one IN.db");
	if (!(out = rpt_db_open(argv[1], RPT_OPEN_CREATE, err, sizeof(err)))) {
		fprintf(stderr, "srh merge: %s\n", err);
		return SRH_EXIT_USAGE;
	}
	id = rpt_merge(out, (const char *const *)argv + 2, (size_t)argc - 2);
	if (id < 0 || rpt_run_get(out, id, &run) != 0) {
		fprintf(stderr, "srh merge: %s\n", rpt_db_errmsg(out));
		rpt_db_close(out);
		return SRH_EXIT_USAGE;
	}
	printf("merged %d database%s into %s: run %" PRId64 ", %zu results, %s\n", argc - 2,
	       argc == 3 ? "" : "s", argv[1], id, run.n_results, run.status);
	rpt_run_clear(&run);
	rpt_db_close(out);
	return SRH_EXIT_OK;
}
