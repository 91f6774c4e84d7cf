/*
 * ref_store_int.h - what the job store's files share (ref_store_open.c,
 * ref_store_stmt.c, ref_store_write.c, ref_store_read.c): the connection,
 * its prepared statements, and the helpers every statement goes through.
 * The schema itself is described in ref_store_open.c.
 */
#ifndef SRPROV_REF_STORE_INT_H
#define SRPROV_REF_STORE_INT_H

#include <stdbool.h>

#include <sqlite3.h>

#include "ref.h"

#define REF_SCHEMA_VERSION 1
#define REF_LIST_ARGS 0
#define REF_LIST_ACTIONS 1

#define REF_W_JOB 1u
#define REF_W_ERR 2u
#define REF_W_STR 4u

/* The statements an open may run come first (ref_store_stmt). */
enum {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_JOB_ALL,
	S_JOB_PUT,
	S_JOB_GET,
	S_JOB_DEL,
	S_ERR_PUT,
	S_ERR_GET,
	S_ERR_DEL,
	S_STR_PUT,
	S_STR_GET,
	S_STR_DEL,
	S_JOB_CLR,
	S_ERR_CLR,
	S_STR_CLR,
	S_COUNT
};

struct ref_store {
	sqlite3 *db;
	bool mem; /* in memory: kept for the next open (ref_store_pool.c) */
	/* Tables written since the open (REF_W_*): emptying a kept store
	 * clears only these (ref_store_pool.c). */
	unsigned written;
	/* A file whose schema is the template's (made from it, or found
	 * equal): its bytes are kept at close (ref_store_known.c). */
	bool tmpl;
	/* A file made from the template by this open, no statement run on
	 * it yet: loading every job finds none without one. */
	bool fresh;
	char *path; /* the file, NULL in memory */
	sqlite3_stmt *st[S_COUNT];
};

/* The SQL of statement i (S_*), prepared once per connection. */
extern const char *const ref_store_sql[S_COUNT];

/* Create the schema (version REF_SCHEMA_VERSION) in the empty database db,
 * in one transaction of three statements (BEGIN, the schema, COMMIT), each
 * a step of the open (prov/store/open) when faults is true. On error
 * returns -1 with a one-line message naming path, and db holds no part of
 * the schema. */
int ref_store_schema_create(sqlite3 *db, const char *path, bool faults, char *err, size_t errlen);

/* An empty-store template: the process's, made once (its making is no
 * step of any open), or one made for one open only (own), as the first
 * open of a fresh process makes the process's, each step of its making a
 * step of that open (prov/store/open). prov/store/template asks for one:
 * without it a fault in the making could reach only a process's first run. */
typedef struct ref_tmpl {
	sqlite3 *db;	    /* the empty store; NULL until made */
	char *schema;	    /* its schema text, or NULL */
	unsigned char *img; /* its bytes as a WAL store file, or NULL */
	sqlite3_int64 img_n;
	bool own;
} ref_tmpl;

/* Does this open take a template of its own (prov/store/template fired)?
 * Then *t is set up as one and true is returned; the caller passes t to
 * the calls below. Otherwise false, and they get NULL: the process's
 * template. Either way the caller gives *t back with ref_store_tmpl_drop.
 * Cannot fail. */
bool ref_store_tmpl_own(ref_tmpl *t);
/* Free what the template t made. Cannot fail. */
void ref_store_tmpl_drop(ref_tmpl *t);

/* Make db (a fresh connection, in memory when mem) an empty job store: a
 * private copy of the template t (NULL: the process's, made the first
 * time any thread asks, of smaller pages for a store in memory;
 * ref_store_tmpl.c). On error returns -1 with a one-line message, and db
 * is left as it was. */
int ref_store_tmpl_load(ref_tmpl *t, bool mem, sqlite3 *db, char *err, size_t errlen);

/* When no file, WAL file or rollback journal is at path: write the
 * template t (NULL: the process's) there as a store file in WAL mode (one
 * write) and return true. Otherwise, or on any error (no file left
 * behind), false: the caller makes the file the long way. */
bool ref_store_tmpl_file(ref_tmpl *t, const char *path);

/* An emptied in-memory store kept by an earlier close, or NULL when none
 * is kept (ref_store_pool.c). */
ref_store *ref_store_pool_take(void);
/* Keep s (in memory, open) for the next open, emptied of every row.
 * Returns false when it is not kept (a file store, a transaction left
 * open, emptying failed, enough kept): then the caller frees it. */
bool ref_store_pool_give(ref_store *s);
/* Is there a file at path with suffix appended ("" for path itself), or
 * can we not tell (then true: the caller takes the careful way)? */
bool ref_store_file_exists(const char *path, const char *suffix);
/* The image of db's main database (sqlite3_serialize, memory of
 * sqlite3_malloc), *n bytes, taken before the close that leaves those
 * bytes in its file; NULL when it cannot be taken or is large. */
unsigned char *ref_store_known_image(sqlite3 *db, size_t *n);
/* Keep img (n bytes, from ref_store_known_image; taken over, freed here
 * when it cannot be kept), as the bytes of the store file at path just
 * closed, for ref_store_known_take. Keeps nothing when img is NULL or out
 * of memory. */
void ref_store_known_put(const char *path, unsigned char *img, size_t n);
/* Are the bytes of the file at path exactly those ref_store_known_put
 * kept, with no WAL file beside it? Then the open's checks would answer as
 * at the last open: the caller skips them. Forgets what was kept either
 * way; false on any error. */
bool ref_store_known_take(const char *path);
/* Finalize every statement of s, close its connection and free it. */
void ref_store_free(ref_store *s);

/* Has db exactly the schema of the template t (NULL: the process's; every
 * table, index and its SQL)? Then every statement prepares on it as on the
 * template. false on any error (the caller then checks by preparing). */
bool ref_store_tmpl_same_schema(ref_tmpl *t, sqlite3 *db);

/* SQLite's result code -> REF_BUSY, REF_NOMEM or REF_FAIL. */
ref_rc ref_store_rc(int sqlrc);
/* Prepare statement i (S_*) into s->st[i]; returns SQLite's result code
 * (on error s->st[i] stays NULL). */
int ref_store_prepare(ref_store *s, int i);
/* Statement i in *q, prepared if it is not yet, reset and with its
 * bindings cleared, ready to bind. Returns SQLITE_OK, or the prepare's
 * error code (then *q is unset). */
int ref_store_stmt(ref_store *s, int i, sqlite3_stmt **q);

/* The SQLite code a store fault point (prov/store/open, write, prepare)
 * fails with: the point's failinfo, else dflt. Cannot fail. */
int ref_store_fault_rc(int dflt);
/* ref_store_stmt with id bound as the statement's first parameter (the
 * statements of one job). Returns SQLITE_OK, or the prepare's or the
 * bind's error code (then *q must not be stepped). */
int ref_store_stmt_id(ref_store *s, int i, const char *id, sqlite3_stmt **q);
/* Bind s, or NULL for a NULL s; returns SQLite's result code. */
int ref_store_bind_text(sqlite3_stmt *q, int i, const char *s);

#endif /* SRPROV_REF_STORE_INT_H */
