/*
 * sim.h - the deterministic Storage Replica simulator (libsrsim).
 *
 * A discrete-event engine with a virtual clock (uint64 nanoseconds), a
 * binary-heap event queue ordered by (time, sequence number) and one seeded
 * PRNG (xoshiro256** seeded by splitmix64). Nothing reads a wall clock or
 * rand(): the same (config, seed, sequence of API calls) gives the same run
 * and the same trace, byte for byte.
 *
 * The model: nodes; replication groups (data volumes with sizes, one log
 * volume with a capacity); partnerships (source group -> destination group,
 * synchronous or asynchronous) over a network link (bandwidth, latency,
 * partition). Jobs (initial_sync, resync, test_topology,
 * create_partnership, switch_direction, remove_group) run named phases whose
 * durations follow from sizes, bandwidth and latency; bulk phases copy in
 * chunks from a dirty-block bitmap.
 *
 * Typical use by a runner:
 *
 *   sim_config cfg; sim_config_default(&cfg);
 *   sim *s = sim_new(seed, &cfg);
 *   int p = sim_build_pair(s, 1ull << 40, 1000000000ull, 500000, SIM_ASYNC);
 *   prov_config pc = { .abi_version = PROV_ABI_VERSION,
 *                      .host = sim_host(s) };
 *   prov_ctx *ctx = ops->open(&pc, err, sizeof err);
 *   sim_attach_provider(s, ops, ctx);
 *   sim_job_spec js; sim_job_spec_default(&js, SIM_JOB_INITIAL_SYNC, p);
 *   uint64_t id; sim_job_submit(s, &js, &id);
 *   sim_fault_arm(s, &(sim_fault_spec){ .point = "sim/disk/write",
 *                 .trig = { .kind = SIM_TRIG_AT_PERCENT, .percent = 63 } });
 *   sim_run_until_job(s, id, &(sim_until){ .kind = SIM_UNTIL_ENDED }, 0);
 *   ... client calls through ops (get_error, request_state_change) ...
 *   sim_detach_provider(s); ops->close(ctx); sim_free(s);
 *
 * Events to the provider: every job event goes through ops->on_event at the
 * virtual time it happens (prov_event.time_ns). Client requests reach the
 * engine through host->request_state (the provider calls it from its
 * RequestStateChange) and take effect at the current virtual time; the
 * resulting events are delivered before request_state returns (the
 * reference provider's lock is recursive for this), or on the next advance
 * call when sim_config.defer_host_events is set (for providers that cannot
 * take an event while inside a client call).
 *
 * Threads: a sim is used by one thread at a time; several sims may exist in
 * one process (one after the other or interleaved, on any threads): each
 * decides its own armed fault points, and arming one changes nothing in
 * libfiu's process-wide table.
 *
 * Errors: functions returning int return 0 (or an id >= 0) on success and
 * -1 with errno set on failure (EINVAL bad argument, ENOENT unknown id or
 * name, ENOMEM, ENOTSUP fault points in a library built without libfiu);
 * a failed call changes nothing unless its comment says otherwise.
 */
#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim_faults.h"
#include "srh/prov_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_NS_PER_S UINT64_C(1000000000)
#define SIM_NS_PER_MS UINT64_C(1000000)
#define SIM_NAME_MAX 64 /* longest node/group/volume name, with the NUL */

typedef struct sim sim;

/* ---- configuration ------------------------------------------------------ */

