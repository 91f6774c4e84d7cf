/*
 * srh_pool.c - the pool's parent side: a queue of requests, N worker slots,
 * a watchdog per unit, results in finishing order (see srh_pool.h). The
 * worker's side is srh_worker.c; every worker is made by srh_spawn.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh_pool_int.h"
#include "srh_spawn.h"
#include "srh_util.h"
#include "srh_wire.h"
#include "srh/cim_fmt.h"

/* A result made without a worker (the worker could not be started). */
typedef struct made {
	uint64_t id;
	srh_result r;
} made;

struct srh_pool {
	srh_pool_opts o;
	srh_unit *q; /* waiting units: q[qhead..qn) */
	size_t qhead, qn, qcap;
	made *mk;
	size_t nmk, capmk;
	srh_slot slots[SRH_POOL_MAX_JOBS];
	unsigned ns;
	uint64_t next_id;
	size_t pending;
	bool failed, stopped;
	struct sigaction old_int, old_term;
};

static volatile sig_atomic_t pool_stop;

static void on_stop(int sig)
{
	(void)sig;
	pool_stop = 1;
}

static void made_add(srh_pool *p, srh_unit *u, const char *why)
{
	if (srh_grow((void **)&p->mk, &p->capmk, p->nmk, sizeof(*p->mk)) != 0) {
		/* Without room to say it, the unit is lost: say it here. */
		fprintf(stderr, "srh: %s: %s (and out of memory)\n", u->rq.name, why);
		p->pending--;
	} else {
		p->mk[p->nmk].id = u->id;
		srh_unit_error(&p->mk[p->nmk++].r, &u->rq, SRH_ERROR, why);
	}
	p->failed = true;
	srh_unit_free(u);
}

/* ---- the pool ------------------------------------------------------------ */

int srh_pool_open(const srh_pool_opts *po, srh_pool **out)
{
	srh_pool *p = calloc(1, sizeof(*p));
	struct sigaction sa;

	*out = NULL;
	if (!p)
		return -1;
	p->o = *po;
	p->ns = po->jobs < 1 ? 1 : po->jobs > SRH_POOL_MAX_JOBS ? SRH_POOL_MAX_JOBS : po->jobs;
	if (!po->no_fork) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		pool_stop = 0;
		(void)sigaction(SIGINT, &sa, &p->old_int);
		(void)sigaction(SIGTERM, &sa, &p->old_term);
	}
	*out = p;
	return 0;
}

int srh_pool_submit(srh_pool *p, const srh_request *rq, uint64_t *id)
{
	srh_unit u = {0};

	if (p->qn == p->qcap && p->qhead > 0) { /* reuse the front */
		memmove(p->q, p->q + p->qhead, (p->qn - p->qhead) * sizeof(*p->q));
		p->qn -= p->qhead;
		p->qhead = 0;
	}
	if (srh_grow((void **)&p->q, &p->qcap, p->qn, sizeof(*p->q)) != 0 ||
	    srh_request_copy(&u.rq, rq) != 0)
		return -1;
	if (srh_wire_encode_request(&u.rq, &u.msg, &u.len) != 0) {
		srh_request_free(&u.rq);
		return -1;
	}
	u.id = p->next_id++;
	p->q[p->qn++] = u;
	p->pending++;
	if (id)
		*id = u.id;
	return 0;
}

size_t srh_pool_pending(const srh_pool *p)
{
	return p->pending;
}

bool srh_pool_failed(const srh_pool *p)
{
	return p->failed;
}

/* Start waiting units on free slots. */
static void pool_fill(srh_pool *p)
{
	char err[256];

	for (unsigned i = 0; i < p->ns && p->qhead < p->qn && !pool_stop; i++) {
		srh_slot *s = &p->slots[i];
		srh_slot_cfg cfg = {p->o.handler ? p->o.handler : srh_run_request, p->o.timeout_s,
				    p->o.worker_runs, p->next_id};
		if (s->busy)
			continue;
		s->u = p->q[p->qhead++];
		if (srh_slot_start(s, p->slots, p->ns, &cfg, err, sizeof(err)) != 0) {
			made_add(p, &s->u, err);
			memset(&s->u, 0, sizeof(s->u));
			srh_slot_retire(s);
		}
	}
}

static int poll_ms(const srh_pool *p, double until)
{
	double now = srh_wall_now(), soonest = until;

	for (unsigned i = 0; i < p->ns; i++)
		if (p->slots[i].busy && (soonest < 0 || p->slots[i].deadline < soonest))
			soonest = p->slots[i].deadline;
	if (soonest < 0)
		return 1000;
	if (soonest <= now)
		return 0;
	return (int)((soonest - now) * 1000.0) + 1;
}

/* Ctrl-C: kill what runs, forget what waits. */
static void pool_interrupt(srh_pool *p)
{
	for (unsigned i = 0; i < p->ns; i++) {
		if (p->slots[i].busy)
			srh_slot_finish(&p->slots[i], p->o.timeout_s, NULL, NULL);
		srh_slot_retire(&p->slots[i]);
	}
	for (; p->qhead < p->qn; p->qhead++)
		srh_unit_free(&p->q[p->qhead]);
	for (size_t i = 0; i < p->nmk; i++)
		srh_result_free(&p->mk[i].r);
	p->nmk = 0;
	p->pending = 0;
	p->stopped = true;
}

/* One unit in this process (no_fork). */
static void run_inline(srh_pool *p, srh_result *r, uint64_t *id)
{
	srh_unit *u = &p->q[p->qhead++];
	srh_run_opts o;
	double t0 = srh_wall_now();

	srh_request_opts(&u->rq, NULL, &o);
	(p->o.handler ? p->o.handler : srh_run_request)(&u->rq, &o, r);
	r->wall_s = srh_wall_now() - t0;
	*id = u->id;
	srh_unit_free(u);
	p->pending--;
}

