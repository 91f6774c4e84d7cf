/*
 * http_limits.c - the server's limits as a process sees them: the
 * connection budget from the file limit, the default thread count, and
 * the command-line flags every srh server shares (srh serve today,
 * WS-Management and the proxy on the same layer later).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "http_int.h"

/* Past this a flag's value is a typo, not a wish. */
#define LIMIT_MAX 10000000u
#define TIMEOUT_MAX_S 86400u

unsigned http_conn_budget(void)
{
	struct rlimit rl;
	rlim_t soft;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024u - HTTP_FD_RESERVE;
	/* Raising the soft limit up to the hard one needs no privilege; a
	 * failure (a sandbox) leaves the limit in force, which is still used. */
	if (rl.rlim_cur != rl.rlim_max) {
		struct rlimit up = {rl.rlim_max, rl.rlim_max};

		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = rl.rlim_max;
	}
	soft = rl.rlim_cur;
	if (soft == RLIM_INFINITY || soft > LIMIT_MAX)
		soft = LIMIT_MAX;
	if (soft < HTTP_FD_RESERVE + 16)
		return 16;
	return (unsigned)(soft - HTTP_FD_RESERVE);
}

unsigned http_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 2)
		return 2;
	return n > 8 ? 8u : (unsigned)n;
}

/* "N", "Ns" or "Nm" into seconds. */
static int parse_secs(const char *v, unsigned *out)
{
	char *end = NULL;
	unsigned long long n;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || v[0] == '-')
		return -1;
	if (*end == 'm' && !end[1])
		n *= 60;
	else if (*end && !(*end == 's' && !end[1]))
		return -1;
	if (n == 0 || n > TIMEOUT_MAX_S)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static int parse_count(const char *v, unsigned *out)
{
	char *end = NULL;
	unsigned long long n;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || *end || v[0] == '-' || n == 0 || n > LIMIT_MAX)
		return -1;
	*out = (unsigned)n;
	return 0;
}

int http_limits_flag(http_limits *l, const char *opt, const char *val, char *err, size_t errlen)
{
	unsigned *count = NULL, *secs = NULL;

	if (strcmp(opt, "--max-conns") == 0)
		count = &l->max_conns;
	else if (strcmp(opt, "--per-ip") == 0)
		count = &l->per_ip;
	else if (strcmp(opt, "--min-body-rate") == 0)
		count = &l->min_body_rate;
	else if (strcmp(opt, "--threads") == 0)
		count = &l->threads;
	else if (strcmp(opt, "--header-timeout") == 0)
		secs = &l->header_timeout_s;
	else if (strcmp(opt, "--write-timeout") == 0)
		secs = &l->write_timeout_s;
	else
		return 1;
	if (!val || (count ? parse_count(val, count) : parse_secs(val, secs)) != 0) {
		http_err(err, errlen, "bad %s %s (%s)", opt, val ? val : "",
			 count ? "a whole number from 1" : "seconds from 1: N, Ns or Nm");
		return -1;
	}
	if (count == &l->threads && l->threads > 256) {
		http_err(err, errlen, "bad --threads %s (at most 256)", val);
		return -1;
	}
	return 0;
}

void http_limits_help(char *buf, size_t buflen)
{
	(void)snprintf(
	    buf, buflen,
	    "  --max-conns N  open connections (default: the file limit, raised to its\n"
	    "                 hard limit, less %u: %u here)\n"
	    "  --per-ip N     connections per client address (default: none on loopback,\n"
	    "                 %u beyond it)\n"
	    "  --header-timeout T  deadline for a request's line and headers (default %us)\n"
	    "  --min-body-rate N   body bytes/s a request must average once the header\n"
	    "                 deadline has passed again (default %u)\n"
	    "  --write-timeout T   deadline for sending one response (default %us)\n"
	    "  --threads N    HTTP threads (default: the CPUs, 2 to 8: %u here)\n",
	    HTTP_FD_RESERVE, http_conn_budget(), HTTP_DEFAULT_PER_IP_REMOTE,
	    HTTP_DEFAULT_HEADER_TIMEOUT_S, HTTP_DEFAULT_MIN_BODY_RATE, HTTP_DEFAULT_WRITE_TIMEOUT_S,
	    http_default_threads());
}
