/*
 * check_error.c - judging one CIM_Error: invariant 5 (MUST and SHOULD),
 * well-formedness of hostile instances, a hostile-safe copy and diff for
 * the stability rules, and the profile comparison.
 */
#include "check_int.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "srh/cim_fmt.h"

/* A string array as the checker sees it: an insane count or a NULL array
 * with a count reads as a NULL array (the well-formedness rule reports it). */
static size_t chk_arr_n(char *const *a, size_t n)
{
	return (a && n <= SRH_CHECK_MAX_ARRAY) ? n : 0;
}

static char *const *chk_arr(char *const *a, size_t n)
{
	return n <= SRH_CHECK_MAX_ARRAY ? a : NULL;
}

static bool chk_empty(const char *s)
{
	return !s || !s[0];
}

/* ---- well-formedness --------------------------------------------------- */

static int chk_wf_str(srh_checker *c, uint64_t t, const char *iid, const char *prop, const char *s)
{
	const char *why = NULL;
	char q[CHK_TXT], obs[CHK_TXT];

	if (chk_str_ok(s, &why))
		return 0;
	cim_fmt(obs, sizeof(obs), "%s: %s", why, chk_quote(q, sizeof(q), s));
	return chk_add(c, SRH_R_ERROR_WELLFORMED, prop, t, iid,
		       "valid UTF-8 of at most 65536 bytes", obs);
}

static int chk_wf_arr(srh_checker *c, uint64_t t, const char *iid, const char *prop, char *const *a,
		      size_t n)
{
	char obs[CHK_TXT];
	int st = 0;

	if (n > SRH_CHECK_MAX_ARRAY) {
		cim_fmt(obs, sizeof(obs), "%zu elements%s", n, a ? "" : " in a NULL array");
		return chk_add(c, SRH_R_ERROR_WELLFORMED, prop, t, iid, "at most 4096 elements",
			       obs);
	}
	if (!a && n > 0) {
		cim_fmt(obs, sizeof(obs), "NULL array with count %zu", n);
		return chk_add(c, SRH_R_ERROR_WELLFORMED, prop, t, iid,
			       "an array holding its count of elements", obs);
	}
	for (size_t i = 0; i < n; i++)
		st |= chk_wf_str(c, t, iid, prop, a[i]);
	return st;
}

static int chk_error_wf(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	int st = 0;

	st |= chk_wf_str(c, t, iid, "OtherErrorType", e->other_error_type);
	st |= chk_wf_str(c, t, iid, "OwningEntity", e->owning_entity);
	st |= chk_wf_str(c, t, iid, "MessageID", e->message_id);
	st |= chk_wf_str(c, t, iid, "Message", e->message);
	st |=
	    chk_wf_arr(c, t, iid, "MessageArguments", e->message_arguments, e->n_message_arguments);
	st |= chk_wf_str(c, t, iid, "ProbableCauseDescription", e->probable_cause_description);
	st |= chk_wf_arr(c, t, iid, "RecommendedActions", e->recommended_actions,
			 e->n_recommended_actions);
	st |= chk_wf_str(c, t, iid, "ErrorSource", e->error_source);
	st |= chk_wf_str(c, t, iid, "OtherErrorSourceFormat", e->other_error_source_format);
	st |= chk_wf_str(c, t, iid, "CIMStatusCodeDescription", e->cim_status_code_description);
	return st;
}

/* ---- MUST-5 ------------------------------------------------------------ */

static int chk_defined(srh_checker *c, uint64_t t, const char *iid, const char *prop,
		       const cim_valuemap *m, uint32_t v, const char *allowed)
{
	char val[128], exp[CHK_TXT];

	if (cim_vmap_class(m, v) != CIM_V_RESERVED)
		return 0;
	cim_fmt(exp, sizeof(exp), "a defined %s (%s)", prop, allowed);
	return chk_add(c, SRH_R_ERROR_PROPS, prop, t, iid, exp, chk_val(val, sizeof(val), m, v));
}

