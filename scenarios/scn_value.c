/*
 * scn_value.c - typed scalar values of a scenario (strings, names, numbers,
 * units, ValueMap values), each rejected with the allowed values named.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

static const char *type_name(yaml_node_type_t t)
{
	switch (t) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a single value";
	}
}

int scn_want(scn_p *p, const yaml_node_t *n, yaml_node_type_t t, const char *key)
{
	if (n->type == t && !(t == YAML_SCALAR_NODE && scn_is_null(n)))
		return 0;
	return scn_fail(p, scn_line(n), "%s must be %s, not %s", key, type_name(t),
			scn_kind_name(n));
}

int scn_get_str(scn_p *p, const yaml_node_t *n, const char *key, char **out)
{
	const char *t;

	*out = NULL;
	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	t = scn_text(n);
	if (strlen(t) != n->data.scalar.length)
		return scn_fail(p, scn_line(n), "%s contains a NUL character", key);
	if (t[0] == '\0')
		return scn_fail(p, scn_line(n), "%s must not be empty", key);
	*out = strdup(t);
	if (!*out)
		return scn_fail(p, scn_line(n), "out of memory");
	return scn_src_note(p, out, scn_line(n));
}

int scn_get_str_or_null(scn_p *p, const yaml_node_t *n, const char *key, char **out)
{
	*out = NULL;
	if (scn_is_null(n))
		return scn_src_note(p, out, scn_line(n));
	return scn_get_str(p, n, key, out);
}

int scn_get_id(scn_p *p, const yaml_node_t *n, const char *key, char **out)
{
	if (scn_get_str(p, n, key, out))
		return -1;
	if (strspn(*out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_.-") != strlen(*out)) {
		free(*out);
		*out = NULL;
		return scn_fail(p, scn_line(n),
				"%s \"%s\" may use only letters, digits, '_', '.' and '-'", key,
				scn_text(n));
	}
	return 0;
}

int scn_get_bool(scn_p *p, const yaml_node_t *n, const char *key, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", NULL};
	static const char *const no[] = {"false", "False", "FALSE", NULL};
	const char *t = scn_text(n);

	if (n->type == YAML_SCALAR_NODE) {
		for (size_t i = 0; yes[i]; i++) {
			if (strcmp(t, yes[i]) == 0) {
				*out = true;
				return scn_src_note(p, out, scn_line(n));
			}
			if (strcmp(t, no[i]) == 0) {
				*out = false;
				return scn_src_note(p, out, scn_line(n));
			}
		}
	}
	return scn_fail(p, scn_line(n), "%s must be true or false, not %s%s%s", key,
			n->type == YAML_SCALAR_NODE ? "\"" : "",
			n->type == YAML_SCALAR_NODE ? t : scn_kind_name(n),
			n->type == YAML_SCALAR_NODE ? "\"" : "");
}

/* Decimal digits only (no sign, no spaces). Returns 0 or -1. */
static int digits(const char *t, uint64_t *out)
{
	uint64_t v = 0;

	if (*t == '\0')
		return -1;
	for (; *t; t++) {
		uint64_t d;

		if (*t < '0' || *t > '9')
			return -1;
		d = (uint64_t)(*t - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int scn_get_uint(scn_p *p, const yaml_node_t *n, const char *key, uint64_t min, uint64_t max,
		 uint64_t *out)
{
	uint64_t v;

	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (digits(scn_text(n), &v) || v < min || v > max)
		return scn_fail(p, scn_line(n), "%s must be a whole number %llu..%llu, not \"%s\"",
				key, (unsigned long long)min, (unsigned long long)max, scn_text(n));
	*out = v;
	return scn_src_note(p, out, scn_line(n));
}

int scn_get_percent(scn_p *p, const yaml_node_t *n, const char *key, uint16_t *out)
{
	char buf[32];
	size_t len;
	uint64_t v;

	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	len = strlen(scn_text(n));
	if (len == 0 || len >= sizeof(buf))
		goto bad;
	memcpy(buf, scn_text(n), len + 1);
	if (buf[len - 1] == '%')
		buf[len - 1] = '\0';
	if (digits(buf, &v) || v > 100)
		goto bad;
	*out = (uint16_t)v;
	return scn_src_note(p, out, scn_line(n));
bad:
	return scn_fail(p, scn_line(n),
			"%s must be a percentage 0..100 (e.g. 50 or 50%%), not \"%s\"", key,
			scn_text(n));
}

int scn_get_duration(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out)
{
	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (scn_parse_duration(scn_text(n), out))
		return scn_fail(p, scn_line(n),
				"%s: bad duration \"%s\"; write a whole number and a unit: "
				"ns, us, ms, s, m, h, d (e.g. 500ms, 30s, 5m, 2h), or 0",
				key, scn_text(n));
	return scn_src_note(p, out, scn_line(n));
}

int scn_get_size(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out)
{
	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (scn_parse_size(scn_text(n), out) || *out == 0)
		return scn_fail(p, scn_line(n),
				"%s: bad size \"%s\"; write a whole number above 0 and a unit: "
				"B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (e.g. 100GiB, 1TB)",
				key, scn_text(n));
	return scn_src_note(p, out, scn_line(n));
}

int scn_get_bandwidth(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out)
{
	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (scn_parse_bandwidth(scn_text(n), out) || *out == 0)
		return scn_fail(p, scn_line(n),
				"%s: bad bandwidth \"%s\"; write a whole number above 0 and a "
				"unit: bps, Kbps, Mbps, Gbps, Tbps (e.g. 1Gbps)",
				key, scn_text(n));
	return scn_src_note(p, out, scn_line(n));
}

/* errno names a fault's failinfo may use, for readable schedules. */
/* clang-format off */
#define SCN_ERRNO_MAP(X)                                                       \
	X(EPERM) X(ENOENT) X(EINTR) X(EIO) X(ENXIO) X(EAGAIN) X(ENOMEM)        \
	X(EACCES) X(EBUSY) X(ENODEV) X(EINVAL) X(ENOSPC) X(EROFS) X(EPIPE)     \
	X(ENETDOWN) X(ENETUNREACH) X(ECONNABORTED) X(ECONNRESET)               \
	X(ETIMEDOUT) X(ECONNREFUSED) X(EHOSTDOWN) X(EHOSTUNREACH)
/* clang-format on */

#define SCN_ERRNO_NAME_(e) #e,
#define SCN_ERRNO_VAL_(e) e,
static const char *const names[] = {SCN_ERRNO_MAP(SCN_ERRNO_NAME_) NULL};
static const int values[] = {SCN_ERRNO_MAP(SCN_ERRNO_VAL_) 0};
#undef SCN_ERRNO_NAME_
#undef SCN_ERRNO_VAL_

const char *scn_errno_name(uint64_t e)
{
	for (size_t i = 0; names[i]; i++)
		if ((uint64_t)values[i] == e)
			return names[i];
	return NULL;
}

int scn_get_failinfo(scn_p *p, const yaml_node_t *n, const char *key, uint64_t max, bool durations,
		     uint64_t *out)
{
	char buf[SCN_ALLOWED_LEN];
	uint64_t v;

	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (digits(scn_text(n), &v) == 0 ||
	    (durations && scn_parse_duration(scn_text(n), &v) == 0)) {
		if (v > max)
			return scn_fail(p, scn_line(n), "%s %s is out of range (at most %llu)", key,
					scn_text(n), (unsigned long long)max);
		*out = v;
		return scn_src_note(p, out, scn_line(n));
	}
	for (size_t i = 0; names[i]; i++) {
		if (strcmp(scn_text(n), names[i]) == 0) {
			*out = (uint64_t)values[i];
			return scn_src_note(p, out, scn_line(n));
		}
	}
	scn_join(names, buf, sizeof(buf));
	return scn_fail(p, scn_line(n),
			"%s \"%s\" is neither a whole number%s nor an errno name; "
			"allowed: %s",
			key, scn_text(n), durations ? ", a duration (e.g. 3s)" : "", buf);
}

int scn_get_name(scn_p *p, const yaml_node_t *n, const char *what, char **out)
{
	return scn_get_str(p, n, what, out);
}

int scn_get_vmap(scn_p *p, const yaml_node_t *n, const char *key, const cim_valuemap *m,
		 unsigned flags, uint32_t max, uint32_t *out)
{
	char buf[SCN_ALLOWED_LEN];
	uint64_t v;
	uint32_t u;

	if (scn_want(p, n, YAML_SCALAR_NODE, key))
		return -1;
	if (digits(scn_text(n), &v) == 0) {
		/* Out of the type's range here; the ValueMap class of a number
		 * in range is scn_validate's rule. */
		if (v > max) {
			scn_join_vmap(m, flags & SCN_VM_VENDOR, buf, sizeof(buf));
			return scn_fail(p, scn_line(n),
					"%s %s is out of range (at most %u); allowed: %s", key,
					scn_text(n), (unsigned)max, buf);
		}
		*out = (uint32_t)v;
		return scn_src_note(p, out, scn_line(n));
	}
	if (cim_vmap_parse(m, scn_text(n), &u) == 0) {
		*out = u;
		return scn_src_note(p, out, scn_line(n));
	}
	scn_join_vmap(m, flags & SCN_VM_VENDOR, buf, sizeof(buf));
	return scn_fail(p, scn_line(n), "%s \"%s\" is not %s %s; allowed: %s", key, scn_text(n),
			m->name[0] && strchr("AEIOU", m->name[0]) ? "an" : "a", m->name, buf);
}
