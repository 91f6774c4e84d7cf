/*
 * rpt_load.c - reading a run back as the srh_results it was stored from,
 * so that every writer (JUnit, TAP, JSON, HTML, diff, merge) works on the
 * same structs whether the run happened here or was merged from elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include "rpt_int.h"

/* Statements reused for every result of a run. */
typedef struct loader {
	rpt_db *db;
	sqlite3_stmt *fail, *call, *err, *str, *tl, *hit;
} loader;

static int grow(void **arr, size_t *cap, size_t n, size_t el)
{
	void *p;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	if (!(p = realloc(*arr, nc * el)))
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static int oom(rpt_db *db)
{
	rpt_err(db, "out of memory");
	return -1;
}

/* Step to the next row: 1 row, 0 done, -1 error (set). */
static int next_row(rpt_db *db, sqlite3_stmt *st)
{
	int s = sqlite3_step(st);

	if (s == SQLITE_ROW)
		return 1;
	if (s == SQLITE_DONE)
		return 0;
	return rpt_err_sql(db, "reading results");
}

static int bind_id(loader *l, sqlite3_stmt *st, int64_t id)
{
	(void)sqlite3_reset(st);
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		return rpt_err_sql(l->db, "binding a value");
	return 0;
}

static int load_failures(loader *l, int64_t res, srh_result *r)
{
	int s, fail = 0;

	if (bind_id(l, l->fail, res) != 0)
		return -1;
	while ((s = next_row(l->db, l->fail)) == 1) {
		bool should = sqlite3_column_int(l->fail, 0) == 1;
		srh_failure **arr = should ? &r->should : &r->must;
		size_t *n = should ? &r->n_should : &r->n_must;
		size_t *cap = should ? &r->cap_should : &r->cap_must;
		if (grow((void **)arr, cap, *n, sizeof(**arr)) != 0)
			return oom(l->db);
		srh_failure *f = &(*arr)[(*n)++];
		memset(f, 0, sizeof(*f));
		f->level = should;
		f->from_expect = (uint8_t)sqlite3_column_int(l->fail, 1);
		f->rule = rpt_col_text(l->fail, 2, &fail);
		f->property = rpt_col_text(l->fail, 3, &fail);
		f->expected = rpt_col_text(l->fail, 4, &fail);
		f->observed = rpt_col_text(l->fail, 5, &fail);
		f->time_ns = rpt_col_u64(l->fail, 6);
		f->line = sqlite3_column_int(l->fail, 7);
		if (fail)
			return oom(l->db);
	}
	return s;
}

/* An array property's elements, in order, into *v (n of them). */
static int load_strings(loader *l, int64_t err_id, const char *prop, char ***v, size_t n)
{
	int s, fail = 0;

	if (n == 0)
		return 0;
	if (!(*v = calloc(n, sizeof(**v))))
		return oom(l->db);
	(void)sqlite3_reset(l->str);
	if (sqlite3_bind_int64(l->str, 1, err_id) != SQLITE_OK ||
	    rpt_bind_text(l->str, 2, prop) != SQLITE_OK)
		return rpt_err_sql(l->db, "binding a value");
	while ((s = next_row(l->db, l->str)) == 1) {
		int64_t i = sqlite3_column_int64(l->str, 0);
		if (i >= 0 && (uint64_t)i < n && !(*v)[i])
			(*v)[i] = rpt_col_text(l->str, 1, &fail);
		if (fail)
			return oom(l->db);
	}
	return s;
}

static cim_error *error_from_row(loader *l, sqlite3_stmt *st, int *fail)
{
	cim_error *e = calloc(1, sizeof(*e));

	if (!e) {
		*fail = 1;
		return NULL;
	}
	e->error_type = (uint16_t)sqlite3_column_int(st, 1);
	e->other_error_type = rpt_col_text(st, 2, fail);
	e->owning_entity = rpt_col_text(st, 3, fail);
	e->message_id = rpt_col_text(st, 4, fail);
	e->message = rpt_col_text(st, 5, fail);
	e->n_message_arguments = (size_t)sqlite3_column_int64(st, 6);
	e->perceived_severity = (uint16_t)sqlite3_column_int(st, 7);
	e->probable_cause = (uint16_t)sqlite3_column_int(st, 8);
	e->probable_cause_description = rpt_col_text(st, 9, fail);
	e->n_recommended_actions = (size_t)sqlite3_column_int64(st, 10);
	e->error_source = rpt_col_text(st, 11, fail);
	e->error_source_format = (uint16_t)sqlite3_column_int(st, 12);
	e->other_error_source_format = rpt_col_text(st, 13, fail);
	e->cim_status_code = (uint32_t)sqlite3_column_int64(st, 14);
	e->cim_status_code_description = rpt_col_text(st, 15, fail);
	(void)l;
	return e;
}

static int load_errors(loader *l, int64_t call_id, srh_call_rec *c, size_t n)
{
	int s, fail = 0;

	if (n == 0)
		return 0;
	if (!(c->errors = calloc(n, sizeof(*c->errors))))
		return oom(l->db);
	c->n_errors = n;
	if (bind_id(l, l->err, call_id) != 0)
		return -1;
	while ((s = next_row(l->db, l->err)) == 1) {
		int64_t i = sqlite3_column_int64(l->err, 16);
		int64_t id = sqlite3_column_int64(l->err, 0);
		cim_error *e;
		if (i < 0 || (uint64_t)i >= n || c->errors[i])
			continue;
		e = error_from_row(l, l->err, &fail);
		c->errors[i] = e;
		if (fail)
			return oom(l->db);
		if (load_strings(l, id, "MessageArguments", &e->message_arguments,
				 e->n_message_arguments) < 0 ||
		    load_strings(l, id, "RecommendedActions", &e->recommended_actions,
				 e->n_recommended_actions) < 0)
			return -1;
	}
	return s;
}

static void op_status_parse(const char *text, srh_call_rec *c)
{
	const char *p = text;

	c->n_op_status = 0;
	while (p && *p && c->n_op_status < CIM_OPSTATUS_MAX) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);
		if (end == p)
			break;
		c->op_status[c->n_op_status++] = (uint16_t)v;
		p = *end == ',' ? end + 1 : end;
	}
}

