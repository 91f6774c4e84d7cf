/*
 * conc.c - the concurrency run (conc.h). 8 client threads hammer GetError,
 * GetErrors and GetInstance (and now and then EnumerateInstances) on one
 * reference provider while a driver thread delivers thousands of job events: many jobs at once
 * through created -> Starting -> Running (some Suspended and resumed, some
 * with transient faults) -> progress -> Exception / Terminated / Killed /
 * Completed, on a shared virtual clock.
 *
 * Every result is judged twice:
 *   - by the contract checker (check/check.h), one per client thread, fed
 *     each call with the job instance read just before and just after it
 *     (passed as "the same instant" only when both reads agree on
 *     JobState: states never leave a final one, so then none changed);
 *   - by the lock-free observation rules of this test. The driver
 *     publishes each job's stage with release stores: "ending" before it
 *     delivers the ENDED event, "ended" after on_event returned. A client
 *     reads the stage before (s0) and after (s1) its call, so:
 *       an Error seen   => s1 >= ending, and the job does not complete OK
 *                          (never an Error for a running job);
 *       s0 == ended     => an Error is there if the job ended in error
 *                          (never a lost Error);
 *       every Error     == the first one this thread saw for the job, and
 *                          after the run that one == the Error a
 *                          single-threaded GetError returns, property by
 *                          property (never a torn Error).
 * No Criterion here: Criterion cannot start under ThreadSanitizer
 * (Snaipe/Criterion#274), so the TSan build runs this through conc_main.c
 * and the normal builds through test_concurrency.c.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conc.h"
#include "hz.h"

#define HZ_CLIENTS 8
#define HZ_WINDOW 16	     /* jobs in flight at once */
#define HZ_RECENT 32	     /* clients favour the jobs created last */
#define HZ_DEFAULT_JOBS 500  /* x 9 events; HZ_JOBS overrides */
#define HZ_CALLS_PER_EVENT 6 /* client calls per event (the driver's pace) */

enum { ST_NONE = 0, ST_CREATED, ST_ENDING, ST_ENDED };
enum { END_EXCEPTION, END_TERMINATED, END_KILLED, END_COMPLETED, END_KINDS };

static const uint16_t end_state[END_KINDS] = {CIM_JS_EXCEPTION, CIM_JS_TERMINATED, CIM_JS_KILLED,
					      CIM_JS_COMPLETED};
static const char *const fatal_classes[] = {
    "io_error", "disk_failure",	 "log_full",	 "partition",  "conn_reset",
    "timeout",	"partner_crash", "auth_refused", "engine_oom", "engine_bug",
};
#define N_FATAL (sizeof fatal_classes / sizeof fatal_classes[0])

typedef struct job_slot {
	char id[32];
	char iid[96];
	_Atomic int stage;
	int end;  /* END_*, fixed before the job is created */
	int step; /* driver only */
} job_slot;

typedef struct run {
	hz_host h;
	hz_prov p;
	job_slot *jobs;
	size_t n_jobs;
	_Atomic size_t n_created;
	_Atomic bool done;
	_Atomic size_t calls; /* by all clients: paces the driver */
	int driver_failures;
	char driver_msg[256];
	size_t events;
} run;

typedef struct client {
	run *r;
	uint64_t rng;
	srh_checker *chk;
	cim_error **first; /* per job: the first Error this thread saw */
	bool *told;	   /* per job: the checker knows the owner */
	size_t calls, errors_seen, failures;
	size_t moving; /* calls during which an event was delivered */
	size_t ending; /* calls during which their job ended */
	char msg[512];
} client;

/* ---- the driver ------------------------------------------------------- */

static void drv_fail(run *r, const job_slot *j, const char *what)
{
	if (r->driver_failures++ == 0)
		snprintf(r->driver_msg, sizeof r->driver_msg, "job %s: %s not recorded", j->id,
			 what);
}

