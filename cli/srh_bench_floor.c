/*
 * srh_bench_floor.c - `srh bench`'s floor of a durable run: the least a run
 * that restarts the provider (or starts from a provider.store) asks of
 * SQLite, timed alone, with nothing of srh around it but its allocator for
 * SQLite (srh_sqlmem.c, installed by main).
 *
 * Such a run keeps its job store in a real file that a second connection
 * opens again (issue 12: "durability tests keep their real files"). Each
 * case does only that: write the file from an image of an empty one-table
 * store (as the reference copies its template), open it, one insert and
 * c->updates committed updates, close, open again, read the row back,
 * close, unlink. Cases:
 *   least:   no journal, no sync, an exclusive lock: the fewest system
 *            calls SQLite makes;
 *   journal: a rollback journal, synchronous=OFF;
 *   wal:     the reference store's settings (WAL, synchronous=NORMAL) and
 *            five updates (a job's progress).
 * Timed as CPU time of this thread (kernel time included: a run's system
 * calls are part of its cost), the cases
 * alternated over FLOOR_ROUNDS rounds so a noisy machine weighs on all
 * alike, the fastest round kept. docs/SCALE.md, "The floor of a durable
 * run".
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "srh_cli.h"
#include "srh_workdir.h"

#define FLOOR_ROUNDS 5

typedef struct floor_case {
	const char *settings; /* PRAGMAs run at each open */
	int updates;	      /* committed updates after the insert */
} floor_case;

enum { FLOOR_LEAST, FLOOR_JOURNAL, FLOOR_WAL, NCASES };

static const floor_case cases[NCASES] = {
    [FLOOR_LEAST] =
	{"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE", 1},
    [FLOOR_JOURNAL] = {"PRAGMA synchronous=OFF", 1},
    [FLOOR_WAL] = {"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", 5},
};

/* Runs sql on db; on error prints it with what and returns -1. */
static int exec(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "srh bench: floor: %s: %s\n", what, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Opens path (created when absent) with the case's settings; on error prints
 * it and returns NULL (nothing left open). */
static sqlite3 *open_store(const char *path, const floor_case *c)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		fprintf(stderr, "srh bench: floor: open %s: %s\n", path,
			db ? sqlite3_errmsg(db) : "out of memory");
		goto fail;
	}
	if (exec(db, c->settings, "settings") != 0)
		goto fail;
	return db;
fail:
	(void)sqlite3_close(db);
	return NULL;
}

/* Finalizes st and closes db; returns rc, or -1 (message printed) when rc
 * was 0 and the close failed. */
static int close_store(sqlite3 *db, sqlite3_stmt *st, int rc)
{
	(void)sqlite3_finalize(st);
	if (sqlite3_close(db) != SQLITE_OK && rc == 0) {
		fprintf(stderr, "srh bench: floor: close: %s\n", sqlite3_errmsg(db));
		rc = -1;
	}
	return rc;
}

/* The image of an empty store, made once (a private in-memory database
 * serialized), as the reference keeps its template. Returns 0 or -1. */
static int make_image(unsigned char **img, sqlite3_int64 *len)
{
	sqlite3 *db = NULL;
	int rc = -1;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "srh bench: floor: template: %s\n",
			db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (exec(db, "CREATE TABLE job (id TEXT PRIMARY KEY, state INTEGER, pct INTEGER)",
		 "template") != 0)
		goto out;
	if (!(*img = sqlite3_serialize(db, "main", len, 0))) {
		fprintf(stderr, "srh bench: floor: serialize: out of memory\n");
		goto out;
	}
	rc = 0;
out:
	(void)sqlite3_close(db);
	return rc;
}

/* Writes the image to path, as a fresh run's store. Returns 0 or -1. */
static int write_image(const char *path, const unsigned char *img, sqlite3_int64 len)
{
	FILE *f = fopen(path, "wbx");
	int ok = f && fwrite(img, 1, (size_t)len, f) == (size_t)len;

	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		fprintf(stderr, "srh bench: floor: write %s: %s\n", path, strerror(errno));
	return ok ? 0 : -1;
}

/* The first connection: one insert, c->updates committed updates, close.
 * Returns 0 or -1 (message printed). */
