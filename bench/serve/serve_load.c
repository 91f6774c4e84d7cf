/*
 * serve_load - clients of `srh serve` for its load tests (tests/serve_load)
 * and its bench, over the project's own CIM-XML client (cimxml_conn_*):
 *
 *   serve_load geterror PORT CLIENTS CALLS
 *       CLIENTS threads, each on one kept-alive connection, CALLS GetError
 *       each as alice, alternating the demo's failed job SRSIM:2 (rc 0 and
 *       an Error, contract.md) and its running job SRSIM:5 (rc 0, Error
 *       NULL). Prints "geterror: ok N wrong N failed N ..."; exit 0 when
 *       every answer was right.
 *   serve_load hold PORT N SECONDS [SRC]
 *       open N idle connections (bound to address SRC, default 127.0.0.1),
 *       hold them SECONDS, print "hold: connected C open O" (O: not closed
 *       by the server by then).
 *   serve_load hostile PORT SECONDS
 *       hostile requests for SECONDS: XXE, entity expansion, a 2 MiB body,
 *       deep nesting, 100 KiB headers, bad credentials, random bytes,
 *       truncated requests and resets mid-body.
 *   serve_load bench SRH_SERVE [CLIENTS [SECONDS]]
 *       starts SRH_SERVE --wsman, measures CLIENTS (8) keep-alive GetError
 *       clients for SECONDS (5), then again while 500 slow clients hold
 *       connections (slowloris: a header line a second, reconnecting when
 *       cut), and prints both and their ratios: over CIM-XML ("cimxml:"),
 *       then over WS-Management ("wsman:").
 *
 *   --wsman before geterror, hold or hostile: PORT is the WS-Management
 *   server's, the requests go to /wsman (hold: no difference).
 *
 * Wall-clock time (CLOCK_MONOTONIC) is allowed here, in bench/.
 */
#include "serve_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

static int usage(void)
{
	fprintf(stderr, "usage: serve_load [--wsman] geterror PORT CLIENTS CALLS\n"
			"       serve_load [--wsman] hold PORT N SECONDS [SRC]\n"
			"       serve_load [--wsman] hostile PORT SECONDS\n"
			"       serve_load bench SRH_SERVE [CLIENTS [SECONDS]]\n");
	return 2;
}

/* A whole number from 1 to max, or 0. */
static unsigned long num(const char *v, unsigned long max)
{
	char *end = NULL;
	unsigned long n = strtoul(v, &end, 10);

	return (end && !*end && n >= 1 && n <= max) ? n : 0;
}

static int run(int argc, char **argv)
{
	bool wsman = strcmp(argv[1], "--wsman") == 0;
	const char *mode;
	unsigned long port;

	if (wsman) {
		argc--;
		argv++;
		if (argc < 2)
			return usage();
	}
	mode = argv[1];
	port = argc > 2 ? num(argv[2], 65535) : 0;

	if (strcmp(mode, "bench") == 0 && argc >= 3)
		return sl_bench(argv[2], argc > 3 ? (unsigned)num(argv[3], 1000) : 8,
				argc > 4 ? (unsigned)num(argv[4], 600) : 5);
	if (!port)
		return usage();
	if (strcmp(mode, "geterror") == 0 && argc == 5) {
		sl_result r;
		unsigned long n = num(argv[3], 10000), calls = num(argv[4], 1000000);

		if (!n || !calls ||
		    sl_geterror(wsman, (uint16_t)port, (unsigned)n, calls, 0, &r) != 0)
			return usage();
		sl_print("geterror", &r);
		return r.wrong || r.failed ? 1 : 0;
	}
	if (strcmp(mode, "hold") == 0 && (argc == 5 || argc == 6))
		return sl_hold((uint16_t)port, (unsigned)num(argv[3], 100000),
			       (unsigned)num(argv[4], 3600), argc == 6 ? argv[5] : "127.0.0.1");
	if (strcmp(mode, "hostile") == 0 && argc == 4)
		return sl_hostile(wsman, (uint16_t)port, (unsigned)num(argv[3], 3600));
	return usage();
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2)
		return usage();
	if (http_global_init() != 0) {
		fprintf(stderr, "serve_load: libcurl does not start\n");
		return 2;
	}
	xmlInitParser();
	rc = run(argc, argv);
	xmlCleanupParser();
	http_global_cleanup();
	return rc;
}
