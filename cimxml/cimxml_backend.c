/*
 * cimxml_backend.c - the CIMOM's state: the provider (a .so through the
 * ABI loader, or the reference one linked in), the simulator it sits on,
 * and their life cycle. The operations are in cimxml_dispatch.c, the jobs
 * in cimxml_setup.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"
#include "srprov_ref.h"

void cimxml_backend_opts_default(cimxml_backend_opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->tick_ns = 100 * SIM_NS_PER_MS;
}

static int load_provider(cimxml_backend *b, char *err, size_t errlen)
{
	char why[CIMXML_ERRLEN];

	if (b->o.provider_path) {
		if (prov_load(b->o.provider_path, &b->lib, err, errlen) != 0)
			return -1;
		b->ops = prov_lib_ops(b->lib);
		return 0;
	}
	if (prov_from_entry(srh_provider_entry, &b->ops, why, sizeof why) != 0) {
		cimxml_err(err, errlen, "reference provider: %s", why);
		return -1;
	}
	return 0;
}

int cimxml_backend_open_provider(cimxml_backend *b, const char *options, char *err, size_t errlen)
{
	prov_config pc = {
	    .abi_version = PROV_ABI_VERSION,
	    .store_path = b->o.store_path,
	    .profile_path = NULL,
	    .options = options,
	    .host = sim_host(b->s),
	};
	char why[CIMXML_ERRLEN] = "";

	b->ctx = b->ops->open(&pc, why, sizeof why);
	if (!b->ctx) {
		cimxml_err(err, errlen, "provider %s would not open: %s", b->ops->name, why);
		return -1;
	}
	if (sim_attach_provider(b->s, b->ops, b->ctx) != 0) {
		cimxml_err(err, errlen, "the simulator refused provider %s", b->ops->name);
		return -1;
	}
	return 0;
}

int cimxml_backend_new(const cimxml_backend_opts *o, cimxml_backend **out, char *err, size_t errlen)
{
	cimxml_backend *b = calloc(1, sizeof *b);
	int rc = -1;

	*out = NULL;
	if (!b) {
		cimxml_err(err, errlen, "out of memory");
		return -1;
	}
	b->o = *o;
	if (b->o.max_body == 0)
		b->o.max_body = CIMXML_MAX_BODY;
	if (load_provider(b, err, errlen) != 0)
		goto out;
	if (o->scenario_path) {
		rc = cimxml_setup_scenario(b, o->scenario_path, err, errlen);
	} else {
		b->s = sim_new(o->seed, NULL);
		if (!b->s) {
			cimxml_err(err, errlen, "simulator: out of memory");
			goto out;
		}
		rc = cimxml_backend_open_provider(b, o->provider_options, err, errlen);
		if (rc == 0)
			rc = cimxml_setup_demo(b, err, errlen);
	}
	if (rc == 0 && o->warp_ns && sim_advance(b->s, o->warp_ns) < 0) {
		cimxml_err(err, errlen, "simulator: advancing %llu ns failed",
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
	if (b->s)
		sim_detach_provider(b->s);
	if (b->ctx)
		b->ops->close(b->ctx);
	sim_free(b->s);
	prov_unload(b->lib);
	free(b);
}

const char *cimxml_backend_owner(const cimxml_backend *b)
{
	return b->owner;
}

uint32_t cimxml_backend_get_error(cimxml_backend *b, const prov_principal *who, const char *iid,
				  bool *has_error)
{
	cim_error *e = NULL;
	uint32_t rc = b->ops->get_error(b->ctx, who, iid, &e);

	*has_error = e != NULL;
	if (e)
		b->ops->free_error(b->ctx, e);
	return rc;
}

void cimxml_backend_describe(cimxml_backend *b, void (*line)(void *arg, const char *text),
			     void *arg)
{
	static const prov_principal admin = {"admin", 1};
	cim_job **jobs = NULL;
	size_t n = 0;
	char text[512];

	if (b->ops->enumerate_instances(b->ctx, &admin, &jobs, &n) != 0) {
		line(arg, "(the provider would not enumerate its jobs)");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *st = cim_vmap_name(&cim_vm_job_state, jobs[i]->job_state);

		snprintf(text, sizeof text, "%s owner=%s JobState=%u (%s) PercentComplete=%u %s",
			 jobs[i]->instance_id ? jobs[i]->instance_id : "?",
			 jobs[i]->owner ? jobs[i]->owner : "?", (unsigned)jobs[i]->job_state,
			 st ? st : "?", (unsigned)jobs[i]->percent_complete,
			 jobs[i]->name ? jobs[i]->name : "");
		line(arg, text);
	}
	b->ops->free_jobs(b->ctx, jobs, n);
}
