/*
 * ref_opts.c - the provider's option string "k=v;k=v".
 *
 * Strict on purpose: a misspelt option silently ignored would make a run
 * measure a different provider than the one asked for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

#define REF_OPT_TEXT_MAX 512

static void opts_default(ref_opts *o)
{
	o->deadline_ns = (uint64_t)REF_DEFAULT_DEADLINE_MS * REF_NS_PER_MS;
	o->cache = true;
	o->caps = PROV_CAP_GET_ERROR | PROV_CAP_GET_ERRORS | PROV_CAP_REQUEST_STATE_CHANGE;
	snprintf(o->org, sizeof o->org, "%s", "SRSIM");
}

static int parse_u64(const char *v, uint64_t max, uint64_t *out)
{
	char *end = NULL;

	if (v[0] < '0' || v[0] > '9')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || x > max)
		return -1;
	*out = x;
	return 0;
}

static int parse_caps(char *v, uint32_t *caps)
{
	uint32_t c = 0;
	char *save = NULL;

	for (char *t = strtok_r(v, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "geterror") == 0)
			c |= PROV_CAP_GET_ERROR;
		else if (strcmp(t, "geterrors") == 0)
			c |= PROV_CAP_GET_ERRORS;
		else if (strcmp(t, "rsc") == 0)
			c |= PROV_CAP_REQUEST_STATE_CHANGE;
		else if (strcmp(t, "none") != 0)
			return -1;
	}
	*caps = c;
	return 0;
}

/* An OrgID may not hold ':' (it ends at the first one); we also keep it to
 * plain identifier characters so an InstanceID is easy to check. */
static int parse_org(const char *v, char *org)
{
	size_t n = strlen(v);

	if (n == 0 || n > REF_ORG_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = v[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return -1;
	}
	memcpy(org, v, n + 1);
	return 0;
}

static int parse_one(char *kv, ref_opts *o, char *err, size_t errlen)
{
	char *eq = strchr(kv, '=');
	uint64_t n = 0;

	if (!eq) {
		snprintf(err, errlen, "option '%s' has no '=' (use k=v;k=v)", kv);
		return -1;
	}
	*eq = '\0';
	const char *k = kv;
	char *v = eq + 1;
	if (strcmp(k, "deadline_ms") == 0) {
		if (parse_u64(v, UINT64_MAX / REF_NS_PER_MS, &n) != 0 || n == 0)
			goto bad;
		o->deadline_ns = n * REF_NS_PER_MS;
	} else if (strcmp(k, "cache") == 0) {
		if (parse_u64(v, 1, &n) != 0)
			goto bad;
		o->cache = n == 1;
	} else if (strcmp(k, "caps") == 0) {
		if (parse_caps(v, &o->caps) != 0)
			goto bad;
	} else if (strcmp(k, "org") == 0) {
		if (parse_org(v, o->org) != 0)
			goto bad;
	} else {
		snprintf(err, errlen, "unknown option '%s' (known: deadline_ms, cache, caps, org)",
			 k);
		return -1;
	}
	return 0;
bad:
	snprintf(
	    err, errlen,
	    "bad value '%s' for option '%s' (deadline_ms: integer > 0; cache: 0|1; "
	    "caps: comma list of geterror, geterrors, rsc, none; org: 1-%d letters, digits or _)",
	    v, k, REF_ORG_MAX);
	return -1;
}

int ref_opts_parse(const char *text, ref_opts *o, char *err, size_t errlen)
{
	char buf[REF_OPT_TEXT_MAX];
	char *save = NULL;

	opts_default(o);
	if (!text)
		return 0;
	if (strlen(text) >= sizeof buf) {
		snprintf(err, errlen, "options longer than %zu bytes", sizeof buf - 1);
		return -1;
	}
	memcpy(buf, text, strlen(text) + 1);
	for (char *kv = strtok_r(buf, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		if (parse_one(kv, o, err, errlen) != 0)
			return -1;
	}
	return 0;
}
