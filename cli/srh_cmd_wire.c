/*
 * srh_cmd_wire.c - a recorded proxy session (docs/PROXY.md) judged again:
 * `srh check-wire FILE` offline, with the same verdicts as the live proxy;
 * `srh replay-wire FILE --target URL --user U:P [--as PRINCIPAL=U:P]` each
 * request sent again to a provider with the credentials given for its
 * recorded principal, and the new answers judged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_proxy.h"

static const char check_help[] =
    "usage: srh check-wire FILE [--user NAME[:admin]]... [--db FILE | --no-db]\n"
    "                      [--junit FILE] [--tap [FILE]] [--json FILE]\n"
    "\n"
    "Judges a recording of 'srh proxy --record FILE' again, offline, under the same\n"
    "rules and with the same verdicts ('RESULT ...' lines) as the live proxy gave, and\n"
    "stores the results like the proxy does. A file that is not a recording, or is cut\n"
    "or altered, is refused with FILE:LINE: reason (exit 2).\n"
    "Exit: 0 no MUST failure, 1 a MUST failure or an exchange without an answer, 2 bad\n"
    "usage or input.\n";

static const char replay_help[] =
    "usage: srh replay-wire FILE --target URL --user USER:PASS[:admin]\n"
    "                       [--as PRINCIPAL=USER:PASS[:admin]]... [--timeout SECONDS]\n"
    "                       [--cacert FILE | --insecure] [--db FILE | --no-db] [...]\n"
    "\n"
    "Sends the requests of a recording again, in order, to the provider at URL (same\n"
    "scheme rules as 'srh proxy --upstream'), each with the credentials given for its\n"
    "recorded principal (--as), else --user's, and judges the new answers as the proxy\n"
    "would: one escalation becomes a regression test. ':admin' gives the role.\n"
    "Exit: 0 no MUST failure, 1 a MUST failure or a request without an answer, 2 bad\n"
    "usage or input.\n";

#define MAX_AS 8

typedef struct wargs {
	const char *file, *target;
	prx_role roles[PRX_MAX_ROLES];
	size_t n_roles;
	http_user user;
	bool has_user;
	char as_name[MAX_AS][64];
	http_user as[MAX_AS];
	size_t n_as;
	http_client_opts http;
	srh_db_opts db;
} wargs;

/* --as PRINCIPAL=USER:PASS[:admin]. */
static int as_option(srh_args *a, wargs *w)
{
	const char *v, *eq;
	int r = srh_arg_value(a, "--as", NULL, &v);

	if (r <= 0)
		return r;
	eq = strchr(v, '=');
	if (w->n_as >= MAX_AS || !eq || eq == v || (size_t)(eq - v) >= sizeof w->as_name[0] ||
	    http_user_parse(eq + 1, &w->as[w->n_as]) != 0) {
		srh_usage(a->cmd, "--as: expected PRINCIPAL=USER:PASS[:admin] (at most %d)",
			  MAX_AS);
		return -1;
	}
	memcpy(w->as_name[w->n_as], v, (size_t)(eq - v));
	w->as_name[w->n_as][eq - v] = '\0';
	w->n_as++;
	return 1;
}

/* replay-wire's own options. Same returns. */
static int replay_option(srh_args *a, wargs *w)
{
	const char *v;
	double s;
	int r;

	if ((r = srh_arg_value(a, "--target", NULL, &v)) != 0) {
		w->target = v;
		return r;
	}
	if ((r = srh_arg_value(a, "--user", NULL, &v)) != 0) {
		if (r > 0 && http_user_parse(v, &w->user) != 0)
			return srh_usage(a->cmd, "--user: expected USER:PASS[:admin]"), -1;
		w->has_user = r > 0;
		return r;
	}
	if ((r = srh_arg_value(a, "--timeout", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_seconds(a->cmd, "--timeout", v, &s) != 0 || s > 3600)
			return -1;
		w->http.timeout_ms = (unsigned)(s * 1000.0) ? (unsigned)(s * 1000.0) : 1u;
		return 1;
	}
	if ((r = srh_arg_value(a, "--cacert", NULL, &v)) != 0) {
		w->http.cacert = v;
		return r;
	}
	if (srh_arg_flag(a, "--insecure", NULL)) {
		w->http.insecure = true;
		return 1;
	}
	return as_option(a, w);
}

/* 0 parsed, 1 --help printed, -1 error (printed). */
static int parse_args(const char *cmd, int argc, char **argv, wargs *w, bool replay)
{
	srh_args a = {cmd, argc, argv, 1};
	int r;

	memset(w, 0, sizeof *w);
	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(replay ? replay_help : check_help, stdout);
			return 1;
		}
		if (argv[a.i][0] != '-' && !w->file) {
			w->file = argv[a.i++];
			continue;
		}
		r = replay ? replay_option(&a, w)
			   : srh_proxy_role_option(&a, w->roles, &w->n_roles);
		if (r == 0)
			r = srh_db_option(&a, &w->db, false);
		if (r < 0)
			return -1;
		if (r == 0)
			return srh_usage(cmd, "unknown argument \"%s\"", argv[a.i]), -1;
	}
	if (!w->file)
		return srh_usage(cmd, "a recording FILE is required"), -1;
	if (replay && (!w->target || !w->has_user))
		return srh_usage(cmd, "--target URL and --user USER:PASS are required"), -1;
	return srh_db_check(cmd, &w->db);
}

static int check_one(void *arg, const prx_exchange *x)
{
	(void)prx_session_observe(arg, x);
	return 0;
}

