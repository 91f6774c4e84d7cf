/*
 * cimxml_target.c - `srh run --target http://HOST:PORT/NAMESPACE`: the
 * harness as a CIM-XML client of a live provider.
 *
 * It enumerates the jobs it may see, calls GetError (and GetErrors when
 * the provider has it) on each with the job read just before and after,
 * drives what a client can drive from outside (suspend/resume, terminate,
 * kill, a Terminate that makes no sense, a stranger's calls, bogus
 * InstanceIDs) and feeds every observation to the contract checker
 * (check/check.h), which owns the rules. Faults inside the engine cannot
 * be injected from here: they are reported as not covered, never as
 * passed.
 *
 * Times: the checker wants the provider's clock; a remote client has only
 * the job timestamps, so the estimate is the latest of them seen so far.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "check.h"
#include "cimxml_int.h"

#define POLL_SLEEP_NS 100000000L

enum {
	C_RUNNING,
	C_SUCCESS,
	C_FAILURE,
	C_STABLE,
	C_GETERRORS,
	C_INVALID,
	C_ACCESS,
	C_TRANSITION,
	C_PROGRESS,
	C_SUSPEND,
	C_TERMINATE,
	C_KILL,
	C_FAULTS,
	C_REMOVAL,
	C_RESTART,
	C_COUNT
};

static const char *const cov_name[C_COUNT] = {
    "GetError on a running job",
    "GetError on a job completed with OK",
    "GetError on a failed job (Exception)",
    "Error stable across two calls",
    "GetErrors",
    "invalid parameter (bogus and malformed InstanceID)",
    "access denied (another user)",
    "RequestStateChange that makes no sense (4097)",
    "PercentComplete of a running job watched",
    "suspend and resume",
    "terminate by a client",
    "kill by a client",
    "injected engine faults",
    "removal after TimeBeforeRemoval",
    "provider restart",
};

typedef struct tgt {
	cimxml_remote me, other;
	bool has_other, quiet;
	unsigned wait_s, watch;
	srh_checker *chk;
	uint64_t t;
	bool failed;	  /* a transport or protocol failure: exit 2 */
	int cov[C_COUNT]; /* 0 not covered, 1 covered */
	char note[C_COUNT][256];
	int geterrors; /* -1 unknown, 0 none, 1 offered */
} tgt;

/* A job of the enumeration: what is needed to address it. */
typedef struct tjob {
	const char *iid, *cls, *owner;
	uint16_t state;
} tjob;

