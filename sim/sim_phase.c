/*
 * sim_phase.c - the job kinds as phase lists, phase planning (weights for
 * PercentComplete) and the step loop: each step is one queue event at the
 * time it completes; its fault points are checked there, then its work is
 * committed and the next step scheduled.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define NET SIM_F_NET
#define CONN SIM_F_CONNECT
#define AUTH SIM_F_AUTH
#define RD SIM_F_READ
#define WR SIM_F_WRITE
#define LOG SIM_F_LOG
#define PROBES UINT32_MAX /* n_rtt = cfg.probe_count */

#define PH_CONNECT                                                                                 \
	{                                                                                          \
		"connect", NET | CONN, SIM_W_FIXED, SIM_B_NONE, 2                                  \
	}
#define PH_AUTH                                                                                    \
	{                                                                                          \
		"authenticate", NET | AUTH, SIM_W_FIXED, SIM_B_NONE, 1                             \
	}
#define PH_COPY                                                                                    \
	{                                                                                          \
		"copy", NET | RD | WR | LOG, SIM_W_COPY, SIM_B_NONE, 0                             \
	}
#define PH_REPLAY                                                                                  \
	{                                                                                          \
		"log_replay", NET | WR, SIM_W_NET, SIM_B_LOG, 0                                    \
	}
#define PH_FIX(n, f, r)                                                                            \
	{                                                                                          \
		n, f, SIM_W_FIXED, SIM_B_NONE, r                                                   \
	}

static const sim_phase_def ph_initial[] = {
    PH_CONNECT, PH_AUTH, PH_COPY, PH_REPLAY, PH_FIX("finalize", NET, 1),
};
static const sim_phase_def ph_resync[] = {
    PH_CONNECT, PH_AUTH,   {"scan", RD, SIM_W_DISK, SIM_B_BITMAP, 0},
    PH_COPY,	PH_REPLAY, PH_FIX("finalize", NET, 1),
};
static const sim_phase_def ph_test[] = {
    PH_CONNECT,
    PH_AUTH,
    PH_FIX("probe_latency", NET, PROBES),
    {"probe_throughput", NET, SIM_W_NET, SIM_B_TEST, 0},
    {"probe_io", RD | WR, SIM_W_DISK, SIM_B_TEST, 0},
    PH_FIX("report", 0, 0),
};
static const sim_phase_def ph_create[] = {
    PH_CONNECT,
    PH_AUTH,
    PH_FIX("validate", NET, 1),
    {"format_log", LOG, SIM_W_DISK, SIM_B_LOG_CAP, 0},
    PH_FIX("register", NET, 2),
    PH_FIX("commit", NET, 1),
};
static const sim_phase_def ph_switch[] = {
    PH_CONNECT,
    PH_AUTH,
    {"drain", NET | WR, SIM_W_NET, SIM_B_LOG, 0},
    PH_FIX("demote", NET, 1),
    PH_FIX("promote", NET, 1),
    PH_FIX("reverse", NET, 1),
    PH_FIX("resume", NET, 1),
};
static const sim_phase_def ph_remove[] = {
    PH_CONNECT,
    PH_FIX("stop", NET, 1),
    {"flush_log", WR, SIM_W_DISK, SIM_B_LOG, 0},
    PH_FIX("delete_log", 0, 0),
    PH_FIX("unregister", NET, 1),
};

#define N_(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const sim_phase_def *defs;
	size_t n;
} kind_phases[SIM_JOB_KIND_COUNT] = {
    [SIM_JOB_INITIAL_SYNC] = {ph_initial, N_(ph_initial)},
    [SIM_JOB_RESYNC] = {ph_resync, N_(ph_resync)},
    [SIM_JOB_TEST_TOPOLOGY] = {ph_test, N_(ph_test)},
    [SIM_JOB_CREATE_PARTNERSHIP] = {ph_create, N_(ph_create)},
    [SIM_JOB_SWITCH_DIRECTION] = {ph_switch, N_(ph_switch)},
    [SIM_JOB_REMOVE_GROUP] = {ph_remove, N_(ph_remove)},
};

const sim_phase_def *sim_kind_phases(sim_job_kind k, size_t *n)
{
	if ((unsigned)k >= SIM_JOB_KIND_COUNT)
		return NULL;
	*n = kind_phases[k].n;
	return kind_phases[k].defs;
}

