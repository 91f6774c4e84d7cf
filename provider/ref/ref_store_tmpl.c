/*
 * ref_store_tmpl.c - the image of an empty in-memory job store, made once
 * per process.
 *
 * The in-process runner opens the reference provider once per scenario
 * (twice with a restart), and creating the schema was most of an open.
 * The first open makes the schema in a scratch database and keeps its
 * serialized pages; every in-memory store after that starts from a private
 * copy of those pages (sqlite3_deserialize), which SQLite reads as the same
 * database the schema statements would have made. File stores do not use
 * it: they keep their own pages, checks and WAL (ref_store_open.c).
 *
 * Made under a mutex rather than pthread_once so that a first attempt that
 * fails (no memory) is tried again at the next open instead of failing
 * every open of the process; once made the image never changes.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "ref_store_int.h"

#define TMPL_NAME ":memory:"

static pthread_mutex_t tmpl_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *tmpl_db; /* the empty store; NULL until made */

/* The template: the schema made in a database of its own. Returns 0, or
 * -1 with err set (nothing kept). */
static int tmpl_make(char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(TMPL_NAME, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "job store '%s': cannot open: %s", TMPL_NAME,
			 db ? sqlite3_errmsg(db) : "out of memory");
		(void)sqlite3_close(db);
		return -1;
	}
	if (ref_store_schema_create(db, TMPL_NAME, err, errlen) != 0) {
		(void)sqlite3_close(db); /* nothing prepared: cannot be busy */
		return -1;
	}
	tmpl_db = db;
	return 0;
}

/* The template, made if it is not yet; NULL (err set) when it cannot be. */
static sqlite3 *tmpl_get(char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	if (pthread_mutex_lock(&tmpl_lock) != 0) {
		snprintf(err, errlen, "job store '%s': cannot lock the template", TMPL_NAME);
		return NULL;
	}
	if (tmpl_db || tmpl_make(err, errlen) == 0)
		db = tmpl_db;
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	return db;
}

int ref_store_tmpl_load(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3 *src = tmpl_get(err, errlen);

	if (!src)
		return -1;
	/* Never written once made: SQLite's own lock on src is enough for
	 * copies made by several threads at once. */
	sqlite3_backup *b = sqlite3_backup_init(db, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "job store '%s': cannot copy the empty store: %s", TMPL_NAME,
			 sqlite3_errmsg(db));
		return -1;
	}
	int step = sqlite3_backup_step(b, -1);
	int fin = sqlite3_backup_finish(b);
	if (step != SQLITE_DONE || fin != SQLITE_OK) {
		snprintf(err, errlen, "job store '%s': cannot copy the empty store: %s", TMPL_NAME,
			 sqlite3_errstr(step != SQLITE_DONE ? step : fin));
		return -1;
	}
	return 0;
}

/* The template is closed at exit, so leak checkers see nothing left
 * behind. */
__attribute__((destructor)) static void tmpl_free(void)
{
	(void)sqlite3_close(tmpl_db); /* nothing prepared: cannot be busy */
	tmpl_db = NULL;
}
