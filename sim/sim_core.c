/*
 * sim_core.c - create/free, the clock, scheduling, small shared helpers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#ifdef FIU_ENABLE
#include <fiu.h>
#endif

__extension__ typedef unsigned __int128 sim_u128;

void sim_config_default(sim_config *c)
{
	memset(c, 0, sizeof *c);
	c->block_bytes = 1ull << 20;
	c->max_blocks = 1ull << 24;
	c->chunk_bytes = 64ull << 20;
	c->disk_bytes_per_s = 2000000000ull;
	c->progress_step = 1;
	c->start_delay_ns = SIM_NS_PER_MS;
	c->step_const_ns = SIM_NS_PER_MS;
	c->shutdown_ns = 10 * SIM_NS_PER_MS;
	c->heartbeat_interval_ns = SIM_NS_PER_S;
	c->heartbeat_deadline_ns = 30 * SIM_NS_PER_S;
	c->retry_budget = 3;
	c->retry_backoff_ns = 500 * SIM_NS_PER_MS;
	c->query_latency_ns = 100000;
	c->busy_default_ns = 60 * SIM_NS_PER_S;
	c->unreachable_query_ns = 60 * SIM_NS_PER_S;
	c->probe_count = 10;
}

static bool config_ok(const sim_config *c)
{
	return c->block_bytes > 0 && c->max_blocks > 0 && c->chunk_bytes > 0 &&
	       c->disk_bytes_per_s > 0 && c->progress_step >= 1 && c->progress_step <= 100 &&
	       c->heartbeat_interval_ns > 0 && c->heartbeat_deadline_ns > 0 && c->probe_count > 0;
}

sim *sim_new(uint64_t seed, const sim_config *cfg)
{
	sim *s = NULL;
	sim_config def;

	if (!cfg) {
		sim_config_default(&def);
		cfg = &def;
	}
	if (!config_ok(cfg)) {
		errno = EINVAL;
		goto out;
	}
#ifdef FIU_ENABLE
	if (fiu_init(0) != 0) {
		errno = EIO;
		goto out;
	}
#endif
	s = sim_xcalloc(1, sizeof *s);
	if (!s)
		goto out;
	s->cfg = *cfg;
	s->seed = seed;
	sim_rng_seed(&s->rng, seed);
	sim_host_init(s);
out:
	return s;
}

void sim_free(sim *s)
{
	if (!s)
		return;
	sim_faults_release(s);
	for (size_t i = 0; i < s->n_jobs; i++)
		sim_job_free(s->jobs[i]);
	free(s->jobs);
	for (size_t i = 0; i < s->n_groups; i++)
		free(s->groups[i].vols);
	free(s->groups);
	free(s->nodes);
	free(s->links);
	free(s->pships);
	sim_pending_free(s);
	sim_heap_free(&s->q);
	free(s);
}

uint64_t sim_now(const sim *s)
{
	return s->now;
}

uint64_t sim_seed(const sim *s)
{
	return s->seed;
}

int sim_schedule(sim *s, uint64_t t, sim_ev_kind kind, uint32_t obj, uint64_t gen, uint64_t arg)
{
	sim_ev e = {.t = t < s->now ? s->now : t,
		    .seq = s->seq++,
		    .kind = kind,
		    .obj = obj,
		    .gen = gen,
		    .arg = arg};

	if (sim_heap_push(&s->q, &e) != 0)
		return -1;
	s->st.scheduled++;
	if (s->q.n > s->st.queue_max)
		s->st.queue_max = s->q.n;
	return 0;
}

void *sim_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		errno = ENOMEM;
	return p;
}

char *sim_xstrdup(const char *str)
{
	size_t n = strlen(str) + 1;
	char *p = malloc(n);

	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(p, str, n);
	return p;
}

uint64_t sim_muldiv_ceil(uint64_t a, uint64_t b, uint64_t c)
{
	sim_u128 x = (sim_u128)a * b;
	sim_u128 q = x / c + (x % c != 0);

	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

uint64_t sim_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	sim_u128 q = (sim_u128)a * b / c;

	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

sim_job *sim_job_by_id(const sim *s, uint64_t id)
{
	if (id == 0 || id > s->n_jobs)
		return NULL;
	return s->jobs[id - 1];
}

sim_job *sim_job_by_key(const sim *s, const char *key)
{
	uint64_t id = 0;

	if (!key || !*key || strlen(key) > 20)
		return NULL;
	for (const char *p = key; *p; p++) {
		if (*p < '0' || *p > '9')
			return NULL;
		id = id * 10 + (uint64_t)(*p - '0');
	}
	return sim_job_by_id(s, id);
}

void sim_get_stats(const sim *s, sim_stats *out)
{
	*out = s->st;
}