/* The ending of job i: its end state and cause. */
static int deliver_end(run *r, job_slot *j, size_t i)
{
	prov_fault f = hz_fault_of(fatal_classes[i % N_FATAL], 0);

	atomic_store_explicit(&j->stage, ST_ENDING, memory_order_release);
	int rc;
	switch (j->end) {
	case END_EXCEPTION:
		rc = hz_end(&r->p, j->id, CIM_JS_EXCEPTION, &f, NULL);
		break;
	case END_TERMINATED:
		rc = hz_end(&r->p, j->id, CIM_JS_TERMINATED, NULL, "alice");
		break;
	case END_KILLED:
		rc = hz_end(&r->p, j->id, CIM_JS_KILLED, NULL, "root");
		break;
	default:
		rc = hz_end(&r->p, j->id, CIM_JS_COMPLETED, NULL, NULL);
		break;
	}
	atomic_store_explicit(&j->stage, ST_ENDED, memory_order_release);
	return rc;
}

/* The next step of job i: created, Starting, Running, 20%, then Suspended
 * (every 5th job) or a transient fault (the next) or 30%, Running again or
 * 40%, 60%, the fatal fault (Exception jobs) or 80%, the end: 9 events.
 * Returns 1 when the job has ended, else 0. */
static int drive_step(run *r, size_t i)
{
	job_slot *j = &r->jobs[i];
	prov_fault tf = hz_fault_of("conn_reset", 1);
	prov_fault ff = hz_fault_of(fatal_classes[i % N_FATAL], 0);
	int rc = 0, k = j->step++;

	switch (k) {
	case 0:
		rc = hz_created(&r->p, j->id);
		if (rc == 0 && r->p.ops->instance_id(r->p.ctx, j->id, j->iid, sizeof j->iid) != 0)
			rc = -1;
		atomic_store_explicit(&j->stage, ST_CREATED, memory_order_release);
		atomic_store_explicit(&r->n_created, i + 1, memory_order_release);
		break;
	case 1:
		rc = hz_state(&r->p, j->id, CIM_JS_STARTING);
		break;
	case 2:
		rc = hz_state(&r->p, j->id, CIM_JS_RUNNING);
		break;
	case 3:
		rc = hz_progress(&r->p, j->id, 20);
		break;
	case 4:
		rc = i % 5 == 0	  ? hz_state(&r->p, j->id, CIM_JS_SUSPENDED)
		     : i % 5 == 1 ? hz_fault(&r->p, j->id, &tf)
				  : hz_progress(&r->p, j->id, 30);
		break;
	case 5:
		rc = i % 5 == 0 ? hz_state(&r->p, j->id, CIM_JS_RUNNING)
				: hz_progress(&r->p, j->id, 40);
		break;
	case 6:
		rc = hz_progress(&r->p, j->id, 60);
		break;
	case 7:
		rc = j->end == END_EXCEPTION ? hz_fault(&r->p, j->id, &ff)
					     : hz_progress(&r->p, j->id, 80);
		break;
	default:
		if (deliver_end(r, j, i) != 0)
			drv_fail(r, j, "the end");
		r->events++;
		return 1;
	}
	if (rc != 0)
		drv_fail(r, j, "an event");
	r->events++;
	return 0;
}

/* Pace the driver: on a few cores, free-running clients would starve it
 * of the provider's mutex, or it would outrun them. It runs freely while
 * the clients have made HZ_CALLS_PER_EVENT calls per event so far, and
 * waits for them otherwise. */
static void pace(run *r)
{
	while (atomic_load(&r->calls) < r->events * HZ_CALLS_PER_EVENT)
		sched_yield();
}

/* HZ_WINDOW jobs in flight, stepped round robin, so events of different
 * jobs interleave. */
static void *driver(void *arg)
{
	run *r = arg;
	size_t slot[HZ_WINDOW], next = 0, live = 0;
	bool used[HZ_WINDOW] = {false};

	while (next < r->n_jobs || live > 0) {
		for (size_t s = 0; s < HZ_WINDOW; s++) {
			if (!used[s] && next < r->n_jobs) {
				slot[s] = next++;
				used[s] = true;
				live++;
			}
			if (!used[s])
				continue;
			if (drive_step(r, slot[s])) {
				used[s] = false;
				live--;
			}
			pace(r);
		}
	}
	atomic_store(&r->done, true);
	return NULL;
}

/* ---- the clients ------------------------------------------------------ */

