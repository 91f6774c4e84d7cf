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
} srh_unit;

/* One worker and the unit it is on. */
typedef struct srh_slot {
	bool busy; /* a unit in flight */
	pid_t pid;
	int fd;	    /* the parent's end of the worker's channel */
	int cap_fd; /* the worker's stdout and stderr */
	srh_unit u;
	double start, deadline;
	unsigned char *buf;
	size_t n, cap;
	bool killed, overflow;
	char dir[PATH_MAX];
} srh_slot;

/* Start a worker in s (s->u set, the rest zero) and send it s->u; all[0..ns)
 * are the other slots, whose descriptors the worker must not hold.
 * Returns 0; on failure -1, nothing left behind, the reason in err. */
int srh_slot_start(srh_slot *s, const srh_slot *all, unsigned ns, srh_unit_fn handler,
		   double timeout_s, char *err, size_t errlen);
/* Read what the worker sent. Returns 1 when the unit is over (EOF, too
 * much), 0 otherwise. */
int srh_slot_read(srh_slot *s);
/* SIGKILL the worker and its process group. */
void srh_slot_kill(srh_slot *s);
/* The unit in s is over: with r, its result into *r and its id into *id
 * (without r the worker is killed and the unit dropped); the worker is
 * reaped, its directory removed, s zeroed. */
void srh_slot_finish(srh_slot *s, double timeout_s, srh_result *r, uint64_t *id);

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

/* The worker's loop (an srh_child_fn): arg is an srh_worker_cfg. */
int srh_worker_main(void *arg, int fd);
/* The run options a request asks for, with the job store in workdir. */
void srh_request_opts(const srh_request *rq, const char *workdir, srh_run_opts *o);

#endif
