/*
 * xpl_shrink.c - a structured shrinker, in the spirit of Hypothesis: it
 * works on the scenario model, not on its text, so every candidate is a
 * scenario that validates. First whole parts go (actions, simulator faults,
 * provider faults, one at a time, last first), then values move toward
 * their defaults (an action's moment, caller and InstanceID; a fault's
 * trigger, duration and failinfo; the job's and topology's settings). A
 * candidate is kept only when the predicate says it still fails the same
 * way; passes repeat until one changes nothing. No randomness: the same
 * input and predicate give the same output.
 */
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "xpl.h"

#define GIB (1ull << 30)
#define SEC 1000000000ull
#define MIN5 (5ull * 60 * 1000000000ull)

enum { EL_ACTION, EL_FAULT, EL_PFAULT, EL_JOB };

/* Free one element (its strings and arrays) through a scenario that holds
 * only a copy of it: scn_free knows every field. On allocation failure the
 * element leaks rather than the process dying. */
static void free_elem(int kind, const void *el, size_t size)
{
	scn_scenario *t = calloc(1, sizeof(*t));
	void *c = malloc(size);

	if (!t || !c) {
		free(t);
		free(c);
		return;
	}
	memcpy(c, el, size);
	if (kind == EL_ACTION)
		t->actions = c, t->n_actions = 1;
	else if (kind == EL_FAULT)
		t->faults = c, t->n_faults = 1;
	else if (kind == EL_JOB)
		t->more_jobs = c, t->n_more_jobs = 1;
	else
		t->prov_faults = c, t->n_prov_faults = 1;
	scn_free(t);
}

/* ---- dropping parts ------------------------------------------------------- */

static bool drop_pfault(scn_scenario *s, size_t i)
{
	if (i >= s->n_prov_faults)
		return false;
	free_elem(EL_PFAULT, &s->prov_faults[i], sizeof(s->prov_faults[i]));
	memmove(&s->prov_faults[i], &s->prov_faults[i + 1],
		(s->n_prov_faults - i - 1) * sizeof(*s->prov_faults));
	s->n_prov_faults--;
	return true;
}

static bool drop_action(scn_scenario *s, size_t i)
{
	if (i >= s->n_actions)
		return false;
	/* provider faults bound to this action go with it; later ones move */
	for (size_t k = s->n_prov_faults; k-- > 0;) {
		scn_prov_fault *f = &s->prov_faults[k];
		if (f->trigger != SCN_PTRIG_AT_ACTION)
			continue;
		if (f->action == i)
			drop_pfault(s, k);
		else if (f->action > i)
			f->action--;
	}
	free_elem(EL_ACTION, &s->actions[i], sizeof(s->actions[i]));
	memmove(&s->actions[i], &s->actions[i + 1], (s->n_actions - i - 1) * sizeof(*s->actions));
	s->n_actions--;
	return true;
}

static bool drop_fault(scn_scenario *s, size_t i)
{
	if (i >= s->n_faults)
		return false;
	free_elem(EL_FAULT, &s->faults[i], sizeof(s->faults[i]));
	memmove(&s->faults[i], &s->faults[i + 1], (s->n_faults - i - 1) * sizeof(*s->faults));
	s->n_faults--;
	return true;
}