static void say(const tgt *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const tgt *g, const char *fmt, ...)
{
	va_list ap;

	if (g->quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void cover(tgt *g, int c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cover(tgt *g, int c, const char *fmt, ...)
{
	va_list ap;

	g->cov[c] = 1;
	va_start(ap, fmt);
	vsnprintf(g->note[c], sizeof g->note[c], fmt, ap);
	va_end(ap);
}

static void uncover(tgt *g, int c, const char *why)
{
	if (!g->cov[c])
		snprintf(g->note[c], sizeof g->note[c], "%s", why);
}

static void fail(tgt *g, const cimxml_remote *r)
{
	if (!g->failed)
		fprintf(stderr, "srh target: %s\n", r->err);
	g->failed = true;
}

static void upd_time(tgt *g, const cim_job *j)
{
	uint64_t c[3] = {j->time_submitted, j->time_of_last_state_change, CIM_TIME_NULL};

	if (j->start_time != CIM_TIME_NULL && j->elapsed_time != CIM_TIME_NULL &&
	    j->start_time <= UINT64_MAX - j->elapsed_time)
		c[2] = j->start_time + j->elapsed_time;
	for (int i = 0; i < 3; i++)
		if (c[i] != CIM_TIME_NULL && c[i] > g->t)
			g->t = c[i];
}

static const char *state_name(uint16_t s)
{
	const char *n = cim_vmap_name(&cim_vm_job_state, s);

	return n ? n : "?";
}

/* Read a job (as the main user). *job NULL when not returned. Returns -1
 * on a transport failure. */
static int read_job(tgt *g, const tjob *j, cim_job **job, uint32_t *rc)
{
	cimxml_response *resp = NULL;

	*job = NULL;
	if (cimxml_remote_get_instance(&g->me, j->cls, j->iid, &resp) != 0) {
		fail(g, &g->me);
		return -1;
	}
	*rc = cimxml_remote_instance_rc(resp);
	if (*rc == 0 && resp->n_jobs) {
		*job = resp->jobs[0];
		resp->jobs[0] = NULL;
		resp->n_jobs = 0;
		upd_time(g, *job);
	}
	cimxml_response_free(resp);
	return 0;
}

static void feed_read(tgt *g, const tjob *j, const cim_job *job, uint32_t rc)
{
	srh_obs_instance o = {g->t, j->iid, &g->me.who, rc, job, false};

	(void)srh_check_instance(g->chk, &o);
}

static bool same_moment(const cim_job *a, const cim_job *b)
{
	return a && b && a->job_state == b->job_state &&
	       a->time_of_last_state_change == b->time_of_last_state_change;
}

/* One GetError by r, judged with the job read just before and after it
 * (retried when the job moved in between). Returns the rc, or -1. */
static long observe_geterror(tgt *g, cimxml_remote *r, const tjob *j, bool bad_request)
{
	long out = -1;

	for (int attempt = 0; attempt < 3; attempt++) {
		cim_job *before = NULL, *after = NULL;
		cimxml_response *resp = NULL;
		uint32_t rb = 0, ra = 0;
		bool same;

		if (!bad_request && read_job(g, j, &before, &rb) != 0)
			return -1;
		if (cimxml_remote_method(r, j->cls, j->iid, "GetError", NULL, 0, &resp) != 0) {
			fail(g, r);
			cim_job_free(before);
			return -1;
		}
		if (!bad_request && read_job(g, j, &after, &ra) != 0) {
			cim_job_free(before);
			cimxml_response_free(resp);
			return -1;
		}
		same = bad_request || same_moment(before, after);
		if (resp->is_error) {
			say(g, "  GetError %s as %s -> CIM error %u %s", j->iid, r->who.name,
			    (unsigned)resp->cim_code, resp->description ? resp->description : "");
			snprintf(r->err, sizeof r->err, "GetError answered with a CIM error %u",
				 (unsigned)resp->cim_code);
			fail(g, r);
		} else {
			srh_obs_get_error o = {g->t,	   j->iid,	&r->who,
					       resp->rc,   resp->error, same ? after : NULL,
					       bad_request};

			if (before)
				feed_read(g, j, before, rb);
			if (!same && after)
				feed_read(g, j, after, ra);
			(void)srh_check_get_error(g->chk, &o);
			say(g, "  GetError %s as %s -> %u, Error %s%s (JobState %s)", j->iid,
			    r->who.name, (unsigned)resp->rc, resp->error ? "present" : "NULL",
			    resp->error_not_embedded
				? " AS A FREE STRING, not an embedded CIM_Error"
				: "",
			    after ? state_name(after->job_state) : "not read");
			out = resp->rc;
		}
		cim_job_free(before);
		cim_job_free(after);
		cimxml_response_free(resp);
		if (same || out < 0)
			break;
	}
	return out;
}

static long observe_geterrors(tgt *g, const tjob *j)
{
	cimxml_response *resp = NULL;
	cim_job *after = NULL;
	uint32_t ra = 0;
	long out = -1;

	if (cimxml_remote_method(&g->me, j->cls, j->iid, "GetErrors", NULL, 0, &resp) != 0) {
		fail(g, &g->me);
		return -1;
	}
	if (resp->is_error) {
		g->geterrors = 0;
		uncover(g, C_GETERRORS, "the provider has no GetErrors (optional in 2.22.0)");
	} else if (read_job(g, j, &after, &ra) == 0) {
		srh_obs_get_errors o = {g->t,	      j->iid,	      &g->me.who, resp->rc,
					resp->errors, resp->n_errors, after,	  false};

		g->geterrors = 1;
		(void)srh_check_get_errors(g->chk, &o);
		cover(g, C_GETERRORS, "checked on every job");
		out = resp->rc;
	}
	cim_job_free(after);
	cimxml_response_free(resp);
	return out;
}

/* RequestStateChange by r with the job read before and after. Returns the
 * rc, -2 when the method answered a CIM error, -1 on a failure. */
static long request(tgt *g, cimxml_remote *r, const tjob *j, uint16_t state)
{
	char v[8];
	cimxml_arg a = {"RequestedState", "uint16", v};
	cim_job *before = NULL, *after = NULL;
	cimxml_response *resp = NULL;
	uint32_t rb = 0, ra = 0;
	long out = -1;

	snprintf(v, sizeof v, "%u", (unsigned)state);
	if (read_job(g, j, &before, &rb) != 0)
		return -1;
	if (cimxml_remote_method(r, j->cls, j->iid, "RequestStateChange", &a, 1, &resp) != 0) {
		fail(g, r);
		goto out;
	}
	if (read_job(g, j, &after, &ra) != 0)
		goto out;
	if (resp->is_error) {
		say(g, "  RequestStateChange(%u) %s as %s -> CIM error %u", (unsigned)state, j->iid,
		    r->who.name, (unsigned)resp->cim_code);
		out = -2;
	} else {
		srh_obs_rsc o = {g->t, j->iid, &r->who, state, resp->rc, before, after, false};

		(void)srh_check_rsc(g->chk, &o);
		say(g, "  RequestStateChange(%u) %s as %s -> %u (JobState %s -> %s)",
		    (unsigned)state, j->iid, r->who.name, (unsigned)resp->rc,
		    before ? state_name(before->job_state) : "?",
		    after ? state_name(after->job_state) : "?");
		out = resp->rc;
	}
out:
	cim_job_free(before);
	cim_job_free(after);
	cimxml_response_free(resp);
	return out;
}

/* Poll the job until it is in state want (0: any final state) or the wait
 * runs out. Returns the last JobState seen, 0 when unknown. */
static uint16_t wait_state(tgt *g, const tjob *j, uint16_t want)
{
	const struct timespec nap = {0, POLL_SLEEP_NS};
	unsigned polls = g->wait_s * 10 + 1;
	uint16_t last = 0;

	for (unsigned i = 0; i < polls && !g->failed; i++) {
		cim_job *job = NULL;
		uint32_t rc = 0;

		if (read_job(g, j, &job, &rc) != 0)
			return 0;
		feed_read(g, j, job, rc);
		if (!job) {
			return last;
		}
		last = job->job_state;
		cim_job_free(job);
		if (want ? last == want : cim_job_state_is_final(last))
			return last;
		if (cim_job_state_is_final(last))
			return last;
		(void)nanosleep(&nap, NULL);
	}
	return last;
}

static bool may_act(const tgt *g, const tjob *j)
{
	return g->me.who.admin || (j->owner && strcmp(j->owner, g->me.who.name) == 0);
}

/* ---- the paths ------------------------------------------------------------ */

static void sweep(tgt *g, const tjob *jobs, size_t n)
{
	for (size_t i = 0; i < n && !g->failed; i++) {
		const tjob *j = &jobs[i];

		if (observe_geterror(g, &g->me, j, false) < 0)
			return;
		if (cim_job_state_is_final(j->state)) {
			if (observe_geterror(g, &g->me, j, false) < 0)
				return;
			cover(g, C_STABLE, "two GetError calls on each ended job");
		}
		if (j->state == CIM_JS_EXCEPTION)
			cover(g, C_FAILURE, "observed on a job that failed (not injected)");
		else if (j->state == CIM_JS_COMPLETED)
			cover(g, C_SUCCESS, "observed");
		else if (!cim_job_state_is_final(j->state))
			cover(g, C_RUNNING, "observed");
		if (g->geterrors != 0 && observe_geterrors(g, j) == -1 && g->failed)
			return;
	}
}

static void invalid_params(tgt *g, const tjob *any)
{
	char bogus[300];
	const char *colon = strchr(any->iid, ':');
	tjob b = {bogus, any->cls, NULL, 0};

	snprintf(bogus, sizeof bogus, "%.*s:srh-no-such-job-4711",
		 colon ? (int)(colon - any->iid) : 5, colon ? any->iid : "SRSIM");
	if (observe_geterror(g, &g->me, &b, true) < 0)
		return;
	snprintf(bogus, sizeof bogus, "srh malformed reference");
	if (observe_geterror(g, &g->me, &b, true) < 0)
		return;
	cover(g, C_INVALID, "a job that never existed and a malformed InstanceID");
}

static void strangers(tgt *g, const tjob *jobs, size_t n)
{
	size_t tried = 0;

	if (!g->has_other) {
		uncover(g, C_ACCESS, "no --other-user given");
		return;
	}
	for (size_t i = 0; i < n && !g->failed; i++) {
		const tjob *j = &jobs[i];
		cimxml_response *resp = NULL;

		if (!j->owner || strcmp(j->owner, g->other.who.name) == 0 || g->other.who.admin)
			continue;
		if (observe_geterror(g, &g->other, j, false) < 0)
			return;
		if (cimxml_remote_get_instance(&g->other, j->cls, j->iid, &resp) != 0) {
			fail(g, &g->other);
			return;
		}
		{
			uint32_t rc = cimxml_remote_instance_rc(resp);
			srh_obs_instance o = {g->t,
					      j->iid,
					      &g->other.who,
					      rc,
					      rc == 0 && resp->n_jobs ? resp->jobs[0] : NULL,
					      false};

			(void)srh_check_instance(g->chk, &o);
		}
		cimxml_response_free(resp);
		tried++;
	}
	if (tried)
		cover(g, C_ACCESS, "GetError and GetInstance by %s on %zu job(s) of others",
		      g->other.who.name, tried);
	else
		uncover(g, C_ACCESS, "every visible job belongs to the other user");
}

static void transition(tgt *g, const tjob *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].state != CIM_JS_COMPLETED || !may_act(g, &jobs[i]))
			continue;
		if (request(g, &g->me, &jobs[i], CIM_RS_TERMINATE) >= 0)
			cover(g, C_TRANSITION, "Terminate on a Completed job");
		return;
	}
	uncover(g, C_TRANSITION, "no Completed job the user may act on");
}

