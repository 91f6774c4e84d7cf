/*
 * sim_run.c - advancing virtual time: dispatch of queue events and the
 * run-until helpers a runner's triggers use.
 */
#include <errno.h>
#include <string.h>

#include "sim_internal.h"

/* Is the event still meant to happen? Cancelled steps, superseded starts
 * and events of ended jobs are skipped. */
static sim_job *live_job(const sim *s, const sim_ev *e, bool match_gen)
{
	sim_job *j = e->obj < s->n_jobs ? s->jobs[e->obj] : NULL;

	if (!j || j->ended)
		return NULL;
	if (match_gen && e->gen != j->gen)
		return NULL;
	return j;
}

/* Returns 1 when the event did something, 0 when it was stale. */
static int dispatch(sim *s, const sim_ev *e)
{
	sim_job *j;

	switch ((sim_ev_kind)e->kind) {
	case SIM_EV_JOB_START:
		j = live_job(s, e, true);
		if (!j || j->state != CIM_JS_NEW)
			return 0;
		sim_on_job_start(s, j);
		return 1;
	case SIM_EV_JOB_RUN:
		j = live_job(s, e, true);
		if (!j || j->state != CIM_JS_STARTING)
			return 0;
		sim_on_job_run(s, j);
		return 1;
	case SIM_EV_STEP:
		j = live_job(s, e, true);
		if (!j || j->state != CIM_JS_RUNNING)
			return 0;
		sim_on_step(s, j);
		return 1;
	case SIM_EV_TIME_LIMIT:
		j = live_job(s, e, false);
		if (!j)
			return 0;
		sim_on_time_limit(s, j);
		return 1;
	case SIM_EV_DEADLINE:
		j = live_job(s, e, false);
		if (!j)
			return 0;
		sim_on_deadline(s, j, e->gen);
		return 1;
	case SIM_EV_SHUTDOWN:
		j = live_job(s, e, true);
		if (!j)
			return 0;
		sim_on_shutdown(s, j);
		return 1;
	case SIM_EV_LINK_DOWN:
		sim_link_down(s, (int)e->obj, e->arg);
		return 1;
	case SIM_EV_LINK_UP:
		sim_on_link_up(s, (int)e->obj, e->gen);
		return 1;
	}
	return 0;
}

/* Pop and run events until one is live. 1 ran one, 0 queue empty. */
static int step_one(sim *s, uint64_t limit)
{
	sim_ev e;

	for (;;) {
		const sim_ev *top = sim_heap_peek(&s->q);

		if (!top || top->t > limit)
			return 0;
		(void)sim_heap_pop(&s->q, &e);
		s->now = e.t;
		if (dispatch(s, &e)) {
			s->st.events++;
			return 1;
		}
		s->st.stale++;
	}
}

int sim_step(sim *s)
{
	int rc;

	(void)sim_flush_pending(s);
	rc = step_one(s, UINT64_MAX);
	return rc;
}

long sim_run_until(sim *s, uint64_t t)
{
	long n = 0;

	if (t < s->now) {
		errno = EINVAL;
		return -1;
	}
	(void)sim_flush_pending(s);
	while (step_one(s, t))
		n++;
	s->now = t;
	return n;
}

long sim_advance(sim *s, uint64_t ns)
{
	uint64_t t = s->now > UINT64_MAX - ns ? UINT64_MAX : s->now + ns;

	return sim_run_until(s, t);
}

long sim_run(sim *s)
{
	long n = 0;

	(void)sim_flush_pending(s);
	while (step_one(s, UINT64_MAX))
		n++;
	return n;
}

static bool until_holds(const sim_job *j, const sim_until *u)
{
	switch (u->kind) {
	case SIM_UNTIL_PERCENT:
		return j->percent >= u->percent;
	case SIM_UNTIL_PHASE:
		return !j->ended && strcmp(sim_job_phase(j), u->phase) == 0;
	case SIM_UNTIL_STATE:
		return j->state == u->state;
	case SIM_UNTIL_ENDED:
		return j->ended;
	}
	return false;
}

int sim_run_until_job(sim *s, uint64_t id, const sim_until *u, uint64_t max_time_ns)
{
	sim_job *j = sim_job_by_id(s, id);
	uint64_t limit = max_time_ns ? max_time_ns : UINT64_MAX;
	int rc = 0;

	if (!j) {
		errno = ENOENT;
		return -1;
	}
	if (!u || (u->kind == SIM_UNTIL_PHASE && !u->phase) ||
	    (unsigned)u->kind > SIM_UNTIL_ENDED) {
		errno = EINVAL;
		return -1;
	}
	(void)sim_flush_pending(s);
	for (;;) {
		if (until_holds(j, u)) {
			rc = 1;
			break;
		}
		if (j->ended || !step_one(s, limit))
			break;
	}
	return rc;
}
