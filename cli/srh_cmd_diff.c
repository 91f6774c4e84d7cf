/*
 * srh_cmd_diff.c - `srh diff [--db FILE] [BASE] [RUN]`: what regressed
 * between two runs, of one database or of two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srh_db.h"

static const char diff_help[] =
    "usage: srh diff [--db FILE] [BASE] [RUN]\n"
    "\n"
    "Compare run RUN with run BASE and list new failures (a scenario that passed\n"
    "now fails, a rule that newly fails, a verdict that got worse), fixes, new and\n"
    "vanished scenarios, and per scenario and call the return codes and CIM_Error\n"
    "properties that changed. BASE and RUN are each a run id of the database\n"
    "(--db, default " SRH_DEFAULT_DB "), a database file (its newest run), or\n"
    "FILE:ID. Defaults: RUN is the newest run, BASE the run before it.\n"
    "Exit: 0 nothing regressed, 1 something regressed, 2 bad usage or input.\n";

typedef struct side {
	rpt_db *db;
	bool own; /* opened for this side alone */
	int64_t run;
} side;

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static rpt_db *open_ro(const char *path)
{
	char err[600];
	rpt_db *db = rpt_db_open(path, 0, err, sizeof(err));

	if (!db)
		fprintf(stderr, "srh diff: %s\n", err);
	return db;
}

/* The default database, opened once on first need. */
static rpt_db *dflt(const char *path, rpt_db **cache)
{
	if (!*cache)
		*cache = open_ro(path);
	return *cache;
}

/* A side from "ID", "FILE" or "FILE:ID". 0, or -1 (printed). */
static int parse_side(const char *text, const char *dpath, rpt_db **cache, side *s)
{
	const char *colon = strrchr(text, ':');
	struct stat sb;

	memset(s, 0, sizeof(*s));
	if (all_digits(text)) {
		if (!(s->db = dflt(dpath, cache)))
			return -1;
		s->run = strtoll(text, NULL, 10);
		return 0;
	}
	if (colon && all_digits(colon + 1) && stat(text, &sb) != 0) {
		char *file = strndup(text, (size_t)(colon - text));
		if (!file)
			return -1;
		s->db = open_ro(file);
		free(file);
		s->run = strtoll(colon + 1, NULL, 10);
	} else {
		s->db = open_ro(text);
		s->run = s->db ? rpt_run_latest(s->db, RPT_LATEST) : -1;
	}
	s->own = true;
	if (!s->db)
		return -1;
	if (s->run <= 0) {
		fprintf(stderr, "srh diff: %s\n",
			s->run == 0 ? "a database with no run" : rpt_db_errmsg(s->db));
		return -1;
	}
	return 0;
}

/* Defaults: RUN newest of the default database, BASE the run before it. */
static int fill_defaults(const char *dpath, rpt_db **cache, side *base, side *run, int n)
{
	if (n < 2) {
		if (!(run->db = dflt(dpath, cache)))
			return -1;
		run->run = rpt_run_latest(run->db, RPT_LATEST);
	}
	if (n < 1) {
		base->db = run->db;
		base->run = run->run > 0 ? rpt_run_before(run->db, run->run) : run->run;
	}
	if (run->run <= 0 || base->run <= 0) {
		fprintf(stderr, "srh diff: %s\n",
			run->run < 0 || base->run < 0
			    ? rpt_db_errmsg(run->db)
			    : "need two runs to compare (the database has "
			      "fewer)");
		return -1;
	}
	return 0;
}

int srh_cmd_diff(int argc, char **argv)
{
	srh_args a = {"diff", argc, argv, 1};
	const char *dpath = SRH_DEFAULT_DB, *pos[2] = {NULL, NULL}, *v;
	side sd[2] = {{0}, {0}};
	rpt_db *cache = NULL;
	int n = 0, r, rc = SRH_EXIT_USAGE;

	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(diff_help, stdout);
			return SRH_EXIT_OK;
		}
		if ((r = srh_arg_value(&a, "--db", NULL, &v)) != 0) {
			if (r < 0)
				return SRH_EXIT_USAGE;
			dpath = v;
			continue;
		}
		if (argv[a.i][0] == '-' || n == 2)
			return srh_usage("diff", "unexpected argument %s", argv[a.i]);
		pos[n++] = argv[a.i++];
	}
	for (int i = 0; i < n; i++)
		if (parse_side(pos[i], dpath, &cache, &sd[i]) != 0)
			goto out;
	if (fill_defaults(dpath, &cache, &sd[0], &sd[1], n) != 0)
		goto out;
	r = rpt_diff(sd[0].db, sd[0].run, sd[1].db, sd[1].run, stdout, NULL);
	if (r < 0)
		fprintf(stderr, "srh diff: %s\n",
			*rpt_db_errmsg(sd[1].db) ? rpt_db_errmsg(sd[1].db)
						 : rpt_db_errmsg(sd[0].db));
	rc = r < 0 ? SRH_EXIT_USAGE : r ? SRH_EXIT_FAIL : SRH_EXIT_OK;
out:
	for (int i = 0; i < 2; i++)
		if (sd[i].own)
			rpt_db_close(sd[i].db);
	rpt_db_close(cache);
	return rc;
}
