/*
 * srh_stage_events.c - a scenario's engine that misbehaves
 * (provider.host.events, scenarios/FORMAT.md): the simulator's events
 * reach the provider with one mistake of a buggy or hostile engine,
 * outside the protocol prov_abi.h describes. A vendor's provider meets such
 * an engine too; the simulator itself stays as it is.
 *
 * What this engine changes in its own events (an end without its cause, a
 * fatal fault left out) the driver's timeline sees too: the checker judges
 * the provider against what the engine said. The events it adds (after the
 * end, out of range, of no kind or class, a second creation) go to the
 * provider only: none may be recorded (prov_abi.h: on_event "returns 0, or
 * -1 when the event was not recorded"), so the job a client reads is the
 * one the timeline describes.
 */
#include <stdio.h>

#include "srh_stage_int.h"

/* A fault class no profile knows (PROV_FAULT_CLASS_MAP). */
#define NO_CLASS "no_such_class"

/* An event this engine adds: its answer is not the simulator's. */
static void add(srh_stage *st, const prov_event *ev)
{
	if (st->ctx)
		(void)st->ops->on_event(st->ctx, ev);
}

/* The job's JobState again, as a STATE event, right after its creation
 * (New) and with each progress (at the progress's instant): it is no
 * change, so TimeOfLastStateChange stays the instant of the last change
 * (contract.md, invariant 9). A scenario of one job: the state followed is
 * the last one set, whichever job set it. */
static int repeat_state(srh_stage *st, const prov_event *ev)
{
	prov_event e = {.kind = PROV_EV_STATE, .time_ns = ev->time_ns, .job = ev->job};
	int rc = srh_stage_forward(st, ev);

	if (ev->kind == PROV_EV_JOB_CREATED)
		st->ev_state = CIM_JS_NEW;
	else if (ev->kind == PROV_EV_STATE)
		st->ev_state = ev->u.state.job_state;
	if (ev->kind == PROV_EV_JOB_CREATED || ev->kind == PROV_EV_PROGRESS) {
		e.u.state.job_state = st->ev_state;
		add(st, &e);
	}
	return rc;
}

/* The end without its cause (and without who asked for it): what a
 * client reads of a failed, terminated or killed job is still a full
 * CIM_Error (contract.md, the job paths). */
static int end_no_cause(srh_stage *st, const prov_event *ev)
{
	prov_event e = *ev;

	if (ev->kind == PROV_EV_FAULT && !ev->u.fault.transient &&
	    st->want.events == SCN_HOST_EV_NO_CAUSE)
		return 0;
	if (ev->kind != PROV_EV_ENDED)
		return srh_stage_forward(st, ev);
	e.u.ended.cause = NULL;
	e.u.ended.requested_by = NULL;
	return srh_stage_forward(st, &e);
}

/* Every fault, and the end's cause, without an errno (0: prov_abi.h's "or
 * 0", an engine that does not know it): the timeline shows the same, and a
 * failed job still has a full CIM_Error. */
static int no_errno(srh_stage *st, const prov_event *ev)
{
	prov_event e = *ev;
	prov_fault f;

	if (ev->kind == PROV_EV_FAULT) {
		e.u.fault.err_no = 0;
	} else if (ev->kind == PROV_EV_ENDED && ev->u.ended.cause) {
		f = *ev->u.ended.cause;
		f.err_no = 0;
		e.u.ended.cause = &f;
	}
	return srh_stage_forward(st, &e);
}

/* After the end: progress, a state, a fatal fault and another end. A
 * final JobState never changes; the job and its Error stay as they were. */
static void after_end(srh_stage *st, const prov_event *ev)
{
	prov_fault f = {.fault_class = "io_error", .err_no = 5, .volume = "data"};
	prov_event e = {.time_ns = ev->time_ns, .job = ev->job};

	e.kind = PROV_EV_PROGRESS;
	e.u.progress.phase = "copy";
	e.u.progress.percent = 50;
	add(st, &e);
	e.kind = PROV_EV_STATE;
	e.u.state.job_state = CIM_JS_RUNNING;
	add(st, &e);
	e.kind = PROV_EV_FAULT;
	e.u.fault = f;
	add(st, &e);
	e.kind = PROV_EV_ENDED;
	e.u.ended.job_state =
	    ev->u.ended.job_state == CIM_JS_COMPLETED ? CIM_JS_EXCEPTION : CIM_JS_COMPLETED;
	e.u.ended.cause = e.u.ended.job_state == CIM_JS_EXCEPTION ? &f : NULL;
	e.u.ended.requested_by = NULL;
	add(st, &e);
}

