/*
 * srh_expect.c - a scenario's own expectations (expect: MUST, should:
 * SHOULD) compared with what one action observed. Job properties are
 * judged on the instance an administrator read at the same instant; Error
 * properties on the first Error returned.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "srh_rcdesc.h"
#include "srh_run_int.h"
#include "srh/cim_fmt.h"

#define EXP_TXT 512

typedef struct num_prop {
	scn_prop prop;
	size_t off; /* offset of a uint16_t (uint32_t for CIMStatusCode) */
	bool wide;
	const cim_valuemap *map;
} num_prop;

static const num_prop num_props[] = {
    {SCN_P_E_ERROR_TYPE, offsetof(cim_error, error_type), false, &cim_vm_error_type},
    {SCN_P_E_PERCEIVED_SEVERITY, offsetof(cim_error, perceived_severity), false, &cim_vm_severity},
    {SCN_P_E_PROBABLE_CAUSE, offsetof(cim_error, probable_cause), false, &cim_vm_probable_cause},
    {SCN_P_E_ERROR_SOURCE_FORMAT, offsetof(cim_error, error_source_format), false,
     &cim_vm_error_source_format},
    {SCN_P_E_CIM_STATUS_CODE, offsetof(cim_error, cim_status_code), true, &cim_vm_status_code},
};

typedef struct str_prop {
	scn_prop prop;
	size_t off; /* offset of a char * */
} str_prop;

