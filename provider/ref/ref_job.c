/*
 * ref_job.c - a job's state as the engine's events leave it, and the
 * CIM_ConcreteJob instance a client reads from it.
 *
 * OperationalStatus is not stored: it follows from JobState (contract.md's
 * reference profile), so the two can never disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"

#include "ref.h"
#include "srh/prov_faults.h"

static char *dup0(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

void ref_cause_clear(ref_cause *c)
{
	free(c->volume);
	free(c->partner);
	free(c->detail);
	free(c->requested_by);
	memset(c, 0, sizeof *c);
	c->fc = PROV_FC_NONE;
}

/* Every string of d is its own copy or NULL (then *fail is set), so
 * ref_cause_clear frees d whether or not each copy was made. */
static void cause_copy(ref_cause *d, const ref_cause *s, bool *fail)
{
	*d = *s;
	d->volume = dup0(s->volume, fail);
	d->partner = dup0(s->partner, fail);
	d->detail = dup0(s->detail, fail);
	d->requested_by = dup0(s->requested_by, fail);
}

int ref_cause_from_fault(ref_cause *c, const prov_fault *f)
{
	ref_cause n = {.fc = prov_fault_class_find(f->fault_class)};
	bool fail = false;

	if (n.fc == PROV_FC_NONE)
		return -1;
	n.err_no = f->err_no;
	n.offset = f->offset;
	n.percent = f->percent;
	n.volume = dup0(f->volume, &fail);
	n.partner = dup0(f->partner, &fail);
	n.detail = dup0(f->detail, &fail);
	ref_fiu_do_on(PROV_FP_EVENT_ALLOC, fail = true);
	if (fail) {
		ref_cause_clear(&n);
		return -1;
	}
	ref_cause_clear(c);
	*c = n;
	return 0;
}

void ref_job_free(ref_job *j)
{
	if (!j)
		return;
	free(j->id);
	free(j->name);
	free(j->owner);
	free(j->error_desc);
	ref_cause_clear(&j->cause);
	cim_error_free(j->err);
	cim_error_free(j->unsaved);
	free(j);
}

ref_job *ref_job_clone(const ref_job *j)
{
	ref_job *n = calloc(1, sizeof *n);
	bool fail = false;

	/* The copy a client's read takes (ref_resolve), as the instance: two
	 * hits of prov/job/alloc, the record, then its strings. */
	ref_fiu_do_on(PROV_FP_JOB_ALLOC, (free(n), n = NULL));
	if (!n)
		return NULL;
	*n = *j;
	n->err = n->unsaved = NULL;
	n->id = dup0(j->id, &fail);
	n->name = dup0(j->name, &fail);
	n->owner = dup0(j->owner, &fail);
	n->error_desc = dup0(j->error_desc, &fail);
	cause_copy(&n->cause, &j->cause, &fail);
	ref_fiu_do_on(PROV_FP_JOB_ALLOC, fail = true);
	if (fail) {
		ref_job_free(n);
		return NULL;
	}
	return n;
}

bool ref_job_ended(const ref_job *j)
{
	return cim_job_state_is_final(j->state);
}

bool ref_job_has_error(const ref_job *j)
{
	return j->state == CIM_JS_EXCEPTION || j->state == CIM_JS_TERMINATED ||
	       j->state == CIM_JS_KILLED;
}

size_t ref_job_op_status(uint16_t state, uint16_t *os)
{
	switch (state) {
	case CIM_JS_NEW:
		os[0] = CIM_OS_DORMANT;
		return 1;
	case CIM_JS_COMPLETED:
		os[0] = CIM_OS_OK;
		os[1] = CIM_OS_COMPLETED;
		return 2;
	case CIM_JS_EXCEPTION:
		os[0] = CIM_OS_ERROR;
		os[1] = CIM_OS_COMPLETED;
		return 2;
	case CIM_JS_TERMINATED:
		os[0] = CIM_OS_STOPPED;
		return 1;
	case CIM_JS_KILLED:
		os[0] = CIM_OS_ABORTED;
		return 1;
	default:
		os[0] = CIM_OS_OK;
		return 1;
	}
}

bool ref_valid_local_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > REF_LOCAL_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = id[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.'))
			return false;
	}
	return true;
}

ref_job *ref_job_create(const prov_event *ev)
{
	bool fail = false;

	if (!ref_valid_local_id(ev->job) || !ev->u.created.owner)
		return NULL;
	ref_job *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->cause.fc = PROV_FC_NONE;
	j->id = dup0(ev->job, &fail);
	j->name = dup0(ev->u.created.name, &fail);
	j->owner = dup0(ev->u.created.owner, &fail);
	if (fail) {
		ref_job_free(j);
		return NULL;
	}
	j->state = CIM_JS_NEW;
	j->submitted = j->last_change = ev->time_ns;
	j->started = j->ended = CIM_TIME_NULL;
	/* contract.md, Removal: T = 0 means gone from the instant the job
	 * ends, not a default. */
	j->tbr = ev->u.created.time_before_removal_ns;
	j->doc = ev->u.created.delete_on_completion != 0;
	return j;
}

static void set_state(ref_job *j, uint16_t st, uint64_t t)
{
	if (st != j->state)
		j->last_change = t;
	j->state = st;
	if (st != CIM_JS_NEW && j->started == CIM_TIME_NULL && !cim_job_state_is_final(st))
		j->started = t;
}

