/*
 * srh_stage_store.c - a scenario's job store fixture (provider.store) made
 * into the run's own store file before the provider opens it: a copy, so
 * the fixture is never written, or for a ".sql" fixture the database its
 * SQL text makes, so a damaged or foreign store is kept in the repository
 * as text a reader can review instead of as a binary file. A directory
 * fixture makes an empty directory where the store file would be: a path a
 * provider cannot open as a file at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "srh_stage_int.h"
#include "srh_util.h"
#include "srh/cim_fmt.h"

/* Fixtures are small; a bigger file is a mistake, not a store to copy. */
#define STORE_FROM_MAX (16u << 20)

/* The whole of path, NUL-terminated, in *out (*len bytes). Returns 0, or
 * -1 with err set. */
static int slurp(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	struct stat sb;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;

	if (fd < 0 || fstat(fd, &sb) != 0) {
		cim_fmt(err, errlen, "provider.store: cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > STORE_FROM_MAX) {
		cim_fmt(err, errlen, "provider.store: %s is not a regular file of at most %u bytes",
			path, STORE_FROM_MAX);
		goto out;
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		cim_fmt(err, errlen, "provider.store: out of memory");
		goto out;
	}
	if (sb.st_size > 0 && srh_read_all(fd, buf, (size_t)sb.st_size) != 0) {
		cim_fmt(err, errlen, "provider.store: cannot read %s: %s", path,
			errno ? strerror(errno) : "it shrank while read");
		goto out;
	}
	buf[sb.st_size] = '\0';
	*len = (size_t)sb.st_size;
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (fd >= 0)
		(void)close(fd);
	return rc;
}

static int copy_bytes(const char *buf, size_t len, const char *to, char *err, size_t errlen)
{
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), rc = -1;

	if (fd < 0 || srh_write_all(fd, buf, len) != 0) {
		cim_fmt(err, errlen, "provider.store: cannot write %s: %s", to, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		cim_fmt(err, errlen, "provider.store: cannot write %s: %s", to, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int run_sql(const char *sql, const char *from, const char *to, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *emsg = NULL;
	int rc = -1;

	if (sqlite3_open_v2(to, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		cim_fmt(err, errlen, "provider.store: cannot make %s: %s", to,
			db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (sqlite3_exec(db, sql, NULL, NULL, &emsg) != SQLITE_OK) {
		cim_fmt(err, errlen, "provider.store: %s: %s", from,
			emsg ? emsg : sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_free(emsg);
	/* Every statement is done, so close cannot be busy: its answer adds
	 * nothing. */
	(void)sqlite3_close(db);
	return rc;
}

int srh_stage_store_from(const char *from, const char *to, char *err, size_t errlen)
{
	size_t n = strlen(from), len = 0;
	char *buf = NULL;
	struct stat sb;
	int rc = -1;

	if (stat(from, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		rc = mkdir(to, 0700);
		if (rc != 0)
			snprintf(err, errlen, "provider.store: cannot make %s: %s", to,
				 strerror(errno));
		return rc;
	}
	if (slurp(from, &buf, &len, err, errlen) != 0)
		goto out;
	if (n > 4 && strcmp(from + n - 4, ".sql") == 0)
		rc = run_sql(buf, from, to, err, errlen);
	else
		rc = copy_bytes(buf, len, to, err, errlen);
out:
	free(buf);
	return rc;
}
