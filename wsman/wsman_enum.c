/*
 * wsman_enum.c - WS-Enumeration over the stage's jobs: Enumerate takes a
 * snapshot of the jobs the principal may see (of the class the ResourceURI
 * names) into a context; Pull hands out MaxElements of them at a time;
 * Release drops the context. With wsman:OptimizeEnumeration the first
 * items come in the EnumerateResponse. EnumerationMode EnumerateEPR sends
 * endpoint references instead of instances, EnumerateObjectAndEPR both
 * in a wsman:Item.
 *
 * Contexts belong to the principal that made them (anyone else gets
 * wsen:InvalidEnumerationContext, as for an unknown, finished, released or
 * expired one), expire once more than enum_expiry_s whole seconds have
 * passed idle (monotonic seconds: never early), and are at most
 * WSMAN_MAX_CTX: a new one replaces the one nearest to expiring.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wsman_int.h"

#define A_ENUM_RESPONSE "http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse"
#define A_PULL_RESPONSE "http://schemas.xmlsoap.org/ws/2004/09/enumeration/PullResponse"
#define A_RELEASE_RESPONSE "http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse"

static uint64_t now_s(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec;
}

void wsman_ctx_clear(wsman_ctx *c)
{
	for (size_t i = 0; i < c->n_jobs; i++)
		cim_job_free(c->jobs[i]);
	free(c->jobs);
	memset(c, 0, sizeof *c);
}

/* A free slot, or the one nearest to expiring (cleared). */
static wsman_ctx *ctx_slot(wsman_backend *b, uint64_t now)
{
	wsman_ctx *best = &b->ctx[0];

	for (size_t i = 0; i < WSMAN_MAX_CTX; i++) {
		wsman_ctx *c = &b->ctx[i];

		if (!c->id[0] || c->expires_s < now) {
			best = c;
			break;
		}
		if (c->expires_s < best->expires_s)
			best = c;
	}
	wsman_ctx_clear(best);
	return best;
}

/* The live context id of who, or NULL after writing the fault. */
static wsman_ctx *ctx_find(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	const char *id = a->req->context;
	uint64_t now = now_s();

	for (size_t i = 0; id && i < WSMAN_MAX_CTX; i++) {
		wsman_ctx *c = &b->ctx[i];

		if (!c->id[0] || strcmp(c->id, id) != 0)
			continue;
		if (c->expires_s < now) {
			wsman_ctx_clear(c);
			break;
		}
		if (strcmp(c->owner, who->name ? who->name : "") != 0)
			break;
		c->expires_s = now + b->o.enum_expiry_s;
		return c;
	}
	wsman_answer_fault(a, WSMAN_F_INVALID_ENUMERATION_CONTEXT, NULL, NULL);
	return NULL;
}

/* Up to max items of c, as its mode says; returns whether c is done. */
static bool write_items(wsman_buf *o, wsman_ctx *c, uint32_t max)
{
	for (uint32_t k = 0; k < max && c->next < c->n_jobs; k++) {
		const cim_job *j = c->jobs[c->next++];

		if (c->mode == WSMAN_EM_EPR) {
			wsman_write_epr(o, j, "wsa:EndpointReference");
			continue;
		}
		if (c->mode == WSMAN_EM_OBJECT_AND_EPR)
			wsman_buf_str(o, "<wsman:Item>");
		wsman_write_job(o, j);
		if (c->mode == WSMAN_EM_OBJECT_AND_EPR) {
			wsman_write_epr(o, j, "wsa:EndpointReference");
			wsman_buf_str(o, "</wsman:Item>");
		}
	}
	return c->next >= c->n_jobs;
}

/* The jobs of class cls who may see, copied into c. Returns 0, or -1
 * after writing the fault. */