/* An end whose JobState is not final, and one whose cause is of no class.
 * Neither is an end: the job runs on. */
static void bad_end(srh_stage *st, const prov_event *ev)
{
	prov_fault f = {.fault_class = NO_CLASS};
	prov_event e = {.kind = PROV_EV_ENDED, .time_ns = ev->time_ns, .job = ev->job};

	e.u.ended.job_state = CIM_JS_RUNNING;
	add(st, &e);
	e.u.ended.job_state = CIM_JS_EXCEPTION;
	e.u.ended.cause = &f;
	add(st, &e);
}

/* Right after the job's creation, one of the misbehaviours that need a
 * job: PercentComplete over 100, a STATE of a final or a reserved
 * JobState, an end that is none, an event of no kind, faults of no class,
 * a second creation. */
static void after_created(srh_stage *st, const prov_event *ev)
{
	prov_event e = {.time_ns = ev->time_ns, .job = ev->job};

	switch (st->want.events) {
	case SCN_HOST_EV_OVER_100:
		e.kind = PROV_EV_PROGRESS;
		e.u.progress.phase = "copy";
		e.u.progress.percent = 150;
		add(st, &e);
		break;
	case SCN_HOST_EV_BAD_STATE:
		e.kind = PROV_EV_STATE;
		e.u.state.job_state = CIM_JS_COMPLETED;
		add(st, &e);
		e.u.state.job_state = 13; /* DMTF reserved */
		add(st, &e);
		break;
	case SCN_HOST_EV_BAD_END:
		bad_end(st, ev);
		break;
	case SCN_HOST_EV_UNKNOWN_KIND:
		e.kind = 99;
		add(st, &e);
		break;
	case SCN_HOST_EV_BAD_FAULT:
		e.kind = PROV_EV_FAULT;
		e.u.fault.fault_class = NO_CLASS;
		e.u.fault.transient = 1;
		add(st, &e);
		e.u.fault.transient = 0;
		add(st, &e);
		break;
	case SCN_HOST_EV_CREATED_TWICE:
		e = *ev;
		e.u.created.name = "second";
		e.u.created.owner = "intruder";
		add(st, &e);
		break;
	default:
		break;
	}
}

/* Before the job's creation: no event at all (NULL), another job's
 * creation without an owner, and its progress; a creation whose job id no
 * InstanceID can carry; an event without a job. */
static void bad_create(srh_stage *st, const prov_event *ev)
{
	char ghost[128];
	prov_event e = *ev;

	add(st, NULL);
	snprintf(ghost, sizeof(ghost), "%.100s-ghost", ev->job ? ev->job : "");
	e.job = ghost;
	e.u.created.owner = NULL;
	add(st, &e);
	e.kind = PROV_EV_PROGRESS;
	e.u.progress.phase = "copy";
	e.u.progress.percent = 10;
	add(st, &e);
	e = *ev;
	e.job = "no such:id";
	add(st, &e);
	e.job = NULL;
	add(st, &e);
}

int srh_stage_events(srh_stage *st, const prov_event *ev)
{
	int rc;

	if (!ev)
		return srh_stage_forward(st, ev);
	switch (st->want.events) {
	case SCN_HOST_EV_END_NO_CAUSE:
	case SCN_HOST_EV_NO_CAUSE:
		return end_no_cause(st, ev);
	case SCN_HOST_EV_REPEAT_STATE:
		return repeat_state(st, ev);
	case SCN_HOST_EV_NO_ERRNO:
		return no_errno(st, ev);
	case SCN_HOST_EV_BAD_CREATE:
		if (ev->kind == PROV_EV_JOB_CREATED)
			bad_create(st, ev);
		return srh_stage_forward(st, ev);
	default:
		break;
	}
	rc = srh_stage_forward(st, ev);
	if (ev->kind == PROV_EV_ENDED && st->want.events == SCN_HOST_EV_AFTER_END)
		after_end(st, ev);
	else if (ev->kind == PROV_EV_JOB_CREATED)
		after_created(st, ev);
	return rc;
}
