/*
 * ref_store_open.c - the job store (SQLite, WAL, prepared statements only):
 * its schema, and opening and closing it.
 *
 * Schema version 1 (PRAGMA user_version):
 *   job        one row per job (instance properties + the end cause)
 *   error      the CIM_Error of an ended job, scalar properties, with the
 *              number of MessageArguments and RecommendedActions it owns
 *   error_str  the array elements: (job, list 0 = MessageArguments /
 *              1 = RecommendedActions, idx) -> text
 * The Error is written once, when the job ends, in the same transaction as
 * the job row, so a reader never sees an ended job without its Error or a
 * half-written array; the counts in `error` catch rows lost later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"
#include <sqlite3.h>

#include "ref_store_int.h"
#include "srh/prov_faults.h"

#define JOB_COLS                                                                                   \
	"id, name, owner, state, percent, error_code, doc, submitted, started, "                   \
	"ended, last_change, tbr, error_desc, f_class, f_errno, f_volume, "                        \
	"f_partner, f_offset, f_percent, f_detail, f_requested_by"
#define ERR_COLS                                                                                   \
	"error_type, other_error_type, owning_entity, message_id, message, "                       \
	"perceived_severity, probable_cause, probable_cause_description, "                         \
	"error_source, error_source_format, other_error_source_format, "                           \
	"cim_status_code, cim_status_code_description, n_args, n_actions"

const char *const ref_store_sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    /* An upsert, not INSERT OR REPLACE: the same row either way, but a
     * job saved again is updated in place instead of deleted and inserted
     * anew, index entry and all. REPLACE prepares in half the
     * instructions, but writes the index page too at every save: tried,
     * no less CPU a sweep run (docs/SCALE.md, fourth round). */
    [S_JOB_PUT] = "INSERT INTO job (" JOB_COLS ") VALUES "
		  "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)"
		  " ON CONFLICT (id) DO UPDATE SET name = ?2, owner = ?3, state = ?4,"
		  " percent = ?5, error_code = ?6, doc = ?7, submitted = ?8, started = ?9,"
		  " ended = ?10, last_change = ?11, tbr = ?12, error_desc = ?13, f_class = ?14,"
		  " f_errno = ?15, f_volume = ?16, f_partner = ?17, f_offset = ?18,"
		  " f_percent = ?19, f_detail = ?20, f_requested_by = ?21",
    [S_JOB_GET] = "SELECT " JOB_COLS " FROM job WHERE id = ?1",
    [S_JOB_ALL] = "SELECT " JOB_COLS " FROM job ORDER BY submitted, id",
    [S_JOB_DEL] = "DELETE FROM job WHERE id = ?1",
    [S_ERR_PUT] = "INSERT OR REPLACE INTO error (job, " ERR_COLS ") VALUES "
		  "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
    [S_ERR_GET] = "SELECT " ERR_COLS " FROM error WHERE job = ?1",
    [S_ERR_DEL] = "DELETE FROM error WHERE job = ?1",
    [S_STR_PUT] = "INSERT INTO error_str (job, list, idx, text) VALUES (?1, ?2, ?3, ?4)",
    [S_STR_GET] = "SELECT list, idx, text FROM error_str WHERE job = ?1 ORDER BY list, idx",
    [S_STR_DEL] = "DELETE FROM error_str WHERE job = ?1",
    [S_JOB_CLR] = "DELETE FROM job",
    [S_ERR_CLR] = "DELETE FROM error",
    [S_STR_CLR] = "DELETE FROM error_str",
};

