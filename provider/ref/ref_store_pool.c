/*
 * ref_store_pool.c - in-memory job stores kept for the next open of this
 * process, emptied, with their prepared statements.
 *
 * The in-process runner and the pool's workers open the reference
 * provider once per scenario; after the template (ref_store_tmpl.c) took
 * the schema out of an open, preparing the statements again on every new
 * connection was the largest cost left (sqlite3_prepare, about a fifth of
 * a suite run). A closed in-memory store is therefore emptied (DELETE of
 * every row, in one transaction, by statements it keeps prepared) and
 * kept; the next in-memory open takes it instead of copying the template
 * into a new connection. It is the same schema with no rows, the state a
 * copy of the template starts in, so the provider cannot tell the two
 * apart. File stores are never kept: they keep their own pages, checks
 * and WAL, and a restart reopens the file.
 *
 * A store that cannot be emptied, or is still inside a transaction, is
 * closed instead of kept. Kept stores are closed at exit (or dlclose), so
 * leak checkers see nothing left behind.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "ref_store_int.h"

/* Enough for the providers a process has open at once (a run has one,
 * srh serve a few); more are closed. */
#define POOL_MAX 4

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static ref_store *pool[POOL_MAX];
static size_t pool_n;

ref_store *ref_store_pool_take(void)
{
	ref_store *s = NULL;

	(void)pthread_mutex_lock(&pool_lock); /* a default mutex: cannot fail */
	if (pool_n > 0)
		s = pool[--pool_n];
	(void)pthread_mutex_unlock(&pool_lock); /* held by us: cannot fail */
	return s;
}

static int step_done(ref_store *s, int i)
{
	sqlite3_stmt *q;
	int rc = ref_store_stmt(s, i, &q);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		(void)sqlite3_reset(q); /* done: nothing to repeat */
	return rc;
}

/* The DELETEs that empty s: only of the tables written since it was
 * taken (it was empty then), so a run that stored no Error clears one
 * table, in autocommit, instead of three in a transaction. Returns how
 * many statements it put in order (at most 5). */
static size_t clear_order(const ref_store *s, int *order)
{
	static const struct {
		unsigned w;
		int st;
	} tab[] = {{REF_W_STR, S_STR_CLR}, {REF_W_ERR, S_ERR_CLR}, {REF_W_JOB, S_JOB_CLR}};
	size_t n = 0;

	order[n++] = S_BEGIN;
	for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
		if (s->written & tab[k].w)
			order[n++] = tab[k].st;
	if (n == 1)
		return 0;
	if (n == 2) { /* one DELETE is its own transaction */
		order[0] = order[1];
		return 1;
	}
	order[n++] = S_COMMIT;
	return n;
}

/* Every row out, in one transaction; the statements left reset. Returns
 * 0, or -1 (then the store is not fit to keep). */
static int empty(ref_store *s)
{
	int order[5];
	size_t n = clear_order(s, order);

	/* A read left mid-way holds the table; bindings may point at
	 * strings already freed. Reset and clear cannot fail here. */
	for (int i = 0; i < S_COUNT; i++)
		if (s->st[i]) {
			(void)sqlite3_reset(s->st[i]);
			(void)sqlite3_clear_bindings(s->st[i]);
		}
	if (!sqlite3_get_autocommit(s->db))
		return -1; /* a transaction left open: not ours to end */
	for (size_t k = 0; k < n; k++)
		if (step_done(s, order[k]) != SQLITE_OK) {
			(void)step_done(s, S_ROLLBACK); /* it is closed anyway */
			return -1;
		}
	s->written = 0;
	return 0;
}

bool ref_store_pool_give(ref_store *s)
{
	bool kept = false;

	if (!s->mem || empty(s) != 0)
		return false;
	(void)pthread_mutex_lock(&pool_lock); /* a default mutex: cannot fail */
	if (pool_n < POOL_MAX) {
		pool[pool_n++] = s;
		kept = true;
	}
	(void)pthread_mutex_unlock(&pool_lock); /* held by us: cannot fail */
	return kept;
}

__attribute__((destructor)) static void pool_free(void)
{
	while (pool_n > 0)
		ref_store_free(pool[--pool_n]);
}
