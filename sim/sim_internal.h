/*
 * sim_internal.h - shared by the simulator's .c files only.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

#define SIM_NONE UINT64_MAX
#define SIM_MAX_PHASES 8
#define SIM_DETAIL_MAX 192

/* ---- PRNG (sim_rng.c) --------------------------------------------------- */

typedef struct sim_rng {
	uint64_t s[4];
} sim_rng;

void sim_rng_seed(sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(sim_rng *r);
/* Uniform in [0, 1) with 53 bits. */
double sim_rng_double(sim_rng *r);
/* Uniform in [0, n] (n inclusive). */
uint64_t sim_rng_upto(sim_rng *r, uint64_t n);

/* ---- event queue (sim_heap.c) -------------------------------------------- */

typedef enum sim_ev_kind {
	SIM_EV_JOB_START = 1, /* New -> Starting */
	SIM_EV_JOB_RUN,	      /* Starting -> Running */
	SIM_EV_STEP,	      /* a job step completes */
	SIM_EV_TIME_LIMIT,
	SIM_EV_DEADLINE,  /* partner heartbeat deadline */
	SIM_EV_SHUTDOWN,  /* orderly stop done -> Terminated */
	SIM_EV_LINK_DOWN, /* scheduled partition */
	SIM_EV_LINK_UP,	  /* heal */
} sim_ev_kind;

typedef struct sim_ev {
	uint64_t t;
	uint64_t seq; /* tie-break: scheduling order */
	uint32_t kind;
	uint32_t obj; /* job index or link id */
	uint64_t gen; /* generation the event belongs to (cancellation) */
	uint64_t arg;
} sim_ev;

typedef struct sim_heap {
	sim_ev *v;
	size_t n, cap;
} sim_heap;

int sim_heap_push(sim_heap *h, const sim_ev *e);
/* Remove the smallest (t, seq) into *out. Returns 0, -1 when empty. */
int sim_heap_pop(sim_heap *h, sim_ev *out);
const sim_ev *sim_heap_peek(const sim_heap *h);
void sim_heap_free(sim_heap *h);

/* ---- dirty-block bitmap (sim_bitmap.c) ----------------------------------- */

typedef struct sim_bitmap {
	uint64_t *w;
	uint64_t nblocks;
	uint64_t block; /* bytes per block */
	uint64_t size;	/* volume bytes (last block may be short) */
	uint64_t dirty; /* set bits */
} sim_bitmap;

int sim_bitmap_init(sim_bitmap *b, uint64_t size, uint64_t block);
void sim_bitmap_free(sim_bitmap *b);
void sim_bitmap_set_all(sim_bitmap *b);
/* Mark exactly k blocks, spread evenly. */
void sim_bitmap_set_spread(sim_bitmap *b, uint64_t k);
/* From block `from`, the range [from, *end) holding up to max_dirty dirty
 * blocks (ending after the last one taken); returns the bytes they hold. */
uint64_t sim_bitmap_take(const sim_bitmap *b, uint64_t from, uint64_t max_dirty, uint64_t *end);
/* Clear [from, end). */
void sim_bitmap_clear(sim_bitmap *b, uint64_t from, uint64_t end);
uint64_t sim_bitmap_dirty_bytes(const sim_bitmap *b);
/* Recount set bits (the invariant check). */
uint64_t sim_bitmap_count(const sim_bitmap *b);

/* ---- model ---------------------------------------------------------------- */

typedef struct sim_volume {
	char name[SIM_NAME_MAX];
	uint64_t size;
} sim_volume;

typedef struct sim_node {
	char name[SIM_NAME_MAX];
} sim_node;

typedef struct sim_group {
	char name[SIM_NAME_MAX];
	char log_name[SIM_NAME_MAX];
	int node;
	sim_volume *vols;
	size_t n_vols;
	uint64_t log_capacity, log_used;
	uint64_t write_bps; /* application bytes/s */
	bool removed;
} sim_group;

typedef struct sim_link {
	int a, b;
	uint64_t bps, latency;
	bool down;
	uint64_t down_since, up_since;
	uint64_t heal_at; /* SIM_NONE: never */
	uint64_t outage;  /* counts outages; matches deadline/heal events */
} sim_link;

typedef struct sim_pship {
	int src, dst, link;
	sim_repl_mode mode;
	bool established, removed;
} sim_pship;

/* ---- jobs (sim_job.c, sim_phase.c, sim_plan.c, sim_step.c) ---------------- */

/* Work of a phase. */
typedef enum sim_work {
	SIM_W_FIXED, /* one step: n_rtt round trips + step_const_ns */
	SIM_W_COPY,  /* dirty blocks of the source volumes, over the link */
	SIM_W_NET,   /* bytes over the link, in chunks */
	SIM_W_DISK,  /* bytes on a local volume, in chunks */
} sim_work;

/* Where a bulk phase's byte count comes from. */
typedef enum sim_bytes_src {
	SIM_B_NONE,
	SIM_B_TEST,    /* job test_bytes */
	SIM_B_LOG,     /* the source group's log in use */
	SIM_B_LOG_CAP, /* the log capacity (format) */
	SIM_B_BITMAP,  /* the bitmaps' own size (scan) */
} sim_bytes_src;

/* What a step touches (which fault points it reaches). */
#define SIM_F_NET 0x01u
#define SIM_F_CONNECT 0x02u
#define SIM_F_AUTH 0x04u
#define SIM_F_READ 0x08u
#define SIM_F_WRITE 0x10u
#define SIM_F_LOG 0x20u

typedef struct sim_phase_def {
	const char *name;
	uint32_t flags;
	sim_work work;
	sim_bytes_src bytes;
	uint32_t n_rtt; /* SIM_W_FIXED: round trips, or SIM_N_RTT_PROBES */
} sim_phase_def;

/* n_rtt of a probe phase: cfg.probe_count round trips. */
#define SIM_N_RTT_PROBES UINT32_MAX

typedef struct sim_job {
	uint64_t id;
	char key[24];
	sim_job_kind kind;
	char *name, *owner;
	int pship;
	uint64_t time_limit, tbr;
	int doc, hold;
	uint64_t dirty_req, test_bytes;

	uint16_t state;
	uint16_t percent, last_pct;
	bool ended, stalled, connected, in_phase;
	int cause_fc;
	char *requested_by;

	const sim_phase_def *phases;
	size_t n_phases, phase_idx;
	uint64_t weight[SIM_MAX_PHASES];
	uint64_t total_work, done_work; /* done: completed phases */

	/* current bulk phase */
	uint64_t ph_total, ph_done;
	sim_bitmap *bm; /* one per source volume (copy kinds) */
	size_t n_bm, vol_cur;
	uint64_t blk_cur;

	/* current step */
	uint64_t gen; /* bumps cancel queued step/shutdown events */
	uint64_t step_bytes, step_end_blk, step_ns, step_off;
	uint32_t attempts;
	uint64_t last_xfer_bytes, last_xfer_ns; /* xfer cache */

	uint64_t submitted, started, running, ended_at, connected_at;
	uint32_t retries, faults;
} sim_job;

/* ---- fault arming (sim_fault.c) ------------------------------------------ */

typedef struct sim_arm {
	uint32_t points; /* bit per sim_fp */
	sim_trigger trig;
	char *phase;
	uint64_t duration;
	int err_no;
	uint64_t seen, fired;
	bool spent;
} sim_arm;

/* What a fired point means for the engine. */
typedef struct sim_fire {
	sim_fp point;
	int err_no;
	uint64_t duration;
	int arm; /* -1 when enabled outside the sim */
} sim_fire;

/* ---- the simulator --------------------------------------------------------- */

typedef struct sim_pending {
	prov_event ev;
	prov_fault cause;
	char *str[8];
} sim_pending;

struct sim {
	sim_config cfg;
	uint64_t seed;
	uint64_t now;
	uint64_t seq;
	sim_rng rng;
	sim_heap q;

	sim_node *nodes;
	size_t n_nodes;
	sim_group *groups;
	size_t n_groups;
	sim_link *links;
	size_t n_links;
	sim_pship *pships;
	size_t n_pships;
	sim_job **jobs;
	size_t n_jobs, cap_jobs;

	prov_host host;
	const prov_ops *ops;
	prov_ctx *pctx;
	int delivering; /* inside ops->on_event */
	int in_host;	/* inside a host callback from the provider */
	sim_pending **pend;
	size_t n_pend, cap_pend;

	sim_arm *arms;
	size_t n_arms;
	uint32_t armed_mask; /* points with an unspent arm */
	uint64_t hits[SIM_FP_COUNT];

	uint64_t busy_until;

	FILE *trace;
	int trace_level;
	sim_stats st;
};

/* sim_core.c */
int sim_schedule(sim *s, uint64_t t, sim_ev_kind kind, uint32_t obj, uint64_t gen, uint64_t arg);
void *sim_xcalloc(size_t n, size_t size);
char *sim_xstrdup(const char *s);
/* ceil(a * b / c) without overflow (c > 0). */
uint64_t sim_muldiv_ceil(uint64_t a, uint64_t b, uint64_t c);
uint64_t sim_muldiv(uint64_t a, uint64_t b, uint64_t c);
sim_job *sim_job_by_id(const sim *s, uint64_t id);
sim_job *sim_job_by_key(const sim *s, const char *key);

/* sim_trace.c */
void sim_tracef(sim *s, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *sim_errno_name(int e);
const char *sim_state_name(uint16_t js);

/* sim_emit.c: build and deliver events */
void sim_emit(sim *s, const prov_event *ev);
void sim_emit_state(sim *s, sim_job *j);
void sim_emit_progress(sim *s, sim_job *j);
void sim_emit_fault(sim *s, sim_job *j, const prov_fault *f);
void sim_emit_ended(sim *s, sim_job *j, const prov_fault *cause);
int sim_flush_pending(sim *s);
void sim_pending_free(sim *s);

/* sim_job.c: lifecycle */
void sim_job_set_state(sim *s, sim_job *j, uint16_t js);
/* End the job: Completed (cause NULL), Exception (fault), Terminated /
 * Killed (client_terminate / client_kill). */
void sim_job_end(sim *s, sim_job *j, uint16_t js, const prov_fault *cause);
/* A fatal fault: FAULT (transient 0) then ENDED Exception. */
void sim_job_fail(sim *s, sim_job *j, const prov_fault *f);
void sim_job_free(sim_job *j);
void sim_on_job_start(sim *s, sim_job *j);
void sim_on_job_run(sim *s, sim_job *j);
void sim_on_time_limit(sim *s, sim_job *j);
void sim_on_shutdown(sim *s, sim_job *j);

/* sim_phase.c: the phase lists of each job kind */
const sim_phase_def *sim_kind_phases(sim_job_kind k, size_t *n);
const char *sim_job_phase(const sim_job *j);

/* sim_plan.c: durations, phase weights, PercentComplete */
/* Set j's phases and weights (and its bitmaps for a copy). Returns 0, or
 * -1 when memory runs out. */
int sim_job_plan(sim *s, sim_job *j);
uint64_t sim_rtt(const sim *s, const sim_job *j);
/* Time to move bytes over the job's link (ceil, ns). */
uint64_t sim_xfer_ns(const sim *s, sim_job *j, uint64_t bytes);
uint64_t sim_disk_ns(const sim *s, uint64_t bytes);
/* One round trip per chunk in synchronous mode, else 0. */
uint64_t sim_sync_rtt(const sim *s, const sim_job *j);
sim_group *sim_src_group(const sim *s, const sim_job *j);
sim_group *sim_dst_group(const sim *s, const sim_job *j);
/* Dirty bytes left in the job's bitmaps. */
uint64_t sim_copy_bytes(const sim_job *j);
/* Blocks of bitmap b in one copy chunk (at least 1). */
uint64_t sim_chunk_blocks(const sim *s, const sim_bitmap *b);
/* Bytes of bulk phase d (copy_ns: the copy's time, for log growth). */
uint64_t sim_bulk_bytes(const sim *s, const sim_job *j, const sim_phase_def *d, uint64_t copy_ns);
/* Raise j->percent to the work done (it never falls). */
void sim_percent_update(sim_job *j);

/* sim_step.c: the step loop */
void sim_phase_begin(sim *s, sim_job *j);
void sim_step_schedule(sim *s, sim_job *j, uint64_t extra);
void sim_on_step(sim *s, sim_job *j);

/* sim_step_fault.c: a step's fault points and the job's reaction */
/* End j with the fault of fi (FAULT then ENDED Exception). */
void sim_step_fatal(sim *s, sim_job *j, const sim_fire *fi);
/* End j as an engine bug: invariant `what` broken. */
void sim_engine_bug(sim *s, sim_job *j, const char *what);
/* Fault points of a network step / of its disks and log. Each returns 1
 * when the step must not commit (the job failed, retries, or stalls). */
int sim_step_check_net(sim *s, sim_job *j, const sim_phase_def *d);
int sim_step_check_disk_log(sim *s, sim_job *j, const sim_phase_def *d, uint64_t *log_add);

/* sim_net.c: link outages and the heartbeat deadline */
void sim_link_down(sim *s, int link, uint64_t duration);
void sim_on_link_up(sim *s, int link, uint64_t outage);
void sim_on_deadline(sim *s, sim_job *j, uint64_t outage);
/* Arm the heartbeat deadline of a connected Running job whose link is down. */
void sim_deadline_arm(sim *s, sim_job *j);
sim_link *sim_job_link(const sim *s, const sim_job *j);

/* sim_fault.c */
/* A hit of point p on behalf of j. Returns 1 and fills *f when it fires. */
int sim_fp_hit_slow(sim *s, sim_job *j, sim_fp p, sim_fire *f);
static inline int sim_fp_hit(sim *s, sim_job *j, sim_fp p, sim_fire *f)
{
	s->hits[p]++;
	if (!((s->armed_mask >> p) & 1u) && !s->cfg.fiu_always)
		return 0;
	return sim_fp_hit_slow(s, j, p, f);
}
void sim_faults_release(sim *s);
/* Fill a prov_fault for point p as seen by job j. */
void sim_fault_fill(sim *s, sim_job *j, const sim_fire *fi, prov_fault *f, char *detail,
		    size_t dlen);

/* sim_host.c */
void sim_host_init(sim *s);

#endif /* SIM_INTERNAL_H */
