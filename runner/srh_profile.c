/*
 * srh_profile.c - the SHOULD checks against the active fault profile
 * (--profile FILE, default the reference profile): every Error observed
 * for a job that ended with a fault class is compared with the profile's
 * template for that class by the checker's profile rule.
 *
 * The parsed profile is kept for the life of the process: a command loads
 * it once (srh_profile_preload, before forking, so every child inherits it)
 * instead of once per run. It is taken from srprofile's shared cache
 * (prov_profile_acquire), so the built-in provider's opens reuse the same
 * parse instead of reading the file again.
 */
/* strerrorname_np (glibc 2.32): an errno's symbol for the {errno} check. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh/prov_profile.h"
#include "srh_run_int.h"
#include "srh/cim_fmt.h"

static char *cached_path;
static prov_profile *cached;

int srh_profile_preload(const char *path, char *err, size_t errlen)
{
	prov_profile *pf;
	char *p;

	if (!path)
		path = prov_profile_default_path();
	if (cached && strcmp(cached_path, path) == 0)
		return 0;
	pf = prov_profile_acquire(path, err, errlen);
	if (!pf)
		return -1;
	if (!(p = strdup(path))) {
		prov_profile_release(pf);
		cim_fmt(err, errlen, "out of memory");
		return -1;
	}
	prov_profile_release(cached);
	free(cached_path);
	cached = pf;
	cached_path = p;
	return 0;
}

int srh_profile_open(srh_rt *rt, char *err, size_t errlen)
{
	if (srh_profile_preload(rt->o->profile_path, err, errlen) != 0)
		return -1;
	rt->profile = cached;
	return 0;
}

#define PH_NAME_(sym, name) name,
static const char *const ph_names[PROV_PH_COUNT] = {PROV_PLACEHOLDER_MAP(PH_NAME_)};
#undef PH_NAME_

/* One placeholder's value; a text cut to fit is not known. */
static void put_arg(srh_rjob *j, int ph, const char *v)
{
	int n = v ? cim_fmt(j->end_arg[ph], sizeof(j->end_arg[ph]), "%s", v) : -1;

	j->end_arg_known[ph] = n >= 0 && (size_t)n < sizeof(j->end_arg[ph]);
}

/* {errno} names the fault's errno: by its symbol or its number, "errno N"
 * included (the spelling is the provider's); not known for none (0). */
static void put_errno(srh_rjob *j, int e)
{
	const char *name = e > 0 ? strerrorname_np(e) : NULL;
	char alts[96];

	if (e <= 0)
		return;
	cim_fmt(alts, sizeof(alts), "%s%s%d\nerrno %d", name ? name : "", name ? "\n" : "", e, e);
	put_arg(j, PROV_PH_ERRNO, alts);
}

void srh_profile_cause(srh_rjob *j, const prov_fault *c, const char *requested_by)
{
	char num[32];

	memset(j->end_arg_known, 0, sizeof(j->end_arg_known));
	if (!c)
		return;
	put_arg(j, PROV_PH_VOLUME, c->volume);
	put_arg(j, PROV_PH_PARTNER, c->partner);
	cim_fmt(num, sizeof(num), "%" PRIu64, c->offset);
	put_arg(j, PROV_PH_OFFSET, num);
	cim_fmt(num, sizeof(num), "%u", (unsigned)c->percent);
	put_arg(j, PROV_PH_PERCENT, num);
	put_errno(j, c->err_no);
	put_arg(j, PROV_PH_DETAIL, c->detail);
	put_arg(j, PROV_PH_REQUESTED_BY, requested_by);
	/* {job}: the InstanceID, known from submit on (put at the check). */
}

void srh_profile_check(srh_rt *rt, uint64_t t, const cim_error *observed)
{
	const prov_profile *pf = rt->profile;
	const cim_error *tmpl = prov_profile_template(pf, rt->j->end_class);
	const char *values[PROV_PH_COUNT];
	srh_rjob *j = rt->j;

	if (!tmpl)
		return;
	srh_check_profile(rt->chk, t, j->iid, observed, tmpl);
	put_arg(j, PROV_PH_JOB, j->iid);
	for (int i = 0; i < PROV_PH_COUNT; i++)
		values[i] = j->end_arg_known[i] ? j->end_arg[i] : NULL;
	srh_check_message(rt->chk, t, j->iid, observed, pf->cls[j->end_class].message, ph_names,
			  values, PROV_PH_COUNT);
	srh_rt_collect(rt);
}

void srh_profile_job(srh_rt *rt, uint64_t t, const cim_job *j, const cim_error *e)
{
	const prov_profile *pf = rt->profile;

	if (!pf || !pf->job_error_message || !j)
		return;
	srh_check_job_error(rt->chk, t, rt->j->iid, j, e);
	srh_rt_collect(rt);
}

void srh_profile_close(srh_rt *rt)
{
	rt->profile = NULL; /* the cache keeps it */
}
