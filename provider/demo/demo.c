/*
 * demo.c - srprov_demo: drive the reference provider through every path of
 * shared/spec/contract.md and print one line per path: the GetError return
 * code, the job's JobState/OperationalStatus, and the Error (NULL or
 * MessageID/ErrorType/ProbableCause). Each line also says what contract.md
 * expects there; the exit status is 0 only if every line matches.
 *
 * The expected values below are copied from contract.md (the tables "Job
 * paths, states and the Error" and "The reference profile"), not from the
 * provider's output.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <fiu-control.h>
#include <fiu.h>

#include "fake_host.h"
#include "srh/cim.h"
#include "srh/prov_faults.h"
#include "srh/prov_load.h"
#include "srprov_ref.h"

#define NO_JS (-1)
#define BUF 160

typedef struct expect {
	uint32_t rc;
	bool error;
	int et, sev, pc, sc;	/* when error: reference profile values */
	const char *other_type; /* OtherErrorType when ErrorType = 1 */
	int js;			/* JobState at end, NO_JS = gone */
	uint16_t os[2];
	size_t n_os;
} expect;

typedef struct outcome {
	uint32_t rc;
	cim_error *e;
	int js;
	uint16_t os[CIM_OPSTATUS_MAX];
	size_t n_os;
	bool steps_ok; /* intermediate checks of a multi-step path */
} outcome;

typedef struct demo {
	fh_host h;
	fh_prov p;
	int n_bad;
	int seq;
} demo;

static const prov_principal owner = {"alice", 0};
static const prov_principal admin = {"root", 1};
static const prov_principal stranger = {"mallory", 0};

/* contract.md, "The reference profile". */
static const struct {
	const char *cls;
	int et, sev, pc, sc;
} profile[] = {
    {"io_error", 5, 6, 24, 1},	    {"disk_failure", 5, 7, 86, 1},  {"log_full", 9, 5, 50, 1},
    {"partition", 2, 5, 5, 1},	    {"conn_reset", 2, 5, 69, 1},    {"timeout", 3, 5, 111, 1},
    {"partner_crash", 2, 6, 72, 1}, {"auth_refused", 7, 5, 117, 2}, {"engine_oom", 8, 6, 33, 1},
    {"engine_bug", 4, 7, 47, 1},
};

#define EX_NULL(js_, o1, o2, n)                                                                    \
	{                                                                                          \
		0, false, 0, 0, 0, 0, NULL, js_, {o1, o2}, n                                       \
	}
#define EX_FAIL(et, sev, pc, sc)                                                                   \
	{                                                                                          \
		0, true, et, sev, pc, sc, NULL, 10, {6, 17}, 2                                     \
	}
#define EX_RC(rc)                                                                                  \
	{                                                                                          \
		rc, false, 0, 0, 0, 0, NULL, NO_JS, {0, 0}, 0                                      \
	}

static const char *rc_name(demo *d, uint32_t rc, char *buf, size_t len)
{
	const char *n = cim_vmap_name(&cim_vm_geterror_rc, rc);
	if (n)
		return n;
	if (rc >= CIM_VENDOR_LO && rc <= CIM_VENDOR_HI) {
		const char *v = d->p.ops->rc_description(d->p.ctx, rc);
		snprintf(buf, len, "Vendor Specific: %s", v ? v : "?");
		return buf;
	}
	return "DMTF Reserved";
}

static void new_job(demo *d, char *job, size_t len)
{
	snprintf(job, len, "%d", ++d->seq);
}

static void observe(demo *d, const char *job, outcome *o)
{
	char iid[BUF];
	cim_job *j = NULL;

	o->js = NO_JS;
	o->n_os = 0;
	if (d->p.ops->get_instance(d->p.ctx, &admin, fh_iid(&d->p, job, iid, sizeof iid), &j) != 0)
		return;
	o->js = j->job_state;
	o->n_os = j->n_op_status;
	memcpy(o->os, j->op_status, sizeof o->os);
	d->p.ops->free_job(d->p.ctx, j);
}

static void get_error(demo *d, const prov_principal *who, const char *job, outcome *o)
{
	char iid[BUF];
	o->rc = d->p.ops->get_error(d->p.ctx, who, fh_iid(&d->p, job, iid, sizeof iid), &o->e);
}

