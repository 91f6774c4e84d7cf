/*
 * drive.c - the fake host and the path script (see drive.h). Expected
 * values (the reference profile templates) are written from contract.md.
 */
#include "drive.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEC(n) ((uint64_t)(n)*1000000000ull)

static const prov_principal alice = {"alice", 0};
static const prov_principal root = {"root", 1};
static const prov_principal mallory = {"mallory", 0};

/* ---- host callbacks -------------------------------------------------- */

static uint64_t drv_now(void *ctx)
{
	return ((drv *)ctx)->now;
}

static int drv_query(void *ctx, const char *job, uint64_t *latency_ns)
{
	(void)ctx, (void)job;
	*latency_ns = 0;
	return PROV_HOST_OK;
}

static void drv_event(drv *d, prov_event *ev)
{
	char iid[128];

	ev->time_ns = d->now;
	cr_assert_eq(d->ops->on_event(d->ctx, ev), 0, "event %u for job %s refused", ev->kind,
		     ev->job);
	/* The facts a driver knows from the engine: each JobState it set
	 * (invariant 9 exactly), when the job ended and why (removal from
	 * E + T; the Error must describe this end). */
	snprintf(iid, sizeof(iid), "SRSIM:%s", ev->job);
	if (ev->kind == PROV_EV_JOB_CREATED)
		cr_assert_eq(srh_check_state(d->chk, iid, d->now, CIM_JS_NEW), 0);
	if (ev->kind == PROV_EV_STATE)
		cr_assert_eq(srh_check_state(d->chk, iid, d->now, ev->u.state.job_state), 0);
	if (ev->kind != PROV_EV_ENDED)
		return;
	cr_assert_eq(srh_check_state(d->chk, iid, d->now, ev->u.ended.job_state), 0);
	cr_assert_eq(srh_check_ended(d->chk, iid, d->now,
				     ev->u.ended.cause ? ev->u.ended.cause->fault_class : NULL),
		     0);
}

/* The engine carries a request out at once: Suspend/Start change the
 * state, Terminate/Kill end the job with the client as the cause. */
static int drv_request(void *ctx, const char *job, uint16_t req, const char *principal)
{
	drv *d = ctx;
	prov_fault term = {.fault_class = "client_terminate"};
	prov_fault kill = {.fault_class = "client_kill"};
	prov_event ev = {.job = job};

	switch (req) {
	case CIM_RS_SUSPEND:
	case CIM_RS_START:
		ev.kind = PROV_EV_STATE;
		ev.u.state.job_state = req == CIM_RS_SUSPEND ? CIM_JS_SUSPENDED : CIM_JS_RUNNING;
		break;
	case CIM_RS_TERMINATE:
	case CIM_RS_KILL:
		ev.kind = PROV_EV_ENDED;
		ev.u.ended.job_state = req == CIM_RS_TERMINATE ? CIM_JS_TERMINATED : CIM_JS_KILLED;
		ev.u.ended.cause = req == CIM_RS_TERMINATE ? &term : &kill;
		ev.u.ended.requested_by = principal;
		break;
	default:
		return PROV_HOST_UNSUPPORTED;
	}
	drv_event(d, &ev);
	return PROV_HOST_OK;
}

/* ---- open / close ------------------------------------------------------ */

static void drv_start(drv *d)
{
	char err[512] = "";

	d->ctx = d->ops->open(&d->cfg, err, sizeof(err));
	cr_assert_not_null(d->ctx, "open %s: %s", d->ops->name, err);
}

static void drv_setup(drv *d, const prov_ops *ops, const char *options, bool on_disk)
{
	memset(d, 0, sizeof(*d));
	if (on_disk) {
		snprintf(d->dir, sizeof(d->dir), "/tmp/srh-drive-XXXXXX");
		cr_assert_not_null(mkdtemp(d->dir), "mkdtemp: %s", strerror(errno));
		snprintf(d->store, sizeof(d->store), "%s/jobs.db", d->dir);
	}
	d->ops = ops;
	d->host =
	    (prov_host){.ctx = d, .now = drv_now, .query = drv_query, .request_state = drv_request};
	d->cfg = (prov_config){.abi_version = PROV_ABI_VERSION,
			       .store_path = on_disk ? d->store : NULL,
			       .options = options,
			       .host = &d->host};
	d->chk = srh_checker_new();
	cr_assert_not_null(d->chk);
	drv_start(d);
}

