/*
 * ref_tmpl.c - profile templates: "I/O error {errno} on {volume}".
 *
 * A placeholder is {name} with a name from the fixed list below; "{{" is a
 * literal '{'. The substituted values, in order, are the Error's
 * MessageArguments, so a client can rebuild Message from MessageID + args.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

#define REF_PH_MAX 16
#define REF_VAL_MAX (REF_IID_MAX + 32)
#define REF_UNKNOWN "unknown"

static const char *const ph_names[] = {
	"volume", "partner", "offset", "percent", "errno", "detail", "requested_by", "job",
};

static int ph_index(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof ph_names / sizeof ph_names[0]; i++) {
		if (strlen(ph_names[i]) == len && memcmp(ph_names[i], name, len) == 0)
			return (int)i;
	}
	return -1;
}

const char *ref_errno_name(int e, char *buf, size_t len)
{
	static const struct {
		int e;
		const char *name;
	} tab[] = {
		{EIO, "EIO"}, {ENOSPC, "ENOSPC"}, {ENXIO, "ENXIO"}, {ENODEV, "ENODEV"},
		{ENOMEDIUM, "ENOMEDIUM"}, {ECONNRESET, "ECONNRESET"},
		{ECONNREFUSED, "ECONNREFUSED"}, {ECONNABORTED, "ECONNABORTED"},
		{ETIMEDOUT, "ETIMEDOUT"}, {EHOSTUNREACH, "EHOSTUNREACH"},
		{EHOSTDOWN, "EHOSTDOWN"}, {ENETUNREACH, "ENETUNREACH"},
		{ENETDOWN, "ENETDOWN"}, {ENOTCONN, "ENOTCONN"}, {EPIPE, "EPIPE"},
		{EACCES, "EACCES"}, {EPERM, "EPERM"}, {EKEYREJECTED, "EKEYREJECTED"},
		{ENOMEM, "ENOMEM"}, {ECANCELED, "ECANCELED"}, {EINTR, "EINTR"},
		{EAGAIN, "EAGAIN"}, {EBUSY, "EBUSY"}, {EINVAL, "EINVAL"},
		{EROFS, "EROFS"}, {EFAULT, "EFAULT"}, {ENOTRECOVERABLE, "ENOTRECOVERABLE"},
		{EPROTO, "EPROTO"}, {ESHUTDOWN, "ESHUTDOWN"}, {EBADMSG, "EBADMSG"},
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

int ref_tmpl_check(const char *tmpl, char *err, size_t errlen)
{
	for (const char *s = tmpl; *s; s++) {
		if (s[0] == '{' && s[1] == '{') {
			s++;
			continue;
		}
		if (*s == '}') {
			snprintf(err, errlen, "stray '}' in template \"%s\"", tmpl);
			return -1;
		}
		if (*s != '{')
			continue;
		const char *end = strchr(s, '}');
		if (!end) {
			snprintf(err, errlen, "unclosed '{' in template \"%s\"", tmpl);
			return -1;
		}
		if (ph_index(s + 1, (size_t)(end - s - 1)) < 0) {
			snprintf(err, errlen,
				 "unknown placeholder {%.*s} (allowed: {volume} {partner} {offset} "
				 "{percent} {errno} {detail} {requested_by} {job})",
				 (int)(end - s - 1), s + 1);
			return -1;
		}
		s = end;
	}
	return 0;
}

static const char *ph_value(int ph, const ref_cause *c, const char *iid, char *buf,
			    size_t len)
{
	const char *v = NULL;

	switch (ph) {
	case 0: v = c->volume; break;
	case 1: v = c->partner; break;
	case 2: snprintf(buf, len, "%" PRIu64, c->offset); return buf;
	case 3: snprintf(buf, len, "%u", (unsigned)c->percent); return buf;
	case 4: return ref_errno_name(c->err_no, buf, len);
	case 5: v = c->detail; break;
	case 6: v = c->requested_by; break;
	default: v = iid; break;
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

char *ref_tmpl_render(const char *tmpl, const ref_cause *c, const char *job_iid,
		      char ***args, size_t *n_args)
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
		int ph = end ? ph_index(s + 1, (size_t)(end - s - 1)) : -1;
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
