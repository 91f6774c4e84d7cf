/* tpr.c - see tpr.h. */
#include "tpr.h"

#include <criterion/criterion.h>
#include <fiu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srprov_ref.h"

const prov_principal tpr_owner = {"alice", 0};
const prov_principal tpr_admin = {"root", 1};
const prov_principal tpr_other = {"mallory", 0};

const prov_ops *tpr_ops(void)
{
	const prov_ops *o = srh_provider_entry(PROV_ABI_VERSION);
	cr_assert_not_null(o);
	return o;
}

int tpr_try_open(tpr *t, const char *store, const char *profile, const char *options, char *err,
		 size_t errlen)
{
	cr_assert_eq(fiu_init(0), 0);
	fh_host_init(&t->h);
	return fh_open(&t->p, &t->h, tpr_ops(), store, profile, options, err, errlen);
}

void tpr_open(tpr *t, const char *store, const char *options)
{
	char err[512] = "";
	cr_assert_eq(tpr_try_open(t, store, NULL, options, err, sizeof err), 0, "open: %s", err);
}

void tpr_open_flags(tpr *t, const char *store, uint32_t abi, uint32_t flags)
{
	prov_config cfg = {abi, store, NULL, NULL, NULL, flags};
	char err[512] = "";

	cr_assert_eq(fiu_init(0), 0);
	fh_host_init(&t->h);
	cfg.host = &t->h.host;
	t->p.ops = tpr_ops();
	t->p.h = &t->h;
	t->p.ctx = t->p.ops->open(&cfg, err, sizeof err);
	cr_assert_not_null(t->p.ctx, "open: %s", err);
}

void tpr_close(tpr *t)
{
	fh_close(&t->p);
}

void tpr_reopen(tpr *t, const char *store, const char *options)
{
	char err[512] = "";
	if (t->p.ctx)
		fh_close(&t->p);
	cr_assert_eq(fh_open(&t->p, &t->h, tpr_ops(), store, NULL, options, err, sizeof err), 0,
		     "reopen: %s", err);
}

const char *tpr_iid(tpr *t, const char *job)
{
	return fh_iid(&t->p, job, t->iid, sizeof t->iid);
}

uint32_t tpr_get_error(tpr *t, const prov_principal *who, const char *job, cim_error **e)
{
	return t->p.ops->get_error(t->p.ctx, who, tpr_iid(t, job), e);
}

cim_job *tpr_instance(tpr *t, const char *job)
{
	cim_job *j = NULL;
	cr_assert_eq(t->p.ops->get_instance(t->p.ctx, &tpr_admin, tpr_iid(t, job), &j), 0,
		     "get_instance %s", job);
	cr_assert_not_null(j);
	return j;
}

void tpr_free_error(tpr *t, cim_error *e)
{
	t->p.ops->free_error(t->p.ctx, e);
}

void tpr_running(tpr *t, const char *job)
{
	cr_assert_eq(fh_running(&t->p, job, tpr_owner.name), 0, "running %s", job);
}

void tpr_completed(tpr *t, const char *job)
{
	tpr_running(t, job);
	cr_assert_eq(fh_progress(&t->p, job, 100), 0);
	cr_assert_eq(fh_end(&t->p, job, CIM_JS_COMPLETED, NULL, NULL), 0);
}

void tpr_failed(tpr *t, const char *job, const char *cls)
{
	prov_fault f = fh_fault_of(cls);
	tpr_running(t, job);
	cr_assert_eq(fh_fault(&t->p, job, &f), 0);
	cr_assert_eq(fh_end(&t->p, job, CIM_JS_EXCEPTION, &f, NULL), 0, "end %s", job);
}

char *tpr_tmp(const char *content)
{
	const char *dir = getenv("TMPDIR");
	size_t len = strlen(dir ? dir : "/tmp") + sizeof "/tpr.XXXXXX";
	char *path = malloc(len);
	cr_assert_not_null(path);
	snprintf(path, len, "%s/tpr.XXXXXX", dir ? dir : "/tmp");
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	size_t n = content ? strlen(content) : 0;
	cr_assert_eq(write(fd, content ? content : "", n), (ssize_t)n);
	cr_assert_eq(close(fd), 0);
	if (!content)
		cr_assert_eq(unlink(path), 0);
	return path;
}

void tpr_rm(char *path)
{
	char side[4096];
	if (!path)
		return;
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	free(path);
}

bool tpr_rc_allowed(uint32_t rc)
{
	return rc <= 6 || (rc >= CIM_VENDOR_LO && rc <= CIM_VENDOR_HI);
}
