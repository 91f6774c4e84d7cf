/* hz.c - see hz.h. */
#include "hz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srprov_ref.h"

const prov_principal hz_owner = {"alice", 0};
const prov_principal hz_admin = {"root", 1};
const prov_principal hz_other = {"mallory", 0};

static uint64_t hz_now(void *ctx)
{
	return atomic_load(&((hz_host *)ctx)->now);
}

static int hz_query(void *ctx, const char *job, uint64_t *latency_ns)
{
	(void)ctx;
	(void)job;
	*latency_ns = 0;
	return PROV_HOST_OK;
}

void hz_host_init(hz_host *h)
{
	memset(&h->host, 0, sizeof h->host);
	h->host.ctx = h;
	h->host.now = hz_now;
	h->host.query = hz_query;
	atomic_store(&h->now, 1000 * HZ_NS_PER_MS);
}

int hz_open(hz_prov *p, hz_host *h, const char *store, const char *options, char *err,
	    size_t errlen)
{
	prov_config cfg = {
	    .abi_version = PROV_ABI_VERSION,
	    .store_path = store,
	    .options = options,
	    .host = &h->host,
	};
	p->ops = srh_provider_entry(PROV_ABI_VERSION);
	p->h = h;
	p->ctx = p->ops ? p->ops->open(&cfg, err, errlen) : NULL;
	return p->ctx ? 0 : -1;
}

void hz_close(hz_prov *p)
{
	if (p->ctx)
		p->ops->close(p->ctx);
	p->ctx = NULL;
}

static int send(hz_prov *p, prov_event *ev)
{
	ev->time_ns = atomic_fetch_add(&p->h->now, HZ_NS_PER_MS) + HZ_NS_PER_MS;
	return p->ops->on_event(p->ctx, ev);
}

int hz_created(hz_prov *p, const char *job)
{
	prov_event ev = {.kind = PROV_EV_JOB_CREATED, .job = job};
	ev.u.created.job_kind = "initial_sync";
	ev.u.created.name = "Initial sync rg01";
	ev.u.created.owner = hz_owner.name;
	return send(p, &ev);
}

int hz_state(hz_prov *p, const char *job, uint16_t state)
{
	prov_event ev = {.kind = PROV_EV_STATE, .job = job};
	ev.u.state.job_state = state;
	return send(p, &ev);
}

int hz_progress(hz_prov *p, const char *job, uint16_t percent)
{
	prov_event ev = {.kind = PROV_EV_PROGRESS, .job = job};
	ev.u.progress.phase = "copy";
	ev.u.progress.percent = percent;
	return send(p, &ev);
}

int hz_fault(hz_prov *p, const char *job, const prov_fault *f)
{
	prov_event ev = {.kind = PROV_EV_FAULT, .job = job};
	ev.u.fault = *f;
	return send(p, &ev);
}

int hz_end(hz_prov *p, const char *job, uint16_t state, const prov_fault *cause,
	   const char *requested_by)
{
	prov_event ev = {.kind = PROV_EV_ENDED, .job = job};
	ev.u.ended.job_state = state;
	ev.u.ended.cause = cause;
	ev.u.ended.requested_by = requested_by;
	return send(p, &ev);
}

prov_fault hz_fault_of(const char *cls, int transient)
{
	prov_fault f = {
	    .fault_class = cls,
	    .err_no = EIO,
	    .transient = transient,
	    .volume = "E:",
	    .partner = "sr-node2",
	    .offset = 1048576,
	    .percent = 40,
	    .detail = "injected by the hardening tests",
	};
	return f;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool strs_eq(char **a, size_t na, char **b, size_t nb)
{
	if ((a == NULL) != (b == NULL) || na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (!str_eq(a[i], b[i]))
			return false;
	}
	return true;
}

static void note(char *buf, size_t len, int *n, const char *name)
{
	size_t used = strlen(buf);
	if (used < len)
		snprintf(buf + used, len - used, "%s%s", *n ? ", " : "", name);
	(*n)++;
}

int hz_error_diff(const cim_error *a, const cim_error *b, char *buf, size_t len)
{
	int n = 0;

	if (len)
		buf[0] = '\0';
	if (!a || !b) {
		if (a != b)
			note(buf, len, &n, "Error");
		return n;
	}
#define HZ_NUM(f, name)                                                                            \
	if (a->f != b->f)                                                                          \
		note(buf, len, &n, name);
#define HZ_STR(f, name)                                                                            \
	if (!str_eq(a->f, b->f))                                                                   \
		note(buf, len, &n, name);
	HZ_NUM(error_type, "ErrorType")
	HZ_STR(other_error_type, "OtherErrorType")
	HZ_STR(owning_entity, "OwningEntity")
	HZ_STR(message_id, "MessageID")
	HZ_STR(message, "Message")
	if (!strs_eq(a->message_arguments, a->n_message_arguments, b->message_arguments,
		     b->n_message_arguments))
		note(buf, len, &n, "MessageArguments");
	HZ_NUM(perceived_severity, "PerceivedSeverity")
	HZ_NUM(probable_cause, "ProbableCause")
	HZ_STR(probable_cause_description, "ProbableCauseDescription")
	if (!strs_eq(a->recommended_actions, a->n_recommended_actions, b->recommended_actions,
		     b->n_recommended_actions))
		note(buf, len, &n, "RecommendedActions");
	HZ_STR(error_source, "ErrorSource")
	HZ_NUM(error_source_format, "ErrorSourceFormat")
	HZ_STR(other_error_source_format, "OtherErrorSourceFormat")
	HZ_NUM(cim_status_code, "CIMStatusCode")
	HZ_STR(cim_status_code_description, "CIMStatusCodeDescription")
#undef HZ_NUM
#undef HZ_STR
	return n;
}

char *hz_tmp_path(const char *tag)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(dir ? dir : "/tmp") + strlen(tag) + 32;
	char *path = malloc(len);

	if (!path)
		return NULL;
	snprintf(path, len, "%s/hz-%s.XXXXXX", dir ? dir : "/tmp", tag);
	int fd = mkstemp(path);
	if (fd < 0 || close(fd) != 0 || unlink(path) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

void hz_rm(char *path)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	char f[4096];

	if (!path)
		return;
	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		snprintf(f, sizeof f, "%s%s", path, side[i]);
		(void)unlink(f); /* most do not exist */
	}
	free(path);
}
