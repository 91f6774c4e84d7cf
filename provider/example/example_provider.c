/*
 * example_provider.c - a minimal vendor provider for the srh GetError
 * conformance harness, built against the SDK headers alone:
 *
 *   cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags srh-provider) \
 *      -shared -fPIC -o libexample_provider.so example_provider.c
 *
 * It keeps its jobs in memory (nothing survives close), learns about them
 * only from the engine's events, and answers the client calls of
 * CIM_ConcreteJob: GetError, RequestStateChange, GetInstance and
 * EnumerateInstances. It does not offer GetErrors (like the Storage Replica
 * namespace, which ships CIM_ConcreteJob 2.22.0).
 *
 * Memory rule of the ABI: whatever this file hands out through an out
 * pointer it allocates itself and takes back in its own free_* ops, so a
 * host never needs a library of ours. Only srh_provider_entry is exported.
 */
#include <srh/prov_abi.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_ORG "EXAMPLE"       /* OrgID of InstanceIDs and OwningEntity */
#define EX_CLASS "EXAMPLE_Job" /* our CIM_ConcreteJob subclass */
#define EX_GENERIC_ERROR 1u    /* job ErrorCode of any failure: non-zero */

/* ---- the vendor's error profile: fault class -> CIM_Error ------------- */

typedef struct ex_profile {
	const char *fault_class; /* id from PROV_FAULT_CLASS_MAP */
	const char *message_id;
	uint16_t error_type;
	const char *other_error_type; /* set when error_type is Other */
	uint16_t severity;
	uint16_t probable_cause;
	uint32_t status;
	const char *what;   /* what happened, for Message */
	const char *action; /* RecommendedActions[0] */
} ex_profile;

static const ex_profile ex_profiles[] = {
    {"io_error", "EX0001", CIM_ET_HARDWARE, NULL, CIM_SEV_CRITICAL, CIM_PC_IO_DEVICE_ERROR,
     CIM_SC_FAILED, "I/O error on a data volume", "Check the data volume's disk."},
    {"disk_failure", "EX0002", CIM_ET_HARDWARE, NULL, CIM_SEV_FATAL, CIM_PC_DISK_FAILURE,
     CIM_SC_FAILED, "data disk failed", "Replace the failed disk."},
    {"log_full", "EX0003", CIM_ET_UNAVAILABLE_RESOURCE, NULL, CIM_SEV_MAJOR,
     CIM_PC_STORAGE_CAPACITY_PROBLEM, CIM_SC_FAILED, "log volume full", "Grow the log volume."},
    {"partition", "EX0004", CIM_ET_COMMUNICATIONS, NULL, CIM_SEV_MAJOR,
     CIM_PC_CONNECTION_ESTABLISHMENT_ERROR, CIM_SC_FAILED, "partner unreachable",
     "Check the network path to the partner."},
    {"conn_reset", "EX0005", CIM_ET_COMMUNICATIONS, NULL, CIM_SEV_MAJOR, CIM_PC_TRANSMISSION_ERROR,
     CIM_SC_FAILED, "connection reset", "Check the network path to the partner."},
    {"timeout", "EX0006", CIM_ET_QOS, NULL, CIM_SEV_MAJOR, CIM_PC_TIMEOUT, CIM_SC_FAILED,
     "timed out", "Check the partner, or raise the job's time limit."},
    {"partner_crash", "EX0007", CIM_ET_COMMUNICATIONS, NULL, CIM_SEV_CRITICAL,
     CIM_PC_ELEMENT_UNAVAILABLE, CIM_SC_FAILED, "partner node crashed",
     "Bring the partner node back."},
    {"auth_refused", "EX0008", CIM_ET_SECURITY, NULL, CIM_SEV_MAJOR, CIM_PC_AUTHENTICATION_FAILURE,
     CIM_SC_ACCESS_DENIED, "partner refused authentication",
     "Check the credentials used for the partner."},
    {"engine_oom", "EX0009", CIM_ET_OVERSUBSCRIPTION, NULL, CIM_SEV_CRITICAL, CIM_PC_OUT_OF_MEMORY,
     CIM_SC_FAILED, "out of memory", "Free memory on the node."},
    {"engine_bug", "EX0010", CIM_ET_SOFTWARE, NULL, CIM_SEV_FATAL, CIM_PC_SOFTWARE_ERROR,
     CIM_SC_FAILED, "internal software fault", "Contact the vendor."},
    {"client_terminate", "EX0011", CIM_ET_OTHER, "Terminated by client", CIM_SEV_INFORMATION,
     CIM_PC_OTHER, CIM_SC_FAILED, "terminated by a client", "Run the job again if needed."},
    {"client_kill", "EX0012", CIM_ET_OTHER, "Killed by client", CIM_SEV_DEGRADED, CIM_PC_OTHER,
     CIM_SC_FAILED, "killed by a client", "Run the job again if needed."},
};

