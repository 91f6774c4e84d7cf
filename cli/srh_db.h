/*
 * srh_db.h - `srh run` and `srh sweep` with the results database (owner:
 * reports): the options (--db, --no-db, --resume, --baseline, --junit,
 * --tap, --json, --shard), storing each result as it completes, and what
 * is written at the end (machine outputs, the baseline diff).
 */
#ifndef SRH_DB_H
#define SRH_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rpt.h"
#include "srh_cli.h"
#include "srh_result.h"

/* Where `srh run` keeps results unless told otherwise (relative to the
 * current directory; its folder is created when missing). */
#define SRH_DEFAULT_DB "reports/results.db"

typedef struct srh_db_opts {
	const char *db;	      /* --db FILE (default SRH_DEFAULT_DB) */
	bool no_db;	      /* --no-db: keep nothing */
	bool resume;	      /* --resume (run only) */
	const char *baseline; /* --baseline FILE */
	const char *junit, *json;
	const char *tap;	   /* "-" = stdout */
	const char *shard;	   /* "K/N" as given */
	unsigned shard_k, shard_n; /* 0 = no shard */
} srh_db_opts;

/* Try the options above at a->i (--resume only when allow_resume). 1
 * consumed, 0 not one of them, -1 error (printed). */
int srh_db_option(srh_args *a, srh_db_opts *o, bool allow_resume);
/* Options that contradict each other (--no-db with an output). 0, or -1
 * (printed). */
int srh_db_check(const char *cmd, const srh_db_opts *o);
/* Is the scenario (or sweep case) name part of this shard? */
bool srh_db_pick(const srh_db_opts *o, const char *name);
/* Where human-readable progress goes: stderr when TAP goes to stdout. */
FILE *srh_db_human(const srh_db_opts *o);

/* The command line as one shell-quoted line ("srh run 'a b' -j 2"). NULL
 * when out of memory. */
char *srh_cmdline_join(int argc, char **argv);
/* argv as it is stored with a run, each password replaced by "***"
 * ("--user NAME:***", "--as=P=NAME:***:admin"; --user, --other-user, --as).
 * NULL when out of memory; free with srh_argv_free. */
char **srh_argv_masked(int argc, char **argv);
void srh_argv_free(char **w, int n);
/* Split such a line back into words (argv NULL-terminated, *argc words).
 * Returns the array (free each word and the array), NULL on error. */
char **srh_cmdline_split(const char *line, int *argc);

typedef struct srh_sink {
	const char *cmd;
	const srh_db_opts *o;
	rpt_db *db; /* NULL with --no-db */
	int64_t run;
	bool store_failed; /* a result could not be stored (said once) */
	size_t stored;
} srh_sink;

/*
 * Open the database (unless --no-db) and record the start of a run of
 * kind ("run", "sweep") for planned scenarios. Returns 0; -1 when the
 * database cannot be opened (the one-line reason was printed).
 */
int srh_sink_begin(srh_sink *s, const char *cmd, const char *kind, const srh_db_opts *o,
		   const srh_common *c, int argc, char **argv, size_t planned);
/*
 * Can the database (unless --no-db) be opened, created when missing? For a
 * command that stores its result only at the end (`srh run --target`) and
 * must not act before knowing. Returns 0; -1 (the one-line reason printed).
 */
int srh_sink_probe(const char *cmd, const srh_db_opts *o);
/*
 * --resume: open the database and find its newest unfinished run; *cmdline
 * receives that run's command line (malloc'ed). 0, or -1 (printed).
 */
int srh_sink_resume(srh_sink *s, const char *cmd, const srh_db_opts *o, char **cmdline);
/* Of names (n), mark in pending[] those without a result in the sink's
 * run. Returns the count, or -1 (printed). Without a database: all. */
long srh_sink_pending(srh_sink *s, const char *const *names, size_t n, bool *pending);
/* Store one result (committed before this returns, so before it is
 * printed). A failure is printed once and makes srh_sink_end fail. */
void srh_sink_add(srh_sink *s, const srh_result *r);
/*
 * Mark the run done (complete) or interrupted, write --junit/--tap/--json,
 * diff against --baseline, print where everything went on f, close.
 * Returns 0; 1 when something regressed against the baseline, a result
 * could not be stored or an output could not be written.
 */
int srh_sink_end(srh_sink *s, bool complete, FILE *f);
/* Results of the run that did not pass, from the database (-1: no
 * database or error). */
long srh_sink_not_passed(srh_sink *s);

#endif