static int chk_error_must(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	char q[CHK_TXT];
	int st = 0;

	if (chk_empty(e->message_id))
		st |= chk_add(c, SRH_R_ERROR_PROPS, "MessageID", t, iid,
			      "a non-empty MessageID (Required)",
			      chk_quote(q, sizeof(q), e->message_id));
	st |= chk_defined(c, t, iid, "ErrorType", &cim_vm_error_type, e->error_type, "0..10");
	st |= chk_defined(c, t, iid, "PerceivedSeverity", &cim_vm_severity, e->perceived_severity,
			  "0..7");
	st |= chk_defined(c, t, iid, "ProbableCause", &cim_vm_probable_cause, e->probable_cause,
			  "0..130");
	st |= chk_defined(c, t, iid, "CIMStatusCode", &cim_vm_status_code, e->cim_status_code,
			  "1..29, no 0");
	st |= chk_defined(c, t, iid, "ErrorSourceFormat", &cim_vm_error_source_format,
			  e->error_source_format, "0..2");
	if (e->error_source_format == CIM_ESF_OTHER && chk_empty(e->other_error_source_format))
		st |= chk_add(c, SRH_R_ERROR_PROPS, "OtherErrorSourceFormat", t, iid,
			      "set, since ErrorSourceFormat is 1 Other",
			      chk_quote(q, sizeof(q), e->other_error_source_format));
	if (e->error_source_format != CIM_ESF_OTHER && e->other_error_source_format)
		st |= chk_add(c, SRH_R_ERROR_PROPS, "OtherErrorSourceFormat", t, iid,
			      "NULL, since ErrorSourceFormat is not 1 Other",
			      chk_quote(q, sizeof(q), e->other_error_source_format));
	return st;
}

/* ---- SHOULD-5 ---------------------------------------------------------- */

/* Does the object path src carry the key binding InstanceID="iid"? */
static bool chk_path_names(const char *src, const char *iid)
{
	size_t il = chk_strlen(iid), sl = chk_strlen(src);
	static const char key[] = "InstanceID=\"";
	const size_t kl = sizeof(key) - 1;

	if (sl > SRH_CHECK_MAX_STR || il > SRH_CHECK_MAX_STR)
		return false;
	for (size_t i = 0; i + kl + il < sl; i++) {
		if (chk_iid_key_at(src + i) && strncmp(src + i + kl, iid, il) == 0 &&
		    src[i + kl + il] == '"')
			return true;
	}
	return false;
}

static int chk_error_should(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	char q[CHK_TXT], exp[CHK_TXT], val[128];
	int st = 0;

	if (chk_empty(e->owning_entity))
		st |=
		    chk_add(c, SRH_R_ERROR_PROPS_SHOULD, "OwningEntity", t, iid,
			    "a non-empty OwningEntity", chk_quote(q, sizeof(q), e->owning_entity));
	if (e->error_source_format != CIM_ESF_CIM_OBJECT_PATH)
		st |= chk_add(
		    c, SRH_R_ERROR_PROPS_SHOULD, "ErrorSourceFormat", t, iid, "2 CIMObjectPath",
		    chk_val(val, sizeof(val), &cim_vm_error_source_format, e->error_source_format));
	if (iid && !chk_path_names(e->error_source, iid)) {
		char ie[CHK_TXT];

		cim_fmt(exp, sizeof(exp), "the job's object path (InstanceID=\"%s\")",
			chk_esc(ie, sizeof(ie), iid));
		st |= chk_add(c, SRH_R_ERROR_PROPS_SHOULD, "ErrorSource", t, iid, exp,
			      chk_quote(q, sizeof(q), e->error_source));
	}
	if (e->error_type == CIM_ET_OTHER && chk_empty(e->other_error_type))
		st |= chk_add(c, SRH_R_ERROR_PROPS_SHOULD, "OtherErrorType", t, iid,
			      "set, since ErrorType is 1 Other",
			      chk_quote(q, sizeof(q), e->other_error_type));
	if (e->probable_cause == CIM_PC_OTHER && chk_empty(e->probable_cause_description))
		st |= chk_add(c, SRH_R_ERROR_PROPS_SHOULD, "ProbableCauseDescription", t, iid,
			      "set, since ProbableCause is 1 Other",
			      chk_quote(q, sizeof(q), e->probable_cause_description));
	return st;
}