const char *sim_job_phase(const sim_job *j)
{
	if (!j->in_phase || !j->phases)
		return "";
	if (j->phase_idx >= j->n_phases)
		return j->phases[j->n_phases - 1].name;
	return j->phases[j->phase_idx].name;
}

/* ---- durations ------------------------------------------------------------- */

uint64_t sim_rtt(const sim *s, const sim_job *j)
{
	return 2 * sim_job_link(s, j)->latency;
}

/* Time to move bytes over the job's link (ceil, ns). */
static uint64_t xfer_ns(const sim *s, sim_job *j, uint64_t bytes)
{
	if (bytes != j->last_xfer_bytes) {
		j->last_xfer_bytes = bytes;
		j->last_xfer_ns = sim_muldiv_ceil(bytes, 8 * SIM_NS_PER_S, sim_job_link(s, j)->bps);
	}
	return j->last_xfer_ns;
}

static uint64_t disk_ns(const sim *s, uint64_t bytes)
{
	return sim_muldiv_ceil(bytes, SIM_NS_PER_S, s->cfg.disk_bytes_per_s);
}

static uint64_t sync_rtt(const sim *s, const sim_job *j)
{
	return s->pships[j->pship].mode == SIM_SYNC ? sim_rtt(s, j) : 0;
}

static uint64_t fixed_ns(const sim *s, const sim_job *j, const sim_phase_def *d)
{
	uint64_t n = d->n_rtt == PROBES ? s->cfg.probe_count : d->n_rtt;

	return n * sim_rtt(s, j) + s->cfg.step_const_ns;
}

static sim_group *src_group(const sim *s, const sim_job *j)
{
	return &s->groups[s->pships[j->pship].src];
}

static sim_group *dst_group(const sim *s, const sim_job *j)
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
	const sim_group *g = src_group(s, j);
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

static uint64_t copy_bytes(const sim_job *j)
{
	uint64_t n = 0;

	for (size_t i = 0; i < j->n_bm; i++)
		n += sim_bitmap_dirty_bytes(&j->bm[i]);
	return n;
}

static uint64_t chunk_blocks(const sim *s, const sim_bitmap *b)
{
	uint64_t n = s->cfg.chunk_bytes / b->block;

	return n ? n : 1;
}

/* Bytes of a bulk phase: exact when it begins, estimated (log growth during
 * the copy) when the job is planned. */
