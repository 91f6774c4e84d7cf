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
#include "srh_workdir.h"
#include "srh/cim_fmt.h"

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
			cim_fmt(buf, len, "%s", names[i].name);
			return buf;
		}
	cim_fmt(buf, len, "signal %d", sig);
	return buf;
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

/* The last OUTPUT_TAIL bytes the worker wrote since start, NULs made
 * visible (the wire refuses NUL inside a string). pread: the worker shares
 * the file offset. */
static char *capture_tail(int fd, off_t start)
{
	struct stat st;
	off_t from;
	char *s;
	ssize_t n;

	if (fstat(fd, &st) != 0 || st.st_size <= start || !(s = malloc(OUTPUT_TAIL + 1)))
		return NULL;
	from = st.st_size - start > OUTPUT_TAIL ? st.st_size - OUTPUT_TAIL : start;
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
	srh_result_free(&u->first);
	free(u->msg);
	memset(u, 0, sizeof(*u));
}

/* ---- a worker ------------------------------------------------------------ */

int srh_pool_send_all(int fd, const unsigned char *b, size_t n)
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

/* Make the worker gone: close the channel, kill it when asked, reap it.
 * Returns its wait status (-1 when there was none). */
static int slot_stop(srh_slot *s, bool kill_it)
{
	int st = -1;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid > 0) {
		if (kill_it)
			srh_slot_kill(s);
		st = slot_reap(s);
	}
	s->pid = 0;
	return st;
}

/* And what it leaves: its captured output and work directory. */
static int slot_end(srh_slot *s, bool kill_it)
{
	int st = slot_stop(s, kill_it);

	if (s->cap_fd >= 0)
		close(s->cap_fd);
	s->cap_fd = -1;
	srh_workdir_remove(s->dir);
	s->dir[0] = '\0';
	return st;
}

void srh_slot_retire(srh_slot *s)
{
	if (s->pid > 0)
		(void)slot_end(s, true);
	free(s->buf);
	memset(s, 0, sizeof(*s));
	s->fd = s->cap_fd = -1;
}

/* A worker for s, to run max_runs units. */
static int slot_spawn(srh_slot *s, const srh_slot *all, unsigned ns, const srh_slot_cfg *sc,
		      unsigned max_runs, char *err, size_t errlen)
{
	int close_fds[2 * SRH_POOL_MAX_JOBS];
	size_t nc = 0;
	char cap[PATH_MAX + 16];
	srh_worker_cfg cfg;
	srh_spawn_opts so;
	srh_child c;

	for (unsigned i = 0; i < ns; i++)
		if (all[i].pid > 0 && &all[i] != s) {
			close_fds[nc++] = all[i].fd;
			close_fds[nc++] = all[i].cap_fd;
		}
	s->fd = s->cap_fd = -1;
	if (srh_workdir_make(s->dir, sizeof(s->dir), "") != 0) {
		cim_fmt(err, errlen, "cannot make a work directory: %s", strerror(errno));
		return -1;
	}
	cim_fmt(cap, sizeof(cap), "%s/output", s->dir);
	s->cap_fd = open(cap, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (s->cap_fd < 0) {
		cim_fmt(err, errlen, "cannot set up the worker: %s", strerror(errno));
		goto fail;
	}
	cfg = (srh_worker_cfg){sc->handler, s->dir, max_runs};
	so = (srh_spawn_opts){true, s->cap_fd, true, close_fds, nc};
	if (srh_spawn(&so, srh_worker_main, &cfg, &c, err, errlen) != 0)
		goto fail;
	s->pid = c.pid;
	s->born = sc->submitted;
	s->fd = c.fd;
	s->runs = 0;
	s->max_runs = max_runs;
	return 0;
fail:
	(void)slot_end(s, false);
	return -1;
}

/* Has the idle worker of s died since its last result (a provider's
 * thread, a leak that ran out)? Then it must not take the next unit. */
static bool slot_dead(srh_slot *s)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid != 0;
}

/* Send s->u. Its model is an address in this process, which a worker
 * forked before the unit was submitted does not hold: that one gets the
 * request without it, and parses. */
