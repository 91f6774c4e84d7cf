/*
 * srh_cmd_proxy.c - `srh proxy --listen ADDR --upstream URL`: the proxy
 * room's reverse proxy (proxy/prx.h) run until SIGINT/SIGTERM, a live
 * summary on stderr once a second, the verdicts on stdout at the end and
 * the results (one per job, one for the session) in the results database
 * through the same sink as `srh run`.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prx.h"
#include "srh_cli.h"
#include "srh_db.h"
#include "srh_proxy.h"

static const char proxy_help[] =
    "usage: srh proxy --upstream URL [--listen HOST:PORT] [--record FILE]\n"
    "                 [--user NAME[:admin]]... [--timeout SECONDS] [--max-response BYTES]\n"
    "                 [--cacert FILE | --insecure] [--port-file FILE] [--quiet]\n"
    "                 [--db FILE | --no-db] [--junit FILE] [--tap [FILE]] [--json FILE]\n"
    "\n"
    "A reverse proxy between real clients (wbemcli, wsl, PowerShell, pywbem) and a live\n"
    "provider that checks every exchange on the side. The protocol is told by the URL:\n"
    "http[s]://HOST[:PORT] CIM-XML, wsman+http[s]://HOST[:PORT] WS-Management. Each\n"
    "request goes upstream unchanged (credentials pass through, one upstream connection\n"
    "per client connection); the client gets the upstream's status, headers and body.\n"
    "An upstream that refuses, resets, sends too much (--max-response, default 8 MiB)\n"
    "or announces XML and sends none gives 502; one that stalls past --timeout (default\n"
    "30 s) 504. Each exchange is judged under the wire rules (CIM-XML: DSP0203's DTD,\n"
    "the embedded CIM_Error, MOF types, NULL form) and the contract rules an observer\n"
    "can see (rc range, Error exactly when an ended job failed, Error stable, access\n"
    "across the principals seen, ValueMaps).\n"
    "  --listen      where to listen (default 127.0.0.1:5990; port 0: any)\n"
    "  --user        NAME[:admin]: the role of a principal (Basic user name) for the\n"
    "                access rules; principals not named are not judged for access\n"
    "  --record      keep the session in FILE (docs/PROXY.md; no credentials): 'srh\n"
    "                check-wire FILE' re-judges it, 'srh replay-wire' re-sends it\n"
    "  --port-file   write the bound port to FILE once listening\n"
    "  --quiet       no live summary on stderr\n"
    "Stops on SIGINT/SIGTERM: the exchanges in flight are answered and judged, the\n"
    "verdicts printed ('RESULT ...' lines) and stored (one result per job and one for\n"
    "the session; 'srh report', 'srh diff', --junit work on them).\n"
    "Exit: 0 no MUST failure, 1 a MUST failure or an exchange without a usable answer,\n"
    "2 bad usage or set-up error.\n";

typedef struct pargs {
	const char *listen, *upstream, *record, *port_file;
	prx_role roles[PRX_MAX_ROLES];
	size_t n_roles;
	http_client_opts http;
	bool quiet;
	srh_db_opts db;
} pargs;

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* --user NAME[:admin] (repeated). 1 consumed, 0 not it, -1 error. */
int srh_proxy_role_option(srh_args *a, prx_role *roles, size_t *n)
{
	const char *v;
	int r = srh_arg_value(a, "--user", NULL, &v);

	if (r <= 0)
		return r;
	if (*n >= PRX_MAX_ROLES || prx_role_parse(v, &roles[*n]) != 0) {
		srh_usage(a->cmd, "--user: expected NAME or NAME:admin (at most %d)",
			  PRX_MAX_ROLES);
		return -1;
	}
	(*n)++;
	return 1;
}

