/*
 * test_stage_http - a hostile provider behind `srh serve` (the srh-serve
 * program, over HTTP): what reaches a client is bounded, NUL-free, valid
 * UTF-8, and exactly what the stage gives `srh run` for the same scenario
 * (srh_run_scenario's record of the final GetError by the owner); the
 * server stays up for a second request. A provider whose open() leaves an
 * unterminated, non-UTF-8 reason: srh serve stops with a bounded, valid
 * line saying the same as srh run's reason.
 *
 * Argument 1 of every fixture path comes from CMake (SRH_SERVE, HOSTILE_END,
 * BAD_HOSTILE_*).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cimxml.h"
#include "srh_run.h"

typedef struct served {
	pid_t pid;
	uint16_t port;
	char dir[64];
	char log[96];
} served;

/* The server of the running test, stopped by fini even when an assertion
 * ends the test early. */
static pid_t live = -1;

static void fini(void)
{
	if (live > 0 && kill(live, SIGKILL) == 0)
		(void)waitpid(live, NULL, 0);
	live = -1;
}

/* Start srh-serve on scenario HOSTILE_END with provider so; false when it
 * exits first (its stderr is in s->log). */
static bool serve_start(served *s, const char *so)
{
	char pf[96], port[16] = "";

	snprintf(s->dir, sizeof s->dir, "/tmp/srh-stage-http-XXXXXX");
	cr_assert_not_null(mkdtemp(s->dir));
	snprintf(pf, sizeof pf, "%s/port", s->dir);
	snprintf(s->log, sizeof s->log, "%s/log", s->dir);
	s->pid = fork();
	cr_assert_geq(s->pid, 0);
	if (s->pid == 0) {
		if (!freopen(s->log, "w", stderr))
			_exit(127);
		execl(SRH_SERVE, SRH_SERVE, "--listen", "127.0.0.1:0", "--port-file", pf,
		      "--scenario", HOSTILE_END, "--provider", so, "--warp", "1h", "--user",
		      "alice:alice", "--quiet", (char *)NULL);
		_exit(127);
	}
	live = s->pid;
	for (int i = 0; i < 2000; i++) { /* 20 s */
		FILE *f = fopen(pf, "r");
		int st;

		if (f) {
			bool ok = fgets(port, sizeof port, f) && port[0];

			fclose(f);
			if (ok && strchr(port, '\n')) {
				s->port = (uint16_t)atoi(port);
				return true;
			}
		}
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = live = -1;
			return false;
		}
		usleep(10000);
	}
	cr_assert_fail("srh-serve did not start");
	return false;
}

static void serve_stop(served *s)
{
	char f[128];
	int st = 0;

	if (s->pid > 0) {
		cr_assert_eq(kill(s->pid, SIGTERM), 0);
		cr_assert_eq(waitpid(s->pid, &st, 0), s->pid);
		live = -1;
		cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "srh-serve status %d", st);
	}
	snprintf(f, sizeof f, "%s/port", s->dir);
	(void)unlink(f);
	(void)unlink(s->log);
	(void)rmdir(s->dir);
}

/* `srh run` of HOSTILE_END against so, in this process. */
static void run(const char *so, srh_result *res)
{
	scn_scenario *sc = NULL;
	srh_run_opts o = {.provider_path = so};
	char err[512];

	cr_assert_eq(srh_parse_scenario(HOSTILE_END, &sc, err, sizeof err), 0, "%s", err);
	srh_run_scenario(sc, &o, res);
	scn_free(sc);
}

static cimxml_response *post(cimxml_conn *c, const char *method, cimxml_buf *req)
{
	cimxml_response *r = NULL;
	char *text = NULL, err[CIMXML_ERRLEN];
	size_t len = 0;
	int status = 0;

	cr_assert(!req->failed);
	cr_assert_eq(cimxml_conn_post(c, method, CIMXML_NAMESPACE, req->data, req->len, &status,
				      &text, &len, err, sizeof err),
		     0, "%s", err);
	cr_assert_eq(status, 200, "HTTP %d", status);
	cr_assert_eq(strlen(text), len, "a NUL in the response body");
	cr_assert_eq(cimxml_parse_response(text, len, CIMXML_MAX_RESPONSE, &r, err, sizeof err),
		     CIMXML_PE_OK, "%s", err);
	free(text);
	cimxml_buf_reset(req);
	return r;
}

static void assert_safe(const char *s)
{
	cr_assert(srh_check_text_ok(s), "not bounded valid UTF-8: %.60s", s ? s : "");
}

