/*
 * wsman_backend.c - one WS-Management request, end to end: the lock that
 * serializes the stage with its other users, virtual time, the envelope
 * parsed, the operation dispatched, the answer or fault written.
 *
 * Like the CIM-XML server, this one is transparent: whatever the provider
 * returns (made safe by the stage) is put on the wire, so a client sees the
 * provider's behaviour and not the server's.
 */
#include <stdlib.h>
#include <string.h>

#include "wsman_int.h"

/* Superclasses of every job class (CIM_ConcreteJob and up). */
static const char *const job_chain[] = {"CIM_ConcreteJob",    "CIM_Job",
					"CIM_LogicalElement", "CIM_ManagedSystemElement",
					"CIM_ManagedElement", NULL};

bool wsman_class_covers(const char *requested, const char *job_class)
{
	for (size_t i = 0; job_chain[i]; i++)
		if (proto_name_eq(requested, job_chain[i]))
			return true;
	return proto_name_eq(requested, job_class ? job_class : WSMAN_JOB_CLASS);
}

/* The class part of uri after prefix (case-insensitive when ci), or NULL
 * when uri does not start with it or the rest is not one segment. */
static const char *after(const char *uri, const char *prefix, bool ci)
{
	size_t n = strlen(prefix);
	const char *rest = uri + n;

	if (strlen(uri) <= n || (ci ? strncasecmp(uri, prefix, n) : strncmp(uri, prefix, n)) != 0)
		return NULL;
	return strchr(rest, '/') ? NULL : rest;
}

const char *wsman_uri_class(const char *uri)
{
	const char *c;

	if (!uri)
		return NULL;
	if ((c = after(uri, WSMAN_CLASS_URI, false)))
		return c;
	/* WinRM's WMI form names the namespace; only ours is served. */
	return after(uri, WSMAN_WMI_URI "root/microsoft/windows/storagereplica/", true);
}

void wsman_answer_fault(wsman_answer *a, wsman_fault f, const char *detail, const char *reason)
{
	wsman_buf_reset(a->out);
	a->status = wsman_fault_status(f);
	(void)wsman_write_fault(a->out, f, a->req ? a->req->message_id : NULL, detail, reason);
}

static void self_lock(void *arg)
{
	(void)pthread_mutex_lock(arg);
}

static void self_unlock(void *arg)
{
	(void)pthread_mutex_unlock(arg);
}

int wsman_backend_new(const wsman_backend_opts *o, wsman_backend **out, char *err, size_t errlen)
{
	wsman_backend *b;

	*out = NULL;
	if (!o->stage) {
		proto_err(err, errlen, "no stage");
		return -1;
	}
	if (!(b = calloc(1, sizeof *b))) {
		proto_err(err, errlen, "out of memory");
		return -1;
	}
	b->o = *o;
	if (!b->o.max_body)
		b->o.max_body = WSMAN_MAX_BODY;
	if (!b->o.enum_expiry_s)
		b->o.enum_expiry_s = 60;
	if (!b->o.lock || !b->o.unlock) {
		if (pthread_mutex_init(&b->mu, NULL) != 0) {
			proto_err(err, errlen, "out of memory");
			free(b);
			return -1;
		}
		b->mu_init = true;
		b->o.lock = self_lock;
		b->o.unlock = self_unlock;
		b->o.lock_arg = &b->mu;
	}
	*out = b;
	return 0;
}

void wsman_backend_free(wsman_backend *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < WSMAN_MAX_CTX; i++)
		wsman_ctx_clear(&b->ctx[i]);
	if (b->mu_init)
		pthread_mutex_destroy(&b->mu);
	free(b);
}

static wsman_fault perr_fault(int pe)
{
	switch (pe) {
	case WSMAN_PE_TOO_LARGE:
		return WSMAN_F_ENCODING_LIMIT;
	case WSMAN_PE_NOT_XML:
		return WSMAN_F_INVALID_MESSAGE_HEADER;
	case WSMAN_PE_NOT_SOAP12:
		return WSMAN_F_VERSION_MISMATCH;
	case WSMAN_PE_NO_HEADER:
		return WSMAN_F_HEADER_REQUIRED;
	default:
		return WSMAN_F_INTERNAL_ERROR;
	}
}

static void dispatch(wsman_backend *b, const prov_principal *who, wsman_answer *a)
{
	switch (a->req->action) {
	case WSMAN_ACT_IDENTIFY:
		wsman_op_identify(a);
		break;
	case WSMAN_ACT_GET:
		wsman_op_get(b, who, a);
		break;
	case WSMAN_ACT_ENUMERATE:
		wsman_op_enumerate(b, who, a);
		break;
	case WSMAN_ACT_PULL:
		wsman_op_pull(b, who, a);
		break;
	case WSMAN_ACT_RELEASE:
		wsman_op_release(b, who, a);
		break;
	case WSMAN_ACT_INVOKE:
		wsman_op_invoke(b, who, a);
		break;
	default:
		wsman_answer_fault(a, WSMAN_F_ACTION_NOT_SUPPORTED, NULL, NULL);
	}
}

void wsman_backend_handle(wsman_backend *b, wsman_exchange *x)
{
	wsman_request *r = NULL;
	wsman_answer a = {&x->out, 500, NULL};
	char err[WSMAN_ERRLEN];
	int pe;

	wsman_buf_reset(&x->out);
	b->o.lock(b->o.lock_arg);
	b->requests++;
	if (b->o.tick_ns)
		(void)srh_stage_advance(b->o.stage, b->o.tick_ns);
	pe = wsman_parse_request(x->body, x->len, b->o.max_body, &r, err, sizeof err);
	if (pe != WSMAN_PE_OK) {
		wsman_answer_fault(&a, perr_fault(pe),
				   pe == WSMAN_PE_TOO_LARGE ? "ServiceEnvelopeLimit" : NULL, err);
	} else {
		a.req = r;
		dispatch(b, x->who, &a);
		if (x->out.failed)
			wsman_answer_fault(&a, WSMAN_F_INTERNAL_ERROR, NULL, "out of memory");
	}
	b->o.unlock(b->o.lock_arg);
	x->status = x->out.failed ? 500 : a.status;
	if (x->out.failed)
		wsman_buf_reset(&x->out);
	wsman_request_free(r);
}