/* The SHOULD properties every reference-profile Error carries. */
static bool profile_common_ok(const cim_error *e, const char *iid)
{
	const char *scd = cim_vmap_name(&cim_vm_status_code, e->cim_status_code);
	const char *m = e->message_id;
	bool id_ok =
	    m && strlen(m) == 6 && m[0] == 'S' && m[1] == 'R' && strspn(m + 2, "0123456789") == 4;

	return id_ok && e->owning_entity && strcmp(e->owning_entity, "SRSIM") == 0 &&
	       e->error_source_format == 2 && e->error_source && strstr(e->error_source, iid) &&
	       e->n_recommended_actions >= 1 && e->message && e->n_message_arguments >= 1 && scd &&
	       e->cim_status_code_description && strcmp(scd, e->cim_status_code_description) == 0;
}

static bool matches(const expect *x, const outcome *o, const char *iid)
{
	if (o->rc != x->rc || (o->e != NULL) != x->error || !o->steps_ok || o->js != x->js)
		return false;
	if (x->js != NO_JS &&
	    (o->n_os != x->n_os || memcmp(o->os, x->os, x->n_os * sizeof x->os[0]) != 0))
		return false;
	if (!x->error)
		return true;
	const cim_error *e = o->e;
	if (e->error_type != x->et || e->perceived_severity != x->sev ||
	    e->probable_cause != x->pc || e->cim_status_code != (uint32_t)x->sc)
		return false;
	if (x->other_type && (!e->other_error_type || strcmp(e->other_error_type, x->other_type)))
		return false;
	if (x->pc == 1 && !e->probable_cause_description)
		return false;
	return profile_common_ok(e, iid);
}

static void fmt_error(const cim_error *e, char *buf, size_t len)
{
	if (!e) {
		snprintf(buf, len, "NULL");
		return;
	}
	const char *et = cim_vmap_name(&cim_vm_error_type, e->error_type);
	const char *pc = cim_vmap_name(&cim_vm_probable_cause, e->probable_cause);
	snprintf(buf, len, "%s/%s/%s", e->message_id ? e->message_id : "?", et ? et : "?",
		 pc ? pc : "?");
}

static void fmt_state(int js, const uint16_t *os, size_t n, char *buf, size_t len)
{
	if (js == NO_JS) {
		snprintf(buf, len, "gone");
		return;
	}
	int w = snprintf(buf, len, "js=%d os={", js);
	for (size_t i = 0; i < n && w > 0 && (size_t)w < len; i++)
		w += snprintf(buf + w, len - (size_t)w, "%s%u", i ? "," : "", os[i]);
	if (w > 0 && (size_t)w < len)
		snprintf(buf + w, len - (size_t)w, "}");
}

static void report(demo *d, const char *path, const char *job, const expect *x, outcome *o)
{
	char iid[BUF], rcb[BUF], eb[BUF], sb[BUF], xb[2 * BUF];
	bool ok = matches(x, o, fh_iid(&d->p, job, iid, sizeof iid));

	fmt_error(o->e, eb, sizeof eb);
	fmt_state(o->js, o->os, o->n_os, sb, sizeof sb);
	printf("%-22s rc=%-5u %-38s %-15s Error=%-62s %s", path, o->rc,
	       rc_name(d, o->rc, rcb, sizeof rcb), sb, eb, ok ? "ok" : "MISMATCH");
	if (!ok) {
		fmt_state(x->js, x->os, x->n_os, sb, sizeof sb);
		if (x->error)
			snprintf(xb, sizeof xb,
				 "rc=%u %s Error ErrorType=%d PerceivedSeverity=%d "
				 "ProbableCause=%d CIMStatusCode=%d",
				 x->rc, sb, x->et, x->sev, x->pc, x->sc);
		else
			snprintf(xb, sizeof xb, "rc=%u %s Error NULL", x->rc, sb);
		printf(" (contract: %s%s)", xb, o->steps_ok ? "" : "; an intermediate step failed");
		d->n_bad++;
	}
	printf("\n");
	d->p.ops->free_error(d->p.ctx, o->e);
	o->e = NULL;
}

/* Observe job, GetError as its owner, print. */
static void finish(demo *d, const char *path, const char *job, const expect *x, bool steps_ok)
{
	outcome o = {.steps_ok = steps_ok};
	get_error(d, &owner, job, &o);
	observe(d, job, &o);
	report(d, path, job, x, &o);
}