static const char schema_sql[] =
    "CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, name TEXT, owner TEXT NOT NULL,"
    " state INTEGER NOT NULL, percent INTEGER NOT NULL, error_code INTEGER NOT NULL,"
    " doc INTEGER NOT NULL, submitted INTEGER, started INTEGER, ended INTEGER,"
    " last_change INTEGER, tbr INTEGER NOT NULL, error_desc TEXT, f_class TEXT,"
    " f_errno INTEGER NOT NULL, f_volume TEXT, f_partner TEXT, f_offset INTEGER NOT NULL,"
    " f_percent INTEGER NOT NULL, f_detail TEXT, f_requested_by TEXT);"
    "CREATE TABLE error (job TEXT PRIMARY KEY NOT NULL, error_type INTEGER NOT NULL,"
    " other_error_type TEXT, owning_entity TEXT, message_id TEXT, message TEXT,"
    " perceived_severity INTEGER NOT NULL, probable_cause INTEGER NOT NULL,"
    " probable_cause_description TEXT, error_source TEXT,"
    " error_source_format INTEGER NOT NULL, other_error_source_format TEXT,"
    " cim_status_code INTEGER NOT NULL, cim_status_code_description TEXT,"
    " n_args INTEGER NOT NULL, n_actions INTEGER NOT NULL);"
    "CREATE TABLE error_str (job TEXT NOT NULL, list INTEGER NOT NULL,"
    " idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (job, list, idx));"
    "PRAGMA user_version = 1;";

int ref_open_fault(void)
{
	int rc = 0;

	ref_fiu_do_on(PROV_FP_STORE_OPEN, rc = ref_store_fault_rc(SQLITE_IOERR));
	return rc;
}

/* A step failed by prov/store/open leaves the connection without an error
 * of its own: the reason names the step only. */
static void open_err(sqlite3 *db, const char *path, const char *what, char *err, size_t errlen)
{
	bool why = db && sqlite3_errcode(db) != SQLITE_OK;

	snprintf(err, errlen, "job store '%s': %s%s%s", path, what, why ? ": " : "",
		 why ? sqlite3_errmsg(db) : "");
}

static int open_exec(sqlite3 *db, const char *sql)
{
	int rc = ref_open_fault();
	return rc ? rc : sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int open_prepare(ref_store *s, int i)
{
	int rc = ref_open_fault();
	return rc ? rc : ref_store_prepare(s, i);
}

/* A garbage or truncated file must fail here, at open, not at the first
 * GetError: quick_check reads every page. */
static int check_file(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (ref_open_fault() ||
	    sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &q, NULL) != SQLITE_OK) {
		open_err(db, path, "not a readable SQLite database", err, errlen);
		goto out;
	}
	if (ref_open_fault() || sqlite3_step(q) != SQLITE_ROW) {
		open_err(db, path, "not a readable SQLite database", err, errlen);
		goto out;
	}
	const unsigned char *res = sqlite3_column_text(q, 0);
	if (!res || strcmp((const char *)res, "ok") != 0) {
		snprintf(err, errlen, "job store '%s': damaged database (%s)", path,
			 res ? (const char *)res : "no answer");
		goto out;
	}
	rc = 0;
out:
	(void)sqlite3_finalize(q);
	return rc;
}

static int query_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (!ref_open_fault() && sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = 0;
	}
	(void)sqlite3_finalize(q);
	return rc;
}

/* A new file's schema: a copy of the template's pages (ref_store_tmpl.c),
 * the same database its statements would have made, without parsing and
 * running them again for every new store (that was a quarter of a sweep
 * run). On error returns -1 with a one-line message naming path. */
static int schema_copy(ref_tmpl *t, sqlite3 *db, const char *path, char *err, size_t errlen)
{
	char why[256];

	if (ref_store_tmpl_load(t, false, db, why, sizeof why) != 0) {
		snprintf(err, errlen, "job store '%s': cannot create the schema (%s)", path, why);
		return -1;
	}
	return 0;
}

/* *fresh: the schema was made here, from the template, so it is the
 * template's. */
static int check_schema(ref_tmpl *t, sqlite3 *db, const char *path, bool *fresh, char *err,
			size_t errlen)
{
	int ver = 0, tables = 0;
	char msg[96];

	if (query_int(db, "PRAGMA user_version", &ver) != 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_master", &tables) != 0) {
		open_err(db, path, "cannot read the schema", err, errlen);
		return -1;
	}
	if (ver == REF_SCHEMA_VERSION)
		return 0;
	if (ver != 0 || tables != 0) {
		snprintf(msg, sizeof msg,
			 "not a job store of schema version %d (user_version %d, %d tables)",
			 REF_SCHEMA_VERSION, ver, tables);
		open_err(NULL, path, msg, err, errlen);
		return -1;
	}
	*fresh = true;
	return schema_copy(t, db, path, err, errlen);
}

