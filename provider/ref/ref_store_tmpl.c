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

#include "ref_fault.h"
#include "ref_store_int.h"
#include "srh/prov_faults.h"

#define TMPL_NAME ":memory:"

static pthread_mutex_t tmpl_lock = PTHREAD_MUTEX_INITIALIZER;
/* The process's template: the empty store (NULL until made), its schema as
 * schema_text gives it, and its bytes as a store file in WAL mode
 * (sqlite3_malloc'd, made at the first new file). */
static ref_tmpl shared;
/* The process's template of in-memory stores: the same schema in pages of
 * MEM_PAGE_SIZE bytes. An in-memory store journals each page it changes
 * by copying the page whole into its memory journal; for rows of a few
 * hundred bytes, 1 KiB pages instead of SQLite's default 4 KiB took 3.6 %
 * off an in-memory run (docs/SCALE.md, mem13). Nothing reads a memory
 * store's pages but SQLite, so its page size cannot be seen; store files
 * keep the default size (their bytes come from shared). */
static ref_tmpl shared_mem;
#define MEM_PAGE_SIZE "1024"

/* The next step of t's making: a step of the open (its SQLite code when
 * prov/store/open fails it) for an own template, else SQLITE_OK. */
static int tmpl_step(const ref_tmpl *t)
{
	return t->own ? ref_open_fault() : SQLITE_OK;
}

bool ref_store_tmpl_own(ref_tmpl *t)
{
	bool own = false;

	memset(t, 0, sizeof *t);
	ref_fiu_do_on(PROV_FP_STORE_TEMPLATE, own = true);
	t->own = own;
	return own;
}

void ref_store_tmpl_drop(ref_tmpl *t)
{
	(void)sqlite3_close(t->db); /* nothing prepared: cannot be busy */
	t->db = NULL;
	sqlite3_free(t->schema);
	t->schema = NULL;
	sqlite3_free(t->img);
	t->img = NULL;
}

/* Bytes 18 and 19 of a database header: the file format's write and read
 * versions, 2 for WAL (https://sqlite.org/fileformat2.html#database_header).
 * The journal_mode=WAL pragma writes exactly these two. */
#define HDR_WRITE_VERSION 18
#define HDR_READ_VERSION 19
#define HDR_WAL 2

/* The template t: the schema made in a database of its own, of pages of
 * SQLite's default size, or of MEM_PAGE_SIZE bytes when mem (a template
 * of in-memory stores). Returns 0, or -1 with err set (nothing kept). */
static int tmpl_make(ref_tmpl *t, bool mem, char *err, size_t errlen)
{
	sqlite3 *db = NULL;

	/* Used under tmpl_lock only: no connection mutex needed. */
	int rc = tmpl_step(t);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(
		    TMPL_NAME, &db,
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "job store '%s': cannot open: %s", TMPL_NAME,
			 sqlite3_errstr(rc));
		(void)sqlite3_close(db);
		return -1;
	}
	/* Only how fast its copies write: not a step of the open, and if it
	 * fails the template has the default size, as a store file has. */
	if (mem)
		(void)sqlite3_exec(db, "PRAGMA page_size=" MEM_PAGE_SIZE, NULL, NULL, NULL);
	if (ref_store_schema_create(db, TMPL_NAME, t->own, err, errlen) != 0) {
		(void)sqlite3_close(db); /* nothing prepared: cannot be busy */
		return -1;
	}
	t->db = db;
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

int ref_store_tmpl_load(ref_tmpl *t, bool mem, sqlite3 *db, char *err, size_t errlen)
{
	int rc = -1;

	if (!t)
		t = mem ? &shared_mem : &shared;
	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
	/* The copy is made under the lock too: the template is one
	 * connection, and whether SQLite serializes its use by several
	 * threads depends on how the host configured SQLite. The copy is a
	 * step of the open, after an own template's making. */
	if (t->db || tmpl_make(t, mem, err, errlen) == 0)
		rc = tmpl_copy(db, t->db, ref_open_fault(), err, errlen);
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	return rc;
}

