/*
 * srh_precheck.c - before anything runs: the provider given with
 * --provider loads and has a valid ops table, and the profile given with
 * --profile parses. Either failing is bad input (exit 2), said in one line.
 *
 * The provider is loaded in a child process: a vendor library may crash or
 * hang in its constructors as well as in its ops, and srh must survive that
 * like any other crash.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srh/prov_load.h"
#include "srh_cli.h"
#include "srh_pool.h"
#include "srh_run.h"
#include "srh_spawn.h"

#define PRECHECK_TIMEOUT_S 10

/* In the child (srh_spawn: stdout and stderr to /dev/null): load, and say
 * why not through the channel. */
static int load_child(void *arg, int wfd)
{
	const char *path = arg;
	char err[512] = "";
	prov_lib *lib = NULL;

	alarm(PRECHECK_TIMEOUT_S);
	if (prov_load(path, &lib, err, sizeof(err)) == 0) {
		prov_unload(lib);
		return 0;
	}
	/* Best effort: without the text the parent still reports a failure. */
	(void)!write(wfd, err, strnlen(err, sizeof(err)));
	return 1;
}

static int provider_loads(const char *cmd, const char *path)
{
	char err[512] = "", sig[32];
	srh_spawn_opts so = {false, SRH_SPAWN_NULL, true, NULL, 0};
	srh_child c;
	ssize_t n = 0, r;
	int st;

	if (srh_spawn(&so, load_child, (void *)path, &c, err, sizeof(err)) != 0) {
		fprintf(stderr, "srh %s: cannot check --provider %s: %s\n", cmd, path, err);
		return -1;
	}
	while (n < (ssize_t)sizeof(err) - 1 &&
	       ((r = read(c.fd, err + n, sizeof(err) - 1 - (size_t)n)) > 0 ||
		(r < 0 && errno == EINTR)))
		n += r > 0 ? r : 0;
	err[n] = '\0';
	close(c.fd);
	st = srh_child_wait(c.pid);
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (st != -1 && WIFSIGNALED(st))
		fprintf(stderr, "srh %s: --provider %s: %s while loading\n", cmd, path,
			WTERMSIG(st) == SIGALRM ? "hung"
						: srh_signal_name(WTERMSIG(st), sig, sizeof(sig)));
	else
		fprintf(stderr, "srh %s: --provider %s\n", cmd, err[0] ? err : "does not load");
	return -1;
}

int srh_common_check(const char *cmd, const srh_common *c)
{
	char err[SCN_ERRLEN];

	if (c->provider && provider_loads(cmd, c->provider) != 0)
		return -1;
	/* Parsed once here, before any fork: a bad profile stops the command
	 * with the parser's file:line, and every run inherits it. */
	if (srh_profile_preload(c->profile, err, sizeof(err)) != 0) {
		fprintf(stderr, "srh %s: --profile %s\n", cmd, err);
		return -1;
	}
	return 0;
}