static void suspend_resume(tgt *g, const tjob *j)
{
	long rc = request(g, &g->me, j, CIM_RS_SUSPEND);
	uint16_t st;

	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		if (rc >= 0 || rc == -2)
			snprintf(g->note[C_SUSPEND], sizeof g->note[C_SUSPEND],
				 "the provider refused Suspend (%ld)", rc);
		return;
	}
	st = wait_state(g, j, CIM_JS_SUSPENDED);
	if (st != CIM_JS_SUSPENDED || observe_geterror(g, &g->me, j, false) < 0)
		return;
	rc = request(g, &g->me, j, CIM_RS_START);
	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED)
		return;
	if (wait_state(g, j, CIM_JS_RUNNING) != CIM_JS_RUNNING)
		return;
	if (observe_geterror(g, &g->me, j, false) >= 0)
		cover(g, C_SUSPEND, "%s suspended, GetError, resumed, GetError", j->iid);
}

static void end_job(tgt *g, const tjob *j, uint16_t req, uint16_t final, int c)
{
	long rc = request(g, &g->me, j, req);
	uint16_t st;

	if (rc != CIM_RSC_COMPLETED && rc != CIM_RSC_STARTED) {
		if (rc >= 0 || rc == -2)
			snprintf(g->note[c], sizeof g->note[c],
				 "the provider refused the request (%ld)", rc);
		return;
	}
	st = wait_state(g, j, 0);
	if (!cim_job_state_is_final(st)) {
		snprintf(g->note[c], sizeof g->note[c], "%s did not end within %u s", j->iid,
			 g->wait_s);
		return;
	}
	if (observe_geterror(g, &g->me, j, false) < 0 || observe_geterror(g, &g->me, j, false) < 0)
		return;
	if (st == final)
		cover(g, c, "%s ended %s; GetError twice", j->iid, state_name(st));
	else
		snprintf(g->note[c], sizeof g->note[c], "%s ended %s instead", j->iid,
			 state_name(st));
}

