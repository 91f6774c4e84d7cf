/*
 * cimxml_serve.c - `srh serve`: the CIM-XML server in front of the
 * simulator and a provider, until SIGINT or SIGTERM: the first stops
 * accepting and lets the requests in flight finish (within
 * --drain-timeout), the second exits at once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cimxml_int.h"
#include "scn.h"

#define MAX_USERS 32
#define DEFAULT_DRAIN_S 10u

static const char usage_text[] =
    "usage: %s [--listen HOST:PORT] [--scenario FILE] [--provider PATH.so]\n"
    "          [--provider-options K=V;...] [--store FILE] [--user NAME:PASS[:admin]]...\n"
    "          [--tick DURATION] [--warp DURATION] [--seed N] [--max-body SIZE]\n"
    "          [--port-file FILE] [--omit-null-params] [--allow-remote] [--quiet]\n"
    "          [--tls-cert FILE --tls-key FILE] [--max-conns N] [--per-ip N]\n"
    "          [--header-timeout T] [--min-body-rate N] [--write-timeout T]\n"
    "          [--threads N] [--drain-timeout T]\n"
    "          [--wsman [--wsman-port N] [--wsman-port-file FILE]] [--self-check]\n"
    "Serves CIM_ConcreteJob instances of the simulator over CIM-XML (DSP0200) at\n"
    "http://HOST:PORT/cimom (https:// with --tls-cert), namespace " CIMXML_NAMESPACE ".\n"
    "  --listen       address to listen on (default " CIMXML_DEFAULT_LISTEN "; port 0 = any\n"
    "                 free port). Only loopback addresses unless --allow-remote.\n"
    "  --scenario     topology, job and simulator faults from a scenario file;\n"
    "                 without it: demo jobs owned by alice (completed, failed,\n"
    "                 terminated, killed, running)\n"
    "  --provider     provider .so to serve (default: the built-in reference)\n"
    "  --provider-options  options handed to the provider's open (when the\n"
    "                 scenario sets none)\n"
    "  --store        the provider's job store file (default: a private one)\n"
    "  --seed         the simulator's seed (default 1)\n"
    "  --user         HTTP Basic user (repeatable; replaces the defaults\n"
    "                 admin:admin:admin, alice:alice, bob:bob); ':admin' marks an\n"
    "                 administrator\n"
    "  --tick         virtual time added before each request (default 100ms)\n"
    "  --warp         virtual time to run once after set-up (default 0)\n"
    "  --max-body     largest request body (default 1MiB; larger: 413)\n"
    "  --port-file    write the bound port to FILE once listening (every server\n"
    "                 of the process)\n"
    "  --tls-cert     serve HTTPS with this PEM certificate (chain) ...\n"
    "  --tls-key      ... and this PEM private key (both or neither)\n"
    "  --omit-null-params  leave a NULL Error out of the response instead of an\n"
    "                 empty PARAMVALUE (DSP0201); sblim-wbemcli 1.6.3 crashes on\n"
    "                 the empty PARAMVALUE\n"
    "  --drain-timeout T   on SIGTERM/SIGINT: stop accepting, finish the requests\n"
    "                 in flight within T (default 10s), exit 0; a second signal\n"
    "                 exits at once (status 1)\n"
    "  --quiet        no job list, banner or farewell line\n"
    "Limits (T: seconds, N, Ns or Nm):\n";

typedef struct serve_args {
	cimxml_backend_opts bo;
	const char *listen;
	const char *port_file;
	const char *tls_cert, *tls_key;
	bool allow_remote, quiet;
	http_limits limits;
	unsigned drain_s;
	http_user users[MAX_USERS];
	size_t n_users;
} serve_args;

static void print_usage(FILE *f, const char *prog)
{
	char limits[2048];

	http_limits_help(limits, sizeof limits);
	fprintf(f, usage_text, prog);
	fputs(limits, f);
}

static int usage(const char *prog, const char *why)
{
	if (why)
		fprintf(stderr, "%s: %s\n", prog, why);
	print_usage(stderr, prog);
	return 2;
}

/* Print why and the usage; the value parse_args returns for it. */
static int bad_args(const char *prog, const char *why)
{
	(void)usage(prog, why);
	return -1;
}