static void send_unit(srh_slot *s)
{
	srh_request rq = s->u.rq;
	unsigned char *msg = NULL;
	size_t len = 0;

	if (!rq.model || s->u.id < s->born) {
		(void)srh_pool_send_all(s->fd, s->u.msg, s->u.len);
		return;
	}
	rq.model = NULL;
	/* Encoding failed: nothing sent, the worker's closed channel or
	 * the watchdog ends the unit as ERROR or HANG. */
	if (srh_wire_encode_request(&rq, &msg, &len) == 0)
		(void)srh_pool_send_all(s->fd, msg, len);
	free(msg);
}

int srh_slot_start(srh_slot *s, const srh_slot *all, unsigned ns, const srh_slot_cfg *cfg,
		   char *err, size_t errlen)
{
	unsigned share = cfg->worker_runs > 1 ? cfg->worker_runs : 1;
	struct stat st;

	if (s->pid > 0 && (s->u.confirm || s->max_runs == 1 ||
			   (s->max_runs && s->runs >= s->max_runs) || slot_dead(s)))
		(void)slot_end(s, true);
	if (s->pid == 0 && slot_spawn(s, all, ns, cfg, s->u.confirm ? 1 : share, err, errlen) != 0)
		return -1;
	if (!s->u.confirm)
		s->u.prior = s->runs;
	s->runs++;
	s->busy = true;
	s->killed = s->overflow = false;
	s->n = 0;
	s->cap_from = fstat(s->cap_fd, &st) == 0 ? st.st_size : 0;
	s->start = srh_wall_now();
	s->deadline = s->start + cfg->timeout_s;
	/* A worker that died before reading it shows up at the read, as
	 * whatever killed it. */
	send_unit(s);
	return 0;
}

/* Is a whole message in? Its length in *total. */
static bool slot_whole(const srh_slot *s, size_t *total)
{
	return srh_wire_frame(s->buf, s->n, total) == 0 && s->n >= *total;
}

int srh_slot_read(srh_slot *s)
{
	unsigned char tmp[65536];
	size_t total;
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
	/* A worker that runs one unit is judged at its end (a crash after
	 * its result is still a CRASH); one that stays, by its message. */
	return s->max_runs != 1 && slot_whole(s, &total);
}

/* A result from what the worker sent (whole) or how it ended (st). */
static void slot_result(srh_slot *s, bool whole, int st, double timeout, srh_result *r)
{
	const srh_request *rq = &s->u.rq;
	char why[256], sig[32];

	if (s->killed) {
		cim_fmt(why, sizeof(why), "no result within %gs: killed by the watchdog", timeout);
		srh_unit_error(r, rq, SRH_HANG, why);
	} else if (!whole && st != -1 && WIFSIGNALED(st)) {
		cim_fmt(why, sizeof(why), "killed by %s",
			srh_signal_name(WTERMSIG(st), sig, sizeof(sig)));
		srh_unit_error(r, rq, SRH_CRASH, why);
		r->signal = WTERMSIG(st);
	} else if (s->overflow) {
		srh_unit_error(r, rq, SRH_ERROR, "result larger than the limit");
	} else if (!whole && (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
		cim_fmt(why, sizeof(why), "exited with status %d without a result",
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
		r->output = capture_tail(s->cap_fd, s->cap_from);
}

void srh_slot_finish(srh_slot *s, double timeout_s, srh_result *r, srh_unit *u)
{
	size_t total = 0;
	bool whole = r && s->max_runs != 1 && !s->killed && !s->overflow && slot_whole(s, &total);
	/* Bytes past the result: the channel is no longer to be trusted. */
	bool stays = whole && s->n == total && (!s->max_runs || s->runs < s->max_runs);
	int st = -1;

	if (!stays)
		st = slot_stop(s, s->overflow || !r || whole);
	if (r) {
		slot_result(s, whole, st, timeout_s, r);
		if (stays && r->verdict == SRH_ERROR)
			(void)slot_stop(s, true); /* it sent something unreadable */
	}
	if (s->pid == 0)
		(void)slot_end(s, false);
	if (u)
		*u = s->u;
	else
		srh_unit_free(&s->u);
	memset(&s->u, 0, sizeof(s->u));
	s->busy = false;
	s->killed = s->overflow = false;
	s->n = 0;
	if (s->pid == 0)
		srh_slot_retire(s);
}