/* Read a running job up to g->watch times: PercentComplete must not fall
 * (the checker judges each read); covered once it moved twice. */
static void watch_progress(tgt *g, const tjob *jobs, size_t n)
{
	const struct timespec nap = {0, POLL_SLEEP_NS};
	const tjob *j = NULL;
	unsigned moves = 0, reads = 0;
	int last = -1;

	for (size_t i = 0; i < n && !j; i++)
		if (jobs[i].state == CIM_JS_RUNNING)
			j = &jobs[i];
	if (!j) {
		uncover(g, C_PROGRESS, "no running job");
		return;
	}
	for (; reads < g->watch && moves < 2 && !g->failed; reads++) {
		cim_job *job = NULL;
		uint32_t rc = 0;

		if (read_job(g, j, &job, &rc) != 0)
			return;
		feed_read(g, j, job, rc);
		if (!job || job->job_state != CIM_JS_RUNNING) {
			cim_job_free(job);
			break;
		}
		if (last >= 0 && job->percent_complete != last)
			moves++;
		else if (last >= 0)
			(void)nanosleep(&nap, NULL);
		last = job->percent_complete;
		cim_job_free(job);
	}
	if (moves >= 2)
		cover(g, C_PROGRESS, "%s read %u times, PercentComplete moved %u times", j->iid,
		      reads, moves);
	else
		snprintf(g->note[C_PROGRESS], sizeof g->note[C_PROGRESS],
			 "%s: PercentComplete moved %u time(s) in %u reads", j->iid, moves, reads);
}

