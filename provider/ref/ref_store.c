/*
 * ref_store.c - the job store: SQLite, WAL, prepared statements only.
 *
 * Schema version 1 (PRAGMA user_version):
 *   job        one row per job (instance properties + the end cause)
 *   error      the CIM_Error of an ended job, scalar properties, with the
 *              number of MessageArguments and RecommendedActions it owns
 *   error_str  the array elements: (job, list 0 = MessageArguments /
 *              1 = RecommendedActions, idx) -> text
 * The Error is written once, when the job ends, in the same transaction as
 * the job row, so a reader never sees an ended job without its Error or a
 * half-written array; the counts in `error` catch rows lost later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fiu.h>
#include <sqlite3.h>

#include "ref.h"
#include "srh/prov_faults.h"

#define REF_SCHEMA_VERSION 1
#define REF_LIST_ARGS 0
#define REF_LIST_ACTIONS 1

enum {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_JOB_PUT,
	S_JOB_GET,
	S_JOB_ALL,
	S_JOB_DEL,
	S_ERR_PUT,
	S_ERR_GET,
	S_ERR_DEL,
	S_STR_PUT,
	S_STR_GET,
	S_STR_DEL,
	S_COUNT
};

#define JOB_COLS                                                                                   \
	"id, name, owner, state, percent, error_code, doc, submitted, started, "                   \
	"ended, last_change, tbr, error_desc, f_class, f_errno, f_volume, "                        \
	"f_partner, f_offset, f_percent, f_detail, f_requested_by"
#define ERR_COLS                                                                                   \
	"error_type, other_error_type, owning_entity, message_id, message, "                       \
	"perceived_severity, probable_cause, probable_cause_description, "                         \
	"error_source, error_source_format, other_error_source_format, "                           \
	"cim_status_code, cim_status_code_description, n_args, n_actions"

static const char *const sql_text[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_JOB_PUT] = "INSERT OR REPLACE INTO job (" JOB_COLS ") VALUES "
		  "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)",
    [S_JOB_GET] = "SELECT " JOB_COLS " FROM job WHERE id = ?1",
    [S_JOB_ALL] = "SELECT " JOB_COLS " FROM job ORDER BY submitted, id",
    [S_JOB_DEL] = "DELETE FROM job WHERE id = ?1",
    [S_ERR_PUT] = "INSERT OR REPLACE INTO error (job, " ERR_COLS ") VALUES "
		  "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
    [S_ERR_GET] = "SELECT " ERR_COLS " FROM error WHERE job = ?1",
    [S_ERR_DEL] = "DELETE FROM error WHERE job = ?1",
    [S_STR_PUT] = "INSERT INTO error_str (job, list, idx, text) VALUES (?1, ?2, ?3, ?4)",
    [S_STR_GET] = "SELECT list, idx, text FROM error_str WHERE job = ?1 ORDER BY list, idx",
    [S_STR_DEL] = "DELETE FROM error_str WHERE job = ?1",
};

static const char schema_sql[] =
    "CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, name TEXT, owner TEXT NOT NULL,"
    " state INTEGER NOT NULL, percent INTEGER NOT NULL, error_code INTEGER NOT NULL,"
    " doc INTEGER NOT NULL, submitted INTEGER, started INTEGER, ended INTEGER,"
    " last_change INTEGER, tbr INTEGER NOT NULL, error_desc TEXT, f_class TEXT,"
    " f_errno INTEGER NOT NULL, f_volume TEXT, f_partner TEXT, f_offset INTEGER NOT NULL,"
    " f_percent INTEGER NOT NULL, f_detail TEXT, f_requested_by TEXT);"
    "CREATE TABLE error (job TEXT PRIMARY KEY NOT NULL, error_type INTEGER NOT NULL,"
    " other_error_type TEXT, owning_entity TEXT, message_id TEXT, message TEXT,"
    " perceived_severity INTEGER NOT NULL, probable_cause INTEGER NOT NULL,"
    " probable_cause_description TEXT, error_source TEXT,"
    " error_source_format INTEGER NOT NULL, other_error_source_format TEXT,"
    " cim_status_code INTEGER NOT NULL, cim_status_code_description TEXT,"
    " n_args INTEGER NOT NULL, n_actions INTEGER NOT NULL);"
    "CREATE TABLE error_str (job TEXT NOT NULL, list INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (job, list, idx));"
    "PRAGMA user_version = 1;";

struct ref_store {
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
};

static ref_rc rc_of(int sqlrc)
{
	int prim = sqlrc & 0xff;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return REF_BUSY;
	if (prim == SQLITE_NOMEM)
		return REF_NOMEM;
	return REF_FAIL;
}

/* Every read of the store passes here: the two read fault points stand in
 * for the errors sqlite3_step itself can return. */
