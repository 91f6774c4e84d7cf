/*
 * wsman_target.c - the client operations of the live-target driver
 * (runner/srh_target.h) over WS-Management: one kept-alive connection per
 * user (the http room's client, Basic credentials), each operation one
 * request envelope and its response read back (a whole enumeration:
 * an optimized Enumerate, then Pulls until EndOfSequence), the values
 * moved into the driver's protocol-neutral reply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman_int.h"

#define PAGE 100      /* MaxElements of each Enumerate / Pull */
#define MAX_PULLS 100 /* then the rest is released, not read */

typedef struct tuser {
	const char *name; /* proto_target's */
	http_client *c;
	unsigned long answered; /* exchanges the server answered */
} tuser;

struct wsman_target {
	proto_target p; /* base URL, users, libcurl and libxml2 */
	char path[1024];
	char url[1400]; /* base + path: wsa:To and messages */
	tuser user[WSMAN_TARGET_MAX_USERS];
};

_Static_assert(WSMAN_TARGET_MAX_USERS <= PROTO_TARGET_MAX_USERS, "proto_target holds the users");

/* wsman+http[s]://HOST[:PORT][/PATH]: the base URL (port 5985, or 5986 for
 * https, by default) and the path (/wsman by default). */
static int parse_url(wsman_target *t, const char *url, char *err, size_t errlen)
{
	static const char pfx[] = "wsman+";
	http_url u;

	if (strncmp(url, pfx, sizeof pfx - 1) != 0) {
		proto_err(err, errlen, "%s: not a wsman+http[s]:// URL", url);
		return -1;
	}
	if (http_url_split(url + sizeof pfx - 1, &u, err, errlen) != 0 ||
	    proto_target_base(&t->p, url, &u, WSMAN_DEFAULT_PORT, 5986u, err, errlen) != 0)
		return -1;
	snprintf(t->path, sizeof t->path, "%s", strlen(u.path) > 1 ? u.path : WSMAN_PATH);
	snprintf(t->url, sizeof t->url, "%s%s", t->p.base, t->path);
	return 0;
}

int wsman_target_open(const char *url, const http_client_opts *o, const http_user *users,
		      size_t n_users, wsman_target **out, char *err, size_t errlen)
{
	wsman_target *t = NULL;

	*out = NULL;
	if (!(t = calloc(1, sizeof *t))) {
		proto_err(err, errlen, "out of memory");
		return -1;
	}
	if (parse_url(t, url, err, errlen) != 0 ||
	    proto_target_start(&t->p, users, n_users, WSMAN_TARGET_MAX_USERS, err, errlen) != 0)
		goto fail;
	for (size_t i = 0; i < t->p.n_users; i++) {
		http_client_opts ho = *o;

		t->user[i].name = t->p.user[i].name;
		ho.userpass = t->p.user[i].cred;
		if (!(t->user[i].c = http_client_new(t->p.base, &ho, err, errlen)))
			goto fail;
	}
	*out = t;
	return 0;
fail:
	wsman_target_free(t);
	return -1;
}

void wsman_target_free(wsman_target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->p.n_users; i++)
		http_client_free(t->user[i].c);
	proto_target_stop(&t->p);
	free(t);
}

const char *wsman_target_url(const wsman_target *t)
{
	return t->url;
}

static tuser *user_of(wsman_target *t, const prov_principal *who, char *err, size_t errlen)
{
	int i = proto_target_user(&t->p, who, err, errlen);

	return i < 0 ? NULL : &t->user[i];
}

/* POST the envelope in b; the parsed answer in *rsp, the wire findings on
 * its bytes in wire. Returns an srh_tgt_status. */
