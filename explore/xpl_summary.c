/*
 * xpl_summary.c - what an exploration exercised: GetError return codes,
 * the contract's job paths (contract.md's table), fault points armed and
 * fired, client calls by kind. It tells a vendor how much of the contract
 * the random runs reached, so "no failure" can be weighed.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "xpl.h"

static const char *const path_names[] = {
#define XPL_PATH_NAME_(id, text) text,
    XPL_PATH_MAP(XPL_PATH_NAME_)
#undef XPL_PATH_NAME_
};

void xpl_summary_init(xpl_summary *s)
{
	const scn_names *nm = srh_scn_names();
	const char *const *lists[] = {nm->sim_points, nm->prov_points};

	memset(s, 0, sizeof(*s));
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i] && s->n_points < XPL_MAX_POINTS; i++)
			s->points[s->n_points++] = lists[l][i];
}

static int point_index(const xpl_summary *s, const char *text, size_t *len)
{
	for (size_t i = 0; i < s->n_points; i++) {
		size_t n = strlen(s->points[i]);
		if (strncmp(text, s->points[i], n) == 0 && text[n] == ' ') {
			*len = n;
			return (int)i;
		}
	}
	return -1;
}

/* Timeline lines "POINT fired N ..." (sim/: "N time(s)", prov/: "N of M"). */
static void count_fault(xpl_summary *s, const srh_tl_event *e)
{
	const char *t = e->text;
	size_t len;
	int i;
	unsigned long long n = 0;

	if (e->kind == SRH_TL_ARMED && strncmp(t, "armed ", 6) == 0)
		t += 6;
	i = point_index(s, t, &len);

	if (i < 0)
		return;
	if (e->kind == SRH_TL_ARMED)
		s->armed[i]++;
	else if (sscanf(t + len, " fired %llu", &n) == 1 && n > 0)
		s->fired[i]++;
}

static bool suspended(const srh_result *r)
{
	for (size_t i = 0; i < r->n_timeline; i++)
		if (r->timeline[i].kind == SRH_TL_STATE && r->timeline[i].job_state == 5)
			return true;
	return false;
}

/* A GetError on the job's own InstanceID (the runner's final GetError,
 * the last call, uses it) answered 5 with no job to read: it was gone. */
static bool removed(const srh_result *r)
{
	const char *iid = r->n_calls ? r->calls[r->n_calls - 1].instance_id : NULL;

	for (size_t i = 0; iid && i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];
		if (c->call == SCN_CALL_GET_ERROR && c->rc == 5 && c->instance_id &&
		    strcmp(c->instance_id, iid) == 0 && !c->has_job)
			return true;
	}
	return false;
}

static xpl_path end_path(const srh_result *r)
{
	switch (r->final_state) {
	case 2:
		return XPL_PATH_NEW;
	case 7:
		return suspended(r) ? XPL_PATH_RESUMED : XPL_PATH_SUCCESS;
	case 8:
		return XPL_PATH_TERMINATED;
	case 9:
		return XPL_PATH_KILLED;
	case 10:
		return r->end_class && strcmp(r->end_class, "timeout") == 0 ? XPL_PATH_TIMEOUT
									    : XPL_PATH_FAILURE;
	default:
		return XPL_PATH_RUNNING;
	}
}

void xpl_summary_add(xpl_summary *s, const srh_result *r)
{
	s->runs++;
	if (r->verdict > SRH_FAIL)
		return;
	s->paths[end_path(r)]++;
	if (removed(r))
		s->paths[XPL_PATH_REMOVED]++;
	for (size_t i = 0; i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];
		if (c->call < XPL_CALL_KINDS)
			s->calls[c->call]++;
		if (c->call == SCN_CALL_GET_ERROR)
			s->rc[c->rc <= 6 ? c->rc : 7]++;
	}
	for (size_t i = 0; i < r->n_timeline; i++) {
		const srh_tl_event *e = &r->timeline[i];
		if (e->kind == SRH_TL_ARMED || e->kind == SRH_TL_FIRED)
			count_fault(s, e);
		else if (e->kind == SRH_TL_RESTART)
			s->restarts++;
	}
	for (size_t i = 0; i < r->n_must; i++)
		if (r->must[i].rule && strcmp(r->must[i].rule, "scenario-when") == 0)
			s->unreached++;
}

unsigned xpl_summary_rcs(const xpl_summary *s)
{
	unsigned n = 0;

	for (size_t i = 0; i <= 6; i++)
		n += s->rc[i] > 0;
	return n;
}

unsigned xpl_summary_paths(const xpl_summary *s)
{
	unsigned n = 0;

	for (size_t i = 0; i < XPL_PATH_COUNT; i++)
		n += s->paths[i] > 0;
	return n;
}

unsigned xpl_summary_points(const xpl_summary *s)
{
	unsigned n = 0;

	for (size_t i = 0; i < s->n_points; i++)
		n += s->fired[i] > 0;
	return n;
}

static void line(void (*fn)(void *, const char *), void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(void (*fn)(void *, const char *), void *ctx, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fn(ctx, buf);
}

void xpl_summary_lines(const xpl_summary *s, void (*fn)(void *ctx, const char *line), void *ctx)
{
	char buf[512];
	size_t n = 0;

	line(fn, ctx, "runs: %" PRIu64 ", failed: %" PRIu64, s->runs, s->failed);
	for (size_t i = 0; i <= 6; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%zu=%" PRIu64 " ", i, s->rc[i]);
	snprintf(buf + n, sizeof(buf) - n, "other=%" PRIu64, s->rc[7]);
	line(fn, ctx, "GetError rc (%u of 0..6 seen): %s", xpl_summary_rcs(s), buf);
	line(fn, ctx, "job paths (%u of %d reached):", xpl_summary_paths(s), XPL_PATH_COUNT);
	for (size_t i = 0; i < XPL_PATH_COUNT; i++)
		line(fn, ctx, "  %-36s %" PRIu64, path_names[i], s->paths[i]);
	line(fn, ctx, "fault points (%u of %zu fired): armed / fired in runs",
	     xpl_summary_points(s), s->n_points);
	for (size_t i = 0; i < s->n_points; i++)
		line(fn, ctx, "  %-36s %" PRIu64 " / %" PRIu64, s->points[i], s->armed[i],
		     s->fired[i]);
	line(fn, ctx,
	     "calls: GetError %" PRIu64 ", GetErrors %" PRIu64 ", GetInstance %" PRIu64
	     ", EnumerateInstances %" PRIu64 ", RequestStateChange %" PRIu64
	     " (GetError includes the final one of each run)",
	     s->calls[1], s->calls[2], s->calls[3], s->calls[4], s->calls[5]);
	line(fn, ctx, "restarts: %" PRIu64 ", moments never reached (skipped): %" PRIu64,
	     s->restarts, s->unreached);
}
