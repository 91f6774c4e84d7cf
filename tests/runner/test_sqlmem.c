/*
 * test_sqlmem.c - SQLite's memory from srh's per-thread free lists
 * (cli/srh_sqlmem.c): SQLite works on it, what it reallocates keeps its
 * bytes, and a thread's kept blocks go back when the thread ends.
 *
 * Each test runs in its own process (criterion forks), so each installs
 * the allocator before SQLite initializes there. SRH_SQLMEM=1 installs it
 * under valgrind too, where these tests would otherwise test nothing.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "srh_sqlmem.h"

static void install(void)
{
	cr_assert_eq(setenv("SRH_SQLMEM", "1", 1), 0);
	cr_assert_eq(srh_sqlmem_install(), 0);
	/* Installed means SQLite took it: a second allocator is refused only
	 * before initialization ends, so ask SQLite what it uses. */
	cr_assert_eq(sqlite3_initialize(), SQLITE_OK);
}

/* A block's size as SQLite sees it, from the allocator SQLite holds. */
static int msize(void *p)
{
	return (int)sqlite3_msize(p);
}

Test(sqlmem, sizes_round_up_to_their_class_and_big_ones_stay_exact)
{
	install();
	/* 16-byte classes to 1 KiB, powers of two to 64 KiB, exact above. */
	int asks[] = {1, 16, 17, 1000, 1024, 1025, 4096, 4097, 65536, 65537, 200000};
	int want[] = {16, 16, 32, 1008, 1024, 2048, 4096, 8192, 65536, 65537, 200000};
	for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
		void *p = sqlite3_malloc(asks[i]);
		cr_assert_not_null(p);
		cr_expect_eq(msize(p), want[i], "ask %d: size %d, want %d", asks[i], msize(p),
			     want[i]);
		cr_expect_eq((uintptr_t)p % 8u, 0u, "8-byte alignment");
		memset(p, 0xa5, (size_t)asks[i]);
		sqlite3_free(p);
	}
}

Test(sqlmem, a_freed_block_is_handed_out_again_for_its_class)
{
	install();
	void *a = sqlite3_malloc(100);
	cr_assert_not_null(a);
	sqlite3_free(a);
	void *b = sqlite3_malloc(110); /* same class: 112 */
	cr_expect_eq(b, a, "the kept block of the class is reused");
	void *c = sqlite3_malloc(200); /* another class */
	cr_expect_neq(c, a);
	sqlite3_free(b);
	sqlite3_free(c);
}

Test(sqlmem, realloc_keeps_the_bytes_growing_and_shrinking)
{
	install();
	unsigned char *p = sqlite3_malloc(40);
	cr_assert_not_null(p);
	for (int i = 0; i < 40; i++)
		p[i] = (unsigned char)i;
	unsigned char *q = sqlite3_realloc(p, 48); /* same class (48) */
	cr_assert_eq(q, p, "a size within the class keeps the block");
	q = sqlite3_realloc(q, 5000);
	cr_assert_not_null(q);
	for (int i = 0; i < 40; i++)
		cr_assert_eq(q[i], (unsigned char)i, "byte %d after growing", i);
	memset(q + 40, 0x5a, 5000 - 40);
	unsigned char *r = sqlite3_realloc(q, 100000); /* to a big block */
	cr_assert_not_null(r);
	for (int i = 0; i < 40; i++)
		cr_assert_eq(r[i], (unsigned char)i);
	cr_assert_eq(r[4999], 0x5a);
	unsigned char *s = sqlite3_realloc(r, 30); /* shrink to a small class */
	cr_assert_not_null(s);
	for (int i = 0; i < 30; i++)
		cr_assert_eq(s[i], (unsigned char)i);
	sqlite3_free(s);
}

/* A database that allocates many sizes: rows of every text length from 0
 * to 3000 bytes, read back and compared. */
Test(sqlmem, sqlite_stores_and_reads_back_rows_of_every_size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL, *sel = NULL;
	char *text = malloc(3001);

	install();
	cr_assert_not_null(text);
	for (int i = 0; i < 3000; i++)
		text[i] = (char)('a' + i % 26);
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(
	    sqlite3_exec(db, "CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT)", NULL, NULL, NULL),
	    SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2)", -1, &ins, NULL),
		     SQLITE_OK);
	for (int n = 0; n <= 3000; n += 7) {
		cr_assert_eq(sqlite3_bind_int(ins, 1, n), SQLITE_OK);
		cr_assert_eq(sqlite3_bind_text(ins, 2, text, n, SQLITE_TRANSIENT), SQLITE_OK);
		cr_assert_eq(sqlite3_step(ins), SQLITE_DONE);
		cr_assert_eq(sqlite3_reset(ins), SQLITE_OK);
	}
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT n, s FROM t ORDER BY n", -1, &sel, NULL),
		     SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(sel) == SQLITE_ROW) {
		int n = sqlite3_column_int(sel, 0);
		const unsigned char *s = sqlite3_column_text(sel, 1);
		cr_assert_eq(n, rows * 7);
		cr_assert_eq(sqlite3_column_bytes(sel, 1), n);
		cr_assert(n == 0 || memcmp(s, text, (size_t)n) == 0, "row %d", n);
		rows++;
	}
	cr_expect_eq(rows, 3000 / 7 + 1);
	cr_assert_eq(sqlite3_finalize(ins), SQLITE_OK);
	cr_assert_eq(sqlite3_finalize(sel), SQLITE_OK);
	cr_assert_eq(sqlite3_close(db), SQLITE_OK);
	free(text);
}

/* What a thread kept goes back to libc when it ends. Each thread below
 * allocates and frees about 1 MiB of small blocks (all kept: under the
 * 2 MiB cap); without the thread's destructor, 24 threads would leave
 * some 24 MiB in use. */
#define BLOCKS 10000

static void *churn(void *unused)
{
	static _Thread_local void *b[BLOCKS];

	(void)unused;
	for (int i = 0; i < BLOCKS; i++)
		b[i] = sqlite3_malloc(96);
	for (int i = 0; i < BLOCKS; i++)
		sqlite3_free(b[i]);
	return NULL;
}

Test(sqlmem, a_threads_kept_blocks_go_back_when_it_ends)
{
	install();
	size_t before = mallinfo2().uordblks;
	for (int i = 0; i < 24; i++) {
		pthread_t t;
		cr_assert_eq(pthread_create(&t, NULL, churn, NULL), 0);
		cr_assert_eq(pthread_join(t, NULL), 0);
	}
	size_t after = mallinfo2().uordblks;
	cr_expect_lt(after, before + (4u << 20), "in use %zu bytes before, %zu after", before,
		     after);
}

Test(sqlmem, zero_in_the_environment_leaves_sqlite_with_malloc)
{
	cr_assert_eq(setenv("SRH_SQLMEM", "0", 1), 0);
	cr_assert_eq(srh_sqlmem_install(), 0);
	cr_assert_eq(sqlite3_initialize(), SQLITE_OK);
	void *p = sqlite3_malloc(17);
	cr_assert_not_null(p);
	/* SQLite's own allocator rounds to 8 bytes, ours to 16. */
	cr_expect_eq(msize(p), 24, "size %d: not SQLite's own allocator", msize(p));
	sqlite3_free(p);
}
