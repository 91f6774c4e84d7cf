/*
 * srh_main.c - the srh command: dispatch to a subcommand.
 */
#include <stdio.h>
#include <string.h>

#include <fiu.h>
#include <sqlite3.h>

#include "srh_cli.h"
#include "srh_sqlmem.h"

static const char main_help[] =
    "usage: srh COMMAND [ARGS...]\n"
    "\n"
    "GetError conformance harness for CIM job providers (Storage Replica model).\n"
    "\n"
    "commands:\n"
    "  run [PATH...]        run scenario files (default: the built-in suite) in pooled\n"
    "                       worker processes with a watchdog; -j N in parallel\n"
    "  run --target URL     check a live provider over CIM-XML or WS-Management\n"
    "                       (wsman+http://...; see 'srh run --help')\n"
    "  list [PATH...]       list scenarios: name, job kind, file\n"
    "  replay FILE          run one scenario in-process, print its verdict and trace\n"
    "  sweep                arm every simulator fault point on every Nth hit, for every\n"
    "                       job kind, and check the contract invariants on each run\n"
    "  explore              random multi-fault scenarios from a seed, each failure shrunk\n"
    "                       to a small scenario file; --differential REF.so compares\n"
    "  fmt [--check] PATH.. rewrite scenario files in canonical form\n"
    "  faults               list every fault point (sim/ and prov/) with its class or rc\n"
    "  bench [PATH...]      in-process, pooled and process-per-scenario throughput; sweep\n"
    "                       and explore runs/s, GetError latency, libfiu cost\n"
    "                       (docs/SCALE.md)\n"
    "  report               HTML report (and JUnit/TAP/JSON) of a run from the results\n"
    "                       database (reports/results.db)\n"
    "  diff [BASE] [RUN]    regressions between two runs (ids or database files)\n"
    "  merge OUT.db IN.db.. join the shards of a run (srh run --shard K/N) into one\n"
    "  serve                a CIM-XML server (HTTP) in front of the simulator and a\n"
    "                       provider, for real WBEM clients such as wbemcli; --wsman\n"
    "                       adds WS-Management (wsl, WinRM clients) on the same jobs\n"
    "  proxy                a reverse proxy in front of a live provider (CIM-XML or\n"
    "                       WS-Management) that checks every exchange on the side\n"
    "  check-wire FILE      judge a recording of 'srh proxy --record' again, offline\n"
    "  replay-wire FILE     send a recording's requests to a provider again and judge\n"
    "  help                 this text\n"
    "\n"
    "'srh COMMAND --help' describes each. Exit: 0 all passed, 1 something failed,\n"
    "2 bad usage or input.\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
    {"run", srh_cmd_run},
    {"list", srh_cmd_list},
    {"replay", srh_cmd_replay},
    {"sweep", srh_cmd_sweep},
    {"faults", srh_cmd_faults},
    {"bench", srh_cmd_bench},
    {"serve", srh_cmd_serve},
    {"help", srh_cmd_help},
    {"report", srh_cmd_report},
    {"diff", srh_cmd_diff},
    {"merge", srh_cmd_merge},
    {"fmt", srh_cmd_fmt},
    {"explore", srh_cmd_explore},
    {"proxy", srh_cmd_proxy},
    {"check-wire", srh_cmd_check_wire},
    {"replay-wire", srh_cmd_replay_wire},
};

int srh_cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs(main_help, stdout);
	return SRH_EXIT_OK;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fputs(main_help, stderr);
		return SRH_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return srh_cmd_help(argc, argv);
	/* Provider fault points are armed in this process (and inherited by
	 * the forked runs): libfiu must be ready before anything runs. */
	if (fiu_init(0) != 0) {
		fprintf(stderr, "srh: libfiu could not be initialized\n");
		return SRH_EXIT_FAIL;
	}
	/* No SQLite memory statistics (nothing here reads them): with them
	 * on, every allocation SQLite makes takes a global mutex, about a
	 * tenth of an in-memory job store's write. Only possible before
	 * SQLite initializes; when that failed, SQLite keeps counting. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* SQLite's allocations from free lists kept per thread (srh_sqlmem.c);
	 * when refused, SQLite keeps malloc and works the same. */
	(void)srh_sqlmem_install();
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			rc = cmds[i].fn(argc - 1, argv + 1);
			if (fflush(stdout) != 0) {
				fprintf(stderr, "srh: cannot write the output\n");
				return SRH_EXIT_FAIL;
			}
			return rc;
		}
	fprintf(stderr, "srh: unknown command \"%s\" (see 'srh help')\n", argv[1]);
	return SRH_EXIT_USAGE;
}
