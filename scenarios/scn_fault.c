/*
 * scn_fault.c - the "faults" schedule (simulator fault points) and the
 * "provider" section (options and provider fault points).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

static const char *const trigger_keys[] = {"at",  "at_phase",	 "at_percent",
					   "nth", "probability", NULL};

static int parse_phase(scn_p *p, const yaml_node_t *v, char **out)
{
	return scn_get_name(p, v, "phase", out);
}

static int parse_probability(scn_p *p, const yaml_node_t *v, double *out)
{
	char *end;
	double d;

	if (scn_want(p, v, YAML_SCALAR_NODE, "probability"))
		return -1;
	d = strtod(scn_text(v), &end);
	if (end == scn_text(v) || *end != '\0' || !(d > 0.0 && d <= 1.0))
		return scn_fail(p, scn_line(v),
				"probability must be a number in (0, 1] (e.g. 0.05), "
				"not \"%s\"",
				scn_text(v));
	*out = d;
	return scn_src_note(p, out, scn_line(v));
}

static int parse_trigger(scn_p *p, yaml_node_t *n, scn_fault *f)
{
	yaml_node_t *v;
	int which;

	if (scn_one_of(p, n, "fault", "trigger", trigger_keys, f->line, false, &which))
		return -1;
	v = scn_map_get(p, n, trigger_keys[which], NULL);
	f->trigger = (scn_trigger)which;
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		return scn_get_duration(p, v, "at", &f->at_ns);
	case SCN_TRIG_AT_PHASE:
		return parse_phase(p, v, &f->phase);
	case SCN_TRIG_AT_PERCENT:
		return scn_get_percent(p, v, "at_percent", &f->percent);
	case SCN_TRIG_NTH:
		return scn_get_uint(p, v, "nth", 1, UINT64_MAX, &f->nth);
	default:
		return parse_probability(p, v, &f->probability);
	}
}

/* "recover: true" is "count: 1"; the two say one thing, so one of them. */
static int parse_count(scn_p *p, yaml_node_t *n, scn_fault *f)
{
	static const char *const keys[] = {"recover", "count", NULL};
	yaml_node_t *v;
	uint64_t c;
	int which;

	f->count = SCN_COUNT_FOREVER;
	if (scn_one_of(p, n, "fault", "persistence setting", keys, f->line, true, &which))
		return -1;
	if (which < 0)
		return 0;
	v = scn_map_get(p, n, keys[which], NULL);
	if (which == 0) {
		if (scn_get_bool(p, v, "recover", &f->recover))
			return -1;
		f->count = f->recover ? 1 : SCN_COUNT_FOREVER;
		return 0;
	}
	if (v->type == YAML_SCALAR_NODE && strcmp(scn_text(v), "forever") == 0)
		return 0;
	if (v->type == YAML_SCALAR_NODE &&
	    scn_get_uint(p, v, "count", 1, UINT32_MAX - 1, &c) == 0) {
		f->count = (uint32_t)c;
		f->recover = true;
		return 0;
	}
	return scn_fail(p, scn_line(v), "count must be a whole number 1..%u or forever, not %s%s%s",
			UINT32_MAX - 1, v->type == YAML_SCALAR_NODE ? "\"" : "",
			v->type == YAML_SCALAR_NODE ? scn_text(v) : scn_kind_name(v),
			v->type == YAML_SCALAR_NODE ? "\"" : "");
}

static int parse_fault(scn_p *p, yaml_node_t *n, scn_fault *f)
{
	static const char *const keys[] = {
	    "point",	"at",	   "at_phase", "at_percent", "nth", "probability", "duration",
	    "failinfo", "recover", "count",    "note",	     "job", NULL};
	yaml_node_t *v;

	f->line = scn_line(n);
	if (scn_map_check(p, n, "fault", keys) ||
	    scn_map_need(p, n, "point", f->line, "fault", &v) ||
	    scn_get_name(p, v, "simulator fault point", &f->point) || parse_trigger(p, n, f))
		return -1;
	if ((v = scn_map_get(p, n, "duration", NULL))) {
		if (scn_get_duration(p, v, "duration", &f->duration_ns))
			return -1;
		f->has_duration = true;
	}
	if ((v = scn_map_get(p, n, "failinfo", NULL))) {
		uint64_t fi;

		if (scn_get_failinfo(p, v, "failinfo", INT_MAX, false, &fi))
			return -1;
		f->failinfo = (int)fi;
		f->has_failinfo = true;
	}
	if ((v = scn_map_get(p, n, "note", NULL)) && scn_get_str_or_null(p, v, "note", &f->note))
		return -1;
	if ((v = scn_map_get(p, n, "job", NULL)) &&
	    (scn_get_str(p, v, "job", &f->job) || scn_src_note(p, &f->job, scn_line(v))))
		return -1;
	return parse_count(p, n, f);
}

