/*
 * sim_step.c - the step loop: each step is one queue event at the time it
 * completes; its fault points are checked there (sim_step_fault.c), then
 * its work is committed and the next step scheduled.
 */
#include <inttypes.h>

#include "sim_internal.h"

static void skip_clean_volumes(sim_job *j)
{
	while (j->vol_cur < j->n_bm && j->bm[j->vol_cur].dirty == 0) {
		j->vol_cur++;
		j->blk_cur = 0;
	}
}

static void job_complete(sim *s, sim_job *j)
{
	sim_pship *p = &s->pships[j->pship];

	j->percent = 100;
	if (j->last_pct < 100)
		sim_emit_progress(s, j);
	switch (j->kind) {
	case SIM_JOB_CREATE_PARTNERSHIP:
		p->established = true;
		break;
	case SIM_JOB_SWITCH_DIRECTION: {
		int t = p->src;

		p->src = p->dst;
		p->dst = t;
		break;
	}
	case SIM_JOB_REMOVE_GROUP:
		s->groups[p->dst].removed = true;
		p->removed = true;
		break;
	default:
		break;
	}
	sim_job_end(s, j, CIM_JS_COMPLETED, NULL);
}

void sim_phase_begin(sim *s, sim_job *j)
{
	for (;;) {
		const sim_phase_def *d;
		sim_fire fi;

		if (j->phase_idx >= j->n_phases) {
			job_complete(s, j);
			return;
		}
		d = &j->phases[j->phase_idx];
		j->in_phase = true;
		j->ph_total = j->ph_done = 0;
		j->vol_cur = 0;
		j->blk_cur = 0;
		j->attempts = 0;
		if (d->work == SIM_W_COPY) {
			j->ph_total = sim_copy_bytes(j);
			skip_clean_volumes(j);
		} else if (d->work != SIM_W_FIXED) {
			j->ph_total = sim_bulk_bytes(s, j, d, 0);
		}
		if (d->work != SIM_W_FIXED && j->ph_total == 0) {
			j->done_work += j->weight[j->phase_idx++];
			continue; /* nothing to move: skip the phase */
		}
		if (sim_fp_hit(s, j, SIM_FP_ENGINE_OOM, &fi)) {
			sim_step_fatal(s, j, &fi);
			return;
		}
		sim_percent_update(j);
		sim_emit_progress(s, j);
		sim_step_schedule(s, j, 0);
		return;
	}
}

/* ---- steps ---------------------------------------------------------------------------- */

static uint64_t step_work(sim *s, sim_job *j, const sim_phase_def *d)
{
	uint64_t left = j->ph_total - j->ph_done;
	uint64_t bytes;

	switch (d->work) {
	case SIM_W_FIXED:
		j->step_bytes = 0;
		j->step_off = 0;
		return j->weight[j->phase_idx];
	case SIM_W_COPY: {
		sim_bitmap *b = &j->bm[j->vol_cur < j->n_bm ? j->vol_cur : 0];

		j->step_bytes =
		    sim_bitmap_take(b, j->blk_cur, sim_chunk_blocks(s, b), &j->step_end_blk);
		j->step_off = j->blk_cur * b->block;
		return sim_xfer_ns(s, j, j->step_bytes) + sim_sync_rtt(s, j);
	}
	case SIM_W_NET:
		bytes = left < s->cfg.chunk_bytes ? left : s->cfg.chunk_bytes;
		j->step_bytes = bytes;
		j->step_off = j->ph_done;
		return sim_xfer_ns(s, j, bytes) + sim_sync_rtt(s, j);
	case SIM_W_DISK:
		bytes = left < s->cfg.chunk_bytes ? left : s->cfg.chunk_bytes;
		j->step_bytes = bytes;
		j->step_off = j->ph_done;
		return sim_disk_ns(s, bytes);
	}
	return 0;
}

