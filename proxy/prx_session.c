/*
 * prx_session.c - what a proxied session saw, judged by the one checker
 * (check.h) as far as an observer can know: each exchange decoded by its
 * protocol's decoder (prx_cimxml.c, prx_wsman.c) into wire findings and a
 * CIM observation; the jobs seen (their last instance read, their owner);
 * the results, one per job and one for the session.
 *
 * An observer does not read the job "at the same instant" as a GetError:
 * only an instance already ended (a final JobState no longer changes) is
 * handed to the checker with a call; a running one is not, so a job that
 * ended between the read and the call is never judged wrongly. Time is
 * the latest CIM datetime seen in an instance (as srh run --target does),
 * so removal rules run on the provider's own clock.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prx_int.h"
#include "srh_target.h"

prx_session *prx_session_new(prx_proto p, const char *upstream, const prx_role *roles,
			     size_t n_roles)
{
	prx_session *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	if (pthread_mutex_init(&s->mu, NULL) != 0) {
		free(s);
		return NULL;
	}
	s->proto = p;
	s->n_roles = n_roles < PRX_MAX_ROLES ? n_roles : PRX_MAX_ROLES;
	if (s->n_roles)
		memcpy(s->roles, roles, s->n_roles * sizeof *roles);
	if (!(s->upstream = strdup(upstream ? upstream : "")) || !(s->chk = srh_checker_new())) {
		prx_session_free(s);
		return NULL;
	}
	return s;
}

void prx_session_free(prx_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_jobs; i++) {
		free(s->jobs[i].iid);
		cim_job_free(s->jobs[i].last);
	}
	for (size_t i = 0; i < s->n_gw; i++)
		free(s->gw[i]);
	free(s->jobs);
	srh_checker_free(s->chk);
	free(s->upstream);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* The job named iid (made on first sight), or NULL (none, full, memory). */
static prx_job *job_of(prx_session *s, const char *iid)
{
	prx_job *j;

	if (!iid)
		return NULL;
	for (size_t i = 0; i < s->n_jobs; i++)
		if (strcmp(s->jobs[i].iid, iid) == 0)
			return &s->jobs[i];
	if (s->n_jobs >= PRX_MAX_JOBS)
		return NULL;
	if (s->n_jobs == s->cap_jobs) {
		size_t cap = s->cap_jobs ? s->cap_jobs * 2 : 16;
		prx_job *d = realloc(s->jobs, cap * sizeof *d);

		if (!d)
			return s->oom = true, NULL;
		s->jobs = d;
		s->cap_jobs = cap;
	}
	j = &s->jobs[s->n_jobs];
	memset(j, 0, sizeof *j);
	if (!(j->iid = strdup(iid)))
		return s->oom = true, NULL;
	s->n_jobs++;
	s->st.jobs = s->n_jobs;
	return j;
}

/* An instance read: kept as the job's last, its owner told once. */
static void saw_job(prx_session *s, const cim_job *inst)
{
	prx_job *j;
	cim_job *copy;

	if (!inst || !inst->instance_id || !(j = job_of(s, inst->instance_id)))
		return;
	srh_tgt_clock(&s->t, inst); /* the provider's clock */
	if (!(copy = srh_check_job_copy(inst))) {
		s->oom = true;
		return;
	}
	if (!j->last && inst->owner && inst->owner[0])
		(void)srh_check_owner(s->chk, inst->instance_id, inst->owner);
	cim_job_free(j->last);
	j->last = copy;
}

/* The job read with a call: only one that has ended (see the top). */
static const cim_job *ended_job(prx_session *s, const char *iid)
{
	prx_job *j = job_of(s, iid);

	if (j)
		j->calls++;
	return j && j->last && cim_job_state_is_final(j->last->job_state) ? j->last : NULL;
}

static void on_wire(void *ctx, srh_rule_id rule, const char *where, const char *expected,
		    const char *observed)
{
	prx_session *s = ctx;

	(void)job_of(s, s->iid);
	(void)srh_check_wire(s->chk, rule, s->t, s->iid, where, expected, observed);
}

