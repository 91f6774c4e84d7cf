/*
 * sim_topo.c - building the model: nodes, replication groups and their
 * volumes, links, partnerships.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static bool name_ok(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n >= SIM_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] == ' ' || name[i] == '"' || name[i] == '\n' || name[i] == '\t')
			return false;
	return true;
}

/* Grow *v (n elements of size sz) by one zeroed element; its index or -1. */
static int grow(void **v, size_t *n, size_t sz)
{
	char *p = realloc(*v, (*n + 1) * sz);

	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	memset(p + *n * sz, 0, sz);
	*v = p;
	return (int)(*n)++;
}

int sim_node_add(sim *s, const char *name)
{
	int id;

	if (!name_ok(name))
		goto inval;
	for (size_t i = 0; i < s->n_nodes; i++)
		if (strcmp(s->nodes[i].name, name) == 0)
			goto inval;
	id = grow((void **)&s->nodes, &s->n_nodes, sizeof *s->nodes);
	if (id < 0)
		return -1;
	strcpy(s->nodes[id].name, name);
	return id;
inval:
	errno = EINVAL;
	return -1;
}

int sim_group_add(sim *s, const sim_group_spec *g)
{
	sim_group *gr;
	int id;

	if (!g || g->node < 0 || (size_t)g->node >= s->n_nodes || !name_ok(g->name) ||
	    !name_ok(g->log_volume) || g->log_capacity == 0 || g->log_used > g->log_capacity)
		goto inval;
	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].name, g->name) == 0)
			goto inval;
	id = grow((void **)&s->groups, &s->n_groups, sizeof *s->groups);
	if (id < 0)
		return -1;
	gr = &s->groups[id];
	strcpy(gr->name, g->name);
	strcpy(gr->log_name, g->log_volume);
	gr->node = g->node;
	gr->log_capacity = g->log_capacity;
	gr->log_used = g->log_used;
	gr->write_bps = g->write_bytes_per_s;
	return id;
inval:
	errno = EINVAL;
	return -1;
}

int sim_volume_add(sim *s, int group, const char *name, uint64_t size)
{
	sim_group *g;
	int id;

	if (group < 0 || (size_t)group >= s->n_groups || !name_ok(name) || size == 0)
		goto inval;
	g = &s->groups[group];
	for (size_t i = 0; i < g->n_vols; i++)
		if (strcmp(g->vols[i].name, name) == 0)
			goto inval;
	id = grow((void **)&g->vols, &g->n_vols, sizeof *g->vols);
	if (id < 0)
		return -1;
	strcpy(g->vols[id].name, name);
	g->vols[id].size = size;
	return id;
inval:
	errno = EINVAL;
	return -1;
}

int sim_link_add(sim *s, int a, int b, uint64_t bps, uint64_t latency_ns)
{
	int id;

	if (a < 0 || b < 0 || (size_t)a >= s->n_nodes || (size_t)b >= s->n_nodes || a == b ||
	    bps == 0) {
		errno = EINVAL;
		return -1;
	}
	id = grow((void **)&s->links, &s->n_links, sizeof *s->links);
	if (id < 0)
		return -1;
	s->links[id].a = a;
	s->links[id].b = b;
	s->links[id].bps = bps;
	s->links[id].latency = latency_ns;
	s->links[id].heal_at = SIM_NONE;
	return id;
}

static bool volumes_fit(const sim_group *src, const sim_group *dst)
{
	if (src->n_vols == 0 || src->n_vols != dst->n_vols)
		return false;
	for (size_t i = 0; i < src->n_vols; i++)
		if (dst->vols[i].size < src->vols[i].size)
			return false;
	return true;
}

int sim_partnership_add(sim *s, int src, int dst, int link, sim_repl_mode mode)
{
	const sim_link *l;
	int id;

	if (src < 0 || dst < 0 || link < 0 || (size_t)src >= s->n_groups ||
	    (size_t)dst >= s->n_groups || (size_t)link >= s->n_links || src == dst ||
	    (mode != SIM_SYNC && mode != SIM_ASYNC))
		goto inval;
	l = &s->links[link];
	/* The link must join the two groups' nodes. */
	if (!((l->a == s->groups[src].node && l->b == s->groups[dst].node) ||
	      (l->b == s->groups[src].node && l->a == s->groups[dst].node)))
		goto inval;
	if (!volumes_fit(&s->groups[src], &s->groups[dst]))
		goto inval;
	id = grow((void **)&s->pships, &s->n_pships, sizeof *s->pships);
	if (id < 0)
		return -1;
	s->pships[id].src = src;
	s->pships[id].dst = dst;
	s->pships[id].link = link;
	s->pships[id].mode = mode;
	return id;
inval:
	errno = EINVAL;
	return -1;
}

int sim_build_pair(sim *s, uint64_t data_bytes, uint64_t bps, uint64_t latency_ns,
		   sim_repl_mode mode)
{
	uint64_t logcap = data_bytes / 8 < (1ull << 30) ? (1ull << 30) : data_bytes / 8;
	sim_group_spec g = {.log_volume = "L:", .log_capacity = logcap};
	int a, b, ga, gb, link;

	a = sim_node_add(s, "node-a");
	b = sim_node_add(s, "node-b");
	if (a < 0 || b < 0)
		return -1;
	g.node = a;
	g.name = "rg-a";
	ga = sim_group_add(s, &g);
	g.node = b;
	g.name = "rg-b";
	gb = sim_group_add(s, &g);
	if (ga < 0 || gb < 0)
		return -1;
	if (sim_volume_add(s, ga, "D:", data_bytes) < 0 ||
	    sim_volume_add(s, gb, "D:", data_bytes) < 0)
		return -1;
	link = sim_link_add(s, a, b, bps, latency_ns);
	if (link < 0)
		return -1;
	return sim_partnership_add(s, ga, gb, link, mode);
}

int sim_link_partition(sim *s, int link, uint64_t at_ns, uint64_t duration_ns)
{
	if (link < 0 || (size_t)link >= s->n_links || at_ns < s->now) {
		errno = EINVAL;
		return -1;
	}
	return sim_schedule(s, at_ns, SIM_EV_LINK_DOWN, (uint32_t)link, 0, duration_ns);
}

int sim_link_is_down(const sim *s, int link)
{
	if (link < 0 || (size_t)link >= s->n_links) {
		errno = EINVAL;
		return -1;
	}
	return s->links[link].down ? 1 : 0;
}