/* t's bytes, as a file in WAL mode, into t->img (under tmpl_lock). This SQLite has no sqlite_dbpage
 * table, so the template is first copied into a memdb database, whose image sqlite3_serialize
 * gives. Returns 0, or -1 (nothing kept). */
static int img_make(ref_tmpl *t)
{
	sqlite3 *db = NULL;
	char err[256];
	int rc = -1;

	if (!t->db && tmpl_make(t, false, err, sizeof err) != 0)
		return -1;
	if (tmpl_step(t) != SQLITE_OK ||
	    sqlite3_open_v2(TMPL_NAME, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK ||
	    tmpl_step(t) != SQLITE_OK ||
	    sqlite3_deserialize(db, "main", NULL, 0, 0,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
		SQLITE_OK ||
	    tmpl_copy(db, t->db, tmpl_step(t), err, sizeof err) != 0)
		goto out;
	t->img = tmpl_step(t) != SQLITE_OK ? NULL : sqlite3_serialize(db, "main", &t->img_n, 0);
	if (!t->img || t->img_n <= HDR_READ_VERSION) {
		sqlite3_free(t->img);
		t->img = NULL;
		goto out;
	}
	t->img[HDR_WRITE_VERSION] = HDR_WAL;
	t->img[HDR_READ_VERSION] = HDR_WAL;
	rc = 0;
out:
	(void)sqlite3_close(db); /* nothing prepared: cannot be busy */
	return rc;
}

/* Write t's image into the new file fd (its write a step of its own);
 * false when any write fails. */
static bool img_write(ref_tmpl *t, int fd)
{
	const unsigned char *b = t->img;
	size_t left = (size_t)t->img_n;
	bool fault = tmpl_step(t) != SQLITE_OK;

	while (left > 0) {
		ssize_t w = fault ? -1 : write(fd, b, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		b += w;
		left -= (size_t)w;
	}
	return true;
}

bool ref_store_tmpl_file(ref_tmpl *t, const char *path)
{
	bool made = false;
	int fd = -1;

	if (!t)
		t = &shared;
	/* A journal or WAL file beside a missing database would be rolled
	 * into the new one at its open: the caller takes the long way. */
	if (ref_open_fault() || ref_store_file_exists(path, "") ||
	    ref_store_file_exists(path, "-wal") || ref_store_file_exists(path, "-journal"))
		return false;
	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
	if (!t->img && img_make(t) != 0)
		goto out;
	/* O_EXCL: a file made by someone else meanwhile is theirs. The mode
	 * is the one SQLite creates database files with. An own template's
	 * open, write and close are steps of the open. */
	fd = tmpl_step(t) != SQLITE_OK ? -1
				       : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		goto out;
	made = img_write(t, fd);
	bool fault = tmpl_step(t) != SQLITE_OK;
	/* A file that did not get every byte must not be taken for a store:
	 * it is removed and the open makes it the long way. */
	if (close(fd) != 0 || fault || !made) {
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

bool ref_store_tmpl_same_schema(ref_tmpl *t, sqlite3 *db)
{
	char err[256];
	char *mine = ref_open_fault() ? NULL : schema_text(db);
	bool same = false;

	if (!t)
		t = &shared;
	if (!mine)
		return false;
	(void)pthread_mutex_lock(&tmpl_lock); /* a default mutex: cannot fail */
	if (!t->db && tmpl_make(t, false, err, sizeof(err)) != 0)
		goto out; /* the caller checks the long way */
	/* An own template's schema text is a step of the open. */
	if (!t->schema && tmpl_step(t) == SQLITE_OK)
		t->schema = schema_text(t->db);
	same = t->schema && strcmp(mine, t->schema) == 0;
out:
	(void)pthread_mutex_unlock(&tmpl_lock); /* held by us: cannot fail */
	sqlite3_free(mine);
	return same;
}

/* The template is closed at exit, so leak checkers see nothing left
 * behind. */
__attribute__((destructor)) static void tmpl_free(void)
{
	ref_store_tmpl_drop(&shared);
	ref_store_tmpl_drop(&shared_mem);
}
