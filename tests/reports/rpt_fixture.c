/*
 * rpt_fixture.c - building results and databases for the report tests.
 */
/* nftw is XSI */
#define _XOPEN_SOURCE 700

#include "rpt_fixture.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char tmpdir[512];

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	return 0;
}

static void cleanup(void)
{
	if (tmpdir[0] && !getenv("RPT_KEEP_TMP") &&
	    nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *fx_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof(tmpdir), "%s/rpt_test.XXXXXX",
			 base && *base ? base : "/tmp");
		cr_assert_not_null(mkdtemp(tmpdir), "mkdtemp %s", tmpdir);
		atexit(cleanup);
	}
	return tmpdir;
}

const char *fx_db_path(const char *name)
{
	static char path[16][700];
	static unsigned k;
	char *p = path[k++ % 16];

	snprintf(p, sizeof(path[0]), "%s/%s", fx_tmpdir(), name);
	return p;
}

static char **strv(const char *a, const char *b, size_t *n)
{
	char **v = calloc(3, sizeof(*v));

	cr_assert_not_null(v);
	v[0] = strdup(a);
	v[1] = b ? strdup(b) : NULL; /* a NULL element, as a hostile provider may send */
	*n = 2;
	return v;
}

cim_error *fx_error(const char *text)
{
	cim_error *e = calloc(1, sizeof(*e));

	cr_assert_not_null(e);
	e->error_type = 4;
	e->other_error_type = strdup(text);
	e->owning_entity = strdup(text);
	e->message_id = strdup("SR1011");
	e->message = strdup(text);
	e->message_arguments = strv(text, NULL, &e->n_message_arguments);
	e->perceived_severity = 6;
	e->probable_cause = 86;
	e->probable_cause_description = strdup(text);
	e->recommended_actions = strv("retry", text, &e->n_recommended_actions);
	e->error_source = strdup(text);
	e->error_source_format = 2;
	e->other_error_source_format = NULL;
	e->cim_status_code = 1;
	e->cim_status_code_description = strdup(text);
	return e;
}

static void add_calls(srh_result *r, bool hostile)
{
	srh_call_rec c = {0};

	c.time_ns = 2000000000u;
	c.call = 1; /* GetError */
	c.principal = strdup("alice");
	c.instance_id = strdup(hostile ? FX_HOSTILE : "SRSIM:1");
	c.rc = 0;
	c.errors = calloc(1, sizeof(*c.errors));
	cr_assert_not_null(c.errors);
	c.errors[0] = fx_error(hostile ? FX_HOSTILE : "disk failed");
	c.n_errors = 1;
	c.has_job = 1;
	c.job_state = 10;
	c.op_status[0] = 6;
	c.op_status[1] = 17;
	c.n_op_status = 2;
	c.percent = 40;
	c.line = 12;
	cr_assert_eq(srh_result_call(r, &c), 0);
	memset(&c, 0, sizeof(c));
	c.time_ns = 1000000000u;
	c.call = 5; /* RequestStateChange */
	c.requested_state = 4;
	c.principal = strdup("bob");
	c.instance_id = NULL; /* a NULL reference */
	c.rc = 4096;
	c.line = 9;
	cr_assert_eq(srh_result_call(r, &c), 0);
}

void fx_result(srh_result *r, const char *name, srh_verdict v, bool hostile)
{
	srh_result_init(r);
	r->name = strdup(name);
	r->file = strdup("scenarios/suite/x.yaml");
	r->job_kind = strdup("initial_sync");
	r->provider = strdup("srprov_ref");
	r->seed = 0xfedcba9876543210u; /* above INT64_MAX on purpose */
	r->verdict = v;
	r->wall_s = 0.25;
	r->end_ns = 3000000000u;
	r->final_state = 10;
	r->end_class = strdup("disk-io");
	cr_assert_eq(srh_result_event(r, 0, SRH_TL_CREATED, 2, 0, "created by alice"), 0);
	cr_assert_eq(srh_result_event(r, 500000000u, SRH_TL_ARMED, 4, 10, "sim/disk/write n=1"), 0);
	cr_assert_eq(srh_result_event(r, 1500000000u, SRH_TL_PROGRESS, 4, 40, "copy"), 0);
	cr_assert_eq(srh_result_event(r, 1600000000u, SRH_TL_ENDED, 10, 40, "%s",
				      hostile ? FX_HOSTILE : "disk failed"),
		     0);
	cr_assert_eq(srh_result_hit(r, "sim/disk/write", 3), 0);
	add_calls(r, hostile);
	switch (v) {
	case SRH_FAIL:
		cr_assert_eq(srh_result_fail(r, "MUST-4 error-iff-ended-in-error", SRH_MUST, false,
					     NULL, "Error present", hostile ? FX_HOSTILE : "NULL",
					     2000000000u, 12),
			     0);
		cr_assert_eq(srh_result_fail(r, "expect Error.MessageID", SRH_SHOULD, true,
					     "MessageID", "SR1011", "SR1012", 2000000000u, 14),
			     0);
		break;
	case SRH_CRASH:
		r->signal = 11;
		srh_result_reason(r, "killed by SIGSEGV");
		r->output = strdup(hostile ? FX_HOSTILE : "last words\n");
		break;
	case SRH_HANG:
		srh_result_reason(r, "past the 10 s watchdog");
		break;
	case SRH_ERROR:
		srh_result_reason(r, "%s", hostile ? FX_HOSTILE : "provider did not load");
		break;
	default:
		break;
	}
}

int64_t fx_store(rpt_db *db, const srh_result *rs, size_t n, const char *provider_hash)
{
	rpt_run_info info = {0};
	int64_t run;

	info.provider = "/opt/vendor/provider.so";
	info.provider_hash = provider_hash;
	info.profile = NULL;
	info.version = "0.1.0";
	info.cmdline = "srh run scenarios/suite";
	info.planned = n;
	run = rpt_run_begin(db, &info);
	cr_assert_gt(run, 0, "%s", rpt_db_errmsg(db));
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(rpt_result_add(db, run, &rs[i]), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(rpt_run_end(db, run, true), 0, "%s", rpt_db_errmsg(db));
	return run;
}

int fx_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *fx_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}
