/*
 * scn_topo.c - the "topology" and "job" sections of a scenario.
 */
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

#define GIB (1ull << 30)

void scn_topology_defaults(scn_topology *t)
{
	t->source.data_size = 1 * GIB;
	t->source.log_size = 8 * GIB;
	t->destination.data_size = 1 * GIB;
	t->destination.log_size = 8 * GIB;
	t->bandwidth_bps = 1000000000ull;
	t->latency_ns = 1000000ull;
	t->mode = SCN_MODE_SYNCHRONOUS;
}

/* Fills the node and group names left unset (NULL) by the file. */
static int default_names(scn_p *p, scn_topology *t, int line)
{
	struct {
		char **field;
		const char *value;
	} d[] = {
	    {&t->source.node, "SR-SRV01"},
	    {&t->source.group, "RG01"},
	    {&t->destination.node, "SR-SRV02"},
	    {&t->destination.group, "RG02"},
	};

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		if (*d[i].field)
			continue;
		*d[i].field = strdup(d[i].value);
		if (!*d[i].field)
			return scn_fail(p, line, "out of memory");
	}
	return 0;
}

static int parse_side(scn_p *p, yaml_node_t *n, const char *what, scn_side *s, bool *data_given)
{
	static const char *const keys[] = {"node", "group", "data_size", "log_size", NULL};
	yaml_node_t *v;

	if (scn_map_check(p, n, what, keys))
		return -1;
	if ((v = scn_map_get(p, n, "node", NULL)) && scn_get_str(p, v, "node", &s->node))
		return -1;
	if ((v = scn_map_get(p, n, "group", NULL)) && scn_get_str(p, v, "group", &s->group))
		return -1;
	if ((v = scn_map_get(p, n, "data_size", NULL))) {
		if (scn_get_size(p, v, "data_size", &s->data_size))
			return -1;
		*data_given = true;
	}
	if ((v = scn_map_get(p, n, "log_size", NULL)) &&
	    scn_get_size(p, v, "log_size", &s->log_size))
		return -1;
	return 0;
}

static int parse_link(scn_p *p, yaml_node_t *n, scn_topology *t)
{
	static const char *const keys[] = {"bandwidth", "latency", NULL};
	yaml_node_t *v;

	if (scn_map_check(p, n, "link", keys))
		return -1;
	if ((v = scn_map_get(p, n, "bandwidth", NULL)) &&
	    scn_get_bandwidth(p, v, "bandwidth", &t->bandwidth_bps))
		return -1;
	if ((v = scn_map_get(p, n, "latency", NULL)) &&
	    scn_get_duration(p, v, "latency", &t->latency_ns))
		return -1;
	return 0;
}

static int parse_mode(scn_p *p, yaml_node_t *n, scn_mode *m)
{
	if (scn_want(p, n, YAML_SCALAR_NODE, "mode"))
		return -1;
	if (strcmp(scn_text(n), "synchronous") == 0)
		*m = SCN_MODE_SYNCHRONOUS;
	else if (strcmp(scn_text(n), "asynchronous") == 0)
		*m = SCN_MODE_ASYNCHRONOUS;
	else
		return scn_fail(p, scn_line(n),
				"mode \"%s\" is not a replication mode; allowed: "
				"synchronous, asynchronous",
				scn_text(n));
	return 0;
}

/* n may be NULL (no "topology:" in the file): defaults only. */
int scn_parse_topology(scn_p *p, yaml_node_t *n, int kline, scn_topology *t)
{
	static const char *const keys[] = {"source", "destination", "link", "mode", NULL};
	bool src_data = false, dst_data = false;
	yaml_node_t *v;

	t->line = n ? kline : 0;
	if (!n)
		return default_names(p, t, 1);
	if (scn_map_check(p, n, "topology", keys))
		return -1;
	if ((v = scn_map_get(p, n, "source", NULL)) &&
	    parse_side(p, v, "source", &t->source, &src_data))
		return -1;
	if ((v = scn_map_get(p, n, "destination", NULL)) &&
	    parse_side(p, v, "destination", &t->destination, &dst_data))
		return -1;
	if ((v = scn_map_get(p, n, "link", NULL)) && parse_link(p, v, t))
		return -1;
	if ((v = scn_map_get(p, n, "mode", NULL)) && parse_mode(p, v, &t->mode))
		return -1;
	/* A partnership replicates volumes of equal size. */
	if (src_data && !dst_data)
		t->destination.data_size = t->source.data_size;
	return default_names(p, t, kline);
}

static int parse_job_kind(scn_p *p, yaml_node_t *n, int kline, scn_job *j)
{
	char buf[SCN_ALLOWED_LEN];
	yaml_node_t *v = scn_map_get(p, n, "kind", NULL);

	if (!v) {
		const char *const *kinds = p->names ? p->names->job_kinds : NULL;

		scn_join(kinds, buf, sizeof(buf));
		return scn_fail(p, kline, "missing required key \"kind\" in job; allowed kinds: %s",
				kinds ? buf : "any job kind of the simulator");
	}
	return scn_get_name(p, v, "job kind", &j->kind);
}