/* Count a failure; keep the first message (threads may not cr_assert). */
static void cl_fail(client *c, const job_slot *j, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void cl_fail(client *c, const job_slot *j, const char *fmt, ...)
{
	va_list ap;
	char what[384];

	if (c->failures++ != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(c->msg, sizeof c->msg, "job %s: %s", j->id, what);
}

static int stage_of(const job_slot *j)
{
	return atomic_load_explicit(&j->stage, memory_order_acquire);
}

/* One Error returned for job j between stages s0 and s1. */
static void judge_error(client *c, size_t ji, int s1, const cim_error *e, const char *call)
{
	job_slot *j = &c->r->jobs[ji];
	char diff[256];

	c->errors_seen++;
	if (s1 < ST_ENDING)
		cl_fail(c, j, "%s returned an Error for a running job", call);
	if (j->end == END_COMPLETED)
		cl_fail(c, j, "%s returned an Error for a job that completed OK", call);
	if (!c->first[ji]) {
		c->first[ji] = cim_error_dup(e);
		if (!c->first[ji])
			cl_fail(c, j, "%s: out of memory copying the Error", call);
		return;
	}
	if (hz_error_diff(c->first[ji], e, diff, sizeof diff) != 0)
		cl_fail(c, j, "%s: torn or changing Error, differs in %s", call, diff);
}

/* The return code every call gets here: 6 for a stranger, else 0 (no
 * faults are injected, the engine answers at once). */
static bool rc_ok(client *c, const job_slot *j, const prov_principal *who, uint32_t rc,
		  const char *call)
{
	uint32_t want = who == &hz_other ? CIM_GE_ACCESS_DENIED : CIM_GE_SUCCESS;
	if (rc == want)
		return true;
	cl_fail(c, j, "%s returned %u", call, rc);
	return false;
}

static void lost_check(client *c, const job_slot *j, int s0, bool have, const char *call)
{
	if (s0 == ST_ENDED && j->end != END_COMPLETED && !have)
		cl_fail(c, j, "%s lost the Error of a job that had ended", call);
}

static cim_job *admin_read(client *c, const job_slot *j)
{
	cim_job *job = NULL;
	uint32_t rc = c->r->p.ops->get_instance(c->r->p.ctx, &hz_admin, j->iid, &job);
	if (rc != 0 || !job)
		cl_fail(c, j, "admin GetInstance returned %u", rc);
	return job;
}

/* The instance to judge the call against: the read after it, when the
 * reads before and after agree on JobState (then no transition happened
 * during the call). Otherwise NULL, and *loose is the unpaired read. */
static const cim_job *same_instant(const cim_job *before, const cim_job *after,
				   const cim_job **loose)
{
	*loose = after;
	if (before && after && before->job_state == after->job_state) {
		*loose = NULL;
		return after;
	}
	return NULL;
}

static void feed_loose(client *c, const job_slot *j, const cim_job *loose, uint64_t t)
{
	if (!loose)
		return;
	srh_obs_instance o = {
	    .time_ns = t, .instance_id = j->iid, .who = &hz_admin, .rc = 0, .job = loose};
	(void)srh_check_instance(c->chk, &o);
}

static void call_get_error(client *c, size_t ji, const prov_principal *who)
{
	run *r = c->r;
	job_slot *j = &r->jobs[ji];
	cim_error *e = NULL;
	const cim_job *loose;

	uint64_t t0 = atomic_load(&r->h.now);
	int s0 = stage_of(j);
	cim_job *before = admin_read(c, j);
	sched_yield(); /* let the driver's events land inside the call's window */
	uint32_t rc = r->p.ops->get_error(r->p.ctx, who, j->iid, &e);
	sched_yield();
	cim_job *after = admin_read(c, j);
	int s1 = stage_of(j);
	uint64_t t = atomic_load(&r->h.now);

	c->moving += t0 != t;
	c->ending += s0 != s1;
	if (rc_ok(c, j, who, rc, "GetError") && e)
		judge_error(c, ji, s1, e, "GetError");
	if (who != &hz_other)
		lost_check(c, j, s0, e != NULL, "GetError");
	if (rc != 0 && e)
		cl_fail(c, j, "GetError: an Error with rc %u", rc);
	srh_obs_get_error o = {.time_ns = t,
			       .instance_id = j->iid,
			       .who = who,
			       .rc = rc,
			       .error = e,
			       .job = same_instant(before, after, &loose)};
	(void)srh_check_get_error(c->chk, &o);
	feed_loose(c, j, loose, t);
	r->p.ops->free_error(r->p.ctx, e);
	r->p.ops->free_job(r->p.ctx, before);
	r->p.ops->free_job(r->p.ctx, after);
}

static void call_get_errors(client *c, size_t ji, const prov_principal *who)
{
	run *r = c->r;
	job_slot *j = &r->jobs[ji];
	cim_error **v = NULL;
	size_t n = 0;
	const cim_job *loose;

	uint64_t t0 = atomic_load(&r->h.now);
	int s0 = stage_of(j);
	cim_job *before = admin_read(c, j);
	sched_yield();
	uint32_t rc = r->p.ops->get_errors(r->p.ctx, who, j->iid, &v, &n);
	sched_yield();
	cim_job *after = admin_read(c, j);
	int s1 = stage_of(j);
	uint64_t t = atomic_load(&r->h.now);

	c->moving += t0 != t;
	c->ending += s0 != s1;
	if (n > 1 || (n == 0) != (v == NULL))
		cl_fail(c, j, "GetErrors returned a bad array (%zu errors)", n);
	else if (rc_ok(c, j, who, rc, "GetErrors") && n == 1)
		judge_error(c, ji, s1, v[0], "GetErrors");
	if (who != &hz_other)
		lost_check(c, j, s0, n > 0, "GetErrors");
	srh_obs_get_errors o = {.time_ns = t,
				.instance_id = j->iid,
				.who = who,
				.rc = rc,
				.errors = v,
				.n_errors = n,
				.job = same_instant(before, after, &loose)};
	(void)srh_check_get_errors(c->chk, &o);
	feed_loose(c, j, loose, t);
	r->p.ops->free_errors(r->p.ctx, v, n);
	r->p.ops->free_job(r->p.ctx, before);
	r->p.ops->free_job(r->p.ctx, after);
}

static void call_get_instance(client *c, size_t ji, const prov_principal *who)
{
	run *r = c->r;
	job_slot *j = &r->jobs[ji];
	cim_job *job = NULL;

	uint64_t t0 = atomic_load(&r->h.now);
	int s0 = stage_of(j);
	uint32_t rc = r->p.ops->get_instance(r->p.ctx, who, j->iid, &job);
	int s1 = stage_of(j);
	uint64_t t = atomic_load(&r->h.now);

	c->moving += t0 != t;
	c->ending += s0 != s1;
	if (rc_ok(c, j, who, rc, "GetInstance") && rc == 0) {
		bool final = job && cim_job_state_is_final(job->job_state);
		if (!job)
			cl_fail(c, j, "GetInstance: rc %u and no instance", rc);
		else if (final && (s1 < ST_ENDING || job->job_state != end_state[j->end]))
			cl_fail(c, j, "GetInstance: JobState %u before the job ended that way",
				job->job_state);
		else if (!final && s0 == ST_ENDED)
			cl_fail(c, j, "GetInstance: JobState %u after the job had ended",
				job->job_state);
	}
	srh_obs_instance o = {
	    .time_ns = t, .instance_id = j->iid, .who = who, .rc = rc, .job = job};
	(void)srh_check_instance(c->chk, &o);
	r->p.ops->free_job(r->p.ctx, job);
}

static void call_enumerate(client *c, const prov_principal *who)
{
	run *r = c->r;
	cim_job **v = NULL;
	size_t n = 0;

	uint32_t rc = r->p.ops->enumerate_instances(r->p.ctx, who, &v, &n);
	if (rc != 0)
		cl_fail(c, &r->jobs[0], "EnumerateInstances returned %u", rc);
	(void)srh_check_enumerate(c->chk, atomic_load(&r->h.now), who, rc, v, n);
	r->p.ops->free_jobs(r->p.ctx, v, n);
}

static size_t pick_job(client *c, size_t nc)
{
	uint64_t x = hz_rand(&c->rng);
	if (x % 4 != 0 && nc > HZ_RECENT)
		return nc - 1 - (size_t)((x >> 8) % HZ_RECENT);
	return (size_t)((x >> 8) % nc);
}

static const prov_principal *pick_who(client *c)
{
	uint64_t x = hz_rand(&c->rng) % 10;
	return x == 0 ? &hz_other : x <= 5 ? &hz_owner : &hz_admin;
}

static void *client_main(void *arg)
{
	client *c = arg;
	run *r = c->r;

	while (!atomic_load(&r->done)) {
		size_t nc = atomic_load_explicit(&r->n_created, memory_order_acquire);
		if (nc == 0) {
			sched_yield();
			continue;
		}
		size_t ji = pick_job(c, nc);
		const prov_principal *who = pick_who(c);
		if (!c->told[ji]) {
			(void)srh_check_owner(c->chk, r->jobs[ji].iid, hz_owner.name);
			c->told[ji] = true;
		}
		uint64_t op = hz_rand(&c->rng) % 256;
		if (op == 0)
			call_enumerate(c, who);
		else if (op < 110)
			call_get_error(c, ji, who);
		else if (op < 180)
			call_get_errors(c, ji, who);
		else
			call_get_instance(c, ji, who);
		c->calls++;
		atomic_fetch_add(&r->calls, 1);
	}
	return NULL;
}

/* ---- the run ---------------------------------------------------------- */

/* A failure of the run as a whole (set-up, summary checks). */
static int run_fail(const char *options, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int run_fail(const char *options, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "concurrency %s: FAIL: ", options);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static size_t n_jobs_wanted(size_t n_jobs)
{
	const char *v = getenv("HZ_JOBS");
	long n = v ? strtol(v, NULL, 10) : 0;

	if (n_jobs)
		return n_jobs;
	return n > 0 ? (size_t)n : HZ_DEFAULT_JOBS;
}

static int run_init(run *r, const char *store, const char *options, size_t n_jobs)
{
	char err[512] = "";

	memset(r, 0, sizeof *r);
	hz_host_init(&r->h);
	if (hz_open(&r->p, &r->h, store, options, err, sizeof err) != 0)
		return run_fail(options, "open: %s", err);
	r->n_jobs = n_jobs_wanted(n_jobs);
	r->jobs = calloc(r->n_jobs, sizeof *r->jobs);
	if (!r->jobs) {
		hz_close(&r->p);
		return run_fail(options, "out of memory");
	}
	for (size_t i = 0; i < r->n_jobs; i++) {
		snprintf(r->jobs[i].id, sizeof r->jobs[i].id, "job-%zu", i);
		r->jobs[i].end = (int)(i % END_KINDS);
	}
	return 0;
}

static void client_free(client *c)
{
	for (size_t k = 0; c->first && k < c->r->n_jobs; k++)
		cim_error_free(c->first[k]);
	free(c->first);
	free(c->told);
	srh_checker_free(c->chk);
}

static int client_init(client *c, run *r, unsigned idx)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	c->rng = 0x9E3779B97F4A7C15ull * (idx + 1);
	c->chk = srh_checker_new();
	c->first = calloc(r->n_jobs, sizeof *c->first);
	c->told = calloc(r->n_jobs, sizeof *c->told);
	if (c->chk && c->first && c->told)
		return 0;
	client_free(c);
	return -1;
}

/* The thread's own failures and every violation its checker recorded.
 * Returns the number of failures. */
static int client_report(const char *options, client *c, unsigned idx)
{
	char line[1024];
	size_t n = srh_check_count(c->chk);
	int bad = 0;

	for (size_t i = 0; i < n && i < 5; i++) {
		srh_violation_format(srh_check_violation(c->chk, i), line, sizeof line);
		bad += run_fail(options, "client %u: checker: %s", idx, line);
	}
	if (n > 5)
		bad += run_fail(options, "client %u: %zu more checker violations", idx, n - 5);
	if (srh_check_dropped(c->chk))
		bad += run_fail(options, "client %u: checker dropped violations", idx);
	if (c->failures)
		bad += run_fail(options, "client %u: %zu failures, first: %s", idx, c->failures,
				c->msg);
	return bad;
}

/* After the run, alone: the reference Error of each job, and every Error
 * any thread saw must equal it. Returns the number of failures. */
static int final_compare(const char *options, run *r, client *cl, size_t *compared)
{
	int bad = 0;

	for (size_t i = 0; i < r->n_jobs && bad < 10; i++) {
		job_slot *j = &r->jobs[i];
		cim_error *ref = NULL;
		cim_job *job = NULL;
		char diff[256];
		uint32_t rc = r->p.ops->get_error(r->p.ctx, &hz_admin, j->iid, &ref);
		uint32_t rci = r->p.ops->get_instance(r->p.ctx, &hz_admin, j->iid, &job);
		if (rc != 0 || rci != 0)
			bad += run_fail(options, "job %s: GetError %u, GetInstance %u alone", j->id,
					rc, rci);
		else if (job->job_state != end_state[j->end])
			bad += run_fail(options, "job %s: JobState %u, not %u", j->id,
					job->job_state, end_state[j->end]);
		if (rc == 0 && (ref != NULL) != (j->end != END_COMPLETED))
			bad += run_fail(options, "job %s: Error %s alone", j->id,
					ref ? "present" : "NULL");
		for (unsigned c = 0; rc == 0 && c < HZ_CLIENTS; c++) {
			if (!cl[c].first[i])
				continue;
			(*compared)++;
			if (hz_error_diff(ref, cl[c].first[i], diff, sizeof diff) != 0)
				bad += run_fail(options, "job %s, client %u: Error differs in %s",
						j->id, c, diff);
		}
		r->p.ops->free_error(r->p.ctx, ref);
		r->p.ops->free_job(r->p.ctx, job);
	}
	return bad;
}

/* Start the clients and the driver, wait for all. Returns 0 or -1 (a
 * thread could not be started: then none is left running). */
static int run_threads(run *r, client *cl, unsigned *n_started)
{
	pthread_t drv, th[HZ_CLIENTS];
	int rc = 0;

	*n_started = 0;
	for (unsigned i = 0; i < HZ_CLIENTS; i++) {
		if (pthread_create(&th[i], NULL, client_main, &cl[i]) != 0) {
			rc = -1;
			break;
		}
		(*n_started)++;
	}
	if (rc == 0 && pthread_create(&drv, NULL, driver, r) != 0)
		rc = -1;
	if (rc == 0)
		rc = pthread_join(drv, NULL) == 0 ? 0 : -1;
	atomic_store(&r->done, true); /* also when the driver never ran */
	for (unsigned i = 0; i < *n_started; i++) {
		if (pthread_join(th[i], NULL) != 0)
			rc = -1;
	}
	return rc;
}

int conc_run(const char *store, const char *options, size_t n_jobs)
{
	run r;
	client cl[HZ_CLIENTS];
	unsigned n_cl = 0, started = 0;
	size_t calls = 0, seen = 0, moving = 0, ending = 0, compared = 0;
	int bad = 0;

	if (run_init(&r, store, options, n_jobs) != 0)
		return -1;
	for (; n_cl < HZ_CLIENTS; n_cl++) {
		if (client_init(&cl[n_cl], &r, n_cl) != 0) {
			bad = -1;
			goto out;
		}
	}
	if (run_threads(&r, cl, &started) != 0) {
		bad = run_fail(options, "a thread could not be started or joined");
		goto out;
	}
	if (r.driver_failures)
		bad += run_fail(options, "%d events not recorded, first: %s", r.driver_failures,
				r.driver_msg);
	for (unsigned i = 0; i < HZ_CLIENTS; i++) {
		bad += client_report(options, &cl[i], i);
		calls += cl[i].calls;
		seen += cl[i].errors_seen;
		moving += cl[i].moving;
		ending += cl[i].ending;
	}
	if (r.events < r.n_jobs * 9)
		bad += run_fail(options, "%zu events delivered, not %zu", r.events, r.n_jobs * 9);
	bad += final_compare(options, &r, cl, &compared);
	if (compared == 0)
		bad += run_fail(options, "the clients saw no Error at all");
	fprintf(stderr,
		"concurrency %s: %zu jobs, %zu events, %u clients, %zu calls: %zu returned an "
		"Error, %zu overlapped an event, %zu the end of their job; %zu Errors compared "
		"with the single-threaded ones: %s\n",
		options, r.n_jobs, r.events, HZ_CLIENTS, calls, seen, moving, ending, compared,
		bad ? "FAIL" : "ok");
out:
	for (unsigned i = 0; i < n_cl; i++)
		client_free(&cl[i]);
	hz_close(&r.p);
	free(r.jobs);
	return bad;
}