void drv_open(drv *d, const prov_ops *ops, const char *options)
{
	drv_setup(d, ops, options, true);
}

void drv_open_mem(drv *d, const prov_ops *ops)
{
	drv_setup(d, ops, NULL, false);
}

static void drv_rm(const char *dir, const char *name)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (unlink(p) != 0 && errno != ENOENT)
		cr_log_warn("unlink %s: %s", p, strerror(errno));
}

void drv_close(drv *d)
{
	if (d->ctx)
		d->ops->close(d->ctx);
	d->ctx = NULL;
	srh_checker_free(d->chk);
	d->chk = NULL;
	if (!d->dir[0])
		return;
	drv_rm(d->dir, "jobs.db");
	drv_rm(d->dir, "jobs.db-wal");
	drv_rm(d->dir, "jobs.db-shm");
	drv_rm(d->dir, "jobs.db-journal");
	if (rmdir(d->dir) != 0)
		cr_log_warn("rmdir %s: %s", d->dir, strerror(errno));
}

static void drv_restart(drv *d)
{
	d->ops->close(d->ctx);
	d->ctx = NULL;
	drv_start(d);
	cr_assert_eq(srh_check_restart(d->chk, d->now), 0);
}

void drv_dump(const drv *d)
{
	size_t shown[SRH_R_COUNT] = {0};
	char line[1024];

	for (size_t i = 0; i < srh_check_count(d->chk); i++) {
		const srh_violation *v = srh_check_violation(d->chk, i);

		if (shown[v->rule]++ >= 2)
			continue; /* two of a kind tell enough */
		srh_violation_format(v, line, sizeof(line));
		fprintf(stderr, "    %s: %s\n", d->ops->name, line);
	}
	for (size_t r = 0; r < SRH_R_COUNT; r++) {
		if (shown[r])
			fprintf(stderr, "    %s: %zu x %s\n", d->ops->name, shown[r],
				srh_rules[r].id);
	}
}

/* ---- engine events ------------------------------------------------------ */

static void ev_created(drv *d, const char *job, uint64_t tbr, int doc)
{
	prov_event ev = {.kind = PROV_EV_JOB_CREATED, .job = job};
	char iid[128];

	ev.u.created.job_kind = "initial_sync";
	ev.u.created.name = "initial sync of D:";
	ev.u.created.owner = alice.name;
	ev.u.created.time_before_removal_ns = tbr;
	ev.u.created.delete_on_completion = doc;
	drv_event(d, &ev);
	cr_assert_eq(d->ops->instance_id(d->ctx, job, iid, sizeof(iid)), 0);
	cr_assert_eq(srh_check_owner(d->chk, iid, alice.name), 0);
	cr_assert_eq(srh_check_removal(d->chk, iid, doc != 0, tbr), 0);
}

static void ev_state(drv *d, const char *job, uint16_t js)
{
	prov_event ev = {.kind = PROV_EV_STATE, .job = job};

	ev.u.state.job_state = js;
	drv_event(d, &ev);
}

static void ev_progress(drv *d, const char *job, uint16_t pc)
{
	prov_event ev = {.kind = PROV_EV_PROGRESS, .job = job};

	ev.u.progress.phase = "copy";
	ev.u.progress.percent = pc;
	drv_event(d, &ev);
}

static void ev_fault(drv *d, const char *job, const prov_fault *f)
{
	prov_event ev = {.kind = PROV_EV_FAULT, .job = job};

	ev.u.fault = *f;
	drv_event(d, &ev);
}

static void ev_ended(drv *d, const char *job, uint16_t js, const prov_fault *cause)
{
	prov_event ev = {.kind = PROV_EV_ENDED, .job = job};

	ev.u.ended.job_state = js;
	ev.u.ended.cause = cause;
	drv_event(d, &ev);
}

