/*
 * srh_events.c - the simulator's job events pass through here on their way
 * to the provider, so the run's timeline (states, progress, faults, the
 * end and its cause) is recorded as the engine sent it, whatever the
 * provider makes of it.
 */
#include <inttypes.h>
#include <string.h>

#include "srh_run_int.h"

#define EV_FC_ID_(id, str, what) str,
static const char *const fc_ids[PROV_FC_COUNT] = {PROV_FAULT_CLASS_MAP(EV_FC_ID_)};
#undef EV_FC_ID_

static int fc_of(const char *id)
{
	for (int i = 0; id && i < PROV_FC_COUNT; i++)
		if (strcmp(fc_ids[i], id) == 0)
			return i;
	return PROV_FC_NONE;
}

static const char *js_name(uint16_t js)
{
	const char *n = cim_vmap_name(&cim_vm_job_state, js);
	return n ? n : "?";
}

static const char *nz(const char *s)
{
	return s ? s : "-";
}

/* The engine set JobState js at t: the checker holds TimeOfLastStateChange
 * to the instant of the last change (invariant 9). Before the job's
 * InstanceID is known (its creation, inside submit) submit feeds it. */
static void ev_state_fact(srh_rt *rt, uint64_t t, uint16_t js)
{
	if (js != rt->js)
		rt->js_ns = t;
	rt->js = js;
	if (rt->iid[0])
		srh_check_state(rt->chk, rt->iid, t, js);
}

static void ev_progress(srh_rt *rt, const prov_event *ev)
{
	const char *ph = ev->u.progress.phase ? ev->u.progress.phase : "";

	if (ev->u.progress.percent == rt->pct && strcmp(ph, rt->phase) == 0)
		return;
	rt->pct = ev->u.progress.percent;
	snprintf(rt->phase, sizeof(rt->phase), "%s", ph);
	srh_result_event(rt->res, ev->time_ns, SRH_TL_PROGRESS, rt->js, rt->pct, "phase %s %u%%",
			 ph, (unsigned)rt->pct);
}

static void ev_fault(srh_rt *rt, const prov_event *ev)
{
	const prov_fault *f = &ev->u.fault;

	srh_result_event(rt->res, ev->time_ns, SRH_TL_FAULT, rt->js, rt->pct,
			 "fault %s errno=%d %s volume=%s partner=%s offset=%" PRIu64 " detail=%s",
			 nz(f->fault_class), f->err_no, f->transient ? "transient" : "fatal",
			 nz(f->volume), nz(f->partner), f->offset, nz(f->detail));
}

static void ev_ended(srh_rt *rt, const prov_event *ev)
{
	const prov_fault *c = ev->u.ended.cause;

	rt->ended = true;
	ev_state_fact(rt, ev->time_ns, ev->u.ended.job_state);
	rt->end_state = rt->js;
	rt->ended_ns = ev->time_ns;
	rt->end_class = c ? fc_of(c->fault_class) : PROV_FC_NONE;
	/* The end instant and cause as the engine sent them: the checker
	 * holds removal (E + TimeBeforeRemoval) and the Error's ownership to
	 * them. The job is known by then (its InstanceID was set at submit). */
	if (rt->iid[0])
		srh_check_ended(rt->chk, rt->iid, ev->time_ns, c ? c->fault_class : NULL);
	srh_result_event(rt->res, ev->time_ns, SRH_TL_ENDED, rt->js, rt->pct,
			 "ended JobState %u %s cause=%s requested_by=%s", (unsigned)rt->js,
			 js_name(rt->js), c ? nz(c->fault_class) : "none",
			 nz(ev->u.ended.requested_by));
}

static void ev_record(srh_rt *rt, const prov_event *ev)
{
	switch (ev->kind) {
	case PROV_EV_JOB_CREATED:
		ev_state_fact(rt, ev->time_ns, CIM_JS_NEW);
		srh_result_event(rt->res, ev->time_ns, SRH_TL_CREATED, rt->js, 0,
				 "created job %s kind=%s owner=%s", nz(ev->job),
				 nz(ev->u.created.job_kind), nz(ev->u.created.owner));
		break;
	case PROV_EV_PROGRESS:
		ev_progress(rt, ev);
		break;
	case PROV_EV_STATE:
		ev_state_fact(rt, ev->time_ns, ev->u.state.job_state);
		srh_result_event(rt->res, ev->time_ns, SRH_TL_STATE, rt->js, rt->pct,
				 "JobState %u %s", (unsigned)rt->js, js_name(rt->js));
		break;
	case PROV_EV_FAULT:
		ev_fault(rt, ev);
		break;
	case PROV_EV_ENDED:
		ev_ended(rt, ev);
		break;
	default:
		break;
	}
}

void srh_events_hook(void *arg, const prov_event *ev)
{
	ev_record((srh_rt *)arg, ev);
}
