/*
 * xpl_loop.c - the explore loop: generate, submit to the pool, collect,
 * judge, count; a progress line once a second.
 *
 * A few units per worker are kept in flight, so the workers never wait on
 * the generator. Results come back in finishing order; what is kept of a
 * failure is the lowest run index that showed its key, so with --runs the
 * outcome does not depend on the order (or on -j).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "xpl_int.h"

typedef struct unit {
	uint64_t index;
	uint64_t id[2]; /* pool ids: the provider's run, the reference's */
	char *text;
	scn_scenario *sc;  /* the model, alive until the results are in */
	int need, got;	   /* results expected (1 or 2) and arrived */
	srh_result res[2]; /* [0] provider, [1] reference */
} unit;

typedef struct loop_st {
	xpl_loop l;
	xpl_report *rep;
	unit *units;
	size_t n_units, cap_units;
	uint64_t next;
	double t0, last_progress;
	bool gen_failed;
} loop_st;

/* ---- keys ------------------------------------------------------------------ */

typedef struct key_ctx {
	loop_st *st;
	const unit *u;
	size_t n;
} key_ctx;

static xpl_seen *find_seen(xpl_loop *l, const char *key)
{
	for (size_t i = 0; i < l->n_seen; i++)
		if (strcmp(l->seen[i].key, key) == 0)
			return &l->seen[i];
	return NULL;
}

static void on_key(void *ctx, const char *key, const char *detail)
{
	key_ctx *k = ctx;
	xpl_loop *l = &k->st->l;
	xpl_seen *s = find_seen(l, key);
	char *text, *det;

	k->n++;
	if (s && s->index <= k->u->index)
		return;
	text = strdup(k->u->text);
	det = strdup(detail);
	if (!text || !det ||
	    (!s && srh_grow((void **)&l->seen, &l->cap_seen, l->n_seen, sizeof(*l->seen)) != 0)) {
		free(text);
		free(det);
		return;
	}
	if (!s) {
		s = &l->seen[l->n_seen++];
		*s = (xpl_seen){strdup(key),	 NULL, 0, NULL, srh_wall_now() - k->st->t0,
				k->st->rep->runs};
		if (!s->key) {
			l->n_seen--;
			free(text);
			free(det);
			return;
		}
	}
	free(s->text);
	free(s->detail);
	s->text = text;
	s->detail = det;
	s->index = k->u->index;
}

static void judge(loop_st *st, unit *u)
{
	key_ctx k = {st, u, 0};

	xpl_keys(&u->res[0], on_key, &k);
	if (u->need == 2)
		xpl_diff(&u->res[0], &u->res[1], on_key, &k);
	st->rep->runs++;
	if (k.n)
		st->rep->failed_runs++;
	xpl_summary_add(&st->rep->sum, &u->res[0]);
	st->rep->sum.failed = st->rep->failed_runs;
}

/* ---- units ----------------------------------------------------------------- */

static void unit_free(unit *u)
{
	free(u->text);
	scn_free(u->sc);
	srh_result_free(&u->res[0]);
	srh_result_free(&u->res[1]);
}

