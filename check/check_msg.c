/*
 * check_msg.c - what the active profile says beyond its template of each
 * fault class: how the job instance carries its Error (JobError: Message)
 * and how Message and MessageArguments come from the fault that ended the
 * job (the profile's format: "the values substituted into Message, in
 * order, are the Error's MessageArguments"). Both are SHOULD: a vendor's
 * profile may say otherwise.
 */
#include "check_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srh/cim_fmt.h"

/* Longest Message rebuilt from the template (longer ones are not judged). */
#define CHK_MSG_MAX 8192

static bool chk_blank(const char *s)
{
	return !s || !s[0];
}

int srh_check_job_error(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
			const cim_error *e)
{
	char exp[CHK_TXT], obs[CHK_TXT], q[CHK_TXT];
	int st = 0;

	if (!c || !j)
		return -1;
	if (e && (chk_strlen(j->error_description) > SRH_CHECK_MAX_STR ||
		  chk_strlen(e->message) > SRH_CHECK_MAX_STR))
		return 0; /* hostile sizes are MUST-5/MUST-8's */
	if (e && (!j->error_description || !e->message ||
		  strcmp(j->error_description, e->message) != 0)) {
		cim_fmt(exp, sizeof(exp), "the Error's Message %s",
			chk_quote(q, sizeof(q), e->message));
		st |= chk_add(c, SRH_R_JOB_ERROR, "ErrorDescription", t, iid, exp,
			      chk_quote(obs, sizeof(obs), j->error_description));
	}
	if (e && j->error_code == 0)
		st |= chk_add(c, SRH_R_JOB_ERROR, "ErrorCode", t, iid,
			      "not 0: the job has an Error", "0");
	if (!e && !chk_blank(j->error_description))
		st |= chk_add(c, SRH_R_JOB_ERROR, "ErrorDescription", t, iid,
			      "empty: the job has no Error",
			      chk_quote(obs, sizeof(obs), j->error_description));
	if (!e && j->error_code != 0) {
		cim_fmt(obs, sizeof(obs), "%u", (unsigned)j->error_code);
		st |= chk_add(c, SRH_R_JOB_ERROR, "ErrorCode", t, iid, "0: the job has no Error",
			      obs);
	}
	return st;
}

/* The value placeholder name (len bytes) must take, or NULL. */
static const char *chk_ph_value(const char *name, size_t len, const char *const *names,
				const char *const *values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return values[i];
	return NULL;
}

/* Append n bytes of s to the rebuilt message; false when it overflows. */
static bool chk_put(char *buf, size_t *at, const char *s, size_t n)
{
	if (*at + n >= CHK_MSG_MAX)
		return false;
	memcpy(buf + *at, s, n);
	*at += n;
	buf[*at] = '\0';
	return true;
}

typedef struct chk_msg {
	srh_checker *c;
	uint64_t t;
	const char *iid;
	const cim_error *e;
	size_t arg; /* next MessageArgument */
	int st;
} chk_msg;

/* Is got one of the alternatives of want (one per line)? */
static bool chk_alt_eq(const char *want, const char *got)
{
	size_t gl = strlen(got);

	for (const char *w = want; w;) {
		const char *nl = strchr(w, '\n');
		size_t wl = nl ? (size_t)(nl - w) : strlen(w);

		if (wl == gl && strncmp(w, got, gl) == 0)
			return true;
		w = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Placeholder k of the template has value want (NULL: not known). */
static bool chk_msg_arg(chk_msg *m, const char *want, char *out, size_t *at)
{
	const char *got = m->arg < m->e->n_message_arguments && m->e->message_arguments
			      ? m->e->message_arguments[m->arg]
			      : NULL;
	char exp[CHK_TXT], obs[CHK_TXT], prop[64];

	cim_fmt(prop, sizeof(prop), "MessageArguments[%zu]", m->arg);
	m->arg++;
	if (!got || chk_strlen(got) > SRH_CHECK_MAX_STR)
		return false;
	if (want && !chk_alt_eq(want, got)) {
		cim_fmt(exp, sizeof(exp), "%s (the fault that ended the job)",
			chk_quote(obs, sizeof(obs), want));
		m->st |= chk_add(m->c, SRH_R_MESSAGE_ARGS, prop, m->t, m->iid, exp,
				 chk_quote(obs, sizeof(obs), got));
	}
	return chk_put(out, at, got, strlen(got));
}

int srh_check_message(srh_checker *c, uint64_t t, const char *iid, const cim_error *e,
		      const char *tmpl, const char *const *names, const char *const *values,
		      size_t n)
{
	chk_msg m = {c, t, iid, e, 0, 0};
	/* On the stack: a heap block this size costs malloc a consolidation
	 * of its free lists on every call. */
	char want[CHK_MSG_MAX], exp[CHK_TXT], obs[CHK_TXT];
	size_t at = 0, count;
	bool whole = true;

	if (!c || !e || !tmpl || (n && (!names || !values)))
		return -1;
	count = e->message_arguments || !e->n_message_arguments ? e->n_message_arguments : 0;
	if (count > SRH_CHECK_MAX_ARRAY)
		return 0; /* MUST-5 error-wellformed's */
	want[0] = '\0';
	/* Every placeholder is counted; the Message is judged only when it
	 * could be rebuilt whole. */
	for (const char *s = tmpl; *s; s++) {
		const char *end = s[0] == '{' && s[1] != '{' ? strchr(s, '}') : NULL;

		if (s[0] == '{' && s[1] == '{') {
			whole = chk_put(want, &at, "{", 1) && whole;
			s++;
		} else if (end) {
			whole =
			    chk_msg_arg(
				&m, chk_ph_value(s + 1, (size_t)(end - s - 1), names, values, n),
				want, &at) &&
			    whole;
			s = end;
		} else {
			whole = chk_put(want, &at, s, 1) && whole;
		}
	}
	if (m.arg != count) {
		cim_fmt(exp, sizeof(exp), "%zu (one per placeholder of the profile's Message)",
			m.arg);
		cim_fmt(obs, sizeof(obs), "%zu", count);
		m.st |= chk_add(c, SRH_R_MESSAGE_ARGS, "MessageArguments", t, iid, exp, obs);
	} else if (whole && (!e->message || strcmp(e->message, want) != 0)) {
		cim_fmt(exp, sizeof(exp), "the profile's Message filled with MessageArguments: %s",
			chk_quote(obs, sizeof(obs), want));
		m.st |= chk_add(c, SRH_R_MESSAGE_ARGS, "Message", t, iid, exp,
				chk_quote(obs, sizeof(obs), e->message));
	}
	return m.st;
}
