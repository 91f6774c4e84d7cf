/*
 * scn_write.c - a scenario model as canonical YAML (FORMAT.md, "Canonical
 * form"), from the model alone: the keys in the order of FORMAT.md, values
 * equal to their defaults left out, two spaces per level, a blank line
 * between sections and between actions, an expectation block on one line
 * ({k: v, ...}) when it fits SCN_WIDTH columns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scn_emit.h"
#include "scn_int.h"

#define GIB (1ull << 30)

/* ---- expectations ---- */

static void put_strs(scn_buf *w, char *const *v, size_t n)
{
	scn_put(w, "[");
	for (size_t i = 0; i < n; i++) {
		scn_put(w, i ? ", " : "");
		scn_put_str(w, v[i], true);
	}
	scn_put(w, "]");
}

/* The value of e on one line (flow-safe when flow). */
static void put_value(scn_buf *w, const scn_expect *e, const scn_ectx *ctx, bool flow)
{
	const scn_pdef *d = scn_pdef_of(e->prop);

	switch (d->t) {
	case SCN_T_RC:
		scn_put_vmap(w, ctx->rc_map, e->num, flow);
		return;
	case SCN_T_VMAP:
		scn_put_vmap(w, d->vm, e->num, flow);
		return;
	case SCN_T_OPSTAT:
		scn_put(w, "[");
		for (size_t i = 0; i < e->n_nums; i++) {
			scn_put(w, i ? ", " : "");
			scn_put_vmap(w, d->vm, e->nums[i], true);
		}
		scn_put(w, "]");
		return;
	case SCN_T_ERROR:
		scn_put(w, e->match == SCN_M_NULL ? "null" : "present");
		return;
	case SCN_T_STR:
	case SCN_T_STRS:
		if (e->match == SCN_M_NULL) {
			scn_put(w, "null");
		} else if (e->match == SCN_M_PRESENT) {
			scn_put(w, "{present: true}");
		} else if (e->match == SCN_M_GLOB) {
			scn_put(w, "{glob: ");
			scn_put_str(w, e->str ? e->str : "", true);
			scn_put(w, "}");
		} else if (d->t == SCN_T_STRS) {
			put_strs(w, e->strs, e->n_strs);
		} else {
			scn_put_str(w, e->str ? e->str : "", flow);
		}
		return;
	default: /* counts and numbers */
		scn_putf(w, "%u", (unsigned)e->num);
		return;
	}
}

/* "block:" with the expectations of level from list, at indent. */
static void put_block(scn_buf *w, size_t indent, const char *block, scn_level level,
		      const scn_expect *list, size_t n, const scn_ectx *ctx)
{
	size_t start = w->n, cnt = 0;

	for (size_t i = 0; i < n; i++)
		cnt += list[i].level == level;
	if (!cnt)
		return;
	/* On one line if it fits. */
	scn_putf(w, "%*s%s: {", (int)indent, "", block);
	for (size_t i = 0, k = 0; i < n; i++) {
		if (list[i].level != level)
			continue;
		scn_putf(w, "%s%s: ", k++ ? ", " : "", scn_prop_key(list[i].prop));
		put_value(w, &list[i], ctx, true);
	}
	scn_put(w, "}\n");
	if (w->oom || w->n - start - 1 <= SCN_WIDTH)
		return;
	w->n = start;
	w->b[w->n] = '\0';
	scn_putf(w, "%*s%s:\n", (int)indent, "", block);
	for (size_t i = 0; i < n; i++) {
		const scn_expect *e = &list[i];

		if (e->level != level)
			continue;
		scn_putf(w, "%*s", (int)indent + 2, "");
		if (scn_pdef_of(e->prop)->t == SCN_T_STR && e->match == SCN_M_EQ && e->str) {
			scn_put_text(w, indent + 2, scn_prop_key(e->prop), e->str);
		} else {
			scn_putf(w, "%s: ", scn_prop_key(e->prop));
			put_value(w, e, ctx, false);
		}
		scn_put(w, "\n");
	}
}

static void put_expects(scn_buf *w, size_t indent, const scn_expect *list, size_t n,
			const scn_ectx *ctx)
{
	put_block(w, indent, "expect", SCN_MUST, list, n, ctx);
	put_block(w, indent, "should", SCN_SHOULD, list, n, ctx);
}

/* ---- sections ---- */

/* "key: text\n" at indent, nothing when s is NULL. */
static void put_field(scn_buf *w, size_t indent, const char *key, const char *s)
{
	if (!s)
		return;
	scn_putf(w, "%*s", (int)indent, "");
	scn_put_text(w, indent, key, s);
	scn_put(w, "\n");
}

