/*
 * ref_store_tmpl.c - an empty in-memory job store made once per process,
 * which every new in-memory store starts as a copy of.
 *
 * The in-process runner opens the reference provider once per scenario
 * (twice with a restart), and creating the schema was most of an open.
 * The first open makes the schema in a template database of its own;
 * every in-memory store then starts from a page-by-page copy of it
 * (sqlite3_backup), so it is the same database the schema statements would
 * have made, in a connection of its own. A backup rather than
 * sqlite3_serialize/deserialize keeps each store an ordinary :memory:
 * database: a deserialized one goes through the memdb VFS, which made
 * every later write about a fifth slower. File stores do not use the
 * template: they keep their own pages, checks and WAL (ref_store_open.c).
 *
 * Made under a mutex rather than pthread_once so that a first attempt that
 * fails (no memory) is tried again at the next open instead of failing
 * every open of the process; once made the template is only read.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "ref_store_int.h"

#define TMPL_NAME ":memory:"

static pthread_mutex_t tmpl_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *tmpl_db;  /* the empty store; NULL until made */
static char *tmpl_schema; /* its schema as schema_text gives it, or NULL */

/* The template: the schema made in a database of its own. Returns 0, or
 * -1 with err set (nothing kept). */
static int tmpl_make(char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	/* Used under tmpl_lock only: no connection mutex needed. */
	if (sqlite3_open_v2(TMPL_NAME, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
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

/* Copy the template into db. Returns 0, or -1 with err set. */
static int tmpl_copy(sqlite3 *db, sqlite3 *src, char *err, size_t errlen)
{
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

int ref_store_tmpl_load(sqlite3 *db, char *err, size_t errlen)
{
	int rc = -1;

	if (pthread_mutex_lock(&tmpl_lock) != 0) {
		snprintf(err, errlen, "job store '%s': cannot lock the template", TMPL_NAME);
		return -1;
	}
	/* The copy is made under the lock too: the template is one
	 * connection, and whether SQLite serializes its use by several
	 * threads depends on how the host configured SQLite. */
	if (tmpl_db || tmpl_make(err, errlen) == 0)
		rc = tmpl_copy(db, tmpl_db, err, errlen);
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	return rc;
}

/* Every schema object of db, one "type name sql" line each, in name order:
 * two stores with the same text take the same statements. NULL on error
 * (sqlite3_malloc'd otherwise). */
static char *schema_text(sqlite3 *db)
{
	static const char sql[] =
	    "SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), char(10))"
	    " FROM (SELECT type, name, sql FROM sqlite_master ORDER BY name)";
	sqlite3_stmt *q = NULL;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		out = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(q, 0));
	(void)sqlite3_finalize(q);
	return out;
}

bool ref_store_tmpl_same_schema(sqlite3 *db)
{
	char err[256];
	char *mine = schema_text(db);
	bool same = false;

	if (!mine || pthread_mutex_lock(&tmpl_lock) != 0) {
		sqlite3_free(mine);
		return false;
	}
	if (!tmpl_db && tmpl_make(err, sizeof(err)) != 0)
		goto out; /* the caller checks the long way */
	if (!tmpl_schema)
		tmpl_schema = schema_text(tmpl_db);
	same = tmpl_schema && strcmp(mine, tmpl_schema) == 0;
out:
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	sqlite3_free(mine);
	return same;
}

/* The template is closed at exit, so leak checkers see nothing left
 * behind. */
__attribute__((destructor)) static void tmpl_free(void)
{
	(void)sqlite3_close(tmpl_db); /* nothing prepared: cannot be busy */
	tmpl_db = NULL;
	sqlite3_free(tmpl_schema);
	tmpl_schema = NULL;
}