/* A fault class this profile does not know still yields a valid error. */
static const ex_profile ex_unknown = {NULL,	     "EX0000",	      CIM_ET_UNKNOWN,
				      NULL,	     CIM_SEV_UNKNOWN, CIM_PC_UNKNOWN,
				      CIM_SC_FAILED, "failed",	      "Contact the vendor."};

static const ex_profile *ex_profile_of(const char *fault_class)
{
	for (size_t i = 0; fault_class && i < sizeof(ex_profiles) / sizeof(ex_profiles[0]); i++) {
		if (strcmp(ex_profiles[i].fault_class, fault_class) == 0)
			return &ex_profiles[i];
	}
	return &ex_unknown;
}

/* ---- state ------------------------------------------------------------- */

typedef struct ex_job {
	char *id; /* the engine's job id: our InstanceID's LocalID */
	char *name;
	char *owner;
	uint16_t state;
	uint16_t percent;
	uint64_t submitted, started, last_change, ended_at; /* CIM_TIME_NULL: not yet */
	uint64_t time_before_removal;
	bool delete_on_completion;
	/* Why it ended, copied from the ENDED event (its strings die with it). */
	char *cause_class;
	char *cause_detail;
	char *requested_by;
	int cause_errno;
} ex_job;

struct prov_ctx {
	const prov_host *host;
	ex_job *jobs;
	size_t n_jobs, cap_jobs;
};

static char *ex_strdup(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = malloc(strlen(s) + 1);
	if (!d) {
		*fail = true;
		return NULL;
	}
	return strcpy(d, s);
}

static void ex_job_clear(ex_job *j)
{
	free(j->id);
	free(j->name);
	free(j->owner);
	free(j->cause_class);
	free(j->cause_detail);
	free(j->requested_by);
}

static uint64_t ex_now(prov_ctx *ctx)
{
	return ctx->host->now(ctx->host->ctx);
}

static bool ex_ended(const ex_job *j)
{
	return j->ended_at != CIM_TIME_NULL;
}

/* Gone once TimeBeforeRemoval has passed after the end (DeleteOnCompletion). */
static bool ex_removed(prov_ctx *ctx, const ex_job *j)
{
	uint64_t now;

	if (!ex_ended(j) || !j->delete_on_completion)
		return false;
	now = ex_now(ctx);
	return now >= j->ended_at && now - j->ended_at >= j->time_before_removal;
}

static ex_job *ex_find(prov_ctx *ctx, const char *id)
{
	for (size_t i = 0; id && i < ctx->n_jobs; i++) {
		if (strcmp(ctx->jobs[i].id, id) == 0)
			return &ctx->jobs[i];
	}
	return NULL;
}

/* The job a client names by InstanceID "EXAMPLE:<id>", NULL if none (any more). */
static ex_job *ex_lookup(prov_ctx *ctx, const char *instance_id)
{
	const size_t n = strlen(EX_ORG ":");
	ex_job *j;

	if (!instance_id || strncmp(instance_id, EX_ORG ":", n) != 0)
		return NULL;
	j = ex_find(ctx, instance_id + n);
	return j && !ex_removed(ctx, j) ? j : NULL;
}

static bool ex_allowed(const ex_job *j, const prov_principal *who)
{
	if (!who)
		return false;
	return who->admin || (who->name && j->owner && strcmp(who->name, j->owner) == 0);
}

/* Did the job end in error, or was it ended by a client? Then it has an Error. */
static bool ex_has_error(const ex_job *j)
{
	return ex_ended(j) && j->state != CIM_JS_COMPLETED;
}

/* ---- open / close / capabilities ---------------------------------------- */

