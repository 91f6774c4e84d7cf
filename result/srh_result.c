/*
 * srh_result.c - building and freeing a run's result.
 */
#include "srh_result.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "srh_util.h"

static const char *const verdict_names[SRH_VERDICT_COUNT] = {
    "PASS", "FAIL", "CRASH", "HANG", "ERROR",
};

static const char *const tl_names[SRH_TL_COUNT] = {
    "created", "state", "progress", "fault",   "ended",
    "armed",   "fired", "request",  "restart", "note",
};

const char *srh_verdict_name(srh_verdict v)
{
	return (unsigned)v < SRH_VERDICT_COUNT ? verdict_names[v] : "?";
}

const char *srh_tl_kind_name(srh_tl_kind k)
{
	return (unsigned)k < SRH_TL_COUNT ? tl_names[k] : "?";
}

void srh_result_init(srh_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = SRH_PASS;
}

static void failure_clear(srh_failure *f)
{
	free(f->rule);
	free(f->property);
	free(f->expected);
	free(f->observed);
}

void srh_call_rec_clear(srh_call_rec *c)
{
	free(c->principal);
	free(c->instance_id);
	free(c->rc_desc);
	for (size_t i = 0; i < c->n_errors; i++)
		cim_error_free(c->errors[i]);
	free(c->errors);
	memset(c, 0, sizeof(*c));
}

void srh_result_free(srh_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_must; i++)
		failure_clear(&r->must[i]);
	for (size_t i = 0; i < r->n_should; i++)
		failure_clear(&r->should[i]);
	for (size_t i = 0; i < r->n_calls; i++)
		srh_call_rec_clear(&r->calls[i]);
	for (size_t i = 0; i < r->n_timeline; i++)
		free(r->timeline[i].text);
	for (size_t i = 0; i < r->n_hits; i++)
		free(r->hits[i].point);
	free(r->must);
	free(r->should);
	free(r->calls);
	free(r->timeline);
	free(r->hits);
	free(r->name);
	free(r->file);
	free(r->job_kind);
	free(r->provider);
	free(r->reason);
	free(r->end_class);
	free(r->output);
	srh_result_init(r);
}

int srh_result_fail(srh_result *r, const char *rule, int level, bool from_expect,
		    const char *property, const char *expected, const char *observed,
		    uint64_t time_ns, int line)
{
	bool should = level == SRH_SHOULD;
	srh_failure **arr = should ? &r->should : &r->must;
	size_t *n = should ? &r->n_should : &r->n_must;
	size_t *cap = should ? &r->cap_should : &r->cap_must;
	srh_failure f = {0};
	int fail = 0;

	if (*n >= SRH_MAX_FAILURES || srh_grow((void **)arr, cap, *n, sizeof(f)) != 0) {
		r->truncated = true;
		return -1;
	}
	f.rule = srh_strdup(rule ? rule : "?", &fail);
	f.level = should ? SRH_SHOULD : SRH_MUST;
	f.from_expect = from_expect;
	f.property = srh_strdup(property, &fail);
	f.expected = srh_strdup(expected ? expected : "", &fail);
	f.observed = srh_strdup(observed ? observed : "", &fail);
	f.time_ns = time_ns;
	f.line = line;
	if (fail) {
		failure_clear(&f);
		r->truncated = true;
		return -1;
	}
	(*arr)[(*n)++] = f;
	return 0;
}

int srh_result_event(srh_result *r, uint64_t time_ns, srh_tl_kind kind, uint16_t job_state,
		     uint16_t percent, const char *fmt, ...)
{
	srh_tl_event e = {time_ns, (uint8_t)kind, job_state, percent, NULL};
	va_list ap;

	if (r->n_timeline >= SRH_MAX_TIMELINE ||
	    srh_grow((void **)&r->timeline, &r->cap_timeline, r->n_timeline, sizeof(e)) != 0) {
		r->truncated = true;
		return -1;
	}
	va_start(ap, fmt);
	e.text = srh_vasprintf(fmt, ap);
	va_end(ap);
	if (!e.text) {
		r->truncated = true;
		return -1;
	}
	r->timeline[r->n_timeline++] = e;
	return 0;
}

int srh_result_call(srh_result *r, srh_call_rec *c)
{
	if (r->n_calls >= SRH_MAX_CALLS ||
	    srh_grow((void **)&r->calls, &r->cap_calls, r->n_calls, sizeof(*c)) != 0) {
		srh_call_rec_clear(c);
		r->truncated = true;
		return -1;
	}
	r->calls[r->n_calls++] = *c;
	memset(c, 0, sizeof(*c));
	return 0;
}

int srh_result_hit(srh_result *r, const char *point, uint64_t hits)
{
	srh_hit h = {NULL, hits};
	int fail = 0;

	if (srh_grow((void **)&r->hits, &r->cap_hits, r->n_hits, sizeof(h)) != 0 ||
	    !(h.point = srh_strdup(point, &fail))) {
		r->truncated = true;
		return -1;
	}
	r->hits[r->n_hits++] = h;
	return 0;
}

void srh_result_reason(srh_result *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = srh_vasprintf(fmt, ap);
	va_end(ap);
	if (!s)
		return; /* keep the previous reason rather than none */
	free(r->reason);
	r->reason = s;
}

void srh_result_settle(srh_result *r)
{
	if (r->verdict != SRH_PASS && r->verdict != SRH_FAIL)
		return;
	r->verdict = (r->n_must || r->n_should) ? SRH_FAIL : SRH_PASS;
}
