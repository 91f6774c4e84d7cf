/*
 * sim_job.c - jobs: submission, the JobState lifecycle, the end of a job
 * and client requests (Start, Suspend, Terminate, Kill).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "srh/cim_fmt.h"

#define SIM_JK_NAME_(id, name) name,
static const char *const kind_names[] = {SIM_JOB_KIND_MAP(SIM_JK_NAME_)};
#undef SIM_JK_NAME_

const char *sim_job_kind_name(sim_job_kind k)
{
	return (unsigned)k < SIM_JOB_KIND_COUNT ? kind_names[k] : NULL;
}

int sim_job_kind_parse(const char *name)
{
	for (int i = 0; name && i < SIM_JOB_KIND_COUNT; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}

void sim_job_spec_default(sim_job_spec *js, sim_job_kind kind, int partnership)
{
	memset(js, 0, sizeof *js);
	js->kind = kind;
	js->partnership = partnership;
	js->time_before_removal_ns = 300 * SIM_NS_PER_S;
	js->delete_on_completion = 1;
}

void sim_job_free(sim_job *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n_bm; i++)
		sim_bitmap_free(&j->bm[i]);
	free(j->bm);
	free(j->name);
	free(j->owner);
	free(j->requested_by);
	free(j);
}

static bool spec_ok(const sim *s, const sim_job_spec *js)
{
	const sim_pship *p;

	if (!js || (unsigned)js->kind >= SIM_JOB_KIND_COUNT || js->partnership < 0 ||
	    (size_t)js->partnership >= s->n_pships)
		return false;
	p = &s->pships[js->partnership];
	if (p->removed || s->groups[p->src].removed || s->groups[p->dst].removed)
		return false;
	if (js->name && strlen(js->name) > 255)
		return false;
	if (js->owner && strlen(js->owner) > 255)
		return false;
	return true;
}

static int jobs_reserve(sim *s)
{
	if (s->n_jobs == s->cap_jobs) {
		size_t cap = s->cap_jobs ? s->cap_jobs * 2 : 8;
		sim_job **v = realloc(s->jobs, cap * sizeof *v);

		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		s->jobs = v;
		s->cap_jobs = cap;
	}
	return 0;
}

static sim_job *job_new(sim *s, const sim_job_spec *js)
{
	sim_job *j = sim_xcalloc(1, sizeof *j);
	char def[300];

	if (!j)
		return NULL;
	j->id = s->n_jobs + 1;
	(void)cim_fmt(j->key, sizeof j->key, "%" PRIu64, j->id);
	j->kind = js->kind;
	(void)cim_fmt(def, sizeof def, "%s %" PRIu64, sim_job_kind_name(js->kind), j->id);
	j->name = sim_xstrdup(js->name ? js->name : def);
	j->owner = sim_xstrdup(js->owner ? js->owner : "SYSTEM");
	if (!j->name || !j->owner) {
		sim_job_free(j);
		return NULL;
	}
	j->pship = js->partnership;
	j->time_limit = js->time_limit_ns;
	j->tbr = js->time_before_removal_ns;
	j->doc = js->delete_on_completion ? 1 : 0;
	j->hold = js->hold ? 1 : 0;
	j->dirty_req = js->dirty_bytes;
	j->test_bytes = js->test_bytes ? js->test_bytes : 256ull << 20;
	j->state = CIM_JS_NEW;
	j->cause_fc = PROV_FC_NONE;
	j->submitted = s->now;
	j->started = j->running = j->ended_at = j->connected_at = SIM_NONE;
	return j;
}

static void emit_created(sim *s, sim_job *j)
{
	prov_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = PROV_EV_JOB_CREATED;
	ev.time_ns = s->now;
	ev.job = j->key;
	ev.u.created.job_kind = sim_job_kind_name(j->kind);
	ev.u.created.name = j->name;
	ev.u.created.owner = j->owner;
	ev.u.created.time_before_removal_ns = j->tbr;
	ev.u.created.time_limit_ns = j->time_limit;
	ev.u.created.delete_on_completion = j->doc;
	sim_tracef(s, 1,
		   "job=%s created kind=%s owner=%s limit=%" PRIu64 " tbr=%" PRIu64
		   " doc=%d hold=%d name=\"%s\"",
		   j->key, ev.u.created.job_kind, j->owner, j->time_limit, j->tbr, j->doc, j->hold,
		   j->name);
	sim_emit(s, &ev);
}

int sim_job_submit(sim *s, const sim_job_spec *js, uint64_t *job_id)
{
	sim_job *j;

	if (!spec_ok(s, js) || !job_id) {
		errno = EINVAL;
		return -1;
	}
	if (jobs_reserve(s) != 0)
		return -1;
	j = job_new(s, js);
	if (!j)
		return -1;
	if (!j->hold &&
	    sim_schedule(s, s->now, SIM_EV_JOB_START, (uint32_t)(j->id - 1), j->gen, 0) != 0) {
		sim_job_free(j);
		return -1;
	}
	s->jobs[s->n_jobs++] = j;
	*job_id = j->id;
	emit_created(s, j);
	return 0;
}

const char *sim_job_key(const sim *s, uint64_t id)
{
	const sim_job *j = sim_job_by_id(s, id);

	return j ? j->key : NULL;
}

int sim_job_get(const sim *s, uint64_t id, sim_job_info *o)
{
	const sim_job *j = sim_job_by_id(s, id);

	if (!j || !o) {
		errno = ENOENT;
		return -1;
	}
	memset(o, 0, sizeof *o);
	o->id = j->id;
	o->key = j->key;
	o->kind = j->kind;
	o->job_state = j->state;
	o->percent = j->percent;
	o->phase = sim_job_phase(j);
	o->ended = j->ended;
	o->stalled = j->stalled;
	o->cause = j->cause_fc;
	o->submitted_ns = j->submitted;
	o->started_ns = j->started;
	o->running_ns = j->running;
	o->ended_ns = j->ended_at;
	o->connected_ns = j->connected_at;
	o->retries = j->retries;
	o->faults = j->faults;
	return 0;
}

/* ---- lifecycle ----------------------------------------------------------------- */

