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

/* A statement ready to bind. sqlite3_reset only repeats the error of the
 * statement's last step, which its caller already handled, and
 * sqlite3_clear_bindings cannot fail. */
sqlite3_stmt *ref_store_stmt(ref_store *s, int i)
{
	sqlite3_stmt *q = s->st[i];
	(void)sqlite3_reset(q);
	(void)sqlite3_clear_bindings(q);
	return q;
}
