/*
 * ref_tmpl.c - render profile templates: "I/O error {errno} on {volume}".
 *
 * A placeholder is {name} with a name of PROV_PLACEHOLDER_MAP
 * (srh/prov_profile.h, which checks templates at load); "{{" is a
 * literal '{'. The substituted values, in order, are the Error's
 * MessageArguments, so a client can rebuild Message from MessageID + args.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

#define REF_VAL_MAX (REF_IID_MAX + 32)
#define REF_UNKNOWN "unknown"

const char *ref_errno_name(int e, char *buf, size_t len)
{
	static const struct {
		int e;
		const char *name;
	} tab[] = {
	    {EIO, "EIO"},
	    {ENOSPC, "ENOSPC"},
	    {ENXIO, "ENXIO"},
	    {ENODEV, "ENODEV"},
	    {ENOMEDIUM, "ENOMEDIUM"},
	    {ECONNRESET, "ECONNRESET"},
	    {ECONNREFUSED, "ECONNREFUSED"},
	    {ECONNABORTED, "ECONNABORTED"},
	    {ETIMEDOUT, "ETIMEDOUT"},
	    {EHOSTUNREACH, "EHOSTUNREACH"},
	    {EHOSTDOWN, "EHOSTDOWN"},
	    {ENETUNREACH, "ENETUNREACH"},
	    {ENETDOWN, "ENETDOWN"},
	    {ENOTCONN, "ENOTCONN"},
	    {EPIPE, "EPIPE"},
	    {EACCES, "EACCES"},
	    {EPERM, "EPERM"},
	    {EKEYREJECTED, "EKEYREJECTED"},
	    {ENOMEM, "ENOMEM"},
	    {ECANCELED, "ECANCELED"},
	    {EINTR, "EINTR"},
	    {EAGAIN, "EAGAIN"},
	    {EBUSY, "EBUSY"},
	    {EINVAL, "EINVAL"},
	    {EROFS, "EROFS"},
	    {EFAULT, "EFAULT"},
	    {ENOTRECOVERABLE, "ENOTRECOVERABLE"},
	    {EPROTO, "EPROTO"},
	    {ESHUTDOWN, "ESHUTDOWN"},
	    {EBADMSG, "EBADMSG"},
	};

	if (e == 0)
		return "none";
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		if (tab[i].e == e)
			return tab[i].name;
	}
	snprintf(buf, len, "errno %d", e);
	return buf;
}

static const char *ph_value(int ph, const ref_cause *c, const char *iid, char *buf, size_t len)
{
	const char *v = NULL;

	switch (ph) {
	case PROV_PH_VOLUME:
		v = c->volume;
		break;
	case PROV_PH_PARTNER:
		v = c->partner;
		break;
	case PROV_PH_OFFSET:
		snprintf(buf, len, "%" PRIu64, c->offset);
		return buf;
	case PROV_PH_PERCENT:
		snprintf(buf, len, "%u", (unsigned)c->percent);
		return buf;
	case PROV_PH_ERRNO:
		return ref_errno_name(c->err_no, buf, len);
	case PROV_PH_DETAIL:
		v = c->detail;
		break;
	case PROV_PH_REQUESTED_BY:
		v = c->requested_by;
		break;
	default:
		v = iid;
		break; /* PROV_PH_JOB */
	}
	return v ? v : REF_UNKNOWN;
}

/* Growable output text; every growth is an Error-build allocation. */
typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 64);
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = ref_erealloc(b->s, cap);
		if (!ns)
			return -1;
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int push_arg(char ***args, size_t *n, const char *v)
{
	char **na = ref_erealloc(*args, (*n + 1) * sizeof *na);
	if (!na)
		return -1;
	*args = na;
	na[*n] = ref_estrdup(v);
	if (!na[*n])
		return -1;
	(*n)++;
	return 0;
}

char *ref_tmpl_render(const char *tmpl, const ref_cause *c, const char *job_iid, char ***args,
		      size_t *n_args)
{
	sbuf b = {0};
	char vbuf[REF_VAL_MAX];

	if (sb_put(&b, "", 0) != 0)
		goto fail;
	for (const char *s = tmpl; *s; s++) {
		const char *end = s[0] == '{' ? strchr(s, '}') : NULL;
		if (s[0] == '{' && s[1] == '{') {
			if (sb_put(&b, "{", 1) != 0)
				goto fail;
			s++;
			continue;
		}
		int ph = end ? prov_profile_placeholder(s + 1, (size_t)(end - s - 1)) : -1;
		if (ph < 0) {
			if (sb_put(&b, s, 1) != 0)
				goto fail;
			continue;
		}
		const char *v = ph_value(ph, c, job_iid, vbuf, sizeof vbuf);
		if (sb_put(&b, v, strlen(v)) != 0)
			goto fail;
		if (args && push_arg(args, n_args, v) != 0)
			goto fail;
		s = end;
	}
	return b.s;
fail:
	free(b.s);
	return NULL;
}
