/*
 * check_own.c - invariant 6's second sentence: an Error is this job's own.
 * It describes the fault or request that ended this job, never another
 * job's, also when one owner has several jobs alive or ended at once.
 *
 * What a client can observe of that, vendor-neutrally:
 *   - ErrorSource, an object path, names no other job (a key binding
 *     InstanceID="Y" with Y a job the checker knows, or a path of the job's
 *     own class with another InstanceID);
 *   - the Error is not another job's Error when the two jobs ended
 *     differently (another final JobState, or another cause the driver
 *     reported), since then it cannot describe both ends;
 *   - a job a timeout ended has an Error whose ProbableCause names the
 *     timeout (111; contract.md's path table).
 * Which properties a fault class maps to beyond that is the profile's
 * (SHOULD-profile), not this rule's.
 */
#include "check_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "srh/cim_fmt.h"

#define CHK_FC_TIMEOUT "timeout"

/* Does src, the text before the key binding at key, end in "<cls>." (the
 * class of the path, after the namespace's ':' or at the start)? */
static bool chk_path_class_is(const char *src, const char *key, const char *cls)
{
	size_t cl = chk_strlen(cls), before = (size_t)(key - src);
	const char *at;

	if (!cls || cl == 0 || cl > SRH_CHECK_MAX_STR || before < cl + 1 || key[-1] != '.')
		return false;
	at = key - 1 - cl;
	return strncmp(at, cls, cl) == 0 && (at == src || at[-1] == ':' || at[-1] == '/');
}

/* Is v (len vl) the InstanceID of a job the checker has seen? */
static bool chk_known_job(srh_checker *c, const char *v, size_t vl)
{
	for (size_t i = 0; i < c->n_jobs; i++) {
		const chk_hist *h = c->jobs[i];

		if (chk_strlen(h->instance_id) == vl && strncmp(h->instance_id, v, vl) == 0 &&
		    (h->last || h->owner || h->end_known))
			return true;
	}
	return false;
}

/* ErrorSource names another job: the first key binding InstanceID="Y"
 * with Y not iid, where Y is a known job or the path is of the job's own
 * class. Returns Y's length and sets *y, or 0. */
static size_t chk_source_other(srh_checker *c, const char *src, const char *iid, const char *cls,
			       const char **y)
{
	static const char key[] = "InstanceID=\"";
	const size_t kl = sizeof(key) - 1;
	size_t sl = chk_strlen(src), il = chk_strlen(iid);

	if (!src || sl > SRH_CHECK_MAX_STR || il > SRH_CHECK_MAX_STR)
		return 0;
	for (size_t i = 0; i + kl < sl; i++) {
		const char *v = src + i + kl, *end;
		size_t vl;

		if (!chk_iid_key_at(src + i))
			continue;
		end = memchr(v, '"', sl - i - kl);
		if (!end)
			return 0;
		vl = (size_t)(end - v);
		if (vl == il && strncmp(v, iid, il) == 0)
			continue;
		if (chk_known_job(c, v, vl) || chk_path_class_is(src, src + i, cls)) {
			*y = v;
			return vl;
		}
	}
	return 0;
}

static int chk_own_source(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			  const cim_error *e)
{
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT], ie[CHK_TXT], yv[CHK_TXT];
	const char *y = NULL;
	size_t yl = chk_source_other(c, e->error_source, iid, j ? j->class_name : NULL, &y);

	if (yl == 0)
		return 0;
	cim_fmt(yv, sizeof(yv), "%.*s", (int)(yl < 200 ? yl : 200), y);
	cim_fmt(exp, sizeof(exp), "this job's Error (InstanceID \"%s\"), not another job's",
		chk_esc(ie, sizeof(ie), iid));
	cim_fmt(obs, sizeof(obs), "ErrorSource naming job \"%s\": %s", chk_esc(q, sizeof(q), yv),
		chk_quote(ie, sizeof(ie), e->error_source));
	return chk_add(c, SRH_R_ERROR_OWN, "ErrorSource", t, iid, exp, obs);
}

/* Did the two jobs end differently (so one Error cannot describe both)? */
static bool chk_ends_differ(const chk_hist *a, const cim_job *aj, const chk_hist *b)
{
	if (aj && b->last && cim_job_state_is_final(b->last->job_state) &&
	    aj->job_state != b->last->job_state)
		return true;
	if (a->end_known && b->end_known)
		return (a->end_cause == NULL) != (b->end_cause == NULL) ||
		       (a->end_cause && b->end_cause &&
			strncmp(a->end_cause, b->end_cause, SRH_CHECK_MAX_STR) != 0);
	return false;
}

static char *chk_end_text(char *buf, size_t len, const chk_hist *h, const cim_job *j)
{
	char v[128], k[CHK_TXT];

	cim_fmt(buf, len, "JobState %s%s%s",
		j ? chk_val(v, sizeof(v), &cim_vm_job_state, j->job_state) : "?",
		h->end_known ? ", cause " : "",
		h->end_known ? (h->end_cause ? chk_esc(k, sizeof(k), h->end_cause) : "none") : "");
	return buf;
}

static int chk_own_copied(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			  const cim_error *e)
{
	chk_hist *h = chk_hist_get(c, iid, false);
	char names[CHK_TXT], exp[CHK_TXT], obs[CHK_TXT], me[CHK_TXT], other[CHK_TXT], ie[CHK_TXT],
	    sh[CHK_TXT];

	if (!h)
		return 0;
	for (size_t i = 0; i < c->n_jobs; i++) {
		const chk_hist *o = c->jobs[i];

		if (o == h || !o->ge_known || !o->ge_error || !chk_ends_differ(h, j, o) ||
		    chk_error_diff(o->ge_error, e, names, sizeof(names)) != 0)
			continue;
		cim_fmt(exp, sizeof(exp), "an Error describing this job's end (%s)",
			chk_end_text(me, sizeof(me), h, j));
		cim_fmt(obs, sizeof(obs), "the %s of job \"%s\" (%s)",
			chk_error_show(sh, sizeof(sh), e), chk_esc(ie, sizeof(ie), o->instance_id),
			chk_end_text(other, sizeof(other), o, o->last));
		return chk_add(c, SRH_R_ERROR_OWN, "Error", t, iid, exp, obs);
	}
	return 0;
}

/* The timeout path: "CIM_Error whose ProbableCause names the timeout". */
static int chk_own_timeout(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	chk_hist *h = chk_hist_get(c, iid, false);
	char val[128];

	if (!h || !h->end_known || !h->end_cause ||
	    strncmp(h->end_cause, CHK_FC_TIMEOUT, sizeof(CHK_FC_TIMEOUT)) != 0 ||
	    e->probable_cause == CIM_PC_TIMEOUT)
		return 0;
	return chk_add(c, SRH_R_ERROR_OWN, "ProbableCause", t, iid,
		       "111 Timeout: a timeout ended this job",
		       chk_val(val, sizeof(val), &cim_vm_probable_cause, e->probable_cause));
}

int chk_error_own(srh_checker *c, uint64_t t, const char *iid, const cim_job *j, const cim_error *e)
{
	int st = 0;

	if (!c || !iid || !e)
		return 0;
	st |= chk_own_source(c, t, iid, j, e);
	st |= chk_own_copied(c, t, iid, j, e);
	st |= chk_own_timeout(c, t, iid, e);
	return st;
}