static void assert_error_safe(const cim_error *e)
{
	const char *const str[] = {e->other_error_type,
				   e->owning_entity,
				   e->message_id,
				   e->message,
				   e->probable_cause_description,
				   e->error_source,
				   e->other_error_source_format,
				   e->cim_status_code_description};

	for (size_t i = 0; i < sizeof str / sizeof str[0]; i++)
		assert_safe(str[i]);
	cr_assert_leq(e->n_message_arguments, SRH_CHECK_MAX_ARRAY);
	for (size_t i = 0; e->message_arguments && i < e->n_message_arguments; i++)
		assert_safe(e->message_arguments[i]);
	for (size_t i = 0; e->recommended_actions && i < e->n_recommended_actions; i++)
		assert_safe(e->recommended_actions[i]);
}

/* GetError over HTTP equals srh run's final GetError; then an
 * EnumerateInstances on the same server still answers, every job safe. */
static void hostile(const char *so)
{
	srh_result res;
	const srh_call_rec *fin;
	served s;
	cimxml_conn *c;
	cimxml_buf req;
	cimxml_response *r;
	char err[CIMXML_ERRLEN], base[64];

	run(so, &res);
	cr_assert_gt(res.n_calls, 0, "%s", res.reason ? res.reason : "");
	fin = &res.calls[res.n_calls - 1];
	cr_assert(serve_start(&s, so), "srh-serve exited");
	cr_assert_eq(http_global_init(), 0);
	snprintf(base, sizeof base, "http://127.0.0.1:%d", s.port);
	c = cimxml_conn_new(base, &(http_client_opts){.userpass = "alice:alice"}, err, sizeof err);
	cr_assert_not_null(c, "%s", err);
	cimxml_buf_init(&req);

	cimxml_req_method(&req, CIMXML_NAMESPACE, CIMXML_JOB_CLASS, fin->instance_id, "GetError",
			  NULL, 0);
	r = post(c, "GetError", &req);
	cr_assert(r->has_rc && !r->is_error);
	cr_assert_eq(r->rc, fin->rc);
	if (fin->n_errors == 0) {
		cr_assert_null(r->error);
	} else {
		cr_assert_not_null(r->error);
		assert_error_safe(r->error);
		cr_assert(cim_error_equal(r->error, fin->errors[0]),
			  "srh serve and srh run differ: MessageID %.40s / %.40s",
			  r->error->message_id ? r->error->message_id : "NULL",
			  fin->errors[0]->message_id ? fin->errors[0]->message_id : "NULL");
	}
	if (fin->rc_desc)
		assert_safe(fin->rc_desc);
	cimxml_response_free(r);

	cimxml_req_enum(&req, CIMXML_NAMESPACE, "EnumerateInstances", CIMXML_JOB_CLASS);
	r = post(c, "EnumerateInstances", &req);
	cr_assert_not(r->is_error);
	cr_assert_eq(r->n_jobs, 1);
	for (size_t i = 0; i < r->n_jobs; i++) {
		assert_safe(r->jobs[i]->name);
		assert_safe(r->jobs[i]->error_description);
		assert_safe(r->jobs[i]->instance_id);
	}
	cimxml_response_free(r);
	cimxml_buf_free(&req);
	cimxml_conn_free(c);
	http_global_cleanup();
	serve_stop(&s);
	srh_result_free(&res);
}

TestSuite(stage_http, .fini = fini, .timeout = 120);

Test(stage_http, nonutf8)
{
	hostile(BAD_HOSTILE_NONUTF8);
}

Test(stage_http, megastr)
{
	hostile(BAD_HOSTILE_MEGASTR);
}

Test(stage_http, nullstr)
{
	hostile(BAD_HOSTILE_NULLSTR);
}

Test(stage_http, absurd)
{
	hostile(BAD_HOSTILE_ABSURD);
}

Test(stage_http, rc_description)
{
	hostile(BAD_HOSTILE_RCDESC);
}

Test(stage_http, job_strings)
{
	hostile(BAD_HOSTILE_JOBSTR);
}

Test(stage_http, open_reason)
{
	const char *mark = "would not open: ";
	char line[4096] = "", *nl, *a, *b;
	srh_result res;
	served s;
	FILE *f;

	run(BAD_HOSTILE_OPENREASON, &res);
	cr_assert_eq(res.verdict, SRH_ERROR);
	cr_assert_not_null(res.reason);
	assert_safe(res.reason);
	cr_assert_not(serve_start(&s, BAD_HOSTILE_OPENREASON), "srh-serve kept running");
	f = fopen(s.log, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(line, sizeof line, f));
	fclose(f);
	nl = strchr(line, '\n');
	cr_assert_not_null(nl, "no whole line: %.80s", line);
	*nl = '\0';
	assert_safe(line);
	/* The same safe reason, each cut to its own buffer. */
	a = strstr(line, mark);
	b = strstr(res.reason, mark);
	cr_assert(a && b, "%s | %s", line, res.reason);
	cr_assert_gt(strlen(a), strlen(mark) + 8);
	cr_assert_eq(strncmp(a, b, strlen(a) < strlen(b) ? strlen(a) : strlen(b)), 0, "%s | %s", a,
		     b);
	serve_stop(&s);
	srh_result_free(&res);
}