int ref_store_schema_create(sqlite3 *db, const char *path, bool faults, char *err, size_t errlen)
{
	static const char *const sql[] = {"BEGIN IMMEDIATE", schema_sql, "COMMIT"};
	char *emsg = NULL;
	int rc = SQLITE_OK;

	for (size_t i = 0; i < 3 && rc == SQLITE_OK; i++) {
		rc = faults ? ref_open_fault() : SQLITE_OK;
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, sql[i], NULL, NULL, &emsg);
	}
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "job store '%s': cannot create the schema: %s", path,
			 emsg ? emsg : sqlite3_errstr(rc));
		sqlite3_free(emsg);
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* the open fails anyway */
		return -1;
	}
	return 0;
}

/* A file: checked page by page, in WAL mode, its schema made if it is new,
 * every statement prepared now so that a file with the right user_version
 * but other tables fails here, at open. A file whose schema is exactly
 * the template's cannot fail so: its statements are prepared at their
 * first use, as in memory (preparing all of them twice, at the open and
 * the restart, was most of a sweep run). */
static int setup_file(ref_store *s, ref_tmpl *t, const char *path, bool made, char *err,
		      size_t errlen)
{
	/* The file as this process closed it, byte for byte, or as it just
	 * wrote it from the template: its checks would pass as they did then
	 * (ref_store_known.c), or as on the template. */
	bool known = made || ref_store_known_take(path);

	if (!known && check_file(s->db, path, err, errlen) != 0)
		return -1;
	/* WAL keeps the store readable while a writer commits, and a
	 * committed Error survives a crash of the process (synchronous=NORMAL
	 * is enough for that; only a power cut may lose the last commits).
	 * WAL mode is kept in the file's header: a known file has it. */
	if ((!known && open_exec(s->db, "PRAGMA journal_mode=WAL") != SQLITE_OK) ||
	    open_exec(s->db, "PRAGMA synchronous=NORMAL") != SQLITE_OK) {
		open_err(s->db, path, "cannot enable WAL", err, errlen);
		return -1;
	}
	bool fresh = false;
	if (known) {
		s->tmpl = true;
		s->fresh = made;
		return 0;
	}
	if (check_schema(t, s->db, path, &fresh, err, errlen) != 0)
		return -1;
	if (fresh || ref_store_tmpl_same_schema(t, s->db)) {
		s->tmpl = true;
		s->fresh = fresh;
		return 0;
	}
	for (int i = 0; i < S_COUNT; i++) {
		if (open_prepare(s, i) != SQLITE_OK) {
			open_err(s->db, path, "unexpected schema", err, errlen);
			return -1;
		}
	}
	return 0;
}

static int setup(ref_store *s, ref_tmpl *t, const char *path, bool mem, bool made, char *err,
		 size_t errlen)
{
	/* Cannot fail on an open connection (it only sets a flag). */
	(void)sqlite3_extended_result_codes(s->db, 1);
	/* In memory: a copy of the empty store made once per process, instead
	 * of creating (and checking) the same schema at every open; its
	 * statements are prepared at their first use (ref_store_stmt). */
	if (mem ? ref_store_tmpl_load(t, true, s->db, err, errlen) != 0
		: setup_file(s, t, path, made, err, errlen) != 0)
		return -1;
	/* Debian builds SQLite with SECURE_DELETE: every freed byte and page
	 * is zeroed (and journaled first), a whole page memset for each table
	 * a kept store clears. Nothing can read the freed space of a store in
	 * memory, so it only cost time there. Not a fault point (the open's
	 * steps stay as they were): if it fails, the store just zeroes. */
	if (mem)
		(void)sqlite3_exec(s->db, "PRAGMA secure_delete=OFF", NULL, NULL, NULL);
	/* Except the transaction statements: a failed write must always be
	 * able to roll back, so ROLLBACK cannot wait for a prepare that might
	 * fail then. */
	for (int i = S_BEGIN; i <= S_ROLLBACK; i++) {
		if (!s->st[i] && open_prepare(s, i) != SQLITE_OK) {
			open_err(s->db, path, "cannot prepare a transaction", err, errlen);
			return -1;
		}
	}
	return 0;
}