/* Put u first in the queue. Returns 0; -1 when memory runs out. */
static int queue_front(srh_pool *p, const srh_unit *u)
{
	if (p->qhead == 0) {
		if (srh_grow((void **)&p->q, &p->qcap, p->qn, sizeof(*p->q)) != 0)
			return -1;
		memmove(p->q + 1, p->q, p->qn * sizeof(*p->q));
		p->qn++;
	} else {
		p->qhead--;
	}
	p->q[p->qhead] = *u;
	return 0;
}

/* What the rerun on a fresh worker said, in the first result. */
static void confirm_note(srh_result *first, const srh_result *fresh, unsigned prior)
{
	bool same = fresh->verdict == first->verdict && fresh->signal == first->signal;
	char note[256];

	cim_fmt(note, sizeof(note),
		"rerun alone on a fresh worker: %s, %s%u earlier run%s in its worker",
		srh_verdict_name(fresh->verdict),
		same ? "reproduced: not caused by the " : "not reproduced: it depends on the ",
		prior, prior == 1 ? "" : "s");
	(void)srh_result_event(first, first->end_ns, SRH_TL_NOTE, 0, 0, "%s", note);
	if (first->reason) {
		char *old = first->reason;
		first->reason = NULL;
		srh_result_reason(first, "%s (%s)", old, note);
		free(old);
	}
}

/*
 * A unit's run ended with *r. A failure on a worker that ran other units
 * first might be their pollution: the unit runs again, alone, on a fresh
 * worker, and its first result is kept. Returns 0 then; 1 when *r is the
 * unit's final result (*id set): the first verdict, with a note of what
 * the fresh worker said (see srh_pool.h).
 */
static int unit_done(srh_pool *p, srh_unit *u, srh_result *r, uint64_t *id)
{
	if (!u->confirm && u->prior > 0 && r->verdict != SRH_PASS &&
	    (!p->o.confirm || p->o.confirm(r))) {
		u->first = *r;
		u->confirm = true;
		if (queue_front(p, u) == 0)
			return 0;
		*r = u->first; /* no memory for the rerun: the first result stands */
		srh_result_init(&u->first);
		u->confirm = false;
	}
	if (u->confirm) {
		confirm_note(&u->first, r, u->prior);
		srh_result_free(r);
		*r = u->first;
		srh_result_init(&u->first);
	}
	*id = u->id;
	srh_unit_free(u);
	p->pending--;
	return 1;
}

/* One poll round: a unit that ended or outlived its watchdog gives its
 * result. Returns 1 with *r set, 0 when none did. */
static int pool_wait(srh_pool *p, double until, srh_result *r, uint64_t *id)
{
	struct pollfd fds[SRH_POOL_MAX_JOBS];
	unsigned map[SRH_POOL_MAX_JOBS], nf = 0;
	srh_unit u;
	int n;

	for (unsigned i = 0; i < p->ns; i++)
		if (p->slots[i].busy) {
			fds[nf] = (struct pollfd){p->slots[i].fd, POLLIN, 0};
			map[nf++] = i;
		}
	n = poll(fds, nf, poll_ms(p, until));
	if (n < 0 && errno != EINTR) {
		fprintf(stderr, "srh: poll: %s\n", strerror(errno));
		return 0;
	}
	for (unsigned k = 0; n > 0 && k < nf; k++) {
		srh_slot *s = &p->slots[map[k]];
		if (fds[k].revents && srh_slot_read(s)) {
			srh_slot_finish(s, p->o.timeout_s, r, &u);
			return unit_done(p, &u, r, id);
		}
	}
	for (unsigned i = 0; i < p->ns; i++) {
		srh_slot *s = &p->slots[i];
		if (s->busy && srh_wall_now() >= s->deadline) {
			srh_slot_kill(s);
			s->killed = true;
			srh_slot_finish(s, p->o.timeout_s, r, &u);
			return unit_done(p, &u, r, id);
		}
	}
	return 0;
}

srh_pool_rc srh_pool_collect(srh_pool *p, double timeout_s, srh_result *res, uint64_t *id)
{
	double until = timeout_s < 0 ? -1 : srh_wall_now() + timeout_s;
	uint64_t dummy;

	if (!id)
		id = &dummy;
	for (;;) {
		if (pool_stop && !p->stopped)
			pool_interrupt(p);
		if (p->stopped)
			return SRH_POOL_STOPPED;
		if (p->o.no_fork) {
			if (p->qhead == p->qn)
				return SRH_POOL_IDLE;
			run_inline(p, res, id);
			return SRH_POOL_OK;
		}
		pool_fill(p);
		if (p->nmk > 0) {
			*res = p->mk[0].r;
			*id = p->mk[0].id;
			memmove(p->mk, p->mk + 1, --p->nmk * sizeof(*p->mk));
			p->pending--;
			return SRH_POOL_OK;
		}
		if (p->pending == 0)
			return SRH_POOL_IDLE;
		if (pool_wait(p, until, res, id))
			return SRH_POOL_OK;
		if (until >= 0 && srh_wall_now() >= until)
			return SRH_POOL_TIMEOUT;
	}
}

void srh_pool_close(srh_pool *p)
{
	if (!p)
		return;
	pool_interrupt(p); /* and every idle worker goes too */
	if (!p->o.no_fork) {
		(void)sigaction(SIGINT, &p->old_int, NULL);
		(void)sigaction(SIGTERM, &p->old_term, NULL);
	}
	free(p->q);
	free(p->mk);
	free(p);
}