static int load_calls(loader *l, int64_t res, srh_result *r)
{
	int s, fail = 0;
	/* Errors are read after all call rows: r->calls may move while it
	 * grows, so no pointer into it is kept across rows. */
	int64_t *ids = NULL;
	size_t *nerr = NULL, cap_ids = 0, cap_nerr = 0;
	int rc = -1;

	if (bind_id(l, l->call, res) != 0)
		return -1;
	while ((s = next_row(l->db, l->call)) == 1) {
		if (grow((void **)&r->calls, &r->cap_calls, r->n_calls, sizeof(*r->calls)) != 0 ||
		    grow((void **)&ids, &cap_ids, r->n_calls, sizeof(*ids)) != 0 ||
		    grow((void **)&nerr, &cap_nerr, r->n_calls, sizeof(*nerr)) != 0) {
			oom(l->db);
			goto out;
		}
		srh_call_rec *c = &r->calls[r->n_calls];
		memset(c, 0, sizeof(*c));
		ids[r->n_calls] = sqlite3_column_int64(l->call, 0);
		c->time_ns = rpt_col_u64(l->call, 1);
		c->call = (uint8_t)sqlite3_column_int(l->call, 2);
		c->admin = (uint8_t)sqlite3_column_int(l->call, 3);
		c->requested_state = (uint16_t)sqlite3_column_int(l->call, 4);
		c->principal = rpt_col_text(l->call, 5, &fail);
		c->instance_id = rpt_col_text(l->call, 6, &fail);
		c->rc = (uint32_t)sqlite3_column_int64(l->call, 7);
		nerr[r->n_calls] = (size_t)sqlite3_column_int64(l->call, 8);
		c->has_job = (uint8_t)sqlite3_column_int(l->call, 9);
		c->job_state = (uint16_t)sqlite3_column_int(l->call, 10);
		op_status_parse((const char *)sqlite3_column_text(l->call, 11), c);
		c->percent = (uint16_t)sqlite3_column_int(l->call, 12);
		c->line = sqlite3_column_int(l->call, 13);
		c->rc_desc = rpt_col_text(l->call, 14, &fail);
		r->n_calls++;
		if (fail) {
			oom(l->db);
			goto out;
		}
	}
	if (s < 0)
		goto out;
	for (size_t i = 0; i < r->n_calls; i++)
		if (load_errors(l, ids[i], &r->calls[i], nerr[i]) < 0)
			goto out;
	rc = 0;
out:
	free(ids);
	free(nerr);
	return rc;
}