static int snapshot(wsman_backend *b, const prov_principal *who, const char *cls, wsman_ctx *c,
		    wsman_answer *a)
{
	srh_stage_reply rp;
	int rc = -1;

	srh_stage_enumerate(b->o.stage, who, &rp);
	if (rp.rc == CIM_GE_ACCESS_DENIED) {
		wsman_answer_fault(a, WSMAN_F_ACCESS_DENIED, NULL, NULL);
		goto out;
	}
	if (rp.rc != 0) {
		wsman_answer_fault(a, WSMAN_F_INTERNAL_ERROR, NULL, "the provider failed");
		goto out;
	}
	if (rp.n_jobs && !(c->jobs = calloc(rp.n_jobs, sizeof *c->jobs))) {
		wsman_answer_fault(a, WSMAN_F_INTERNAL_ERROR, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rp.n_jobs; i++) {
		if (!wsman_class_covers(cls, rp.jobs[i]->class_name))
			continue;
		if (!(c->jobs[c->n_jobs] = cim_job_dup(rp.jobs[i]))) {
			wsman_answer_fault(a, WSMAN_F_INTERNAL_ERROR, NULL, "out of memory");
			goto out;
		}
		c->n_jobs++;
	}
	rc = 0;
out:
	srh_stage_reply_done(b->o.stage, &rp);
	return rc;
}

static bool namespace_ok(wsman_answer *a)
{
	const wsman_pair *ns = wsman_request_selector(a->req, "__cimnamespace");

	if (ns && !proto_name_eq(ns->value, WSMAN_NAMESPACE)) {
		wsman_answer_fault(a, WSMAN_F_DESTINATION_UNREACHABLE, NULL,
				   "__cimnamespace names a namespace not served here");
		return false;
	}
	return true;
}

void wsman_op_enumerate(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	const char *cls = wsman_resource_class(b, a);
	uint64_t now = now_s();
	wsman_ctx *c;
	bool done = false;

	if (!cls || !namespace_ok(a))
		return;
	c = ctx_slot(b, now);
	if (snapshot(b, who, cls, c, a) != 0) {
		wsman_ctx_clear(c);
		return;
	}
	wsman_new_uuid(c->id);
	snprintf(c->owner, sizeof c->owner, "%s", who->name ? who->name : "");
	c->mode = a->req->mode;
	c->expires_s = now + b->o.enum_expiry_s;
	wsman_env_open(a->out, A_ENUM_RESPONSE, a->req->message_id);
	wsman_buf_str(a->out, "<wsen:EnumerateResponse>");
	if (a->req->optimize) {
		wsman_buf_str(a->out, "<wsman:Items>");
		done = write_items(a->out, c, a->req->has_max_elements ? a->req->max_elements : 1);
		wsman_buf_str(a->out, "</wsman:Items>");
	}
	/* Finished already: an empty context, so no client pulls again. */
	if (done)
		wsman_buf_str(a->out, "<wsen:EnumerationContext/><wsman:EndOfSequence/>");
	else
		wsman_buf_printf(a->out, "<wsen:EnumerationContext>%s</wsen:EnumerationContext>",
				 c->id);
	wsman_buf_str(a->out, "</wsen:EnumerateResponse>");
	wsman_env_close(a->out);
	if (done)
		wsman_ctx_clear(c);
	a->status = 200;
}

void wsman_op_pull(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	wsman_ctx *c = ctx_find(b, who, a);
	uint32_t max = a->req->has_max_elements ? a->req->max_elements : 1;

	if (!c)
		return;
	wsman_env_open(a->out, A_PULL_RESPONSE, a->req->message_id);
	wsman_buf_str(a->out, "<wsen:PullResponse>");
	/* The context comes first (schema order); the last Pull names none. */
	if (c->n_jobs - c->next > max)
		wsman_buf_printf(a->out, "<wsen:EnumerationContext>%s</wsen:EnumerationContext>",
				 c->id);
	wsman_buf_str(a->out, "<wsen:Items>");
	if (write_items(a->out, c, max)) {
		wsman_buf_str(a->out, "</wsen:Items><wsen:EndOfSequence/>");
		wsman_ctx_clear(c);
	} else {
		wsman_buf_str(a->out, "</wsen:Items>");
	}
	wsman_buf_str(a->out, "</wsen:PullResponse>");
	wsman_env_close(a->out);
	a->status = 200;
}

void wsman_op_release(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	wsman_ctx *c = ctx_find(b, who, a);

	if (!c)
		return;
	wsman_ctx_clear(c);
	wsman_env_open(a->out, A_RELEASE_RESPONSE, a->req->message_id);
	wsman_env_close(a->out);
	a->status = 200;
}