/* ---- client calls, fed to the checker ------------------------------------ */

static void iid_of(drv *d, const char *job, char *iid, size_t len)
{
	(void)d;
	snprintf(iid, len, "SRSIM:%s", job);
}

/* GetError by who; with keep, hands back the Error of a successful call
 * (NULL otherwise) for the profile check, which judges returned Errors. */
static void ge_as(drv *d, const char *iid, const prov_principal *who, const cim_job *read,
		  cim_error **keep)
{
	cim_error *e = NULL;
	uint32_t rc = d->ops->get_error(d->ctx, who, iid, &e);
	srh_obs_get_error o = {
	    .time_ns = d->now, .instance_id = iid, .who = who, .rc = rc, .error = e, .job = read};

	cr_assert_eq(srh_check_get_error(d->chk, &o), 0);
	if (keep && rc == 0) {
		*keep = e;
		return;
	}
	if (e)
		d->ops->free_error(d->ctx, e);
}

static void ges_as(drv *d, const char *iid, const prov_principal *who)
{
	cim_error **v = NULL;
	size_t n = 0;
	uint32_t rc;

	if (!d->ops->get_errors || !(d->ops->capabilities(d->ctx) & PROV_CAP_GET_ERRORS))
		return;
	rc = d->ops->get_errors(d->ctx, who, iid, &v, &n);
	srh_obs_get_errors o = {.time_ns = d->now,
				.instance_id = iid,
				.who = who,
				.rc = rc,
				.errors = v,
				.n_errors = n};
	cr_assert_eq(srh_check_get_errors(d->chk, &o), 0);
	if (v || n)
		d->ops->free_errors(d->ctx, v, n);
}

static cim_job *read_as(drv *d, const char *iid, const prov_principal *who, uint32_t *rc)
{
	cim_job *j = NULL;

	*rc = d->ops->get_instance(d->ctx, who, iid, &j);
	return j;
}

/*
 * One observation point: an administrator's read of the instance, GetError
 * by the owner (judged with that read), by an administrator and by a
 * stranger, GetErrors by the owner, and the stranger's GetInstance.
 * Returns the owner's Error (caller frees with drv_free) when keep is set.
 */
static cim_error *observe(drv *d, const char *job, bool keep)
{
	char iid[128];
	uint32_t rc;
	cim_error *e = NULL;
	cim_job *j, *s;

	iid_of(d, job, iid, sizeof(iid));
	j = read_as(d, iid, &root, &rc);
	ge_as(d, iid, &alice, j, keep ? &e : NULL);
	ge_as(d, iid, &root, NULL, NULL);
	ge_as(d, iid, &mallory, NULL, NULL);
	ges_as(d, iid, &alice);
	s = read_as(d, iid, &mallory, &rc);
	srh_obs_instance oi = {d->now, iid, &mallory, rc, s, false};
	cr_assert_eq(srh_check_instance(d->chk, &oi), 0);
	if (s)
		d->ops->free_job(d->ctx, s);
	if (j)
		d->ops->free_job(d->ctx, j);
	return e;
}

static void drv_free(drv *d, cim_error *e)
{
	if (e)
		d->ops->free_error(d->ctx, e);
}

static void rsc_as(drv *d, const char *job, const prov_principal *who, uint16_t req)
{
	char iid[128];
	uint32_t rb, ra;
	cim_job *before, *after;

	iid_of(d, job, iid, sizeof(iid));
	before = read_as(d, iid, &root, &rb);
	uint32_t rc = d->ops->request_state_change(d->ctx, who, iid, req, 0);
	after = read_as(d, iid, &root, &ra);
	srh_obs_rsc o = {d->now, iid, who, req, rc, before, after, false, false};
	cr_assert_eq(srh_check_rsc(d->chk, &o), 0);
	if (before)
		d->ops->free_job(d->ctx, before);
	if (after)
		d->ops->free_job(d->ctx, after);
}

/* ---- the reference profile, from contract.md ---------------------------- */