static int exchange(wsman_target *t, tuser *u, wsman_buf *b, wsman_response **rsp,
		    srh_tgt_reply *wire, char *err, size_t errlen)
{
	static const char *const hdr[] = {"Content-Type: application/soap+xml;charset=UTF-8"};
	http_reply hr = {0};
	int st = SRH_TGT_BAD_ANSWER;
	char why[WSMAN_ERRLEN];

	*rsp = NULL;
	if (b->failed) {
		proto_err(err, errlen, "out of memory");
		return SRH_TGT_BAD_ANSWER;
	}
	if (http_client_request(u->c, "POST", t->path, hdr, 1, b->data, b->len, &hr, err, errlen) !=
	    0)
		return u->answered ? SRH_TGT_BAD_ANSWER : SRH_TGT_NO_ANSWER;
	u->answered++;
	/* Judged on the bytes as sent (the same parse as the client's lenient
	 * reading); out of memory only loses findings. */
	if (hr.status == 401) {
		proto_err(err, errlen, "%s: HTTP 401: the credentials of %s were refused", t->url,
			  u->name);
	} else if (wsman_parse_response_wire(hr.body, hr.len, 0,
					     hr.len <= HTTP_DEFAULT_MAX_RESPONSE, proto_reply_wire,
					     wire, rsp, why, sizeof why) != 0) {
		proto_err(err, errlen, "%s: HTTP %d: %s", t->url, hr.status, why);
	} else if (hr.status != 200 && !(*rsp)->is_fault) {
		proto_err(err, errlen, "%s: HTTP %d without a SOAP fault", t->url, hr.status);
		wsman_response_free(*rsp);
		*rsp = NULL;
	} else {
		st = SRH_TGT_ANSWERED;
	}
	http_reply_free(&hr);
	return st;
}

/* The response's values into the driver's reply (rsp freed). */
static void move(wsman_response *rsp, srh_tgt_reply *out)
{
	srh_tgt_wire *wire = out->wire; /* the findings stay */
	size_t n_wire = out->n_wire;

	memset(out, 0, sizeof *out);
	out->wire = wire;
	out->n_wire = n_wire;
	out->fault = rsp->is_fault;
	out->fault_code = rsp->cim_code;
	if (rsp->is_fault) {
		size_t n = strlen(rsp->fault_subcode) + (rsp->reason ? strlen(rsp->reason) : 0) + 4;

		if ((out->fault_text = malloc(n)))
			snprintf(out->fault_text, n, "%s: %s", rsp->fault_subcode,
				 rsp->reason ? rsp->reason : "");
	}
	out->rc = rsp->rc;
	out->jobs = rsp->jobs;
	out->n_jobs = rsp->n_jobs;
	out->errors = rsp->errors;
	out->n_errors = rsp->n_errors;
	out->error_not_embedded = rsp->error_not_embedded;
	rsp->jobs = NULL;
	rsp->n_jobs = 0;
	rsp->errors = NULL;
	rsp->n_errors = 0;
	wsman_response_free(rsp);
}

/* Items of rsp appended to acc (rsp keeps the rest). -1: out of memory. */
static int gather(wsman_response *acc, wsman_response *rsp)
{
	cim_job **nj;

	if (!rsp->n_jobs)
		return 0;
	if (!(nj = realloc(acc->jobs, (acc->n_jobs + rsp->n_jobs) * sizeof *nj)))
		return -1;
	acc->jobs = nj;
	memcpy(nj + acc->n_jobs, rsp->jobs, rsp->n_jobs * sizeof *nj);
	acc->n_jobs += rsp->n_jobs;
	rsp->n_jobs = 0;
	return 0;
}

/* Pull ctx until the end (or MAX_PULLS, then Release) into acc. */
static int pull_all(wsman_target *t, tuser *u, wsman_response *acc, srh_tgt_reply *wire, char *err,
		    size_t errlen)
{
	int st = SRH_TGT_ANSWERED;

	for (int i = 0; acc->context && i <= MAX_PULLS && st == SRH_TGT_ANSWERED; i++) {
		bool release = i == MAX_PULLS;
		wsman_response *rsp = NULL;
		wsman_buf b;

		wsman_buf_init(&b);
		wsman_req_pull(&b, t->url, "CIM_ConcreteJob", acc->context, PAGE, release);
		st = exchange(t, u, &b, &rsp, wire, err, errlen);
		wsman_buf_free(&b);
		free(acc->context);
		acc->context = NULL;
		if (st != SRH_TGT_ANSWERED || release) {
			wsman_response_free(rsp);
			break;
		}
		if (rsp->is_fault) { /* the fault becomes the answer */
			wsman_response tmp = *acc;

			*acc = *rsp;
			*rsp = tmp;
			wsman_response_free(rsp);
			break;
		}
		if (gather(acc, rsp) != 0) {
			proto_err(err, errlen, "out of memory");
			st = SRH_TGT_BAD_ANSWER;
		}
		if (!rsp->end_of_sequence) {
			acc->context = rsp->context;
			rsp->context = NULL;
		}
		wsman_response_free(rsp);
	}
	return st;
}

