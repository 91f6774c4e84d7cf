/*
 * fake_host.c - see fake_host.h. Deterministic: time is a counter.
 */
#include "fake_host.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FH_TICK_NS 1000000ull

static uint64_t fh_now(void *ctx)
{
	return ((fh_host *)ctx)->now;
}

static int fh_query(void *ctx, const char *job, uint64_t *latency_ns)
{
	fh_host *h = ctx;
	(void)job;
	h->n_queries++;
	*latency_ns = h->latency_ns;
	return h->query_rc;
}

static int fh_request(void *ctx, const char *job, uint16_t state, const char *principal)
{
	fh_host *h = ctx;
	h->n_requests++;
	snprintf(h->req_job, sizeof h->req_job, "%s", job);
	snprintf(h->req_by, sizeof h->req_by, "%s", principal ? principal : "");
	h->req_state = state;
	return h->rsc_rc;
}

void fh_host_init(fh_host *h)
{
	memset(h, 0, sizeof *h);
	h->host.ctx = h;
	h->host.now = fh_now;
	h->host.query = fh_query;
	h->host.request_state = fh_request;
	h->now = FH_NS_PER_S;
	h->query_rc = PROV_HOST_OK;
	h->rsc_rc = PROV_HOST_STARTED;
}

int fh_open(fh_prov *p, fh_host *h, const prov_ops *ops, const char *store, const char *profile,
	    const char *options, char *err, size_t errlen)
{
	prov_config cfg = {
	    .abi_version = PROV_ABI_VERSION,
	    .store_path = store,
	    .profile_path = profile,
	    .options = options,
	    .host = &h->host,
	};
	p->ops = ops;
	p->h = h;
	p->ctx = ops->open(&cfg, err, errlen);
	return p->ctx ? 0 : -1;
}

void fh_close(fh_prov *p)
{
	if (p->ctx)
		p->ops->close(p->ctx);
	p->ctx = NULL;
}

static int send(fh_prov *p, prov_event *ev)
{
	p->h->now += FH_TICK_NS;
	ev->time_ns = p->h->now;
	return p->ops->on_event(p->ctx, ev);
}

int fh_created(fh_prov *p, const char *job, const char *owner, int doc, uint64_t tbr_ns)
{
	prov_event ev = {.kind = PROV_EV_JOB_CREATED, .job = job};
	ev.u.created.job_kind = "initial_sync";
	ev.u.created.name = "Initial sync rg01";
	ev.u.created.owner = owner;
	ev.u.created.time_before_removal_ns = tbr_ns;
	ev.u.created.delete_on_completion = doc;
	return send(p, &ev);
}

int fh_state(fh_prov *p, const char *job, uint16_t state)
{
	prov_event ev = {.kind = PROV_EV_STATE, .job = job};
	ev.u.state.job_state = state;
	return send(p, &ev);
}

int fh_progress(fh_prov *p, const char *job, uint16_t percent)
{
	prov_event ev = {.kind = PROV_EV_PROGRESS, .job = job};
	ev.u.progress.phase = "copy";
	ev.u.progress.percent = percent;
	return send(p, &ev);
}

int fh_fault(fh_prov *p, const char *job, const prov_fault *f)
{
	prov_event ev = {.kind = PROV_EV_FAULT, .job = job};
	ev.u.fault = *f;
	return send(p, &ev);
}

int fh_end(fh_prov *p, const char *job, uint16_t state, const prov_fault *cause,
	   const char *requested_by)
{
	prov_event ev = {.kind = PROV_EV_ENDED, .job = job};
	ev.u.ended.job_state = state;
	ev.u.ended.cause = cause;
	ev.u.ended.requested_by = requested_by;
	return send(p, &ev);
}

int fh_running(fh_prov *p, const char *job, const char *owner)
{
	if (fh_created(p, job, owner, 0, 0) != 0 || fh_state(p, job, CIM_JS_STARTING) != 0 ||
	    fh_state(p, job, CIM_JS_RUNNING) != 0 || fh_progress(p, job, 40) != 0)
		return -1;
	return 0;
}

int fh_engine_apply(fh_prov *p)
{
	fh_host *h = p->h;
	prov_fault f = {0};

	switch (h->req_state) {
	case CIM_RS_SUSPEND:
		return fh_state(p, h->req_job, CIM_JS_SUSPENDED);
	case CIM_RS_START:
		return fh_state(p, h->req_job, CIM_JS_RUNNING);
	case CIM_RS_TERMINATE:
		f.fault_class = "client_terminate";
		return fh_end(p, h->req_job, CIM_JS_TERMINATED, &f, h->req_by);
	case CIM_RS_KILL:
		f.fault_class = "client_kill";
		return fh_end(p, h->req_job, CIM_JS_KILLED, &f, h->req_by);
	default:
		return -1;
	}
}

prov_fault fh_fault_of(const char *cls)
{
	prov_fault f = {.fault_class = cls,
			.volume = "D:",
			.partner = "sr-node-b",
			.offset = 1048576,
			.percent = 37};
	static const struct {
		const char *cls;
		int e;
		const char *detail;
	} tab[] = {
	    {"io_error", EIO, NULL},
	    {"disk_failure", ENXIO, NULL},
	    {"log_full", ENOSPC, NULL},
	    {"partition", EHOSTUNREACH, NULL},
	    {"conn_reset", ECONNRESET, NULL},
	    {"timeout", ETIMEDOUT, "partner silent past the 30s heartbeat deadline"},
	    {"partner_crash", ECONNABORTED, NULL},
	    {"auth_refused", EACCES, NULL},
	    {"engine_oom", ENOMEM, NULL},
	    {"engine_bug", 0, "bitmap block count went negative"},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (strcmp(tab[i].cls, cls) == 0) {
			f.err_no = tab[i].e;
			f.detail = tab[i].detail;
		}
	}
	if (strcmp(cls, "log_full") == 0)
		f.volume = "L:";
	return f;
}

const char *fh_iid(fh_prov *p, const char *job, char *buf, size_t len)
{
	if (p->ops->instance_id(p->ctx, job, buf, len) != 0)
		snprintf(buf, len, "SRSIM:%s", job);
	return buf;
}
