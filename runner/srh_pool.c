/*
 * srh_pool.c - forked, watchdogged, parallel runs (see srh_pool.h).
 */
#include "srh_pool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh_util.h"
#include "srh_wire.h"

#define POOL_MAX_JOBS 64u
#define OUTPUT_TAIL 2048

typedef struct slot {
	bool busy;
	pid_t pid;
	int fd;	    /* read end of the result pipe */
	int cap_fd; /* the child's stdout and stderr */
	size_t idx;
	double start, deadline;
	unsigned char *buf;
	size_t n, cap;
	bool killed, overflow;
	char dir[PATH_MAX];
} slot;

static volatile sig_atomic_t pool_stop;

static void on_stop(int sig)
{
	(void)sig;
	pool_stop = 1;
}

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

/* The directory holds only files the run made (job store, captured output):
 * one level to remove. */
static void dir_remove(const char *dir)
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
}

/* ---- results that the child could not give ------------------------------- */

static void identity(srh_result *r, const srh_unit *u, const srh_run_opts *ro)
{
	int fail = 0;

	r->name = srh_strdup(u->name, &fail);
	r->file = srh_strdup(u->file, &fail);
	r->job_kind = srh_strdup(u->job_kind, &fail);
	r->seed = ro->has_seed ? ro->seed : u->seed;
	r->truncated = fail != 0;
}

static void error_result(srh_result *r, const srh_unit *u, const srh_run_opts *ro, srh_verdict v,
			 const char *reason)
{
	srh_result_init(r);
	identity(r, u, ro);
	r->verdict = v;
	srh_result_reason(r, "%s", reason);
}

/* The last OUTPUT_TAIL bytes the child wrote, NULs made visible (the wire
 * refuses NUL inside a string). */
static char *capture_tail(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);
	off_t from = end > OUTPUT_TAIL ? end - OUTPUT_TAIL : 0;
	char *s;
	ssize_t n;

	if (end <= 0 || lseek(fd, from, SEEK_SET) < 0 || !(s = malloc(OUTPUT_TAIL + 1)))
		return NULL;
	n = read(fd, s, OUTPUT_TAIL);
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

/* ---- the child ----------------------------------------------------------- */

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void child_io(int cap_fd)
{
	int null = open("/dev/null", O_RDONLY);

	if (null >= 0) {
		(void)dup2(null, STDIN_FILENO);
		close(null);
	}
	/* If these fail the provider's output goes to our terminal: ugly but
	 * harmless to the result, which travels through the pipe. */
	(void)dup2(cap_fd, STDOUT_FILENO);
	(void)dup2(cap_fd, STDERR_FILENO);
	close(cap_fd);
}

static _Noreturn void child_main(const srh_unit *u, const srh_run_opts *ro, int wfd, int cap_fd,
				 const char *dir, const slot *slots, unsigned ns)
{
	srh_run_opts o = *ro;
	unsigned char *buf = NULL;
	size_t len = 0;
	srh_result r;
	int rc;

	(void)setpgid(0, 0);
	(void)signal(SIGINT, SIG_DFL);
	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGPIPE, SIG_DFL);
	for (unsigned i = 0; i < ns; i++)
		if (slots[i].busy) {
			close(slots[i].fd);
			close(slots[i].cap_fd);
		}
	child_io(cap_fd);
	o.workdir = dir;
	double t0 = srh_wall_now();
	u->fn(u->arg, &o, &r);
	r.wall_s = srh_wall_now() - t0;
	rc = srh_wire_encode(&r, &buf, &len) == 0 && write_all(wfd, buf, len) == 0 ? 0 : 3;
	free(buf);
	srh_result_free(&r);
	close(wfd);
	_exit(rc);
}

/* ---- the parent ---------------------------------------------------------- */

