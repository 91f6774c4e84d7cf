/*
 * rec_provider.c - see rec_provider.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rec_provider.h"

static prov_ctx *rec_open(const prov_config *cfg, char *err, size_t errlen)
{
	prov_ctx *c = calloc(1, sizeof *c);

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->host = cfg ? cfg->host : NULL;
	return c;
}

static void rec_close(prov_ctx *c)
{
	if (!c)
		return;
	free(c->ev);
	free(c);
}

static void cp(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static void copy_fault(rec_event *r, const prov_fault *f)
{
	cp(r->fclass, sizeof r->fclass, f->fault_class);
	r->err_no = f->err_no;
	r->transient = f->transient;
	cp(r->volume, sizeof r->volume, f->volume);
	cp(r->detail, sizeof r->detail, f->detail);
}

static int rec_on_event(prov_ctx *c, const prov_event *ev)
{
	rec_event *r;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		rec_event *v = realloc(c->ev, cap * sizeof *v);

		if (!v)
			return -1;
		c->ev = v;
		c->cap = cap;
	}
	r = &c->ev[c->n++];
	memset(r, 0, sizeof *r);
	r->kind = ev->kind;
	r->t = ev->time_ns;
	cp(r->job, sizeof r->job, ev->job);
	switch (ev->kind) {
	case PROV_EV_JOB_CREATED:
		cp(r->job_kind, sizeof r->job_kind, ev->u.created.job_kind);
		r->tbr = ev->u.created.time_before_removal_ns;
		r->doc = ev->u.created.delete_on_completion;
		break;
	case PROV_EV_PROGRESS:
		cp(r->phase, sizeof r->phase, ev->u.progress.phase);
		r->pct = ev->u.progress.percent;
		break;
	case PROV_EV_STATE:
		r->state = ev->u.state.job_state;
		break;
	case PROV_EV_FAULT:
		copy_fault(r, &ev->u.fault);
		break;
	case PROV_EV_ENDED:
		r->state = ev->u.ended.job_state;
		if (ev->u.ended.cause)
			copy_fault(r, ev->u.ended.cause);
		cp(r->by, sizeof r->by, ev->u.ended.requested_by);
		break;
	default:
		break;
	}
	if (c->rq_in_event && c->host && c->host->request_state) {
		c->rq_in_event = 0;
		c->rq_rc = c->host->request_state(c->host->ctx, ev->job, CIM_RS_KILL, "rec");
	}
	return c->reject ? -1 : 0;
}

long rec_find(const prov_ctx *c, uint32_t kind, size_t from)
{
	for (size_t i = from; i < c->n; i++)
		if (c->ev[i].kind == kind)
			return (long)i;
	return -1;
}

size_t rec_count(const prov_ctx *c, uint32_t kind)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += c->ev[i].kind == kind;
	return n;
}

static const prov_ops ops = {
    .abi_version = PROV_ABI_VERSION,
    .struct_size = sizeof(prov_ops),
    .name = "sim-test-recorder",
    .version = "1",
    .open = rec_open,
    .close = rec_close,
    .on_event = rec_on_event,
};

const prov_ops *rec_ops(void)
{
	return &ops;
}
