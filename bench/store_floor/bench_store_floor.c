/*
 * bench_store_floor - the least a durable run asks of SQLite, timed alone.
 *
 * A scenario that restarts the provider (and every sweep run) needs a job
 * store in a real file that a second connection opens again. This program
 * does only that, with no harness, simulator or provider around it, so its
 * CPU time per iteration is a floor under the cost of such a run on this
 * machine (issue 12, docs/SCALE.md "The floor of a durable run"):
 *
 *   least:   write the file from an image of an empty store (one table of
 *            three columns, as the reference copies its template), open
 *            it, one insert and one update with no journal, no sync and an
 *            exclusive lock (the fewest system calls SQLite can make),
 *            close, open again, read the row back, close, unlink;
 *   journal: the same with a rollback journal (synchronous=OFF);
 *   wal:     the same with the reference store's settings (WAL,
 *            synchronous=NORMAL) and five committed updates (a job's
 *            progress), as a reference store run does.
 *
 * SQLite's memory comes from srh's allocator (cli/srh_sqlmem.c), as in srh.
 *
 * Each is timed as CPU time of this process (CLOCK_PROCESS_CPUTIME_ID,
 * kernel time included: a run's system calls are part of its cost) over N
 * iterations, and printed with the runs/s two cores would allow if a run cost
 * nothing else. Clock use is allowed here, in bench/, never in sim/ or the
 * provider.
 *
 * usage: bench_store_floor [N]   (N iterations a round, default 500; files in $TMPDIR, else
 *                                 /dev/shm when it exists, else /tmp)
 * Exit 0, or 2 with a one-line message on the first failure.
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "srh_sqlmem.h"

#define DEFAULT_N 500

typedef struct floor_case {
	const char *name;
	const char *settings; /* PRAGMAs run at each open */
	int updates;	      /* committed updates after the insert */
} floor_case;

static const floor_case cases[] = {
    {"least", "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE", 1},
    {"journal", "PRAGMA synchronous=OFF", 1},
    {"wal", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", 5},
};

static double cpu_s(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) {
		perror("bench_store_floor: clock_gettime");
		exit(2);
	}
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs sql on db; on error prints it with what and returns -1. */
static int exec(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "bench_store_floor: %s: %s\n", what, msg ? msg : sqlite3_errmsg(db));
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
		fprintf(stderr, "bench_store_floor: open %s: %s\n", path,
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
		fprintf(stderr, "bench_store_floor: close: %s\n", sqlite3_errmsg(db));
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
		fprintf(stderr, "bench_store_floor: template: %s\n",
			db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (exec(db, "CREATE TABLE job (id TEXT PRIMARY KEY, state INTEGER, pct INTEGER)",
		 "template") != 0)
		goto out;
	if (!(*img = sqlite3_serialize(db, "main", len, 0))) {
		fprintf(stderr, "bench_store_floor: serialize: out of memory\n");
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
		fprintf(stderr, "bench_store_floor: write %s: %s\n", path, strerror(errno));
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
		fprintf(stderr, "bench_store_floor: prepare: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	for (int i = 1; i <= c->updates; i++) {
		if (sqlite3_bind_int(up, 1, i * 100 / c->updates) != SQLITE_OK ||
		    sqlite3_step(up) != SQLITE_DONE || sqlite3_reset(up) != SQLITE_OK) {
			fprintf(stderr, "bench_store_floor: update: %s\n", sqlite3_errmsg(db));
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
		fprintf(stderr, "bench_store_floor: read: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_column_int(q, 1) != 100) {
		fprintf(stderr, "bench_store_floor: read back %d, wrote 100\n",
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
		fprintf(stderr, "bench_store_floor: unlink %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static const char *scratch_root(void)
{
	const char *t = getenv("TMPDIR");
	struct stat st;

	if (t && *t)
		return t;
	return stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
}

#define ROUNDS 5
#define NCASES (sizeof cases / sizeof cases[0])

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* ROUNDS rounds of n iterations of every case, the cases alternated so a
 * noisy machine weighs on all alike; us[k][r] gets round r of case k in us
 * CPU an iteration. Returns 0 or -1 (message printed). */
static int measure(const char *path, long n, double us[][ROUNDS])
{
	unsigned char *img = NULL;
	sqlite3_int64 len = 0;
	int rc = -1;

	if (make_image(&img, &len) != 0)
		return -1;
	for (size_t k = 0; k < NCASES; k++) /* warm: the first open pays SQLite's set-up */
		if (once(path, &cases[k], img, len) != 0)
			goto out;
	for (int r = 0; r < ROUNDS; r++) {
		for (size_t k = 0; k < NCASES; k++) {
			double t0 = cpu_s();
			for (long i = 0; i < n; i++)
				if (once(path, &cases[k], img, len) != 0)
					goto out;
			us[k][r] = (cpu_s() - t0) * 1e6 / (double)n;
		}
	}
	rc = 0;
out:
	sqlite3_free(img);
	return rc;
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX];
	double us[NCASES][ROUNDS];
	long n = DEFAULT_N;
	int rc = 2;

	if (argc > 2 || (argc == 2 && ((n = strtol(argv[1], NULL, 10)) < 1 || n > 10000000))) {
		fprintf(stderr,
			"usage: bench_store_floor [N]   (N iterations a round, 1..10000000)\n");
		return 2;
	}
	/* SQLite's memory as srh gives it (cli/srh_sqlmem.c): the floor of srh's runs */
	if (srh_sqlmem_install() != 0)
		fprintf(stderr,
			"bench_store_floor: srh's SQLite allocator refused; SQLite's own used\n");
	if (snprintf(dir, sizeof dir, "%s/srh-floor-XXXXXX", scratch_root()) >= (int)sizeof dir ||
	    !mkdtemp(dir)) {
		fprintf(stderr, "bench_store_floor: scratch directory under %s: %s\n",
			scratch_root(), strerror(errno));
		return 2;
	}
	if (snprintf(path, sizeof path, "%s/store.db", dir) >= (int)sizeof path) {
		fprintf(stderr, "bench_store_floor: path too long\n");
		goto out;
	}
	printf("bench_store_floor: %d rounds of %ld iterations a case, SQLite %s, files in %s\n",
	       ROUNDS, n, sqlite3_libversion(), dir);
	if (measure(path, n, us) != 0)
		goto out;
	for (size_t k = 0; k < NCASES; k++) {
		double best;

		qsort(us[k], ROUNDS, sizeof us[k][0], cmp_double);
		best = us[k][0];
		printf("  %-7s %7.1f us CPU a run (fastest round; median %.1f): at most %6.0f "
		       "durable runs/s on 2 cores if nothing else cost (goals 10000 sweep, 20000 "
		       "suite: %s)\n",
		       cases[k].name, best, us[k][ROUNDS / 2], 2e6 / best,
		       2e6 / best >= 20000   ? "both within reach"
		       : 2e6 / best >= 10000 ? "sweep within reach"
					     : "both out of reach");
	}
	rc = 0;
out:
	if (rmdir(dir) != 0) {
		fprintf(stderr, "bench_store_floor: rmdir %s: %s\n", dir, strerror(errno));
		rc = 2;
	}
	return rc;
}
