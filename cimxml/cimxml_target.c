/*
 * cimxml_target.c - the client operations of the live-target driver
 * (runner/srh_target.h) over CIM-XML: one kept-alive connection per user,
 * each operation one request and one parsed response (cimxml_remote.c),
 * the response's values moved into the driver's protocol-neutral reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

struct cimxml_target {
	proto_target p; /* base URL, users, libcurl and libxml2 */
	char ns[512];
	char url[1024];				  /* base/ns, for messages */
	cimxml_remote r[CIMXML_TARGET_MAX_USERS]; /* one per user */
};

_Static_assert(CIMXML_TARGET_MAX_USERS <= PROTO_TARGET_MAX_USERS, "proto_target holds the users");

/* http[s]://HOST[:PORT]/NAMESPACE into the server's base URL (the port
 * DSP0200 registers when none is given: 5988, or 5989 for https) and the
 * namespace. Returns 0, or -1 with a reason. */
static int parse_url(cimxml_target *t, const char *url, char *err, size_t errlen)
{
	http_url u;

	if (http_url_split(url, &u, err, errlen) != 0)
		return -1;
	if (strlen(u.path) < 2 || strlen(u.path + 1) >= sizeof(t->ns)) {
		proto_err(err, errlen, "%s: no /NAMESPACE after the port", url);
		return -1;
	}
	if (proto_target_base(&t->p, url, &u, 5988u, 5989u, err, errlen) != 0)
		return -1;
	strcpy(t->ns, u.path + 1);
	snprintf(t->url, sizeof(t->url), "%s/%s", t->p.base, t->ns);
	return 0;
}

int cimxml_target_open(const char *url, const http_client_opts *o, const http_user *users,
		       size_t n_users, cimxml_target **out, char *err, size_t errlen)
{
	cimxml_target *t = NULL;

	*out = NULL;
	if (!(t = calloc(1, sizeof(*t)))) {
		proto_err(err, errlen, "out of memory");
		return -1;
	}
	if (parse_url(t, url, err, errlen) != 0 ||
	    proto_target_start(&t->p, users, n_users, CIMXML_TARGET_MAX_USERS, err, errlen) != 0)
		goto fail;
	for (size_t i = 0; i < t->p.n_users; i++) {
		proto_tuser *u = &t->p.user[i];
		cimxml_remote *r = &t->r[i];
		http_client_opts ho = *o;

		r->ns = t->ns;
		r->who.name = u->name;
		r->who.admin = u->admin ? 1 : 0;
		ho.userpass = u->cred;
		if (!(r->c = cimxml_conn_new(t->p.base, &ho, r->err, sizeof(r->err)))) {
			proto_err(err, errlen, "%s", r->err);
			goto fail;
		}
	}
	*out = t;
	return 0;
fail:
	cimxml_target_free(t);
	return -1;
}

void cimxml_target_free(cimxml_target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->p.n_users; i++)
		cimxml_conn_free(t->r[i].c);
	proto_target_stop(&t->p);
	free(t);
}

const char *cimxml_target_url(const cimxml_target *t)
{
	return t->url;
}

/* The connection of principal who, its wire findings going to out, or
 * NULL (with a reason). */
static cimxml_remote *remote(void *ctx, const prov_principal *who, srh_tgt_reply *out, char *err,
			     size_t errlen)
{
	cimxml_target *t = ctx;
	int i = proto_target_user(&t->p, who, err, errlen);

	if (i < 0)
		return NULL;
	t->r[i].wire = proto_reply_wire;
	t->r[i].wire_ctx = out;
	return &t->r[i];
}

/* A remote call's outcome as the driver's status; on success the
 * response's values move into *out. */
