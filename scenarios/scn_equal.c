/*
 * scn_equal.c - do two scenario models mean the same run? Every field that
 * means something is compared; source positions (file, lines, src) are
 * not, nor fields the model's kinds leave unused (the phase of a fault
 * that triggers at a time, ...). Used by the round-trip tests and the
 * fuzz target, and by a shrinker that must tell whether a rewritten case
 * is still the same.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scn_int.h"

typedef struct eq {
	char *why;
	size_t len;
} eq;

/* Records the first difference; returns false. */
static bool __attribute__((format(printf, 2, 3))) differ(eq *q, const char *fmt, ...)
{
	va_list ap;

	if (!q->why || q->len == 0)
		return false;
	va_start(ap, fmt);
	(void)vsnprintf(q->why, q->len, fmt, ap);
	va_end(ap);
	return false;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

#define STR(q, a, b, ...) (str_eq(a, b) || differ(q, __VA_ARGS__))
#define NUM(q, a, b, ...) ((a) == (b) || differ(q, __VA_ARGS__))

static bool expect_eq(eq *q, const scn_expect *a, const scn_expect *b, const char *at, size_t i)
{
	if (!NUM(q, a->prop, b->prop, "%s.expects[%zu].prop", at, i) ||
	    !NUM(q, a->level, b->level, "%s.expects[%zu].level", at, i) ||
	    !NUM(q, a->match, b->match, "%s.expects[%zu].match", at, i))
		return false;
	if (a->match != SCN_M_EQ && a->match != SCN_M_GLOB)
		return true;
	switch (scn_pdef_of(a->prop)->t) {
	case SCN_T_STR:
		return STR(q, a->str, b->str, "%s.expects[%zu].str", at, i);
	case SCN_T_STRS:
		if (!NUM(q, a->n_strs, b->n_strs, "%s.expects[%zu].n_strs", at, i))
			return false;
		for (size_t k = 0; k < a->n_strs; k++)
			if (!STR(q, a->strs[k], b->strs[k], "%s.expects[%zu].strs[%zu]", at, i, k))
				return false;
		return true;
	case SCN_T_OPSTAT:
		if (!NUM(q, a->n_nums, b->n_nums, "%s.expects[%zu].n_nums", at, i))
			return false;
		for (size_t k = 0; k < a->n_nums; k++)
			if (!NUM(q, a->nums[k], b->nums[k], "%s.expects[%zu].nums[%zu]", at, i, k))
				return false;
		return true;
	case SCN_T_ERROR:
		return true;
	default:
		return NUM(q, a->num, b->num, "%s.expects[%zu].num", at, i);
	}
}

static bool expects_eq(eq *q, const scn_expect *a, size_t na, const scn_expect *b, size_t nb,
		       const char *at)
{
	if (!NUM(q, na, nb, "%s: %zu expectations, not %zu", at, na, nb))
		return false;
	for (size_t i = 0; i < na; i++)
		if (!expect_eq(q, &a[i], &b[i], at, i))
			return false;
	return true;
}

static bool side_eq(eq *q, const scn_side *a, const scn_side *b, const char *w)
{
	return STR(q, a->node, b->node, "topology.%s.node", w) &&
	       STR(q, a->group, b->group, "topology.%s.group", w) &&
	       NUM(q, a->data_size, b->data_size, "topology.%s.data_size", w) &&
	       NUM(q, a->log_size, b->log_size, "topology.%s.log_size", w);
}

static bool job_eq(eq *q, const scn_job *ja, const scn_job *jb, size_t i)
{
	return STR(q, ja->id, jb->id, "jobs[%zu].id", i) &&
	       NUM(q, ja->at_ns, jb->at_ns, "jobs[%zu].at", i) &&
	       NUM(q, ja->other_group, jb->other_group, "jobs[%zu].group", i) &&
	       STR(q, ja->kind, jb->kind, "jobs[%zu].kind", i) &&
	       STR(q, ja->owner, jb->owner, "jobs[%zu].owner", i) &&
	       NUM(q, ja->time_limit_ns, jb->time_limit_ns, "jobs[%zu].time_limit", i) &&
	       NUM(q, ja->time_before_removal_ns, jb->time_before_removal_ns,
		   "jobs[%zu].time_before_removal", i) &&
	       NUM(q, ja->delete_on_completion, jb->delete_on_completion,
		   "jobs[%zu].delete_on_completion", i) &&
	       NUM(q, ja->heartbeat_deadline_ns, jb->heartbeat_deadline_ns,
		   "jobs[%zu].heartbeat_deadline", i) &&
	       NUM(q, ja->hold, jb->hold, "jobs[%zu].hold", i) &&
	       NUM(q, ja->dirty_size, jb->dirty_size, "jobs[%zu].dirty_size", i) &&
	       NUM(q, ja->test_size, jb->test_size, "jobs[%zu].test_size", i);
}

static bool jobs_eq(eq *q, const scn_scenario *a, const scn_scenario *b)
{
	if (!NUM(q, a->n_more_jobs, b->n_more_jobs, "jobs: %zu, not %zu", scn_job_count(a),
		 scn_job_count(b)))
		return false;
	for (size_t i = 0; i < scn_job_count(a); i++)
		if (!job_eq(q, scn_job_at(a, i), scn_job_at(b, i), i))
			return false;
	return STR(q, a->final_job, b->final_job, "final.job");
}

static bool head_eq(eq *q, const scn_scenario *a, const scn_scenario *b)
{
	const scn_topology *ta = &a->topology, *tb = &b->topology;

	if (!STR(q, a->name, b->name, "name") ||
	    !STR(q, a->description, b->description, "description") ||
	    !STR(q, a->contract, b->contract, "contract") || !STR(q, a->note, b->note, "note") ||
	    !NUM(q, a->n_tags, b->n_tags, "tags: %zu, not %zu", a->n_tags, b->n_tags) ||
	    !NUM(q, a->seed, b->seed, "seed"))
		return false;
	for (size_t i = 0; i < a->n_tags; i++)
		if (!STR(q, a->tags[i], b->tags[i], "tags[%zu]", i))
			return false;
	if (!NUM(q, a->n_store_jobs, b->n_store_jobs, "provider.store_jobs: %zu, not %zu",
		 a->n_store_jobs, b->n_store_jobs))
		return false;
	for (size_t i = 0; i < a->n_store_jobs; i++)
		if (!STR(q, a->store_jobs[i], b->store_jobs[i], "provider.store_jobs[%zu]", i))
			return false;
	return side_eq(q, &ta->source, &tb->source, "source") &&
	       side_eq(q, &ta->destination, &tb->destination, "destination") &&
	       NUM(q, ta->bandwidth_bps, tb->bandwidth_bps, "topology.link.bandwidth") &&
	       NUM(q, ta->latency_ns, tb->latency_ns, "topology.link.latency") &&
	       NUM(q, ta->mode, tb->mode, "topology.mode") && jobs_eq(q, a, b) &&
	       STR(q, a->provider_options, b->provider_options, "provider.options") &&
	       STR(q, a->provider_refuses, b->provider_refuses, "provider.refuses") &&
	       STR(q, a->provider_store, b->provider_store, "provider.store") &&
	       NUM(q, a->host.abi_major, b->host.abi_major, "provider.host.abi_major") &&
	       NUM(q, a->host.has_abi_minor, b->host.has_abi_minor, "provider.host.abi_minor") &&
	       NUM(q, a->host.abi_minor, b->host.abi_minor, "provider.host.abi_minor") &&
	       NUM(q, a->host.no_now, b->host.no_now, "provider.host.now") &&
	       NUM(q, a->host.query, b->host.query, "provider.host.query") &&
	       NUM(q, a->host.request_state, b->host.request_state,
		   "provider.host.request_state") &&
	       NUM(q, a->host.events, b->host.events, "provider.host.events");
}

static bool pfault_eq(eq *q, const scn_prov_fault *a, const scn_prov_fault *b, size_t i)
{
	if (!STR(q, a->point, b->point, "provider.faults[%zu].point", i) ||
	    !NUM(q, a->trigger, b->trigger, "provider.faults[%zu].trigger", i) ||
	    !NUM(q, a->has_failinfo, b->has_failinfo, "provider.faults[%zu].has_failinfo", i) ||
	    !STR(q, a->note, b->note, "provider.faults[%zu].note", i))
		return false;
	if (a->has_failinfo &&
	    !NUM(q, a->failinfo, b->failinfo, "provider.faults[%zu].failinfo", i))
		return false;
	if (a->trigger == SCN_PTRIG_NTH)
		return NUM(q, a->nth, b->nth, "provider.faults[%zu].nth", i);
	if (a->trigger == SCN_PTRIG_AT_ACTION)
		return NUM(q, a->action, b->action, "provider.faults[%zu].action", i);
	return true;
}

static bool fault_eq(eq *q, const scn_fault *a, const scn_fault *b, size_t i)
{
	if (!STR(q, a->point, b->point, "faults[%zu].point", i) ||
	    !NUM(q, a->trigger, b->trigger, "faults[%zu].trigger", i) ||
	    !NUM(q, a->has_duration, b->has_duration, "faults[%zu].has_duration", i) ||
	    !NUM(q, a->has_failinfo, b->has_failinfo, "faults[%zu].has_failinfo", i) ||
	    !NUM(q, a->count, b->count, "faults[%zu].count", i) ||
	    !NUM(q, a->recover, b->recover, "faults[%zu].recover", i) ||
	    !STR(q, a->note, b->note, "faults[%zu].note", i) ||
	    !STR(q, a->job, b->job, "faults[%zu].job", i))
		return false;
	if ((a->has_duration &&
	     !NUM(q, a->duration_ns, b->duration_ns, "faults[%zu].duration", i)) ||
	    (a->has_failinfo && !NUM(q, a->failinfo, b->failinfo, "faults[%zu].failinfo", i)))
		return false;
	switch (a->trigger) {
	case SCN_TRIG_AT_TIME:
		return NUM(q, a->at_ns, b->at_ns, "faults[%zu].at", i);
	case SCN_TRIG_AT_PHASE:
		return STR(q, a->phase, b->phase, "faults[%zu].at_phase", i);
	case SCN_TRIG_AT_PERCENT:
		return NUM(q, a->percent, b->percent, "faults[%zu].at_percent", i);
	case SCN_TRIG_NTH:
		return NUM(q, a->nth, b->nth, "faults[%zu].nth", i);
	default:
		return NUM(q, a->probability, b->probability, "faults[%zu].probability", i);
	}
}

static bool when_eq(eq *q, const scn_when *a, const scn_when *b, size_t i)
{
	if (!NUM(q, a->kind, b->kind, "actions[%zu].when", i))
		return false;
	switch (a->kind) {
	case SCN_WHEN_AT_TIME:
	case SCN_WHEN_AFTER_END:
		return NUM(q, a->time_ns, b->time_ns, "actions[%zu].when.time", i);
	case SCN_WHEN_AT_PERCENT:
		return NUM(q, a->percent, b->percent, "actions[%zu].at_percent", i);
	case SCN_WHEN_AT_PHASE:
		return STR(q, a->phase, b->phase, "actions[%zu].at_phase", i);
	case SCN_WHEN_AT_STATE:
		return NUM(q, a->state, b->state, "actions[%zu].at_state", i);
	default:
		return true;
	}
}

static bool action_eq(eq *q, const scn_action *a, const scn_action *b, size_t i)
{
	char at[48];

	if (!STR(q, a->id, b->id, "actions[%zu].id", i) || !when_eq(q, &a->when, &b->when, i) ||
	    !NUM(q, a->kind, b->kind, "actions[%zu].kind", i) ||
	    !STR(q, a->note, b->note, "actions[%zu].note", i) ||
	    !STR(q, a->job, b->job, "actions[%zu].job", i))
		return false;
	if (a->kind == SCN_ACT_ADVANCE &&
	    !NUM(q, a->advance_ns, b->advance_ns, "actions[%zu].advance", i))
		return false;
	if (a->kind == SCN_ACT_CALL &&
	    (!NUM(q, a->call, b->call, "actions[%zu].call", i) ||
	     !STR(q, a->principal, b->principal, "actions[%zu].as", i) ||
	     !NUM(q, a->admin, b->admin, "actions[%zu].admin", i) ||
	     !NUM(q, a->has_instance_id, b->has_instance_id, "actions[%zu].has_instance_id", i) ||
	     (a->has_instance_id &&
	      !STR(q, a->instance_id, b->instance_id, "actions[%zu].instance_id", i))))
		return false;
	if (a->kind == SCN_ACT_CALL && a->call == SCN_CALL_REQUEST_STATE_CHANGE &&
	    (!NUM(q, a->requested_state, b->requested_state, "actions[%zu].RequestedState", i) ||
	     !NUM(q, a->timeout_period_ns, b->timeout_period_ns, "actions[%zu].TimeoutPeriod", i)))
		return false;
	(void)snprintf(at, sizeof(at), "actions[%zu]", i);
	return expects_eq(q, a->expects, a->n_expects, b->expects, b->n_expects, at);
}

bool scn_equal(const scn_scenario *a, const scn_scenario *b, char *why, size_t whylen)
{
	eq q = {why, whylen};

	if (why && whylen)
		why[0] = '\0';
	if (!a || !b)
		return a == b || differ(&q, "one scenario is NULL");
	if (!head_eq(&q, a, b) ||
	    !NUM(&q, a->n_prov_faults, b->n_prov_faults, "provider.faults: %zu, not %zu",
		 a->n_prov_faults, b->n_prov_faults) ||
	    !NUM(&q, a->n_faults, b->n_faults, "faults: %zu, not %zu", a->n_faults, b->n_faults) ||
	    !NUM(&q, a->n_actions, b->n_actions, "actions: %zu, not %zu", a->n_actions,
		 b->n_actions))
		return false;
	for (size_t i = 0; i < a->n_prov_faults; i++)
		if (!pfault_eq(&q, &a->prov_faults[i], &b->prov_faults[i], i))
			return false;
	for (size_t i = 0; i < a->n_faults; i++)
		if (!fault_eq(&q, &a->faults[i], &b->faults[i], i))
			return false;
	for (size_t i = 0; i < a->n_actions; i++)
		if (!action_eq(&q, &a->actions[i], &b->actions[i], i))
			return false;
	return expects_eq(&q, a->final, a->n_final, b->final, b->n_final, "final");
}