typedef struct sim_config {
	/* Block copy. The bitmap block is block_bytes, doubled until a volume
	 * has at most max_blocks blocks (100 TB -> 8 MiB blocks, 1.5 MB). A
	 * copy step moves chunk_bytes (whole dirty blocks). */
	uint64_t block_bytes;	   /* default 1 MiB */
	uint64_t max_blocks;	   /* default 1 << 24 */
	uint64_t chunk_bytes;	   /* default 64 MiB */
	uint64_t disk_bytes_per_s; /* local volume throughput, default 2e9 */
	uint16_t progress_step;	   /* PercentComplete step, default 1 (1..100) */

	uint64_t start_delay_ns; /* Starting -> Running, default 1 ms */
	uint64_t step_const_ns;	 /* fixed cost of a control step, default 1 ms */
	uint64_t shutdown_ns;	 /* orderly stop after Terminate (+ 1 RTT),
				    default 10 ms */

	/* Partner heartbeats arrive every heartbeat_interval_ns on a grid
	 * from virtual time 0 while the link is up. When the link goes down
	 * at P for a connected job, the job ends with fault class timeout at
	 * max(floor(P / interval) * interval, link up since, job connected
	 * at) + heartbeat_deadline_ns unless the link heals first. */
	uint64_t heartbeat_interval_ns; /* default 1 s */
	uint64_t heartbeat_deadline_ns; /* default 30 s */

	/* Transient faults: a step is retried after retry_backoff_ns, at most
	 * retry_budget times in a row; one more failure ends the job. */
	uint32_t retry_budget;	   /* default 3 */
	uint64_t retry_backoff_ns; /* default 500 ms */

	/* host->query answer latency: query_latency_ns normally; plus the
	 * rest of a busy window (sim/engine/busy, default busy_default_ns);
	 * plus unreachable_query_ns while the job's partner is unreachable. */
	uint64_t query_latency_ns;     /* default 100 us */
	uint64_t busy_default_ns;      /* default 60 s */
	uint64_t unreachable_query_ns; /* default 60 s */

	uint32_t probe_count;	/* test_topology RTT probes, default 10 */
	uint64_t net_jitter_ns; /* 0..jitter added to each network step
				   from the PRNG, default 0 */
	int defer_host_events;	/* see the header comment, default 0 */
	/* 1: also call fiu_fail() at every hit no arm of the sim fired, so
	 * points enabled outside the sim (fiu-ctrl, fiu_enable) fail too; 0
	 * (default): libfiu is never asked, an unarmed point costs one bit
	 * test and an armed one its arms' triggers. */
	int fiu_always;
} sim_config;

/* Fill *cfg with the defaults above. */
void sim_config_default(sim_config *cfg);

/* ---- create / free ------------------------------------------------------ */

/* A new simulator at virtual time 0 with its PRNG seeded from seed. cfg
 * NULL = defaults; cfg is copied. On error (invalid cfg, ENOMEM, libfiu init
 * failed) returns NULL with errno set. */
sim *sim_new(uint64_t seed, const sim_config *cfg);
/* Disarm this sim's fault points, free everything. Does not close an
 * attached provider (its owner does). NULL is ignored. */
void sim_free(sim *s);

/* Current virtual time in ns. */
uint64_t sim_now(const sim *s);
uint64_t sim_seed(const sim *s);

/* ---- topology ----------------------------------------------------------- */

typedef enum sim_repl_mode { SIM_SYNC = 0, SIM_ASYNC = 1 } sim_repl_mode;

typedef struct sim_group_spec {
	int node;		    /* from sim_node_add */
	const char *name;	    /* group name */
	const char *log_volume;	    /* log volume name */
	uint64_t log_capacity;	    /* bytes */
	uint64_t log_used;	    /* bytes already in the log */
	uint64_t write_bytes_per_s; /* application writes (go to the log
				       while a copy runs), 0 = none */
} sim_group_spec;

/* Each returns the new object's id (>= 0) or -1: EINVAL (empty or too long
 * name, unknown node/group/link, zero size/bandwidth, duplicate name),
 * ENOMEM. */
int sim_node_add(sim *s, const char *name);
int sim_group_add(sim *s, const sim_group_spec *g);
/* A data volume in group. Volume ids are per group (0, 1, ...). */
int sim_volume_add(sim *s, int group, const char *name, uint64_t size_bytes);
int sim_link_add(sim *s, int node_a, int node_b, uint64_t bandwidth_bps, uint64_t latency_ns);
/* Source group -> destination group over link. Both groups must have the
 * same number of volumes and each destination volume must be at least as
 * large as its source (EINVAL otherwise). */
int sim_partnership_add(sim *s, int src_group, int dst_group, int link, sim_repl_mode mode);
/* Convenience: nodes "node-a"/"node-b", groups "rg-a"/"rg-b" each with one
 * data volume "D:" of data_bytes and a log "L:" (capacity data_bytes/8,
 * at least 1 GiB), a link of bandwidth/latency, and the partnership a -> b.
 * Meant for an empty sim. Returns the partnership id, or -1 (as above);
 * after a failure the sim may hold part of the pair: free it. */
