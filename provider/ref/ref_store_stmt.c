/*
 * ref_store_stmt.c - the helpers every job-store statement goes through:
 * its prepared statement made ready, text bound, SQLite's code mapped.
 */
#include "ref_store_int.h"

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

/* Prepared at its first use when the open left it for later (an in-memory
 * store from the template: most runs use only some of the statements, and
 * preparing all of them was most of an open). sqlite3_reset only repeats
 * the error of the statement's last step, which its caller already
 * handled, and sqlite3_clear_bindings cannot fail. */
int ref_store_stmt(ref_store *s, int i, sqlite3_stmt **q)
{
	s->fresh = false; /* it may write now */
	if (!s->st[i]) {
		int rc = ref_store_prepare(s, i);
		if (rc != SQLITE_OK)
			return rc;
	}
	*q = s->st[i];
	(void)sqlite3_reset(*q);
	(void)sqlite3_clear_bindings(*q);
	return SQLITE_OK;
}