static const str_prop str_props[] = {
    {SCN_P_E_OTHER_ERROR_TYPE, offsetof(cim_error, other_error_type)},
    {SCN_P_E_OWNING_ENTITY, offsetof(cim_error, owning_entity)},
    {SCN_P_E_MESSAGE_ID, offsetof(cim_error, message_id)},
    {SCN_P_E_MESSAGE, offsetof(cim_error, message)},
    {SCN_P_E_PROBABLE_CAUSE_DESCRIPTION, offsetof(cim_error, probable_cause_description)},
    {SCN_P_E_ERROR_SOURCE, offsetof(cim_error, error_source)},
    {SCN_P_E_OTHER_ERROR_SOURCE_FORMAT, offsetof(cim_error, other_error_source_format)},
    {SCN_P_E_CIM_STATUS_CODE_DESCRIPTION, offsetof(cim_error, cim_status_code_description)},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rendering ------------------------------------------------------------ */

static char *val(char *buf, size_t len, const cim_valuemap *m, uint32_t v)
{
	const char *n = m ? cim_vmap_name(m, v) : NULL;

	if (n)
		cim_fmt(buf, len, "%" PRIu32 " %s", v, n);
	else
		cim_fmt(buf, len, "%" PRIu32, v);
	return buf;
}

static char *set_text(char *buf, size_t len, const uint16_t *v, size_t n)
{
	size_t k = 0;
	char one[96];

	k += (size_t)cim_fmt(buf, len, "{");
	for (size_t i = 0; i < n && k < len; i++)
		k += (size_t)cim_fmt(buf + k, len - k, "%s%s", i ? ", " : "",
				     val(one, sizeof(one), &cim_vm_op_status, v[i]));
	if (k < len)
		cim_fmt(buf + k, len - k, "}");
	return buf;
}

/* A string shown quoted, escaped and cut, or NULL. */
static char *quote(char *buf, size_t len, const char *s)
{
	size_t k = 0;

	if (!s) {
		cim_fmt(buf, len, "NULL");
		return buf;
	}
	buf[k++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 8 < len; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			buf[k++] = (char)*p;
		else
			k += (size_t)cim_fmt(buf + k, len - k, "\\x%02x", *p);
	}
	if (k + 2 > len)
		k = len - 2;
	buf[k++] = '"';
	buf[k] = '\0';
	return buf;
}

static char *strs_text(char *buf, size_t len, char *const *v, size_t n)
{
	size_t k = (size_t)cim_fmt(buf, len, "[");
	char one[128];

	for (size_t i = 0; v && i < n && k < len; i++)
		k += (size_t)cim_fmt(buf + k, len - k, "%s%s", i ? ", " : "",
				     quote(one, sizeof(one), v[i]));
	if (k < len)
		cim_fmt(buf + k, len - k, "]");
	return buf;
}

/* ---- comparing ------------------------------------------------------------- */

static void fail(srh_rt *rt, const scn_expect *e, const char *exp, const char *obs)
{
	const char *key = scn_prop_key(e->prop);
	char rule[96];

	cim_fmt(rule, sizeof(rule), "expect %s", key);
	srh_result_fail(rt->res, rule, e->level == SCN_SHOULD ? SRH_SHOULD : SRH_MUST, true, key,
			exp, obs, sim_now(rt->s), e->line);
}

static bool set_has(const uint16_t *v, size_t n, uint16_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Same values, any order (a set: duplicates do not count twice). */
static bool set_eq(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		if (!set_has(b, nb, a[i]))
			return false;
	for (size_t i = 0; i < nb; i++)
		if (!set_has(a, na, b[i]))
			return false;
	return true;
}

static void check_opstatus(srh_rt *rt, const scn_expect *e, const cim_job *j)
{
	char exp[EXP_TXT], obs[EXP_TXT], want[EXP_TXT - 16];
	bool ok = true;

	for (size_t i = 0; i < e->n_nums && e->prop != SCN_P_OP_STATUS; i++) {
		bool has = set_has(j->op_status, j->n_op_status, e->nums[i]);
		if (has != (e->prop == SCN_P_OP_STATUS_HAS))
			ok = false;
	}
	if (e->prop == SCN_P_OP_STATUS)
		ok = set_eq(e->nums, e->n_nums, j->op_status, j->n_op_status);
	if (ok)
		return; /* the texts are only for a failure: most checks pass */
	set_text(want, sizeof(want), e->nums, e->n_nums);
	set_text(obs, sizeof(obs), j->op_status, j->n_op_status);
	if (e->prop == SCN_P_OP_STATUS)
		cim_fmt(exp, sizeof(exp), "%s", want);
	else
		cim_fmt(exp, sizeof(exp), "%s %s",
			e->prop == SCN_P_OP_STATUS_HAS ? "contains" : "lacks", want);
	fail(rt, e, exp, obs);
}

static void check_job(srh_rt *rt, const scn_expect *e, const srh_obs *o)
{
	const cim_job *j = o->job;
	char exp[EXP_TXT], obs[EXP_TXT], rc[128];
	const cim_valuemap *m = NULL;
	uint32_t v;

	if (!j) {
		cim_fmt(exp, sizeof(exp), "the job's instance");
		cim_fmt(obs, sizeof(obs), "no instance (GetInstance as administrator: %s)",
			val(rc, sizeof(rc), &cim_vm_geterror_rc, o->job_rc));
		fail(rt, e, exp, obs);
		return;
	}
	switch (e->prop) {
	case SCN_P_JOB_STATE:
		v = j->job_state;
		m = &cim_vm_job_state;
		break;
	case SCN_P_PERCENT:
		v = j->percent_complete;
		break;
	case SCN_P_ERROR_CODE:
		v = j->error_code;
		break;
	default:
		check_opstatus(rt, e, j);
		return;
	}
	if (v != e->num)
		fail(rt, e, val(exp, sizeof(exp), m, e->num), val(obs, sizeof(obs), m, v));
}

static void check_str(srh_rt *rt, const scn_expect *e, const char *s)
{
	char exp[EXP_TXT], obs[EXP_TXT];
	bool ok;

	switch (e->match) {
	case SCN_M_NULL:
		ok = !s || !*s;
		cim_fmt(exp, sizeof(exp), "NULL");
		break;
	case SCN_M_PRESENT:
		ok = s && *s;
		cim_fmt(exp, sizeof(exp), "non-empty");
		break;
	case SCN_M_GLOB:
		ok = s && fnmatch(e->str, s, 0) == 0;
		cim_fmt(exp, sizeof(exp), "matches %s", quote(obs, sizeof(obs), e->str));
		break;
	default:
		ok = s && e->str && strcmp(s, e->str) == 0;
		quote(exp, sizeof(exp), e->str);
		break;
	}
	if (!ok)
		fail(rt, e, exp, quote(obs, sizeof(obs), s));
}

static void check_strs(srh_rt *rt, const scn_expect *e, char *const *v, size_t n)
{
	char exp[EXP_TXT], obs[EXP_TXT];
	bool ok = true;

	if (!v)
		n = 0;
	if (e->match == SCN_M_NULL) {
		ok = n == 0;
		cim_fmt(exp, sizeof(exp), "empty");
	} else if (e->match == SCN_M_PRESENT) {
		ok = n > 0;
		cim_fmt(exp, sizeof(exp), "at least one entry");
	} else {
		ok = n == e->n_strs;
		for (size_t i = 0; ok && i < n; i++)
			ok = v[i] && strcmp(v[i], e->strs[i]) == 0;
		strs_text(exp, sizeof(exp), e->strs, e->n_strs);
	}
	if (!ok)
		fail(rt, e, exp, strs_text(obs, sizeof(obs), v, n));
}

static void check_error_prop(srh_rt *rt, const scn_expect *e, const cim_error *err)
{
	char exp[EXP_TXT], obs[EXP_TXT];

	if (!err) {
		fail(rt, e, e->match == SCN_M_NULL ? "NULL" : "a property of the Error",
		     "no Error");
		return;
	}
	for (size_t i = 0; i < N_OF(num_props); i++) {
		const num_prop *p = &num_props[i];
		const char *b = (const char *)err + p->off;
		uint32_t v = p->wide ? *(const uint32_t *)(const void *)b
				     : *(const uint16_t *)(const void *)b;
		if (p->prop != e->prop)
			continue;
		if (e->match == SCN_M_EQ && v != e->num)
			fail(rt, e, val(exp, sizeof(exp), p->map, e->num),
			     val(obs, sizeof(obs), p->map, v));
		return;
	}
	for (size_t i = 0; i < N_OF(str_props); i++)
		if (str_props[i].prop == e->prop) {
			check_str(
			    rt, e,
			    *(char *const *)(const void *)((const char *)err + str_props[i].off));
			return;
		}
	if (e->prop == SCN_P_E_MESSAGE_ARGUMENTS)
		check_strs(rt, e, err->message_arguments, err->n_message_arguments);
	else if (e->prop == SCN_P_E_RECOMMENDED_ACTIONS)
		check_strs(rt, e, err->recommended_actions, err->n_recommended_actions);
}

static void check_error(srh_rt *rt, const scn_expect *e, const srh_obs *o)
{
	char obs[EXP_TXT], id[160];

	if ((e->match == SCN_M_NULL) == (o->error == NULL))
		return;
	if (o->error)
		cim_fmt(obs, sizeof(obs), "present (MessageID %s)",
			quote(id, sizeof(id), o->error->message_id));
	else
		cim_fmt(obs, sizeof(obs), "NULL");
	fail(rt, e, e->match == SCN_M_NULL ? "NULL" : "present", obs);
}

static void check_errors(srh_rt *rt, const scn_expect *e, const srh_obs *o)
{
	char exp[64], obs[64];
	bool ok = e->match == SCN_M_NULL      ? o->n_errors == 0
		  : e->match == SCN_M_PRESENT ? o->n_errors > 0
					      : o->n_errors == e->num;

	if (ok)
		return;
	if (e->match == SCN_M_EQ)
		cim_fmt(exp, sizeof(exp), "%" PRIu32 " error(s)", e->num);
	else
		cim_fmt(exp, sizeof(exp), "%s", e->match == SCN_M_NULL ? "none" : "at least one");
	cim_fmt(obs, sizeof(obs), "%zu error(s)", o->n_errors);
	fail(rt, e, exp, obs);
}

static void check_one(srh_rt *rt, const scn_expect *e, const srh_obs *o)
{
	const cim_valuemap *m =
	    o->call == SCN_CALL_REQUEST_STATE_CHANGE ? &cim_vm_rsc_rc : &cim_vm_geterror_rc;
	char exp[EXP_TXT], obs[EXP_TXT], note[EXP_TXT / 2];
	size_t k;

	switch (e->prop) {
	case SCN_P_RC:
		if (o->rc == e->num)
			return;
		/* A vendor code is shown with the provider's own words. */
		k = strlen(val(obs, sizeof(obs), m, o->rc));
		cim_fmt(obs + k, sizeof(obs) - k, "%s",
			srh_rc_note(note, sizeof(note), o->rc, o->rc_desc));
		fail(rt, e, val(exp, sizeof(exp), m, e->num), obs);
		return;
	case SCN_P_ERROR:
		check_error(rt, e, o);
		return;
	case SCN_P_ERRORS:
		check_errors(rt, e, o);
		return;
	case SCN_P_JOB_STATE:
	case SCN_P_OP_STATUS:
	case SCN_P_OP_STATUS_HAS:
	case SCN_P_OP_STATUS_LACKS:
	case SCN_P_PERCENT:
	case SCN_P_ERROR_CODE:
		check_job(rt, e, o);
		return;
	default:
		check_error_prop(rt, e, o->error);
		return;
	}
}

void srh_expect_check(srh_rt *rt, const scn_expect *e, size_t n, const srh_obs *o)
{
	for (size_t i = 0; i < n; i++)
		check_one(rt, &e[i], o);
}
