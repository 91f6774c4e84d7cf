/*
 * rpt_merge.c - joining the shards of a run, each in its own database
 * (one per machine), into one run that diff and report treat like any
 * other. Each input's newest run is read back in full and stored again
 * result by result, so a merged run holds exactly what the shards held.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_int.h"

typedef struct input {
	rpt_set set;
	const char *path;
} input;

/* Open path and load its newest run. 0, or -1 with out's error set. */
static int load_input(rpt_db *out, const char *path, input *in)
{
	char err[512];
	rpt_db *db = rpt_db_open(path, 0, err, sizeof(err));
	int64_t run;
	int rc = -1;

	in->path = path;
	if (!db) {
		rpt_err(out, "merge: %s", err);
		return -1;
	}
	run = rpt_run_latest(db, RPT_LATEST);
	if (run == 0)
		rpt_err(out, "merge: %s has no run", path);
	else if (run < 0 || rpt_set_load(db, run, RPT_LOAD_ALL, &in->set) != 0)
		rpt_err(out, "merge: %s", rpt_db_errmsg(db));
	else
		rc = 0;
	rpt_db_close(db);
	return rc;
}

/*
 * Inputs must test the same provider and share no scenario. A vendor .so
 * is the same when its SHA-256 is; the built-in reference provider is
 * hashed as part of srh itself, which shards built on different machines
 * need not share byte for byte, so two built-in runs always match.
 */
static int check_inputs(rpt_db *out, const input *in, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const rpt_run *a = &in[0].set.run, *b = &in[i].set.run;
		bool builtin_a = !a->provider, builtin_b = !b->provider;
		if (builtin_a != builtin_b || (!builtin_a && a->provider_hash && b->provider_hash &&
					       strcmp(a->provider_hash, b->provider_hash) != 0)) {
			rpt_err(out, "merge: %s and %s tested different providers (%s)", in[0].path,
				in[i].path,
				builtin_a != builtin_b ? "built-in and a .so" : "SHA-256 differs");
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			for (size_t x = 0; x < in[i].set.n; x++)
				if (rpt_set_find(&in[k].set, in[i].set.items[x].r.name)) {
					rpt_err(out, "merge: scenario %s is in both %s and %s",
						in[i].set.items[x].r.name, in[i].path, in[k].path);
					return -1;
				}
	return 0;
}

/* "merge of a.db#3 b.db#2" */
static char *merge_cmdline(const input *in, size_t n)
{
	size_t len = 16;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(in[i].path) + 24;
	if (!(s = malloc(len)))
		return NULL;
	strcpy(s, "merge of");
	for (size_t i = 0; i < n; i++)
		sprintf(s + strlen(s), " %s#%" PRId64, in[i].path, in[i].set.run.id);
	return s;
}

static int64_t begin_merged(rpt_db *out, const input *in, size_t n)
{
	const rpt_run *r0 = &in[0].set.run;
	rpt_run_info info = {0};
	bool same_seed = true;
	int64_t id;

	for (size_t i = 1; i < n; i++)
		same_seed = same_seed && in[i].set.run.has_seed == r0->has_seed &&
			    in[i].set.run.seed == r0->seed;
	info.kind = "merge";
	info.has_seed = same_seed && r0->has_seed;
	info.seed = r0->seed;
	info.provider = r0->provider;
	info.provider_hash = r0->provider_hash;
	info.hash_path = "";
	info.profile = r0->profile;
	info.version = r0->version;
	for (size_t i = 0; i < n; i++)
		info.planned += in[i].set.run.planned;
	if (!(info.cmdline = merge_cmdline(in, n))) {
		rpt_err(out, "out of memory");
		return -1;
	}
	id = rpt_run_begin(out, &info);
	free((char *)info.cmdline);
	return id;
}

static int copy_results(rpt_db *out, int64_t run, const input *in)
{
	for (size_t i = 0; i < in->set.n; i++) {
		const rpt_item *it = &in->set.items[i];
		const char *tags = it->tags;
		if (rpt_result_add(out, run, &it->r) != 0 ||
		    (tags && rpt_scenario_tags(out, it->r.name, &tags, 1) != 0))
			return -1;
	}
	return 0;
}

/* Drop a half-made merged run (its results go with it). */
static void drop_run(rpt_db *out, int64_t run)
{
	sqlite3_stmt *st = NULL;

	if (rpt_prepare(out, "DELETE FROM runs WHERE id=?1", &st) == 0 &&
	    sqlite3_bind_int64(st, 1, run) == SQLITE_OK)
		(void)sqlite3_step(st);
	sqlite3_finalize(st);
}

int64_t rpt_merge(rpt_db *out, const char *const *in_paths, size_t n)
{
	input *in = NULL;
	int64_t run = -1;
	bool complete = true;
	char keep[sizeof(out->err)];

	if (n == 0) {
		rpt_err(out, "merge: no input database");
		return -1;
	}
	if (!(in = calloc(n, sizeof(*in)))) {
		rpt_err(out, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (load_input(out, in_paths[i], &in[i]) != 0)
			goto out;
	if (check_inputs(out, in, n) != 0 || (run = begin_merged(out, in, n)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		complete =
		    complete && in[i].set.run.status && strcmp(in[i].set.run.status, "done") == 0;
		if (copy_results(out, run, &in[i]) != 0)
			goto fail;
	}
	if (rpt_run_end(out, run, complete) != 0)
		goto fail;
	goto out;
fail:
	memcpy(keep, out->err, sizeof(keep)); /* the cleanup must not hide why */
	drop_run(out, run);
	memcpy(out->err, keep, sizeof(keep));
	run = -1;
out:
	for (size_t i = 0; i < n; i++)
		rpt_set_free(&in[i].set);
	free(in);
	return run;
}