int sim_build_pair(sim *s, uint64_t data_bytes, uint64_t bandwidth_bps, uint64_t latency_ns,
		   sim_repl_mode mode);

/* Take the link down at virtual time at_ns (>= now) for duration_ns
 * (0 = until the end of the run), as a scheduled event: exact timing for
 * scenarios and tests (the sim/net/partition point goes down at a hit).
 * Returns 0, or -1 EINVAL (unknown link, at_ns in the past). */
int sim_link_partition(sim *s, int link, uint64_t at_ns, uint64_t duration_ns);
/* Is the link down now? 1 yes, 0 no, -1 EINVAL. */
int sim_link_is_down(const sim *s, int link);

/* ---- provider ------------------------------------------------------------ */

/* The host callbacks for prov_config.host. Owned by s, valid until
 * sim_free(). now() = sim_now; query() = engine answer latency (see
 * sim_config); request_state() = sim_request(). Never NULL. */
const prov_host *sim_host(sim *s);
/* Send job events to ops/ctx from now on (replaces any attached provider).
 * Returns 0, or -1 EINVAL when ops is NULL, has another ABI major, or its
 * struct_size does not cover on_event. */
int sim_attach_provider(sim *s, const prov_ops *ops, prov_ctx *ctx);
/* Stop sending events (e.g. before closing/reopening the provider). Events
 * while detached are traced only. */
void sim_detach_provider(sim *s);

/* ---- jobs ---------------------------------------------------------------- */

#define SIM_JOB_KIND_MAP(X)                                                                        \
	X(INITIAL_SYNC, "initial_sync")                                                            \
	X(RESYNC, "resync")                                                                        \
	X(TEST_TOPOLOGY, "test_topology")                                                          \
	X(CREATE_PARTNERSHIP, "create_partnership")                                                \
	X(SWITCH_DIRECTION, "switch_direction")                                                    \
	X(REMOVE_GROUP, "remove_group")

#define SIM_JK_ENUM_(id, name) SIM_JOB_##id,
typedef enum sim_job_kind { SIM_JOB_KIND_MAP(SIM_JK_ENUM_) SIM_JOB_KIND_COUNT } sim_job_kind;
#undef SIM_JK_ENUM_

/* "initial_sync" ... ; NULL for an unknown kind. */
const char *sim_job_kind_name(sim_job_kind k);
/* Kind of a name, or -1 when unknown. */
int sim_job_kind_parse(const char *name);
/* The phase names of a kind, in order (NULL-terminated static array), or
 * NULL for an unknown kind. Phases whose work is zero (no log to replay)
 * are skipped at run time.
 *   initial_sync:       connect authenticate copy log_replay finalize
 *   resync:             connect authenticate scan copy log_replay finalize
 *   test_topology:      connect authenticate probe_latency probe_throughput
 *                       probe_io report
 *   create_partnership: connect authenticate validate format_log register
 *                       commit
 *   switch_direction:   connect authenticate drain demote promote reverse
 *                       resume
 *   remove_group:       connect stop flush_log delete_log unregister */
const char *const *sim_job_kind_phases(sim_job_kind k);

typedef struct sim_job_spec {
	sim_job_kind kind;
	int partnership;		 /* from sim_partnership_add */
	const char *name;		 /* Name; NULL = "<kind> <id>" */
	const char *owner;		 /* principal; NULL = "SYSTEM" */
	uint64_t time_limit_ns;		 /* 0 = none; counted from Starting */
	uint64_t time_before_removal_ns; /* passed to the provider */
	int delete_on_completion;
	int hold;	      /* 1: stay New until a Start request */
	uint64_t dirty_bytes; /* resync: bytes to copy; 0 = 1/10 */
	uint64_t test_bytes;  /* test_topology payload; 0 = 256 MiB */
} sim_job_spec;

/* Defaults: no limit, TimeBeforeRemoval 5 min, DeleteOnCompletion 1. */
void sim_job_spec_default(sim_job_spec *js, sim_job_kind kind, int partnership);