void sim_job_set_state(sim *s, sim_job *j, uint16_t js)
{
	j->state = js;
	sim_emit_state(s, j);
}

static int class_index(const char *id)
{
	for (int i = 0; i < PROV_FC_COUNT; i++)
		if (strcmp(sim_fault_class_id(i), id) == 0)
			return i;
	return PROV_FC_NONE;
}

void sim_job_end(sim *s, sim_job *j, uint16_t js, const prov_fault *cause)
{
	if (j->ended)
		return;
	j->state = js;
	j->ended = true;
	j->stalled = false;
	j->ended_at = s->now;
	j->gen++; /* cancels the queued step / shutdown */
	j->cause_fc = cause ? class_index(cause->fault_class) : PROV_FC_NONE;
	for (size_t i = 0; i < j->n_bm; i++)
		sim_bitmap_free(&j->bm[i]);
	free(j->bm);
	j->bm = NULL;
	j->n_bm = 0;
	sim_emit_ended(s, j, cause);
}

void sim_job_fail(sim *s, sim_job *j, const prov_fault *f)
{
	prov_fault fatal = *f;

	fatal.transient = 0;
	sim_emit_fault(s, j, &fatal);
	sim_job_end(s, j, CIM_JS_EXCEPTION, &fatal);
}

static void oom_fail(sim *s, sim_job *j, const char *what)
{
	char detail[SIM_DETAIL_MAX];
	sim_fire fi = {.point = SIM_FP_ENGINE_OOM, .arm = -1};
	prov_fault f;

	sim_fault_fill(s, j, &fi, &f, detail, sizeof detail);
	(void)cim_fmt(detail, sizeof detail, "out of memory: %s", what);
	sim_job_fail(s, j, &f);
}

void sim_on_job_start(sim *s, sim_job *j)
{
	j->started = s->now;
	sim_job_set_state(s, j, CIM_JS_STARTING);
	if (j->time_limit && sim_schedule(s, s->now + j->time_limit, SIM_EV_TIME_LIMIT,
					  (uint32_t)(j->id - 1), 0, 0) != 0) {
		oom_fail(s, j, "event queue");
		return;
	}
	if (sim_schedule(s, s->now + s->cfg.start_delay_ns, SIM_EV_JOB_RUN, (uint32_t)(j->id - 1),
			 j->gen, 0) != 0)
		oom_fail(s, j, "event queue");
}

void sim_on_job_run(sim *s, sim_job *j)
{
	if (sim_job_plan(s, j) != 0) {
		oom_fail(s, j, "dirty-block bitmap");
		return;
	}
	j->running = s->now;
	sim_job_set_state(s, j, CIM_JS_RUNNING);
	sim_phase_begin(s, j);
}

void sim_on_time_limit(sim *s, sim_job *j)
{
	char detail[SIM_DETAIL_MAX];
	prov_fault f = {
	    .fault_class = "timeout",
	    .err_no = ETIMEDOUT,
	    .partner = s->nodes[s->groups[s->pships[j->pship].dst].node].name,
	    .percent = j->percent,
	    .detail = detail,
	};

	if (j->ended || j->state == CIM_JS_SHUTTING_DOWN)
		return;
	(void)cim_fmt(detail, sizeof detail,
		      "job time limit %" PRIu64 ".%09" PRIu64 "s exceeded in phase %s",
		      j->time_limit / SIM_NS_PER_S, j->time_limit % SIM_NS_PER_S, sim_job_phase(j));
	sim_job_fail(s, j, &f);
}

static void client_end(sim *s, sim_job *j, uint16_t js)
{
	char detail[SIM_DETAIL_MAX];
	bool kill = js == CIM_JS_KILLED;
	prov_fault f = {
	    .fault_class = kill ? "client_kill" : "client_terminate",
	    .percent = j->percent,
	    .detail = detail,
	};

	(void)cim_fmt(detail, sizeof detail, "RequestStateChange(%s) by %s",
		      kill ? "Kill" : "Terminate", j->requested_by ? j->requested_by : "unknown");
	sim_job_end(s, j, js, &f);
}

