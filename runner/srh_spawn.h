/*
 * srh_spawn.h - the one place srh forks. Every child process srh makes
 * (the pool's workers, the precheck that loads a vendor library, bench's
 * process-per-scenario runs and bench_sim's alternating builds) starts
 * here, so what a child must get right is written once: nothing buffered
 * is written twice, stdin is /dev/null, stdout and stderr go where the
 * caller says, descriptors of other children are closed, and a child that
 * is to be killed as a group has its own process group before it runs.
 */
#ifndef SRH_SPAWN_H
#define SRH_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SRH_SPAWN_NULL (-1)    /* out_fd: /dev/null */
#define SRH_SPAWN_INHERIT (-2) /* out_fd: the parent's own stdout/stderr */

typedef struct srh_spawn_opts {
	bool own_group;	      /* the child leads its own process group */
	int out_fd;	      /* the child's stdout and stderr: an fd, or
				 SRH_SPAWN_NULL / SRH_SPAWN_INHERIT */
	bool channel;	      /* a socket pair: the child's end is passed to
				 fn, the parent's is srh_child.fd */
	const int *close_fds; /* the parent's descriptors the child must not
				 hold (other children's channels) */
	size_t n_close;
} srh_spawn_opts;

typedef struct srh_child {
	pid_t pid;
	int fd; /* the parent's end of the channel, -1 without one */
} srh_child;

/* What runs in the child: its return value is the exit status. fd is the
 * child's end of the channel (-1 without one). */
typedef int (*srh_child_fn)(void *arg, int fd);

/*
 * Fork a child that runs fn(arg, fd) and exits with what it returns (fn
 * may also exec or _exit). Returns 0 with *c filled; on failure (socket
 * pair, fork) returns -1, makes no child, leaves *c {-1, -1} and writes a
 * one-line reason into err.
 */
int srh_spawn(const srh_spawn_opts *o, srh_child_fn fn, void *arg, srh_child *c, char *err,
	      size_t errlen);

/* Wait for the child to end and reap it (EINTR retried). Returns its
 * wait status, or -1 when it cannot be waited for. */
int srh_child_wait(pid_t pid);

#endif
