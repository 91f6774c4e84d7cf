/*
 * cimxml_setup.c - the jobs `srh serve` shows.
 *
 * The demo: one source -> destination pair (10 TiB at 1 Gbps, so a copy
 * runs for about a virtual day) and, all owned by "alice", one job on each
 * path a client wants to see: completed, failed (a persistent EIO on the
 * data volume), terminated and killed by alice, and three still running.
 * Demo jobs keep DeleteOnCompletion FALSE, so they stay until the server
 * stops however much virtual time passes.
 *
 * A scenario file gives the topology, the job and the simulator faults;
 * its client actions and provider fault points belong to `srh run` and are
 * not applied here: the clients are on the network.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"
#include "scn.h"
#include "scn_sim.h"

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

static int until(cimxml_backend *b, uint64_t id, sim_until_kind k, uint16_t v, char *err,
		 size_t errlen)
{
	sim_until u = {.kind = k, .percent = v, .state = v};

	if (sim_run_until_job(b->s, id, &u, sim_now(b->s) + DEMO_MAX_NS) == 1)
		return 0;
	cimxml_err(err, errlen, "demo job %llu did not reach its state", (unsigned long long)id);
	return -1;
}

/* A client request by the owner through the provider, as a CIM client
 * would make it (so the provider records who ended the job). */
static int client_request(cimxml_backend *b, uint64_t id, uint16_t req, char *err, size_t errlen)
{
	const prov_principal who = {DEMO_OWNER, 0};
	char iid[256];
	uint32_t rc;

	if (b->ops->instance_id(b->ctx, sim_job_key(b->s, id), iid, sizeof iid) != 0) {
		cimxml_err(err, errlen, "provider has no InstanceID for demo job %llu",
			   (unsigned long long)id);
		return -1;
	}
	rc = b->ops->request_state_change(b->ctx, &who, iid, req, 0);
	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		cimxml_err(err, errlen, "RequestStateChange %u on %s returned %u", (unsigned)req,
			   iid, (unsigned)rc);
		return -1;
	}
	return 0;
}

static int run_demo_job(cimxml_backend *b, int pship, const demo_job *d, char *err, size_t errlen)
{
	sim_job_spec js;
	uint64_t id;

	sim_job_spec_default(&js, d->kind, pship);
	js.name = d->name;
	js.owner = DEMO_OWNER;
	js.delete_on_completion = 0;
	if (sim_job_submit(b->s, &js, &id) != 0) {
		cimxml_err(err, errlen, "demo job: %s", strerror(errno));
		return -1;
	}
	if (d->end == CIM_JS_EXCEPTION) {
		sim_fault_spec f = {.point = "sim/disk/write",
				    .trig = {.kind = SIM_TRIG_AT_PERCENT,
					     .percent = 1,
					     .count = SIM_FIRE_FOREVER,
					     .job = id}};

		if (sim_fault_arm(b->s, &f) < 0) {
			cimxml_err(err, errlen, "arming sim/disk/write: %s", strerror(errno));
			return -1;
		}
	}
	if (d->end == CIM_JS_COMPLETED || d->end == CIM_JS_EXCEPTION)
		return until(b, id, SIM_UNTIL_ENDED, 0, err, errlen);
	if (until(b, id, SIM_UNTIL_PERCENT, 1, err, errlen) != 0)
		return -1;
	if (d->end == 0)
		return 0;
	if (client_request(b, id, d->end == CIM_JS_KILLED ? CIM_RS_KILL : CIM_RS_TERMINATE, err,
			   errlen) != 0)
		return -1;
	return until(b, id, SIM_UNTIL_ENDED, 0, err, errlen);
}

int cimxml_setup_demo(cimxml_backend *b, char *err, size_t errlen)
{
	int p = sim_build_pair(b->s, DEMO_DATA, DEMO_BW, DEMO_LATENCY, SIM_ASYNC);

	snprintf(b->owner, sizeof b->owner, "%s", DEMO_OWNER);
	if (p < 0) {
		cimxml_err(err, errlen, "demo topology: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof demo_jobs / sizeof demo_jobs[0]; i++)
		if (run_demo_job(b, p, &demo_jobs[i], err, errlen) != 0)
			return -1;
	return 0;
}

/* ---- scenario ------------------------------------------------------------ */

static int scenario_job(cimxml_backend *b, const scn_scenario *sc, int pship, char *err,
			size_t errlen)
{
	sim_job_spec js;
	uint64_t id;

	if (srh_scn_job_spec(&sc->job, pship, &js) != 0 || sim_job_submit(b->s, &js, &id) != 0) {
		cimxml_err(err, errlen, "%s: the simulator refused job kind %s", sc->file,
			   sc->job.kind);
		return -1;
	}
	for (size_t i = 0; i < sc->n_faults; i++) {
		const scn_fault *f = &sc->faults[i];
		sim_fault_spec sp = {f->point,
				     {0},
				     f->has_duration ? f->duration_ns : 0,
				     f->has_failinfo ? f->failinfo : 0};

		srh_scn_trigger(f, id, &sp.trig);
		if (sim_fault_arm(b->s, &sp) < 0) {
			cimxml_err(err, errlen, "%s:%d: fault %s not armed: %s", sc->file, f->line,
				   f->point, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int cimxml_setup_scenario(cimxml_backend *b, const char *path, char *err, size_t errlen)
{
	scn_scenario *sc = NULL;
	sim_config cfg;
	char *why = malloc(SCN_ERRLEN);
	int p, rc = -1;

	if (!why) {
		cimxml_err(err, errlen, "out of memory");
		return -1;
	}
	if (scn_parse_file(path, srh_scn_names(), &sc, why, SCN_ERRLEN) != 0) {
		cimxml_err(err, errlen, "%s", why);
		goto out;
	}
	sim_config_default(&cfg);
	if (sc->job.heartbeat_deadline_ns)
		cfg.heartbeat_deadline_ns = sc->job.heartbeat_deadline_ns;
	if (!(b->s = sim_new(sc->seed, &cfg))) {
		cimxml_err(err, errlen, "simulator: %s", strerror(errno));
		goto out;
	}
	if (cimxml_backend_open_provider(
		b, sc->provider_options ? sc->provider_options : b->o.provider_options, err,
		errlen) != 0)
		goto out;
	if ((p = srh_scn_topology(b->s, &sc->topology)) < 0) {
		cimxml_err(err, errlen, "%s: the simulator refused the topology: %s", path,
			   strerror(errno));
		goto out;
	}
	snprintf(b->owner, sizeof b->owner, "%s", sc->job.owner ? sc->job.owner : "SYSTEM");
	rc = scenario_job(b, sc, p, err, errlen);
out:
	scn_free(sc);
	free(why);
	return rc;
}
