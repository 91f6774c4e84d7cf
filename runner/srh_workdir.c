/*
 * srh_workdir.c - scratch directories named after their maker, and the
 * removal of those a dead srh left behind (see srh_workdir.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "srh_util.h"
#include "srh_workdir.h"
#include "srh/cim_fmt.h"

#define PREFIX "srh-"

/* Empties a directory one level deep and removes it; quiet is for the
 * sweep, where a file another user's process holds is not our business. */
static int remove_at(int parent, const char *path, const char *name, bool quiet)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) != 0) {
			rc = -1;
			if (!quiet)
				fprintf(stderr, "srh: cannot remove %s/%s: %s\n", path, e->d_name,
					strerror(errno));
		}
	closedir(d);
	if (unlinkat(parent, name, AT_REMOVEDIR) != 0) {
		rc = -1;
		if (!quiet)
			fprintf(stderr, "srh: cannot remove %s: %s\n", path, strerror(errno));
	}
	return rc;
}

void srh_workdir_remove(const char *dir)
{
	if (dir[0])
		(void)remove_at(AT_FDCWD, dir, dir, false);
}

/* The maker's pid of a name srh_workdir_make gives
 * ("srh-" ["run-"] digits "-" six characters), or 0 for any other name. */
static pid_t maker_of(const char *name)
{
	const char *p = name + strlen(PREFIX);
	long pid = 0;

	if (strncmp(name, PREFIX, strlen(PREFIX)) != 0)
		return 0;
	if (strncmp(p, "run-", 4) == 0)
		p += 4;
	if (!isdigit((unsigned char)*p))
		return 0;
	for (; isdigit((unsigned char)*p); p++) {
		pid = pid * 10 + (*p - '0');
		if (pid > 1L << 30)
			return 0;
	}
	if (*p != '-' || strlen(p + 1) != 6)
		return 0;
	return (pid_t)pid;
}

int srh_workdir_sweep(const char *tmpdir)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	struct stat sb;
	int removed = 0;
	char path[4096];

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		pid_t pid = maker_of(e->d_name);
		/* Ours only, a directory, and its maker gone: a pid that is
		 * alive (even reused by another program) keeps it. */
		if (pid <= 0 || fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(sb.st_mode) || sb.st_uid != getuid() || kill(pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		cim_fmt(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		if (remove_at(dirfd(d), path, e->d_name, true) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

static pthread_once_t swept = PTHREAD_ONCE_INIT;

static void sweep_once(void)
{
	(void)srh_workdir_sweep(srh_tmpdir());
}

int srh_workdir_make(char *dir, size_t len, const char *kind)
{
	int n;

	(void)pthread_once(&swept, sweep_once);
	n = cim_fmt(dir, len, "%s/" PREFIX "%s%ld-XXXXXX", srh_tmpdir(), kind, (long)getpid());
	if (n < 0 || (size_t)n >= len) {
		dir[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!mkdtemp(dir)) {
		int e = errno;
		dir[0] = '\0';
		errno = e;
		return -1;
	}
	return 0;
}
