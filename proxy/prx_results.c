/*
 * prx_results.c - a proxied session as results (srh_result.h): one per job
 * seen, with the violations that name it, and one for the session (what
 * names no job, and the exchanges that got 502/504, which make it an
 * ERROR: the upstream could not be judged there). The same verdict lines
 * are printed by the live proxy and by `srh check-wire`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prx_int.h"
#include "srh_util.h"

static bool is_job(const prx_session *s, const char *iid)
{
	for (size_t i = 0; iid && i < s->n_jobs; i++)
		if (strcmp(s->jobs[i].iid, iid) == 0)
			return true;
	return false;
}

/* The violations of job iid (NULL: those that name no known job). */
static void add_failures(const prx_session *s, const char *iid, srh_result *r)
{
	size_t n = srh_check_count(s->chk);

	for (size_t i = 0; i < n; i++) {
		const srh_violation *v = srh_check_violation(s->chk, i);
		bool mine = iid ? v && v->instance_id && strcmp(v->instance_id, iid) == 0
				: v && !is_job(s, v->instance_id);

		if (mine)
			(void)srh_result_fail(r, v->id, v->level, false, v->property, v->expected,
					      v->observed, v->time_ns, 0);
	}
}

static void job_result(const prx_session *s, const prx_job *j, srh_result *r)
{
	int oom = 0;
	char name[1400];

	snprintf(name, sizeof name, "%s job %s", s->upstream, j->iid);
	r->name = srh_strdup(name, &oom);
	r->job_kind = srh_strdup("proxy", &oom);
	r->end_ns = s->t;
	r->final_state = j->last ? j->last->job_state : 0;
	(void)srh_result_event(r, s->t, SRH_TL_NOTE, r->final_state, 0,
			       "observed through srh proxy: %lu method calls, %s", j->calls,
			       j->last ? "instance read" : "instance never read");
	add_failures(s, j->iid, r);
	if (oom)
		r->truncated = true;
	srh_result_settle(r);
}

static void session_result(const prx_session *s, srh_result *r)
{
	int oom = 0;
	char name[1200];

	snprintf(name, sizeof name, "%s session", s->upstream);
	r->name = srh_strdup(name, &oom);
	r->job_kind = srh_strdup("proxy", &oom);
	r->end_ns = s->t;
	(void)srh_result_event(r, s->t, SRH_TL_NOTE, 0, 0,
			       "srh proxy (%s): %lu exchanges, %lu jobs, %lu answered 502/504",
			       prx_proto_name(s->proto), s->st.exchanges, s->st.jobs,
			       s->st.bad_gateway);
	for (size_t i = 0; i < s->n_gw; i++)
		(void)srh_result_event(r, s->t, SRH_TL_NOTE, 0, 0, "%s", s->gw[i]);
	add_failures(s, NULL, r);
	if (oom)
		r->truncated = true;
	srh_result_settle(r);
	if (s->st.bad_gateway) {
		r->verdict = SRH_ERROR;
		srh_result_reason(r, "%lu exchanges got no usable answer from upstream (%s)",
				  s->st.bad_gateway, s->n_gw ? s->gw[0] : "?");
	}
}

long prx_session_results(prx_session *s, void (*fn)(void *arg, const srh_result *r), void *arg)
{
	long n = 0;

	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i <= s->n_jobs; i++) {
		srh_result r;

		srh_result_init(&r);
		if (i < s->n_jobs)
			job_result(s, &s->jobs[i], &r);
		else
			session_result(s, &r);
		fn(arg, &r);
		srh_result_free(&r);
		n++;
	}
	pthread_mutex_unlock(&s->mu);
	return n;
}

static void print_one(void *arg, const srh_result *r)
{
	FILE *f = arg;

	fprintf(f, "RESULT %s: %s%s%s\n", r->name, srh_verdict_name(r->verdict),
		r->reason ? ": " : "", r->reason ? r->reason : "");
	for (int lvl = 0; lvl < 2; lvl++) {
		const srh_failure *fl = lvl ? r->should : r->must;
		size_t n = lvl ? r->n_should : r->n_must;

		for (size_t i = 0; i < n; i++)
			fprintf(f, "  %s%s%s: expected %s, observed %s\n", fl[i].rule,
				fl[i].property ? " " : "", fl[i].property ? fl[i].property : "",
				fl[i].expected, fl[i].observed);
	}
}

void prx_session_report(prx_session *s, FILE *f)
{
	(void)prx_session_results(s, print_one, f);
}
