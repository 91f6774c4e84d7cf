/*
 * sim_fixture.h - a simulator with the two-node pair topology and the
 * recording provider attached, for the engine tests.
 *
 * Numbers the tests compute expectations from (defaults of sim_config and
 * the pair built here):
 *   link 1 Gb/s, latency 500 us (RTT 1 ms); start delay 1 ms; a control
 *   step costs n_rtt * RTT + 1 ms; a 64 MiB chunk takes 536870912 ns.
 */
#ifndef SIM_TEST_FIXTURE_H
#define SIM_TEST_FIXTURE_H

#include <criterion/criterion.h>

#include "rec_provider.h"
#include "sim.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)
#define MS 1000000ull
#define SEC 1000000000ull
#define LINK_BPS 1000000000ull
#define LATENCY_NS 500000ull
#define RTT_NS (2 * LATENCY_NS)
#define CHUNK_NS 536870912ull /* 64 MiB * 8 bits / 1 Gb/s */

typedef struct fx {
	sim *s;
	prov_ctx *rec;
	int pship;
} fx;

static inline void fx_open_cfg(fx *f, uint64_t seed, const sim_config *cfg, uint64_t data,
			       sim_repl_mode mode)
{
	prov_config pc = {.abi_version = PROV_ABI_VERSION};
	char err[128];

	f->s = sim_new(seed, cfg);
	cr_assert_not_null(f->s);
	f->pship = sim_build_pair(f->s, data, LINK_BPS, LATENCY_NS, mode);
	cr_assert_geq(f->pship, 0);
	pc.host = sim_host(f->s);
	f->rec = rec_ops()->open(&pc, err, sizeof err);
	cr_assert_not_null(f->rec);
	cr_assert_eq(sim_attach_provider(f->s, rec_ops(), f->rec), 0);
}

static inline void fx_open(fx *f, uint64_t data)
{
	fx_open_cfg(f, 1, NULL, data, SIM_ASYNC);
}

static inline void fx_close(fx *f)
{
	sim_detach_provider(f->s);
	rec_ops()->close(f->rec);
	sim_free(f->s);
}

static inline uint64_t fx_submit(fx *f, sim_job_kind k)
{
	sim_job_spec js;
	uint64_t id = 0;

	sim_job_spec_default(&js, k, f->pship);
	cr_assert_eq(sim_job_submit(f->s, &js, &id), 0);
	return id;
}

static inline int fx_run_end(fx *f, uint64_t id)
{
	sim_until u = {.kind = SIM_UNTIL_ENDED};

	return sim_run_until_job(f->s, id, &u, 0);
}

static inline const rec_event *fx_last(const fx *f)
{
	cr_assert_gt(f->rec->n, 0);
	return &f->rec->ev[f->rec->n - 1];
}

/* PercentComplete of the progress events never falls and ends at 100. */
static inline void fx_check_progress(const fx *f)
{
	uint16_t last = 0;
	size_t n = 0;

	for (size_t i = 0; i < f->rec->n; i++) {
		const rec_event *e = &f->rec->ev[i];

		if (e->kind != PROV_EV_PROGRESS)
			continue;
		cr_assert_geq(e->pct, last, "percent fell %u -> %u at event %zu", last, e->pct, i);
		cr_assert_leq(e->pct, 100);
		last = e->pct;
		n++;
	}
	cr_assert_gt(n, 0);
	cr_assert_eq(last, 100);
}

#endif
