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

/* The callback each provider.host value puts in the table; engine: the
 * simulator's own (NULL here: kept), absent: NULL (set apart). */
typedef int (*query_fn)(void *, const char *, uint64_t *);
typedef int (*rs_fn)(void *, const char *, uint16_t, const char *);
static const query_fn query_by[SCN_HOST_CB_COUNT] = {
    [SCN_HOST_CB_UNSUPPORTED] = query_unsupported,
    [SCN_HOST_CB_ERROR] = query_error,
    [SCN_HOST_CB_NO_JOB] = query_no_job,
};
static const rs_fn rs_by[SCN_HOST_CB_COUNT] = {
    [SCN_HOST_CB_UNSUPPORTED] = rs_unsupported,
    [SCN_HOST_CB_ERROR] = rs_error,
    [SCN_HOST_CB_NO_JOB] = rs_no_job,
};

void srh_stage_host(srh_stage *st)
{
	st->host = *sim_host(st->s);
	if (st->want.query == SCN_HOST_CB_ABSENT)
		st->host.query = NULL;
	else if (st->want.query < SCN_HOST_CB_COUNT && query_by[st->want.query])
		st->host.query = query_by[st->want.query];
	if (st->want.request_state == SCN_HOST_CB_ABSENT)
		st->host.request_state = NULL;
	else if (st->want.request_state < SCN_HOST_CB_COUNT && rs_by[st->want.request_state])
		st->host.request_state = rs_by[st->want.request_state];
	if (st->want.no_now)
		st->host.now = NULL;
	st->cfg.host = &st->host;
	st->cfg.abi_version = (st->want.abi_major ? st->want.abi_major : PROV_ABI_MAJOR) << 16 |
			      (st->want.has_abi_minor ? st->want.abi_minor : PROV_ABI_MINOR);
}