static int step_read(sqlite3_stmt *q)
{
	fiu_return_on(PROV_FP_STORE_BUSY, SQLITE_BUSY);
	fiu_return_on(PROV_FP_STORE_READ, SQLITE_IOERR);
	return sqlite3_step(q);
}

static int step_write(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

static int bind_time(sqlite3_stmt *q, int i, uint64_t t)
{
	return t == CIM_TIME_NULL ? sqlite3_bind_null(q, i)
				  : sqlite3_bind_int64(q, i, (sqlite3_int64)t);
}

static void open_err(sqlite3 *db, const char *path, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "job store '%s': %s%s%s", path, what, db ? ": " : "",
		 db ? sqlite3_errmsg(db) : "");
}

/* A garbage or truncated file must fail here, at open, not at the first
 * GetError: quick_check reads every page. */
static int check_file(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &q, NULL) != SQLITE_OK) {
		open_err(db, path, "not a readable SQLite database", err, errlen);
		goto out;
	}
	if (sqlite3_step(q) != SQLITE_ROW) {
		open_err(db, path, "not a readable SQLite database", err, errlen);
		goto out;
	}
	const unsigned char *res = sqlite3_column_text(q, 0);
	if (!res || strcmp((const char *)res, "ok") != 0) {
		snprintf(err, errlen, "job store '%s': damaged database (%s)", path,
			 res ? (const char *)res : "no answer");
		goto out;
	}
	rc = 0;
out:
	(void)sqlite3_finalize(q);
	return rc;
}

static int query_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = 0;
	}
	(void)sqlite3_finalize(q);
	return rc;
}

static int check_schema(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int ver = 0, tables = 0;
	char msg[96];

	if (query_int(db, "PRAGMA user_version", &ver) != 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_master", &tables) != 0) {
		open_err(db, path, "cannot read the schema", err, errlen);
		return -1;
	}
	if (ver == REF_SCHEMA_VERSION)
		return 0;
	if (ver != 0 || tables != 0) {
		snprintf(msg, sizeof msg,
			 "not a job store of schema version %d (user_version %d, %d tables)",
			 REF_SCHEMA_VERSION, ver, tables);
		open_err(NULL, path, msg, err, errlen);
		return -1;
	}
	char *emsg = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, schema_sql, NULL, NULL, &emsg) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "job store '%s': cannot create the schema: %s", path,
			 emsg ? emsg : sqlite3_errmsg(db));
		sqlite3_free(emsg);
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* the open fails anyway */
		return -1;
	}
	return 0;
}

static int setup(ref_store *s, const char *path, bool mem, char *err, size_t errlen)
{
	sqlite3_extended_result_codes(s->db, 1);
	if (check_file(s->db, path, err, errlen) != 0)
		return -1;
	/* WAL keeps the store readable while a writer commits, and a
	 * committed Error survives a crash of the process (synchronous=NORMAL
	 * is enough for that; only a power cut may lose the last commits). */
	if (!mem &&
	    (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
	     sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK)) {
		open_err(s->db, path, "cannot enable WAL", err, errlen);
		return -1;
	}
	if (check_schema(s->db, path, err, errlen) != 0)
		return -1;
	for (int i = 0; i < S_COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
				       NULL) != SQLITE_OK) {
			open_err(s->db, path, "unexpected schema", err, errlen);
			return -1;
		}
	}
	return 0;
}

/* SQLite's answers may span lines (quick_check: "*** in database main
 * ***\nPage 4: ..."), but the open's message is one line: control
 * characters become spaces. Found by tests/hardening/test_store_faults.c. */
static void one_line(char *s)
{
	for (; s && *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	}
}

ref_store *ref_store_open(const char *path, char *err, size_t errlen)
{
	bool mem = path == NULL;
	const char *p = mem ? ":memory:" : path;
	ref_store *s = calloc(1, sizeof *s);

	if (!s) {
		snprintf(err, errlen, "job store '%s': out of memory", p);
		return NULL;
	}
	int rc = sqlite3_open_v2(p, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		open_err(s->db, p, "cannot open", err, errlen);
		goto fail;
	}
	if (setup(s, p, mem, err, errlen) != 0)
		goto fail;
	return s;
fail:
	if (errlen)
		one_line(err);
	ref_store_close(s);
	return NULL;
}