static int submit_one(loop_st *st)
{
	const xpl_opts *o = st->l.o;
	scn_scenario *sc = NULL;
	char err[SCN_ERRLEN];
	unit u = {0};
	size_t len;

	if (xpl_gen(o->seed, st->next, &sc, err, sizeof(err)) != 0) {
		fprintf(stderr, "srh explore: generator: %s\n", err);
		st->gen_failed = true;
		return -1;
	}
	u.index = st->next++;
	u.need = o->differential ? 2 : 1;
	if (scn_write_string(sc, &u.text, &len) != 0 ||
	    srh_grow((void **)&st->units, &st->cap_units, st->n_units, sizeof(*st->units)) != 0)
		goto fail;
	for (int w = 0; w < u.need; w++) {
		/* The model goes along: a run in this process (--no-fork) or
		 * in a worker forked after this submit runs it without parsing
		 * the text again (a sixth of explore's own CPU time); a worker
		 * forked earlier is sent the text alone. */
		srh_request rq = {.name = sc->name,
				  .file = sc->file,
				  .job_kind = sc->job.kind,
				  .text = u.text,
				  .provider = w ? o->differential : o->provider,
				  .profile = o->profile,
				  .model = sc};
		if (srh_pool_submit(st->l.pool, &rq, &u.id[w]) != 0)
			goto fail;
	}
	u.sc = sc;
	st->units[st->n_units++] = u;
	return 0;
fail:
	/* a unit half submitted would leave a result nobody waits for: the
	 * loop stops (out of memory) */
	fprintf(stderr, "srh explore: out of memory\n");
	st->gen_failed = true;
	free(u.text);
	scn_free(sc);
	return -1;
}

static void arrived(loop_st *st, uint64_t id, srh_result *r)
{
	for (size_t i = 0; i < st->n_units; i++) {
		unit *u = &st->units[i];
		for (int w = 0; w < u->need; w++) {
			if (u->id[w] != id)
				continue;
			u->res[w] = *r;
			if (++u->got < u->need)
				return;
			judge(st, u);
			unit_free(u);
			st->units[i] = st->units[--st->n_units];
			return;
		}
	}
	srh_result_free(r);
}

/* ---- progress -------------------------------------------------------------- */

static void progress(loop_st *st, bool force)
{
	const xpl_opts *o = st->l.o;
	double now = srh_wall_now(), el = now - st->t0;
	const xpl_summary *s = &st->rep->sum;

	if (!o->progress || (!force && now - st->last_progress < 1.0))
		return;
	st->last_progress = now;
	fprintf(o->progress,
		"explore: %" PRIu64 " runs, %.0f runs/s, %" PRIu64
		" failed, %zu distinct, fault points %u/%zu, rc %u/7, paths %u/%d\n",
		st->rep->runs, el > 0 ? (double)st->rep->runs / el : 0.0, st->rep->failed_runs,
		st->l.n_seen, xpl_summary_points(s), s->n_points, xpl_summary_rcs(s),
		xpl_summary_paths(s), XPL_PATH_COUNT);
	(void)fflush(o->progress);
}

static bool more(const loop_st *st)
{
	const xpl_opts *o = st->l.o;

	if (st->gen_failed)
		return false;
	if (o->runs)
		return st->next < o->runs;
	return srh_wall_now() - st->t0 < o->time_s;
}

/* Submit, collect, judge until the runs or the time are spent. */
static int run_loop(loop_st *st)
{
	size_t depth = 4 * (st->l.o->pool.jobs ? st->l.o->pool.jobs : 1);
	srh_result r;
	uint64_t id;

	for (;;) {
		while (more(st) && st->n_units < depth)
			if (submit_one(st) != 0)
				break;
		if (st->n_units == 0)
			break;
		srh_pool_rc prc = srh_pool_collect(st->l.pool, 0.25, &r, &id);
		if (prc == SRH_POOL_STOPPED) {
			st->rep->interrupted = true;
			break;
		}
		if (prc == SRH_POOL_IDLE)
			break;
		if (prc == SRH_POOL_OK)
			arrived(st, id, &r);
		progress(st, false);
	}
	progress(st, true);
	return st->gen_failed ? -1 : 0;
}

/* ---- one scenario at a time (shrinking) ------------------------------------ */