/* "group:": same (the topology's group, the default) or other. */
static int parse_group(scn_p *p, yaml_node_t *n, scn_job *j)
{
	if (scn_want(p, n, YAML_SCALAR_NODE, "group"))
		return -1;
	if (strcmp(scn_text(n), "same") == 0)
		j->other_group = false;
	else if (strcmp(scn_text(n), "other") == 0)
		j->other_group = true;
	else
		return scn_fail(p, scn_line(n), "group \"%s\" is not a group; allowed: same, other",
				scn_text(n));
	return scn_src_note(p, &j->other_group, scn_line(n));
}

/* The keys only a job of "jobs:" has. */
static int parse_list_keys(scn_p *p, yaml_node_t *n, scn_job *j)
{
	yaml_node_t *v;

	if (scn_map_need(p, n, "id", j->line, "a job of jobs", &v) ||
	    scn_get_str(p, v, "id", &j->id) || scn_src_note(p, &j->id, scn_line(v)))
		return -1;
	if ((v = scn_map_get(p, n, "at", NULL)) &&
	    (scn_get_duration(p, v, "at", &j->at_ns) || scn_src_note(p, &j->at_ns, scn_line(v))))
		return -1;
	if ((v = scn_map_get(p, n, "group", NULL)) && parse_group(p, v, j))
		return -1;
	return 0;
}

static int parse_job_keys(scn_p *p, yaml_node_t *n, int kline, scn_job *j, bool listed)
{
	static const char *const keys[] = {"kind",
					   "owner",
					   "time_limit",
					   "time_before_removal",
					   "delete_on_completion",
					   "heartbeat_deadline",
					   "hold",
					   "dirty_size",
					   "test_size",
					   NULL};
	static const char *const list_keys[] = {"kind",
						"owner",
						"time_limit",
						"time_before_removal",
						"delete_on_completion",
						"heartbeat_deadline",
						"hold",
						"dirty_size",
						"test_size",
						"id",
						"at",
						"group",
						NULL};
	yaml_node_t *v;

	j->line = kline;
	j->time_before_removal_ns = 5ull * 60 * 1000000000ull; /* CIM default */
	j->delete_on_completion = true;
	if (scn_map_check(p, n, listed ? "a job of jobs" : "job", listed ? list_keys : keys) ||
	    (listed && parse_list_keys(p, n, j)) || parse_job_kind(p, n, kline, j))
		return -1;
	if ((v = scn_map_get(p, n, "owner", NULL)) && scn_get_str(p, v, "owner", &j->owner))
		return -1;
	if ((v = scn_map_get(p, n, "time_limit", NULL)) &&
	    scn_get_duration(p, v, "time_limit", &j->time_limit_ns))
		return -1;
	if ((v = scn_map_get(p, n, "time_before_removal", NULL)) &&
	    scn_get_duration(p, v, "time_before_removal", &j->time_before_removal_ns))
		return -1;
	if ((v = scn_map_get(p, n, "delete_on_completion", NULL)) &&
	    scn_get_bool(p, v, "delete_on_completion", &j->delete_on_completion))
		return -1;
	if ((v = scn_map_get(p, n, "heartbeat_deadline", NULL)) &&
	    scn_get_duration(p, v, "heartbeat_deadline", &j->heartbeat_deadline_ns))
		return -1;
	if ((v = scn_map_get(p, n, "hold", NULL)) && scn_get_bool(p, v, "hold", &j->hold))
		return -1;
	if ((v = scn_map_get(p, n, "dirty_size", NULL)) &&
	    scn_get_size(p, v, "dirty_size", &j->dirty_size))
		return -1;
	if ((v = scn_map_get(p, n, "test_size", NULL)) &&
	    scn_get_size(p, v, "test_size", &j->test_size))
		return -1;
	if (!j->owner && !(j->owner = strdup("alice")))
		return scn_fail(p, kline, "out of memory");
	return 0;
}

int scn_parse_job(scn_p *p, yaml_node_t *n, int kline, scn_job *j)
{
	return parse_job_keys(p, n, kline, j, false);
}

int scn_parse_jobs(scn_p *p, yaml_node_t *n, int kline, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "jobs"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return scn_fail(p, kline, "jobs must list at least one job");
	if (cnt > 1 && !(s->more_jobs = calloc(cnt - 1, sizeof(*s->more_jobs))))
		return scn_fail(p, kline, "out of memory");
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *item = scn_seq_item(p, n, i);
		scn_job *j = i == 0 ? &s->job : &s->more_jobs[i - 1];

		if (i > 0)
			s->n_more_jobs++;
		if (parse_job_keys(p, item, scn_line(item), j, true))
			return -1;
	}
	return 0;
}

size_t scn_job_count(const scn_scenario *s)
{
	return 1 + s->n_more_jobs;
}

const scn_job *scn_job_at(const scn_scenario *s, size_t i)
{
	if (i == 0)
		return &s->job;
	return i <= s->n_more_jobs ? &s->more_jobs[i - 1] : NULL;
}

long scn_job_find(const scn_scenario *s, const char *id)
{
	if (!id)
		return 0;
	for (size_t i = 0; i < scn_job_count(s); i++) {
		const scn_job *j = scn_job_at(s, i);

		if (j->id && strcmp(j->id, id) == 0)
			return (long)i;
	}
	return -1;
}