static int load_timeline(loader *l, int64_t res, srh_result *r)
{
	int s, fail = 0;

	if (bind_id(l, l->tl, res) != 0)
		return -1;
	while ((s = next_row(l->db, l->tl)) == 1) {
		if (grow((void **)&r->timeline, &r->cap_timeline, r->n_timeline,
			 sizeof(*r->timeline)) != 0)
			return oom(l->db);
		srh_tl_event *e = &r->timeline[r->n_timeline++];
		e->time_ns = rpt_col_u64(l->tl, 0);
		e->kind = (uint8_t)sqlite3_column_int(l->tl, 1);
		e->job_state = (uint16_t)sqlite3_column_int(l->tl, 2);
		e->percent = (uint16_t)sqlite3_column_int(l->tl, 3);
		e->text = rpt_col_text(l->tl, 4, &fail);
		if (fail || !e->text)
			return oom(l->db);
	}
	if (s < 0 || bind_id(l, l->hit, res) != 0)
		return -1;
	while ((s = next_row(l->db, l->hit)) == 1) {
		if (grow((void **)&r->hits, &r->cap_hits, r->n_hits, sizeof(*r->hits)) != 0)
			return oom(l->db);
		srh_hit *h = &r->hits[r->n_hits++];
		h->point = rpt_col_text(l->hit, 0, &fail);
		h->hits = rpt_col_u64(l->hit, 1);
		if (fail)
			return oom(l->db);
	}
	return s;
}

static void item_from_row(sqlite3_stmt *st, rpt_item *it, int *fail)
{
	srh_result *r = &it->r;
	int v;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(st, 0);
	it->seq = sqlite3_column_int64(st, 1);
	r->name = rpt_col_text(st, 2, fail);
	r->file = rpt_col_text(st, 3, fail);
	r->job_kind = rpt_col_text(st, 4, fail);
	it->tags = rpt_col_text(st, 5, fail);
	r->seed = rpt_col_u64(st, 6);
	r->provider = rpt_col_text(st, 7, fail);
	v = rpt_verdict_parse((const char *)sqlite3_column_text(st, 8));
	r->verdict = v < 0 ? SRH_ERROR : (srh_verdict)v;
	r->signal = sqlite3_column_int(st, 9);
	r->reason = rpt_col_text(st, 10, fail);
	r->wall_s = sqlite3_column_double(st, 11);
	r->end_ns = rpt_col_u64(st, 12);
	r->final_state = (uint16_t)sqlite3_column_int(st, 13);
	r->end_class = rpt_col_text(st, 14, fail);
	r->output = rpt_col_text(st, 15, fail);
	r->truncated = sqlite3_column_int(st, 16) != 0;
}

