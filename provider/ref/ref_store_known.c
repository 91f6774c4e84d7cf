/*
 * ref_store_known.c - store files this process closed, with their bytes,
 * so that reopening one that no one touched since skips the open's checks.
 *
 * A restart closes the provider and opens it again on the same file: the
 * sweep does it in every run, and the reopen's checks (quick_check reading
 * every page, the schema read and compared with the template's) were most
 * of it. Those checks are functions of the file's bytes alone when there
 * is no WAL file beside it (a clean close checkpoints and deletes it). So
 * at close the bytes of a file whose schema is the template's are kept
 * (small files only), and an open of the same path whose bytes are still
 * exactly those, with no WAL file, would get the same answers: it skips
 * them. The bytes kept are the database's image taken through the
 * connection just before its close (sqlite3_serialize: the pages the
 * close's checkpoint leaves in the file), not read back from the file
 * after it: five system calls and a copy less at every close, most of all
 * at a run's last close, whose file is removed unopened. An image that
 * differs from what the close left (a close that failed to checkpoint)
 * only makes the next open check the long way. Any change, by anyone (a test damaging the file,
 * another process writing it), makes the bytes differ and the open checks as before. Nothing else
 * is skipped: the WAL pragmas still run, and every statement is prepared against the file's own
 * schema at its first use.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ref_store_int.h"

/* Enough for the stores a process restarts at once (a run has one). */
#define KNOWN_MAX 4
/* A job store of a run is a few pages; bigger files are checked. */
#define KNOWN_BYTES_MAX (256 * 1024)

typedef struct known {
	char *path;
	unsigned char *bytes;
	size_t n;
} known;

static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;
static known kept[KNOWN_MAX];
static size_t next_slot;

static void known_clear(known *k)
{
	free(k->path);
	sqlite3_free(k->bytes);
	memset(k, 0, sizeof *k);
}

/* The whole file at path into a new buffer (*n bytes); NULL when it
 * cannot be read or is larger than KNOWN_BYTES_MAX. */
static unsigned char *slurp(const char *path, size_t *n)
{
	struct stat st;
	unsigned char *b = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > KNOWN_BYTES_MAX)
		goto out;
	if (!(b = malloc((size_t)st.st_size)))
		goto out;
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, b + got, (size_t)st.st_size - got);
		if (r <= 0) {
			free(b);
			b = NULL;
			goto out;
		}
		got += (size_t)r;
	}
	*n = got;
out:
	(void)close(fd); /* read-only: nothing to lose */
	return b;
}

bool ref_store_file_exists(const char *path, const char *suffix)
{
	char f[4096];
	struct stat st;
	int n = snprintf(f, sizeof f, "%s%s", path, suffix);

	if (n < 0 || (size_t)n >= sizeof f)
		return true;
	return lstat(f, &st) == 0 || errno != ENOENT;
}

static known *find(const char *path)
{
	for (size_t i = 0; i < KNOWN_MAX; i++)
		if (kept[i].path && strcmp(kept[i].path, path) == 0)
			return &kept[i];
	return NULL;
}

unsigned char *ref_store_known_image(sqlite3 *db, size_t *n)
{
	sqlite3_int64 len = 0;
	unsigned char *img = sqlite3_serialize(db, "main", &len, 0);

	if (img && len > 0 && len <= KNOWN_BYTES_MAX) {
		*n = (size_t)len;
		return img;
	}
	sqlite3_free(img);
	return NULL;
}

void ref_store_known_put(const char *path, unsigned char *img, size_t n)
{
	known k = {.bytes = img, .n = n};

	if (!img || !(k.path = strdup(path))) {
		known_clear(&k);
		return;
	}
	(void)pthread_mutex_lock(&known_lock); /* a default mutex: cannot fail */
	known *slot = find(path);
	if (!slot) {
		slot = &kept[next_slot];
		next_slot = (next_slot + 1) % KNOWN_MAX;
	}
	known_clear(slot);
	*slot = k;
	(void)pthread_mutex_unlock(&known_lock); /* held by us: cannot fail */
}

bool ref_store_known_take(const char *path)
{
	known k = {0};
	bool same = false;
	/* prov/store/open: the bytes cannot be compared, so the open checks
	 * the file the long way (what is kept is forgotten all the same). */
	bool unsure = ref_open_fault() != 0;

	(void)pthread_mutex_lock(&known_lock); /* a default mutex: cannot fail */
	known *slot = find(path);
	if (slot) {
		k = *slot;
		memset(slot, 0, sizeof *slot);
	}
	(void)pthread_mutex_unlock(&known_lock); /* held by us: cannot fail */
	if (k.path && !ref_store_file_exists(path, "-wal")) {
		size_t n = 0;
		unsigned char *now = slurp(path, &n);
		same = now && n == k.n && memcmp(now, k.bytes, n) == 0;
		free(now);
	}
	known_clear(&k);
	return same && !unsure;
}

/* Freed at exit (or dlclose), so leak checkers see nothing left behind. */
__attribute__((destructor)) static void known_free(void)
{
	for (size_t i = 0; i < KNOWN_MAX; i++)
		known_clear(&kept[i]);
}
