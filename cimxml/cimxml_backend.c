/*
 * cimxml_backend.c - the CIMOM's state: a stage (runner/srh_stage.h: the
 * provider, the simulator, the jobs, and the safe copies of what the
 * provider answers) set up from a scenario file or the demo set. The
 * operations, mapped from CIM-XML onto the stage, are in cimxml_dispatch.c.
 *
 * A scenario file gives the topology, the jobs and the simulator faults;
 * its client actions and provider fault points belong to `srh run` and are
 * not applied here: the clients are on the network. Every job of "jobs:"
 * is submitted at once (there is no timeline of actions to wait on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"
#include "scn.h"
#include "scn_sim.h"

void cimxml_backend_opts_default(cimxml_backend_opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->tick_ns = 100 * SIM_NS_PER_MS;
}

#define BACKEND_JOBS_MAX 16

/* The jobs of "jobs:" after the first (which the build submitted), each
 * one's simulator id into ids. */
static int submit_more(cimxml_backend *b, const scn_scenario *sc, uint64_t *ids, char *err,
		       size_t errlen)
{
	char iid[256];

	if (scn_job_count(sc) > BACKEND_JOBS_MAX) {
		snprintf(err, errlen, "%zu jobs: srh serve sets up at most %d", scn_job_count(sc),
			 BACKEND_JOBS_MAX);
		return -1;
	}
	ids[0] = srh_stage_job_id(b->st);
	for (size_t i = 1; i < scn_job_count(sc); i++)
		if (srh_stage_submit_job(b->st, scn_job_at(sc, i), &ids[i], iid, sizeof(iid), err,
					 errlen) != 0)
			return -1;
	return 0;
}

static int setup_scenario(cimxml_backend *b, const char *path, char *err, size_t errlen)
{
	uint64_t ids[BACKEND_JOBS_MAX];
	scn_scenario *sc = NULL;
	char *why = malloc(SCN_ERRLEN);
	int rc = -1;

	if (!why) {
		proto_err(err, errlen, "out of memory");
		return -1;
	}
	if (scn_parse_file(path, srh_scn_names(), &sc, why, SCN_ERRLEN) != 0) {
		proto_err(err, errlen, "%s", why);
		goto out;
	}
	if (srh_stage_build_scenario(b->st, sc, why, SCN_ERRLEN) != 0 ||
	    submit_more(b, sc, ids, why, SCN_ERRLEN) != 0) {
		proto_err(err, errlen, "%s: %s", path, why);
		goto out;
	}
	for (size_t i = 0; i < sc->n_faults; i++) {
		const scn_fault *f = &sc->faults[i];
		long k = scn_job_find(sc, f->job);

		if (srh_stage_arm_fault_on(b->st, f, ids[k < 0 ? 0 : k]) < 0) {
			proto_err(err, errlen, "%s:%d: fault %s not armed: %s", sc->file, f->line,
				  f->point, strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	scn_free(sc);
	free(why);
	return rc;
}

int cimxml_backend_new(const cimxml_backend_opts *o, cimxml_backend **out, char *err, size_t errlen)
{
	cimxml_backend *b = calloc(1, sizeof *b);
	srh_stage_opts so;
	char why[SRH_STAGE_ERRLEN];
	int rc = -1;

	*out = NULL;
	if (!b) {
		proto_err(err, errlen, "out of memory");
		return -1;
	}
	b->o = *o;
	if (pthread_mutex_init(&b->mu, NULL) != 0) {
		proto_err(err, errlen, "out of memory");
		free(b);
		return -1;
	}
	b->mu_init = true;
	if (b->o.max_body == 0)
		b->o.max_body = CIMXML_MAX_BODY;
	srh_stage_opts_default(&so);
	so.provider_path = o->provider_path;
	so.provider_options = o->provider_options;
	so.store_path = o->store_path;
	so.seed = o->seed;
	so.no_faults = true; /* a scenario's provider fault points are srh run's */
	if (srh_stage_new(&so, &b->st, err, errlen) != 0)
		goto out;
	if (o->scenario_path) {
		rc = setup_scenario(b, o->scenario_path, err, errlen);
	} else {
		rc = srh_stage_build_demo(b->st, why, sizeof why);
		if (rc != 0)
			proto_err(err, errlen, "%s", why);
	}
	if (rc == 0 && o->warp_ns && srh_stage_advance(b->st, o->warp_ns) != 0) {
		proto_err(err, errlen, "simulator: advancing %llu ns failed",
			  (unsigned long long)o->warp_ns);
		rc = -1;
	}
out:
	if (rc != 0) {
		cimxml_backend_free(b);
		return -1;
	}
	*out = b;
	return 0;
}

void cimxml_backend_free(cimxml_backend *b)
{
	if (!b)
		return;
	srh_stage_free(b->st);
	if (b->mu_init)
		pthread_mutex_destroy(&b->mu);
	free(b);
}

srh_stage *cimxml_backend_stage(cimxml_backend *b)
{
	return b->st;
}

void cimxml_backend_lock(cimxml_backend *b)
{
	(void)pthread_mutex_lock(&b->mu);
}

void cimxml_backend_unlock(cimxml_backend *b)
{
	(void)pthread_mutex_unlock(&b->mu);
}

uint64_t cimxml_backend_tick(const cimxml_backend *b)
{
	return b->o.tick_ns;
}

const char *cimxml_backend_owner(const cimxml_backend *b)
{
	return srh_stage_owner(b->st);
}

uint32_t cimxml_backend_get_error(cimxml_backend *b, const prov_principal *who, const char *iid,
				  bool *has_error)
{
	srh_stage_reply r;
	uint32_t rc;

	srh_stage_get_error(b->st, who, iid, &r);
	rc = r.rc;
	*has_error = r.raw.error != NULL;
	srh_stage_reply_done(b->st, &r);
	return rc;
}

void cimxml_backend_describe(cimxml_backend *b, void (*line)(void *arg, const char *text),
			     void *arg)
{
	const prov_principal admin = srh_stage_who(b->st, SRH_STAGE_ADMIN);
	srh_stage_reply r;
	char text[512];

	srh_stage_enumerate(b->st, &admin, &r);
	if (r.rc != 0)
		line(arg, "(the provider would not enumerate its jobs)");
	for (size_t i = 0; r.rc == 0 && i < r.n_jobs; i++) {
		const cim_job *j = r.jobs[i];
		const char *st = cim_vmap_name(&cim_vm_job_state, j->job_state);

		snprintf(text, sizeof text, "%s owner=%s JobState=%u (%s) PercentComplete=%u %s",
			 j->instance_id ? j->instance_id : "?", j->owner ? j->owner : "?",
			 (unsigned)j->job_state, st ? st : "?", (unsigned)j->percent_complete,
			 j->name ? j->name : "");
		line(arg, text);
	}
	srh_stage_reply_done(b->st, &r);
}
