/*
 * check_core.c - the checker object: violation records, per-job history,
 * the facts a driver feeds (owner, restart, removal) and the one-line
 * format of a violation.
 */
#include "check_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srh/cim_fmt.h"

srh_checker *srh_checker_new(void)
{
	return calloc(1, sizeof(srh_checker));
}

static void chk_violation_free(srh_violation *v)
{
	free(v->property);
	free(v->expected);
	free(v->observed);
	free(v->instance_id);
}

static void chk_hist_free(chk_hist *h)
{
	free(h->instance_id);
	free(h->owner);
	cim_job_free(h->last);
	cim_error_free(h->ge_error);
	cim_error_free(h->ges_first);
	free(h->end_cause);
}

void srh_check_clear(srh_checker *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_v; i++)
		chk_violation_free(&c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n_v = c->cap_v = 0;
	c->dropped = 0;
}

void srh_checker_free(srh_checker *c)
{
	if (!c)
		return;
	srh_check_clear(c);
	for (size_t i = 0; i < c->n_jobs; i++) {
		chk_hist_free(c->jobs[i]);
		free(c->jobs[i]);
	}
	free(c->jobs);
	free(c);
}

size_t srh_check_count(const srh_checker *c)
{
	return c ? c->n_v : 0;
}

size_t srh_check_count_level(const srh_checker *c, srh_level l)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->n_v; i++)
		n += c->v[i].level == l;
	return n;
}

size_t srh_check_count_rule(const srh_checker *c, srh_rule_id r)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->n_v; i++)
		n += c->v[i].rule == r;
	return n;
}

const srh_violation *srh_check_violation(const srh_checker *c, size_t i)
{
	if (!c || i >= c->n_v)
		return NULL;
	return &c->v[i];
}

size_t srh_check_dropped(const srh_checker *c)
{
	return c ? c->dropped : 0;
}

/* Grow an array of elem-sized items to hold one more. 0 or -1. */
static int chk_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* A copy of hostile text rendered safe; NULL for NULL or on failure. */
static char *chk_safe_dup(const char *s, bool *fail)
{
	char buf[CHK_TXT];

	if (!s)
		return NULL;
	return chk_strdup(chk_esc(buf, sizeof(buf), s), fail);
}

int chk_add(srh_checker *c, srh_rule_id r, const char *property, uint64_t t, const char *iid,
	    const char *expected, const char *observed)
{
	srh_violation v = {0};
	bool fail = false;
	const srh_rule *rule = srh_rule_get(r);

	if (!c || !rule)
		return -1;
	v.rule = r;
	v.level = rule->level;
	v.id = rule->id;
	v.time_ns = t;
	v.property = chk_safe_dup(property, &fail);
	v.instance_id = chk_safe_dup(iid, &fail);
	/* expected/observed are our own texts, already rendered safe. */
	v.expected = chk_strdup(expected ? expected : "", &fail);
	v.observed = chk_strdup(observed ? observed : "", &fail);
	if (fail || chk_grow((void **)&c->v, &c->cap_v, c->n_v, sizeof(v)) != 0) {
		chk_violation_free(&v);
		c->dropped++;
		return -1;
	}
	c->v[c->n_v++] = v;
	return 0;
}

int srh_violation_format(const srh_violation *v, char *buf, size_t len)
{
	if (!v || !buf)
		return -1;
	return cim_fmt(buf, len,
		       "%s at t=%" PRIu64 ".%09" PRIu64 "s job %s: %s%sexpected %s, observed %s",
		       v->id, v->time_ns / 1000000000u, v->time_ns % 1000000000u,
		       v->instance_id ? v->instance_id : "?", v->property ? v->property : "",
		       v->property ? ": " : "", v->expected, v->observed);
}

chk_hist *chk_hist_get(srh_checker *c, const char *iid, bool create)
{
	chk_hist *h = NULL;
	bool fail = false;
	size_t n;

	if (!c || !iid)
		return NULL;
	n = chk_strlen(iid);
	for (size_t i = 0; i < c->n_jobs; i++) {
		/* Keys are capped copies: compare within the cap. */
		if (strncmp(c->jobs[i]->instance_id, iid, SRH_CHECK_MAX_STR) == 0)
			return c->jobs[i];
	}
	if (!create || n == 0)
		return NULL;
	/* Entries are separate allocations, so a pointer a caller holds stays
	 * valid while other jobs are added. */
	h = calloc(1, sizeof(*h));
	if (h)
		h->instance_id = chk_strdup(iid, &fail);
	if (!h || fail || chk_grow((void **)&c->jobs, &c->cap_jobs, c->n_jobs, sizeof(h)) != 0) {
		if (h)
			free(h->instance_id);
		free(h);
		c->dropped++;
		return NULL;
	}
	c->jobs[c->n_jobs++] = h;
	return h;
}

