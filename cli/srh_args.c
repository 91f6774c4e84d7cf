/*
 * srh_args.c - argument parsing shared by the subcommands. Hand-written
 * rather than getopt so that every error is one line naming the command.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_cli.h"
#include "srh_util.h"

#define SRH_MAX_JOBS 64u

int srh_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "srh %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'srh %s --help')\n", cmd);
	return SRH_EXIT_USAGE;
}

bool srh_arg_flag(srh_args *a, const char *lng, const char *shrt)
{
	const char *s = a->argv[a->i];

	if ((lng && strcmp(s, lng) == 0) || (shrt && strcmp(s, shrt) == 0)) {
		a->i++;
		return true;
	}
	return false;
}

int srh_arg_value(srh_args *a, const char *lng, const char *shrt, const char **val)
{
	const char *s = a->argv[a->i];
	size_t ll = lng ? strlen(lng) : 0, sl = shrt ? strlen(shrt) : 0;

	if ((lng && strcmp(s, lng) == 0) || (shrt && strcmp(s, shrt) == 0)) {
		if (a->i + 1 >= a->argc) {
			srh_usage(a->cmd, "%s needs a value", s);
			return -1;
		}
		*val = a->argv[a->i + 1];
		a->i += 2;
		return 1;
	}
	if (lng && strncmp(s, lng, ll) == 0 && s[ll] == '=') {
		*val = s + ll + 1;
		a->i++;
		return 1;
	}
	if (shrt && strncmp(s, shrt, sl) == 0 && s[sl] != '\0') {
		*val = s + sl;
		a->i++;
		return 1;
	}
	return 0;
}

int srh_arg_u64(const char *cmd, const char *name, const char *text, uint64_t lo, uint64_t hi,
		uint64_t *out)
{
	if (srh_parse_u64(text, lo, hi, out) == 0)
		return 0;
	srh_usage(cmd, "%s: \"%s\" is not a whole number in %llu..%llu", name, text,
		  (unsigned long long)lo, (unsigned long long)hi);
	return -1;
}

int srh_arg_seconds(const char *cmd, const char *name, const char *text, double *out)
{
	char *end = NULL;
	double v;

	if (text[0] >= '0' && text[0] <= '9') {
		v = strtod(text, &end);
		if (*end == '\0' && v > 0 && v <= 86400) {
			*out = v;
			return 0;
		}
	}
	srh_usage(cmd, "%s: \"%s\" is not a number of seconds in (0, 86400]", name, text);
	return -1;
}

void srh_common_init(srh_common *c)
{
	memset(c, 0, sizeof(*c));
	c->jobs = 1;
	c->timeout_s = 10.0;
	c->worker_runs = SRH_WORKER_RUNS;
}

void srh_common_free(srh_common *c)
{
	free(c->paths);
	c->paths = NULL;
	c->n_paths = 0;
}

static int opt_number(srh_args *a, srh_common *c, const char *v, bool jobs)
{
	uint64_t n;

	if (jobs) {
		if (srh_arg_u64(a->cmd, "-j", v, 1, SRH_MAX_JOBS, &n) != 0)
			return -1;
		c->jobs = (unsigned)n;
		return 1;
	}
	if (srh_arg_u64(a->cmd, "--seed", v, 0, UINT64_MAX, &c->seed) != 0)
		return -1;
	c->has_seed = true;
	return 1;
}

int srh_common_option(srh_args *a, srh_common *c, unsigned allowed)
{
	const char *v = NULL;
	int r;

	if ((allowed & SRH_OPT_VERBOSE) && srh_arg_flag(a, "--verbose", "-v"))
		return c->verbose = true, 1;
	if ((allowed & SRH_OPT_NO_FORK) && srh_arg_flag(a, "--no-fork", NULL))
		return c->no_fork = true, 1;
	if ((allowed & SRH_OPT_NO_FORK) && (r = srh_arg_value(a, "--worker-runs", NULL, &v)) != 0) {
		uint64_t n;
		if (r < 0 || srh_arg_u64(a->cmd, "--worker-runs", v, 1, 1000000, &n) != 0)
			return -1;
		c->worker_runs = (unsigned)n;
		return 1;
	}
	if ((allowed & SRH_OPT_PROVIDER) && (r = srh_arg_value(a, "--provider", NULL, &v)) != 0)
		return r < 0 ? -1 : (c->provider = v, 1);
	if ((allowed & SRH_OPT_PROFILE) && (r = srh_arg_value(a, "--profile", NULL, &v)) != 0)
		return r < 0 ? -1 : (c->profile = v, 1);
	if ((allowed & SRH_OPT_FILTER) && (r = srh_arg_value(a, "--filter", NULL, &v)) != 0)
		return r < 0 ? -1 : (c->filter = v, 1);
	if ((allowed & SRH_OPT_JOBS) && (r = srh_arg_value(a, "--jobs", "-j", &v)) != 0)
		return r < 0 ? -1 : opt_number(a, c, v, true);
	if ((allowed & SRH_OPT_SEED) && (r = srh_arg_value(a, "--seed", NULL, &v)) != 0)
		return r < 0 ? -1 : opt_number(a, c, v, false);
	if ((allowed & SRH_OPT_TIMEOUT) && (r = srh_arg_value(a, "--timeout", NULL, &v)) != 0)
		return r < 0 || srh_arg_seconds(a->cmd, "--timeout", v, &c->timeout_s) != 0 ? -1
											    : 1;
	return 0;
}

int srh_common_positional(srh_args *a, srh_common *c)
{
	const char *s = a->argv[a->i];
	const char **np;

	if (s[0] == '-' && s[1] != '\0') {
		srh_usage(a->cmd, "unknown option %s", s);
		return -1;
	}
	np = realloc(c->paths, (c->n_paths + 1) * sizeof(*np));
	if (!np) {
		fprintf(stderr, "srh %s: out of memory\n", a->cmd);
		return -1;
	}
	c->paths = np;
	c->paths[c->n_paths++] = s;
	a->i++;
	return 0;
}
