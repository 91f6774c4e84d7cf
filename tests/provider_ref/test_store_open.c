/*
 * prov/store/open (docs/FAULTS.md): each fallible step of the reference's
 * open, picked by the nth hit. prov_abi.h: an open that fails returns NULL
 * with a one-line reason; one that goes on serves its store as before. A
 * new file's first open has 12 steps, of which only the third (the
 * template image the file is written from) can be done without.
 */
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <fiu-control.h>
#include <fiu.h>

#include "srh/prov_faults.h"
#include "tpr.h"

static uint64_t hits, nth;

static int on_nth(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void)name;
	(void)failnum;
	(void)failinfo;
	(void)flags;
	return ++hits == nth;
}

/* Open on path as the stage does (a private file) with the point failing
 * its nth hit; NULL when refused, err then holding the reason. */
static prov_ctx *open_nth(tpr *t, const char *path, uint64_t n, char *err, size_t errlen)
{
	prov_config cfg = {PROV_ABI_VERSION, path, NULL, NULL, NULL, PROV_CFG_STORE_PRIVATE};

	cfg.host = &t->h.host;
	t->p.ops = tpr_ops();
	t->p.h = &t->h;
	hits = 0;
	nth = n;
	cr_assert_eq(fiu_enable_external(PROV_FP_STORE_OPEN, 1, NULL, 0, on_nth), 0);
	err[0] = '\0';
	t->p.ctx = t->p.ops->open(&cfg, err, errlen);
	cr_assert_eq(fiu_disable(PROV_FP_STORE_OPEN), 0);
	return t->p.ctx;
}

/* The job "1" is there (tpr_instance asserts it). */
static void expect_job(tpr *t)
{
	cim_job *j = tpr_instance(t, "1");
	t->p.ops->free_job(t->p.ctx, j);
}

static void expect_one_line(const char *err, uint64_t n)
{
	cr_expect_neq(err[0], '\0', "step %llu: refused without a reason", (unsigned long long)n);
	for (const char *c = err; *c; c++)
		cr_expect_geq((unsigned char)*c, 0x20, "step %llu: not one line: %s",
			      (unsigned long long)n, err);
}

Test(store_open, each_step_of_a_new_files_open)
{
	char err[512];

	cr_assert_eq(fiu_init(0), 0);
	for (uint64_t n = 1; n <= 13; n++) {
		char *path = tpr_tmp(NULL);
		tpr t;
		fh_host_init(&t.h);
		prov_ctx *ctx = open_nth(&t, path, n, err, sizeof err);
		if (n == 3 || n == 13) {
			cr_expect_not_null(ctx, "step %llu: %s", (unsigned long long)n, err);
			if (ctx) {
				cr_expect_eq(fh_created(&t.p, "1", "alice", 1, 0), 0);
				expect_job(&t);
				tpr_close(&t);
			}
		} else {
			cr_expect_null(ctx, "step %llu did not fail the open",
				       (unsigned long long)n);
			expect_one_line(err, n);
		}
		if (n == 13)
			cr_expect_eq(hits, 12u, "a new file's open has 12 steps");
		tpr_rm(path);
	}
}

/* A reopen refused at any step leaves the store as it was: the next
 * reopen finds the job. */
Test(store_open, each_step_of_a_reopen)
{
	char err[512];
	char *path = tpr_tmp(NULL);
	tpr t;
	int refused = 0;

	tpr_open(&t, path, NULL);
	cr_assert_eq(fh_created(&t.p, "1", "alice", 1, 0), 0);
	tpr_close(&t);
	for (uint64_t n = 1; n <= 40; n++) {
		if (!open_nth(&t, path, n, err, sizeof err)) {
			expect_one_line(err, n);
			refused++;
			tpr_reopen(&t, path, NULL);
		}
		expect_job(&t);
		tpr_close(&t);
	}
	cr_expect_geq(refused, 10);
	tpr_rm(path);
}