static void put_side(scn_buf *w, const char *what, const scn_side *s, const char *node,
		     const char *group, uint64_t data)
{
	bool n = s->node && strcmp(s->node, node) != 0;
	bool g = s->group && strcmp(s->group, group) != 0;

	if (!n && !g && s->data_size == data && s->log_size == 8 * GIB)
		return;
	scn_putf(w, "  %s:\n", what);
	if (n)
		put_field(w, 4, "node", s->node);
	if (g)
		put_field(w, 4, "group", s->group);
	if (s->data_size != data) {
		scn_put(w, "    data_size: ");
		scn_put_size(w, s->data_size);
		scn_put(w, "\n");
	}
	if (s->log_size != 8 * GIB) {
		scn_put(w, "    log_size: ");
		scn_put_size(w, s->log_size);
		scn_put(w, "\n");
	}
}

static void put_topology(scn_buf *w, const scn_topology *t)
{
	scn_topology d = {0};
	bool src_data = t->source.data_size != 1 * GIB;
	size_t start;

	scn_topology_defaults(&d);
	scn_put(w, "\ntopology:\n");
	start = w->n;
	put_side(w, "source", &t->source, "SR-SRV01", "RG01", 1 * GIB);
	/* The destination's data_size defaults to the source's. */
	put_side(w, "destination", &t->destination, "SR-SRV02", "RG02",
		 src_data ? t->source.data_size : 1 * GIB);
	if (t->bandwidth_bps != d.bandwidth_bps || t->latency_ns != d.latency_ns) {
		scn_put(w, "  link:\n");
		if (t->bandwidth_bps != d.bandwidth_bps) {
			scn_put(w, "    bandwidth: ");
			scn_put_bandwidth(w, t->bandwidth_bps);
			scn_put(w, "\n");
		}
		if (t->latency_ns != d.latency_ns) {
			scn_put(w, "    latency: ");
			scn_put_duration(w, t->latency_ns);
			scn_put(w, "\n");
		}
	}
	if (t->mode != d.mode)
		scn_put(w, "  mode: asynchronous\n");
	if (w->n == start && !w->oom) { /* all defaults: no section */
		w->n -= strlen("\ntopology:\n");
		w->b[w->n] = '\0';
	}
}

static void put_dur(scn_buf *w, const char *indent_key, uint64_t ns)
{
	scn_put(w, indent_key);
	scn_put_duration(w, ns);
	scn_put(w, "\n");
}

/* One job's keys at indent ind ("  " under "job:", "    " in "jobs:"). */
static void put_job_keys(scn_buf *w, const scn_job *j, int ind)
{
	const char *in = ind == 2 ? "  " : "    ";

	put_field(w, ind, "kind", j->kind);
	if (j->owner && strcmp(j->owner, "alice") != 0)
		put_field(w, ind, "owner", j->owner);
	if (j->at_ns) {
		scn_putf(w, "%sat: ", in);
		scn_put_duration(w, j->at_ns);
		scn_put(w, "\n");
	}
	if (j->other_group)
		scn_putf(w, "%sgroup: other\n", in);
	if (j->time_limit_ns) {
		scn_putf(w, "%stime_limit: ", in);
		scn_put_duration(w, j->time_limit_ns);
		scn_put(w, "\n");
	}
	if (j->time_before_removal_ns != 5ull * 60 * 1000000000ull) {
		scn_putf(w, "%stime_before_removal: ", in);
		scn_put_duration(w, j->time_before_removal_ns);
		scn_put(w, "\n");
	}
	if (!j->delete_on_completion)
		scn_putf(w, "%sdelete_on_completion: false\n", in);
	if (j->heartbeat_deadline_ns) {
		scn_putf(w, "%sheartbeat_deadline: ", in);
		scn_put_duration(w, j->heartbeat_deadline_ns);
		scn_put(w, "\n");
	}
	if (j->hold)
		scn_putf(w, "%shold: true\n", in);
	if (j->dirty_size) {
		scn_putf(w, "%sdirty_size: ", in);
		scn_put_size(w, j->dirty_size);
		scn_put(w, "\n");
	}
	if (j->test_size) {
		scn_putf(w, "%stest_size: ", in);
		scn_put_size(w, j->test_size);
		scn_put(w, "\n");
	}
}

/* "job:" for the one job without an id, else the "jobs:" list. */
static void put_jobs(scn_buf *w, const scn_scenario *s)
{
	if (!s->job.id) {
		scn_put(w, "\njob:\n");
		put_job_keys(w, &s->job, 2);
		return;
	}
	scn_put(w, "\njobs:\n");
	for (size_t i = 0; i < scn_job_count(s); i++) {
		const scn_job *j = scn_job_at(s, i);

		scn_put(w, i ? "\n  - " : "  - ");
		put_field(w, 0, "id", j->id);
		put_job_keys(w, j, 4);
	}
}

/* A libfiu failinfo: an errno name, a whole number of milliseconds (a
 * latency), else the number. */
