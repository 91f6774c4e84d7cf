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
 * every later write about a fifth slower.
 *
 * A new store file starts from the template too: its bytes, as a file in
 * WAL mode, written with one write where nothing is at the path
 * (ref_store_tmpl_file). Making it the long way (an empty database opened,
 * checked, switched to WAL and filled page by page) was a fifth of a sweep
 * run. An existing file keeps its own pages and checks (ref_store_open.c).
 *
 * Made under a mutex rather than pthread_once so that a first attempt that
 * fails (no memory) is tried again at the next open instead of failing
 * every open of the process; once made the template is only read.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ref_store_int.h"

#define TMPL_NAME ":memory:"

static pthread_mutex_t tmpl_lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *tmpl_db;  /* the empty store; NULL until made */
static char *tmpl_schema; /* its schema as schema_text gives it, or NULL */
/* The template as the bytes of a store file in WAL mode (sqlite3_malloc'd),
 * made at the first new file; NULL until then. */
static unsigned char *tmpl_img;
static sqlite3_int64 tmpl_img_n;

/* Bytes 18 and 19 of a database header: the file format's write and read
 * versions, 2 for WAL (https://sqlite.org/fileformat2.html#database_header).
 * The journal_mode=WAL pragma writes exactly these two. */
#define HDR_WRITE_VERSION 18
#define HDR_READ_VERSION 19
#define HDR_WAL 2

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

/* Copy the template into db; the copy's step fails with the SQLite code
 * fault when it is not 0 (prov/store/open), db left as it was. Returns 0,
 * or -1 with err set. */
static int tmpl_copy(sqlite3 *db, sqlite3 *src, int fault, char *err, size_t errlen)
{
	/* A failed init leaves its code in db; finishing NULL is a no-op. */
	sqlite3_backup *b = sqlite3_backup_init(db, "main", src, "main");
	int step = !b ? sqlite3_errcode(db) : fault ? fault : sqlite3_backup_step(b, -1);
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
	int fault = ref_open_fault();
	int rc = -1;

	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
	/* The copy is made under the lock too: the template is one
	 * connection, and whether SQLite serializes its use by several
	 * threads depends on how the host configured SQLite. */
	if (tmpl_db || tmpl_make(err, errlen) == 0)
		rc = tmpl_copy(db, tmpl_db, fault, err, errlen);
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	return rc;
}

/* The template's bytes, as a file in WAL mode, into tmpl_img (under
 * tmpl_lock). This SQLite has no sqlite_dbpage table, so the template is
 * first copied into a memdb database, whose image sqlite3_serialize gives.
 * Returns 0, or -1 (nothing kept). */
static int img_make(void)
{
	sqlite3 *db = NULL;
	char err[256];
	int rc = -1;

	if (!tmpl_db && tmpl_make(err, sizeof err) != 0)
		return -1;
	if (sqlite3_open_v2(TMPL_NAME, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_deserialize(db, "main", NULL, 0, 0,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
		SQLITE_OK ||
	    tmpl_copy(db, tmpl_db, 0, err, sizeof err) != 0)
		goto out;
	tmpl_img = sqlite3_serialize(db, "main", &tmpl_img_n, 0);
	if (!tmpl_img || tmpl_img_n <= HDR_READ_VERSION) {
		sqlite3_free(tmpl_img);
		tmpl_img = NULL;
		goto out;
	}
	tmpl_img[HDR_WRITE_VERSION] = HDR_WAL;
	tmpl_img[HDR_READ_VERSION] = HDR_WAL;
	rc = 0;
out:
	(void)sqlite3_close(db); /* nothing prepared: cannot be busy */
	return rc;
}

/* Write the image into the new file fd; false when any write fails. */
static bool img_write(int fd)
{
	const unsigned char *b = tmpl_img;
	size_t left = (size_t)tmpl_img_n;

	while (left > 0) {
		ssize_t w = write(fd, b, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		left -= (size_t)w;
	}
	return true;
}

bool ref_store_tmpl_file(const char *path)
{
	bool made = false;
	int fd = -1;

	/* A journal or WAL file beside a missing database would be rolled
	 * into the new one at its open: the caller takes the long way. */
	if (ref_open_fault() || ref_store_file_exists(path, "") ||
	    ref_store_file_exists(path, "-wal") || ref_store_file_exists(path, "-journal"))
		return false;
	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
	if (!tmpl_img && img_make() != 0)
		goto out;
	/* O_EXCL: a file made by someone else meanwhile is theirs. The mode
	 * is the one SQLite creates database files with. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	made = img_write(fd);
	/* A file that did not get every byte must not be taken for a store:
	 * it is removed and the open makes it the long way. */
	if (close(fd) != 0 || !made) {
		made = false;
		(void)unlink(path);
	}
out:
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	return made;
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
	char *mine = ref_open_fault() ? NULL : schema_text(db);
	bool same = false;

	if (!mine)
		return false;
	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
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
	sqlite3_free(tmpl_img);
	tmpl_img = NULL;
}
