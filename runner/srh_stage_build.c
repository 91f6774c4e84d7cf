/*
 * srh_stage_build.c - what a stage shows: a scenario's simulator,
 * topology and job, or the demo set of `srh serve`.
 *
 * The demo: one source -> destination pair (10 TiB at 1 Gbps, so a copy
 * runs for about a virtual day) and, all owned by "alice", one job on each
 * path a client wants to see: completed, failed (a persistent EIO on the
 * data volume), terminated and killed by alice, and three still running.
 * Demo jobs keep DeleteOnCompletion FALSE, so they stay however much
 * virtual time passes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "srh_stage_int.h"
#include "srh/cim_fmt.h"

#define DEMO_OWNER "alice"
#define DEMO_DATA (10ull << 40)
#define DEMO_BW 1000000000ull
#define DEMO_LATENCY 500000ull
#define DEMO_MAX_NS (7ull * 24 * 3600 * SIM_NS_PER_S)

typedef struct demo_job {
	const char *name;
	sim_job_kind kind;
	uint16_t end; /* how it ends: 0 keep running, else the final JobState */
} demo_job;

static const demo_job demo_jobs[] = {
    {"demo completed (test_topology)", SIM_JOB_TEST_TOPOLOGY, CIM_JS_COMPLETED},
    {"demo failed (io_error)", SIM_JOB_INITIAL_SYNC, CIM_JS_EXCEPTION},
    {"demo terminated by alice", SIM_JOB_INITIAL_SYNC, CIM_JS_TERMINATED},
    {"demo killed by alice", SIM_JOB_INITIAL_SYNC, CIM_JS_KILLED},
    {"demo running", SIM_JOB_INITIAL_SYNC, 0},
    {"demo running (spare 1)", SIM_JOB_INITIAL_SYNC, 0},
    {"demo running (spare 2)", SIM_JOB_INITIAL_SYNC, 0},
};

static void set_owner(srh_stage *st, const char *owner)
{
	cim_fmt(st->owner, sizeof(st->owner), "%s", owner);
	/* Someone who owns none of the jobs, whatever the owner is called. */
	cim_fmt(st->other, sizeof(st->other), "%s",
		strcmp(st->owner, "srh-other") == 0 ? "srh-other-2" : "srh-other");
}

static int new_sim(srh_stage *st, uint64_t seed, const sim_config *cfg, char *err, size_t errlen)
{
	if (!(st->s = sim_new(seed, cfg))) {
		cim_fmt(err, errlen, "simulator: %s", strerror(errno));
		return -1;
	}
	if (st->o.trace)
		sim_set_trace(st->s, st->o.trace, st->o.trace_level > 0 ? st->o.trace_level : 1);
	return 0;
}

static int submit(srh_stage *st, const scn_job *j, int pship, uint64_t *id, char *iid, size_t len,
		  char *err, size_t errlen)
{
	const char *key;
	sim_job_spec js;

	if (srh_scn_job_spec(j, pship, &js) != 0) {
		cim_fmt(err, errlen, "unknown job kind %s", j->kind);
		return -1;
	}
	if (sim_job_submit(st->s, &js, id) != 0) {
		cim_fmt(err, errlen, "the simulator refused the job (line %d): %s", j->line,
			strerror(errno));
		return -1;
	}
	key = sim_job_key(st->s, *id);
	if (srh_stage_instance_id(st, key, iid, len) != 0) {
		cim_fmt(err, errlen, "provider gives no InstanceID for job %s", key ? key : "?");
		iid[0] = '\0';
		return -1;
	}
	return 0;
}

/* The second pair: the topology's, its node and group names suffixed. */
static int other_pship(srh_stage *st, char *err, size_t errlen)
{
	scn_topology t = *st->topo;
	char sn[128], sg[128], dn[128], dg[128];

	if (st->pship_other >= 0)
		return st->pship_other;
	cim_fmt(sn, sizeof(sn), "%s-2", t.source.node);
	cim_fmt(sg, sizeof(sg), "%s-2", t.source.group);
	cim_fmt(dn, sizeof(dn), "%s-2", t.destination.node);
	cim_fmt(dg, sizeof(dg), "%s-2", t.destination.group);
	t.source.node = sn;
	t.source.group = sg;
	t.destination.node = dn;
	t.destination.group = dg;
	if ((st->pship_other = srh_scn_topology(st->s, &t)) < 0)
		cim_fmt(err, errlen, "the simulator refused the second group (line %d): %s",
			st->topo->line, strerror(errno));
	return st->pship_other;
}

int srh_stage_submit_job(srh_stage *st, const scn_job *j, uint64_t *job_id, char *iid, size_t len,
			 char *err, size_t errlen)
{
	int p = j->other_group ? other_pship(st, err, errlen) : st->pship;

	if (p < 0 || !st->topo) {
		if (!st->topo)
			cim_fmt(err, errlen, "no scenario topology to submit a job on");
		return -1;
	}
	return submit(st, j, p, job_id, iid, len, err, errlen);
}

