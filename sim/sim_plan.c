/*
 * sim_plan.c - a job's plan: how long each kind of work takes, the weight
 * of each phase (its share of PercentComplete), and the percent itself.
 */
#include "sim_internal.h"

/* ---- durations ------------------------------------------------------------- */

uint64_t sim_rtt(const sim *s, const sim_job *j)
{
	return 2 * sim_job_link(s, j)->latency;
}

/* Time to move bytes over the job's link (ceil, ns). */
uint64_t sim_xfer_ns(const sim *s, sim_job *j, uint64_t bytes)
{
	if (bytes != j->last_xfer_bytes) {
		j->last_xfer_bytes = bytes;
		j->last_xfer_ns = sim_muldiv_ceil(bytes, 8 * SIM_NS_PER_S, sim_job_link(s, j)->bps);
	}
	return j->last_xfer_ns;
}

uint64_t sim_disk_ns(const sim *s, uint64_t bytes)
{
	return sim_muldiv_ceil(bytes, SIM_NS_PER_S, s->cfg.disk_bytes_per_s);
}

uint64_t sim_sync_rtt(const sim *s, const sim_job *j)
{
	return s->pships[j->pship].mode == SIM_SYNC ? sim_rtt(s, j) : 0;
}

static uint64_t fixed_ns(const sim *s, const sim_job *j, const sim_phase_def *d)
{
	uint64_t n = d->n_rtt == SIM_N_RTT_PROBES ? s->cfg.probe_count : d->n_rtt;

	return n * sim_rtt(s, j) + s->cfg.step_const_ns;
}

sim_group *sim_src_group(const sim *s, const sim_job *j)
{
	return &s->groups[s->pships[j->pship].src];
}

sim_group *sim_dst_group(const sim *s, const sim_job *j)
{
	return &s->groups[s->pships[j->pship].dst];
}

static uint64_t chunks_of(uint64_t bytes, uint64_t chunk)
{
	return bytes / chunk + (bytes % chunk != 0);
}

/* ---- planning ----------------------------------------------------------------- */

static uint64_t block_size(const sim *s, uint64_t size)
{
	uint64_t b = s->cfg.block_bytes;

	while (size / b + (size % b != 0) > s->cfg.max_blocks)
		b *= 2;
	return b;
}

static int bitmaps_build(sim *s, sim_job *j)
{
	const sim_group *g = sim_src_group(s, j);
	uint64_t total = 0;

	for (size_t i = 0; i < g->n_vols; i++)
		total += g->vols[i].size;
	j->bm = sim_xcalloc(g->n_vols, sizeof *j->bm);
	if (!j->bm)
		return -1;
	j->n_bm = g->n_vols;
	for (size_t i = 0; i < g->n_vols; i++) {
		sim_bitmap *b = &j->bm[i];
		uint64_t bs = block_size(s, g->vols[i].size);

		if (sim_bitmap_init(b, g->vols[i].size, bs) != 0)
			return -1;
		if (j->kind == SIM_JOB_INITIAL_SYNC) {
			sim_bitmap_set_all(b);
		} else {
			uint64_t want = j->dirty_req ? j->dirty_req : total / 10;
			uint64_t v = sim_muldiv_ceil(want, g->vols[i].size, total);

			sim_bitmap_set_spread(b, chunks_of(v, bs));
		}
	}
	return 0;
}

uint64_t sim_copy_bytes(const sim_job *j)
{
	uint64_t n = 0;

	for (size_t i = 0; i < j->n_bm; i++)
		n += sim_bitmap_dirty_bytes(&j->bm[i]);
	return n;
}

uint64_t sim_chunk_blocks(const sim *s, const sim_bitmap *b)
{
	uint64_t n = s->cfg.chunk_bytes / b->block;

	return n ? n : 1;
}

/* Bytes of a bulk phase: exact when it begins, estimated (log growth during
 * the copy) when the job is planned. */
uint64_t sim_bulk_bytes(const sim *s, const sim_job *j, const sim_phase_def *d, uint64_t copy_ns)
{
	const sim_group *g = sim_src_group(s, j);
	uint64_t n = 0;

	switch (d->bytes) {
	case SIM_B_TEST:
		return j->test_bytes;
	case SIM_B_LOG:
		return g->log_used + sim_muldiv(g->write_bps, copy_ns, SIM_NS_PER_S);
	case SIM_B_LOG_CAP:
		return g->log_capacity;
	case SIM_B_BITMAP:
		for (size_t i = 0; i < j->n_bm; i++)
			n += (j->bm[i].nblocks + 7) / 8;
		return n;
	default:
		return 0;
	}
}

static uint64_t phase_weight(const sim *s, sim_job *j, const sim_phase_def *d, uint64_t copy_ns)
{
	uint64_t bytes, n = 0;

	switch (d->work) {
	case SIM_W_FIXED:
		return fixed_ns(s, j, d);
	case SIM_W_COPY:
		for (size_t i = 0; i < j->n_bm; i++)
			n += chunks_of(j->bm[i].dirty, sim_chunk_blocks(s, &j->bm[i]));
		return sim_xfer_ns(s, j, sim_copy_bytes(j)) + n * sim_sync_rtt(s, j);
	case SIM_W_NET:
		bytes = sim_bulk_bytes(s, j, d, copy_ns);
		return sim_xfer_ns(s, j, bytes) +
		       chunks_of(bytes, s->cfg.chunk_bytes) * sim_sync_rtt(s, j);
	case SIM_W_DISK:
		return sim_disk_ns(s, sim_bulk_bytes(s, j, d, copy_ns));
	}
	return 0;
}

int sim_job_plan(sim *s, sim_job *j)
{
	uint64_t copy_ns = 0;

	j->phases = sim_kind_phases(j->kind, &j->n_phases);
	if (j->kind == SIM_JOB_INITIAL_SYNC || j->kind == SIM_JOB_RESYNC)
		if (bitmaps_build(s, j) != 0)
			return -1;
	j->total_work = 0;
	for (size_t i = 0; i < j->n_phases; i++) {
		j->weight[i] = phase_weight(s, j, &j->phases[i], copy_ns);
		if (j->phases[i].work == SIM_W_COPY)
			copy_ns = j->weight[i];
		j->total_work += j->weight[i];
	}
	if (j->total_work == 0)
		j->total_work = 1;
	return 0;
}

/* ---- percent ------------------------------------------------------------------ */

void sim_percent_update(sim_job *j)
{
	uint64_t done = j->done_work;
	uint16_t pct;

	if (j->phase_idx < j->n_phases && j->ph_total)
		done += sim_muldiv(j->weight[j->phase_idx], j->ph_done, j->ph_total);
	pct = (uint16_t)sim_muldiv(done, 100, j->total_work);
	if (pct > 100)
		pct = 100;
	if (pct > j->percent) /* never falls */
		j->percent = pct;
}
