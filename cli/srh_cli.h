/*
 * srh_cli.h - the srh command line: argument helpers shared by the
 * subcommands, scenario loading, and each subcommand's entry point.
 *
 * Exit status everywhere: 0 all passed, 1 something failed (MUST or SHOULD
 * failure, CRASH, HANG, ERROR), 2 bad usage or input (an unknown flag, a bad
 * number, a scenario that does not parse: nothing runs then). Every error
 * is one line on stderr.
 */
#ifndef SRH_CLI_H
#define SRH_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scn.h"

#define SRH_EXIT_OK 0
#define SRH_EXIT_FAIL 1
#define SRH_EXIT_USAGE 2

#ifndef SRH_SUITE_DIR
#define SRH_SUITE_DIR "scenarios/suite"
#endif

/* ---- arguments (srh_args.c) ---------------------------------------------- */

typedef struct srh_args {
	const char *cmd; /* "run", ... for messages */
	int argc;
	char **argv;
	int i; /* current index */
} srh_args;

/* Print "srh CMD: message (see 'srh CMD --help')" on stderr; returns 2. */
int srh_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Is argv[i] the flag long (or short, may be NULL)? Then consume it. */
bool srh_arg_flag(srh_args *a, const char *lng, const char *shrt);
/*
 * Is argv[i] the option long/short with a value ("--x V", "--x=V", "-jV")?
 * Returns 1 and sets *val (consuming), 0 when it is another argument, -1
 * (message printed) when the value is missing.
 */
int srh_arg_value(srh_args *a, const char *lng, const char *shrt, const char **val);
/* Parse a whole number in [lo, hi] for option name; -1 with a message. */
int srh_arg_u64(const char *cmd, const char *name, const char *text, uint64_t lo, uint64_t hi,
		uint64_t *out);
/* Parse seconds (> 0, decimals allowed) for option name; -1 with a message. */
int srh_arg_seconds(const char *cmd, const char *name, const char *text, double *out);

/* Options shared by run, sweep, replay and bench. */
typedef struct srh_common {
	const char *provider;
	const char *profile;
	bool has_seed;
	uint64_t seed;
	unsigned jobs;
	double timeout_s;
	bool verbose;
	bool no_fork;
	unsigned worker_runs; /* runs per pooled worker (--worker-runs) */
	const char *filter;
	const char **paths; /* positional arguments */
	size_t n_paths;
} srh_common;

#define SRH_OPT_PROVIDER (1u << 0)
#define SRH_OPT_PROFILE (1u << 1)
#define SRH_OPT_SEED (1u << 2)
#define SRH_OPT_JOBS (1u << 3)
#define SRH_OPT_TIMEOUT (1u << 4)
#define SRH_OPT_VERBOSE (1u << 5)
#define SRH_OPT_NO_FORK (1u << 6)
#define SRH_OPT_FILTER (1u << 7)

/* Defaults: jobs 1, timeout 10 s, SRH_WORKER_RUNS runs per worker. */
#define SRH_WORKER_RUNS 100u
void srh_common_init(srh_common *c);
/* Try the allowed common options at a->i. 1 consumed, 0 not one of them,
 * -1 error (printed). */
int srh_common_option(srh_args *a, srh_common *c, unsigned allowed);
/* Keep argv[a->i] as a positional argument (or reject an unknown "-x").
 * 0, or -1 (printed). */
int srh_common_positional(srh_args *a, srh_common *c);
void srh_common_free(srh_common *c);
/* The provider and profile given exist and load: checked once before
 * anything runs. 0, or -1 (printed). */
int srh_common_check(const char *cmd, const srh_common *c);

/* ---- scenarios (srh_load.c) ----------------------------------------------- */

typedef struct srh_suite {
	scn_scenario **sc;
	size_t n;
} srh_suite;

/* Parse every scenario file under paths (none: SRH_SUITE_DIR), keep those
 * whose name matches filter. Every parse error is printed as the parser's
 * "file:line: message"; a name used twice is an error too. Returns 0, or
 * -1 after printing (nothing is kept then). */