int xpl_run_one(xpl_loop *l, const scn_scenario *sc, xpl_key_fn fn, void *ctx, srh_result *res)
{
	int need = l->o->differential ? 2 : 1, got = 0, rc = -1;
	srh_result r[2];
	uint64_t ids[2], id;
	char *text = NULL;
	size_t len;

	memset(r, 0, sizeof(r));
	if (scn_write_string(sc, &text, &len) != 0)
		return -1;
	for (int w = 0; w < need; w++) {
		srh_request rq = {.name = sc->name,
				  .file = sc->file,
				  .job_kind = sc->job.kind,
				  .text = text,
				  .provider = w ? l->o->differential : l->o->provider,
				  .profile = l->o->profile};
		if (srh_pool_submit(l->pool, &rq, &ids[w]) != 0)
			goto out;
	}
	while (got < need) {
		srh_result x;
		if (srh_pool_collect(l->pool, -1, &x, &id) != SRH_POOL_OK)
			goto out;
		r[id == ids[0] ? 0 : 1] = x;
		got++;
	}
	xpl_keys(&r[0], fn, ctx);
	if (need == 2)
		xpl_diff(&r[0], &r[1], fn, ctx);
	if (res) {
		*res = r[0];
		memset(&r[0], 0, sizeof(r[0]));
	}
	rc = 0;
out:
	srh_result_free(&r[0]);
	srh_result_free(&r[1]);
	free(text);
	return rc;
}

/* ---- the whole exploration ------------------------------------------------- */

/* Shrinking runs one candidate at a time, each on a fresh worker: a
 * candidate fails on its own or not at all (a worker that ran others first
 * would make the pool run a failure again), and a failure that needs
 * earlier runs in its process is not shrunk into a scenario that passes. */
static int shrink_pool(const xpl_opts *o, xpl_loop *l)
{
	srh_pool_opts po = o->pool;

	po.worker_runs = 1;
	if (srh_pool_open(&po, &l->pool) != 0) {
		fprintf(stderr, "srh explore: out of memory\n");
		return -1;
	}
	return 0;
}

/* A failure explore counts (xpl_keys) is run again alone, as any pooled
 * failure; one it ignores is not: a quarter of explore's runs reached
 * that way, each costing a fresh worker and a run more. */
static bool counted(const srh_result *r)
{
	return xpl_keys(r, NULL, NULL) > 0;
}

int xpl_explore(const xpl_opts *o, xpl_report *rep)
{
	srh_pool_opts po = o->pool;
	loop_st st = {0};
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	xpl_summary_init(&rep->sum);
	st.l.o = o;
	st.rep = rep;
	if (xpl_mkdirs(o->out_dir) != 0) {
		fprintf(stderr, "srh explore: cannot make %s: %s\n", o->out_dir, strerror(errno));
		return -1;
	}
	po.confirm = counted;
	if (srh_pool_open(&po, &st.l.pool) != 0) {
		fprintf(stderr, "srh explore: out of memory\n");
		return -1;
	}
	st.t0 = st.last_progress = srh_wall_now();
	rc = run_loop(&st);
	rep->wall_s = srh_wall_now() - st.t0;
	for (size_t i = 0; i < st.n_units; i++)
		unit_free(&st.units[i]);
	free(st.units);
	srh_pool_close(st.l.pool);
	st.l.pool = NULL;
	if (rc == 0 && !rep->interrupted && st.l.n_seen && shrink_pool(o, &st.l) == 0) {
		if (xpl_found_all(&st.l, rep) != 0)
			rc = -1;
		srh_pool_close(st.l.pool);
	} else if (rc == 0 && !rep->interrupted && st.l.n_seen) {
		rc = -1;
	}
	for (size_t i = 0; i < st.l.n_seen; i++) {
		free(st.l.seen[i].key);
		free(st.l.seen[i].detail);
		free(st.l.seen[i].text);
	}
	free(st.l.seen);
	return rc;
}

void xpl_report_free(xpl_report *rep)
{
	for (size_t i = 0; rep && i < rep->n_found; i++) {
		free(rep->found[i].key);
		free(rep->found[i].detail);
		free(rep->found[i].path);
		srh_result_free(&rep->found[i].res);
	}
	if (rep) {
		free(rep->found);
		rep->found = NULL;
		rep->n_found = 0;
	}
}