void ref_store_close(ref_store *s)
{
	if (!s)
		return;
	/* finalize returns the last step's error (already handled); with
	 * every statement finalized, close cannot be busy. */
	for (int i = 0; i < S_COUNT; i++)
		(void)sqlite3_finalize(s->st[i]);
	(void)sqlite3_close(s->db);
	free(s);
}

/* A statement ready to bind. sqlite3_reset only repeats the error of the
 * statement's last step, which its caller already handled, and
 * sqlite3_clear_bindings cannot fail. */
static sqlite3_stmt *stmt(ref_store *s, int i)
{
	sqlite3_stmt *q = s->st[i];
	(void)sqlite3_reset(q);
	(void)sqlite3_clear_bindings(q);
	return q;
}

static int run(ref_store *s, int i)
{
	return step_write(stmt(s, i));
}

/* ---- writes ---------------------------------------------------------------- */

static int put_job(ref_store *s, const ref_job *j)
{
	sqlite3_stmt *q = stmt(s, S_JOB_PUT);
	const ref_cause *c = &j->cause;
	int b = 0;

	b |= bind_text(q, 1, j->id);
	b |= bind_text(q, 2, j->name);
	b |= bind_text(q, 3, j->owner);
	b |= sqlite3_bind_int(q, 4, j->state);
	b |= sqlite3_bind_int(q, 5, j->percent);
	b |= sqlite3_bind_int(q, 6, j->error_code);
	b |= sqlite3_bind_int(q, 7, j->doc);
	b |= bind_time(q, 8, j->submitted);
	b |= bind_time(q, 9, j->started);
	b |= bind_time(q, 10, j->ended);
	b |= bind_time(q, 11, j->last_change);
	b |= sqlite3_bind_int64(q, 12, (sqlite3_int64)j->tbr);
	b |= bind_text(q, 13, j->error_desc);
	b |= bind_text(q, 14, prov_fault_class_id(c->fc));
	b |= sqlite3_bind_int(q, 15, c->err_no);
	b |= bind_text(q, 16, c->volume);
	b |= bind_text(q, 17, c->partner);
	b |= sqlite3_bind_int64(q, 18, (sqlite3_int64)c->offset);
	b |= sqlite3_bind_int(q, 19, c->percent);
	b |= bind_text(q, 20, c->detail);
	b |= bind_text(q, 21, c->requested_by);
	return b != SQLITE_OK ? SQLITE_ERROR : step_write(q);
}

static int put_strs(ref_store *s, const char *id, int list, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *q = stmt(s, S_STR_PUT);
		int b = bind_text(q, 1, id) | sqlite3_bind_int(q, 2, list) |
			sqlite3_bind_int64(q, 3, (sqlite3_int64)i) | bind_text(q, 4, v[i]);
		int rc = b != SQLITE_OK ? SQLITE_ERROR : step_write(q);
		if (rc != SQLITE_DONE)
			return rc;
	}
	return SQLITE_DONE;
}

static int put_error(ref_store *s, const char *id, const cim_error *e)
{
	sqlite3_stmt *q = stmt(s, S_ERR_PUT);
	int b = 0;

	b |= bind_text(q, 1, id);
	b |= sqlite3_bind_int(q, 2, e->error_type);
	b |= bind_text(q, 3, e->other_error_type);
	b |= bind_text(q, 4, e->owning_entity);
	b |= bind_text(q, 5, e->message_id);
	b |= bind_text(q, 6, e->message);
	b |= sqlite3_bind_int(q, 7, e->perceived_severity);
	b |= sqlite3_bind_int(q, 8, e->probable_cause);
	b |= bind_text(q, 9, e->probable_cause_description);
	b |= bind_text(q, 10, e->error_source);
	b |= sqlite3_bind_int(q, 11, e->error_source_format);
	b |= bind_text(q, 12, e->other_error_source_format);
	b |= sqlite3_bind_int64(q, 13, e->cim_status_code);
	b |= bind_text(q, 14, e->cim_status_code_description);
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
	sqlite3_stmt *q = stmt(s, i);
	return bind_text(q, 1, id) != SQLITE_OK ? SQLITE_ERROR : step_write(q);
}

static int del_error(ref_store *s, const char *id)
{
	int rc = del_by_id(s, S_ERR_DEL, id);
	return rc == SQLITE_DONE ? del_by_id(s, S_STR_DEL, id) : rc;
}