int chk_error(srh_checker *c, uint64_t t, const char *iid, const cim_error *e)
{
	int st = 0;

	if (!e)
		return 0;
	st |= chk_error_wf(c, t, iid, e);
	st |= chk_error_must(c, t, iid, e);
	st |= chk_error_should(c, t, iid, e);
	return st;
}

/* ---- copy, diff, show -------------------------------------------------- */

cim_error *srh_check_error_copy(const cim_error *e)
{
	return cim_error_dup_capped(e, SRH_CHECK_MAX_STR, SRH_CHECK_MAX_ARRAY);
}

static bool chk_str_same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strncmp(a, b, SRH_CHECK_MAX_STR) == 0;
}

static bool chk_arr_same(char *const *a, size_t na, char *const *b, size_t nb)
{
	char *const *va = chk_arr(a, na), *const *vb = chk_arr(b, nb);
	size_t ma = chk_arr_n(a, na), mb = chk_arr_n(b, nb);

	if (!va || !vb)
		return !va && !vb;
	if (ma != mb)
		return false;
	for (size_t i = 0; i < ma; i++) {
		if (!chk_str_same(va[i], vb[i]))
			return false;
	}
	return true;
}

static void chk_name_add(char *names, size_t len, size_t *n, const char *prop)
{
	size_t o = strlen(names);

	if (o < len)
		cim_fmt(names + o, len - o, "%s%s", *n ? "," : "", prop);
	(*n)++;
}

size_t chk_error_diff(const cim_error *a, const cim_error *b, char *names, size_t len)
{
	size_t n = 0;

	if (len)
		names[0] = '\0';
#define CHK_DIFF_(cond, prop)                                                                      \
	do {                                                                                       \
		if (!(cond))                                                                       \
			chk_name_add(names, len, &n, prop);                                        \
	} while (0)
	CHK_DIFF_(a->error_type == b->error_type, "ErrorType");
	CHK_DIFF_(chk_str_same(a->other_error_type, b->other_error_type), "OtherErrorType");
	CHK_DIFF_(chk_str_same(a->owning_entity, b->owning_entity), "OwningEntity");
	CHK_DIFF_(chk_str_same(a->message_id, b->message_id), "MessageID");
	CHK_DIFF_(chk_str_same(a->message, b->message), "Message");
	CHK_DIFF_(chk_arr_same(a->message_arguments, a->n_message_arguments, b->message_arguments,
			       b->n_message_arguments),
		  "MessageArguments");
	CHK_DIFF_(a->perceived_severity == b->perceived_severity, "PerceivedSeverity");
	CHK_DIFF_(a->probable_cause == b->probable_cause, "ProbableCause");
	CHK_DIFF_(chk_str_same(a->probable_cause_description, b->probable_cause_description),
		  "ProbableCauseDescription");
	CHK_DIFF_(chk_arr_same(a->recommended_actions, a->n_recommended_actions,
			       b->recommended_actions, b->n_recommended_actions),
		  "RecommendedActions");
	CHK_DIFF_(chk_str_same(a->error_source, b->error_source), "ErrorSource");
	CHK_DIFF_(a->error_source_format == b->error_source_format, "ErrorSourceFormat");
	CHK_DIFF_(chk_str_same(a->other_error_source_format, b->other_error_source_format),
		  "OtherErrorSourceFormat");
	CHK_DIFF_(a->cim_status_code == b->cim_status_code, "CIMStatusCode");
	CHK_DIFF_(chk_str_same(a->cim_status_code_description, b->cim_status_code_description),
		  "CIMStatusCodeDescription");
#undef CHK_DIFF_
	return n;
}

char *chk_error_show(char *buf, size_t len, const cim_error *e)
{
	char q[CHK_TXT];

	if (!e)
		cim_fmt(buf, len, "NULL");
	else
		cim_fmt(buf, len, "Error MessageID %s", chk_quote(q, sizeof(q), e->message_id));
	return buf;
}