int srh_stage_build_scenario(srh_stage *st, const scn_scenario *sc, char *err, size_t errlen)
{
	sim_config cfg;
	int p;

	sim_config_default(&cfg);
	if (sc->job.heartbeat_deadline_ns)
		cfg.heartbeat_deadline_ns = sc->job.heartbeat_deadline_ns;
	if (new_sim(st, st->o.has_seed ? st->o.seed : sc->seed, &cfg, err, errlen) != 0)
		return -1;
	if ((p = srh_scn_topology(st->s, &sc->topology)) < 0) {
		cim_fmt(err, errlen, "the simulator refused the topology (line %d): %s",
			sc->topology.line, strerror(errno));
		return -1;
	}
	st->want = sc->host;
	if (srh_stage_open(st, sc->provider_options ? sc->provider_options : st->o.provider_options,
			   err, errlen) != 0)
		return -1;
	set_owner(st, sc->job.owner ? sc->job.owner : "SYSTEM");
	st->topo = &sc->topology;
	st->pship = p;
	st->pship_other = -1;
	return submit(st, &sc->job, p, &st->job_id, st->iid, sizeof(st->iid), err, errlen);
}

int srh_stage_arm_fault_on(srh_stage *st, const scn_fault *f, uint64_t job_id)
{
	sim_fault_spec sp = {
	    f->point, {0}, f->has_duration ? f->duration_ns : 0, f->has_failinfo ? f->failinfo : 0};

	srh_scn_trigger(f, job_id, &sp.trig);
	return sim_fault_arm(st->s, &sp);
}

int srh_stage_arm_fault(srh_stage *st, const scn_fault *f)
{
	return srh_stage_arm_fault_on(st, f, st->job_id);
}

/* ---- the demo ------------------------------------------------------------- */

static int until(srh_stage *st, uint64_t id, sim_until_kind k, uint16_t v, char *err, size_t errlen)
{
	sim_until u = {.kind = k, .percent = v, .state = v};

	if (sim_run_until_job(st->s, id, &u, sim_now(st->s) + DEMO_MAX_NS) == 1)
		return 0;
	cim_fmt(err, errlen, "demo job %llu did not reach its state", (unsigned long long)id);
	return -1;
}

/* A client request by the owner through the provider, as a CIM client
 * would make it (so the provider records who ended the job). */
static int client_request(srh_stage *st, uint64_t id, uint16_t req, char *err, size_t errlen)
{
	const prov_principal who = srh_stage_who(st, SRH_STAGE_OWNER);
	char iid[256];
	srh_stage_reply r;
	uint32_t rc;

	if (srh_stage_instance_id(st, sim_job_key(st->s, id), iid, sizeof(iid)) != 0) {
		cim_fmt(err, errlen, "provider has no InstanceID for demo job %llu",
			(unsigned long long)id);
		return -1;
	}
	srh_stage_request_state_change(st, &who, iid, req, 0, &r);
	rc = r.rc;
	srh_stage_reply_done(st, &r);
	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		cim_fmt(err, errlen, "RequestStateChange %u on %.128s returned %u", (unsigned)req,
			iid, (unsigned)rc);
		return -1;
	}
	return 0;
}

static int run_demo_job(srh_stage *st, int pship, const demo_job *d, char *err, size_t errlen)
{
	sim_job_spec js;
	uint64_t id;

	sim_job_spec_default(&js, d->kind, pship);
	js.name = d->name;
	js.owner = DEMO_OWNER;
	js.delete_on_completion = 0;
	if (sim_job_submit(st->s, &js, &id) != 0) {
		cim_fmt(err, errlen, "demo job: %s", strerror(errno));
		return -1;
	}
	if (d->end == CIM_JS_EXCEPTION) {
		sim_fault_spec f = {.point = "sim/disk/write",
				    .trig = {.kind = SIM_TRIG_AT_PERCENT,
					     .percent = 1,
					     .count = SIM_FIRE_FOREVER,
					     .job = id}};

		if (sim_fault_arm(st->s, &f) < 0) {
			cim_fmt(err, errlen, "arming sim/disk/write: %s", strerror(errno));
			return -1;
		}
	}
	if (d->end == CIM_JS_COMPLETED || d->end == CIM_JS_EXCEPTION)
		return until(st, id, SIM_UNTIL_ENDED, 0, err, errlen);
	if (until(st, id, SIM_UNTIL_PERCENT, 1, err, errlen) != 0)
		return -1;
	if (d->end == 0)
		return 0;
	if (client_request(st, id, d->end == CIM_JS_KILLED ? CIM_RS_KILL : CIM_RS_TERMINATE, err,
			   errlen) != 0)
		return -1;
	return until(st, id, SIM_UNTIL_ENDED, 0, err, errlen);
}

int srh_stage_build_demo(srh_stage *st, char *err, size_t errlen)
{
	int p;

	if (new_sim(st, st->o.seed, NULL, err, errlen) != 0 ||
	    srh_stage_open(st, st->o.provider_options, err, errlen) != 0)
		return -1;
	set_owner(st, DEMO_OWNER);
	p = sim_build_pair(st->s, DEMO_DATA, DEMO_BW, DEMO_LATENCY, SIM_ASYNC);
	if (p < 0) {
		cim_fmt(err, errlen, "demo topology: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(demo_jobs) / sizeof(demo_jobs[0]); i++)
		if (run_demo_job(st, p, &demo_jobs[i], err, errlen) != 0)
			return -1;
	return 0;
}
