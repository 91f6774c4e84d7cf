/*
 * srh_pool_slot.c - one worker process of the pool, from the parent's
 * side: start it on a unit, read what it sends, kill it, reap it and turn
 * how it ended into the unit's result (see srh_pool.h for the verdicts).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh_pool_int.h"
#include "srh_spawn.h"
#include "srh_util.h"
#include "srh_wire.h"

#define OUTPUT_TAIL 2048

const char *srh_signal_name(int sig, char *buf, size_t len)
{
	static const struct {
		int sig;
		const char *name;
	} names[] = {
	    {SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},	{SIGABRT, "SIGABRT"}, {SIGFPE, "SIGFPE"},
	    {SIGILL, "SIGILL"},	  {SIGKILL, "SIGKILL"}, {SIGTERM, "SIGTERM"}, {SIGTRAP, "SIGTRAP"},
	    {SIGSYS, "SIGSYS"},	  {SIGPIPE, "SIGPIPE"}, {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
	    {SIGINT, "SIGINT"},	  {SIGQUIT, "SIGQUIT"}, {SIGHUP, "SIGHUP"},   {SIGALRM, "SIGALRM"},
	    {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig) {
			snprintf(buf, len, "%s", names[i].name);
			return buf;
		}
	snprintf(buf, len, "signal %d", sig);
	return buf;
}

/* ---- work directories ---------------------------------------------------- */

static int dir_make(char *dir, size_t len)
{
	int n = snprintf(dir, len, "%s/srh-XXXXXX", srh_tmpdir());

	if (n < 0 || (size_t)n >= len || !mkdtemp(dir)) {
		dir[0] = '\0';
		return -1;
	}
	return 0;
}

/* The directory holds only files the worker made (job store, captured
 * output): one level to remove. */
static void dir_remove(char *dir)
{
	DIR *d;
	struct dirent *e;

	if (!dir[0] || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) != 0)
			fprintf(stderr, "srh: cannot remove %s/%s: %s\n", dir, e->d_name,
				strerror(errno));
	closedir(d);
	if (rmdir(dir) != 0)
		fprintf(stderr, "srh: cannot remove %s: %s\n", dir, strerror(errno));
	dir[0] = '\0';
}

/* ---- results that the worker could not give ------------------------------ */

void srh_unit_error(srh_result *r, const srh_request *rq, srh_verdict v, const char *reason)
{
	int fail = 0;

	srh_result_init(r);
	r->name = srh_strdup(rq->name, &fail);
	r->file = srh_strdup(rq->file, &fail);
	r->job_kind = srh_strdup(rq->job_kind, &fail);
	r->seed = rq->seed;
	r->truncated = fail != 0;
	r->verdict = v;
	srh_result_reason(r, "%s", reason);
}

/* The last OUTPUT_TAIL bytes the worker wrote, NULs made visible (the
 * wire refuses NUL inside a string). pread: the worker shares the file
 * offset. */
static char *capture_tail(int fd)
{
	struct stat st;
	off_t from;
	char *s;
	ssize_t n;

	if (fstat(fd, &st) != 0 || st.st_size <= 0 || !(s = malloc(OUTPUT_TAIL + 1)))
		return NULL;
	from = st.st_size > OUTPUT_TAIL ? st.st_size - OUTPUT_TAIL : 0;
	n = pread(fd, s, OUTPUT_TAIL, from);
	if (n <= 0) {
		free(s);
		return NULL;
	}
	for (ssize_t i = 0; i < n; i++)
		if (s[i] == '\0')
			s[i] = '?';
	s[n] = '\0';
	return s;
}

void srh_unit_free(srh_unit *u)
{
	srh_request_free(&u->rq);
	free(u->msg);
	memset(u, 0, sizeof(*u));
}

/* ---- one worker per unit ------------------------------------------------- */