int srh_cmd_check_wire(int argc, char **argv)
{
	wargs w;
	prx_rec_info info;
	prx_session *s = NULL;
	char err[PRX_ERRLEN];
	int rc;

	if ((rc = parse_args("check-wire", argc, argv, &w, false)) != 0)
		return rc > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	if (srh_sink_probe("check-wire", &w.db) != 0)
		return SRH_EXIT_USAGE;
	/* A first pass validates the whole file before anything is judged. */
	if (prx_rec_load(w.file, &info, NULL, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "srh check-wire: %s\n", err);
		return SRH_EXIT_USAGE;
	}
	if (!(s = prx_session_new(info.proto, info.upstream, w.roles, w.n_roles))) {
		fprintf(stderr, "srh check-wire: out of memory\n");
		return SRH_EXIT_USAGE;
	}
	if (prx_rec_load(w.file, &info, check_one, s, err, sizeof err) < 0) {
		fprintf(stderr, "srh check-wire: %s\n", err);
		rc = SRH_EXIT_USAGE;
	} else {
		rc = srh_proxy_finish("check-wire", s, &w.db, info.upstream, argc, argv);
	}
	prx_session_free(s);
	return rc;
}

/* The replay: one client per principal (made on first use). */
typedef struct replay {
	wargs *w;
	char base[1024];
	prx_session *s;
	http_client *cl[MAX_AS + 1];
	const char *why; /* first set-up failure */
	char err[PRX_ERRLEN];
} replay;

/* The credentials for principal: its --as, else --user (index MAX_AS). */
static size_t cred_of(const wargs *w, const char *principal)
{
	for (size_t i = 0; i < w->n_as; i++)
		if (strcmp(w->as_name[i], principal) == 0)
			return i;
	return MAX_AS;
}

static int replay_one(void *arg, const prx_exchange *x)
{
	replay *r = arg;
	size_t k = cred_of(r->w, x->principal);
	const http_user *u = k < MAX_AS ? &r->w->as[k] : &r->w->user;
	prx_exchange y = {0};
	char up[256];
	int oom = 0;

	if (!r->cl[k]) {
		http_client_opts o = r->w->http;

		snprintf(up, sizeof up, "%s:%s", u->name, u->pass);
		o.userpass = up;
		r->cl[k] = http_client_new(r->base, &o, r->err, sizeof r->err);
		memset(up, 0, sizeof up);
		if (!r->cl[k])
			return r->why = r->err, 1;
	}
	y.seq = x->seq;
	y.t_us = x->t_us;
	snprintf(y.principal, sizeof y.principal, "%s", u->name);
	memcpy(y.method, x->method, sizeof y.method);
	memcpy(y.path, x->path, sizeof y.path);
	y.req_head = strdup(x->req_head);
	y.req_head_len = x->req_head_len;
	if ((y.req_body = malloc(x->req_len + 1)) != NULL) {
		memcpy(y.req_body, x->req_body, x->req_len + 1);
		y.req_len = x->req_len;
	}
	oom = !y.req_head || !y.req_body;
	if (!oom) {
		prx_forward_one(r->cl[k], &y);
		(void)prx_session_observe(r->s, &y);
	}
	prx_exchange_clear(&y);
	return oom ? (r->why = "out of memory", 1) : 0;
}

/* The roles of the principals the replay acts as. */
static size_t replay_roles(const wargs *w, prx_role *roles)
{
	size_t n = 0;

	for (size_t i = 0; i <= w->n_as && n < PRX_MAX_ROLES; i++) {
		const http_user *u = i < w->n_as ? &w->as[i] : &w->user;

		snprintf(roles[n].name, sizeof roles[n].name, "%s", u->name);
		roles[n++].admin = u->admin;
	}
	return n;
}

int srh_cmd_replay_wire(int argc, char **argv)
{
	wargs w;
	replay r;
	prx_rec_info info;
	prx_role roles[PRX_MAX_ROLES];
	prx_proto proto;
	char err[PRX_ERRLEN];
	int rc;

	if ((rc = parse_args("replay-wire", argc, argv, &w, true)) != 0)
		return rc > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	memset(&r, 0, sizeof r);
	r.w = &w;
	if (prx_url(w.target, &proto, r.base, sizeof r.base, err, sizeof err) != 0)
		return srh_usage("replay-wire", "--target %s", err), SRH_EXIT_USAGE;
	if (srh_sink_probe("replay-wire", &w.db) != 0 || http_global_init() != 0)
		return SRH_EXIT_USAGE;
	rc = SRH_EXIT_USAGE;
	if (prx_rec_load(w.file, &info, NULL, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "srh replay-wire: %s\n", err);
		goto out;
	}
	if (info.proto != proto) {
		fprintf(stderr, "srh replay-wire: %s was recorded over %s, --target speaks %s\n",
			w.file, prx_proto_name(info.proto), prx_proto_name(proto));
		goto out;
	}
	if (!(r.s = prx_session_new(proto, w.target, roles, replay_roles(&w, roles))))
		goto out;
	if (prx_rec_load(w.file, &info, replay_one, &r, err, sizeof err) < 0 || r.why) {
		fprintf(stderr, "srh replay-wire: %s\n", r.why ? r.why : err);
		goto out;
	}
	rc = srh_proxy_finish("replay-wire", r.s, &w.db, w.target, argc, argv);
out:
	for (size_t i = 0; i <= MAX_AS; i++)
		http_client_free(r.cl[i]);
	prx_session_free(r.s);
	memset(&w, 0, sizeof w);
	http_global_cleanup();
	return rc;
}