/* A job that failed on fault class cls. */
static bool failed_job(demo *d, char *job, size_t len, const char *cls)
{
	prov_fault f = fh_fault_of(cls);
	new_job(d, job, len);
	return fh_running(&d->p, job, owner.name) == 0 && fh_fault(&d->p, job, &f) == 0 &&
	       fh_end(&d->p, job, CIM_JS_EXCEPTION, &f, NULL) == 0;
}

static void paths_lifecycle(demo *d)
{
	char job[32];
	const expect x_new = EX_NULL(2, 15, 0, 1), x_run = EX_NULL(4, 2, 0, 1),
		     x_done = EX_NULL(7, 2, 17, 2);
	prov_fault transient = fh_fault_of("io_error");

	new_job(d, job, sizeof job);
	finish(d, "not started", job, &x_new, fh_created(&d->p, job, owner.name, 0, 0) == 0);
	new_job(d, job, sizeof job);
	finish(d, "still running", job, &x_run, fh_running(&d->p, job, owner.name) == 0);
	new_job(d, job, sizeof job);
	finish(d, "success", job, &x_done,
	       fh_running(&d->p, job, owner.name) == 0 && fh_progress(&d->p, job, 100) == 0 &&
		   fh_end(&d->p, job, CIM_JS_COMPLETED, NULL, NULL) == 0);
	transient.transient = 1;
	new_job(d, job, sizeof job);
	finish(d, "recovered transient", job, &x_done,
	       fh_running(&d->p, job, owner.name) == 0 && fh_fault(&d->p, job, &transient) == 0 &&
		   fh_end(&d->p, job, CIM_JS_COMPLETED, NULL, NULL) == 0);
}

static void paths_failure(demo *d)
{
	char job[32], path[64];

	for (size_t i = 0; i < sizeof profile / sizeof profile[0]; i++) {
		expect x = EX_FAIL(profile[i].et, profile[i].sev, profile[i].pc, profile[i].sc);
		snprintf(path, sizeof path, "failure/%s", profile[i].cls);
		finish(d, path, job, &x, failed_job(d, job, sizeof job, profile[i].cls));
	}
	/* The job outlived its time limit: the engine ends it on a timeout. */
	prov_fault lim = {.fault_class = "timeout", .detail = "job time limit 3600s exceeded"};
	expect xt = EX_FAIL(3, 5, 111, 1);
	new_job(d, job, sizeof job);
	finish(d, "timeout (time limit)", job, &xt,
	       fh_running(&d->p, job, owner.name) == 0 &&
		   fh_end(&d->p, job, CIM_JS_EXCEPTION, &lim, NULL) == 0);
}

/* Request a state change as the owner and let the engine carry it out. */
static bool request(demo *d, const char *job, uint16_t st)
{
	char iid[BUF];
	uint32_t rc = d->p.ops->request_state_change(d->p.ctx, &owner,
						     fh_iid(&d->p, job, iid, sizeof iid), st, 0);
	return (rc == CIM_RSC_COMPLETED || rc == CIM_RSC_STARTED) && fh_engine_apply(&d->p) == 0;
}

static bool null_now(demo *d, const char *job, int js)
{
	outcome o = {0};
	get_error(d, &owner, job, &o);
	observe(d, job, &o);
	bool ok = o.rc == 0 && !o.e && o.js == js;
	d->p.ops->free_error(d->p.ctx, o.e);
	return ok;
}

static void paths_client(demo *d)
{
	char job[32];
	const expect x_term = {0, true, 1, 2, 1, 1, "Terminated by client", 8, {10, 0}, 1};
	const expect x_kill = {0, true, 1, 3, 1, 1, "Killed by client", 9, {14, 0}, 1};
	const expect x_done = EX_NULL(7, 2, 17, 2);

	new_job(d, job, sizeof job);
	finish(d, "terminated by client", job, &x_term,
	       fh_running(&d->p, job, owner.name) == 0 && request(d, job, CIM_RS_TERMINATE));
	new_job(d, job, sizeof job);
	finish(d, "killed by client", job, &x_kill,
	       fh_running(&d->p, job, owner.name) == 0 && request(d, job, CIM_RS_KILL));
	new_job(d, job, sizeof job);
	bool ok = fh_running(&d->p, job, owner.name) == 0 && request(d, job, CIM_RS_SUSPEND) &&
		  null_now(d, job, CIM_JS_SUSPENDED) && request(d, job, CIM_RS_START) &&
		  null_now(d, job, CIM_JS_RUNNING) &&
		  fh_end(&d->p, job, CIM_JS_COMPLETED, NULL, NULL) == 0;
	finish(d, "suspended, resumed", job, &x_done, ok);
}