static bool same_id(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Drop later job i (1..): with it every action and fault aimed at it. */
static bool drop_job(scn_scenario *s, size_t i)
{
	const char *id;

	if (i == 0 || i > s->n_more_jobs)
		return false;
	id = s->more_jobs[i - 1].id;
	for (size_t k = s->n_actions; k-- > 0;)
		if (same_id(s->actions[k].job, id))
			drop_action(s, k);
	for (size_t k = s->n_faults; k-- > 0;)
		if (same_id(s->faults[k].job, id))
			drop_fault(s, k);
	if (same_id(s->final_job, id)) {
		free(s->final_job);
		s->final_job = NULL;
	}
	free_elem(EL_JOB, &s->more_jobs[i - 1], sizeof(s->more_jobs[i - 1]));
	memmove(&s->more_jobs[i - 1], &s->more_jobs[i],
		(s->n_more_jobs - i) * sizeof(*s->more_jobs));
	s->n_more_jobs--;
	return true;
}

/* The one job left goes back to the "job:" form: no ids anywhere. */
static bool one_job_form(scn_scenario *s)
{
	if (s->n_more_jobs || !s->job.id)
		return false;
	for (size_t k = 0; k < s->n_actions; k++)
		free(s->actions[k].job), s->actions[k].job = NULL;
	for (size_t k = 0; k < s->n_faults; k++)
		free(s->faults[k].job), s->faults[k].job = NULL;
	free(s->final_job);
	s->final_job = NULL;
	free(s->job.id);
	s->job.id = NULL;
	return true;
}

/* ---- simpler values ------------------------------------------------------- */

static bool action_bound(const scn_scenario *s, size_t i)
{
	for (size_t k = 0; k < s->n_prov_faults; k++)
		if (s->prov_faults[k].trigger == SCN_PTRIG_AT_ACTION &&
		    s->prov_faults[k].action == i)
			return true;
	return false;
}

/* A time one step simpler: whole seconds first, then halved. False at 0. */
static bool simpler_time(uint64_t *t)
{
	if (!*t)
		return false;
	*t = *t % SEC ? *t - *t % SEC : *t / 2;
	return true;
}

/* Steps toward the plainest action: right after the previous one, as the
 * owner, on the job itself. Each variant v is one step; false when it does
 * not apply. */
static bool simpler_action(scn_scenario *s, size_t i, unsigned v)
{
	scn_action *a = &s->actions[i];
	long jk = scn_job_find(s, a->job);
	const char *owner = jk < 0 ? NULL : scn_job_at(s, (size_t)jk)->owner;

	switch (v) {
	case 0: /* the moment: right after the previous action */
		if (a->when.kind == SCN_WHEN_NEXT)
			return false;
		free(a->when.phase);
		a->when = (scn_when){0};
		return true;
	case 1:
		return (a->when.kind == SCN_WHEN_AFTER_END || a->when.kind == SCN_WHEN_AT_TIME) &&
		       simpler_time(&a->when.time_ns);
	case 2: /* as the owner */
		if (a->kind != SCN_ACT_CALL || (!a->admin && same_id(a->principal, owner)))
			return false;
		free(a->principal);
		a->principal = owner ? strdup(owner) : NULL;
		a->admin = false;
		return true;
	case 3:
		if (!a->has_instance_id)
			return false;
		free(a->instance_id);
		a->instance_id = NULL;
		a->has_instance_id = false;
		return true;
	case 4:
		if (a->kind != SCN_ACT_ADVANCE || a->advance_ns <= 1000000000ull)
			return false;
		a->advance_ns /= 2;
		return true;
	case 5: /* on the first job (so that a later one can go) */
		if (jk <= 0)
			return false;
		free(a->job);
		a->job = NULL;
		return true;
	case 6: /* no TimeoutPeriod */
		if (!a->timeout_period_ns)
			return false;
		a->timeout_period_ns = 0;
		return true;
	default:
		if (!a->id || action_bound(s, i))
			return false;
		free(a->id);
		a->id = NULL;
		return true;
	}
}

static bool simpler_fault(scn_scenario *s, size_t i, unsigned v)
{
	scn_fault *f = &s->faults[i];

	switch (v) {
	case 0:
		if (!f->has_failinfo && !f->has_duration)
			return false;
		f->has_failinfo = f->has_duration = false;
		f->failinfo = 0;
		f->duration_ns = 0;
		return true;
	case 1:
		if (f->trigger == SCN_TRIG_AT_TIME && f->at_ns)
			simpler_time(&f->at_ns);
		else if (f->trigger == SCN_TRIG_NTH && f->nth > 1)
			f->nth /= 2;
		else if (f->trigger == SCN_TRIG_PROBABILITY && f->probability < 1.0)
			f->probability = 1.0;
		else
			return false;
		return true;
	case 3: /* on the first job (so that a later one can go) */
		if (scn_job_find(s, f->job) <= 0)
			return false;
		free(f->job);
		f->job = NULL;
		return true;
	default:
		if (f->count == SCN_COUNT_FOREVER || f->count <= 1)
			return false;
		f->count = 1;
		return true;
	}
}

static bool simpler_pfault(scn_scenario *s, size_t i, unsigned v)
{
	scn_prov_fault *f = &s->prov_faults[i];

	if (v == 0 && f->has_failinfo) {
		f->has_failinfo = false;
		f->failinfo = 0;
		return true;
	}
	if (v == 1 && f->trigger == SCN_PTRIG_NTH && f->nth > 1) {
		f->nth /= 2;
		return true;
	}
	return false;
}

static bool simpler_job(scn_scenario *s, size_t i, unsigned v)
{
	scn_job *j = i ? &s->more_jobs[i - 1] : &s->job;

	switch (v) {
	case 0:
		if (!j->time_limit_ns && !j->heartbeat_deadline_ns && !j->dirty_size &&
		    !j->test_size)
			return false;
		j->time_limit_ns = j->heartbeat_deadline_ns = j->dirty_size = j->test_size = 0;
		return true;
	case 1:
		if (!j->hold)
			return false;
		j->hold = false;
		return true;
	case 2:
		if (j->delete_on_completion)
			return false;
		j->delete_on_completion = true;
		return true;
	case 3:
		if (j->time_before_removal_ns == MIN5)
			return false;
		j->time_before_removal_ns = MIN5;
		return true;
	case 4: /* submitted with the first job, beside it */
		if (!j->at_ns && !j->other_group)
			return false;
		j->at_ns = 0;
		j->other_group = false;
		return true;
	case 5:
		return one_job_form(s);
	default: /* the format's default seed */
		if (i || s->seed == 1)
			return false;
		s->seed = 1;
		return true;
	}
}

static bool simpler_topology(scn_scenario *s, size_t i, unsigned v)
{
	scn_topology *t = &s->topology;

	(void)i;
	if (v == 0 && (t->source.data_size != GIB || t->destination.data_size != GIB)) {
		t->source.data_size = t->destination.data_size = GIB;
		return true;
	}
	if (v == 1 && (t->source.log_size != 8 * GIB || t->destination.log_size != 8 * GIB)) {
		t->source.log_size = t->destination.log_size = 8 * GIB;
		return true;
	}
	if (v == 2 && (t->bandwidth_bps != 1000000000ull || t->latency_ns != 1000000ull ||
		       t->mode != SCN_MODE_SYNCHRONOUS)) {
		t->bandwidth_bps = 1000000000ull;
		t->latency_ns = 1000000ull;
		t->mode = SCN_MODE_SYNCHRONOUS;
		return true;
	}
	return false;
}

static bool drop_action_v(scn_scenario *s, size_t i, unsigned v)
{
	(void)v;
	return drop_action(s, i);
}
static bool drop_fault_v(scn_scenario *s, size_t i, unsigned v)
{
	(void)v;
	return drop_fault(s, i);
}
static bool drop_pfault_v(scn_scenario *s, size_t i, unsigned v)
{
	(void)v;
	return drop_pfault(s, i);
}
static bool drop_job_v(scn_scenario *s, size_t i, unsigned v)
{
	(void)v;
	return drop_job(s, i);
}

/* ---- the passes ----------------------------------------------------------- */

static size_t n_actions(const scn_scenario *s)
{
	return s->n_actions;
}
static size_t n_faults(const scn_scenario *s)
{
	return s->n_faults;
}
static size_t n_pfaults(const scn_scenario *s)
{
	return s->n_prov_faults;
}
static size_t one(const scn_scenario *s)
{
	(void)s;
	return 1;
}
static size_t n_jobs(const scn_scenario *s)
{
	return scn_job_count(s);
}

/* The passes, in order: parts first (the biggest cuts: a job with its
 * actions and faults), then values. */
static const struct {
	size_t (*count)(const scn_scenario *s);
	bool (*apply)(scn_scenario *s, size_t i, unsigned variant);
	unsigned variants;
	bool drops; /* a success removes element i */
} ops[] = {
    {n_jobs, drop_job_v, 1, true},	   {n_actions, drop_action_v, 1, true},
    {n_faults, drop_fault_v, 1, true},	   {n_pfaults, drop_pfault_v, 1, true},
    {n_actions, simpler_action, 8, false}, {n_faults, simpler_fault, 4, false},
    {n_pfaults, simpler_pfault, 2, false}, {n_jobs, simpler_job, 7, false},
    {one, simpler_topology, 3, false},
};

typedef struct shr {
	scn_scenario *best;
	xpl_pred_fn pred;
	void *ctx;
	unsigned budget, tried;
	bool stop; /* budget spent, the predicate could not tell, or no memory */
} shr;

/* Try op k at index i on a copy of the best; keep it when it still fails.
 * Returns true when the best changed. */
static bool try_one(shr *h, size_t k, size_t i, unsigned v)
{
	scn_scenario *c;
	int r;

	if (h->tried >= h->budget) {
		h->stop = true;
		return false;
	}
	if (!(c = xpl_copy(h->best, NULL))) {
		h->stop = true;
		return false;
	}
	if (!ops[k].apply(c, i, v) || scn_validate(c, srh_scn_names(), NULL, 0) != 0) {
		scn_free(c);
		return false;
	}
	h->tried++;
	r = h->pred(h->ctx, c);
	if (r == 1) {
		scn_free(h->best);
		h->best = c;
		return true;
	}
	scn_free(c);
	if (r < 0)
		h->stop = true;
	return false;
}

static bool one_pass(shr *h)
{
	bool changed = false;

	for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]) && !h->stop; k++)
		for (size_t i = ops[k].count(h->best); i-- > 0 && !h->stop;)
			for (unsigned v = 0; v < ops[k].variants && !h->stop; v++) {
				/* a value step may apply again (halving) */
				while (i < ops[k].count(h->best) && try_one(h, k, i, v)) {
					changed = true;
					if (ops[k].drops)
						break;
				}
				if (ops[k].drops || i >= ops[k].count(h->best))
					break;
			}
	return changed;
}

int xpl_shrink(const scn_scenario *sc, xpl_pred_fn pred, void *ctx, unsigned budget,
	       scn_scenario **out, unsigned *tried)
{
	shr h = {NULL, pred, ctx, budget, 0, false};

	*out = NULL;
	if (tried)
		*tried = 0;
	if (!(h.best = xpl_copy(sc, NULL)))
		return -1;
	while (!h.stop && one_pass(&h))
		;
	*out = h.best;
	if (tried)
		*tried = h.tried;
	return 0;
}
