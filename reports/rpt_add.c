/*
 * rpt_add.c - storing one finished result: the result row and everything
 * hanging off it, in one transaction, so that a result is either wholly in
 * the database or not at all, whenever the harness dies.
 */
#include <stdlib.h>
#include <string.h>

#include "rpt_int.h"

/* Bind status of a whole statement: any non-OK bind fails the insert. */
#define BIND(x)                                                                                    \
	do {                                                                                       \
		if ((x) != SQLITE_OK)                                                              \
			return rpt_err_sql(db, "binding a value");                                 \
	} while (0)

static int64_t scenario_id(rpt_db *db, const srh_result *r)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_SCENARIO);
	int64_t id;

	if (!st)
		return -1;
	BIND(rpt_bind_text(st, 1, r->name));
	BIND(rpt_bind_text(st, 2, r->file));
	BIND(rpt_bind_text(st, 3, r->job_kind));
	if (sqlite3_step(st) != SQLITE_ROW)
		return rpt_err_sql(db, "storing the scenario");
	id = sqlite3_column_int64(st, 0);
	(void)sqlite3_reset(st);
	return id;
}

static int64_t next_seq(rpt_db *db, int64_t run)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_RESULT_SEQ);
	int64_t seq;

	if (!st)
		return -1;
	BIND(sqlite3_bind_int64(st, 1, run));
	if (sqlite3_step(st) != SQLITE_ROW)
		return rpt_err_sql(db, "numbering the result");
	seq = sqlite3_column_int64(st, 0);
	(void)sqlite3_reset(st);
	return seq;
}

static int64_t insert_result(rpt_db *db, int64_t run, int64_t scn, const srh_result *r)
{
	sqlite3_stmt *st;
	int64_t seq;

	if (!(st = rpt_stmt(db, RPT_ST_RESULT_DEL)))
		return -1;
	BIND(sqlite3_bind_int64(st, 1, run));
	BIND(sqlite3_bind_int64(st, 2, scn));
	if (rpt_step_done(db, st, "replacing the result") != 0 || (seq = next_seq(db, run)) < 0 ||
	    !(st = rpt_stmt(db, RPT_ST_RESULT)))
		return -1;
	BIND(sqlite3_bind_int64(st, 1, run));
	BIND(sqlite3_bind_int64(st, 2, scn));
	BIND(sqlite3_bind_int64(st, 3, seq));
	BIND(rpt_bind_u64(st, 4, r->seed));
	BIND(rpt_bind_text(st, 5, r->provider));
	BIND(rpt_bind_text(st, 6, rpt_verdict_name(r->verdict)));
	BIND(sqlite3_bind_int(st, 7, r->signal));
	BIND(rpt_bind_text(st, 8, r->reason));
	BIND(sqlite3_bind_double(st, 9, r->wall_s));
	BIND(rpt_bind_u64(st, 10, r->end_ns));
	BIND(sqlite3_bind_int(st, 11, r->final_state));
	BIND(rpt_bind_text(st, 12, r->end_class));
	BIND(sqlite3_bind_int64(st, 13, (sqlite3_int64)r->n_must));
	BIND(sqlite3_bind_int64(st, 14, (sqlite3_int64)r->n_should));
	BIND(rpt_bind_text(st, 15, r->output));
	BIND(sqlite3_bind_int(st, 16, r->truncated));
	if (rpt_step_done(db, st, "storing the result") != 0)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

static int insert_failure(rpt_db *db, int64_t res, int idx, const srh_failure *f)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_FAILURE);

	if (!st)
		return -1;
	BIND(sqlite3_bind_int64(st, 1, res));
	BIND(sqlite3_bind_int(st, 2, idx));
	BIND(sqlite3_bind_int(st, 3, f->level ? 1 : 0));
	BIND(sqlite3_bind_int(st, 4, f->from_expect));
	BIND(rpt_bind_text(st, 5, f->rule ? f->rule : "?"));
	BIND(rpt_bind_text(st, 6, f->property));
	BIND(rpt_bind_text(st, 7, f->expected));
	BIND(rpt_bind_text(st, 8, f->observed));
	BIND(rpt_bind_u64(st, 9, f->time_ns));
	BIND(sqlite3_bind_int(st, 10, f->line));
	return rpt_step_done(db, st, "storing a failure");
}