int scn_parse_faults(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "faults"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return 0;
	s->faults = calloc(cnt, sizeof(*s->faults));
	if (!s->faults)
		return scn_fail(p, scn_line(n), "out of memory");
	s->n_faults = cnt;
	for (size_t i = 0; i < cnt; i++)
		if (parse_fault(p, scn_seq_item(p, n, i), &s->faults[i]))
			return -1;
	return 0;
}

/* ---- provider ------------------------------------------------------------ */

static int add_pending(scn_p *p, size_t fault, yaml_node_t *v)
{
	scn_pending *np;
	char *id;

	if (scn_get_id(p, v, "at_action", &id))
		return -1;
	np = realloc(p->pending, (p->n_pending + 1) * sizeof(*np));
	if (!np) {
		free(id);
		return scn_fail(p, scn_line(v), "out of memory");
	}
	p->pending = np;
	np[p->n_pending++] = (scn_pending){fault, id, scn_line(v)};
	return 0;
}

static int parse_pfault(scn_p *p, yaml_node_t *n, size_t idx, scn_prov_fault *f)
{
	static const char *const keys[] = {"point",    "nth",  "always", "at_action",
					   "failinfo", "note", NULL};
	static const char *const trig[] = {"nth", "always", "at_action", NULL};
	yaml_node_t *v;
	bool always;
	int which;

	f->line = scn_line(n);
	if (scn_map_check(p, n, "provider fault", keys) ||
	    scn_map_need(p, n, "point", f->line, "provider fault", &v) ||
	    scn_get_name(p, v, "provider fault point", &f->point) ||
	    scn_one_of(p, n, "provider fault", "trigger", trig, f->line, false, &which))
		return -1;
	v = scn_map_get(p, n, trig[which], NULL);
	f->trigger = (scn_ptrigger)which;
	if (f->trigger == SCN_PTRIG_NTH && scn_get_uint(p, v, "nth", 1, UINT64_MAX, &f->nth))
		return -1;
	if (f->trigger == SCN_PTRIG_ALWAYS) {
		if (scn_get_bool(p, v, "always", &always))
			return -1;
		if (!always)
			return scn_fail(p, scn_line(v),
					"always must be true (leave the fault out instead)");
	}
	if (f->trigger == SCN_PTRIG_AT_ACTION && add_pending(p, idx, v))
		return -1;
	if ((v = scn_map_get(p, n, "failinfo", NULL))) {
		if (scn_get_failinfo(p, v, "failinfo", UINT64_MAX, true, &f->failinfo))
			return -1;
		f->has_failinfo = true;
	}
	if ((v = scn_map_get(p, n, "note", NULL)) && scn_get_str_or_null(p, v, "note", &f->note))
		return -1;
	return 0;
}

static int parse_pfaults(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "provider faults"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return 0;
	s->prov_faults = calloc(cnt, sizeof(*s->prov_faults));
	if (!s->prov_faults)
		return scn_fail(p, scn_line(n), "out of memory");
	s->n_prov_faults = cnt;
	for (size_t i = 0; i < cnt; i++)
		if (parse_pfault(p, scn_seq_item(p, n, i), i, &s->prov_faults[i]))
			return -1;
	return 0;
}

const char *const scn_host_cb_names[SCN_HOST_CB_COUNT] = {"engine", "absent", "unsupported",
							  "error", "no_job"};

/* host.KEY: a name of scn_host_cb_names below n_names (2: engine or
 * absent only). */
static int parse_host_cb(scn_p *p, yaml_node_t *n, const char *key, int n_names, scn_host_cb *out)
{
	yaml_node_t *v = scn_map_get(p, n, key, NULL);

	if (!v)
		return 0;
	if (scn_want(p, v, YAML_SCALAR_NODE, key))
		return -1;
	for (int i = 0; i < n_names; i++) {
		if (strcmp(scn_text(v), scn_host_cb_names[i]) == 0) {
			*out = (scn_host_cb)i;
			return 0;
		}
	}
	return scn_fail(p, scn_line(v), "host.%s must be %s, not \"%s\"", key,
			n_names == 2 ? "engine or absent"
				     : "engine, absent, unsupported, error or no_job",
			scn_text(v));
}

const char *const scn_host_events_names[SCN_HOST_EV_COUNT] = {
    "engine",	  "end_no_cause", "no_cause",	  "after_end", "bad_end",
    "over_100",	  "bad_state",	  "unknown_kind", "bad_fault", "created_twice",
    "bad_create", "repeat_state", "no_errno"};

