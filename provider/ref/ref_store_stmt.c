/*
 * ref_store_stmt.c - the helpers every job-store statement goes through:
 * its prepared statement made ready, text bound, SQLite's code mapped.
 */
#include <stdint.h>

#include "ref_fault.h"

#include "ref_store_int.h"
#include "srh/prov_faults.h"

ref_rc ref_store_rc(int sqlrc)
{
	int prim = sqlrc & 0xff;
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return REF_BUSY;
	if (prim == SQLITE_NOMEM)
		return REF_NOMEM;
	return REF_FAIL;
}

int ref_store_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

int ref_store_prepare(ref_store *s, int i)
{
	return sqlite3_prepare_v3(s->db, ref_store_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
				  NULL);
}

int ref_store_fault_rc(int dflt)
{
	void *fi = fiu_failinfo();
	return fi ? (int)(intptr_t)fi : dflt;
}

/* Prepared at its first use when the open left it for later (an in-memory
 * store from the template: most runs use only some of the statements, and
 * preparing all of them was most of an open). Which use is the first
 * depends on what the process ran before (a store kept by the pool keeps
 * its statements), so prov/store/prepare stands in for that prepare at
 * every use of a statement after the open's: not the transactions', which
 * the open prepares so that a failed write can always roll back, nor the
 * load of every job, a step of the open (prov/store/open). sqlite3_reset
 * only repeats the error of the statement's last step, which its caller
 * already handled, and sqlite3_clear_bindings cannot fail. */
int ref_store_stmt(ref_store *s, int i, sqlite3_stmt **q)
{
	int rc = SQLITE_OK;

	s->fresh = false; /* it may write now */
	if (i > S_JOB_ALL)
		ref_fiu_do_on(PROV_FP_STORE_PREPARE, rc = ref_store_fault_rc(SQLITE_NOMEM));
	if (rc == SQLITE_OK && !s->st[i])
		rc = ref_store_prepare(s, i);
	if (rc != SQLITE_OK)
		return rc;
	*q = s->st[i];
	(void)sqlite3_reset(*q);
	(void)sqlite3_clear_bindings(*q);
	return SQLITE_OK;
}

int ref_store_stmt_id(ref_store *s, int i, const char *id, sqlite3_stmt **q)
{
	int rc = ref_store_stmt(s, i, q);
	return rc != SQLITE_OK ? rc : ref_store_bind_text(*q, 1, id);
}
