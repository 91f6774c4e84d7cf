/*
 * prov_profile_cache.c - share one parsed profile between provider
 * instances of a process.
 *
 * A profile never changes once loaded, and the in-process runner opens the
 * reference provider once per scenario (twice with a restart): parsing the
 * YAML each time was most of the cost of a short scenario. Entries are
 * keyed by the path and the file's identity (device, inode, size, mtime),
 * so an edited file is read again; an entry nobody holds stays for the next
 * open and is freed at exit.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srh/prov_profile.h"

#define CACHE_SLOTS 4

typedef struct cache_entry {
	char *path;
	struct stat st;
	prov_profile *pf;
	unsigned refs;
} cache_entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_entry cache[CACHE_SLOTS];

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void entry_drop(cache_entry *e)
{
	prov_profile_free(e->pf);
	free(e->path);
	memset(e, 0, sizeof(*e));
}

/* A slot for a new entry: a free one, else one nobody holds; NULL if all
 * are held (the caller then keeps its profile uncached). */
static cache_entry *slot_for_new(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (!cache[i].pf)
			return &cache[i];
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].refs == 0) {
			entry_drop(&cache[i]);
			return &cache[i];
		}
	return NULL;
}

prov_profile *prov_profile_acquire(const char *path, char *err, size_t errlen)
{
	const char *p = path ? path : prov_profile_default_path();
	struct stat st;
	prov_profile *pf = NULL;
	cache_entry *e;

	/* No identity, no sharing: prov_profile_load reports the error. */
	if (stat(p, &st) != 0)
		return prov_profile_load(path, err, errlen);
	if (pthread_mutex_lock(&cache_lock) != 0)
		return prov_profile_load(path, err, errlen);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		e = &cache[i];
		if (e->pf && strcmp(e->path, p) == 0 && same_file(&e->st, &st)) {
			e->refs++;
			pf = e->pf;
			goto out;
		}
	}
	pf = prov_profile_load(path, err, errlen);
	if (pf && (e = slot_for_new()) && (e->path = strdup(p))) {
		e->st = st;
		e->pf = pf;
		e->refs = 1;
	}
out:
	(void)pthread_mutex_unlock(&cache_lock); /* held by us: cannot fail */
	return pf;
}

void prov_profile_release(prov_profile *pf)
{
	if (!pf)
		return;
	if (pthread_mutex_lock(&cache_lock) != 0)
		return; /* leak rather than free a profile another may hold */
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].pf == pf) {
			cache[i].refs--;
			pf = NULL;
			break;
		}
	(void)pthread_mutex_unlock(&cache_lock);
	prov_profile_free(pf); /* not cached: this caller owned it alone */
}

/* Entries nobody holds any more are freed at exit, so leak checkers see
 * nothing left behind. */
__attribute__((destructor)) static void cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].pf && cache[i].refs == 0)
			entry_drop(&cache[i]);
}