/* Running jobs the user may act on: suspend/resume the first (it keeps
 * running), terminate the second, kill the third; with fewer, reuse. */
static void drive(tgt *g, const tjob *jobs, size_t n)
{
	const tjob *run[3] = {NULL, NULL, NULL};
	size_t k = 0;

	for (size_t i = 0; i < n && k < 3; i++)
		if (jobs[i].state == CIM_JS_RUNNING && may_act(g, &jobs[i]))
			run[k++] = &jobs[i];
	if (k == 0) {
		for (int c = C_SUSPEND; c <= C_KILL; c++)
			uncover(g, c, "no running job the user may act on");
		return;
	}
	suspend_resume(g, run[0]);
	if (!g->failed)
		end_job(g, k >= 2 ? run[1] : run[0], CIM_RS_TERMINATE, CIM_JS_TERMINATED,
			C_TERMINATE);
	if (!g->failed && k != 1)
		end_job(g, k >= 3 ? run[2] : run[0], CIM_RS_KILL, CIM_JS_KILLED, C_KILL);
	else
		uncover(g, C_KILL, "only one running job: it was terminated");
}

/* ---- report --------------------------------------------------------------- */

static void report(tgt *g)
{
	size_t nv = srh_check_count(g->chk), must = srh_check_count_level(g->chk, SRH_MUST);
	char line[1024];

	printf("coverage:\n");
	for (int c = 0; c < C_COUNT; c++)
		printf("  %-12s %s%s%s\n", g->cov[c] ? "covered" : "NOT COVERED", cov_name[c],
		       g->note[c][0] ? ": " : "", g->note[c]);
	printf("violations: %zu (%zu MUST)\n", nv, must);
	for (size_t i = 0; i < nv; i++) {
		srh_violation_format(srh_check_violation(g->chk, i), line, sizeof line);
		printf("  %s\n", line);
	}
	printf("rules:\n");
	for (int r = 0; r < SRH_R_COUNT; r++) {
		size_t k = srh_check_count_rule(g->chk, (srh_rule_id)r);
		/* Rules no call of this run could exercise are not "ok". */
		bool na = r == SRH_R_PROFILE || (r == SRH_R_GETERRORS && g->geterrors != 1);

		printf("  %-4s %s%s%s\n",
		       k    ? "FAIL"
		       : na ? "n/a"
			    : "ok",
		       srh_rules[r].id, srh_rules[r].level == SRH_SHOULD ? " (SHOULD)" : "",
		       na && !k ? (r == SRH_R_PROFILE ? ": no fault profile in target mode"
						      : ": the provider has no GetErrors")
				: "");
	}
	printf("result: %s (%lu calls)\n", must ? "FAIL" : "PASS (every MUST check)",
	       g->me.calls + g->other.calls);
}

