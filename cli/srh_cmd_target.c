/*
 * srh_cmd_target.c - `srh run --target URL`: parse the flags, wire the
 * protocol's client operations (CIM-XML: cimxml_target_ops; WS-Management,
 * for a wsman+http[s]:// URL: wsman_target_ops) into the
 * live-target driver (runner/srh_target.h), and store its result in the
 * results database through the same sink as `srh run`, so `srh report`,
 * `srh diff` and --junit work on a live-provider run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml.h"
#include "srh_cli.h"
#include "srh_db.h"
#include "srh_target.h"
#include "wsman.h"

static const char target_help[] =
    "usage: srh run --target http[s]://HOST[:PORT]/NAMESPACE [--user USER:PASS[:admin]]\n"
    "       srh run --target wsman+http[s]://HOST[:PORT]/wsman [...the same options]\n"
    "               [--other-user USER:PASS[:admin]] [--wait SECONDS] [--watch READS]\n"
    "               [--cacert FILE | --insecure] [--auth basic|ntlm|negotiate|any] [--quiet]\n"
    "               [--db FILE | --no-db] [--junit FILE] [--tap [FILE.tap]] [--json FILE]\n"
    "               [--baseline DB]\n"
    "\n"
    "Judges a live provider over CIM-XML, or WS-Management (a wsman+ URL: namespace\n"
    "root/Microsoft/Windows/StorageReplica, HTTP Basic), against the MUST rules of the\n"
    "contract: it\n"
    "enumerates the jobs, calls GetError (and GetErrors) with the job read before and\n"
    "after, drives what a client can (terminate, kill, suspend/resume, a Terminate\n"
    "that makes no sense, access denied, invalid parameter) and reports what it\n"
    "could not cover (injected faults, removal, restarts) as NOT COVERED.\n"
    "The port defaults to 5988 (http) or 5989 (https); for WS-Management to 5985\n"
    "(http) or 5986 (https), the path to /wsman.\n"
    "  --cacert      PEM CA certificate(s) to verify an https server with (default:\n"
    "                the system's CAs); a certificate that does not verify, or\n"
    "                names another host, stops the run (exit 2)\n"
    "  --insecure    https without checking the certificate or host name\n"
    "  --auth        how the credentials are sent (default basic; WinRM also offers\n"
    "                ntlm and negotiate where this libcurl has them; any lets\n"
    "                libcurl pick from the server's challenge)\n"
    "  --user        credentials of the main client (default admin:admin:admin);\n"
    "                ':admin' says the user is an administrator of the target\n"
    "  --other-user  a second user, for the access-denied checks\n"
    "  --wait        how long to wait for a requested state change (default 60)\n"
    "  --watch       reads of a running job to see PercentComplete move (default 30)\n"
    "  --quiet       no line per call, only the report\n"
    "\n"
    "The run is one result (named by the URL) in the results database, as for\n"
    "'srh run' (--db, --no-db, --junit, --tap, --json, --baseline; see\n"
    "'srh run --help'); passwords are not stored. A target that never answered\n"
    "(refused, TLS) stores nothing.\n"
    "Exit: 0 every MUST check passed, 1 a MUST check failed (or the result could not\n"
    "be stored), 2 bad usage or the target could not be driven.\n";

typedef struct targs {
	const char *url;
	http_client_opts http; /* --cacert, --insecure */
	http_user user[2];     /* --user, --other-user */
	bool has_other, quiet;
	unsigned wait_s, watch;
	srh_db_opts db;
} targs;