static ref_rc finish(ref_store *s, int rc)
{
	if (rc == SQLITE_DONE)
		rc = run(s, S_COMMIT);
	if (rc != SQLITE_DONE) {
		/* If even the rollback fails, SQLite rolls back when the
		 * connection closes; the caller reports rc either way. */
		(void)run(s, S_ROLLBACK);
		return rc_of(rc);
	}
	return REF_OK;
}

ref_rc ref_store_save(ref_store *s, const ref_job *j, const cim_error *e)
{
	int rc = run(s, S_BEGIN);
	if (rc != SQLITE_DONE)
		return rc_of(rc);
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
		return rc_of(rc);
	rc = del_error(s, id);
	if (rc == SQLITE_DONE)
		rc = del_by_id(s, S_JOB_DEL, id);
	return finish(s, rc);
}

/* ---- reads ----------------------------------------------------------------- */

static char *col_text(sqlite3_stmt *q, int i, bool *fail)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	if (!t)
		return NULL;
	char *d = strdup((const char *)t);
	if (!d)
		*fail = true;
	return d;
}

static uint64_t col_time(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? CIM_TIME_NULL
							: (uint64_t)sqlite3_column_int64(q, i);
}

static ref_job *row_job(sqlite3_stmt *q)
{
	ref_job *j = calloc(1, sizeof *j);
	bool fail = false;

	if (!j)
		return NULL;
	j->id = col_text(q, 0, &fail);
	j->name = col_text(q, 1, &fail);
	j->owner = col_text(q, 2, &fail);
	j->state = (uint16_t)sqlite3_column_int(q, 3);
	j->percent = (uint16_t)sqlite3_column_int(q, 4);
	j->error_code = (uint16_t)sqlite3_column_int(q, 5);
	j->doc = sqlite3_column_int(q, 6);
	j->submitted = col_time(q, 7);
	j->started = col_time(q, 8);
	j->ended = col_time(q, 9);
	j->last_change = col_time(q, 10);
	j->tbr = (uint64_t)sqlite3_column_int64(q, 11);
	j->error_desc = col_text(q, 12, &fail);
	j->cause.fc = prov_fault_class_find((const char *)sqlite3_column_text(q, 13));
	j->cause.err_no = sqlite3_column_int(q, 14);
	j->cause.volume = col_text(q, 15, &fail);
	j->cause.partner = col_text(q, 16, &fail);
	j->cause.offset = (uint64_t)sqlite3_column_int64(q, 17);
	j->cause.percent = (uint16_t)sqlite3_column_int(q, 18);
	j->cause.detail = col_text(q, 19, &fail);
	j->cause.requested_by = col_text(q, 20, &fail);
	if (fail || !j->id || !j->owner) {
		ref_job_free(j);
		return NULL;
	}
	return j;
}

ref_rc ref_store_load_job(ref_store *s, const char *id, ref_job **out)
{
	sqlite3_stmt *q = stmt(s, S_JOB_GET);
	ref_rc r = REF_OK;

	*out = NULL;
	if (bind_text(q, 1, id) != SQLITE_OK)
		return REF_FAIL;
	int rc = step_read(q);
	if (rc == SQLITE_DONE)
		r = REF_NONE;
	else if (rc != SQLITE_ROW)
		r = rc_of(rc);
	else if (!(*out = row_job(q)))
		r = REF_FAIL;
	(void)sqlite3_reset(q);
	return r;
}

static int push_job(ref_job ***v, size_t *n, ref_job *j)
{
	ref_job **nv = realloc(*v, (*n + 1) * sizeof *nv);
	if (!nv)
		return -1;
	nv[(*n)++] = j;
	*v = nv;
	return 0;
}

