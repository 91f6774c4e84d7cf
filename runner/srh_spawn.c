/*
 * srh_spawn.c - the one fork site (see srh_spawn.h).
 */
#include "srh_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void child_io(int out_fd)
{
	int null = open("/dev/null", O_RDWR);

	/* If these fail the child's output goes to our terminal: ugly but
	 * harmless to any result, which travels through the channel. */
	if (null >= 0)
		(void)dup2(null, STDIN_FILENO);
	if (out_fd == SRH_SPAWN_NULL)
		out_fd = null;
	if (out_fd >= 0 && out_fd != SRH_SPAWN_INHERIT) {
		(void)dup2(out_fd, STDOUT_FILENO);
		(void)dup2(out_fd, STDERR_FILENO);
	}
	if (null > STDERR_FILENO)
		close(null);
	if (out_fd > STDERR_FILENO && out_fd != null)
		close(out_fd);
}

int srh_spawn(const srh_spawn_opts *o, srh_child_fn fn, void *arg, srh_child *c, char *err,
	      size_t errlen)
{
	int sv[2] = {-1, -1};
	pid_t pid;

	c->pid = -1;
	c->fd = -1;
	if (o->channel && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	(void)fflush(NULL); /* nothing buffered may be written twice */
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		if (sv[0] >= 0) {
			close(sv[0]);
			close(sv[1]);
		}
		return -1;
	}
	if (pid == 0) {
		if (o->own_group)
			(void)setpgid(0, 0);
		for (size_t i = 0; i < o->n_close; i++)
			if (o->close_fds[i] >= 0)
				close(o->close_fds[i]);
		if (sv[0] >= 0)
			close(sv[0]);
		child_io(o->out_fd);
		_exit(fn(arg, sv[1]));
	}
	if (o->own_group)
		(void)setpgid(pid, pid); /* either side may win the race */
	if (sv[1] >= 0)
		close(sv[1]);
	c->pid = pid;
	c->fd = sv[0];
	return 0;
}

int srh_child_wait(pid_t pid)
{
	int st = 0;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}