static int op_enumerate(void *ctx, const prov_principal *who, srh_tgt_reply *out, char *err,
			size_t errlen)
{
	wsman_target *t = ctx;
	tuser *u = user_of(t, who, err, errlen);
	wsman_response *acc = NULL;
	wsman_buf b;
	int st;

	if (!u)
		return SRH_TGT_BAD_ANSWER;
	wsman_buf_init(&b);
	wsman_req_enumerate(&b, t->url, "CIM_ConcreteJob", PAGE);
	st = exchange(t, u, &b, &acc, out, err, errlen);
	wsman_buf_free(&b);
	if (st != SRH_TGT_ANSWERED)
		return st;
	if (!acc->is_fault && acc->end_of_sequence) {
		free(acc->context);
		acc->context = NULL;
	}
	if (!acc->is_fault && (st = pull_all(t, u, acc, out, err, errlen)) != SRH_TGT_ANSWERED) {
		wsman_response_free(acc);
		return st;
	}
	move(acc, out);
	return SRH_TGT_ANSWERED;
}

static int request(void *ctx, const prov_principal *who, wsman_buf *b, srh_tgt_reply *out,
		   char *err, size_t errlen)
{
	wsman_target *t = ctx;
	tuser *u = user_of(t, who, err, errlen);
	wsman_response *rsp = NULL;
	int st;

	if (!u)
		return SRH_TGT_BAD_ANSWER;
	st = exchange(t, u, b, &rsp, out, err, errlen);
	if (st == SRH_TGT_ANSWERED)
		move(rsp, out);
	return st;
}

static int op_get_instance(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			   srh_tgt_reply *out, char *err, size_t errlen)
{
	wsman_target *t = ctx;
	wsman_buf b;
	int st;

	wsman_buf_init(&b);
	wsman_req_open(&b, t->url, WSMAN_A_GET, cls ? cls : WSMAN_JOB_CLASS, iid);
	wsman_env_close(&b);
	st = request(ctx, who, &b, out, err, errlen);
	wsman_buf_free(&b);
	return st;
}

static int invoke(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		  const char *method, const char *arg, const char *value, srh_tgt_reply *out,
		  char *err, size_t errlen)
{
	wsman_target *t = ctx;
	wsman_buf b;
	int st;

	wsman_buf_init(&b);
	wsman_req_invoke(&b, t->url, cls ? cls : WSMAN_JOB_CLASS, iid, method, arg, value);
	st = request(ctx, who, &b, out, err, errlen);
	wsman_buf_free(&b);
	return st;
}

static int op_get_error(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			srh_tgt_reply *out, char *err, size_t errlen)
{
	return invoke(ctx, who, cls, iid, "GetError", NULL, NULL, out, err, errlen);
}

static int op_get_errors(void *ctx, const prov_principal *who, const char *cls, const char *iid,
			 srh_tgt_reply *out, char *err, size_t errlen)
{
	return invoke(ctx, who, cls, iid, "GetErrors", NULL, NULL, out, err, errlen);
}

static int op_rsc(void *ctx, const prov_principal *who, const char *cls, const char *iid,
		  uint16_t state, srh_tgt_reply *out, char *err, size_t errlen)
{
	char v[8];

	snprintf(v, sizeof v, "%u", (unsigned)state);
	return invoke(ctx, who, cls, iid, "RequestStateChange", "RequestedState", v, out, err,
		      errlen);
}

const srh_tgt_ops wsman_target_ops = {
    "WS-Management", op_enumerate, op_get_instance, op_get_error, op_get_errors, op_rsc,
};