static void paths_gone(demo *d)
{
	char job[32], iid[BUF];
	const expect x_gone = EX_RC(5), x_denied = {6, false, 0, 0, 0, 0, NULL, 10, {6, 17}, 2};
	outcome o = {.steps_ok = true};

	new_job(d, job, sizeof job);
	bool ok = fh_created(&d->p, job, owner.name, 1, 0) == 0 &&
		  fh_state(&d->p, job, CIM_JS_RUNNING) == 0 &&
		  fh_end(&d->p, job, CIM_JS_COMPLETED, NULL, NULL) == 0;
	d->h.now += 5 * 60 * FH_NS_PER_S + 1; /* past the default TimeBeforeRemoval */
	finish(d, "removed after TBR", job, &x_gone, ok);

	ok = failed_job(d, job, sizeof job, "io_error");
	o.steps_ok = ok;
	get_error(d, &stranger, job, &o);
	observe(d, job, &o);
	report(d, "access denied", job, &x_denied, &o);

	o = (outcome){.steps_ok = true};
	o.rc = d->p.ops->get_error(d->p.ctx, &owner, "SRSIM-17", &o.e);
	observe(d, "no-such-job", &o);
	snprintf(iid, sizeof iid, "%s", "no-such-job");
	report(d, "invalid parameter", iid, &x_gone, &o);
}

/* GetError of a fresh failed job with fault point fp armed for the call. */
static void with_fault(demo *d, const char *path, const char *fp, uint32_t rc)
{
	char job[32];
	const expect x = {rc, false, 0, 0, 0, 0, NULL, 10, {6, 17}, 2};
	outcome o = {.steps_ok = failed_job(d, job, sizeof job, "io_error")};

	if (fp && fiu_enable(fp, 1, NULL, 0) != 0)
		o.steps_ok = false;
	get_error(d, &owner, job, &o);
	if (fp)
		fiu_disable(fp);
	observe(d, job, &o);
	report(d, path, job, &x, &o);
}

static void paths_rc(demo *d)
{
	char err[256];
	demo nd = {.seq = 1000};

	with_fault(d, "unspecified error", PROV_FP_ERROR_ALLOC, 2);
	d->h.latency_ns = 3 * FH_NS_PER_S; /* engine busy past the 2 s deadline */
	with_fault(d, "timeout rc", NULL, 3);
	d->h.latency_ns = 0;
	with_fault(d, "failed rc", PROV_FP_STORE_READ, 4);
	with_fault(d, "vendor code", PROV_FP_STORE_BUSY, PROV_RC_STORE_BUSY);

	/* A provider that offers only GetErrors. */
	fh_host_init(&nd.h);
	if (fh_open(&nd.p, &nd.h, d->p.ops, NULL, NULL, "caps=geterrors", err, sizeof err) != 0) {
		printf("not supported: cannot open: %s\n", err);
		d->n_bad++;
		return;
	}
	with_fault(&nd, "not supported", NULL, 1);
	d->n_bad += nd.n_bad;
	fh_close(&nd.p);
}

int main(void)
{
	char err[512];
	const prov_ops *ops = NULL;
	demo d = {0};

	if (fiu_init(0) != 0 || prov_from_entry(srh_provider_entry, &ops, err, sizeof err) != 0) {
		fprintf(stderr, "srprov_demo: %s\n", ops ? "fiu_init failed" : err);
		return 2;
	}
	fh_host_init(&d.h);
	if (fh_open(&d.p, &d.h, ops, NULL, NULL, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "srprov_demo: open: %s\n", err);
		return 2;
	}
	printf("reference provider %s %s: GetError on every path of contract.md\n", ops->name,
	       ops->version);
	paths_lifecycle(&d);
	paths_failure(&d);
	paths_client(&d);
	paths_gone(&d);
	paths_rc(&d);
	fh_close(&d.p);
	printf("%s: %d path(s) differ from contract.md\n", d.n_bad ? "FAIL" : "PASS", d.n_bad);
	return d.n_bad ? 1 : 0;
}