static int answer(cimxml_remote *r, unsigned long answered_before, int rc, cimxml_response *resp,
		  srh_tgt_reply *out, char *err, size_t errlen)
{
	r->wire = NULL; /* out is the caller's only during this call */
	r->wire_ctx = NULL;
	if (rc != 0) {
		proto_err(err, errlen, "%s", r->err);
		cimxml_response_free(resp);
		return r->answered > answered_before ? SRH_TGT_BAD_ANSWER : SRH_TGT_NO_ANSWER;
	}
	out->fault = resp->is_error;
	out->fault_code = resp->cim_code;
	out->fault_text = resp->description;
	resp->description = NULL;
	out->rc = resp->rc;
	out->jobs = resp->jobs;
	out->n_jobs = resp->n_jobs;
	resp->jobs = NULL;
	resp->n_jobs = 0;
	if (resp->has_errors_param) {
		out->errors = resp->errors;
		out->n_errors = resp->n_errors;
		resp->errors = NULL;
		resp->n_errors = 0;
	} else if (resp->error) {
		if (!(out->errors = calloc(1, sizeof(*out->errors)))) {
			proto_err(err, errlen, "out of memory");
			srh_tgt_reply_clear(out);
			cimxml_response_free(resp);
			return SRH_TGT_BAD_ANSWER;
		}
		out->errors[0] = resp->error;
		out->n_errors = 1;
		resp->error = NULL;
	}
	out->error_not_embedded = resp->error_not_embedded;
	cimxml_response_free(resp);
	return SRH_TGT_ANSWERED;
}

/* One CIM operation on the job class: an enumeration, a GetInstance or an
 * extrinsic method with at most one argument. */
typedef struct call {
	enum { ENUM, GET, METHOD } kind;
	const char *cls, *iid, *method;
	const cimxml_arg *arg;
} call;

static int run(void *ctx, const prov_principal *who, const call *c, srh_tgt_reply *out, char *err,
	       size_t errlen)
{
	cimxml_remote *r = remote(ctx, who, out, err, errlen);
	const char *cls = c->cls ? c->cls : CIMXML_JOB_CLASS;
	cimxml_response *resp = NULL;
	unsigned long before;
	int rc;

	if (!r)
		return SRH_TGT_BAD_ANSWER;
	before = r->answered;
	if (c->kind == ENUM)
		rc = cimxml_remote_enum(r, cls, &resp);
	else if (c->kind == GET)
		rc = cimxml_remote_get_instance(r, cls, c->iid, &resp);
	else
		rc = cimxml_remote_method(r, cls, c->iid, c->method, c->arg, c->arg ? 1 : 0, &resp);
	return answer(r, before, rc, resp, out, err, errlen);
}

static int op_enumerate(void *ctx, const prov_principal *who, srh_tgt_reply *out, char *err,
			size_t errlen)
{
	return run(ctx, who, &(call){ENUM, "CIM_ConcreteJob", NULL, NULL, NULL}, out, err, errlen);
}

static int op_get_instance(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			   srh_tgt_reply *out, char *err, size_t errlen)
{
	return run(ctx, who, &(call){GET, cls, iid, NULL, NULL}, out, err, errlen);
}

/* An extrinsic method on the job with at most one argument. */
static int method(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		  const char *name, const cimxml_arg *arg, srh_tgt_reply *out, char *err,
		  size_t errlen)
{
	return run(ctx, who, &(call){METHOD, cls, iid, name, arg}, out, err, errlen);
}

static int op_get_error(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			srh_tgt_reply *out, char *err, size_t errlen)
{
	return method(ctx, who, cls, iid, "GetError", NULL, out, err, errlen);
}

static int op_get_errors(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			 srh_tgt_reply *out, char *err, size_t errlen)
{
	return method(ctx, who, cls, iid, "GetErrors", NULL, out, err, errlen);
}

static int op_rsc(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		  uint16_t state, srh_tgt_reply *out, char *err, size_t errlen)
{
	char v[8];
	cimxml_arg a = {"RequestedState", "uint16", v};

	snprintf(v, sizeof(v), "%u", (unsigned)state);
	return method(ctx, who, cls, iid, "RequestStateChange", &a, out, err, errlen);
}

const srh_tgt_ops cimxml_target_ops = {
    "CIM-XML", op_enumerate, op_get_instance, op_get_error, op_get_errors, op_rsc,
};
