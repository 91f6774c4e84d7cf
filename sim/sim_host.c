/*
 * sim_host.c - the prov_host a provider gets in prov_config.host: the
 * virtual clock, the engine's answer latency for a job, and client
 * requests handed over from RequestStateChange.
 */
#include <errno.h>
#include <inttypes.h>

#include "sim_internal.h"

static uint64_t host_now(void *ctx)
{
	return ((const sim *)ctx)->now;
}

/* The engine's answer time: normally query_latency_ns; slow while a busy
 * window is open (sim/engine/busy) or the job's partner is unreachable, so
 * a provider's GetError deadline can run out (GetError rc 3). */
static int host_query(void *ctx, const char *key, uint64_t *latency_ns)
{
	sim *s = ctx;
	sim_job *j = sim_job_by_key(s, key);
	uint64_t lat = s->cfg.query_latency_ns;
	sim_fire fi;

	if (!latency_ns)
		return PROV_HOST_ERROR;
	*latency_ns = 0;
	if (!j)
		return PROV_HOST_NO_JOB;
	/* contract.md, Removal: gone for every t >= end + TimeBeforeRemoval. */
	if (j->ended && j->doc && s->now - j->ended_at >= j->tbr)
		return PROV_HOST_NO_JOB;
	s->in_host++;
	if (!j->ended && sim_fp_hit(s, j, SIM_FP_ENGINE_BUSY, &fi)) {
		uint64_t d = fi.duration ? fi.duration : s->cfg.busy_default_ns;

		if (s->now + d > s->busy_until)
			s->busy_until = s->now + d;
	}
	if (s->busy_until > s->now)
		lat += s->busy_until - s->now;
	if (!j->ended && j->connected && sim_job_link(s, j)->down)
		lat += s->cfg.unreachable_query_ns;
	s->in_host--;
	*latency_ns = lat;
	sim_tracef(s, 2, "job=%s query latency=%" PRIu64, j->key, lat);
	return PROV_HOST_OK;
}

static int host_request(void *ctx, const char *key, uint16_t rq, const char *principal)
{
	sim *s = ctx;
	sim_job *j = sim_job_by_key(s, key);
	int rc;

	if (!j)
		return PROV_HOST_NO_JOB;
	s->in_host++;
	rc = sim_request(s, j->id, rq, principal);
	s->in_host--;
	return rc;
}

void sim_host_init(sim *s)
{
	s->host.ctx = s;
	s->host.now = host_now;
	s->host.query = host_query;
	s->host.request_state = host_request;
}

const prov_host *sim_host(sim *s)
{
	return &s->host;
}

int sim_attach_provider(sim *s, const prov_ops *ops, prov_ctx *ctx)
{
	size_t need = offsetof(prov_ops, on_event) + sizeof ops->on_event;

	if (!ops || (ops->abi_version >> 16) != PROV_ABI_MAJOR || ops->struct_size < need ||
	    !ops->on_event) {
		errno = EINVAL;
		return -1;
	}
	s->ops = ops;
	s->pctx = ctx;
	return 0;
}

void sim_detach_provider(sim *s)
{
	s->ops = NULL;
	s->pctx = NULL;
}