int srh_check_owner(srh_checker *c, const char *instance_id, const char *owner)
{
	chk_hist *h = chk_hist_get(c, instance_id, true);
	bool fail = false;
	char *o;

	if (!h)
		return -1;
	o = chk_strdup(owner, &fail);
	if (fail)
		return -1;
	free(h->owner);
	h->owner = o;
	return 0;
}

int srh_check_restart(srh_checker *c, uint64_t time_ns)
{
	if (!c)
		return -1;
	c->restarts++;
	c->last_restart_ns = time_ns;
	return 0;
}

int srh_check_removed(srh_checker *c, uint64_t time_ns, const char *instance_id)
{
	chk_hist *h = chk_hist_get(c, instance_id, true);

	if (!h)
		return -1;
	h->removed = true;
	h->removed_time = time_ns;
	return 0;
}

chk_access chk_access_of(srh_checker *c, const char *iid, const prov_principal *who)
{
	chk_hist *h;

	if (!who)
		return CHK_ACC_UNKNOWN;
	if (who->admin)
		return CHK_ACC_AUTHORIZED;
	h = chk_hist_get(c, iid, false);
	if (!h || !h->owner)
		return CHK_ACC_UNKNOWN;
	if (who->name && strncmp(who->name, h->owner, SRH_CHECK_MAX_STR) == 0)
		return CHK_ACC_AUTHORIZED;
	return CHK_ACC_STRANGER;
}

/* E + T, or false when it overflows (never comes). */
static bool chk_add_time(uint64_t e, uint64_t tbr, uint64_t *at)
{
	if (e == CIM_TIME_NULL || tbr == CIM_TIME_NULL || tbr > UINT64_MAX - e)
		return false;
	*at = e + tbr;
	return true;
}

bool chk_removal_at(const chk_hist *h, const cim_job *now, uint64_t *at)
{
	const cim_job *j;
	bool doc;
	uint64_t e, tbr;

	if (!h)
		return false;
	if (h->removed) {
		*at = h->removed_time;
		return true;
	}
	/* The freshest read that shows the job ended, for what facts lack. */
	j = now && cim_job_state_is_final(now->job_state) ? now : h->last;
	if (j && !cim_job_state_is_final(j->job_state))
		j = NULL;
	/* CIM_Job: TimeBeforeRemoval applies only with DeleteOnCompletion. */
	doc = h->rm_known ? h->rm_doc : (j && j->delete_on_completion);
	tbr = h->rm_known ? h->rm_tbr : (j ? j->time_before_removal : CIM_TIME_NULL);
	/* E is the instant of the last JobState change, the one to the
	 * final state (invariant 9 holds the instance to that). */
	e = h->end_known ? h->end_time : (j ? j->time_of_last_state_change : CIM_TIME_NULL);
	return doc && chk_add_time(e, tbr, at);
}

bool chk_removal_due(const chk_hist *h, const cim_job *now, uint64_t t)
{
	uint64_t at;

	return chk_removal_at(h, now, &at) && t >= at;
}

srh_rule_id chk_removed_rule(const srh_checker *c, const chk_hist *h, const cim_job *now)
{
	uint64_t at;

	if (c->restarts && chk_removal_at(h, now, &at) && c->last_restart_ns >= at)
		return SRH_R_REMOVED_GONE;
	return SRH_R_INVALID_PARAMETER;
}

char *chk_removed_text(char *buf, size_t len, const chk_hist *h, const cim_job *now)
{
	uint64_t at = 0;

	(void)chk_removal_at(h, now, &at);
	cim_fmt(buf, len,
		"5 Invalid Parameter (job gone from t=%" PRIu64 ".%09" PRIu64
		"s: %s, removal paragraph)",
		at / 1000000000u, at % 1000000000u,
		h->removed ? "removed" : "end + TimeBeforeRemoval");
	return buf;
}

int srh_check_removal(srh_checker *c, const char *instance_id, bool delete_on_completion,
		      uint64_t time_before_removal_ns)
{
	chk_hist *h = chk_hist_get(c, instance_id, true);

	if (!h)
		return -1;
	h->rm_known = true;
	h->rm_doc = delete_on_completion;
	h->rm_tbr = time_before_removal_ns;
	return 0;
}

int srh_check_state(srh_checker *c, const char *instance_id, uint64_t time_ns, uint16_t job_state)
{
	chk_hist *h = chk_hist_get(c, instance_id, true);

	if (!h)
		return -1;
	/* Only a change moves the instant (an event repeating the state is
	 * no change). */
	if (!h->st_known || h->st_state != job_state)
		h->st_time = time_ns;
	h->st_known = true;
	h->st_state = job_state;
	return 0;
}

int srh_check_ended(srh_checker *c, const char *instance_id, uint64_t time_ns, const char *cause)
{
	chk_hist *h = chk_hist_get(c, instance_id, true);
	bool fail = false;
	char *k;

	if (!h)
		return -1;
	k = chk_strdup(cause, &fail);
	if (fail)
		return -1;
	free(h->end_cause);
	h->end_cause = k;
	h->end_known = true;
	h->end_time = time_ns;
	return 0;
}