/* --wait / --watch. 1 consumed, 0 not one, -1 error (printed). */
static int number_option(srh_args *a, targs *t)
{
	const char *v;
	uint64_t n;
	int r;

	if ((r = srh_arg_value(a, "--wait", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_u64("run", "--wait", v, 0, 3600, &n) != 0)
			return -1;
		t->wait_s = (unsigned)n;
		return 1;
	}
	if ((r = srh_arg_value(a, "--watch", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_u64("run", "--watch", v, 0, 3600, &n) != 0)
			return -1;
		t->watch = (unsigned)n;
		return 1;
	}
	return 0;
}

/* --user / --other-user. 1 consumed, 0 not one, -1 error (printed). */
static int user_option(srh_args *a, targs *t)
{
	static const char *const names[2] = {"--user", "--other-user"};
	const char *v;
	int r;

	for (int k = 0; k < 2; k++) {
		if ((r = srh_arg_value(a, names[k], NULL, &v)) == 0)
			continue;
		if (r < 0)
			return -1;
		if (http_user_parse(v, &t->user[k]) != 0) {
			srh_usage("run", "%s: expected USER:PASS or USER:PASS:admin", names[k]);
			return -1;
		}
		t->has_other |= k == 1;
		return 1;
	}
	return 0;
}

/* 0 parsed, 1 --help printed, -1 error (printed). */
static int parse_args(int argc, char **argv, targs *t)
{
	srh_args a = {"run", argc, argv, 1};
	const char *v;
	int r;

	memset(t, 0, sizeof(*t));
	t->wait_s = 60;
	t->watch = 30;
	(void)http_user_parse("admin:admin:admin", &t->user[0]);
	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(target_help, stdout);
			return 1;
		}
		if (srh_arg_flag(&a, "--quiet", NULL)) {
			t->quiet = true;
			continue;
		}
		if (srh_arg_flag(&a, "--insecure", NULL)) {
			t->http.insecure = true;
			continue;
		}
		if ((r = srh_arg_value(&a, "--target", NULL, &v)) != 0) {
			if (r < 0)
				return -1;
			t->url = v;
			continue;
		}
		if ((r = srh_arg_value(&a, "--auth", NULL, &v)) != 0) {
			if (r < 0)
				return -1;
			if (http_auth_parse(v, &t->http.auth) != 0)
				return srh_usage("run", "--auth: basic, ntlm, negotiate or any"),
				       -1;
			continue;
		}
		if ((r = srh_arg_value(&a, "--cacert", NULL, &v)) != 0) {
			if (r < 0)
				return -1;
			t->http.cacert = v;
			continue;
		}
		if ((r = user_option(&a, t)) == 0 && (r = number_option(&a, t)) == 0)
			r = srh_db_option(&a, &t->db, false);
		if (r < 0)
			return -1;
		if (r == 0)
			return srh_usage("run", "--target: unknown argument \"%s\"", argv[a.i]), -1;
	}
	if (!t->url)
		return srh_usage("run", "--target needs a URL"), -1;
	if (t->db.shard)
		return srh_usage("run", "--shard does not go with --target"), -1;
	return srh_db_check("run", &t->db);
}

/* Options whose value holds a password after its first ':'. */
static bool secret_option(const char *s, size_t n)
{
	static const char *const names[] = {"--user", "--other-user", "--as"};

	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strlen(names[k]) == n && strncmp(s, names[k], n) == 0)
			return true;
	return false;
}

char **srh_argv_masked(int argc, char **argv)
{
	char **w = calloc((size_t)argc + 1, sizeof(*w));

	for (int i = 0; w && i < argc; i++) {
		const char *s = argv[i], *eq = strchr(s, '='), *val = NULL, *colon, *admin;
		bool joined = eq && secret_option(s, (size_t)(eq - s));
		size_t head;

		if (joined)
			val = eq + 1;
		else if (i > 0 && secret_option(argv[i - 1], strlen(argv[i - 1])))
			val = s;
		if (!val || !(colon = strchr(val, ':'))) {
			if (!(w[i] = strdup(s)))
				goto fail;
			continue;
		}
		admin = strchr(colon + 1, ':');
		head = (size_t)(colon - s) + 1;
		if (!(w[i] = malloc(head + 4 + (admin ? strlen(admin) : 0))))
			goto fail;
		memcpy(w[i], s, head);
		strcpy(w[i] + head, "***");
		if (admin)
			strcat(w[i], admin);
	}
	return w;
fail:
	srh_argv_free(w, argc);
	return NULL;
}