static int apply_state(ref_job *j, const prov_event *ev)
{
	uint16_t st = ev->u.state.job_state;
	cim_vclass c = cim_vmap_class(&cim_vm_job_state, st);

	if (c == CIM_V_RESERVED || cim_job_state_is_final(st))
		return -1;
	set_state(j, st, ev->time_ns);
	return 0;
}

/* Terminated/Killed without a cause still says who asked, so the Error can
 * name the request (contract.md: an Error "saying the client ended it").
 * When memory runs out the job is left with no cause at all: the engine
 * does not send its end again, so the end is applied, and no Error can be
 * built for it (GetError answers 4 Failed, ref_geterror.c) rather than one
 * of a wrong or half-copied cause. */
static void end_cause(ref_job *j, const prov_event *ev)
{
	const prov_fault *f = ev->u.ended.cause;
	uint16_t st = ev->u.ended.job_state;
	char *by = NULL;
	int rc = 0;

	if (f)
		rc = ref_cause_from_fault(&j->cause, f);
	else if (st == CIM_JS_TERMINATED || st == CIM_JS_KILLED)
		rc = ref_cause_from_fault(&j->cause,
					  &(prov_fault){.fault_class = st == CIM_JS_TERMINATED
									   ? "client_terminate"
									   : "client_kill"});
	else if (st == CIM_JS_EXCEPTION && j->cause.fc == PROV_FC_NONE)
		rc = ref_cause_from_fault(&j->cause,
					  &(prov_fault){.fault_class = "engine_bug",
							.detail = "the engine reported no fault"});
	if (rc == 0 && ev->u.ended.requested_by) {
		by = strdup(ev->u.ended.requested_by);
		ref_fiu_do_on(PROV_FP_EVENT_ALLOC, (free(by), by = NULL));
		if (by) {
			free(j->cause.requested_by);
			j->cause.requested_by = by;
		} else {
			rc = -1;
		}
	}
	if (rc != 0)
		ref_cause_clear(&j->cause);
}

static int apply_ended(ref_job *j, const prov_event *ev)
{
	uint16_t st = ev->u.ended.job_state;

	/* Refused before anything changes: an end that is not final, or a
	 * cause of a class the profile does not know. */
	if (!cim_job_state_is_final(st) ||
	    (ev->u.ended.cause &&
	     prov_fault_class_find(ev->u.ended.cause->fault_class) == PROV_FC_NONE))
		return -1;
	if (st == CIM_JS_COMPLETED) {
		ref_cause_clear(&j->cause);
		j->percent = 100;
		j->error_code = 0;
	} else {
		end_cause(j, ev);
		j->error_code = j->cause.err_no > 0 && j->cause.err_no <= UINT16_MAX
				    ? (uint16_t)j->cause.err_no
				    : 1;
	}
	set_state(j, st, ev->time_ns);
	j->ended = ev->time_ns;
	return 0;
}

int ref_job_apply(ref_job *j, const prov_event *ev)
{
	if (ref_job_ended(j))
		return -1;
	switch (ev->kind) {
	case PROV_EV_PROGRESS:
		if (ev->u.progress.percent > 100)
			return -1;
		if (ev->u.progress.percent > j->percent)
			j->percent = ev->u.progress.percent;
		return 0;
	case PROV_EV_STATE:
		return apply_state(j, ev);
	case PROV_EV_FAULT:
		/* A transient fault is retried by the engine: it must leave
		 * no trace in the job's Error. */
		if (ev->u.fault.transient)
			return prov_fault_class_find(ev->u.fault.fault_class) == PROV_FC_NONE ? -1
											      : 0;
		return ref_cause_from_fault(&j->cause, &ev->u.fault);
	case PROV_EV_ENDED:
		return apply_ended(j, ev);
	default:
		return -1;
	}
}

cim_job *ref_job_instance(const ref_job *j, const char *iid, uint64_t now)
{
	cim_job *c = calloc(1, sizeof *c);
	bool fail = false;

	/* prov/job/alloc, twice: the instance, then its strings. */
	ref_fiu_do_on(PROV_FP_JOB_ALLOC, (free(c), c = NULL));
	if (!c)
		return NULL;
	c->class_name = dup0(REF_CLASS_NAME, &fail);
	c->instance_id = dup0(iid, &fail);
	c->name = dup0(j->name, &fail);
	c->owner = dup0(j->owner, &fail);
	c->error_description = dup0(j->error_desc, &fail);
	ref_fiu_do_on(PROV_FP_JOB_ALLOC, fail = true);
	if (fail) {
		cim_job_free(c);
		return NULL;
	}
	c->job_state = j->state;
	c->n_op_status = ref_job_op_status(j->state, c->op_status);
	c->time_submitted = j->submitted;
	c->start_time = j->started;
	uint64_t end = j->ended != CIM_TIME_NULL ? j->ended : now;
	c->elapsed_time = (j->started == CIM_TIME_NULL || end < j->started) ? 0 : end - j->started;
	c->time_of_last_state_change = j->last_change;
	c->time_before_removal = j->tbr;
	c->percent_complete = j->percent;
	c->error_code = j->error_code;
	c->delete_on_completion = j->doc != 0;
	return c;
}