/* Create a job at the current virtual time: PROV_EV_JOB_CREATED now, then
 * (unless hold) Starting and Running on the queue. Job ids are 1, 2, ...
 * in submission order. Returns 0 and sets *job_id; -1 EINVAL (unknown
 * kind/partnership, removed group, name too long) or ENOMEM. */
int sim_job_submit(sim *s, const sim_job_spec *js, uint64_t *job_id);

/* The engine's job id string used in prov_event.job and host callbacks
 * (decimal: "1", "2", ...), or NULL for an unknown id. Valid until
 * sim_free(). */
const char *sim_job_key(const sim *s, uint64_t job_id);

typedef struct sim_job_info {
	uint64_t id;
	const char *key;
	sim_job_kind kind;
	uint16_t job_state; /* cim_job_state: 2 New .. 10 Exception */
	uint16_t percent;   /* engine-side PercentComplete */
	const char *phase;  /* current (or last) phase, "" before the first */
	int ended;	    /* 1 when job_state is 7..10 */
	int stalled;	    /* 1 while waiting for the link to heal */
	int cause;	    /* prov_fault_class of the end, PROV_FC_NONE */
	uint64_t submitted_ns, started_ns, running_ns, ended_ns;
	uint64_t connected_ns; /* UINT64_MAX until the connect phase ends */
	uint32_t retries;      /* transient faults retried so far */
	uint32_t faults;       /* fault events sent (transient and fatal) */
} sim_job_info;

/* Engine-side state of a job (strings valid until the next sim call).
 * Returns 0, or -1 ENOENT. */
int sim_job_get(const sim *s, uint64_t job_id, sim_job_info *out);

/* A client request at the current virtual time (what host->request_state
 * does; principal may be NULL). requested: cim_requested_state (2 Start =
 * resume a Suspended job or start a held New one, 3 Suspend a Starting or
 * Running job, 4 Terminate, 5 Kill). Returns a
 * prov_host_rc: OK (done), STARTED (Terminate: Shutting Down now,
 * Terminated after the orderly stop; Start of a New job), REJECTED (makes
 * no sense in the job's state, e.g. Terminate a Completed job; nothing
 * changes), UNSUPPORTED (6 Service, others), NO_JOB, ERROR (called while
 * the engine is delivering an event to the provider: no re-entry). */
int sim_request(sim *s, uint64_t job_id, uint16_t requested, const char *principal);

/* ---- advancing time ------------------------------------------------------ */

/* Process the next event (all events with one timestamp are processed in
 * the order they were scheduled). Returns 1 when one was processed, 0 when
 * the queue is empty, -1 on error. */
int sim_step(sim *s);
/* Process every event with time <= t, then set the clock to t (so time
 * passes with an empty queue too: a provider's TimeBeforeRemoval).
 * Returns the number of events processed, or -1 EINVAL when t < now. */
long sim_run_until(sim *s, uint64_t t);
/* sim_run_until(now + ns). */
long sim_advance(sim *s, uint64_t ns);
/* Run until the queue is empty. Returns events processed, -1 on error. */
long sim_run(sim *s);

typedef enum sim_until_kind {
	SIM_UNTIL_PERCENT, /* percent >= u.percent */
	SIM_UNTIL_PHASE,   /* the job is in phase u.phase */
	SIM_UNTIL_STATE,   /* job_state == u.state */
	SIM_UNTIL_ENDED,   /* the job ended (7..10) */
} sim_until_kind;

typedef struct sim_until {
	sim_until_kind kind;
	uint16_t percent;
	const char *phase;
	uint16_t state;
} sim_until;

/* Process events until the condition holds for the job (checked before the
 * first event and after each). Stops with the clock at the event that made
 * it true. max_time_ns 0 = no bound, else events after it are left queued.
 * Returns 1 reached, 0 not reached (queue empty, time bound, or the job
 * ended first), -1 ENOENT / EINVAL. */
int sim_run_until_job(sim *s, uint64_t job_id, const sim_until *u, uint64_t max_time_ns);

/* ---- fault points -------------------------------------------------------- */

