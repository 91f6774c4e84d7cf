/*
 * srh_db.c - the results database as `srh run` and `srh sweep` use it:
 * options, one committed row per finished result (before its line is
 * printed, so whatever a killed harness printed is in the database), and
 * the outputs written from the database at the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srh_db.h"

#ifndef SRH_VERSION
#define SRH_VERSION "unknown"
#endif

/* ---- options --------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* --tap alone is stdout; --tap=FILE, or --tap FILE when FILE ends in .tap
 * or is "-" (anything else after --tap is a scenario path). */
static int tap_option(srh_args *a, srh_db_opts *o)
{
	const char *s = a->argv[a->i];

	if (strncmp(s, "--tap=", 6) == 0) {
		o->tap = s + 6;
		a->i++;
		return 1;
	}
	if (strcmp(s, "--tap") != 0)
		return 0;
	a->i++;
	o->tap = "-";
	if (a->i < a->argc && (strcmp(a->argv[a->i], "-") == 0 || ends_with(a->argv[a->i], ".tap")))
		o->tap = a->argv[a->i++];
	return 1;
}

int srh_db_option(srh_args *a, srh_db_opts *o, bool allow_resume)
{
	const char *v;
	int r;

	if (srh_arg_flag(a, "--no-db", NULL))
		return o->no_db = true, 1;
	if (allow_resume && srh_arg_flag(a, "--resume", NULL))
		return o->resume = true, 1;
	if ((r = tap_option(a, o)) != 0)
		return r;
	if ((r = srh_arg_value(a, "--db", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->db = v, 1);
	if ((r = srh_arg_value(a, "--baseline", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->baseline = v, 1);
	if ((r = srh_arg_value(a, "--junit", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->junit = v, 1);
	if ((r = srh_arg_value(a, "--json", NULL, &v)) != 0)
		return r < 0 ? -1 : (o->json = v, 1);
	if ((r = srh_arg_value(a, "--shard", NULL, &v)) != 0) {
		if (r < 0)
			return -1;
		if (rpt_shard_parse(v, &o->shard_k, &o->shard_n) != 0) {
			srh_usage(a->cmd, "--shard %s: expected K/N with 1 <= K <= N", v);
			return -1;
		}
		o->shard = v;
		return 1;
	}
	return 0;
}

int srh_db_check(const char *cmd, const srh_db_opts *o)
{
	const char *need = o->resume	 ? "--resume"
			   : o->baseline ? "--baseline"
			   : o->junit	 ? "--junit"
			   : o->tap	 ? "--tap"
			   : o->json	 ? "--json"
					 : NULL;

	if (o->no_db && (need || o->db)) {
		srh_usage(cmd, "%s needs the results database (drop --no-db)",
			  need ? need : "--db");
		return -1;
	}
	return 0;
}

bool srh_db_pick(const srh_db_opts *o, const char *name)
{
	return o->shard_n == 0 || rpt_shard_pick(name, o->shard_k, o->shard_n);
}

FILE *srh_db_human(const srh_db_opts *o)
{
	return o->tap && strcmp(o->tap, "-") == 0 ? stderr : stdout;
}

/* ---- the command line ---------------------------------------------------------- */

static bool plain_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr(
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%",
			*s))
			return false;
	return true;
}

char *srh_cmdline_join(int argc, char **argv)
{
	size_t len = 5;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;
	if (!(s = malloc(len)))
		return NULL;
	p = s + sprintf(s, "srh");
	for (int i = 0; i < argc; i++) {
		*p++ = ' ';
		if (plain_word(argv[i])) {
			p += sprintf(p, "%s", argv[i]);
			continue;
		}
		*p++ = '\'';
		for (const char *q = argv[i]; *q; q++)
			if (*q == '\'')
				p += sprintf(p, "'\\''");
			else
				*p++ = *q;
		*p++ = '\'';
	}
	*p = '\0';
	return s;
}

void srh_argv_free(char **w, int n)
{
	for (int i = 0; w && i < n; i++)
		free(w[i]);
	free(w);
}

char **srh_cmdline_split(const char *line, int *argc)
{
	size_t len = strlen(line);
	char **w = calloc(len / 2 + 2, sizeof(*w)); /* at most one word per two bytes */
	char *buf = malloc(len + 1);
	int n = 0;
	const char *p = line;

	if (!w || !buf)
		goto fail;
	while (*p) {
		size_t k = 0;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		while (*p && *p != ' ') {
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');
				if (!end)
					goto fail;
				memcpy(buf + k, p + 1, (size_t)(end - p - 1));
				k += (size_t)(end - p - 1);
				p = end + 1;
			} else if (*p == '\\' && p[1]) {
				buf[k++] = p[1];
				p += 2;
			} else {
				buf[k++] = *p++;
			}
		}
		buf[k] = '\0';
		if (!(w[n] = strdup(buf)))
			goto fail;
		n++;
	}
	free(buf);
	*argc = n;
	return w;
fail:
	free(buf);
	srh_argv_free(w, n);
	return NULL;
}

/* ---- the sink --------------------------------------------------------------------- */

static const char *db_path(const srh_db_opts *o)
{
	return o->db ? o->db : SRH_DEFAULT_DB;
}

static rpt_db *open_db(const char *cmd, const srh_db_opts *o, unsigned flags)
{
	char err[600];
	rpt_db *db;

	/* The default lives in reports/ of the current directory. */
	if (!o->db && (flags & RPT_OPEN_CREATE) && mkdir("reports", 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "srh %s: cannot create reports/: %s\n", cmd, strerror(errno));
		return NULL;
	}
	if (!(db = rpt_db_open(db_path(o), flags, err, sizeof(err))))
		fprintf(stderr, "srh %s: %s\n", cmd, err);
	return db;
}

int srh_sink_begin(srh_sink *s, const char *cmd, const char *kind, const srh_db_opts *o,
		   const srh_common *c, int argc, char **argv, size_t planned)
{
	rpt_run_info info = {0};
	char *line;

	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->o = o;
	if (o->no_db)
		return 0;
	if (!(s->db = open_db(cmd, o, RPT_OPEN_CREATE)))
		return -1;
	line = srh_cmdline_join(argc, argv);
	info.kind = kind;
	info.has_seed = c->has_seed;
	info.seed = c->seed;
	info.provider = c->provider;
	/* the built-in reference provider is part of this program */
	info.hash_path = c->provider ? c->provider : "/proc/self/exe";
	info.profile = c->profile;
	info.version = SRH_VERSION;
	info.shard = o->shard;
	info.cmdline = line;
	info.planned = planned;
	s->run = rpt_run_begin(s->db, &info);
	free(line);
	if (s->run < 0) {
		fprintf(stderr, "srh %s: %s\n", cmd, rpt_db_errmsg(s->db));
		rpt_db_close(s->db);
		s->db = NULL;
		return -1;
	}
	return 0;
}

int srh_sink_probe(const char *cmd, const srh_db_opts *o)
{
	rpt_db *db;

	if (o->no_db)
		return 0;
	if (!(db = open_db(cmd, o, RPT_OPEN_CREATE)))
		return -1;
	rpt_db_close(db);
	return 0;
}

int srh_sink_resume(srh_sink *s, const char *cmd, const srh_db_opts *o, char **cmdline)
{
	rpt_run run;

	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->o = o;
	*cmdline = NULL;
	if (!(s->db = open_db(cmd, o, 0)))
		return -1;
	s->run = rpt_run_latest(s->db, RPT_LATEST_UNFINISHED);
	if (s->run <= 0) {
		if (s->run == 0)
			fprintf(stderr, "srh %s: %s has no unfinished run to resume\n", cmd,
				db_path(o));
		else
			fprintf(stderr, "srh %s: %s\n", cmd, rpt_db_errmsg(s->db));
		goto fail;
	}
	if (rpt_run_get(s->db, s->run, &run) != 0) {
		fprintf(stderr, "srh %s: %s\n", cmd, rpt_db_errmsg(s->db));
		goto fail;
	}
	if (!run.cmdline || !run.kind || strcmp(run.kind, "run") != 0) {
		fprintf(stderr,
			"srh %s: run %lld of %s is a %s, not an srh run: cannot resume it\n", cmd,
			(long long)s->run, db_path(o), run.kind ? run.kind : "?");
		rpt_run_clear(&run);
		goto fail;
	}
	*cmdline = run.cmdline;
	run.cmdline = NULL;
	rpt_run_clear(&run);
	return 0;
fail:
	rpt_db_close(s->db);
	s->db = NULL;
	return -1;
}

long srh_sink_pending(srh_sink *s, const char *const *names, size_t n, bool *pending)
{
	long r;

	if (!s->db) {
		for (size_t i = 0; i < n; i++)
			pending[i] = true;
		return (long)n;
	}
	r = rpt_run_pending(s->db, s->run, names, n, pending);
	if (r < 0)
		fprintf(stderr, "srh %s: %s\n", s->cmd, rpt_db_errmsg(s->db));
	return r;
}

void srh_sink_add(srh_sink *s, const srh_result *r)
{
	if (!s->db)
		return;
	if (rpt_result_add(s->db, s->run, r) == 0) {
		s->stored++;
		return;
	}
	if (!s->store_failed)
		fprintf(stderr, "srh %s: result of %s not stored: %s\n", s->cmd,
			r->name ? r->name : "?", rpt_db_errmsg(s->db));
	s->store_failed = true;
}

long srh_sink_not_passed(srh_sink *s)
{
	return s->db ? rpt_run_not_passed(s->db, s->run) : -1;
}

static int write_out(srh_sink *s, const char *what, const char *path,
		     int (*fn)(rpt_db *, int64_t, FILE *), FILE *f)
{
	if (!path)
		return 0;
	if (rpt_write_path(s->db, s->run, fn, path) != 0) {
		fprintf(stderr, "srh %s: %s: %s\n", s->cmd, what, rpt_db_errmsg(s->db));
		return 1;
	}
	if (strcmp(path, "-") != 0)
		fprintf(f, "%s: %s\n", what, path);
	return 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* 0 no regression, 1 regressed or the diff could not be made. */
static int baseline(srh_sink *s, FILE *f)
{
	char err[600];
	rpt_db *base;
	int64_t brun;
	int r;

	if (!s->o->baseline)
		return 0;
	if (same_file(s->o->baseline, db_path(s->o))) {
		base = s->db;
		brun = rpt_run_before(s->db, s->run);
	} else {
		if (!(base = rpt_db_open(s->o->baseline, 0, err, sizeof(err)))) {
			fprintf(stderr, "srh %s: --baseline: %s\n", s->cmd, err);
			return 1;
		}
		brun = rpt_run_latest(base, RPT_LATEST);
	}
	if (brun <= 0) {
		if (brun == 0)
			fprintf(f, "baseline: %s has no earlier run to compare with\n",
				s->o->baseline);
		else
			fprintf(stderr, "srh %s: --baseline: %s\n", s->cmd, rpt_db_errmsg(base));
		r = brun == 0 ? 0 : 1;
	} else {
		r = rpt_diff(base, brun, s->db, s->run, f, NULL);
		if (r < 0)
			fprintf(stderr, "srh %s: --baseline: %s\n", s->cmd, rpt_db_errmsg(base));
		r = r != 0;
	}
	if (base != s->db)
		rpt_db_close(base);
	return r;
}

int srh_sink_end(srh_sink *s, bool complete, FILE *f)
{
	int rc = 0;

	if (!s->db)
		return 0;
	if (rpt_run_end(s->db, s->run, complete) != 0) {
		fprintf(stderr, "srh %s: %s\n", s->cmd, rpt_db_errmsg(s->db));
		rc = 1;
	}
	fprintf(f, "results: %s (run %lld%s)\n", db_path(s->o), (long long)s->run,
		complete ? "" : ", interrupted: srh run --resume finishes it");
	rc |= write_out(s, "junit", s->o->junit, rpt_junit, f);
	rc |= write_out(s, "tap", s->o->tap, rpt_tap, f);
	rc |= write_out(s, "json", s->o->json, rpt_json, f);
	rc |= baseline(s, f);
	rc |= s->store_failed;
	if (fflush(f) != 0)
		rc = 1;
	rpt_db_close(s->db);
	s->db = NULL;
	return rc;
}
