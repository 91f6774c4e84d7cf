/*
 * srh_events.c - the simulator's job events pass through here on their way
 * to the provider, so the run's timeline (states, progress, faults, the
 * end and its cause) is recorded as the engine sent it, whatever the
 * provider makes of it.
 */
#include <inttypes.h>
#include <string.h>

#include "srh_run_int.h"
#include "srh/cim_fmt.h"

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

/* "job B: " on the timeline of a scenario with several jobs, else "". */
static const char *job_tag(const srh_rt *rt, const srh_rjob *j, char *tag, size_t len)
{
	if (rt->n_jobs < 2 || !j->spec->id)
		return "";
	cim_fmt(tag, len, "job %.80s: ", j->spec->id);
	return tag;
}

/* The engine set JobState js at t: the checker holds TimeOfLastStateChange
 * to the instant of the last change (invariant 9). Before the job's
 * InstanceID is known (its creation, inside submit) submit feeds it. */
static void ev_state_fact(srh_rt *rt, srh_rjob *j, uint64_t t, uint16_t js)
{
	if (js != j->js)
		j->js_ns = t;
	j->js = js;
	if (j->submitted)
		srh_check_state(rt->chk, j->iid, t, js);
}

static void ev_progress(srh_rt *rt, srh_rjob *j, const prov_event *ev)
{
	char tag[96];
	const char *ph = ev->u.progress.phase ? ev->u.progress.phase : "";
	size_t pl;

	if (ev->u.progress.percent == j->pct && strcmp(ph, j->phase) == 0)
		return;
	j->pct = ev->u.progress.percent;
	pl = strnlen(ph, sizeof(j->phase) - 1);
	memcpy(j->phase, ph, pl);
	j->phase[pl] = '\0';
	srh_result_event(rt->res, ev->time_ns, SRH_TL_PROGRESS, j->js, j->pct, "%sphase %s %u%%",
			 job_tag(rt, j, tag, sizeof(tag)), ph, (unsigned)j->pct);
}

static void ev_fault(srh_rt *rt, srh_rjob *j, const prov_event *ev)
{
	char tag[96];
	const prov_fault *f = &ev->u.fault;

	srh_result_event(rt->res, ev->time_ns, SRH_TL_FAULT, j->js, j->pct,
			 "%sfault %s errno=%d %s volume=%s partner=%s offset=%" PRIu64 " detail=%s",
			 job_tag(rt, j, tag, sizeof(tag)), nz(f->fault_class), f->err_no,
			 f->transient ? "transient" : "fatal", nz(f->volume), nz(f->partner),
			 f->offset, nz(f->detail));
}

static void ev_ended(srh_rt *rt, srh_rjob *j, const prov_event *ev)
{
	char tag[96];
	const prov_fault *c = ev->u.ended.cause;

	j->ended = true;
	ev_state_fact(rt, j, ev->time_ns, ev->u.ended.job_state);
	j->end_state = j->js;
	j->ended_ns = ev->time_ns;
	j->end_class = c ? fc_of(c->fault_class) : PROV_FC_NONE;
	srh_profile_cause(j, c, ev->u.ended.requested_by);
	/* The end instant and cause as the engine sent them: the checker
	 * holds removal (E + TimeBeforeRemoval) and the Error's ownership to
	 * them. A job ending inside its own submission is told at submit. */
	if (j->submitted)
		srh_check_ended(rt->chk, j->iid, ev->time_ns, c ? c->fault_class : NULL);
	srh_result_event(rt->res, ev->time_ns, SRH_TL_ENDED, j->js, j->pct,
			 "%sended JobState %u %s cause=%s requested_by=%s",
			 job_tag(rt, j, tag, sizeof(tag)), (unsigned)j->js, js_name(j->js),
			 c ? nz(c->fault_class) : "none", nz(ev->u.ended.requested_by));
}

static void ev_record(srh_rt *rt, srh_rjob *j, const prov_event *ev)
{
	char tag[96];
	switch (ev->kind) {
	case PROV_EV_JOB_CREATED:
		ev_state_fact(rt, j, ev->time_ns, CIM_JS_NEW);
		srh_result_event(rt->res, ev->time_ns, SRH_TL_CREATED, j->js, 0,
				 "created job %s kind=%s owner=%s", nz(ev->job),
				 nz(ev->u.created.job_kind), nz(ev->u.created.owner));
		break;
	case PROV_EV_PROGRESS:
		ev_progress(rt, j, ev);
		break;
	case PROV_EV_STATE:
		ev_state_fact(rt, j, ev->time_ns, ev->u.state.job_state);
		srh_result_event(rt->res, ev->time_ns, SRH_TL_STATE, j->js, j->pct,
				 "%sJobState %u %s", job_tag(rt, j, tag, sizeof(tag)),
				 (unsigned)j->js, js_name(j->js));
		break;
	case PROV_EV_FAULT:
		ev_fault(rt, j, ev);
		break;
	case PROV_EV_ENDED:
		ev_ended(rt, j, ev);
		break;
	default:
		break;
	}
}

void srh_events_hook(void *arg, const prov_event *ev)
{
	srh_rt *rt = arg;
	srh_rjob *j = srh_jobs_of_key(rt, ev->job);

	/* An event of a job the scenario did not submit cannot come: the
	 * simulator runs only the scenario's jobs. */
	if (j)
		ev_record(rt, j, ev);
}