static int add_user(serve_args *a, const char *text)
{
	if (a->n_users == MAX_USERS || http_user_parse(text, &a->users[a->n_users]) != 0)
		return -1;
	a->n_users++;
	return 0;
}

static int parse_num_opt(const char *opt, const char *v, uint64_t *out)
{
	if (strcmp(opt, "--tick") == 0 || strcmp(opt, "--warp") == 0)
		return scn_parse_duration(v, out);
	if (strcmp(opt, "--max-body") == 0)
		return scn_parse_size(v, out);
	return -1;
}

/* An option of the http room's limits (or --drain-timeout, parsed the
 * same way): 1 when opt is none of them, 0 set, -1 bad (said). */
static int limit_opt(serve_args *a, const char *prog, const char *o, const char *v)
{
	char err[HTTP_ERRLEN];
	http_limits drain = {0};
	int r;

	if (strcmp(o, "--drain-timeout") == 0) {
		r = http_limits_flag(&drain, "--header-timeout", v, err, sizeof err);
		a->drain_s = drain.header_timeout_s;
		if (r != 0)
			snprintf(err, sizeof err, "bad --drain-timeout %s (seconds: N, Ns or Nm)",
				 v);
	} else {
		r = http_limits_flag(&a->limits, o, v, err, sizeof err);
	}
	if (r < 0)
		(void)bad_args(prog, err);
	return r;
}

static int parse_args(int argc, char **argv, serve_args *a)
{
	uint64_t n;
	int r;

	memset(a, 0, sizeof *a);
	a->drain_s = DEFAULT_DRAIN_S;
	cimxml_backend_opts_default(&a->bo);
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "--allow-remote") == 0) {
			a->allow_remote = true;
			continue;
		}
		if (strcmp(o, "--quiet") == 0) {
			a->quiet = true;
			continue;
		}
		if (strcmp(o, "--omit-null-params") == 0) {
			a->bo.omit_null_params = true;
			continue;
		}
		if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0)
			return 1;
		if (!v)
			return bad_args(argv[0], "an option needs a value");
		i++;
		if ((r = limit_opt(a, argv[0], o, v)) <= 0) {
			if (r < 0)
				return -1;
		} else if (strcmp(o, "--listen") == 0)
			a->listen = v;
		else if (strcmp(o, "--scenario") == 0)
			a->bo.scenario_path = v;
		else if (strcmp(o, "--provider") == 0)
			a->bo.provider_path = v;
		else if (strcmp(o, "--provider-options") == 0)
			a->bo.provider_options = v;
		else if (strcmp(o, "--store") == 0)
			a->bo.store_path = v;
		else if (strcmp(o, "--port-file") == 0)
			a->port_file = v;
		else if (strcmp(o, "--tls-cert") == 0)
			a->tls_cert = v;
		else if (strcmp(o, "--tls-key") == 0)
			a->tls_key = v;
		else if (strcmp(o, "--user") == 0) {
			if (add_user(a, v) != 0)
				return bad_args(argv[0], "bad --user (NAME:PASS[:admin])");
		} else if (strcmp(o, "--seed") == 0) {
			char *end = NULL;

			errno = 0;
			a->bo.seed = strtoull(v, &end, 0);
			if (errno || !end || *end)
				return bad_args(argv[0], "bad --seed");
		} else if (parse_num_opt(o, v, &n) == 0) {
			if (strcmp(o, "--tick") == 0)
				a->bo.tick_ns = n;
			else if (strcmp(o, "--warp") == 0)
				a->bo.warp_ns = n;
			else
				a->bo.max_body = (size_t)n;
		} else {
			fprintf(stderr, "%s: bad option or value: %s %s\n", argv[0], o, v);
			return bad_args(argv[0], NULL);
		}
	}
	return 0;
}

static void default_users(serve_args *a)
{
	if (a->n_users)
		return;
	(void)add_user(a, "admin:admin:admin");
	(void)add_user(a, "alice:alice");
	(void)add_user(a, "bob:bob");
}

/* A scenario's job owner must be able to log in. */
static void owner_user(serve_args *a, const char *owner)
{
	for (size_t i = 0; i < a->n_users; i++)
		if (strcmp(a->users[i].name, owner) == 0)
			return;
	if (a->n_users < MAX_USERS && strlen(owner) < sizeof a->users[0].name &&
	    strlen(owner) < sizeof a->users[0].pass) {
		http_user *u = &a->users[a->n_users++];

		memset(u, 0, sizeof *u);
		strcpy(u->name, owner);
		strcpy(u->pass, owner);
	}
}