/* Common to every Error of the profile: OwningEntity SRSIM, MessageID
 * SR<4 digits>, ErrorSource the job's object path with format 2, at least
 * one RecommendedActions entry, CIMStatusCodeDescription matching 1. */
static cim_error tmpl(const char *es, uint16_t et, uint16_t sev, uint16_t pc)
{
	cim_error x = {
	    .error_type = et,
	    .perceived_severity = sev,
	    .probable_cause = pc,
	    .cim_status_code = 1,
	    .cim_status_code_description = "CIM_ERR_FAILED",
	    .owning_entity = "SRSIM",
	    .message_id = "SR[0-9][0-9][0-9][0-9]",
	    .message = "?*",
	    .error_source = (char *)es,
	    .error_source_format = 2,
	    .n_recommended_actions = 1,
	};
	return x;
}

static void profile(drv *d, const char *job, const cim_error *e, cim_error x)
{
	char iid[128];

	if (!e)
		return; /* a NULL Error is MUST-4's to judge, not the profile's */
	iid_of(d, job, iid, sizeof(iid));
	cr_assert_eq(srh_check_profile(d->chk, d->now, iid, e, &x), 0);
}

/* ---- the paths ----------------------------------------------------------- */

static void path_success(drv *d)
{
	d->now = SEC(1), ev_created(d, "1", 0, 0), observe(d, "1", false);
	d->now = SEC(2), ev_state(d, "1", CIM_JS_STARTING), observe(d, "1", false);
	d->now = SEC(3), ev_state(d, "1", CIM_JS_RUNNING), observe(d, "1", false);
	d->now = SEC(4), ev_progress(d, "1", 10), observe(d, "1", false);
	d->now = SEC(5), ev_progress(d, "1", 60), observe(d, "1", false);
	d->now = SEC(6), ev_ended(d, "1", CIM_JS_COMPLETED, NULL), observe(d, "1", false);
	d->now = SEC(7), observe(d, "1", false);
}

/* data volume I/O error (EIO): 5 Hardware Error, 6 Critical, 24 I/O Device
 * Error, 1 CIM_ERR_FAILED. */
static void path_failure(drv *d)
{
	prov_fault f = {.fault_class = "io_error",
			.err_no = EIO,
			.volume = "D:",
			.offset = 4096,
			.percent = 40};
	cim_error *e;

	d->now = SEC(10), ev_created(d, "2", 0, 0);
	d->now = SEC(11), ev_state(d, "2", CIM_JS_RUNNING);
	d->now = SEC(12), ev_progress(d, "2", 30), observe(d, "2", false);
	d->now = SEC(13), ev_fault(d, "2", &f), observe(d, "2", false);
	d->now = SEC(14), ev_ended(d, "2", CIM_JS_EXCEPTION, &f);
	e = observe(d, "2", true);
	profile(d, "2", e, tmpl("*InstanceID=\"SRSIM:2\"", 5, 6, 24));
	drv_free(d, e);
	d->now = SEC(15), observe(d, "2", false);
}

/* Terminated by a client: 1 Other "Terminated by client", 2 Information,
 * 1 Other with a ProbableCauseDescription naming the request. */
static void path_terminate(drv *d)
{
	cim_error *e, x = tmpl("*InstanceID=\"SRSIM:3\"", 1, 2, 1);

	x.other_error_type = "Terminated by client";
	x.probable_cause_description = "?*";
	d->now = SEC(20), ev_created(d, "3", 0, 0);
	d->now = SEC(21), ev_state(d, "3", CIM_JS_RUNNING);
	d->now = SEC(22), ev_progress(d, "3", 20), observe(d, "3", false);
	d->now = SEC(23), rsc_as(d, "3", &alice, CIM_RS_TERMINATE);
	e = observe(d, "3", true);
	profile(d, "3", e, x);
	drv_free(d, e);
}

/* Killed by a client: 1 Other "Killed by client", 3 Degraded/Warning,
 * 1 Other. */