typedef struct sim_fault_point {
	const char *name;     /* "sim/disk/write" */
	int fault_class;      /* prov_fault_class, PROV_FC_NONE */
	const char *class_id; /* "io_error", or "none" */
	int err_no;
	int transient;
	const char *description;
} sim_fault_point;

size_t sim_fault_point_count(void);
/* Entry i of the table (sim_faults.h order), NULL when out of range. */
const sim_fault_point *sim_fault_point_at(size_t i);
/* Index of a point name, or -1. */
int sim_fault_point_find(const char *name);
/* Fault class id string ("io_error") of a prov_fault_class, "none" for
 * PROV_FC_NONE, NULL when out of range. */
const char *sim_fault_class_id(int fault_class);

typedef enum sim_trigger_kind {
	SIM_TRIG_ALWAYS,      /* every hit */
	SIM_TRIG_AT_TIME,     /* hits at or after virtual time time_ns */
	SIM_TRIG_AT_PHASE,    /* hits while the job is in phase `phase` */
	SIM_TRIG_AT_PERCENT,  /* hits while the job's percent >= percent */
	SIM_TRIG_NTH_HIT,     /* the nth hit after arming (1-based), and the
				 following ones while count lasts */
	SIM_TRIG_PROBABILITY, /* each hit with probability p, drawn from the
				 sim's PRNG (never libfiu's) */
} sim_trigger_kind;

typedef struct sim_trigger {
	sim_trigger_kind kind;
	uint64_t time_ns;
	const char *phase; /* copied */
	uint16_t percent;
	uint64_t nth;
	double probability; /* 0..1 */
	/* How many times the arm fires before it is spent: 0 = 1 (default),
	 * SIM_FIRE_FOREVER = no limit (a persistent fault). */
	uint32_t count;
	uint64_t job; /* 0: hits for any job, else only this job's */
} sim_trigger;

#define SIM_FIRE_FOREVER UINT32_MAX

typedef struct sim_fault_spec {
	const char *point; /* table name, or a prefix ending in '*'
			      ("sim/net/" followed by a star: every
			      matching point) */
	sim_trigger trig;
	uint64_t duration_ns; /* partition / latency / busy length; 0 = the
				 point's default (partition: never heals,
				 latency: 1 s, busy: busy_default_ns) */
	int err_no;	      /* errno reported instead of the point's */
} sim_fault_spec;

/* Arm a point of this sim. Returns the arm id (>= 0; one id even for a
 * prefix), or -1: EINVAL (unknown point or phase, bad trigger), ENOMEM,
 * ENOTSUP (library built without libfiu: srsim_nofiu). At most one arm
 * fires per hit: the first, in arming order, whose trigger holds. */
int sim_fault_arm(sim *s, const sim_fault_spec *spec);
/* Spend an arm now. Returns 0, -1 ENOENT. */
int sim_fault_disarm(sim *s, int arm_id);
/* How many times an arm fired, or -1 ENOENT. */
long sim_fault_fired(const sim *s, int arm_id);
/* How many times the engine reached point (armed or not) in this sim; the
 * sweep arms "the Nth hit" for N up to a clean run's count. 0 for an
 * unknown name. */
uint64_t sim_fault_hits(const sim *s, const char *point);

/* ---- trace and statistics ------------------------------------------------ */

/* Write one line per event to f (NULL = off), virtual time first:
 *   000000012.345678901 job=1 progress phase=copy pct=37
 * level 1: job events, faults, requests, link changes, provider rejects;
 * level 2: also every step and every fault point hit. The caller owns f. */
void sim_set_trace(sim *s, FILE *f, int level);

typedef struct sim_stats {
	uint64_t events; /* queue events processed (live) */
	uint64_t stale;	 /* cancelled events skipped */
	uint64_t scheduled;
	uint64_t queue_max;
	uint64_t prov_events;	/* on_event calls */
	uint64_t prov_rejected; /* on_event returned non-zero */
	uint64_t fired;		/* fault point fires */
} sim_stats;

void sim_get_stats(const sim *s, sim_stats *out);

#ifdef __cplusplus
}
#endif
#endif /* SIM_H */