/* One job line of the banner, into a buffer. */
static void job_line(void *arg, const char *text)
{
	cimxml_buf_printf(arg, "  %s\n", text);
}

/* jobs: the job lines, taken before the server started (the backend is
 * the HTTP threads' from then on). */
static void banner(const serve_args *a, const cimxml_buf *jobs, uint16_t port)
{
	const char *listen = a->listen ? a->listen : CIMXML_DEFAULT_LISTEN;
	const char *colon = strrchr(listen, ':');

	printf("srh serve: %s://%.*s:%u/%s (POST /cimom), tick %llu ns per request\n",
	       a->tls_cert ? "https" : "http", (int)(colon - listen), listen, (unsigned)port,
	       CIMXML_NAMESPACE, (unsigned long long)a->bo.tick_ns);
	printf("users:");
	for (size_t i = 0; i < a->n_users; i++)
		printf(" %s%s", a->users[i].name, a->users[i].admin ? " (admin)" : "");
	printf("\njobs:\n%s", jobs->len && !jobs->failed ? jobs->data : "");
	fflush(stdout);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The servers of this process: the CIM-XML one and the extra's, if any. */
typedef struct servers {
	http_server *h[2];
	const char *name[2]; /* of the extra's: in the farewell line */
	size_t n;
} servers;

static unsigned long in_flight(const servers *sv)
{
	unsigned long n = 0;
	http_server_stats st;

	for (size_t i = 0; i < sv->n; i++) {
		http_server_get_stats(sv->h[i], &st);
		n += st.in_flight;
	}
	return n;
}

/*
 * The first signal came: stop accepting on every server, wait (in 100 ms
 * steps) until no request is in flight on any or drain_s has passed. A
 * second signal exits at once, status 1. Returns 0 drained, 1 cut short by
 * the deadline.
 */
static int drain(const servers *sv, const serve_args *a, const sigset_t *set, const char *prog)
{
	uint64_t end = mono_ms() + (uint64_t)a->drain_s * 1000u;
	unsigned long n;

	for (size_t i = 0; i < sv->n; i++)
		if (http_server_quiesce(sv->h[i]) != 0)
			fprintf(stderr, "%s: cannot stop accepting; stopping at once\n", prog);
	for (;;) {
		struct timespec step = {0, 100000000L};

		if ((n = in_flight(sv)) == 0)
			return 0;
		if (mono_ms() >= end) {
			fprintf(stderr, "%s: %lu request(s) still in flight after %us: cut\n", prog,
				n, a->drain_s);
			return 1;
		}
		if (sigtimedwait(set, NULL, &step) > 0) {
			/* At once: nothing more is flushed or waited for. */
			static const char msg[] = "srh serve: second signal: exit now\n";

			(void)!write(2, msg, sizeof msg - 1);
			_exit(1);
		}
	}
}

/* The counters, once stopped: what the deadlines cut; the extra server's
 * (WS-Management) after the CIM-XML one's, in the same line, then what the
 * extra appends (the self-check's count). */
static void farewell(const servers *sv, const cimxml_serve_extra *x)
{
	http_server_stats st;

	http_server_get_stats(sv->h[0], &st);
	printf("srh serve: stopped; connections cut by deadline: header %lu, body %lu, write "
	       "%lu, idle %lu; open at the end %lu",
	       st.cut_header, st.cut_body, st.cut_write, st.cut_idle, st.open);
	for (size_t i = 1; i < sv->n; i++) {
		http_server_get_stats(sv->h[i], &st);
		printf("; %s: header %lu, body %lu, write %lu, idle %lu; open at the end %lu",
		       sv->name[i], st.cut_header, st.cut_body, st.cut_write, st.cut_idle, st.open);
	}
	if (x && x->farewell)
		x->farewell(x->arg);
	putchar('\n');
}

/* Start the extra server beside s with the same base; 0 or -1 (said). */
static int start_extra(const serve_args *a, const char *prog, const cimxml_serve_extra *x,
		       cimxml_backend *b, servers *sv)
{
	char err[CIMXML_ERRLEN * 4];
	cimxml_serve_base base = {.listen = a->listen ? a->listen : CIMXML_DEFAULT_LISTEN,
				  .tls_cert = a->tls_cert,
				  .tls_key = a->tls_key,
				  .users = a->users,
				  .n_users = a->n_users,
				  .limits = a->limits};

	if (x->start(x->arg, b, &base, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return -1;
	}
	if (x->http && (sv->h[sv->n] = x->http(x->arg))) {
		sv->name[sv->n] = x->name ? x->name : "beside it";
		sv->n++;
	}
	return 0;
}

static int serve(serve_args *a, const char *prog, const cimxml_serve_extra *x)
{
	char err[CIMXML_ERRLEN * 4];
	cimxml_backend *b = NULL;
	cimxml_server *s = NULL;
	cimxml_buf jobs;
	servers sv = {.n = 0};
	sigset_t set;
	int sig = 0, rc = 2;

	cimxml_buf_init(&jobs);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	/* Blocked before the server thread exists, so only sigwait sees them. */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return 2;
	if (cimxml_backend_new(&a->bo, &b, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", prog, err);
		goto out;
	}
	owner_user(a, cimxml_backend_owner(b));
	/* Two servers in one process share its file limit: half each. */
	if (x && !a->limits.max_conns)
		a->limits.max_conns = http_conn_budget() / 2;
	if (!a->quiet)
		cimxml_backend_describe(b, job_line, &jobs);
	s = cimxml_server_start(&(cimxml_server_opts){.listen = a->listen,
						      .tls_cert = a->tls_cert,
						      .tls_key = a->tls_key,
						      .users = a->users,
						      .n_users = a->n_users,
						      .backend = b,
						      .limits = a->limits,
						      .answered = x ? x->answered : NULL,
						      .answered_arg = x ? x->arg : NULL},
				err, sizeof err);
	if (!s) {
		fprintf(stderr, "%s: %s\n", prog, err);
		goto out;
	}
	sv.h[sv.n++] = cimxml_server_http(s);
	if (x && start_extra(a, prog, x, b, &sv) != 0)
		goto out;
	/* Last: once it is there, every server of the process listens. */
	if (a->port_file && http_write_port_file(a->port_file, cimxml_server_port(s)) != 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, a->port_file, strerror(errno));
		goto out;
	}
	if (!a->quiet) {
		banner(a, &jobs, cimxml_server_port(s));
		if (x && x->banner)
			x->banner(x->arg);
	}
	if (sigwait(&set, &sig) == 0) {
		(void)drain(&sv, a, &set, prog);
		rc = 0;
	}
out:
	if (s && !a->quiet && rc == 0)
		farewell(&sv, x);
	if (x && x->stop)
		x->stop(x->arg);
	cimxml_server_stop(s);
	/* Closes the provider and its store: what was recorded is flushed. */
	cimxml_backend_free(b);
	cimxml_buf_free(&jobs);
	if (fflush(stdout) != 0 && rc == 0)
		rc = 1;
	return rc;
}

int cimxml_serve_main(int argc, char **argv)
{
	return cimxml_serve_main_with(argc, argv, NULL);
}

int cimxml_serve_main_with(int argc, char **argv, const cimxml_serve_extra *x)
{
	const char *prog = argc > 0 ? argv[0] : "srh serve";
	serve_args *a = malloc(sizeof *a);
	int rc;

	if (!a)
		return 2;
	rc = parse_args(argc, argv, a);
	if (rc != 0) {
		if (rc > 0) {
			print_usage(stdout, prog);
			if (x && x->usage)
				fputs(x->usage, stdout);
			rc = 0;
		} else {
			rc = 2;
		}
		goto out;
	}
	default_users(a);
	if (!a->tls_cert != !a->tls_key) {
		rc = usage(prog, "--tls-cert and --tls-key go together");
		goto out;
	}
	if (http_listen_is_loopback(a->listen ? a->listen : CIMXML_DEFAULT_LISTEN) != 1 &&
	    !a->allow_remote) {
		rc = usage(prog, "--listen is not a loopback address (use --allow-remote)");
		goto out;
	}
	xmlInitParser();
	rc = serve(a, prog, x);
	xmlCleanupParser();
out:
	free(a);
	return rc;
}