static int load_items(rpt_db *db, int64_t run, rpt_set *s)
{
	static const char sql[] =
	    "SELECT r.id, r.seq, s.name, s.file, s.job_kind, s.tags, r.seed, r.provider_name,"
	    " r.verdict, r.signal, r.reason, r.wall_s, r.end_ns, r.final_state, r.end_class,"
	    " r.output, r.truncated FROM results r JOIN scenarios s ON s.id=r.scenario_id"
	    " WHERE r.run_id=?1 ORDER BY s.name";
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = -1, fail = 0, k;

	if (rpt_prepare(db, sql, &st) != 0)
		return -1;
	if (sqlite3_bind_int64(st, 1, run) != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	while ((k = next_row(db, st)) == 1) {
		if (grow((void **)&s->items, &cap, s->n, sizeof(*s->items)) != 0) {
			oom(db);
			goto out;
		}
		item_from_row(st, &s->items[s->n++], &fail);
		if (fail) {
			oom(db);
			goto out;
		}
	}
	rc = k;
out:
	sqlite3_finalize(st);
	return rc;
}

static int prepare_loader(rpt_db *db, loader *l)
{
	memset(l, 0, sizeof(*l));
	l->db = db;
	return rpt_prepare(db,
			   "SELECT level, from_expect, rule, property, expected, observed, time_ns,"
			   " line FROM failures WHERE result_id=?1 ORDER BY idx",
			   &l->fail) ||
	       rpt_prepare(db,
			   "SELECT id, time_ns, call, admin, requested_state, principal,"
			   " instance_id, rc, n_errors, has_job, job_state, op_status, percent,"
			   " line, rc_description FROM calls WHERE result_id=?1 ORDER BY idx",
			   &l->call) ||
	       rpt_prepare(db,
			   "SELECT id, error_type, other_error_type, owning_entity, message_id,"
			   " message, n_message_arguments, perceived_severity, probable_cause,"
			   " probable_cause_description, n_recommended_actions, error_source,"
			   " error_source_format, other_error_source_format, cim_status_code,"
			   " cim_status_code_description, idx FROM call_errors WHERE call_id=?1"
			   " ORDER BY idx",
			   &l->err) ||
	       rpt_prepare(db,
			   "SELECT idx, value FROM error_strings WHERE error_id=?1 AND prop=?2"
			   " ORDER BY idx",
			   &l->str) ||
	       rpt_prepare(db,
			   "SELECT time_ns, kind, job_state, percent, text FROM timeline"
			   " WHERE result_id=?1 ORDER BY idx",
			   &l->tl) ||
	       rpt_prepare(db, "SELECT point, hits FROM fault_hits WHERE result_id=?1 ORDER BY id",
			   &l->hit);
}

static void loader_free(loader *l)
{
	sqlite3_finalize(l->fail);
	sqlite3_finalize(l->call);
	sqlite3_finalize(l->err);
	sqlite3_finalize(l->str);
	sqlite3_finalize(l->tl);
	sqlite3_finalize(l->hit);
}

int rpt_set_load(rpt_db *db, int64_t run, unsigned what, rpt_set *out)
{
	loader l;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = rpt_run_get(db, run, &out->run)) != 0)
		return rc;
	rc = -1;
	if (prepare_loader(db, &l) != 0)
		goto out;
	if (load_items(db, run, out) != 0)
		goto out;
	for (size_t i = 0; i < out->n; i++) {
		srh_result *r = &out->items[i].r;
		int64_t id = out->items[i].id;
		if (((what & RPT_LOAD_FAILURES) && load_failures(&l, id, r) < 0) ||
		    ((what & RPT_LOAD_CALLS) && load_calls(&l, id, r) < 0) ||
		    ((what & RPT_LOAD_TIMELINE) && load_timeline(&l, id, r) < 0))
			goto out;
	}
	rc = 0;
out:
	loader_free(&l);
	if (rc != 0)
		rpt_set_free(out);
	return rc;
}

void rpt_set_free(rpt_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		srh_result_free(&s->items[i].r);
		free(s->items[i].tags);
	}
	free(s->items);
	rpt_run_clear(&s->run);
	memset(s, 0, sizeof(*s));
}

const rpt_item *rpt_set_find(const rpt_set *s, const char *name)
{
	size_t lo = 0, hi = s->n;

	/* items are ordered by name with SQLite's BINARY collation = memcmp */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->items[mid].r.name, name);
		if (c == 0)
			return &s->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
