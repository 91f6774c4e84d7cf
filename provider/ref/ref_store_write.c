/*
 * ref_store_write.c - the job store's writes: a job row and its Error
 * record saved, or a job deleted, each in one transaction.
 */
#include <stdint.h>

#include "ref_fault.h"
#include <sqlite3.h>

#include "ref_store_int.h"
#include "srh/prov_faults.h"

static int step_write(sqlite3_stmt *q)
{
	ref_fiu_do_on(PROV_FP_STORE_WRITE, return ref_store_fault_rc(SQLITE_IOERR));
	return sqlite3_step(q); /* no write statement returns a row */
}

static int bind_time(sqlite3_stmt *q, int i, uint64_t t)
{
	return t == CIM_TIME_NULL ? sqlite3_bind_null(q, i)
				  : sqlite3_bind_int64(q, i, (sqlite3_int64)t);
}

static int run(ref_store *s, int i)
{
	sqlite3_stmt *q;
	int rc = ref_store_stmt(s, i, &q);
	return rc != SQLITE_OK ? rc : step_write(q);
}

static int put_job(ref_store *s, const ref_job *j)
{
	const ref_cause *c = &j->cause;
	sqlite3_stmt *q;
	int b = ref_store_stmt(s, S_JOB_PUT, &q);

	if (b != SQLITE_OK)
		return b;

	s->written |= REF_W_JOB;
	b |= ref_store_bind_text(q, 1, j->id);
	b |= ref_store_bind_text(q, 2, j->name);
	b |= ref_store_bind_text(q, 3, j->owner);
	b |= sqlite3_bind_int(q, 4, j->state);
	b |= sqlite3_bind_int(q, 5, j->percent);
	b |= sqlite3_bind_int(q, 6, j->error_code);
	b |= sqlite3_bind_int(q, 7, j->doc);
	b |= bind_time(q, 8, j->submitted);
	b |= bind_time(q, 9, j->started);
	b |= bind_time(q, 10, j->ended);
	b |= bind_time(q, 11, j->last_change);
	b |= sqlite3_bind_int64(q, 12, (sqlite3_int64)j->tbr);
	b |= ref_store_bind_text(q, 13, j->error_desc);
	b |= ref_store_bind_text(q, 14, prov_fault_class_id(c->fc));
	b |= sqlite3_bind_int(q, 15, c->err_no);
	b |= ref_store_bind_text(q, 16, c->volume);
	b |= ref_store_bind_text(q, 17, c->partner);
	b |= sqlite3_bind_int64(q, 18, (sqlite3_int64)c->offset);
	b |= sqlite3_bind_int(q, 19, c->percent);
	b |= ref_store_bind_text(q, 20, c->detail);
	b |= ref_store_bind_text(q, 21, c->requested_by);
	return b != SQLITE_OK ? SQLITE_ERROR : step_write(q);
}

static int put_strs(ref_store *s, const char *id, int list, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *q;
		int rc = ref_store_stmt(s, S_STR_PUT, &q);
		if (rc != SQLITE_OK)
			return rc;
		int b = ref_store_bind_text(q, 1, id) | sqlite3_bind_int(q, 2, list) |
			sqlite3_bind_int64(q, 3, (sqlite3_int64)i) |
			ref_store_bind_text(q, 4, v[i]);
		rc = b != SQLITE_OK ? SQLITE_ERROR : step_write(q);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_DONE;
}

static int put_error(ref_store *s, const char *id, const cim_error *e)
{
	sqlite3_stmt *q;
	int b = ref_store_stmt(s, S_ERR_PUT, &q);

	if (b != SQLITE_OK)
		return b;

	s->written |= REF_W_ERR | REF_W_STR;
	b |= ref_store_bind_text(q, 1, id);
	b |= sqlite3_bind_int(q, 2, e->error_type);
	b |= ref_store_bind_text(q, 3, e->other_error_type);
	b |= ref_store_bind_text(q, 4, e->owning_entity);
	b |= ref_store_bind_text(q, 5, e->message_id);
	b |= ref_store_bind_text(q, 6, e->message);
	b |= sqlite3_bind_int(q, 7, e->perceived_severity);
	b |= sqlite3_bind_int(q, 8, e->probable_cause);
	b |= ref_store_bind_text(q, 9, e->probable_cause_description);
	b |= ref_store_bind_text(q, 10, e->error_source);
	b |= sqlite3_bind_int(q, 11, e->error_source_format);
	b |= ref_store_bind_text(q, 12, e->other_error_source_format);
	b |= sqlite3_bind_int64(q, 13, e->cim_status_code);
	b |= ref_store_bind_text(q, 14, e->cim_status_code_description);
	b |= sqlite3_bind_int64(q, 15, (sqlite3_int64)e->n_message_arguments);
	b |= sqlite3_bind_int64(q, 16, (sqlite3_int64)e->n_recommended_actions);
	int rc = b != SQLITE_OK ? SQLITE_ERROR : step_write(q);
	if (rc == SQLITE_DONE)
		rc = put_strs(s, id, REF_LIST_ARGS, e->message_arguments, e->n_message_arguments);
	if (rc == SQLITE_DONE)
		rc = put_strs(s, id, REF_LIST_ACTIONS, e->recommended_actions,
			      e->n_recommended_actions);
	return rc;
}

static int del_by_id(ref_store *s, int i, const char *id)
{
	sqlite3_stmt *q;
	int rc = ref_store_stmt_id(s, i, id, &q);
	return rc != SQLITE_OK ? rc : step_write(q);
}

static int del_error(ref_store *s, const char *id)
{
	int rc = del_by_id(s, S_ERR_DEL, id);
	return rc == SQLITE_DONE ? del_by_id(s, S_STR_DEL, id) : rc;
}

static ref_rc finish(ref_store *s, int rc)
{
	sqlite3_stmt *q;

	if (rc == SQLITE_DONE)
		rc = run(s, S_COMMIT);
	if (rc != SQLITE_DONE) {
		/* Stepped past prov/store/write: a rollback that did not run
		 * would leave the transaction open and fail every later write.
		 * If even a real rollback fails, SQLite rolls back when the
		 * connection closes; the caller reports rc either way. */
		if (ref_store_stmt(s, S_ROLLBACK, &q) == SQLITE_OK)
			(void)sqlite3_step(q);
		return ref_store_rc(rc);
	}
	return REF_OK;
}

ref_rc ref_store_save(ref_store *s, const ref_job *j, const cim_error *e)
{
	int rc;

	/* The job row alone (every progress step) is one statement: SQLite
	 * makes it a transaction of its own, all or nothing, as BEGIN ...
	 * COMMIT would, without stepping those two (a sixth of a save). */
	if (!e && sqlite3_get_autocommit(s->db)) {
		rc = put_job(s, j);
		return rc == SQLITE_DONE ? REF_OK : ref_store_rc(rc);
	}
	rc = run(s, S_BEGIN);
	if (rc != SQLITE_DONE)
		return ref_store_rc(rc);
	rc = put_job(s, j);
	if (rc == SQLITE_DONE && e) {
		rc = del_error(s, j->id);
		if (rc == SQLITE_DONE)
			rc = put_error(s, j->id, e);
	}
	return finish(s, rc);
}

ref_rc ref_store_delete(ref_store *s, const char *id)
{
	int rc = run(s, S_BEGIN);
	if (rc != SQLITE_DONE)
		return ref_store_rc(rc);
	rc = del_error(s, id);
	if (rc == SQLITE_DONE)
		rc = del_by_id(s, S_JOB_DEL, id);
	return finish(s, rc);
}