static int slot_start(slot *s, size_t idx, const srh_unit *u, const srh_run_opts *ro,
		      double timeout, const slot *slots, unsigned ns, char *err, size_t errlen)
{
	char cap[PATH_MAX + 16];
	int p[2] = {-1, -1};

	memset(s, 0, sizeof(*s));
	s->fd = s->cap_fd = -1;
	if (dir_make(s->dir, sizeof(s->dir)) != 0) {
		snprintf(err, errlen, "cannot make a work directory: %s", strerror(errno));
		return -1;
	}
	snprintf(cap, sizeof(cap), "%s/output", s->dir);
	s->cap_fd = open(cap, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (s->cap_fd < 0 || pipe(p) != 0) {
		snprintf(err, errlen, "cannot set up the child: %s", strerror(errno));
		goto fail;
	}
	(void)fflush(NULL); /* nothing buffered may be written twice */
	s->pid = fork();
	if (s->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (s->pid == 0) {
		close(p[0]);
		child_main(u, ro, p[1], s->cap_fd, s->dir, slots, ns);
	}
	(void)setpgid(s->pid, s->pid); /* either side may win the race */
	close(p[1]);
	s->fd = p[0];
	s->busy = true;
	s->idx = idx;
	s->start = srh_wall_now();
	s->deadline = s->start + timeout;
	return 0;
fail:
	if (p[0] >= 0) {
		close(p[0]);
		close(p[1]);
	}
	if (s->cap_fd >= 0)
		close(s->cap_fd);
	s->cap_fd = -1;
	dir_remove(s->dir);
	return -1;
}

/* Read what is there. Returns 1 at EOF, 0 otherwise. */
static int slot_read(slot *s)
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

static void slot_kill(slot *s)
{
	(void)kill(-s->pid, SIGKILL);
	(void)kill(s->pid, SIGKILL);
}

/* Wait for the child without reaping it, so its process group id stays
 * ours while what it left behind (a provider's own children) is killed. */
static int slot_reap(slot *s)
{
	siginfo_t si;
	int st = 0;

	while (waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOWAIT) != 0 && errno == EINTR)
		;
	(void)kill(-s->pid, SIGKILL);
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

static void slot_result(slot *s, int st, const srh_unit *u, const srh_run_opts *ro, double timeout,
			srh_result *r)
{
	char why[256], sig[32];

	if (s->killed) {
		snprintf(why, sizeof(why), "no result within %gs: killed by the watchdog", timeout);
		error_result(r, u, ro, SRH_HANG, why);
	} else if (WIFSIGNALED(st)) {
		snprintf(why, sizeof(why), "killed by %s",
			 srh_signal_name(WTERMSIG(st), sig, sizeof(sig)));
		error_result(r, u, ro, SRH_CRASH, why);
		r->signal = WTERMSIG(st);
	} else if (s->overflow) {
		error_result(r, u, ro, SRH_ERROR, "result larger than the limit");
	} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(why, sizeof(why), "exited with status %d without a result",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		error_result(r, u, ro, SRH_ERROR, why);
	} else if (srh_wire_decode(s->buf, s->n, r, why, sizeof(why)) != 0) {
		error_result(r, u, ro, SRH_ERROR, why);
	} else if (!r->name || !u->name || strcmp(r->name, u->name) != 0) {
		srh_result_free(r);
		error_result(r, u, ro, SRH_ERROR, "the child's result names another scenario");
	}
	r->wall_s = srh_wall_now() - s->start;
	if (r->verdict >= SRH_CRASH && !r->output)
		r->output = capture_tail(s->cap_fd);
}

static void slot_finish(slot *s, const srh_unit *u, const srh_run_opts *ro, double timeout,
			srh_result *r)
{
	int st;

	close(s->fd);
	if (s->overflow)
		slot_kill(s);
	st = slot_reap(s);
	slot_result(s, st, u, ro, timeout, r);
	close(s->cap_fd);
	dir_remove(s->dir);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static int poll_timeout_ms(const slot *slots, unsigned ns)
{
	double now = srh_wall_now(), soonest = -1;

	for (unsigned i = 0; i < ns; i++)
		if (slots[i].busy && (soonest < 0 || slots[i].deadline < soonest))
			soonest = slots[i].deadline;
	if (soonest < 0)
		return 1000;
	if (soonest <= now)
		return 0;
	return (int)((soonest - now) * 1000.0) + 1;
}

typedef struct pool {
	const srh_unit *units;
	size_t n, next, done_n;
	const srh_pool_opts *po;
	const srh_run_opts *ro;
	srh_result *results;
	srh_done_fn done;
	void *ctx;
	slot slots[POOL_MAX_JOBS];
	unsigned ns;
	int status;
} pool;

static void pool_done(pool *p, slot *s)
{
	size_t idx = s->idx;

	slot_finish(s, &p->units[idx], p->ro, p->po->timeout_s, &p->results[idx]);
	p->done_n++;
	if (p->done)
		p->done(p->ctx, idx, &p->results[idx]);
}

static void pool_fill(pool *p)
{
	char err[256];

	for (unsigned i = 0; i < p->ns && p->next < p->n && !pool_stop; i++) {
		size_t idx;
		if (p->slots[i].busy)
			continue;
		idx = p->next++;
		if (slot_start(&p->slots[i], idx, &p->units[idx], p->ro, p->po->timeout_s, p->slots,
			       p->ns, err, sizeof(err)) != 0) {
			error_result(&p->results[idx], &p->units[idx], p->ro, SRH_ERROR, err);
			p->status = -1;
			p->done_n++;
			if (p->done)
				p->done(p->ctx, idx, &p->results[idx]);
		}
	}
}

static void pool_wait(pool *p)
{
	struct pollfd fds[POOL_MAX_JOBS];
	unsigned map[POOL_MAX_JOBS], nf = 0;
	int r;

	for (unsigned i = 0; i < p->ns; i++)
		if (p->slots[i].busy) {
			fds[nf] = (struct pollfd){p->slots[i].fd, POLLIN, 0};
			map[nf++] = i;
		}
	if (nf == 0)
		return;
	r = poll(fds, nf, poll_timeout_ms(p->slots, p->ns));
	if (r < 0 && errno != EINTR) {
		fprintf(stderr, "srh: poll: %s\n", strerror(errno));
		return;
	}
	for (unsigned k = 0; r > 0 && k < nf; k++) {
		slot *s = &p->slots[map[k]];
		if (fds[k].revents && slot_read(s))
			pool_done(p, s);
	}
	for (unsigned i = 0; i < p->ns; i++) {
		slot *s = &p->slots[i];
		if (s->busy && srh_wall_now() >= s->deadline) {
			slot_kill(s);
			s->killed = true;
			pool_done(p, s);
		}
	}
}

/* Ctrl-C: kill what runs; what did not run says so. */
static void pool_interrupt(pool *p)
{
	for (unsigned i = 0; i < p->ns; i++) {
		slot *s = &p->slots[i];
		if (!s->busy)
			continue;
		slot_kill(s);
		close(s->fd);
		(void)slot_reap(s);
		close(s->cap_fd);
		dir_remove(s->dir);
		free(s->buf);
		error_result(&p->results[s->idx], &p->units[s->idx], p->ro, SRH_ERROR,
			     "interrupted");
		memset(s, 0, sizeof(*s));
	}
	for (; p->next < p->n; p->next++)
		error_result(&p->results[p->next], &p->units[p->next], p->ro, SRH_ERROR,
			     "interrupted");
	p->status = -1;
}

static int run_forked(pool *p)
{
	struct sigaction sa, old_int, old_term;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	pool_stop = 0;
	(void)sigaction(SIGINT, &sa, &old_int);
	(void)sigaction(SIGTERM, &sa, &old_term);
	while (p->done_n < p->n && !pool_stop) {
		pool_fill(p);
		pool_wait(p);
	}
	if (pool_stop)
		pool_interrupt(p);
	(void)sigaction(SIGINT, &old_int, NULL);
	(void)sigaction(SIGTERM, &old_term, NULL);
	return p->status;
}

static int run_inline(pool *p)
{
	for (size_t i = 0; i < p->n; i++) {
		double t0 = srh_wall_now();
		p->units[i].fn(p->units[i].arg, p->ro, &p->results[i]);
		p->results[i].wall_s = srh_wall_now() - t0;
		if (p->done)
			p->done(p->ctx, i, &p->results[i]);
	}
	return 0;
}

int srh_pool_run(const srh_unit *units, size_t n, const srh_pool_opts *po, const srh_run_opts *ro,
		 srh_result *results, srh_done_fn done, void *ctx)
{
	pool *p = calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return -1;
	for (size_t i = 0; i < n; i++)
		srh_result_init(&results[i]);
	*p = (pool){units, n, 0, 0, po, ro, results, done, ctx, {{0}}, 0, 0};
	p->ns = po->jobs < 1 ? 1 : po->jobs > POOL_MAX_JOBS ? POOL_MAX_JOBS : po->jobs;
	rc = po->no_fork ? run_inline(p) : run_forked(p);
	free(p);
	return rc;
}