/* host.events: a name of scn_host_events_names. */
static int parse_host_events(scn_p *p, yaml_node_t *n, scn_host_events *out)
{
	yaml_node_t *v = scn_map_get(p, n, "events", NULL);
	char names[512];
	size_t len = 0;

	if (!v)
		return 0;
	if (scn_want(p, v, YAML_SCALAR_NODE, "events"))
		return -1;
	for (int i = 0; i < SCN_HOST_EV_COUNT; i++) {
		if (strcmp(scn_text(v), scn_host_events_names[i]) == 0) {
			*out = (scn_host_events)i;
			return 0;
		}
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "",
					scn_host_events_names[i]);
	}
	return scn_fail(p, scn_line(v), "host.events must be one of %s, not \"%s\"", names,
			scn_text(v));
}

/* provider.host: abi_major, abi_minor, now, query, request_state, events. */
static int parse_host(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	static const char *const keys[] = {"abi_major",	    "abi_minor", "now", "query",
					   "request_state", "events",	 NULL};
	yaml_node_t *v;
	uint64_t major = 0, minor = 0;
	scn_host_cb now = SCN_HOST_CB_ENGINE;

	if (scn_map_check(p, n, "host", keys))
		return -1;
	if ((v = scn_map_get(p, n, "abi_major", NULL)) &&
	    scn_get_uint(p, v, "abi_major", 1, 0xFFFF, &major))
		return -1;
	s->host.abi_major = (uint32_t)major;
	if ((v = scn_map_get(p, n, "abi_minor", NULL))) {
		if (scn_get_uint(p, v, "abi_minor", 0, 0xFFFF, &minor))
			return -1;
		s->host.has_abi_minor = true;
		s->host.abi_minor = (uint32_t)minor;
	}
	if (parse_host_cb(p, n, "now", 2, &now))
		return -1;
	s->host.no_now = now == SCN_HOST_CB_ABSENT;
	return parse_host_cb(p, n, "query", SCN_HOST_CB_COUNT, &s->host.query) ||
	       parse_host_cb(p, n, "request_state", SCN_HOST_CB_COUNT, &s->host.request_state) ||
	       parse_host_events(p, n, &s->host.events);
}

/* provider.store_jobs: a list of InstanceIDs, each a non-empty string. */
static int parse_store_jobs(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "store_jobs"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return 0;
	s->store_jobs = calloc(cnt, sizeof(*s->store_jobs));
	if (!s->store_jobs)
		return scn_fail(p, scn_line(n), "out of memory");
	for (size_t i = 0; i < cnt; i++, s->n_store_jobs++)
		if (scn_get_str(p, scn_seq_item(p, n, i), "store_jobs", &s->store_jobs[i]))
			return -1;
	return 0;
}

int scn_parse_provider(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	static const char *const keys[] = {"options", "refuses", "store", "store_jobs",
					   "host",    "faults",	 NULL};
	yaml_node_t *v;

	if (scn_map_check(p, n, "provider", keys))
		return -1;
	if ((v = scn_map_get(p, n, "options", NULL)) &&
	    scn_get_str_or_null(p, v, "options", &s->provider_options))
		return -1;
	if ((v = scn_map_get(p, n, "refuses", NULL)) &&
	    scn_get_str_or_null(p, v, "refuses", &s->provider_refuses))
		return -1;
	if ((v = scn_map_get(p, n, "store", NULL)) &&
	    scn_get_str_or_null(p, v, "store", &s->provider_store))
		return -1;
	if ((v = scn_map_get(p, n, "store_jobs", NULL)) && parse_store_jobs(p, v, s))
		return -1;
	if ((v = scn_map_get(p, n, "host", NULL)) && parse_host(p, v, s))
		return -1;
	if ((v = scn_map_get(p, n, "faults", NULL)) && parse_pfaults(p, v, s))
		return -1;
	return 0;
}

/* Turns each at_action id into the index of the action that carries it. */
int scn_resolve_actions(scn_p *p, scn_scenario *s)
{
	char buf[SCN_ALLOWED_LEN];

	for (size_t i = 0; i < p->n_pending; i++) {
		const scn_pending *pd = &p->pending[i];
		size_t a;

		for (a = 0; a < s->n_actions; a++)
			if (s->actions[a].id && strcmp(s->actions[a].id, pd->id) == 0)
				break;
		if (a < s->n_actions) {
			s->prov_faults[pd->fault].action = a;
			continue;
		}
		{
			const char *ids[64];
			size_t k = 0;

			for (a = 0; a < s->n_actions && k < 63; a++)
				if (s->actions[a].id)
					ids[k++] = s->actions[a].id;
			ids[k] = NULL;
			scn_join(ids, buf, sizeof(buf));
		}
		return scn_fail(p, pd->line, "at_action \"%s\" names no action; action ids: %s",
				pd->id, buf);
	}
	return 0;
}
