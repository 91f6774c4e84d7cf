/*
 * ref_store_read.c - the job store's reads: one job row, every job row, and
 * a job's Error record (checked before it is served).
 */
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"
#include <sqlite3.h>

#include "ref_store_int.h"
#include "srh/prov_faults.h"

/* Every read of the store passes here: the two read fault points stand in
 * for the errors sqlite3_step itself can return. */
static int read_fault(void)
{
	ref_fiu_return_on(PROV_FP_STORE_BUSY, SQLITE_BUSY);
	ref_fiu_return_on(PROV_FP_STORE_READ, SQLITE_IOERR);
	return SQLITE_OK;
}

static int step_read(sqlite3_stmt *q)
{
	int rc = read_fault();
	return rc != SQLITE_OK ? rc : sqlite3_step(q);
}

static char *col_text(sqlite3_stmt *q, int i, bool *fail)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	if (!t)
		return NULL;
	char *d = strdup((const char *)t);
	ref_fiu_do_on(PROV_FP_STORE_NOMEM, (free(d), d = NULL));
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

	/* prov/store/nomem: the row's record first, then each text. */
	ref_fiu_do_on(PROV_FP_STORE_NOMEM, (free(j), j = NULL));
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
	sqlite3_stmt *q;
	ref_rc r = REF_OK;

	*out = NULL;
	int rc = ref_store_stmt_id(s, S_JOB_GET, id, &q);
	if (rc != SQLITE_OK)
		return ref_store_rc(rc);
	rc = step_read(q);
	if (rc == SQLITE_DONE)
		r = REF_NONE;
	else if (rc != SQLITE_ROW)
		r = ref_store_rc(rc);
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
	sqlite3_stmt *q;
	ref_rc r = REF_OK;
	/* A step of the open (the only caller): prov/store/open fails the
	 * statement's first step. */
	int rc = ref_open_fault();

	*out = NULL;
	*n = 0;
	/* A store file just made from the template has no job: preparing
	 * and stepping the statement on its new connection would only find
	 * that out. The read's fault points still answer as its first step
	 * would. */
	if (s->fresh) {
		s->fresh = false;
		if (rc == SQLITE_OK)
			rc = read_fault();
		return rc != SQLITE_OK ? ref_store_rc(rc) : REF_OK;
	}
	if (rc == SQLITE_OK)
		rc = ref_store_stmt(s, S_JOB_ALL, &q);
	if (rc != SQLITE_OK)
		return ref_store_rc(rc);
	while ((rc = step_read(q)) == SQLITE_ROW) {
		ref_job *j = row_job(q);
		if (!j || push_job(out, n, j) != 0) {
			ref_job_free(j);
			r = REF_FAIL;
			break;
		}
	}
	if (r == REF_OK && rc != SQLITE_DONE)
		r = ref_store_rc(rc);
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
	sqlite3_stmt *q;
	ref_rc r = REF_OK;
	int rc = ref_store_stmt_id(s, S_STR_GET, id, &q);

	if (rc != SQLITE_OK)
		return ref_store_rc(rc);
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
		r = ref_store_rc(rc);
	(void)sqlite3_reset(q);
	return r;
}

static ref_rc read_error(ref_store *s, const char *id, cim_error *e)
{
	size_t n_args = 0, n_actions = 0;
	ref_rc r = REF_OK;
	sqlite3_stmt *q;
	int rc = ref_store_stmt_id(s, S_ERR_GET, id, &q);

	if (rc != SQLITE_OK)
		return ref_store_rc(rc);
	rc = step_read(q);
	if (rc == SQLITE_DONE)
		r = REF_NONE;
	else if (rc != SQLITE_ROW)
		r = ref_store_rc(rc);
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
		ref_fiu_do_on(PROV_FP_STORE_CORRUPT, e->error_type ^= 0xFFFFu);
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
