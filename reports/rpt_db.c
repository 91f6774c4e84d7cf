/*
 * rpt_db.c - opening a results database: refuse what is not one (garbage,
 * someone else's SQLite file, a newer schema) with one line naming the
 * file, create the schema in a new one, upgrade an older one, and set WAL
 * so that each result's commit survives a SIGKILL of the harness.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rpt_int.h"

extern const char rpt_schema_sql[];
extern const char rpt_schema_v2_sql[];

/* upgrade[v]: the SQL that takes schema v to v + 1. */
static const char *const upgrade[RPT_SCHEMA_VERSION] = {
    [1] = rpt_schema_v2_sql,
};

static void open_err(char *err, size_t len, const char *path, const char *msg)
{
	if (err && len)
		snprintf(err, len, "%s: %s", path, msg);
}

/* PRAGMA user_version and whether the file has any table at all. */
static int read_version(rpt_db *db, int *version, bool *has_tables)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (rpt_prepare(db,
			"SELECT (SELECT user_version FROM pragma_user_version),"
			" (SELECT count(*) FROM sqlite_master WHERE type='table')",
			&st) != 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rpt_err_sql(db, "reading the schema version");
		goto out;
	}
	*version = sqlite3_column_int(st, 0);
	*has_tables = sqlite3_column_int(st, 1) > 0;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int create_schema(rpt_db *db)
{
	char sql[64];
	int version = 0;
	bool has_tables = false;

	if (rpt_exec(db, "BEGIN IMMEDIATE") != 0)
		return -1;
	/* Another process may have created it since we looked. */
	if (read_version(db, &version, &has_tables) != 0)
		goto fail;
	if (!has_tables) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", RPT_SCHEMA_VERSION);
		if (rpt_exec(db, rpt_schema_sql) != 0 || rpt_exec(db, sql) != 0)
			goto fail;
	}
	if (rpt_exec(db, "COMMIT") != 0)
		goto fail;
	return 0;
fail:
	(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Bring schema from (older) to RPT_SCHEMA_VERSION in one transaction: a
 * failed step leaves the file as it was. */
static int upgrade_schema(rpt_db *db, int from)
{
	char sql[64], what[96];
	int version = 0;
	bool has_tables = false;

	snprintf(what, sizeof(what), "cannot upgrade the results database from schema %d to %d",
		 from, RPT_SCHEMA_VERSION);
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return rpt_err_sql(db, what);
	/* Another process may have upgraded it since we looked. */
	if (read_version(db, &version, &has_tables) != 0)
		goto fail;
	for (; version >= 1 && version < RPT_SCHEMA_VERSION; version++)
		if (sqlite3_exec(db->h, upgrade[version], NULL, NULL, NULL) != SQLITE_OK)
			goto fail_sql;
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", RPT_SCHEMA_VERSION);
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail_sql;
	return 0;
fail_sql:
	rpt_err_sql(db, what);
fail:
	(void)sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The file is ours, of a schema we know (creating it when empty,
 * upgrading it when older). */
static int check_schema(rpt_db *db, unsigned flags)
{
	int version = 0;
	bool has_tables = false;

	if (read_version(db, &version, &has_tables) != 0)
		return -1;
	if (version == 0 && !has_tables) {
		if (!(flags & RPT_OPEN_CREATE)) {
			rpt_err(db, "empty file, not a results database");
			return -1;
		}
		return create_schema(db);
	}
	if (version == 0) {
		rpt_err(db, "an SQLite database, but not a results database");
		return -1;
	}
	if (version > RPT_SCHEMA_VERSION) {
		rpt_err(db, "results database schema %d is newer than this srh knows (%d)", version,
			RPT_SCHEMA_VERSION);
		return -1;
	}
	if (version < RPT_SCHEMA_VERSION)
		return upgrade_schema(db, version);
	return 0;
}

static int set_wal(rpt_db *db)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (rpt_prepare(db, "PRAGMA journal_mode=WAL", &st) != 0)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rpt_err_sql(db, "setting WAL mode");
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
		rpt_err(db, "cannot use WAL mode (journal mode stays %s)",
			(const char *)sqlite3_column_text(st, 0));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

rpt_db *rpt_db_open(const char *path, unsigned flags, char *err, size_t errlen)
{
	rpt_db *db = NULL;
	struct stat sb;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (!path || !*path) {
		open_err(err, errlen, "(none)", "no database file given");
		return NULL;
	}
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || !(flags & RPT_OPEN_CREATE)) {
			open_err(err, errlen, path, strerror(errno));
			return NULL;
		}
		oflags |= SQLITE_OPEN_CREATE;
	} else if (!S_ISREG(sb.st_mode)) {
		open_err(err, errlen, path, "not a regular file");
		return NULL;
	}
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		open_err(err, errlen, path, "out of memory");
		goto fail;
	}
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		rpt_err_sql(db, "cannot open");
		goto fail_msg;
	}
	(void)sqlite3_extended_result_codes(db->h, 1);
	if (sqlite3_busy_timeout(db->h, 10000) != SQLITE_OK) {
		rpt_err_sql(db, "busy timeout");
		goto fail_msg;
	}
	if (check_schema(db, flags) != 0 || set_wal(db) != 0 ||
	    rpt_exec(db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON") != 0)
		goto fail_msg;
	return db;
fail_msg:
	if (err && errlen)
		snprintf(err, errlen, "%s", db->err);
fail:
	rpt_db_close(db);
	return NULL;
}

void rpt_db_close(rpt_db *db)
{
	if (!db)
		return;
	for (int i = 0; i < RPT_ST_COUNT; i++)
		sqlite3_finalize(db->st[i]);
	/* sqlite3_close fails only with statements left open: there are
	 * none, every reader finalizes its own. */
	(void)sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *rpt_db_path(const rpt_db *db)
{
	return db ? db->path : "(none)";
}

const char *rpt_db_errmsg(const rpt_db *db)
{
	return db ? db->err : "no database";
}

int rpt_db_integrity(rpt_db *db, char *msg, size_t len)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (rpt_prepare(db, "PRAGMA integrity_check", &st) != 0)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rpt_err_sql(db, "integrity_check");
		goto out;
	}
	const char *first = (const char *)sqlite3_column_text(st, 0);
	if (msg && len)
		snprintf(msg, len, "%s", first ? first : "?");
	rc = first && strcmp(first, "ok") == 0 ? 0 : 1;
out:
	sqlite3_finalize(st);
	return rc;
}