static uint64_t bulk_bytes(const sim *s, const sim_job *j, const sim_phase_def *d, uint64_t copy_ns)
{
	const sim_group *g = src_group(s, j);
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
			n += chunks_of(j->bm[i].dirty, chunk_blocks(s, &j->bm[i]));
		return xfer_ns(s, j, copy_bytes(j)) + n * sync_rtt(s, j);
	case SIM_W_NET:
		bytes = bulk_bytes(s, j, d, copy_ns);
		return xfer_ns(s, j, bytes) + chunks_of(bytes, s->cfg.chunk_bytes) * sync_rtt(s, j);
	case SIM_W_DISK:
		return disk_ns(s, bulk_bytes(s, j, d, copy_ns));
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

static void percent_update(sim_job *j)
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

/* ---- fault helpers ---------------------------------------------------------------- */

static const char *vol_name(const sim *s, const sim_job *j, bool dst)
{
	const sim_group *g = dst ? dst_group(s, j) : src_group(s, j);
	size_t v = j->vol_cur < g->n_vols ? j->vol_cur : 0;

	return g->vols[v].name;
}

void sim_fault_fill(sim *s, sim_job *j, const sim_fire *fi, prov_fault *f, char *detail,
		    size_t dlen)
{
	const sim_fault_point *p = sim_fault_point_at(fi->point);

	memset(f, 0, sizeof *f);
	f->fault_class = p->class_id;
	f->err_no = fi->err_no ? fi->err_no : p->err_no;
	f->transient = p->transient;
	f->partner = s->nodes[dst_group(s, j)->node].name;
	f->offset = j->step_off;
	f->percent = j->percent;
	switch (fi->point) {
	case SIM_FP_DISK_READ:
	case SIM_FP_DISK_GONE:
		f->volume = vol_name(s, j, false);
		break;
	case SIM_FP_DISK_WRITE:
		f->volume = vol_name(s, j, true);
		break;
	case SIM_FP_LOG_APPEND:
		f->volume = src_group(s, j)->log_name;
		break;
	default:
		break;
	}
	(void)snprintf(detail, dlen, "%s in phase %s (%s)", p->name, sim_job_phase(j),
		       sim_errno_name(f->err_no));
	f->detail = detail;
}

static sim_fire default_fire(sim_fp p)
{
	return (sim_fire){.point = p, .arm = -1};
}

/* A transient fault: retry the step after the backoff, or end the job when
 * the budget is spent. */
static void step_retry(sim *s, sim_job *j, prov_fault *f)
{
	char more[SIM_DETAIL_MAX + 48];

	if (j->attempts >= s->cfg.retry_budget) {
		(void)snprintf(more, sizeof more, "%s; retries exhausted (%u)", f->detail,
			       (unsigned)s->cfg.retry_budget);
		f->detail = more;
		f->transient = 0;
		sim_job_fail(s, j, f);
		return;
	}
	j->attempts++;
	j->retries++;
	f->transient = 1;
	sim_emit_fault(s, j, f);
	sim_step_schedule(s, j, s->cfg.retry_backoff_ns);
}

static void fatal_point(sim *s, sim_job *j, const sim_fire *fi)
{
	char detail[SIM_DETAIL_MAX];
	prov_fault f;

	sim_fault_fill(s, j, fi, &f, detail, sizeof detail);
	f.transient = 0;
	sim_job_fail(s, j, &f);
}

static void retry_point(sim *s, sim_job *j, const sim_fire *fi)
{
	char detail[SIM_DETAIL_MAX];
	prov_fault f;

	sim_fault_fill(s, j, fi, &f, detail, sizeof detail);
	step_retry(s, j, &f);
}

static void engine_bug(sim *s, sim_job *j, const char *what)
{
	sim_fire fi = default_fire(SIM_FP_ENGINE_INVARIANT);
	char detail[SIM_DETAIL_MAX];
	prov_fault f;

	sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
	(void)snprintf(detail, sizeof detail, "invariant broken: %s", what);
	sim_job_fail(s, j, &f);
}

/* ---- phases ------------------------------------------------------------------------ */

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
			j->ph_total = copy_bytes(j);
			skip_clean_volumes(j);
		} else if (d->work != SIM_W_FIXED) {
			j->ph_total = bulk_bytes(s, j, d, 0);
		}
		if (d->work != SIM_W_FIXED && j->ph_total == 0) {
			j->done_work += j->weight[j->phase_idx++];
			continue; /* nothing to move: skip the phase */
		}
		if (sim_fp_hit(s, j, SIM_FP_ENGINE_OOM, &fi)) {
			fatal_point(s, j, &fi);
			return;
		}
		percent_update(j);
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
		    sim_bitmap_take(b, j->blk_cur, chunk_blocks(s, b), &j->step_end_blk);
		j->step_off = j->blk_cur * b->block;
		return xfer_ns(s, j, j->step_bytes) + sync_rtt(s, j);
	}
	case SIM_W_NET:
		bytes = left < s->cfg.chunk_bytes ? left : s->cfg.chunk_bytes;
		j->step_bytes = bytes;
		j->step_off = j->ph_done;
		return xfer_ns(s, j, bytes) + sync_rtt(s, j);
	case SIM_W_DISK:
		bytes = left < s->cfg.chunk_bytes ? left : s->cfg.chunk_bytes;
		j->step_bytes = bytes;
		j->step_off = j->ph_done;
		return disk_ns(s, bytes);
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
		engine_bug(s, j, "event queue allocation failed");
}

/* Fault points of a network step. Returns 1 when the step must not commit
 * (the job failed, retries, or stalls). */
static int check_net(sim *s, sim_job *j, const sim_phase_def *d)
{
	sim_link *l = sim_job_link(s, j);
	sim_fire fi;

	if (sim_fp_hit(s, j, SIM_FP_PARTNER_CRASH, &fi)) {
		fatal_point(s, j, &fi);
		return 1;
	}
	fi = default_fire(SIM_FP_NET_PARTITION);
	if (sim_fp_hit(s, j, SIM_FP_NET_PARTITION, &fi))
		sim_link_down(s, s->pships[j->pship].link, fi.duration);
	if (l->down) {
		if (d->flags & SIM_F_CONNECT) {
			retry_point(s, j, &fi);
		} else if (!j->stalled) {
			char detail[SIM_DETAIL_MAX];
			prov_fault f;

			j->stalled = true;
			sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
			(void)snprintf(detail, sizeof detail,
				       "partner %s unreachable in phase %s: "
				       "waiting for the link",
				       f.partner, d->name);
			f.transient = 1;
			sim_emit_fault(s, j, &f);
		}
		return 1;
	}
	if (sim_fp_hit(s, j, SIM_FP_NET_RESET, &fi)) {
		retry_point(s, j, &fi);
		return 1;
	}
	return 0;
}