static void put_failinfo(scn_buf *w, uint64_t v, bool durations)
{
	const char *name = scn_errno_name(v);

	if (name)
		scn_put(w, name);
	else if (durations && v >= 1000000ull && v % 1000000ull == 0)
		scn_put_duration(w, v);
	else
		scn_putf(w, "%llu", (unsigned long long)v);
}

static void put_provider(scn_buf *w, const scn_scenario *s)
{
	bool host = s->host.abi_major || s->host.has_abi_minor || s->host.no_now || s->host.query ||
		    s->host.request_state || s->host.events;

	if (!s->provider_options && !s->provider_refuses && !s->provider_store &&
	    !s->n_store_jobs && !host && !s->n_prov_faults)
		return;
	scn_put(w, "\nprovider:\n");
	put_field(w, 2, "options", s->provider_options);
	put_field(w, 2, "refuses", s->provider_refuses);
	put_field(w, 2, "store", s->provider_store);
	if (s->n_store_jobs) {
		scn_put(w, "  store_jobs: ");
		put_strs(w, s->store_jobs, s->n_store_jobs);
		scn_put(w, "\n");
	}
	if (host)
		scn_put(w, "  host:\n");
	if (s->host.abi_major)
		scn_putf(w, "    abi_major: %u\n", (unsigned)s->host.abi_major);
	if (s->host.has_abi_minor)
		scn_putf(w, "    abi_minor: %u\n", (unsigned)s->host.abi_minor);
	if (s->host.no_now)
		scn_put(w, "    now: absent\n");
	if (s->host.query)
		scn_putf(w, "    query: %s\n", scn_host_cb_names[s->host.query]);
	if (s->host.request_state)
		scn_putf(w, "    request_state: %s\n", scn_host_cb_names[s->host.request_state]);
	if (s->host.events)
		scn_putf(w, "    events: %s\n", scn_host_events_names[s->host.events]);
	if (s->n_prov_faults)
		scn_put(w, "  faults:\n");
	for (size_t i = 0; i < s->n_prov_faults; i++) {
		const scn_prov_fault *f = &s->prov_faults[i];

		scn_put(w, "    - ");
		scn_put_text(w, 6, "point", f->point ? f->point : "");
		if (f->trigger == SCN_PTRIG_NTH)
			scn_putf(w, "\n      nth: %llu", (unsigned long long)f->nth);
		else if (f->trigger == SCN_PTRIG_ALWAYS)
			scn_put(w, "\n      always: true");
		scn_put(w, "\n");
		if (f->trigger == SCN_PTRIG_AT_ACTION && f->action < s->n_actions &&
		    s->actions[f->action].id)
			put_field(w, 6, "at_action", s->actions[f->action].id);
		if (f->has_failinfo) {
			scn_put(w, "      failinfo: ");
			put_failinfo(w, f->failinfo, true);
			scn_put(w, "\n");
		}
		put_field(w, 6, "note", f->note);
	}
}

static void put_fault(scn_buf *w, const scn_fault *f)
{
	scn_put(w, "  - ");
	scn_put_text(w, 4, "point", f->point ? f->point : "");
	scn_put(w, "\n");
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		put_dur(w, "    at: ", f->at_ns);
		break;
	case SCN_TRIG_AT_PHASE:
		put_field(w, 4, "at_phase", f->phase ? f->phase : "");
		break;
	case SCN_TRIG_AT_PERCENT:
		scn_putf(w, "    at_percent: %u\n", (unsigned)f->percent);
		break;
	case SCN_TRIG_NTH:
		scn_putf(w, "    nth: %llu\n", (unsigned long long)f->nth);
		break;
	default:
		scn_put(w, "    probability: ");
		scn_put_double(w, f->probability);
		scn_put(w, "\n");
		break;
	}
	if (f->has_duration)
		put_dur(w, "    duration: ", f->duration_ns);
	if (f->has_failinfo) {
		scn_put(w, "    failinfo: ");
		put_failinfo(w, (uint64_t)f->failinfo, false);
		scn_put(w, "\n");
	}
	if (f->count == 1)
		scn_put(w, "    recover: true\n");
	else if (f->count != SCN_COUNT_FOREVER)
		scn_putf(w, "    count: %u\n", (unsigned)f->count);
	put_field(w, 4, "job", f->job);
	put_field(w, 4, "note", f->note);
}

/* The first key of an action goes after "- ": lead says what to write
 * before the next key. */
static const char *lead(bool *first)
{
	const char *l = *first ? "  - " : "    ";

	*first = false;
	return l;
}