/* --timeout / --max-response / --cacert. 1 consumed, 0 not one, -1 error. */
static int http_option(srh_args *a, http_client_opts *h)
{
	const char *v;
	double s;
	uint64_t n;
	int r;

	if ((r = srh_arg_value(a, "--timeout", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_seconds(a->cmd, "--timeout", v, &s) != 0 || s > 3600)
			return -1;
		h->timeout_ms = (unsigned)(s * 1000.0) ? (unsigned)(s * 1000.0) : 1u;
		return 1;
	}
	if ((r = srh_arg_value(a, "--max-response", NULL, &v)) != 0) {
		if (r < 0 || srh_arg_u64(a->cmd, "--max-response", v, 1, 1u << 30, &n) != 0)
			return -1;
		h->max_response = (size_t)n;
		return 1;
	}
	if ((r = srh_arg_value(a, "--cacert", NULL, &v)) != 0) {
		if (r < 0)
			return -1;
		h->cacert = v;
		return 1;
	}
	if (srh_arg_flag(a, "--insecure", NULL)) {
		h->insecure = true;
		return 1;
	}
	return 0;
}

/* --listen, --upstream, --record, --port-file. Same returns. */
static int path_option(srh_args *a, pargs *p)
{
	static const char *const names[] = {"--listen", "--upstream", "--record", "--port-file"};
	const char **dst[] = {&p->listen, &p->upstream, &p->record, &p->port_file};
	const char *v;
	int r;

	for (size_t k = 0; k < 4; k++) {
		if ((r = srh_arg_value(a, names[k], NULL, &v)) == 0)
			continue;
		if (r < 0)
			return -1;
		*dst[k] = v;
		return 1;
	}
	return 0;
}

/* 0 parsed, 1 --help printed, -1 error (printed). */
static int parse_args(int argc, char **argv, pargs *p)
{
	srh_args a = {"proxy", argc, argv, 1};
	int r;

	memset(p, 0, sizeof *p);
	p->listen = "127.0.0.1:5990";
	while (a.i < argc) {
		if (srh_arg_flag(&a, "--help", "-h")) {
			fputs(proxy_help, stdout);
			return 1;
		}
		if (srh_arg_flag(&a, "--quiet", NULL)) {
			p->quiet = true;
			continue;
		}
		if ((r = path_option(&a, p)) == 0 &&
		    (r = srh_proxy_role_option(&a, p->roles, &p->n_roles)) == 0 &&
		    (r = http_option(&a, &p->http)) == 0)
			r = srh_db_option(&a, &p->db, false);
		if (r < 0)
			return -1;
		if (r == 0)
			return srh_usage("proxy", "unknown argument \"%s\"", argv[a.i]), -1;
	}
	if (!p->upstream)
		return srh_usage("proxy", "--upstream URL is required"), -1;
	if (p->db.shard)
		return srh_usage("proxy", "--shard does not go with proxy"), -1;
	return srh_db_check("proxy", &p->db);
}

typedef struct store_ctx {
	srh_sink *sink;
} store_ctx;

static void store_one(void *arg, const srh_result *r)
{
	srh_sink_add(((store_ctx *)arg)->sink, r);
}

int srh_proxy_finish(const char *cmd, prx_session *s, const srh_db_opts *db, const char *upstream,
		     int argc, char **argv)
{
	srh_common c;
	srh_sink sink;
	store_ctx sc = {&sink};
	prx_stats st;
	char **w;
	int rc;

	prx_session_report(s, stdout);
	fflush(stdout);
	prx_session_stats(s, &st);
	rc = st.must || st.bad_gateway ? SRH_EXIT_FAIL : SRH_EXIT_OK;
	srh_common_init(&c);
	c.provider = upstream;
	if (!(w = srh_argv_masked(argc, argv))) {
		fprintf(stderr, "srh %s: out of memory\n", cmd);
		return SRH_EXIT_FAIL;
	}
	if (srh_sink_begin(&sink, cmd, "proxy", db, &c, argc, w, st.jobs + 1) != 0) {
		srh_argv_free(w, argc);
		return SRH_EXIT_FAIL;
	}
	(void)prx_session_results(s, store_one, &sc);
	if (srh_sink_end(&sink, true, stderr) != 0)
		rc = SRH_EXIT_FAIL;
	srh_argv_free(w, argc);
	return rc;
}

static void summary(prx_session *s, prx_stats *last)
{
	prx_stats st;

	prx_session_stats(s, &st);
	if (memcmp(&st, last, sizeof st) == 0)
		return;
	*last = st;
	fprintf(stderr,
		"srh proxy: %lu exchanges, %lu jobs, %lu MUST and %lu SHOULD failures, %lu "
		"without a usable answer\n",
		st.exchanges, st.jobs, st.must, st.should, st.bad_gateway);
}

/* Serve until a signal, the summary once a second when it changed
 * (last: what was printed last). */
static void serve(prx_session *s, bool quiet, prx_stats *last)
{
	struct timespec one = {1, 0};

	while (!stop_flag) {
		(void)nanosleep(&one, NULL);
		if (!quiet)
			summary(s, last);
	}
}

static int set_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return -1;
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL);
}

int srh_cmd_proxy(int argc, char **argv)
{
	pargs p;
	prx_opts o = {0};
	prx_proto proto;
	prx_session *s = NULL;
	prx_rec *rec = NULL;
	prx_proxy *px = NULL;
	prx_stats last = {0};
	char err[PRX_ERRLEN], base[1024];
	int rc = SRH_EXIT_USAGE;

	if ((rc = parse_args(argc, argv, &p)) != 0)
		return rc > 0 ? SRH_EXIT_OK : SRH_EXIT_USAGE;
	rc = SRH_EXIT_USAGE;
	if (prx_url(p.upstream, &proto, base, sizeof base, err, sizeof err) != 0) {
		srh_usage("proxy", "--upstream %s (want http[s]:// or wsman+http[s]://)", err);
		return SRH_EXIT_USAGE;
	}
	if (srh_sink_probe("proxy", &p.db) != 0 || set_signals() != 0 || http_global_init() != 0)
		return SRH_EXIT_USAGE;
	if (!(s = prx_session_new(proto, p.upstream, p.roles, p.n_roles))) {
		fprintf(stderr, "srh proxy: out of memory\n");
		goto out;
	}
	if (p.record && !(rec = prx_rec_create(p.record, proto, p.upstream, err, sizeof err))) {
		fprintf(stderr, "srh proxy: --record %s\n", err);
		goto out;
	}
	o.listen = p.listen;
	o.upstream = p.upstream;
	o.http = p.http;
	o.session = s;
	o.rec = rec;
	if (!(px = prx_start(&o, err, sizeof err))) {
		fprintf(stderr, "srh proxy: %s\n", err);
		goto out;
	}
	if (p.port_file && http_write_port_file(p.port_file, prx_port(px)) != 0) {
		fprintf(stderr, "srh proxy: cannot write %s: %s\n", p.port_file, strerror(errno));
		goto out;
	}
	if (!p.quiet)
		fprintf(stderr, "srh proxy: %s on port %u -> %s\n", prx_proto_name(proto),
			(unsigned)prx_port(px), p.upstream);
	serve(s, p.quiet, &last);
	prx_stop(px); /* every exchange answered and judged */
	px = NULL;
	if (!p.quiet) /* what came in after the last line, if anything */
		summary(s, &last);
	rc = srh_proxy_finish("proxy", s, &p.db, p.upstream, argc, argv);
out:
	prx_stop(px);
	if (prx_rec_close(rec, err, sizeof err) != 0) {
		fprintf(stderr, "srh proxy: --record %s\n", err);
		rc = SRH_EXIT_FAIL;
	}
	prx_session_free(s);
	http_global_cleanup();
	return rc;
}