static void path_kill(drv *d)
{
	cim_error *e, x = tmpl("*InstanceID=\"SRSIM:4\"", 1, 3, 1);

	x.other_error_type = "Killed by client";
	x.probable_cause_description = "?*";
	d->now = SEC(30), ev_created(d, "4", 0, 0);
	d->now = SEC(31), ev_state(d, "4", CIM_JS_RUNNING);
	d->now = SEC(32), ev_progress(d, "4", 50), observe(d, "4", false);
	d->now = SEC(33), rsc_as(d, "4", &root, CIM_RS_KILL);
	e = observe(d, "4", true);
	profile(d, "4", e, x);
	drv_free(d, e);
}

/* Suspended, then resumed to success: NULL throughout. A second Suspend
 * makes no sense while suspended and must change nothing. */
static void path_suspend_resume(drv *d)
{
	d->now = SEC(40), ev_created(d, "5", 0, 0);
	d->now = SEC(41), ev_state(d, "5", CIM_JS_RUNNING);
	d->now = SEC(42), ev_progress(d, "5", 30), observe(d, "5", false);
	d->now = SEC(43), rsc_as(d, "5", &alice, CIM_RS_SUSPEND), observe(d, "5", false);
	d->now = SEC(44), rsc_as(d, "5", &alice, CIM_RS_SUSPEND), observe(d, "5", false);
	d->now = SEC(45), rsc_as(d, "5", &alice, CIM_RS_START), observe(d, "5", false);
	d->now = SEC(46), ev_progress(d, "5", 80), observe(d, "5", false);
	d->now = SEC(47), ev_ended(d, "5", CIM_JS_COMPLETED, NULL), observe(d, "5", false);
}

/* A transient fault the engine recovers from leaves the success path. */
static void path_recovered(drv *d)
{
	prov_fault f = {.fault_class = "io_error",
			.err_no = EIO,
			.transient = 1,
			.volume = "D:",
			.offset = 8192,
			.percent = 50};

	d->now = SEC(50), ev_created(d, "6", 0, 0);
	d->now = SEC(51), ev_state(d, "6", CIM_JS_RUNNING);
	d->now = SEC(52), ev_fault(d, "6", &f), observe(d, "6", false);
	d->now = SEC(53), ev_progress(d, "6", 90), observe(d, "6", false);
	d->now = SEC(54), ev_ended(d, "6", CIM_JS_COMPLETED, NULL), observe(d, "6", false);
}

/* Job time limit exceeded: 3 Quality of Service Error, 5 Major,
 * 111 Timeout. */
static void path_timeout(drv *d)
{
	prov_fault f = {.fault_class = "timeout",
			.partner = "nodeB",
			.percent = 70,
			.detail = "job time limit 3600s"};
	cim_error *e;

	d->now = SEC(60), ev_created(d, "7", 0, 0);
	d->now = SEC(61), ev_state(d, "7", CIM_JS_RUNNING);
	d->now = SEC(62), ev_progress(d, "7", 70), observe(d, "7", false);
	d->now = SEC(63), ev_ended(d, "7", CIM_JS_EXCEPTION, &f);
	e = observe(d, "7", true);
	profile(d, "7", e, tmpl("*InstanceID=\"SRSIM:7\"", 3, 5, 111));
	drv_free(d, e);
}

/* Removed after TimeBeforeRemoval (10 s, DeleteOnCompletion): then 5. */
static void path_removed(drv *d)
{
	d->now = SEC(70), ev_created(d, "8", SEC(10), 1);
	d->now = SEC(71), ev_state(d, "8", CIM_JS_RUNNING);
	d->now = SEC(72), ev_ended(d, "8", CIM_JS_COMPLETED, NULL), observe(d, "8", false);
	cr_assert_eq(srh_check_removed(d->chk, SEC(82), "SRSIM:8"), 0);
	d->now = SEC(100), observe(d, "8", false);
}

/* TimeBeforeRemoval 0 with DeleteOnCompletion: gone from the instant it
 * ends (contract.md, Removal), so no caller reads its Error. */
