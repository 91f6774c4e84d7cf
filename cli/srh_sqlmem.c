/*
 * srh_sqlmem.c - SQLite's memory, from per-thread free lists of a few size
 * classes instead of glibc's malloc at every call.
 *
 * Debian's SQLite is built with SQLITE_OMIT_LOOKASIDE, so every parser
 * step, every schema read and every statement's objects go through
 * malloc and free: some 1,300 allocations a sweep run, glibc's fast path
 * overflowing (its per-thread cache keeps 7 blocks a size) into its
 * locked bins and their consolidation, about a quarter of a sweep run's
 * instructions (docs/SCALE.md, fifth round). SQLite allocates and frees
 * the same few sizes over and over, so a freed block is kept on its
 * thread's list for its class and handed out again; what SQLite stores
 * and how is unchanged (its pages, schema and statements are the same
 * objects in other memory).
 *
 * Not installed under AddressSanitizer, ThreadSanitizer or valgrind: a
 * kept block would hide a use after free inside SQLite from them.
 * SRH_SQLMEM=0 in the environment leaves SQLite with malloc, =1 installs
 * it even there (to count its instructions with callgrind).
 */
#include "srh_sqlmem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SQLMEM_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define SQLMEM_SANITIZED 1
#endif
#endif
#ifndef SQLMEM_SANITIZED
#define SQLMEM_SANITIZED 0
#endif

/* Size classes: 16-byte steps to 1 KiB, then powers of two to 64 KiB (a
 * page of the page cache with its header is the biggest frequent one).
 * Bigger requests go to malloc and back to free. */
#define STEP 16u
#define SMALL_MAX 1024u
#define N_SMALL (SMALL_MAX / STEP)
#define BIG_MAX (64u * 1024u)
#define N_CLASS (N_SMALL + 6u) /* 2, 4, 8, 16, 32, 64 KiB */
/* What a thread keeps at most; a free past it goes back to libc. A whole
 * sweep's runs in one thread took a block from libc 844 times: the cap
 * only bounds a thread that frees what others allocated (srh serve). */
#define KEEP_MAX (2u << 20)

/* Before each block: its usable size and class (SQLite wants 8-byte
 * alignment, as its own allocator gives with the same 8-byte prefix). */
typedef union hdr {
	struct {
		uint32_t size;
		uint32_t cls; /* BIG: from malloc, back to free */
	} b;
	union hdr *next; /* while on a free list */
} hdr;

#define BIG N_CLASS

typedef struct cache {
	hdr *head[N_CLASS];
	size_t kept;
	int registered;
} cache;

static _Thread_local cache tc;
static pthread_key_t drain_key;

/* The class of a request of n bytes (0 < n <= BIG_MAX), its size in *size. */
static unsigned class_of(uint32_t n, uint32_t *size)
{
	if (n <= SMALL_MAX) {
		unsigned c = (n + STEP - 1) / STEP - 1u;
		*size = (c + 1u) * STEP;
		return c;
	}
	unsigned c = N_SMALL;
	uint32_t s = 2048;
	while (s < n) {
		s <<= 1;
		c++;
	}
	*size = s;
	return c;
}

/* A block from libc, when the class's list is empty or the request is
 * big. */
__attribute__((noinline)) static void *malloc_slow(unsigned c, uint32_t size)
{
	hdr *h = malloc(sizeof(hdr) + size);

	if (!h)
		return NULL;
	h->b.size = size;
	h->b.cls = c;
	return h + 1;
}

static void *mem_malloc(int n)
{
	uint32_t size;
	hdr *h;

	if (n <= 0)
		return NULL;
	if ((uint32_t)n > BIG_MAX)
		return malloc_slow(BIG, (uint32_t)n);
	unsigned c = class_of((uint32_t)n, &size);
	if (!(h = tc.head[c]))
		return malloc_slow(c, size);
	tc.head[c] = h->next;
	tc.kept -= size;
	h->b.size = size;
	h->b.cls = c;
	return h + 1;
}

static void drain(void *unused)
{
	(void)unused;
	for (unsigned c = 0; c < N_CLASS; c++) {
		while (tc.head[c]) {
			hdr *h = tc.head[c];
			tc.head[c] = h->next;
			free(h);
		}
	}
	tc.kept = 0;
	tc.registered = 0; /* a later free sets the key again */
}

/* The rare ways of a free: a big block, a full cache, a thread's first
 * kept block. Apart, so that the common push saves no registers. */
__attribute__((noinline, cold)) static void free_slow(hdr *h, unsigned c, uint32_t size)
{
	if (c == BIG || tc.kept + size > KEEP_MAX) {
		free(h);
		return;
	}
	/* A thread that ends gives its blocks back (the key's destructor);
	 * the key only needs a value that is not NULL. Where that cannot be
	 * set, the block goes back to libc instead of being kept. */
	if (pthread_setspecific(drain_key, &tc) != 0) {
		free(h);
		return;
	}
	tc.registered = 1;
	h->next = tc.head[c];
	tc.head[c] = h;
	tc.kept += size;
}

static void mem_free(void *p)
{
	if (!p)
		return;
	hdr *h = (hdr *)p - 1;
	unsigned c = h->b.cls;
	uint32_t size = h->b.size;

	if (c == BIG || tc.kept + size > KEEP_MAX || !tc.registered) {
		free_slow(h, c, size);
		return;
	}
	h->next = tc.head[c];
	tc.head[c] = h;
	tc.kept += size;
}

static void *mem_realloc(void *p, int n)
{
	if (!p)
		return mem_malloc(n);
	if (n <= 0)
		return NULL; /* SQLite never asks this: it frees instead */
	const hdr *h = (const hdr *)p - 1;
	uint32_t size = h->b.size;
	if ((uint32_t)n <= size && (h->b.cls != BIG || (uint32_t)n == size))
		return p;
	void *q = mem_malloc(n);
	if (!q)
		return NULL; /* p stays valid, as realloc's does */
	memcpy(q, p, size < (uint32_t)n ? size : (uint32_t)n);
	mem_free(p);
	return q;
}

static int mem_size(void *p)
{
	return p ? (int)((const hdr *)p - 1)->b.size : 0;
}

static int mem_roundup(int n)
{
	uint32_t size;

	if (n <= 0 || (uint32_t)n > BIG_MAX)
		return n;
	(void)class_of((uint32_t)n, &size);
	return (int)size;
}

static int mem_init(void *unused)
{
	(void)unused;
	return SQLITE_OK;
}

static void mem_shutdown(void *unused)
{
	(void)unused;
}

/* The main thread's blocks, freed at exit so that leak checkers see none
 * kept (its key destructor does not run when main returns). */
static void drain_main(void)
{
	drain(NULL);
}

int srh_sqlmem_install(void)
{
	static const sqlite3_mem_methods m = {
	    mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL,
	};

	const char *env = getenv("SRH_SQLMEM");
	bool on = env ? strcmp(env, "0") != 0 : !(SQLMEM_SANITIZED || RUNNING_ON_VALGRIND);

	if (!on)
		return 0;
	if (pthread_key_create(&drain_key, drain) != 0)
		return -1;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		(void)pthread_key_delete(drain_key);
		return -1;
	}
	/* Without it, only a leak checker sees the kept blocks at exit. */
	(void)atexit(drain_main);
	return 0;
}