static int insert_strings(rpt_db *db, int64_t err_id, const char *prop, char *const *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		sqlite3_stmt *st = rpt_stmt(db, RPT_ST_ERRSTR);
		if (!st)
			return -1;
		BIND(sqlite3_bind_int64(st, 1, err_id));
		BIND(rpt_bind_text(st, 2, prop));
		BIND(sqlite3_bind_int64(st, 3, (sqlite3_int64)i));
		BIND(rpt_bind_text(st, 4, v[i]));
		if (rpt_step_done(db, st, "storing an Error array element") != 0)
			return -1;
	}
	return 0;
}

static int insert_error(rpt_db *db, int64_t call_id, int idx, const cim_error *e)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_ERROR);
	size_t n_args = e->message_arguments ? e->n_message_arguments : 0;
	size_t n_acts = e->recommended_actions ? e->n_recommended_actions : 0;
	int64_t id;

	if (!st)
		return -1;
	BIND(sqlite3_bind_int64(st, 1, call_id));
	BIND(sqlite3_bind_int(st, 2, idx));
	BIND(sqlite3_bind_int(st, 3, e->error_type));
	BIND(rpt_bind_text(st, 4, e->other_error_type));
	BIND(rpt_bind_text(st, 5, e->owning_entity));
	BIND(rpt_bind_text(st, 6, e->message_id));
	BIND(rpt_bind_text(st, 7, e->message));
	BIND(sqlite3_bind_int64(st, 8, (sqlite3_int64)n_args));
	BIND(sqlite3_bind_int(st, 9, e->perceived_severity));
	BIND(sqlite3_bind_int(st, 10, e->probable_cause));
	BIND(rpt_bind_text(st, 11, e->probable_cause_description));
	BIND(sqlite3_bind_int64(st, 12, (sqlite3_int64)n_acts));
	BIND(rpt_bind_text(st, 13, e->error_source));
	BIND(sqlite3_bind_int(st, 14, e->error_source_format));
	BIND(rpt_bind_text(st, 15, e->other_error_source_format));
	BIND(sqlite3_bind_int64(st, 16, e->cim_status_code));
	BIND(rpt_bind_text(st, 17, e->cim_status_code_description));
	if (rpt_step_done(db, st, "storing an Error") != 0)
		return -1;
	id = sqlite3_last_insert_rowid(db->h);
	if (insert_strings(db, id, "MessageArguments", e->message_arguments, n_args) != 0 ||
	    insert_strings(db, id, "RecommendedActions", e->recommended_actions, n_acts) != 0)
		return -1;
	return 0;
}

static void op_status_text(const srh_call_rec *c, char *buf, size_t len)
{
	size_t n = c->n_op_status > CIM_OPSTATUS_MAX ? CIM_OPSTATUS_MAX : c->n_op_status;
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%u", i ? "," : "", c->op_status[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static int insert_call(rpt_db *db, int64_t res, int idx, const srh_call_rec *c)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_CALL);
	char ops[CIM_OPSTATUS_MAX * 7 + 1];
	size_t n_err = c->errors ? c->n_errors : 0;
	int64_t id;

	if (!st)
		return -1;
	op_status_text(c, ops, sizeof(ops));
	BIND(sqlite3_bind_int64(st, 1, res));
	BIND(sqlite3_bind_int(st, 2, idx));
	BIND(rpt_bind_u64(st, 3, c->time_ns));
	BIND(sqlite3_bind_int(st, 4, c->call));
	BIND(rpt_bind_text(st, 5, rpt_call_name(c->call)));
	BIND(sqlite3_bind_int(st, 6, c->admin));
	BIND(sqlite3_bind_int(st, 7, c->requested_state));
	BIND(rpt_bind_text(st, 8, c->principal));
	BIND(rpt_bind_text(st, 9, c->instance_id));
	BIND(sqlite3_bind_int64(st, 10, c->rc));
	BIND(sqlite3_bind_int64(st, 11, (sqlite3_int64)n_err));
	BIND(sqlite3_bind_int(st, 12, c->has_job));
	BIND(sqlite3_bind_int(st, 13, c->job_state));
	BIND(rpt_bind_text(st, 14, ops));
	BIND(sqlite3_bind_int(st, 15, c->percent));
	BIND(sqlite3_bind_int(st, 16, c->line));
	BIND(rpt_bind_text(st, 17, c->rc_desc));
	if (rpt_step_done(db, st, "storing a call") != 0)
		return -1;
	id = sqlite3_last_insert_rowid(db->h);
	for (size_t i = 0; i < n_err; i++)
		if (c->errors[i] && insert_error(db, id, (int)i, c->errors[i]) != 0)
			return -1;
	return 0;
}