static void path_removed_zero(drv *d)
{
	prov_fault f = {.fault_class = "io_error", .err_no = EIO, .volume = "E:", .percent = 10};

	d->now = SEC(102), ev_created(d, "9", 0, 1);
	d->now = SEC(103), ev_state(d, "9", CIM_JS_RUNNING), observe(d, "9", false);
	d->now = SEC(104), ev_ended(d, "9", CIM_JS_EXCEPTION, &f), observe(d, "9", false);
}

/* Invariant 6: two jobs of one owner alive at once, ended one after the
 * other by different faults, read in the other order: each Error is its
 * own job's. */
static void path_two_at_once(drv *d)
{
	prov_fault io = {.fault_class = "io_error", .err_no = EIO, .volume = "F:", .percent = 30};
	prov_fault crash = {.fault_class = "partner_crash", .partner = "nodeC", .percent = 60};

	d->now = SEC(105), ev_created(d, "10", 0, 0), ev_created(d, "11", 0, 0);
	d->now = SEC(106), ev_state(d, "10", CIM_JS_RUNNING), ev_state(d, "11", CIM_JS_RUNNING);
	observe(d, "10", false), observe(d, "11", false);
	d->now = SEC(107), ev_ended(d, "11", CIM_JS_EXCEPTION, &crash);
	d->now = SEC(108), ev_ended(d, "10", CIM_JS_EXCEPTION, &io);
	observe(d, "11", false), observe(d, "10", false);
}

/* Malformed requests: a bad reference, a job that never existed, another
 * spelling of a real job's InstanceID (contract.md: a reference names a
 * job only by exact string equality), a missing output argument: 5 each. */
static void bad_requests(drv *d)
{
	const char *iids[] = {"garbage", "SRSIM:999", "SRSIM:",	  "OTHER:1", "",
			      "srsim:1", " SRSIM:2",  "SRSIM:2 ", "Srsim:3", "SRSIM:20"};
	cim_error *e = NULL;
	uint32_t rc;

	for (size_t i = 0; i < sizeof(iids) / sizeof(iids[0]); i++) {
		rc = d->ops->get_error(d->ctx, &alice, iids[i], &e);
		srh_obs_get_error o = {.time_ns = d->now,
				       .instance_id = iids[i],
				       .who = &alice,
				       .rc = rc,
				       .error = e,
				       .bad_request = true};
		cr_assert_eq(srh_check_get_error(d->chk, &o), 0);
		drv_free(d, e);
		e = NULL;
	}
	rc = d->ops->get_error(d->ctx, &alice, "SRSIM:1", NULL);
	srh_obs_get_error o = {.time_ns = d->now,
			       .instance_id = "SRSIM:1",
			       .who = &alice,
			       .rc = rc,
			       .bad_request = true};
	cr_assert_eq(srh_check_get_error(d->chk, &o), 0);
}

static void enumerate_as(drv *d, const prov_principal *who)
{
	cim_job **v = NULL;
	size_t n = 0;
	uint32_t rc = d->ops->enumerate_instances(d->ctx, who, &v, &n);

	cr_assert_eq(srh_check_enumerate(d->chk, d->now, who, rc, v, n), 0);
	if (v || n)
		d->ops->free_jobs(d->ctx, v, n);
}

void drv_all_paths(drv *d)
{
	static const char *jobs[] = {"1", "2", "3", "4", "5", "6", "7", "10", "11"};

	path_success(d);
	path_failure(d);
	path_terminate(d);
	path_kill(d);
	path_suspend_resume(d);
	path_recovered(d);
	path_timeout(d);
	path_removed(d);
	d->now = SEC(101);
	rsc_as(d, "1", &alice, CIM_RS_TERMINATE); /* a Completed job: 4097 */
	rsc_as(d, "2", &root, CIM_RS_KILL);	  /* an Exception job: 4097 */
	bad_requests(d);
	enumerate_as(d, &root);
	enumerate_as(d, &mallory);
	path_removed_zero(d);
	path_two_at_once(d);
	/* Every Error survives a restart on the same store. */
	d->now = SEC(110);
	drv_restart(d);
	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
		observe(d, jobs[i], false);
	enumerate_as(d, &root);
}