static int write_job(const char *path, const floor_case *c)
{
	sqlite3 *db = open_store(path, c);
	sqlite3_stmt *up = NULL;
	int rc = -1;

	if (!db)
		return -1;
	if (exec(db, "INSERT INTO job VALUES ('job-1', 4, 0)", "insert") != 0)
		goto out;
	if (sqlite3_prepare_v2(db, "UPDATE job SET pct = ? WHERE id = 'job-1'", -1, &up, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "srh bench: floor: prepare: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	for (int i = 1; i <= c->updates; i++) {
		if (sqlite3_bind_int(up, 1, i * 100 / c->updates) != SQLITE_OK ||
		    sqlite3_step(up) != SQLITE_DONE || sqlite3_reset(up) != SQLITE_OK) {
			fprintf(stderr, "srh bench: floor: update: %s\n", sqlite3_errmsg(db));
			goto out;
		}
	}
	rc = 0;
out:
	return close_store(db, up, rc);
}

/* A second connection reads the row back and checks it is the last
 * update's. Returns 0 or -1 (message printed). */
static int read_job(const char *path, const floor_case *c)
{
	sqlite3 *db = open_store(path, c);
	sqlite3_stmt *q = NULL;
	int rc = -1;

	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT state, pct FROM job WHERE id = 'job-1'", -1, &q, NULL) !=
		SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		fprintf(stderr, "srh bench: floor: read: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_column_int(q, 1) != 100) {
		fprintf(stderr, "srh bench: floor: read back %d, wrote 100\n",
			sqlite3_column_int(q, 1));
		goto out;
	}
	rc = 0;
out:
	return close_store(db, q, rc);
}

/* One durable run's SQLite work for case c on path. Returns 0 or -1. */
static int once(const char *path, const floor_case *c, const unsigned char *img, sqlite3_int64 len)
{
	if (write_image(path, img, len) != 0 || write_job(path, c) != 0 || read_job(path, c) != 0)
		return -1;
	if (unlink(path) != 0) {
		fprintf(stderr, "srh bench: floor: unlink %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* FLOOR_ROUNDS rounds of n iterations of every case on path; best[k] gets
 * case k's fastest round in us CPU a run. Returns 0 or -1 (message
 * printed). */
static int measure(const char *path, uint64_t n, double best[NCASES])
{
	unsigned char *img = NULL;
	sqlite3_int64 len = 0;
	int rc = -1;

	if (make_image(&img, &len) != 0)
		return -1;
	for (int k = 0; k < NCASES; k++) /* warm: the first open pays SQLite's set-up */
		if (once(path, &cases[k], img, len) != 0)
			goto out;
	for (int r = 0; r < FLOOR_ROUNDS; r++) {
		for (int k = 0; k < NCASES; k++) {
			double us, t0 = srh_bench_cpu_now();
			for (uint64_t i = 0; i < n; i++)
				if (once(path, &cases[k], img, len) != 0)
					goto out;
			us = (srh_bench_cpu_now() - t0) * 1e6 / (double)n;
			if (r == 0 || us < best[k])
				best[k] = us;
		}
	}
	rc = 0;
out:
	sqlite3_free(img);
	return rc;
}

void srh_bench_floor(uint64_t rounds, size_t durable, size_t total, double inproc_goal,
		     double sweep_goal)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	uint64_t n = 100 * (rounds ? rounds : 1);
	double best[NCASES], least, wal, budget_ms, left_ms;

	if (srh_workdir_make(dir, sizeof dir, "run-") != 0) {
		printf("  floor of a durable run: no scratch directory: %s\n", strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/store.db", dir);
	if (measure(path, n, best) != 0) {
		printf("  floor of a durable run: could not be measured (see above)\n");
		goto out;
	}
	least = best[FLOOR_LEAST];
	wal = best[FLOOR_WAL];
	printf(
	    "  floor of a durable run (SQLite alone: a store file from an image, insert, update, "
	    "close, reopen, read; fastest of %d rounds of %llu): fewest system calls %.0f us CPU, "
	    "journal %.0f us, the reference's settings (WAL, 5 updates) %.0f us = at most %.0f "
	    "and %.0f durable runs/s on 2 cores\n",
	    FLOOR_ROUNDS, (unsigned long long)n, least, best[FLOOR_JOURNAL], wal, 2e6 / least,
	    2e6 / wal);
	/* 2 cores: the goal's runs share 2 s of CPU a second */
	budget_ms = total ? 2e3 * (double)total / inproc_goal : 0.0;
	left_ms = budget_ms - (double)durable * least / 1e3;
	printf(
	    "    every sweep run is durable: at most %.0f runs/s (goal %.0f: %s); at %.0f runs/s "
	    "the suite's %zu runs get %.1f ms of CPU, of which its %zu durable runs alone take "
	    ">= %.1f ms (%.1f ms with the reference's settings), leaving %.1f ms for the %zu "
	    "others (%.0f us each)\n",
	    2e6 / least, sweep_goal, 2e6 / least >= sweep_goal ? "within reach" : "out of reach",
	    inproc_goal, total, budget_ms, durable, (double)durable * least / 1e3,
	    (double)durable * wal / 1e3, left_ms > 0 ? left_ms : 0.0, total - durable,
	    left_ms > 0 && total > durable ? left_ms * 1e3 / (double)(total - durable) : 0.0);
out:
	srh_workdir_remove(dir);
}