static int insert_event(rpt_db *db, int64_t res, int idx, const srh_tl_event *e)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_TIMELINE);

	if (!st)
		return -1;
	BIND(sqlite3_bind_int64(st, 1, res));
	BIND(sqlite3_bind_int(st, 2, idx));
	BIND(rpt_bind_u64(st, 3, e->time_ns));
	BIND(sqlite3_bind_int(st, 4, e->kind));
	BIND(rpt_bind_text(st, 5, rpt_tl_kind_name(e->kind)));
	BIND(sqlite3_bind_int(st, 6, e->job_state));
	BIND(sqlite3_bind_int(st, 7, e->percent));
	BIND(rpt_bind_text(st, 8, e->text ? e->text : ""));
	return rpt_step_done(db, st, "storing a timeline event");
}

static int insert_hit(rpt_db *db, int64_t res, const srh_hit *h)
{
	sqlite3_stmt *st = rpt_stmt(db, RPT_ST_HIT);

	if (!st)
		return -1;
	BIND(sqlite3_bind_int64(st, 1, res));
	BIND(rpt_bind_text(st, 2, h->point ? h->point : "?"));
	BIND(rpt_bind_u64(st, 3, h->hits));
	return rpt_step_done(db, st, "storing a fault hit count");
}

static int insert_children(rpt_db *db, int64_t res, const srh_result *r)
{
	int idx = 0;

	for (size_t i = 0; i < r->n_must; i++)
		if (insert_failure(db, res, idx++, &r->must[i]) != 0)
			return -1;
	for (size_t i = 0; i < r->n_should; i++)
		if (insert_failure(db, res, idx++, &r->should[i]) != 0)
			return -1;
	for (size_t i = 0; i < r->n_calls; i++)
		if (insert_call(db, res, (int)i, &r->calls[i]) != 0)
			return -1;
	for (size_t i = 0; i < r->n_timeline; i++)
		if (insert_event(db, res, (int)i, &r->timeline[i]) != 0)
			return -1;
	for (size_t i = 0; i < r->n_hits; i++)
		if (insert_hit(db, res, &r->hits[i]) != 0)
			return -1;
	return 0;
}

int rpt_result_add(rpt_db *db, int64_t run, const srh_result *r)
{
	int64_t scn, res;

	if (!db || !r || !r->name) {
		if (db)
			rpt_err(db, "a result without a scenario name");
		return -1;
	}
	if (rpt_exec(db, "BEGIN IMMEDIATE") != 0)
		return -1;
	if ((scn = scenario_id(db, r)) < 0 || (res = insert_result(db, run, scn, r)) < 0 ||
	    insert_children(db, res, r) != 0 || rpt_exec(db, "COMMIT") != 0)
		goto fail;
	return 0;
fail:
	(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int rpt_scenario_tags(rpt_db *db, const char *name, const char *const *tags, size_t n)
{
	sqlite3_stmt *st = NULL;
	size_t len = 1;
	char *joined;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		len += strlen(tags[i]) + 1;
	if (!(joined = calloc(1, len))) {
		rpt_err(db, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(joined, ",");
		strcat(joined, tags[i]);
	}
	if (rpt_prepare(db,
			"INSERT INTO scenarios(name, tags) VALUES(?1, ?2)"
			" ON CONFLICT(name) DO UPDATE SET tags=excluded.tags",
			&st) != 0)
		goto out;
	if (rpt_bind_text(st, 1, name) != SQLITE_OK || rpt_bind_text(st, 2, joined) != SQLITE_OK) {
		rpt_err_sql(db, "binding a value");
		goto out;
	}
	rc = rpt_step_done(db, st, "storing tags");
out:
	sqlite3_finalize(st);
	free(joined);
	return rc;
}