void sim_step_schedule(sim *s, sim_job *j, uint64_t extra)
{
	const sim_phase_def *d = &j->phases[j->phase_idx];
	uint64_t dur = step_work(s, j, d) + extra;
	sim_fire fi;

	if (d->flags & SIM_F_NET) {
		if (sim_fp_hit(s, j, SIM_FP_NET_LATENCY, &fi)) {
			uint64_t add = fi.duration ? fi.duration : SIM_NS_PER_S;

			sim_tracef(s, 1, "job=%s latency +%" PRIu64 "ns phase=%s", j->key, add,
				   d->name);
			dur += add;
		}
		if (s->cfg.net_jitter_ns)
			dur += sim_rng_upto(&s->rng, s->cfg.net_jitter_ns);
	}
	j->step_ns = dur;
	sim_tracef(s, 2, "job=%s step phase=%s bytes=%" PRIu64 " offset=%" PRIu64 " dur=%" PRIu64,
		   j->key, d->name, j->step_bytes, j->step_off, dur);
	if (sim_schedule(s, s->now + dur, SIM_EV_STEP, (uint32_t)(j->id - 1), j->gen, 0) != 0)
		sim_engine_bug(s, j, "event queue allocation failed");
}

static int commit(sim *s, sim_job *j, const sim_phase_def *d, uint64_t log_add)
{
	sim_group *g = sim_src_group(s, j);

	g->log_used += log_add;
	switch (d->work) {
	case SIM_W_FIXED:
		return 1;
	case SIM_W_COPY:
		sim_bitmap_clear(&j->bm[j->vol_cur], j->blk_cur, j->step_end_blk);
		j->blk_cur = j->step_end_blk;
		j->ph_done += j->step_bytes;
		skip_clean_volumes(j);
		return j->vol_cur >= j->n_bm;
	case SIM_W_NET:
	case SIM_W_DISK:
		j->ph_done += j->step_bytes;
		if (d->bytes == SIM_B_LOG)
			g->log_used -= j->step_bytes < g->log_used ? j->step_bytes : g->log_used;
		return j->ph_done >= j->ph_total;
	}
	return 1;
}

static const char *invariant_broken(const sim_job *j, const sim_phase_def *d, bool phase_done)
{
	if (j->ph_done > j->ph_total)
		return "phase moved more bytes than planned";
	if (j->done_work > j->total_work)
		return "done work exceeds total";
	if (d->work == SIM_W_COPY && j->step_bytes == 0)
		return "copy step found no dirty block";
	if (d->work == SIM_W_COPY && phase_done) {
		for (size_t i = 0; i < j->n_bm; i++)
			if (sim_bitmap_count(&j->bm[i]) != 0)
				return "dirty blocks left after copy";
		if (j->ph_done != j->ph_total)
			return "copied bytes differ from dirty bytes";
	}
	return NULL;
}

void sim_on_step(sim *s, sim_job *j)
{
	const sim_phase_def *d = &j->phases[j->phase_idx];
	uint64_t log_add = 0;
	const char *bad;
	sim_fire fi;
	int done;

	if (sim_fp_hit(s, j, SIM_FP_ENGINE_INVARIANT, &fi)) {
		sim_step_fatal(s, j, &fi);
		return;
	}
	if ((d->flags & SIM_F_NET) && sim_step_check_net(s, j, d))
		return;
	if (sim_step_check_disk_log(s, j, d, &log_add))
		return;
	done = commit(s, j, d, log_add);
	bad = invariant_broken(j, d, done);
	if (bad) {
		sim_engine_bug(s, j, bad);
		return;
	}
	j->attempts = 0;
	if (d->flags & SIM_F_CONNECT) {
		j->connected = true;
		j->connected_at = s->now;
	}
	if (done) {
		j->done_work += j->weight[j->phase_idx++];
		j->ph_total = j->ph_done = 0;
		sim_percent_update(j);
		sim_phase_begin(s, j);
		return;
	}
	sim_percent_update(j);
	if (j->percent >= j->last_pct + s->cfg.progress_step)
		sim_emit_progress(s, j);
	sim_step_schedule(s, j, 0);
}
