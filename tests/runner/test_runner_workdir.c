/*
 * test_runner_workdir.c - scratch directories named after their maker, and
 * the sweep of those whose maker died (runner/srh_workdir.h).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh_workdir.h"

/* A pid that was alive a moment ago and is not now: a reaped child. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	return pid;
}

/* tmp/name as a directory holding one file, as a worker leaves it. */
static void leftover(const char *tmp, const char *name)
{
	char p[512];

	snprintf(p, sizeof p, "%s/%s", tmp, name);
	cr_assert_eq(mkdir(p, 0700), 0, "mkdir %s", p);
	snprintf(p, sizeof p, "%s/%s/jobs.db", tmp, name);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(close(fd), 0);
}

static bool present(const char *tmp, const char *name)
{
	char p[512];

	snprintf(p, sizeof p, "%s/%s", tmp, name);
	return access(p, F_OK) == 0;
}

static void rm_tree(const char *tmp)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	cr_assert_eq(system(cmd), 0);
}

Test(workdir, sweep_removes_only_dead_makers_directories)
{
	char tmp[] = "/tmp/srh-wdtest-XXXXXX";
	char dead[64], dead_run[64], live[64], short_name[64], other[64], file[64], owned[64];
	pid_t d = dead_pid();

	cr_assert_not_null(mkdtemp(tmp));
	snprintf(dead, sizeof dead, "srh-%ld-a1b2c3", (long)d);
	snprintf(dead_run, sizeof dead_run, "srh-run-%ld-Zz09xy", (long)d);
	snprintf(live, sizeof live, "srh-%ld-a1b2c3", (long)getpid());
	snprintf(short_name, sizeof short_name, "srh-%ld-abc", (long)d);
	snprintf(other, sizeof other, "tmp-%ld-a1b2c3", (long)d);
	snprintf(owned, sizeof owned, "srh-run-%ld-q1w2e3", (long)d);
	leftover(tmp, dead);
	leftover(tmp, dead_run);
	leftover(tmp, live);
	leftover(tmp, short_name);
	leftover(tmp, other);
	/* a plain file with a dead maker's name is not a directory of ours */
	snprintf(file, sizeof file, "%s/srh-%ld-f1le00", tmp, (long)d);
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(close(fd), 0);
	/* another user's directory stays (only root can make one here) */
	bool foreign = geteuid() == 0;
	if (foreign) {
		char p[512];
		leftover(tmp, owned);
		snprintf(p, sizeof p, "%s/%s", tmp, owned);
		cr_assert_eq(chown(p, 65534, 65534), 0);
	}

	cr_expect_eq(srh_workdir_sweep(tmp), 2);
	cr_expect_not(present(tmp, dead), "%s left", dead);
	cr_expect_not(present(tmp, dead_run), "%s left", dead_run);
	cr_expect(present(tmp, live), "a live maker's directory removed");
	cr_expect(present(tmp, short_name), "a name srh does not make removed");
	cr_expect(present(tmp, other), "a name srh does not make removed");
	cr_expect_eq(access(file, F_OK), 0, "a plain file removed");
	if (foreign)
		cr_expect(present(tmp, owned), "another user's directory removed");
	rm_tree(tmp);
}

Test(workdir, first_make_sweeps_then_names_after_this_process)
{
	char tmp[] = "/tmp/srh-wdtest-XXXXXX";
	char dead[64], dir[512], want[512];

	cr_assert_not_null(mkdtemp(tmp));
	snprintf(dead, sizeof dead, "srh-%ld-000000", (long)dead_pid());
	leftover(tmp, dead);
	cr_assert_eq(setenv("TMPDIR", tmp, 1), 0);

	cr_assert_eq(srh_workdir_make(dir, sizeof dir, "run-"), 0);
	cr_expect_not(present(tmp, dead), "the dead maker's directory left at the first make");
	snprintf(want, sizeof want, "%s/srh-run-%ld-", tmp, (long)getpid());
	cr_expect_eq(strncmp(dir, want, strlen(want)), 0, "%s not named %sXXXXXX", dir, want);
	cr_expect_eq(strlen(dir), strlen(want) + 6);
	struct stat sb;
	cr_assert_eq(stat(dir, &sb), 0);
	cr_expect(S_ISDIR(sb.st_mode));
	cr_expect_eq(sb.st_mode & 0777, 0700, "a scratch directory others can read");

	/* the sweep ran once: a later leftover waits for the next process */
	leftover(tmp, dead);
	char dir2[512];
	cr_assert_eq(srh_workdir_make(dir2, sizeof dir2, ""), 0);
	cr_expect(present(tmp, dead), "swept twice in one process");
	cr_expect_neq(strcmp(dir, dir2), 0);

	char f[600];
	snprintf(f, sizeof f, "%s/jobs.db", dir2);
	int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(close(fd), 0);
	srh_workdir_remove(dir2);
	srh_workdir_remove(dir);
	cr_expect_neq(access(dir2, F_OK), 0, "%s left after remove", dir2);
	cr_expect_neq(access(dir, F_OK), 0, "%s left after remove", dir);
	rm_tree(tmp);
}

Test(workdir, too_long_a_path_is_an_error)
{
	char dir[16] = "x";

	cr_assert_eq(setenv("TMPDIR", "/tmp/a-rather-long-directory-name", 1), 0);
	cr_expect_eq(srh_workdir_make(dir, sizeof dir, ""), -1);
	cr_expect_str_eq(dir, "");
}