void sim_on_shutdown(sim *s, sim_job *j)
{
	if (!j->ended && j->state == CIM_JS_SHUTTING_DOWN)
		client_end(s, j, CIM_JS_TERMINATED);
}

/* ---- client requests ----------------------------------------------------------------- */

static int set_requester(sim_job *j, const char *who)
{
	char *c = sim_xstrdup(who ? who : "unknown");

	if (!c)
		return -1;
	free(j->requested_by);
	j->requested_by = c;
	return 0;
}

static int req_start(sim *s, sim_job *j)
{
	if (j->state == CIM_JS_NEW && j->hold) {
		j->hold = 0;
		sim_on_job_start(s, j);
		return PROV_HOST_STARTED;
	}
	if (j->state != CIM_JS_SUSPENDED)
		return PROV_HOST_REJECTED;
	if (j->running == SIM_NONE) { /* suspended while Starting */
		sim_on_job_run(s, j);
		return PROV_HOST_OK;
	}
	sim_job_set_state(s, j, CIM_JS_RUNNING);
	sim_deadline_arm(s, j);
	sim_step_schedule(s, j, 0); /* the interrupted step starts over */
	return PROV_HOST_OK;
}

static int req_suspend(sim *s, sim_job *j)
{
	if (j->state != CIM_JS_RUNNING && j->state != CIM_JS_STARTING)
		return PROV_HOST_REJECTED;
	j->gen++; /* the step in flight is abandoned */
	j->stalled = false;
	sim_job_set_state(s, j, CIM_JS_SUSPENDED);
	return PROV_HOST_OK;
}

static int req_terminate(sim *s, sim_job *j, const char *who)
{
	if (j->ended || j->state == CIM_JS_SHUTTING_DOWN)
		return PROV_HOST_REJECTED;
	if (set_requester(j, who) != 0)
		return PROV_HOST_ERROR;
	if (j->state == CIM_JS_NEW) {
		client_end(s, j, CIM_JS_TERMINATED); /* nothing to stop */
		return PROV_HOST_OK;
	}
	j->gen++;
	j->stalled = false;
	sim_job_set_state(s, j, CIM_JS_SHUTTING_DOWN);
	if (sim_schedule(s, s->now + s->cfg.shutdown_ns + sim_rtt(s, j), SIM_EV_SHUTDOWN,
			 (uint32_t)(j->id - 1), j->gen, 0) != 0) {
		client_end(s, j, CIM_JS_TERMINATED); /* stop at once */
		return PROV_HOST_OK;
	}
	return PROV_HOST_STARTED;
}

static int req_kill(sim *s, sim_job *j, const char *who)
{
	if (j->ended)
		return PROV_HOST_REJECTED;
	if (set_requester(j, who) != 0)
		return PROV_HOST_ERROR;
	client_end(s, j, CIM_JS_KILLED);
	return PROV_HOST_OK;
}

static const char *rq_name(uint16_t rq)
{
	switch (rq) {
	case CIM_RS_START:
		return "Start";
	case CIM_RS_SUSPEND:
		return "Suspend";
	case CIM_RS_TERMINATE:
		return "Terminate";
	case CIM_RS_KILL:
		return "Kill";
	case CIM_RS_SERVICE:
		return "Service";
	default:
		return "?";
	}
}

static const char *host_rc_name(int rc)
{
	static const char *const n[] = {"OK",	       "STARTED", "REJECTED",
					"UNSUPPORTED", "NO_JOB",  "ERROR"};

	return rc >= 0 && rc <= PROV_HOST_ERROR ? n[rc] : "?";
}

int sim_request(sim *s, uint64_t id, uint16_t rq, const char *who)
{
	sim_job *j = sim_job_by_id(s, id);
	int rc;

	if (!j)
		return PROV_HOST_NO_JOB;
	if (s->delivering) {
		/* From inside on_event: the engine is mid-event and would
		 * change under its own feet. */
		sim_tracef(s, 1, "job=%s request %s by %s -> ERROR (re-entry)", j->key, rq_name(rq),
			   who ? who : "unknown");
		return PROV_HOST_ERROR;
	}
	switch (rq) {
	case CIM_RS_START:
		rc = req_start(s, j);
		break;
	case CIM_RS_SUSPEND:
		rc = req_suspend(s, j);
		break;
	case CIM_RS_TERMINATE:
		rc = req_terminate(s, j, who);
		break;
	case CIM_RS_KILL:
		rc = req_kill(s, j, who);
		break;
	default:
		rc = PROV_HOST_UNSUPPORTED;
		break;
	}
	sim_tracef(s, 1, "job=%s request %s by %s -> %s", j->key, rq_name(rq),
		   who ? who : "unknown", host_rc_name(rc));
	return rc;
}
