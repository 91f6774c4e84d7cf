/*
 * sim_step_fault.c - the fault points a step reaches and how the job
 * reacts: a transient fault retries the step (until the budget is spent),
 * a fatal one ends the job, a broken invariant ends it as an engine bug.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim_internal.h"
#include "srh/cim_fmt.h"

static const char *vol_name(const sim *s, const sim_job *j, bool dst)
{
	const sim_group *g = dst ? sim_dst_group(s, j) : sim_src_group(s, j);
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
	f->partner = s->nodes[sim_dst_group(s, j)->node].name;
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
		f->volume = sim_src_group(s, j)->log_name;
		break;
	default:
		break;
	}
	(void)cim_fmt(detail, dlen, "%s in phase %s (%s)", p->name, sim_job_phase(j),
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
		(void)cim_fmt(more, sizeof more, "%s; retries exhausted (%u)", f->detail,
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

void sim_step_fatal(sim *s, sim_job *j, const sim_fire *fi)
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

void sim_engine_bug(sim *s, sim_job *j, const char *what)
{
	sim_fire fi = default_fire(SIM_FP_ENGINE_INVARIANT);
	char detail[SIM_DETAIL_MAX];
	prov_fault f;

	sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
	(void)cim_fmt(detail, sizeof detail, "invariant broken: %s", what);
	sim_job_fail(s, j, &f);
}

/* ---- phases ------------------------------------------------------------------------ */

/* Fault points of a network step. Returns 1 when the step must not commit
 * (the job failed, retries, or stalls). */
int sim_step_check_net(sim *s, sim_job *j, const sim_phase_def *d)
{
	sim_link *l = sim_job_link(s, j);
	sim_fire fi;

	if (sim_fp_hit(s, j, SIM_FP_PARTNER_CRASH, &fi)) {
		sim_step_fatal(s, j, &fi);
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
			(void)cim_fmt(detail, sizeof detail,
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

int sim_step_check_disk_log(sim *s, sim_job *j, const sim_phase_def *d, uint64_t *log_add)
{
	sim_group *g = sim_src_group(s, j);
	sim_fire fi;

	if (d->flags & SIM_F_AUTH && sim_fp_hit(s, j, SIM_FP_PARTNER_AUTH, &fi)) {
		sim_step_fatal(s, j, &fi);
		return 1;
	}
	if (d->flags & SIM_F_READ) {
		if (sim_fp_hit(s, j, SIM_FP_DISK_GONE, &fi)) {
			sim_step_fatal(s, j, &fi);
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
		sim_step_fatal(s, j, &fi);
		return 1;
	}
	/* The application's writes during the step land in the log. */
	*log_add = d->work == SIM_W_COPY ? sim_muldiv(g->write_bps, j->step_ns, SIM_NS_PER_S) : 0;
	if (g->log_used + *log_add > g->log_capacity) {
		char detail[SIM_DETAIL_MAX];
		prov_fault f;

		fi = default_fire(SIM_FP_LOG_APPEND);
		sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
		(void)cim_fmt(detail, sizeof detail,
			      "log %s full: %" PRIu64 " + %" PRIu64 " bytes > capacity %" PRIu64,
			      g->log_name, g->log_used, *log_add, g->log_capacity);
		sim_job_fail(s, j, &f);
		return 1;
	}
	return 0;
}
