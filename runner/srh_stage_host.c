/*
 * srh_stage_host.c - the host a scenario's provider is opened with
 * (provider.host, scenarios/FORMAT.md): the simulator's own, or one of
 * another ABI version, or without a callback prov_abi.h lets a host leave
 * out (or one it does not: now), or whose callback answers an error. A vendor's provider meets such
 * hosts too; the simulator's engine stays the same behind them.
 */
#include "srh_stage_int.h"

static int query_unsupported(void *ctx, const char *job, uint64_t *latency_ns)
{
	(void)ctx;
	(void)job;
	*latency_ns = 0;
	return PROV_HOST_UNSUPPORTED;
}

static int query_error(void *ctx, const char *job, uint64_t *latency_ns)
{
	(void)ctx;
	(void)job;
	*latency_ns = 0;
	return PROV_HOST_ERROR;
}

static int query_no_job(void *ctx, const char *job, uint64_t *latency_ns)
{
	(void)ctx;
	(void)job;
	*latency_ns = 0;
	return PROV_HOST_NO_JOB;
}

static int rs_no_job(void *ctx, const char *job, uint16_t requested_state, const char *principal)
{
	(void)ctx;
	(void)job;
	(void)requested_state;
	(void)principal;
	return PROV_HOST_NO_JOB;
}

static int rs_unsupported(void *ctx, const char *job, uint16_t requested_state,
			  const char *principal)
{
	(void)ctx;
	(void)job;
	(void)requested_state;
	(void)principal;
	return PROV_HOST_UNSUPPORTED;
}

static int rs_error(void *ctx, const char *job, uint16_t requested_state, const char *principal)
{
	(void)ctx;
	(void)job;
	(void)requested_state;
	(void)principal;
	return PROV_HOST_ERROR;
}

void srh_stage_host(srh_stage *st)
{
	st->host = *sim_host(st->s);
	switch (st->host_query) {
	case SCN_HOST_CB_ABSENT:
		st->host.query = NULL;
		break;
	case SCN_HOST_CB_UNSUPPORTED:
		st->host.query = query_unsupported;
		break;
	case SCN_HOST_CB_ERROR:
		st->host.query = query_error;
		break;
	case SCN_HOST_CB_NO_JOB:
		st->host.query = query_no_job;
		break;
	default:
		break;
	}
	switch (st->host_request_state) {
	case SCN_HOST_CB_ABSENT:
		st->host.request_state = NULL;
		break;
	case SCN_HOST_CB_UNSUPPORTED:
		st->host.request_state = rs_unsupported;
		break;
	case SCN_HOST_CB_ERROR:
		st->host.request_state = rs_error;
		break;
	case SCN_HOST_CB_NO_JOB:
		st->host.request_state = rs_no_job;
		break;
	default:
		break;
	}
	if (st->host_no_now)
		st->host.now = NULL;
	st->cfg.host = &st->host;
	st->cfg.abi_version = (st->host_major ? st->host_major : PROV_ABI_MAJOR) << 16 |
			      (st->has_host_minor ? st->host_minor : PROV_ABI_MINOR);
}