static void judge_call(prx_session *s, const prx_obs *o)
{
	const cim_job *job = ended_job(s, o->iid);

	if (o->call == PRX_C_GET_ERROR) {
		srh_obs_get_error g = {0};

		g.time_ns = s->t;
		g.instance_id = o->iid;
		g.who = s->who;
		g.rc = o->rc;
		g.error = o->n_errors ? o->errors[0] : NULL;
		g.job = job;
		(void)srh_check_get_error(s->chk, &g);
	} else if (o->call == PRX_C_GET_ERRORS) {
		srh_obs_get_errors g = {0};

		g.time_ns = s->t;
		g.instance_id = o->iid;
		g.who = s->who;
		g.rc = o->rc;
		g.errors = o->errors;
		g.n_errors = o->n_errors;
		g.job = job;
		(void)srh_check_get_errors(s->chk, &g);
	} else {
		srh_obs_rsc r = {0};

		/* An ended job stays ended: its last read is "before". */
		r.before = job;
		r.time_ns = s->t;
		r.instance_id = o->iid;
		r.who = s->who;
		r.requested_state = o->requested_state;
		r.rc = o->rc;
		(void)srh_check_rsc(s->chk, &r);
	}
}

/* What the decoder made of the exchange, fed to the checker. */
static void on_obs(void *ctx, const prx_obs *o)
{
	prx_session *s = ctx;

	if (o->fault)
		return; /* a protocol error: nothing the contract judges */
	for (size_t i = 0; i < o->n_jobs; i++)
		saw_job(s, o->jobs[i]);
	for (size_t i = 0; i < o->n_names; i++)
		(void)job_of(s, o->names[i]);
	switch (o->call) {
	case PRX_C_ENUMERATE:
		(void)srh_check_enumerate(s->chk, s->t, s->who, 0, o->jobs, o->n_jobs);
		break;
	case PRX_C_GET_INSTANCE:
		if (o->n_jobs == 1) {
			srh_obs_instance g = {s->t, o->iid, s->who, 0, o->jobs[0], false};

			(void)srh_check_instance(s->chk, &g);
		}
		break;
	case PRX_C_GET_ERROR:
	case PRX_C_GET_ERRORS:
	case PRX_C_RSC:
		if (o->has_rc && o->iid)
			judge_call(s, o);
		break;
	default:
		break;
	}
}

static void gateway(prx_session *s, const prx_exchange *x)
{
	s->st.bad_gateway++;
	if (s->n_gw < PRX_MAX_GW) {
		char line[512];

		snprintf(line, sizeof line, "exchange %llu: %d %s", (unsigned long long)x->seq,
			 (int)x->verdict, x->reason);
		if ((s->gw[s->n_gw] = strdup(line)) != NULL)
			s->n_gw++;
	}
}

int prx_session_observe(prx_session *s, const prx_exchange *x)
{
	prov_principal who = {x->principal, 0};
	bool known = false;
	int rc;

	pthread_mutex_lock(&s->mu);
	s->st.exchanges++;
	for (size_t i = 0; i < s->n_roles; i++)
		if (strcmp(s->roles[i].name, x->principal) == 0) {
			who.admin = s->roles[i].admin;
			known = true;
		}
	s->x = x;
	s->who = known ? &who : NULL;
	s->iid = NULL;
	if (x->verdict != PRX_V_OK)
		gateway(s, x);
	else if (s->proto == PRX_WSMAN)
		prx_wsman_decode(x, on_wire, on_obs, s);
	else
		prx_cimxml_decode(x, on_wire, on_obs, s);
	s->st.must = srh_check_count_level(s->chk, SRH_MUST);
	s->st.should = srh_check_count_level(s->chk, SRH_SHOULD);
	rc = s->oom || srh_check_dropped(s->chk) ? -1 : 0;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

/* The decoders name the job of the request before their findings. */
void prx_session_set_iid(void *ctx, const char *iid)
{
	((prx_session *)ctx)->iid = iid;
}

void prx_session_stats(prx_session *s, prx_stats *st)
{
	pthread_mutex_lock(&s->mu);
	*st = s->st;
	pthread_mutex_unlock(&s->mu);
}
