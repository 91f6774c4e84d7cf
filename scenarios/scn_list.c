/*
 * scn_list.c - finding scenario files on disk in a stable order, and
 * selecting scenarios by a glob on their name.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scn.h"

typedef struct list {
	char **v;
	size_t n, cap;
	char *err;
	size_t errlen;
} list;

static int push(list *l, const char *path)
{
	char *dup;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			goto oom;
		l->v = nv;
		l->cap = cap;
	}
	if (!(dup = strdup(path)))
		goto oom;
	l->v[l->n++] = dup;
	return 0;
oom:
	(void)snprintf(l->err, l->errlen, "%s: out of memory", path);
	return -1;
}

static bool is_scenario(const char *name)
{
	size_t len = strlen(name);

	return (len > 5 && strcmp(name + len - 5, ".yaml") == 0) ||
	       (len > 4 && strcmp(name + len - 4, ".yml") == 0);
}

static int walk(list *l, const char *dir, int depth);

static int visit(list *l, const char *dir, const char *name, int depth)
{
	struct stat st;
	char *path;
	int rc = -1;
	size_t len = strlen(dir) + strlen(name) + 2;

	if (!(path = malloc(len))) {
		(void)snprintf(l->err, l->errlen, "%s: out of memory", dir);
		return -1;
	}
	(void)snprintf(path, len, "%s/%s", dir, name);
	if (stat(path, &st) != 0) {
		(void)snprintf(l->err, l->errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode))
		rc = walk(l, path, depth + 1);
	else if (S_ISREG(st.st_mode) && is_scenario(name))
		rc = push(l, path);
	else
		rc = 0;
out:
	free(path);
	return rc;
}

static int walk(list *l, const char *dir, int depth)
{
	struct dirent *de;
	DIR *d;
	int rc = 0;

	/* Deep trees are a symlink loop, not a scenario suite. */
	if (depth > 32) {
		(void)snprintf(l->err, l->errlen, "%s: directories nested too deep", dir);
		return -1;
	}
	if (!(d = opendir(dir))) {
		(void)snprintf(l->err, l->errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (errno = 0; rc == 0 && (de = readdir(d)); errno = 0)
		if (de->d_name[0] != '.')
			rc = visit(l, dir, de->d_name, depth);
	if (rc == 0 && errno != 0) {
		(void)snprintf(l->err, l->errlen, "%s: %s", dir, strerror(errno));
		rc = -1;
	}
	if (closedir(d) != 0 && rc == 0) {
		(void)snprintf(l->err, l->errlen, "%s: %s", dir, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int scn_list_dir(const char *path, char ***paths, size_t *n, char *err, size_t errlen)
{
	char dummy[1];
	list l = {NULL, 0, 0, err, errlen};
	struct stat st;
	int rc = -1;

	*paths = NULL;
	*n = 0;
	if (!err || errlen == 0) {
		l.err = dummy;
		l.errlen = sizeof(dummy);
	}
	if (stat(path, &st) != 0) {
		(void)snprintf(l.err, l.errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode) ? walk(&l, path, 0) : push(&l, path))
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_path);
	*paths = l.v;
	*n = l.n;
	l.v = NULL;
	l.n = 0;
	rc = 0;
out:
	scn_list_free(l.v, l.n);
	return rc;
}

void scn_list_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

bool scn_name_matches(const char *name, const char *glob)
{
	return !glob || fnmatch(glob, name, 0) == 0;
}