/* ---- profile ----------------------------------------------------------- */

static int chk_prof_num(srh_checker *c, uint64_t t, const char *iid, const char *prop,
			const cim_valuemap *m, uint32_t want, uint32_t got)
{
	char we[128], ge[128];

	if (want == got)
		return 0;
	return chk_add(c, SRH_R_PROFILE, prop, t, iid, chk_val(we, sizeof(we), m, want),
		       chk_val(ge, sizeof(ge), m, got));
}

static int chk_prof_str(srh_checker *c, uint64_t t, const char *iid, const char *prop,
			const char *pattern, const char *got)
{
	char pe[CHK_TXT], exp[CHK_TXT], ge[CHK_TXT];

	if (!pattern)
		return 0;
	if (got && chk_strlen(got) <= SRH_CHECK_MAX_STR && fnmatch(pattern, got, 0) == 0)
		return 0;
	cim_fmt(exp, sizeof(exp), "matching %s", chk_quote(pe, sizeof(pe), pattern));
	return chk_add(c, SRH_R_PROFILE, prop, t, iid, exp, chk_quote(ge, sizeof(ge), got));
}

int srh_check_profile(srh_checker *c, uint64_t time_ns, const char *instance_id,
		      const cim_error *observed, const cim_error *expected)
{
	const cim_error *o = observed, *x = expected;
	const char *iid = instance_id;
	uint64_t t = time_ns;
	char q[CHK_TXT], exp[CHK_TXT];
	int st = 0;

	if (!c)
		return -1;
	if (!x)
		return 0;
	if (!o) {
		cim_fmt(exp, sizeof(exp), "an Error (MessageID %s)",
			chk_quote(q, sizeof(q), x->message_id));
		return chk_add(c, SRH_R_PROFILE, "Error", t, iid, exp, "NULL");
	}
	st |=
	    chk_prof_num(c, t, iid, "ErrorType", &cim_vm_error_type, x->error_type, o->error_type);
	st |= chk_prof_str(c, t, iid, "OtherErrorType", x->other_error_type, o->other_error_type);
	st |= chk_prof_num(c, t, iid, "PerceivedSeverity", &cim_vm_severity, x->perceived_severity,
			   o->perceived_severity);
	st |= chk_prof_num(c, t, iid, "ProbableCause", &cim_vm_probable_cause, x->probable_cause,
			   o->probable_cause);
	st |= chk_prof_str(c, t, iid, "ProbableCauseDescription", x->probable_cause_description,
			   o->probable_cause_description);
	st |= chk_prof_num(c, t, iid, "CIMStatusCode", &cim_vm_status_code, x->cim_status_code,
			   o->cim_status_code);
	st |= chk_prof_str(c, t, iid, "CIMStatusCodeDescription", x->cim_status_code_description,
			   o->cim_status_code_description);
	st |= chk_prof_str(c, t, iid, "OwningEntity", x->owning_entity, o->owning_entity);
	st |= chk_prof_str(c, t, iid, "MessageID", x->message_id, o->message_id);
	st |= chk_prof_str(c, t, iid, "Message", x->message, o->message);
	st |= chk_prof_num(c, t, iid, "ErrorSourceFormat", &cim_vm_error_source_format,
			   x->error_source_format, o->error_source_format);
	st |= chk_prof_str(c, t, iid, "ErrorSource", x->error_source, o->error_source);
	st |= chk_prof_str(c, t, iid, "OtherErrorSourceFormat", x->other_error_source_format,
			   o->other_error_source_format);
	if (x->n_recommended_actions > 0 &&
	    chk_arr_n(o->recommended_actions, o->n_recommended_actions) <
		x->n_recommended_actions) {
		char obs[64];

		cim_fmt(exp, sizeof(exp), "at least %zu entries", x->n_recommended_actions);
		cim_fmt(obs, sizeof(obs), "%zu",
			chk_arr_n(o->recommended_actions, o->n_recommended_actions));
		st |= chk_add(c, SRH_R_PROFILE, "RecommendedActions", t, iid, exp, obs);
	}
	return st;
}
