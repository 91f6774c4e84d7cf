/* sf.c - see sf.h. */
#include "sf.h"

#include <criterion/criterion.h>
#include <string.h>

const char *const sf_job[SF_N] = {"exc", "term", "kill", "ok", "run"};

static void running(sf *s, const char *job)
{
	cr_assert_eq(hz_created(&s->p, job), 0, "created %s", job);
	cr_assert_eq(hz_state(&s->p, job, CIM_JS_STARTING), 0);
	cr_assert_eq(hz_state(&s->p, job, CIM_JS_RUNNING), 0);
	cr_assert_eq(hz_progress(&s->p, job, 40), 0);
}

static void open_or_die(sf *s)
{
	char err[512] = "";
	cr_assert_eq(hz_open(&s->p, &s->h, s->path, s->options, err, sizeof err), 0, "open: %s",
		     err);
}

void sf_setup(sf *s, const char *options)
{
	prov_fault f = hz_fault_of("io_error", 0);

	memset(s, 0, sizeof *s);
	s->options = options;
	s->path = hz_tmp_path("sf");
	cr_assert_not_null(s->path);
	hz_host_init(&s->h);
	open_or_die(s);
	for (int k = 0; k < SF_N; k++) {
		running(s, sf_job[k]);
		cr_assert_eq(
		    s->p.ops->instance_id(s->p.ctx, sf_job[k], s->iid[k], sizeof s->iid[k]), 0);
	}
	cr_assert_eq(hz_fault(&s->p, sf_job[SF_EXC], &f), 0);
	cr_assert_eq(hz_end(&s->p, sf_job[SF_EXC], CIM_JS_EXCEPTION, &f, NULL), 0);
	cr_assert_eq(hz_end(&s->p, sf_job[SF_TERM], CIM_JS_TERMINATED, NULL, "alice"), 0);
	cr_assert_eq(hz_end(&s->p, sf_job[SF_KILL], CIM_JS_KILLED, NULL, "root"), 0);
	cr_assert_eq(hz_progress(&s->p, sf_job[SF_OK], 100), 0);
	cr_assert_eq(hz_end(&s->p, sf_job[SF_OK], CIM_JS_COMPLETED, NULL, NULL), 0);
	for (int k = 0; k < SF_N; k++) {
		cr_assert_eq(s->p.ops->get_error(s->p.ctx, &hz_owner, s->iid[k], &s->ref[k]), 0);
		/* contract.md: an Error exactly for the jobs that ended in error */
		cr_assert_eq(s->ref[k] != NULL, k <= SF_KILL, "job %s", sf_job[k]);
	}
}

void sf_teardown(sf *s)
{
	hz_close(&s->p);
	for (int k = 0; k < SF_N; k++)
		cim_error_free(s->ref[k]);
	hz_rm(s->path);
}

int sf_try_reopen(sf *s, char *err, size_t errlen)
{
	hz_close(&s->p);
	return hz_open(&s->p, &s->h, s->path, s->options, err, errlen);
}

void sf_restart(sf *s)
{
	hz_close(&s->p);
	open_or_die(s);
}

static void judge(sf *s, int k, const char *call, uint32_t rc, uint32_t fail_rc, const cim_error *e,
		  bool returned)
{
	char diff[256];

	if (rc == 0) {
		cr_expect_eq(hz_error_diff(s->ref[k], e, diff, sizeof diff), 0,
			     "%s %s: rc 0 with an Error that differs in %s", call, sf_job[k], diff);
		return;
	}
	cr_expect_eq(rc, fail_rc, "%s %s: rc %u, expected 0 or %u", call, sf_job[k], rc, fail_rc);
	cr_expect(!returned, "%s %s: rc %u returned something", call, sf_job[k], rc);
}

uint32_t sf_get_error(sf *s, int k, uint32_t fail_rc)
{
	cim_error *e = NULL;
	uint32_t rc = s->p.ops->get_error(s->p.ctx, &hz_owner, s->iid[k], &e);

	judge(s, k, "GetError", rc, fail_rc, e, e != NULL);
	s->p.ops->free_error(s->p.ctx, e);
	return rc;
}

uint32_t sf_get_errors(sf *s, int k, uint32_t fail_rc)
{
	cim_error **v = NULL;
	size_t n = 0;
	uint32_t rc = s->p.ops->get_errors(s->p.ctx, &hz_owner, s->iid[k], &v, &n);

	cr_expect(n <= 1 && (n == 0) == (v == NULL), "GetErrors %s: %zu errors", sf_job[k], n);
	judge(s, k, "GetErrors", rc, fail_rc, n ? v[0] : NULL, v != NULL || n != 0);
	s->p.ops->free_errors(s->p.ctx, v, n);
	return rc;
}

uint32_t sf_get_instance(sf *s, int k, uint32_t fail_rc)
{
	static const uint16_t state[SF_N] = {CIM_JS_EXCEPTION, CIM_JS_TERMINATED, CIM_JS_KILLED,
					     CIM_JS_COMPLETED, CIM_JS_RUNNING};
	cim_job *j = NULL;
	uint32_t rc = s->p.ops->get_instance(s->p.ctx, &hz_owner, s->iid[k], &j);

	if (rc == 0) {
		cr_expect(j && j->job_state == state[k], "GetInstance %s: JobState %d", sf_job[k],
			  j ? j->job_state : -1);
	} else {
		cr_expect_eq(rc, fail_rc, "GetInstance %s: rc %u", sf_job[k], rc);
		cr_expect_null(j);
	}
	s->p.ops->free_job(s->p.ctx, j);
	return rc;
}

void sf_expect_intact(sf *s)
{
	for (int k = 0; k < SF_N; k++) {
		cr_expect_eq(sf_get_error(s, k, 0), 0, "job %s after the fault", sf_job[k]);
		cr_expect_eq(sf_get_instance(s, k, 0), 0, "job %s after the fault", sf_job[k]);
	}
}

bool sf_one_line_naming(const char *err, const char *path)
{
	return strstr(err, path) != NULL && strchr(err, '\n') == NULL && err[0] != '\0';
}
