/*
 * srh_cmd_serve.c - `srh serve`: the CIM-XML server (cimxml/) as an srh
 * subcommand, with the WS-Management server (wsman/) beside it on the same
 * stage when --wsman asks (one back end, two codecs, one process), and how
 * `srh run` tells a target run (srh_cmd_target.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml.h"
#include "srh_cli.h"
#include "wsman.h"

typedef struct wsman_side {
	bool on;
	bool self_check;
	unsigned port;
	const char *port_file;
	char url[320];
	wsman_backend *b;
	wsman_server *s;
} wsman_side;

static const char wsman_usage[] =
    "  --wsman        also serve WS-Management (DSP0226) at http://HOST:PORT/wsman\n"
    "                 on the same jobs: Identify, Get, Enumerate/Pull/Release,\n"
    "                 Invoke GetError/GetErrors/RequestStateChange; same users,\n"
    "                 same TLS, the host of --listen\n"
    "  --wsman-port   its port (default 5985; 0 = any free port)\n"
    "  --wsman-port-file  write its bound port to FILE once listening\n"
    "  With --wsman the limits above apply to each of the two servers, and the\n"
    "  default --max-conns budget is split: half each. On SIGTERM/SIGINT both\n"
    "  stop accepting and drain together; the farewell line counts both.\n"
    "  --self-check   judge every answer sent (both protocols) by the wire rules\n"
    "                 (MUST-wire, SHOULD-wire): one line on stderr per finding,\n"
    "                 their count in the farewell line\n";

static void lock_b(void *arg)
{
	cimxml_backend_lock(arg);
}

static void unlock_b(void *arg)
{
	cimxml_backend_unlock(arg);
}

static int ws_start(void *arg, cimxml_backend *cb, const cimxml_serve_base *base, char *err,
		    size_t errlen)
{
	wsman_side *w = arg;
	const char *listen = base->listen, *colon = strrchr(listen, ':');
	char addr[300];
	wsman_backend_opts bo = {.stage = cimxml_backend_stage(cb),
				 .tick_ns = cimxml_backend_tick(cb),
				 .lock = lock_b,
				 .unlock = unlock_b,
				 .lock_arg = cb};

	if (!w->on)
		return 0; /* --self-check alone: CIM-XML only */
	if (!colon || (size_t)snprintf(addr, sizeof addr, "%.*s:%u", (int)(colon - listen), listen,
				       w->port) >= sizeof addr) {
		snprintf(err, errlen, "--wsman: bad --listen %s", listen);
		return -1;
	}
	if (wsman_backend_new(&bo, &w->b, err, errlen) != 0)
		return -1;
	w->s = wsman_server_start(
	    &(wsman_server_opts){.listen = addr,
				 .tls_cert = base->tls_cert,
				 .tls_key = base->tls_key,
				 .users = base->users,
				 .n_users = base->n_users,
				 .backend = w->b,
				 .limits = base->limits,
				 .answered = w->self_check ? srh_selfcheck_wsman : NULL},
	    err, errlen);
	if (!w->s)
		return -1;
	snprintf(w->url, sizeof w->url, "%s://%.*s:%u" WSMAN_PATH,
		 base->tls_cert ? "https" : "http", (int)(colon - listen), listen,
		 (unsigned)wsman_server_port(w->s));
	if (w->port_file && http_write_port_file(w->port_file, wsman_server_port(w->s)) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", w->port_file, strerror(errno));
		return -1;
	}
	return 0;
}

static void ws_banner(void *arg)
{
	wsman_side *w = arg;

	if (!w->on)
		return;
	printf("WS-Management: %s (namespace " WSMAN_NAMESPACE ", same users and jobs)\n", w->url);
	fflush(stdout);
}

static http_server *ws_http(void *arg)
{
	wsman_side *w = arg;

	return w->s ? wsman_server_http(w->s) : NULL;
}

static void ws_farewell(void *arg)
{
	wsman_side *w = arg;

	if (w->self_check)
		printf("; self-check findings %lu", srh_selfcheck_count());
}

static void ws_stop(void *arg)
{
	wsman_side *w = arg;

	wsman_server_stop(w->s);
	wsman_backend_free(w->b);
	w->s = NULL;
	w->b = NULL;
}

/* Take --wsman, --wsman-port N, --wsman-port-file F and --self-check out
 * of argv (argc updated). Returns 0, or -1 with a line on stderr. */
static int take_wsman_args(int *argc, char **argv, wsman_side *w)
{
	int o = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--wsman") == 0) {
			w->on = true;
			continue;
		}
		if (strcmp(a, "--self-check") == 0) {
			w->self_check = true;
			continue;
		}
		if (strcmp(a, "--wsman-port") == 0 || strcmp(a, "--wsman-port-file") == 0) {
			char *end = NULL;
			unsigned long p;

			if (i + 1 >= *argc) {
				fprintf(stderr, "srh serve: %s needs a value\n", a);
				return -1;
			}
			if (strcmp(a, "--wsman-port-file") == 0) {
				w->port_file = argv[++i];
				continue;
			}
			errno = 0;
			p = strtoul(argv[++i], &end, 10);
			if (errno || !end || *end || p > 65535) {
				fprintf(stderr, "srh serve: bad --wsman-port %s\n", argv[i]);
				return -1;
			}
			w->port = (unsigned)p;
			continue;
		}
		argv[o++] = argv[i];
	}
	*argc = o;
	argv[o] = NULL;
	return 0;
}

int srh_cmd_serve(int argc, char **argv)
{
	wsman_side w = {.port = WSMAN_DEFAULT_PORT};
	cimxml_serve_extra x = {.usage = wsman_usage,
				.name = "WS-Management",
				.start = ws_start,
				.banner = ws_banner,
				.http = ws_http,
				.stop = ws_stop,
				.farewell = ws_farewell,
				.arg = &w};
	bool help = false;
	int rc;

	/* Usage and error lines name the command as a user typed it. */
	argv[0] = (char *)"srh serve";
	if (take_wsman_args(&argc, argv, &w) != 0)
		return 2;
	for (int i = 1; i < argc; i++)
		help = help || strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0;
	if ((w.port_file || w.port != WSMAN_DEFAULT_PORT) && !w.on) {
		fprintf(stderr, "srh serve: --wsman-port and --wsman-port-file need --wsman\n");
		return 2;
	}
	if (w.self_check)
		x.answered = srh_selfcheck_cimxml;
	rc = cimxml_serve_main_with(argc, argv, w.on || w.self_check || help ? &x : NULL);
	return rc;
}

bool srh_run_is_target(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--target") == 0 || strncmp(argv[i], "--target=", 9) == 0)
			return true;
	return false;
}