/* SQLite's answers may span lines (quick_check: "*** in database main
 * ***\nPage 4: ..."), but the open's message is one line: control
 * characters become spaces. Found by tests/hardening/test_store_faults.c. */
static void one_line(char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
	}
}

/* Before anything reads the file: SQLite takes the locking mode a WAL
 * database is first read in for the whole connection, and in EXCLUSIVE
 * mode keeps the WAL index in its own memory instead of a mapped -shm file
 * (https://sqlite.org/wal.html#noshm). A third of a restart's system calls
 * were that file's mapping and locks. */
static int lock_private(ref_store *s, const char *path, char *err, size_t errlen)
{
	if (open_exec(s->db, "PRAGMA locking_mode=EXCLUSIVE") == SQLITE_OK)
		return 0;
	open_err(s->db, path, "cannot lock", err, errlen);
	return -1;
}

/* ref_store_open without a kept store: a new connection, from the
 * template t (NULL: the process's). */
static ref_store *store_make(const char *path, bool private_file, ref_tmpl *t, char *err,
			     size_t errlen)
{
	bool mem = path == NULL;
	const char *p = mem ? ":memory:" : path;
	ref_store *s = NULL;

	/* A new file is the template's image, written in one go: no empty
	 * database made, checked, turned to WAL and filled page by page. */
	bool made = !mem && ref_store_tmpl_file(t, path);
	if (ref_open_fault() || !(s = calloc(1, sizeof *s))) {
		snprintf(err, errlen, "job store '%s': out of memory", p);
		return NULL;
	}
	/* No connection mutex: every use of a store is under its provider's
	 * mutex (ref_lock), or under the pool's when it is kept, so SQLite's
	 * own locking of each call only cost time. */
	int rc = ref_open_fault();
	if (!rc)
		rc = sqlite3_open_v2(
		    p, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
		    NULL);
	if (rc != SQLITE_OK) {
		open_err(s->db, p, "cannot open", err, errlen);
		goto fail;
	}
	if (!mem && (ref_open_fault() || !(s->path = strdup(path)))) {
		snprintf(err, errlen, "job store '%s': out of memory", p);
		goto fail;
	}
	if ((!mem && private_file && lock_private(s, p, err, errlen) != 0) ||
	    setup(s, t, p, mem, made, err, errlen) != 0)
		goto fail;
	s->mem = mem;
	return s;
fail:
	one_line(err);
	ref_store_free(s);
	return NULL;
}

ref_store *ref_store_open(const char *path, bool private_file, char *err, size_t errlen)
{
	ref_tmpl own;
	/* Asked before a kept store is taken: a store of a template of its
	 * own is a new connection, as at a fresh process's first open. */
	bool is_own = ref_store_tmpl_own(&own);
	ref_store *s = !is_own && !path ? ref_store_pool_take() : NULL;

	if (!s)
		s = store_make(path, private_file, is_own ? &own : NULL, err, errlen);
	ref_store_tmpl_drop(&own);
	return s;
}

void ref_store_close(ref_store *s)
{
	if (!s || ref_store_pool_give(s))
		return;
	/* A file of the template's schema: its bytes, as the close leaves
	 * them, are kept so that a restart on it can skip the checks
	 * (ref_store_known.c). */
	char *path = s->tmpl ? s->path : NULL;
	unsigned char *img = NULL;
	size_t n = 0;
	if (path) {
		s->path = NULL;
		img = ref_store_known_image(s->db, &n);
	}
	ref_store_free(s);
	if (path)
		ref_store_known_put(path, img, n);
	free(path);
}

void ref_store_free(ref_store *s)
{
	/* finalize returns the last step's error (already handled); with
	 * every statement finalized, close cannot be busy. */
	for (int i = 0; i < S_COUNT; i++)
		(void)sqlite3_finalize(s->st[i]);
	(void)sqlite3_close(s->db);
	free(s->path);
	free(s);
}
