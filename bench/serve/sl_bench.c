/*
 * sl_bench.c - serve_load bench: srh serve --wsman (a child process, as a
 * user runs it) measured undisturbed and again while 500 slow clients hold
 * connections, printed side by side with the ratios, over CIM-XML and then
 * over WS-Management (each server with its own 500 slow clients). The
 * issue's goal: p99 under load within 10x of undisturbed.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "serve_load.h"

#define SLOW_CLIENTS 500

/* The port in file path, or 0 while there is none. */
static uint16_t read_port(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned p = 0;
	int got;

	if (!f)
		return 0;
	got = fscanf(f, "%u", &p);
	fclose(f);
	return got == 1 && p > 0 && p < 65536 ? (uint16_t)p : 0;
}

/* Start srh serve --wsman on free ports (dir/port, dir/wsport); its pid,
 * or -1. */
static pid_t start_server(const char *srh_serve, const char *dir, uint16_t port[2])
{
	char pf[2][96];
	pid_t pid = fork();

	snprintf(pf[0], sizeof pf[0], "%s/port", dir);
	snprintf(pf[1], sizeof pf[1], "%s/wsport", dir);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Its per-connection messages would bury the figures. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execl(srh_serve, srh_serve, "--listen", "127.0.0.1:0", "--port-file", pf[0],
		      "--wsman", "--wsman-port", "0", "--wsman-port-file", pf[1], "--tick", "0",
		      "--quiet", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		/* The CIM-XML port file comes before the WS-Man server starts. */
		if ((port[1] = read_port(pf[1])) && (port[0] = read_port(pf[0])))
			return pid;
		(void)usleep(50000);
	}
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
	return -1;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

static void compare(const sl_result *calm, const sl_result *load)
{
	sl_print("  undisturbed", calm);
	sl_print("  500 slow   ", load);
	printf("  ratio (500 slow / undisturbed): req/s %.2f  p50 %.2f  p99 %.2f\n",
	       ratio(load->per_s, calm->per_s), ratio((double)load->p50_ns, (double)calm->p50_ns),
	       ratio((double)load->p99_ns, (double)calm->p99_ns));
}

/* Measure, start the slow clients, let them settle, measure again. */
static int measure(bool wsman, uint16_t port, unsigned clients, unsigned secs)
{
	sl_result calm, load;
	sl_slow slow = {.port = port, .n = SLOW_CLIENTS};
	pthread_t th;
	int rc = 1;

	if (sl_geterror(wsman, port, clients, 0, secs, &calm) != 0)
		return 1;
	if (pthread_create(&th, NULL, sl_slow_run, &slow) != 0) {
		fprintf(stderr, "serve_load: cannot start the slow clients\n");
		return 1;
	}
	sleep(2);
	if (sl_geterror(wsman, port, clients, 0, secs, &load) == 0)
		rc = 0;
	slow.stop = true;
	(void)pthread_join(th, NULL);
	if (rc == 0) {
		printf("%s: %u keep-alive clients x %us, GetError\n", wsman ? "wsman" : "cimxml",
		       clients, secs);
		compare(&calm, &load);
		printf("  slow clients cut and reconnected: %lu\n", slow.reconnects);
		if (calm.wrong || calm.failed || load.wrong || load.failed)
			rc = 1;
	}
	return rc;
}

int sl_bench(const char *srh_serve, unsigned clients, unsigned secs)
{
	char dir[] = "/tmp/serve-bench.XXXXXX", path[96];
	uint16_t port[2] = {0, 0};
	pid_t pid;
	int rc = 2, st = 0;

	if (!clients || !secs || !mkdtemp(dir)) {
		fprintf(stderr, "serve_load bench: bad arguments or no temp dir\n");
		return 2;
	}
	if ((pid = start_server(srh_serve, dir, port)) < 0) {
		fprintf(stderr, "serve_load bench: %s did not start\n", srh_serve);
		goto out;
	}
	rc = measure(false, port[0], clients, secs);
	fflush(stdout);
	if (measure(true, port[1], clients, secs) != 0)
		rc = 1;
	(void)kill(pid, SIGTERM);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "serve_load bench: srh serve did not stop cleanly\n");
		rc = 1;
	}
out:
	snprintf(path, sizeof path, "%s/port", dir);
	(void)unlink(path);
	snprintf(path, sizeof path, "%s/wsport", dir);
	(void)unlink(path);
	(void)rmdir(dir);
	return rc;
}