/* Store the one result of the run. 0, or 1 when it could not be stored or
 * an output could not be written (printed). */
static int store(const targs *t, const char *url, int argc, char **argv, const srh_result *res)
{
	srh_common c;
	srh_sink sink;
	char **w = srh_argv_masked(argc, argv);
	int rc = 1;

	srh_common_init(&c);
	/* What was tested: the URL stands where a provider's path would
	 * (a URL is no file, so no hash). */
	c.provider = url;
	if (!w) {
		fprintf(stderr, "srh run: out of memory\n");
		goto out;
	}
	if (srh_sink_begin(&sink, "run", "target", &t->db, &c, argc, w, 1) != 0)
		goto out;
	srh_sink_add(&sink, res);
	rc = srh_sink_end(&sink, true, srh_db_human(&t->db)) != 0;
out:
	srh_argv_free(w, argc);
	return rc;
}

/* The protocol a --target URL speaks, opened: its client operations. */
typedef struct proto {
	const srh_tgt_ops *ops;
	void *ctx;
	const char *url;
	bool wsman;
} proto;

static int proto_open(const targs *t, proto *p, char *err, size_t errlen)
{
	size_t n = t->has_other ? 2 : 1;
	int rc;

	memset(p, 0, sizeof(*p));
	p->wsman = strncmp(t->url, "wsman+", 6) == 0;
	if (p->wsman) {
		wsman_target *w = NULL;

		rc = wsman_target_open(t->url, &t->http, t->user, n, &w, err, errlen);
		p->ops = &wsman_target_ops;
		p->ctx = w;
		p->url = w ? wsman_target_url(w) : NULL;
	} else {
		cimxml_target *c = NULL;

		rc = cimxml_target_open(t->url, &t->http, t->user, n, &c, err, errlen);
		p->ops = &cimxml_target_ops;
		p->ctx = c;
		p->url = c ? cimxml_target_url(c) : NULL;
	}
	return rc;
}

static void proto_close(proto *p)
{
	if (p->wsman)
		wsman_target_free(p->ctx);
	else
		cimxml_target_free(p->ctx);
}

int srh_cmd_target(int argc, char **argv)
{
	proto p;
	srh_result res;
	srh_tgt_opts o;
	prov_principal other;
	srh_tgt_end end;
	char err[CIMXML_ERRLEN];
	targs t;
	int rc;

	srh_result_init(&res);
	if ((rc = parse_args(argc, argv, &t)) != 0)
		return rc > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	/* A database that cannot be opened stops the command before it
	 * changes anything on the target. */
	if (srh_sink_probe("run", &t.db) != 0)
		return SRH_EXIT_USAGE;
	if (proto_open(&t, &p, err, sizeof(err)) != 0) {
		fprintf(stderr,
			"srh run: --target %s (want http[s]://HOST[:PORT]/NAMESPACE or "
			"wsman+http[s]://HOST[:PORT]/wsman)\n",
			err);
		return SRH_EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	o.prog = "srh run";
	o.name = p.url;
	o.me = (prov_principal){t.user[0].name, t.user[0].admin ? 1 : 0};
	other = (prov_principal){t.user[1].name, t.user[1].admin ? 1 : 0};
	o.other = t.has_other ? &other : NULL;
	o.wait_s = t.wait_s;
	o.watch = t.watch;
	o.quiet = t.quiet;
	o.out = srh_db_human(&t.db);
	end = srh_tgt_run(p.ops, p.ctx, &o, &res);
	rc = end != SRH_TGT_DONE ? SRH_EXIT_USAGE : res.n_must ? SRH_EXIT_FAIL : SRH_EXIT_OK;
	/* Nothing answered: the one line that said why is all there is. */
	if (end != SRH_TGT_UNREACHED && store(&t, o.name, argc, argv, &res) != 0 &&
	    rc == SRH_EXIT_OK)
		rc = SRH_EXIT_FAIL;
	srh_result_free(&res);
	proto_close(&p);
	return rc;
}