static int check_disk_log(sim *s, sim_job *j, const sim_phase_def *d, uint64_t *log_add)
{
	sim_group *g = src_group(s, j);
	sim_fire fi;

	if (d->flags & SIM_F_AUTH && sim_fp_hit(s, j, SIM_FP_PARTNER_AUTH, &fi)) {
		fatal_point(s, j, &fi);
		return 1;
	}
	if (d->flags & SIM_F_READ) {
		if (sim_fp_hit(s, j, SIM_FP_DISK_GONE, &fi)) {
			fatal_point(s, j, &fi);
			return 1;
		}
		if (sim_fp_hit(s, j, SIM_FP_DISK_READ, &fi)) {
			retry_point(s, j, &fi);
			return 1;
		}
	}
	if (d->flags & SIM_F_WRITE && sim_fp_hit(s, j, SIM_FP_DISK_WRITE, &fi)) {
		retry_point(s, j, &fi);
		return 1;
	}
	if (!(d->flags & SIM_F_LOG))
		return 0;
	if (sim_fp_hit(s, j, SIM_FP_LOG_APPEND, &fi)) {
		fatal_point(s, j, &fi);
		return 1;
	}
	/* The application's writes during the step land in the log. */
	*log_add = d->work == SIM_W_COPY ? sim_muldiv(g->write_bps, j->step_ns, SIM_NS_PER_S) : 0;
	if (g->log_used + *log_add > g->log_capacity) {
		char detail[SIM_DETAIL_MAX];
		prov_fault f;

		fi = default_fire(SIM_FP_LOG_APPEND);
		sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
		(void)snprintf(detail, sizeof detail,
			       "log %s full: %" PRIu64 " + %" PRIu64 " bytes > capacity %" PRIu64,
			       g->log_name, g->log_used, *log_add, g->log_capacity);
		sim_job_fail(s, j, &f);
		return 1;
	}
	return 0;
}

/* Commit the step's work. Returns 1 when the phase is complete. */
static int commit(sim *s, sim_job *j, const sim_phase_def *d, uint64_t log_add)
{
	sim_group *g = src_group(s, j);

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
		fatal_point(s, j, &fi);
		return;
	}
	if ((d->flags & SIM_F_NET) && check_net(s, j, d))
		return;
	if (check_disk_log(s, j, d, &log_add))
		return;
	done = commit(s, j, d, log_add);
	bad = invariant_broken(j, d, done);
	if (bad) {
		engine_bug(s, j, bad);
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
		percent_update(j);
		sim_phase_begin(s, j);
		return;
	}
	percent_update(j);
	if (j->percent >= j->last_pct + s->cfg.progress_step)
		sim_emit_progress(s, j);
	sim_step_schedule(s, j, 0);
}

/* ---- public phase names ------------------------------------------------------------------ */

static const char *const names_initial[] = {"connect",	  "authenticate", "copy",
					    "log_replay", "finalize",	  NULL};
static const char *const names_resync[] = {"connect",	 "authenticate", "scan", "copy",
					   "log_replay", "finalize",	 NULL};
static const char *const names_test[] = {
    "connect", "authenticate", "probe_latency", "probe_throughput", "probe_io", "report", NULL};
static const char *const names_create[] = {"connect",  "authenticate", "validate", "format_log",
					   "register", "commit",       NULL};
static const char *const names_switch[] = {"connect", "authenticate", "drain",	"demote",
					   "promote", "reverse",      "resume", NULL};
static const char *const names_remove[] = {"connect",	 "stop",       "flush_log",
					   "delete_log", "unregister", NULL};

const char *const *sim_job_kind_phases(sim_job_kind k)
{
	static const char *const *const names[SIM_JOB_KIND_COUNT] = {
	    names_initial, names_resync, names_test, names_create, names_switch, names_remove,
	};

	return (unsigned)k < SIM_JOB_KIND_COUNT ? names[k] : NULL;
}