static prov_ctx *ex_open(const prov_config *cfg, char *err, size_t errlen)
{
	prov_ctx *ctx;

	if (!cfg || (cfg->abi_version >> 16) != PROV_ABI_MAJOR) {
		snprintf(err, errlen, "example: host ABI not supported");
		return NULL;
	}
	if (!cfg->host || !cfg->host->now) {
		snprintf(err, errlen, "example: host has no virtual clock");
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		snprintf(err, errlen, "example: out of memory");
		return NULL;
	}
	ctx->host = cfg->host;
	return ctx;
}

static void ex_close(prov_ctx *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->n_jobs; i++)
		ex_job_clear(&ctx->jobs[i]);
	free(ctx->jobs);
	free(ctx);
}

static uint32_t ex_capabilities(prov_ctx *ctx)
{
	uint32_t caps = PROV_CAP_GET_ERROR;

	if (ctx->host->request_state)
		caps |= PROV_CAP_REQUEST_STATE_CHANGE;
	return caps;
}

/* ---- engine -> provider ------------------------------------------------- */

static int ex_on_created(prov_ctx *ctx, const prov_event *ev)
{
	bool fail = false;
	ex_job j = {0}, *grown;

	if (ex_find(ctx, ev->job))
		return -1;
	if (ctx->n_jobs == ctx->cap_jobs) {
		size_t cap = ctx->cap_jobs ? ctx->cap_jobs * 2 : 8;

		grown = realloc(ctx->jobs, cap * sizeof(*grown));
		if (!grown)
			return -1;
		ctx->jobs = grown;
		ctx->cap_jobs = cap;
	}
	j.id = ex_strdup(ev->job, &fail);
	j.name = ex_strdup(ev->u.created.name, &fail);
	j.owner = ex_strdup(ev->u.created.owner, &fail);
	if (fail) {
		ex_job_clear(&j);
		return -1;
	}
	j.state = CIM_JS_NEW;
	j.submitted = j.last_change = ev->time_ns;
	j.started = j.ended_at = CIM_TIME_NULL;
	j.time_before_removal = ev->u.created.time_before_removal_ns;
	j.delete_on_completion = ev->u.created.delete_on_completion != 0;
	ctx->jobs[ctx->n_jobs++] = j;
	return 0;
}

static void ex_set_state(ex_job *j, uint16_t state, uint64_t t)
{
	if (state == j->state)
		return;
	j->state = state;
	j->last_change = t;
	if (state == CIM_JS_RUNNING && j->started == CIM_TIME_NULL)
		j->started = t;
}

static int ex_on_ended(ex_job *j, const prov_event *ev)
{
	const prov_fault *f = ev->u.ended.cause;
	char *cls, *detail, *by;
	bool fail = false;

	if (!(ev->u.ended.job_state >= CIM_JS_COMPLETED &&
	      ev->u.ended.job_state <= CIM_JS_EXCEPTION))
		return -1;
	/* Copy first, commit after: a failed copy leaves the job as it was. */
	cls = ex_strdup(f ? f->fault_class : NULL, &fail);
	detail = ex_strdup(f ? f->detail : NULL, &fail);
	by = ex_strdup(ev->u.ended.requested_by, &fail);
	if (fail) {
		free(cls);
		free(detail);
		free(by);
		return -1;
	}
	j->cause_class = cls;
	j->cause_detail = detail;
	j->requested_by = by;
	j->cause_errno = f ? f->err_no : 0;
	ex_set_state(j, ev->u.ended.job_state, ev->time_ns);
	j->ended_at = ev->time_ns;
	return 0;
}

static int ex_on_event(prov_ctx *ctx, const prov_event *ev)
{
	ex_job *j;

	if (!ev)
		return -1;
	if (ev->kind == PROV_EV_JOB_CREATED)
		return ex_on_created(ctx, ev);
	j = ex_find(ctx, ev->job);
	if (!j || ex_ended(j))
		return -1;
	switch (ev->kind) {
	case PROV_EV_PROGRESS:
		if (ev->u.progress.percent > 100)
			return -1;
		j->percent = ev->u.progress.percent;
		return 0;
	case PROV_EV_STATE:
		if (ev->u.state.job_state >= CIM_JS_COMPLETED &&
		    ev->u.state.job_state <= CIM_JS_EXCEPTION)
			return -1;
		ex_set_state(j, ev->u.state.job_state, ev->time_ns);
		return 0;
	case PROV_EV_FAULT:
		/* Recovered faults change nothing a client sees; a fatal one
		 * arrives again as the cause of PROV_EV_ENDED. */
		return 0;
	case PROV_EV_ENDED:
		return ex_on_ended(j, ev);
	default:
		return -1;
	}
}