ref_rc ref_store_load_all(ref_store *s, ref_job ***out, size_t *n)
{
	sqlite3_stmt *q = stmt(s, S_JOB_ALL);
	ref_rc r = REF_OK;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = step_read(q)) == SQLITE_ROW) {
		ref_job *j = row_job(q);
		if (!j || push_job(out, n, j) != 0) {
			ref_job_free(j);
			r = REF_FAIL;
			break;
		}
	}
	if (r == REF_OK && rc != SQLITE_DONE)
		r = rc_of(rc);
	(void)sqlite3_reset(q);
	if (r != REF_OK) {
		for (size_t i = 0; i < *n; i++)
			ref_job_free((*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

/* Scalar columns of the error row -> e (string copies are Error-build
 * allocations). Returns 0, -1 on allocation failure. */
static int row_error(sqlite3_stmt *q, cim_error *e, size_t *n_args, size_t *n_actions)
{
	static const int str_cols[] = {1, 2, 3, 4, 7, 8, 10, 12};
	char **dst[] = {&e->other_error_type,
			&e->owning_entity,
			&e->message_id,
			&e->message,
			&e->probable_cause_description,
			&e->error_source,
			&e->other_error_source_format,
			&e->cim_status_code_description};

	e->error_type = (uint16_t)sqlite3_column_int(q, 0);
	e->perceived_severity = (uint16_t)sqlite3_column_int(q, 5);
	e->probable_cause = (uint16_t)sqlite3_column_int(q, 6);
	e->error_source_format = (uint16_t)sqlite3_column_int(q, 9);
	e->cim_status_code = (uint32_t)sqlite3_column_int64(q, 11);
	*n_args = (size_t)sqlite3_column_int64(q, 13);
	*n_actions = (size_t)sqlite3_column_int64(q, 14);
	for (size_t i = 0; i < sizeof str_cols / sizeof str_cols[0]; i++) {
		const char *t = (const char *)sqlite3_column_text(q, str_cols[i]);
		if (t && !(*dst[i] = ref_estrdup(t)))
			return -1;
	}
	return 0;
}

static int push_str(char ***v, size_t *n, const char *t)
{
	char **nv = ref_erealloc(*v, (*n + 1) * sizeof *nv);
	if (!nv)
		return -1;
	*v = nv;
	if (!(nv[*n] = ref_estrdup(t)))
		return -1;
	(*n)++;
	return 0;
}

/* The array rows; they must be exactly 0..n-1 of each list. */
static ref_rc load_strs(ref_store *s, const char *id, cim_error *e)
{
	sqlite3_stmt *q = stmt(s, S_STR_GET);
	ref_rc r = REF_OK;
	int rc = SQLITE_DONE;

	if (bind_text(q, 1, id) != SQLITE_OK)
		return REF_FAIL;
	while (r == REF_OK && (rc = step_read(q)) == SQLITE_ROW) {
		int list = sqlite3_column_int(q, 0);
		sqlite3_int64 idx = sqlite3_column_int64(q, 1);
		const char *t = (const char *)sqlite3_column_text(q, 2);
		char ***v = list == REF_LIST_ARGS ? &e->message_arguments : &e->recommended_actions;
		size_t *n =
		    list == REF_LIST_ARGS ? &e->n_message_arguments : &e->n_recommended_actions;
		if ((list != REF_LIST_ARGS && list != REF_LIST_ACTIONS) || !t ||
		    idx != (sqlite3_int64)*n)
			r = REF_FAIL;
		else if (push_str(v, n, t) != 0)
			r = REF_NOMEM;
	}
	if (r == REF_OK && rc != SQLITE_DONE)
		r = rc_of(rc);
	(void)sqlite3_reset(q);
	return r;
}

static ref_rc read_error(ref_store *s, const char *id, cim_error *e)
{
	sqlite3_stmt *q = stmt(s, S_ERR_GET);
	size_t n_args = 0, n_actions = 0;
	ref_rc r = REF_OK;

	if (bind_text(q, 1, id) != SQLITE_OK)
		return REF_FAIL;
	int rc = step_read(q);
	if (rc == SQLITE_DONE)
		r = REF_NONE;
	else if (rc != SQLITE_ROW)
		r = rc_of(rc);
	else if (row_error(q, e, &n_args, &n_actions) != 0)
		r = REF_NOMEM;
	(void)sqlite3_reset(q);
	if (r == REF_OK)
		r = load_strs(s, id, e);
	if (r == REF_OK &&
	    (n_args != e->n_message_arguments || n_actions != e->n_recommended_actions))
		r = REF_FAIL;
	return r;
}

ref_rc ref_store_load_error(ref_store *s, const char *id, cim_error **out)
{
	cim_error *e = ref_ealloc(sizeof *e);

	*out = NULL;
	if (!e)
		return REF_NOMEM;
	ref_rc r = read_error(s, id, e);
	if (r == REF_OK) {
		/* Stands in for a record damaged on disk after it was written. */
		fiu_do_on(PROV_FP_STORE_CORRUPT, e->error_type ^= 0xFFFFu);
		if (!ref_error_valid(e))
			r = REF_FAIL;
	}
	if (r != REF_OK) {
		cim_error_free(e);
		return r;
	}
	*out = e;
	return REF_OK;
}