int srh_suite_load(const char *cmd, const char *const *paths, size_t n_paths, const char *filter,
		   srh_suite *out);
void srh_suite_free(srh_suite *s);

/* ---- subcommands ---------------------------------------------------------- */

int srh_cmd_run(int argc, char **argv);
int srh_cmd_list(int argc, char **argv);
int srh_cmd_replay(int argc, char **argv);
int srh_cmd_sweep(int argc, char **argv);
int srh_cmd_faults(int argc, char **argv);
int srh_cmd_bench(int argc, char **argv);
/* srh bench's other lines (srh_bench_probe.c), printed; a measurement
 * that cannot be made prints "n/a" and why. GetError p50/p99 cached and
 * from the store: */
void srh_bench_latency(const char *provider, const char *profile);
/* What libfiu costs disarmed: s's runs (those arming no provider fault)
 * against the reference .so with and without libfiu. */
void srh_bench_fiu(const srh_suite *s, const char *profile, uint64_t rounds);
/* CPU seconds this thread has used, kernel time included: unlike wall
 * time, not the time other processes held the core (srh_bench_probe.c).
 * -1 when there is no such clock. */
double srh_bench_cpu_now(void);
/* srh bench's floor of a durable run (srh_bench_floor.c): SQLite alone
 * doing the least a run with a real store file needs, 100 x rounds
 * iterations a round, printed with what it leaves of the goals for the
 * suite's durable runs of total runs. A measurement that cannot be made
 * prints why; nothing is left on disk. */
void srh_bench_floor(uint64_t rounds, size_t durable, size_t total, double inproc_goal,
		     double sweep_goal);
/* srh bench's in-process runs on procs cores (srh_bench_par.c): s split
 * between procs forked processes, each running its share rounds times
 * in-process with ro; every scenario's verdict (PASS or not) into pass[]
 * the wall seconds into *secs and the CPU seconds the processes used into
 * *cpu. Returns 0, or -1 when a process could not be made or did not
 * report (reason on stderr). */
struct srh_run_opts;
int srh_bench_inproc_par(const srh_suite *s, const struct srh_run_opts *ro, uint64_t rounds,
			 size_t procs, bool *pass, double *secs, double *cpu);
/* srh serve: the CIM-XML server (cimxml_serve_main). */
int srh_cmd_serve(int argc, char **argv);
/* srh serve --self-check (srh_selfcheck.c): judge one answer's bytes by
 * the wire rules, print each finding as a line on stderr (out of memory:
 * a line saying findings were lost); the findings printed so far. */
void srh_selfcheck_cimxml(void *arg, const char *body, size_t len);
void srh_selfcheck_wsman(void *arg, const char *body, size_t len);
unsigned long srh_selfcheck_count(void);
/* srh run --target URL: the live-target driver (runner/srh_target.h) over
 * CIM-XML (cimxml_target_ops), its result stored like a run's. */
bool srh_run_is_target(int argc, char **argv);
int srh_cmd_target(int argc, char **argv);

/* srh proxy, srh check-wire, srh replay-wire (proxy/prx.h). */
int srh_cmd_proxy(int argc, char **argv);
int srh_cmd_check_wire(int argc, char **argv);
int srh_cmd_replay_wire(int argc, char **argv);
int srh_cmd_help(int argc, char **argv);
/* The results database (reports/, docs/REPORTS.md): HTML and machine
 * outputs from a database, regression diff, merging shards. */
int srh_cmd_report(int argc, char **argv);
int srh_cmd_diff(int argc, char **argv);
int srh_cmd_merge(int argc, char **argv);
/* srh fmt: scenario files in canonical form (scn_write). */
int srh_cmd_fmt(int argc, char **argv);
/* srh explore: random scenarios, shrinking, differential (explore/xpl.h). */
int srh_cmd_explore(int argc, char **argv);

/* The repro line for a result of `srh run`: "srh replay FILE --seed N"
 * (with --provider/--profile when given). Returns buf. */
char *srh_repro(char *buf, size_t len, const char *file, uint64_t seed, const srh_common *c);

#endif