static int ex_instance_id(prov_ctx *ctx, const char *job, char *buf, size_t len)
{
	int n;

	if (!ex_find(ctx, job) || !buf)
		return -1;
	n = snprintf(buf, len, "%s:%s", EX_ORG, job);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* ---- CIM_Error ----------------------------------------------------------- */

static void ex_free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void ex_free_error(prov_ctx *ctx, cim_error *e)
{
	(void)ctx;
	if (!e)
		return;
	free(e->other_error_type);
	free(e->owning_entity);
	free(e->message_id);
	free(e->message);
	ex_free_strv(e->message_arguments, e->n_message_arguments);
	free(e->probable_cause_description);
	ex_free_strv(e->recommended_actions, e->n_recommended_actions);
	free(e->error_source);
	free(e->other_error_source_format);
	free(e->cim_status_code_description);
	free(e);
}

/* vsnprintf into a fresh string; sets *fail on allocation failure. */
static char *ex_printf(bool *fail, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *ex_printf(bool *fail, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!s) {
		*fail = true;
		return NULL;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* The part of Message that depends on this job's cause. */
static const char *ex_cause_text(const ex_job *j, char *buf, size_t len)
{
	if (j->requested_by)
		snprintf(buf, len, "requested by %s", j->requested_by);
	else if (j->cause_detail)
		snprintf(buf, len, "%s", j->cause_detail);
	else if (j->cause_errno)
		snprintf(buf, len, "errno %d", j->cause_errno);
	else
		snprintf(buf, len, "no detail");
	return buf;
}

static const ex_profile *ex_profile_for(const ex_job *j)
{
	/* A client end without a cause still names the client request. */
	if (!j->cause_class && j->state == CIM_JS_TERMINATED)
		return ex_profile_of("client_terminate");
	if (!j->cause_class && j->state == CIM_JS_KILLED)
		return ex_profile_of("client_kill");
	return ex_profile_of(j->cause_class);
}

static cim_error *ex_build_error(const ex_job *j)
{
	const ex_profile *p = ex_profile_for(j);
	char iid[256], cause[256];
	bool fail = false;
	cim_error *e;

	snprintf(iid, sizeof(iid), "%s:%s", EX_ORG, j->id);
	ex_cause_text(j, cause, sizeof(cause));
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->error_type = p->error_type;
	e->other_error_type = ex_strdup(p->other_error_type, &fail);
	e->owning_entity = ex_strdup(EX_ORG, &fail);
	e->message_id = ex_strdup(p->message_id, &fail);
	e->message = ex_printf(&fail, "Job %s: %s (%s).", iid, p->what, cause);
	e->message_arguments = calloc(3, sizeof(char *));
	if (!e->message_arguments)
		fail = true;
	else {
		e->n_message_arguments = 3;
		e->message_arguments[0] = ex_strdup(iid, &fail);
		e->message_arguments[1] = ex_strdup(p->what, &fail);
		e->message_arguments[2] = ex_strdup(cause, &fail);
	}
	e->perceived_severity = p->severity;
	e->probable_cause = p->probable_cause;
	if (p->probable_cause == CIM_PC_OTHER)
		e->probable_cause_description =
		    ex_printf(&fail, "RequestStateChange(%s) %s",
			      j->state == CIM_JS_KILLED ? "Kill" : "Terminate", cause);
	e->recommended_actions = calloc(1, sizeof(char *));
	if (!e->recommended_actions)
		fail = true;
	else {
		e->n_recommended_actions = 1;
		e->recommended_actions[0] = ex_strdup(p->action, &fail);
	}
	e->error_source = ex_printf(&fail, "%s.InstanceID=\"%s\"", EX_CLASS, iid);
	e->error_source_format = CIM_ESF_CIM_OBJECT_PATH;
	e->cim_status_code = p->status;
	e->cim_status_code_description = ex_strdup(
	    p->status == CIM_SC_ACCESS_DENIED ? "CIM_ERR_ACCESS_DENIED" : "CIM_ERR_FAILED", &fail);
	if (fail) {
		ex_free_error(NULL, e);
		return NULL;
	}
	return e;
}

/* ---- client -> provider --------------------------------------------------- */

static uint32_t ex_get_error(prov_ctx *ctx, const prov_principal *who, const char *instance_id,
			     cim_error **error)
{
	ex_job *j;

	if (!error)
		return CIM_GE_INVALID_PARAMETER;
	*error = NULL;
	j = ex_lookup(ctx, instance_id);
	if (!j)
		return CIM_GE_INVALID_PARAMETER;
	if (!ex_allowed(j, who))
		return CIM_GE_ACCESS_DENIED;
	/* Running, or completed without error: success and no Error. */
	if (!ex_has_error(j))
		return CIM_GE_SUCCESS;
	*error = ex_build_error(j);
	return *error ? CIM_GE_SUCCESS : CIM_GE_UNSPECIFIED_ERROR;
}

static uint32_t ex_host_to_rsc(int host_rc)
{
	switch (host_rc) {
	case PROV_HOST_OK:
		return CIM_RSC_COMPLETED;
	case PROV_HOST_STARTED:
		return CIM_RSC_STARTED;
	case PROV_HOST_REJECTED:
		return CIM_RSC_INVALID_STATE_TRANSITION;
	case PROV_HOST_UNSUPPORTED:
		return CIM_RSC_NOT_SUPPORTED;
	case PROV_HOST_NO_JOB:
		return CIM_RSC_INVALID_PARAMETER;
	default:
		return CIM_RSC_FAILED;
	}
}

static uint32_t ex_request_state_change(prov_ctx *ctx, const prov_principal *who,
					const char *instance_id, uint16_t requested_state,
					uint64_t timeout_period_ns)
{
	ex_job *j = ex_lookup(ctx, instance_id);

	if (!j)
		return CIM_RSC_INVALID_PARAMETER;
	/* RequestStateChange has no Access Denied code: Failed is the honest one. */
	if (!ex_allowed(j, who))
		return CIM_RSC_FAILED;
	if (requested_state < CIM_RS_START || requested_state > CIM_RS_SERVICE)
		return CIM_RSC_INVALID_PARAMETER;
	if (timeout_period_ns != 0 && timeout_period_ns != CIM_TIME_NULL)
		return CIM_RSC_TIMEOUT_NOT_SUPPORTED;
	if (ex_ended(j))
		return CIM_RSC_INVALID_STATE_TRANSITION;
	if (!ctx->host->request_state)
		return CIM_RSC_NOT_SUPPORTED;
	/* The engine changes the job; we learn the outcome from its events. */
	return ex_host_to_rsc(
	    ctx->host->request_state(ctx->host->ctx, j->id, requested_state, who->name));
}

static void ex_op_status(const ex_job *j, cim_job *out)
{
	uint16_t a = CIM_OS_OK, b = 0;

	switch (j->state) {
	case CIM_JS_NEW:
		a = CIM_OS_DORMANT;
		break;
	case CIM_JS_COMPLETED:
		b = CIM_OS_COMPLETED;
		break;
	case CIM_JS_EXCEPTION:
		a = CIM_OS_ERROR;
		b = CIM_OS_COMPLETED;
		break;
	case CIM_JS_TERMINATED:
		a = CIM_OS_STOPPED;
		break;
	case CIM_JS_KILLED:
		a = CIM_OS_ABORTED;
		break;
	default:
		break;
	}
	out->op_status[0] = a;
	out->op_status[1] = b;
	out->n_op_status = b ? 2 : 1;
}

static void ex_free_job(prov_ctx *ctx, cim_job *job)
{
	(void)ctx;
	if (!job)
		return;
	free(job->class_name);
	free(job->instance_id);
	free(job->name);
	free(job->owner);
	free(job->error_description);
	free(job);
}

static cim_job *ex_build_job(prov_ctx *ctx, const ex_job *j)
{
	uint64_t until = ex_ended(j) ? j->ended_at : ex_now(ctx);
	char iid[256];
	cim_error *e = NULL;
	bool fail = false;
	cim_job *out;

	snprintf(iid, sizeof(iid), "%s:%s", EX_ORG, j->id);
	out = calloc(1, sizeof(*out));
	if (!out)
		return NULL;
	out->class_name = ex_strdup(EX_CLASS, &fail);
	out->instance_id = ex_strdup(iid, &fail);
	out->name = ex_strdup(j->name, &fail);
	out->job_state = j->state;
	ex_op_status(j, out);
	out->time_submitted = j->submitted;
	out->start_time = j->started;
	out->elapsed_time = j->started == CIM_TIME_NULL ? CIM_TIME_NULL : until - j->started;
	out->time_of_last_state_change = j->last_change;
	out->time_before_removal = j->time_before_removal;
	out->percent_complete = j->percent;
	out->owner = ex_strdup(j->owner, &fail);
	out->delete_on_completion = j->delete_on_completion;
	if (ex_has_error(j)) {
		e = ex_build_error(j);
		out->error_code = EX_GENERIC_ERROR;
		out->error_description = e ? ex_strdup(e->message, &fail) : NULL;
		fail = fail || !e;
		ex_free_error(ctx, e);
	}
	if (fail) {
		ex_free_job(ctx, out);
		return NULL;
	}
	return out;
}

static uint32_t ex_get_instance(prov_ctx *ctx, const prov_principal *who, const char *instance_id,
				cim_job **job)
{
	ex_job *j;

	if (!job)
		return CIM_GE_INVALID_PARAMETER;
	*job = NULL;
	j = ex_lookup(ctx, instance_id);
	if (!j)
		return CIM_GE_INVALID_PARAMETER;
	if (!ex_allowed(j, who))
		return CIM_GE_ACCESS_DENIED;
	*job = ex_build_job(ctx, j);
	return *job ? CIM_GE_SUCCESS : CIM_GE_FAILED;
}

static void ex_free_jobs(prov_ctx *ctx, cim_job **jobs, size_t n_jobs)
{
	if (!jobs)
		return;
	for (size_t i = 0; i < n_jobs; i++)
		ex_free_job(ctx, jobs[i]);
	free(jobs);
}

static uint32_t ex_enumerate_instances(prov_ctx *ctx, const prov_principal *who, cim_job ***jobs,
				       size_t *n_jobs)
{
	cim_job **out;
	size_t n = 0;

	if (!jobs || !n_jobs)
		return CIM_GE_INVALID_PARAMETER;
	*jobs = NULL;
	*n_jobs = 0;
	if (ctx->n_jobs == 0)
		return CIM_GE_SUCCESS;
	out = calloc(ctx->n_jobs, sizeof(*out));
	if (!out)
		return CIM_GE_FAILED;
	for (size_t i = 0; i < ctx->n_jobs; i++) {
		const ex_job *j = &ctx->jobs[i];

		/* Callers see only the jobs they could GetInstance. */
		if (ex_removed(ctx, j) || !ex_allowed(j, who))
			continue;
		out[n] = ex_build_job(ctx, j);
		if (!out[n]) {
			ex_free_jobs(ctx, out, n);
			return CIM_GE_FAILED;
		}
		n++;
	}
	*jobs = out;
	*n_jobs = n;
	return CIM_GE_SUCCESS;
}

/* ---- the ops table and the one exported symbol ---------------------------- */

static const prov_ops ex_ops = {
    .abi_version = PROV_ABI_VERSION,
    .struct_size = sizeof(prov_ops),
    .name = "example",
    .version = "1.0",
    .open = ex_open,
    .close = ex_close,
    .capabilities = ex_capabilities,
    .on_event = ex_on_event,
    .instance_id = ex_instance_id,
    .get_error = ex_get_error,
    .get_errors = NULL, /* optional: not in CIM_ConcreteJob 2.22.0 */
    .request_state_change = ex_request_state_change,
    .get_instance = ex_get_instance,
    .enumerate_instances = ex_enumerate_instances,
    .rc_description = NULL, /* no vendor-specific return codes */
    .free_error = ex_free_error,
    .free_errors = NULL,
    .free_job = ex_free_job,
    .free_jobs = ex_free_jobs,
};

const prov_ops *srh_provider_entry(uint32_t host_abi_version);

const prov_ops *srh_provider_entry(uint32_t host_abi_version)
{
	/* Same major only: a different major means a different ABI. */
	if ((host_abi_version >> 16) != PROV_ABI_MAJOR)
		return NULL;
	return &ex_ops;
}