static void put_when(scn_buf *w, const scn_action *a, bool *first)
{
	switch (a->when.kind) {
	case SCN_WHEN_NEXT:
		return;
	case SCN_WHEN_AT_TIME:
		scn_putf(w, "%sat: ", lead(first));
		scn_put_duration(w, a->when.time_ns);
		break;
	case SCN_WHEN_AT_PERCENT:
		scn_putf(w, "%sat_percent: %u", lead(first), (unsigned)a->when.percent);
		break;
	case SCN_WHEN_AT_PHASE:
		scn_put(w, lead(first));
		scn_put_text(w, 4, "at_phase", a->when.phase ? a->when.phase : "");
		break;
	case SCN_WHEN_AT_STATE:
		scn_putf(w, "%sat_state: ", lead(first));
		scn_put_vmap(w, &cim_vm_job_state, a->when.state, false);
		break;
	case SCN_WHEN_AT_END:
		scn_putf(w, "%sat_end: true", lead(first));
		break;
	default:
		scn_putf(w, "%safter_end: ", lead(first));
		scn_put_duration(w, a->when.time_ns);
		break;
	}
	scn_put(w, "\n");
}

static void put_action(scn_buf *w, const scn_scenario *s, const scn_action *a)
{
	long k = scn_job_find(s, a->job);
	const char *owner = scn_job_at(s, k < 0 ? 0 : (size_t)k)->owner;
	bool first = true;
	scn_ectx ctx;

	if (a->id) {
		scn_put(w, lead(&first));
		put_field(w, 0, "id", a->id);
	}
	if (a->job) {
		scn_put(w, lead(&first));
		put_field(w, 0, "job", a->job);
	}
	put_when(w, a, &first);
	scn_put(w, lead(&first));
	if (a->kind == SCN_ACT_RESTART) {
		scn_put(w, "restart: provider\n");
	} else if (a->kind == SCN_ACT_ADVANCE) {
		scn_put(w, "advance: ");
		scn_put_duration(w, a->advance_ns);
		scn_put(w, "\n");
	} else {
		scn_putf(w, "call: %s\n", scn_call_name(a->call));
		if (a->call == SCN_CALL_REQUEST_STATE_CHANGE) {
			scn_put(w, "    RequestedState: ");
			scn_put_vmap(w, &cim_vm_requested_state, a->requested_state, false);
			scn_put(w, "\n");
			if (a->timeout_period_ns)
				put_dur(w, "    TimeoutPeriod: ", a->timeout_period_ns);
		}
		if (a->principal && !(owner && strcmp(a->principal, owner) == 0))
			put_field(w, 4, "as", a->principal);
		if (a->admin)
			scn_put(w, "    admin: true\n");
		if (a->has_instance_id && !a->instance_id)
			scn_put(w, "    instance_id: null\n");
		else if (a->has_instance_id)
			put_field(w, 4, "instance_id", a->instance_id);
	}
	put_field(w, 4, "note", a->note);
	scn_action_ectx(a, &ctx);
	put_expects(w, 4, a->expects, a->n_expects, &ctx);
}

static void put_head(scn_buf *w, const scn_scenario *s)
{
	put_field(w, 0, "name", s->name ? s->name : "");
	put_field(w, 0, "description", s->description);
	put_field(w, 0, "contract", s->contract);
	put_field(w, 0, "note", s->note);
	if (s->n_tags) {
		scn_put(w, "tags: ");
		put_strs(w, s->tags, s->n_tags);
		scn_put(w, "\n");
	}
	if (s->seed != 1)
		scn_putf(w, "seed: %llu\n", (unsigned long long)s->seed);
}

int scn_write_string(const scn_scenario *s, char **out, size_t *len)
{
	scn_buf w = {NULL, 0, 0, false};

	*out = NULL;
	put_head(&w, s);
	put_topology(&w, &s->topology);
	put_jobs(&w, s);
	put_provider(&w, s);
	if (s->n_faults)
		scn_put(&w, "\nfaults:\n");
	for (size_t i = 0; i < s->n_faults; i++)
		put_fault(&w, &s->faults[i]);
	if (s->n_actions)
		scn_put(&w, "\nactions:\n");
	for (size_t i = 0; i < s->n_actions; i++) {
		scn_put(&w, i ? "\n" : "");
		put_action(&w, s, &s->actions[i]);
	}
	if (s->n_final || s->final_job) {
		scn_put(&w, "\nfinal:\n");
		put_field(&w, 2, "job", s->final_job);
		put_expects(&w, 2, s->final, s->n_final, &scn_final_ectx);
	}
	if (w.oom) {
		free(w.b);
		errno = ENOMEM;
		return -1;
	}
	*out = w.b;
	if (len)
		*len = w.n;
	return 0;
}

int scn_write(const scn_scenario *s, FILE *f)
{
	char *text;
	size_t len;
	int rc = 0;

	if (scn_write_string(s, &text, &len))
		return -1;
	if (fwrite(text, 1, len, f) != len)
		rc = -1;
	free(text);
	return rc;
}
