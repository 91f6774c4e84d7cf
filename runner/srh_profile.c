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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh/prov_profile.h"
#include "srh_run_int.h"

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
		snprintf(err, errlen, "out of memory");
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

void srh_profile_check(srh_rt *rt, uint64_t t, const cim_error *observed)
{
	const cim_error *tmpl = prov_profile_template(rt->profile, rt->j->end_class);

	if (!tmpl)
		return;
	srh_check_profile(rt->chk, t, rt->j->iid, observed, tmpl);
	srh_rt_collect(rt);
}

void srh_profile_close(srh_rt *rt)
{
	rt->profile = NULL; /* the cache keeps it */
}