static void run(tgt *g)
{
	cimxml_response *e = NULL;
	tjob *jobs = NULL;
	size_t n;

	if (cimxml_remote_enum(&g->me, "CIM_ConcreteJob", &e) != 0) {
		fail(g, &g->me);
		return;
	}
	if (e->is_error || e->n_jobs == 0) {
		fprintf(stderr, "srh target: no job to check (%s)\n",
			e->is_error ? (e->description ? e->description : "CIM error")
				    : "none visible");
		g->failed = true;
		goto out;
	}
	n = e->n_jobs;
	for (size_t i = 0; i < n; i++)
		upd_time(g, e->jobs[i]);
	(void)srh_check_enumerate(g->chk, g->t, &g->me.who, 0, e->jobs, n);
	if (!(jobs = calloc(n, sizeof *jobs))) {
		g->failed = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i] = (tjob){e->jobs[i]->instance_id ? e->jobs[i]->instance_id : "",
				 e->jobs[i]->class_name ? e->jobs[i]->class_name : CIMXML_JOB_CLASS,
				 e->jobs[i]->owner, e->jobs[i]->job_state};
		if (jobs[i].owner)
			(void)srh_check_owner(g->chk, jobs[i].iid, jobs[i].owner);
	}
	say(g, "%zu job(s) visible to %s", n, g->me.who.name);
	sweep(g, jobs, n);
	if (!g->failed)
		invalid_params(g, &jobs[0]);
	if (!g->failed)
		strangers(g, jobs, n);
	if (!g->failed)
		transition(g, jobs, n);
	if (!g->failed)
		watch_progress(g, jobs, n);
	if (!g->failed)
		drive(g, jobs, n);
out:
	free(jobs);
	cimxml_response_free(e);
}

/* ---- command line ----------------------------------------------------------- */

static const char usage_text[] =
    "usage: %s --target http[s]://HOST[:PORT]/NAMESPACE [--user USER:PASS[:admin]]\n"
    "          [--other-user USER:PASS[:admin]] [--wait SECONDS] [--watch READS]\n"
    "          [--cacert FILE | --insecure] [--quiet]\n"
    "Judges a live provider over CIM-XML against the MUST rules of the contract.\n"
    "The port defaults to 5988 (http) or 5989 (https).\n"
    "  --cacert      PEM CA certificate(s) to verify an https server with (default:\n"
    "                the system's CAs); a certificate that does not verify, or\n"
    "                names another host, stops the run (exit 2)\n"
    "  --insecure    https without checking the certificate or host name\n"
    "  --user        credentials of the main client (default admin:admin:admin);\n"
    "                ':admin' says the user is an administrator of the target\n"
    "  --other-user  a second user, for the access-denied checks\n"
    "  --wait        how long to wait for a requested state change (default 60)\n"
    "  --watch       reads of a running job to see PercentComplete move (default 30)\n";

/* http[s]://HOST[:PORT]/NAMESPACE into the server's base URL (the port
 * DSP0200 registers when none is given: 5988, or 5989 for https) and the
 * namespace. Returns 0, or -1 with a reason. */
static int parse_url(const char *url, char *base, size_t bl, char *ns, size_t nl, char *err,
		     size_t errlen)
{
	bool tls;
	http_url u;

	if (http_url_split(url, &u, err, errlen) != 0)
		return -1;
	tls = strcmp(u.scheme, "https") == 0;
	if (strlen(u.path) < 2 || strlen(u.path + 1) >= nl) {
		cimxml_err(err, errlen, "%s: no /NAMESPACE after the port", url);
		return -1;
	}
	if ((size_t)snprintf(base, bl, strchr(u.host, ':') ? "%s://[%s]:%u" : "%s://%s:%u",
			     u.scheme, u.host,
			     u.port ? (unsigned)u.port
			     : tls  ? 5989u
				    : 5988u) >= bl) {
		cimxml_err(err, errlen, "%s: host name too long", url);
		return -1;
	}
	strcpy(ns, u.path + 1);
	return 0;
}

typedef struct targs {
	const char *url;
	http_client_opts http; /* --cacert, --insecure */
	http_user me, other;
	bool has_other, quiet;
	unsigned wait_s, watch;
} targs;

