/*
 * sim_emit.c - job events: traced when they happen, delivered to the
 * attached provider through ops->on_event. A provider's non-zero return is
 * counted and traced; nothing else depends on it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static const char *ev_kind_name(uint32_t k)
{
	switch (k) {
	case PROV_EV_JOB_CREATED:
		return "created";
	case PROV_EV_PROGRESS:
		return "progress";
	case PROV_EV_STATE:
		return "state";
	case PROV_EV_FAULT:
		return "fault";
	case PROV_EV_ENDED:
		return "ended";
	default:
		return "?";
	}
}

static void deliver(sim *s, const prov_event *ev)
{
	int rc;

	if (!s->ops)
		return;
	s->delivering++;
	rc = s->ops->on_event(s->pctx, ev);
	s->delivering--;
	s->st.prov_events++;
	if (rc != 0) {
		s->st.prov_rejected++;
		sim_tracef(s, 1, "job=%s provider on_event %s rc=%d", ev->job,
			   ev_kind_name(ev->kind), rc);
	}
}

/* ---- deferred delivery (defer_host_events) -------------------------------- */

static int dup_into(sim_pending *p, size_t *n, const char **field)
{
	char *c;

	if (!*field)
		return 0;
	c = sim_xstrdup(*field);
	if (!c)
		return -1;
	p->str[(*n)++] = c;
	*field = c;
	return 0;
}

static void pending_free_one(sim_pending *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < sizeof p->str / sizeof p->str[0]; i++)
		free(p->str[i]);
	free(p);
}

static sim_pending *pending_copy(const prov_event *ev)
{
	sim_pending *p = sim_xcalloc(1, sizeof *p);
	size_t n = 0;
	int rc = 0;

	if (!p)
		return NULL;
	p->ev = *ev;
	rc |= dup_into(p, &n, &p->ev.job);
	switch (ev->kind) {
	case PROV_EV_JOB_CREATED:
		rc |= dup_into(p, &n, &p->ev.u.created.job_kind);
		rc |= dup_into(p, &n, &p->ev.u.created.name);
		rc |= dup_into(p, &n, &p->ev.u.created.owner);
		break;
	case PROV_EV_PROGRESS:
		rc |= dup_into(p, &n, &p->ev.u.progress.phase);
		break;
	case PROV_EV_FAULT:
		rc |= dup_into(p, &n, &p->ev.u.fault.fault_class);
		rc |= dup_into(p, &n, &p->ev.u.fault.volume);
		rc |= dup_into(p, &n, &p->ev.u.fault.partner);
		rc |= dup_into(p, &n, &p->ev.u.fault.detail);
		break;
	case PROV_EV_ENDED:
		rc |= dup_into(p, &n, &p->ev.u.ended.requested_by);
		if (ev->u.ended.cause) {
			p->cause = *ev->u.ended.cause;
			p->ev.u.ended.cause = &p->cause;
			rc |= dup_into(p, &n, &p->cause.fault_class);
			rc |= dup_into(p, &n, &p->cause.volume);
			rc |= dup_into(p, &n, &p->cause.partner);
			rc |= dup_into(p, &n, &p->cause.detail);
		}
		break;
	default:
		break;
	}
	if (rc != 0) {
		pending_free_one(p);
		return NULL;
	}
	return p;
}

static void pending_push(sim *s, const prov_event *ev)
{
	sim_pending *p;

	if (s->n_pend == s->cap_pend) {
		size_t cap = s->cap_pend ? s->cap_pend * 2 : 8;
		sim_pending **v = realloc(s->pend, cap * sizeof *v);

		if (!v)
			goto lost;
		s->pend = v;
		s->cap_pend = cap;
	}
	p = pending_copy(ev);
	if (!p)
		goto lost;
	s->pend[s->n_pend++] = p;
	return;
lost:
	sim_tracef(s, 1, "job=%s event %s lost: out of memory", ev->job, ev_kind_name(ev->kind));
}

int sim_flush_pending(sim *s)
{
	size_t i;

	/* Index loop: a delivery may queue more (the provider calling a host
	 * callback from on_event); they are delivered in the same flush. */
	for (i = 0; i < s->n_pend; i++) {
		deliver(s, &s->pend[i]->ev);
		pending_free_one(s->pend[i]);
		s->pend[i] = NULL;
	}
	s->n_pend = 0;
	return 0;
}

void sim_pending_free(sim *s)
{
	for (size_t i = 0; i < s->n_pend; i++)
		pending_free_one(s->pend[i]);
	free(s->pend);
	s->pend = NULL;
	s->n_pend = s->cap_pend = 0;
}

/* ---- building events ------------------------------------------------------- */

void sim_emit(sim *s, const prov_event *ev)
{
	if (s->cfg.defer_host_events && s->in_host)
		pending_push(s, ev);
	else
		deliver(s, ev);
}

static prov_event ev_base(const sim *s, const sim_job *j, uint32_t kind)
{
	prov_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.time_ns = s->now;
	ev.job = j->key;
	return ev;
}

void sim_emit_state(sim *s, sim_job *j)
{
	prov_event ev = ev_base(s, j, PROV_EV_STATE);

	ev.u.state.job_state = j->state;
	sim_tracef(s, 1, "job=%s state=%s", j->key, sim_state_name(j->state));
	sim_emit(s, &ev);
}

void sim_emit_progress(sim *s, sim_job *j)
{
	prov_event ev = ev_base(s, j, PROV_EV_PROGRESS);

	ev.u.progress.phase = sim_job_phase(j);
	ev.u.progress.percent = j->percent;
	j->last_pct = j->percent;
	sim_tracef(s, 1, "job=%s progress phase=%s pct=%u", j->key, ev.u.progress.phase,
		   (unsigned)j->percent);
	sim_emit(s, &ev);
}

static void trace_fault(sim *s, const sim_job *j, const char *what, const prov_fault *f)
{
	sim_tracef(s, 1,
		   "job=%s %s class=%s errno=%s transient=%d volume=%s "
		   "partner=%s offset=%" PRIu64 " pct=%u detail=\"%s\"",
		   j->key, what, f->fault_class, sim_errno_name(f->err_no), f->transient,
		   f->volume ? f->volume : "-", f->partner ? f->partner : "-", f->offset,
		   (unsigned)f->percent, f->detail ? f->detail : "");
}

void sim_emit_fault(sim *s, sim_job *j, const prov_fault *f)
{
	prov_event ev = ev_base(s, j, PROV_EV_FAULT);

	ev.u.fault = *f;
	j->faults++;
	trace_fault(s, j, "fault", f);
	sim_emit(s, &ev);
}

void sim_emit_ended(sim *s, sim_job *j, const prov_fault *cause)
{
	prov_event ev = ev_base(s, j, PROV_EV_ENDED);

	ev.u.ended.job_state = j->state;
	ev.u.ended.cause = cause;
	ev.u.ended.requested_by = j->requested_by;
	sim_tracef(s, 1, "job=%s ended state=%s cause=%s%s%s", j->key, sim_state_name(j->state),
		   cause ? cause->fault_class : "none", j->requested_by ? " by=" : "",
		   j->requested_by ? j->requested_by : "");
	sim_emit(s, &ev);
}
