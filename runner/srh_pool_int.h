/*
 * srh_pool_int.h - what the pool's parent side (srh_pool.c) and its
 * workers (srh_worker.c) share. Private to runner/.
 */
#ifndef SRH_POOL_INT_H
#define SRH_POOL_INT_H

#include "srh_pool.h"

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#define SRH_POOL_MAX_JOBS 64u

/* A submitted unit: its request (owned) and its wire form. */
typedef struct srh_unit {
	uint64_t id;
	srh_request rq;
	unsigned char *msg;
	size_t len;
	unsigned prior; /* units its worker ran before it */
	bool confirm;	/* this run confirms first on a fresh worker */
	srh_result first;
} srh_unit;

/* One worker and the unit it is on. */
typedef struct srh_slot {
	bool busy;		 /* a unit in flight */
	pid_t pid;		 /* the worker, 0 = none */
	unsigned runs, max_runs; /* units sent to it; its share (0 = no limit) */
	uint64_t born;		 /* units submitted when it was forked: those
				    below hold their model in it too */
	off_t cap_from;		 /* where the unit's output begins */
	int fd;			 /* the parent's end of the worker's channel */
	int cap_fd;		 /* the worker's stdout and stderr */
	srh_unit u;
	double start, deadline;
	unsigned char *buf;
	size_t n, cap;
	bool killed, overflow;
	char dir[PATH_MAX];
} srh_slot;

/* What every worker of a pool gets. */
typedef struct srh_slot_cfg {
	srh_unit_fn handler;
	double timeout_s;
	unsigned worker_runs; /* units per worker (0, 1: a worker per unit) */
	uint64_t submitted;   /* units submitted so far (their ids are below) */
} srh_slot_cfg;

/* Send s->u (set by the caller) to the worker of s, first starting one
 * when s has none, the one it has is gone or spent, or the unit confirms
 * a failure (then a fresh worker that runs it alone). all[0..ns) are the
 * other slots, whose descriptors a new worker must not hold. Returns 0;
 * on failure -1, the slot without a worker, the reason in err. */
int srh_slot_start(srh_slot *s, const srh_slot *all, unsigned ns, const srh_slot_cfg *cfg,
		   char *err, size_t errlen);
/* Read what the worker sent. Returns 1 when the unit is over (a whole
 * result from a worker that stays, EOF, too much), 0 otherwise. */
int srh_slot_read(srh_slot *s);
/* SIGKILL the worker and its process group. */
void srh_slot_kill(srh_slot *s);
/* The unit in s is over: with r, its result into *r; the unit moves into
 * *u (freed when u is NULL; without r the worker is killed). A worker that
 * answered whole and has runs left stays for the next unit; any other is
 * reaped and its directory removed. */
void srh_slot_finish(srh_slot *s, double timeout_s, srh_result *r, srh_unit *u);
/* Kill, reap and forget the worker of an idle slot. */
void srh_slot_retire(srh_slot *s);

/* A result for rq that no worker gave (CRASH, HANG, ERROR): its identity,
 * verdict v and reason. */
void srh_unit_error(srh_result *r, const srh_request *rq, srh_verdict v, const char *reason);
void srh_unit_free(srh_unit *u);

/* Exit statuses of a worker that stops on its own. */
#define SRH_WORKER_NO_SEND 3	 /* the result could not be encoded or sent */
#define SRH_WORKER_BAD_REQUEST 4 /* a request it could not read */

typedef struct srh_worker_cfg {
	srh_unit_fn handler;
	const char *dir;   /* the worker's private work directory */
	unsigned max_runs; /* 0: until the channel closes */
} srh_worker_cfg;

/* Write all n bytes to the socket fd without SIGPIPE. Returns 0, or -1
 * (errno set) when the peer is gone or the write failed. */
int srh_pool_send_all(int fd, const unsigned char *b, size_t n);

/* The worker's loop (an srh_child_fn): arg is an srh_worker_cfg. When the
 * channel is gone (its parent closed it or died, e.g. a kill -9 of srh),
 * the worker removes its own work directory before it exits: a parent that
 * is alive waits for it and then finds nothing left to remove; a dead one
 * would have left it behind. */
int srh_worker_main(void *arg, int fd);
/* The run options a request asks for, with the job store in workdir. */
void srh_request_opts(const srh_request *rq, const char *workdir, srh_run_opts *o);

#endif