static int parse_args(int argc, char **argv, targs *a)
{
	memset(a, 0, sizeof *a);
	a->wait_s = 60;
	a->watch = 30;
	(void)http_user_parse("admin:admin:admin", &a->me);
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "--quiet") == 0 || strcmp(o, "--insecure") == 0) {
			*(o[2] == 'q' ? &a->quiet : &a->http.insecure) = true;
			continue;
		}
		if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0)
			return 1;
		if (!v)
			return -1;
		i++;
		if (strcmp(o, "--target") == 0) {
			a->url = v;
		} else if (strcmp(o, "--cacert") == 0) {
			a->http.cacert = v;
		} else if (strcmp(o, "--user") == 0) {
			if (http_user_parse(v, &a->me) != 0)
				return -1;
		} else if (strcmp(o, "--other-user") == 0) {
			if (http_user_parse(v, &a->other) != 0)
				return -1;
			a->has_other = true;
		} else if (strcmp(o, "--wait") == 0 || strcmp(o, "--watch") == 0) {
			char *end = NULL;
			unsigned long w = strtoul(v, &end, 10);

			if (!end || *end || w > 3600)
				return -1;
			if (o[3] == 'a')
				a->wait_s = (unsigned)w;
			else
				a->watch = (unsigned)w;
		} else {
			return -1;
		}
	}
	return a->url ? 0 : -1;
}

static int open_remote(cimxml_remote *r, const http_user *u, const char *base,
		       const http_client_opts *ho, const char *ns, char *cred, size_t credlen)
{
	http_client_opts o = *ho;

	r->ns = ns;
	r->who.name = u->name;
	r->who.admin = u->admin ? 1 : 0;
	snprintf(cred, credlen, "%s:%s", u->name, u->pass);
	o.userpass = cred;
	r->c = cimxml_conn_new(base, &o, r->err, sizeof r->err);
	return r->c ? 0 : -1;
}

int cimxml_target_main(int argc, char **argv)
{
	const char *prog = argc > 0 ? argv[0] : "srh run";
	char base[300], ns[512], cred[2][256], err[CIMXML_ERRLEN];
	targs a;
	tgt g;
	int rc = parse_args(argc, argv, &a);

	if (rc != 0) {
		fprintf(rc > 0 ? stdout : stderr, usage_text, prog);
		return rc > 0 ? 0 : 2;
	}
	if (parse_url(a.url, base, sizeof base, ns, sizeof ns, err, sizeof err) != 0) {
		fprintf(stderr, "%s: --target %s (want http[s]://HOST[:PORT]/NAMESPACE)\n", prog,
			err);
		return 2;
	}
	if (http_global_init() != 0) {
		fprintf(stderr, "%s: libcurl does not start\n", prog);
		return 2;
	}
	memset(&g, 0, sizeof g);
	g.quiet = a.quiet;
	g.wait_s = a.wait_s;
	g.watch = a.watch;
	g.has_other = a.has_other;
	g.geterrors = -1;
	g.chk = srh_checker_new();
	xmlInitParser();
	if (!g.chk || open_remote(&g.me, &a.me, base, &a.http, ns, cred[0], sizeof cred[0]) != 0 ||
	    (a.has_other &&
	     open_remote(&g.other, &a.other, base, &a.http, ns, cred[1], sizeof cred[1]) != 0)) {
		fprintf(stderr, "%s: cannot set up the client: %s\n", prog,
			g.me.c ? g.other.err : g.me.err);
		rc = 2;
		goto out;
	}
	say(&g, "srh target: %s/%s as %s%s%s", base, ns, a.me.name,
	    a.has_other ? ", other user " : "", a.has_other ? a.other.name : "");
	uncover(&g, C_FAULTS,
		"engine faults (io_error, disk_failure, log_full, partition, "
		"conn_reset, timeout, partner_crash, auth_refused, engine_oom, "
		"engine_bug) cannot be injected into a live provider");
	uncover(&g, C_REMOVAL, "would need waiting out TimeBeforeRemoval");
	uncover(&g, C_RESTART, "a live provider is not restarted from outside");
	run(&g);
	if (g.failed) {
		/* Nothing answered (refused, TLS, certificate): the one line
		 * that said why is the whole story. */
		if (g.me.answered)
			report(&g);
		rc = 2;
	} else {
		report(&g);
		rc = srh_check_count_level(g.chk, SRH_MUST) ? 1 : 0;
	}
out:
	cimxml_conn_free(g.me.c);
	cimxml_conn_free(g.other.c);
	srh_checker_free(g.chk);
	xmlCleanupParser();
	http_global_cleanup();
	return rc;
}