static int send_all(int fd, const unsigned char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int srh_slot_start(srh_slot *s, const srh_slot *all, unsigned ns, srh_unit_fn handler,
		   double timeout_s, char *err, size_t errlen)
{
	int close_fds[2 * SRH_POOL_MAX_JOBS];
	size_t nc = 0;
	char cap[PATH_MAX + 16];
	srh_worker_cfg cfg;
	srh_spawn_opts so;
	srh_child c;

	for (unsigned i = 0; i < ns; i++)
		if (all[i].busy) {
			close_fds[nc++] = all[i].fd;
			close_fds[nc++] = all[i].cap_fd;
		}
	s->fd = s->cap_fd = -1;
	if (dir_make(s->dir, sizeof(s->dir)) != 0) {
		snprintf(err, errlen, "cannot make a work directory: %s", strerror(errno));
		return -1;
	}
	snprintf(cap, sizeof(cap), "%s/output", s->dir);
	s->cap_fd = open(cap, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (s->cap_fd < 0) {
		snprintf(err, errlen, "cannot set up the worker: %s", strerror(errno));
		goto fail;
	}
	cfg = (srh_worker_cfg){handler, s->dir, 1};
	so = (srh_spawn_opts){true, s->cap_fd, true, close_fds, nc};
	if (srh_spawn(&so, srh_worker_main, &cfg, &c, err, errlen) != 0)
		goto fail;
	s->pid = c.pid;
	s->fd = c.fd;
	s->busy = true;
	s->start = srh_wall_now();
	s->deadline = s->start + timeout_s;
	/* A worker that died before reading it shows up at the read, as
	 * whatever killed it. */
	(void)send_all(s->fd, s->u.msg, s->u.len);
	return 0;
fail:
	if (s->cap_fd >= 0)
		close(s->cap_fd);
	s->cap_fd = -1;
	dir_remove(s->dir);
	return -1;
}

/* Read what is there. Returns 1 at EOF, 0 otherwise. */
int srh_slot_read(srh_slot *s)
{
	unsigned char tmp[65536];
	ssize_t r = read(s->fd, tmp, sizeof(tmp));

	if (r < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (r == 0)
		return 1;
	if (s->overflow || s->n + (size_t)r > SRH_WIRE_MAX) {
		s->overflow = true;
		return 1;
	}
	if (s->cap < s->n + (size_t)r) {
		size_t nc = s->cap ? s->cap : sizeof(tmp);
		unsigned char *nb;
		while (nc < s->n + (size_t)r)
			nc *= 2;
		if (!(nb = realloc(s->buf, nc))) {
			s->overflow = true;
			return 1;
		}
		s->buf = nb;
		s->cap = nc;
	}
	memcpy(s->buf + s->n, tmp, (size_t)r);
	s->n += (size_t)r;
	return 0;
}

void srh_slot_kill(srh_slot *s)
{
	(void)kill(-s->pid, SIGKILL);
	(void)kill(s->pid, SIGKILL);
}

/* Wait for the worker without reaping it, so its process group id stays
 * ours while what it left behind (a provider's own children) is killed. */
static int slot_reap(srh_slot *s)
{
	siginfo_t si;

	while (waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOWAIT) != 0 && errno == EINTR)
		;
	(void)kill(-s->pid, SIGKILL);
	return srh_child_wait(s->pid);
}

static void slot_result(srh_slot *s, int st, double timeout, srh_result *r)
{
	const srh_request *rq = &s->u.rq;
	char why[256], sig[32];

	if (s->killed) {
		snprintf(why, sizeof(why), "no result within %gs: killed by the watchdog", timeout);
		srh_unit_error(r, rq, SRH_HANG, why);
	} else if (st != -1 && WIFSIGNALED(st)) {
		snprintf(why, sizeof(why), "killed by %s",
			 srh_signal_name(WTERMSIG(st), sig, sizeof(sig)));
		srh_unit_error(r, rq, SRH_CRASH, why);
		r->signal = WTERMSIG(st);
	} else if (s->overflow) {
		srh_unit_error(r, rq, SRH_ERROR, "result larger than the limit");
	} else if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(why, sizeof(why), "exited with status %d without a result",
			 st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		srh_unit_error(r, rq, SRH_ERROR, why);
	} else if (srh_wire_decode(s->buf, s->n, r, why, sizeof(why)) != 0) {
		srh_unit_error(r, rq, SRH_ERROR, why);
	} else if (!r->name || strcmp(r->name, rq->name) != 0) {
		srh_result_free(r);
		srh_unit_error(r, rq, SRH_ERROR, "the child's result names another scenario");
	}
	r->wall_s = srh_wall_now() - s->start;
	if (r->verdict >= SRH_CRASH && !r->output)
		r->output = capture_tail(s->cap_fd);
}

/* The unit in s is over (EOF, watchdog or stop): its result into *r (when
 * r), the worker gone, the slot free. */
void srh_slot_finish(srh_slot *s, double timeout_s, srh_result *r, uint64_t *id)
{
	int st;

	close(s->fd);
	if (s->overflow || !r)
		srh_slot_kill(s);
	st = slot_reap(s);
	if (r) {
		slot_result(s, st, timeout_s, r);
		*id = s->u.id;
	}
	close(s->cap_fd);
	dir_remove(s->dir);
	free(s->buf);
	srh_unit_free(&s->u);
	memset(s, 0, sizeof(*s));
}
