/*
 * check_text.c - safe handling of strings a provider returned: bounded
 * length, UTF-8 validation, escaped rendering. Every function here reads a
 * string at most SRH_CHECK_MAX_STR + 1 bytes far.
 */
#include "check_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "srh/cim_fmt.h"

size_t chk_strlen(const char *s)
{
	return s ? strnlen(s, SRH_CHECK_MAX_STR + 1) : 0;
}

bool srh_check_text_ok(const char *s)
{
	return chk_str_ok(s, NULL);
}

bool chk_iid_key_at(const char *p)
{
	static const char key[] = "InstanceID=\"";

	return (p[0] == 'I' || p[0] == 'i') && strncasecmp(p, key, sizeof(key) - 1) == 0;
}

/* The bytes of s[i, n) up to the first one that is not ASCII (8 at a time:
 * most of any text is ASCII). */
static size_t chk_ascii_run(const char *s, size_t i, size_t n)
{
	const uint64_t high = 0x8080808080808080u;
	uint64_t w;

	while (i + 8 <= n) {
		memcpy(&w, s + i, 8);
		if (w & high)
			break;
		i += 8;
	}
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	return i;
}

bool chk_str_ok(const char *s, const char **why)
{
	size_t n = chk_strlen(s);

	if (!s)
		return true;
	if (n > SRH_CHECK_MAX_STR) {
		if (why)
			*why = "longer than 65536 bytes";
		return false;
	}
	for (size_t i = chk_ascii_run(s, 0, n); i < n; i = chk_ascii_run(s, i, n)) {
		size_t l = cim_utf8_next((const unsigned char *)s + i, n - i, NULL);

		if (!l) {
			if (why)
				*why = "not valid UTF-8";
			return false;
		}
		i += l;
	}
	return true;
}

/* Append one byte or escape to out (keeps room for "..." and the NUL). */
static bool chk_put(char *out, size_t len, size_t *o, const char *piece)
{
	size_t pl = strlen(piece);

	if (*o + pl + 4 >= len)
		return false;
	memcpy(out + *o, piece, pl);
	*o += pl;
	out[*o] = '\0';
	return true;
}

char *chk_esc(char *buf, size_t len, const char *s)
{
	size_t n, o = 0, shown = 0;

	if (!buf || len == 0)
		return buf;
	buf[0] = '\0';
	if (!s) {
		cim_fmt(buf, len, "NULL");
		return buf;
	}
	n = chk_strlen(s);
	for (size_t i = 0; i < n;) {
		char piece[8];
		size_t l;

		(void)cim_esc_piece(s + i, n - i, false, piece, &l);
		if (shown >= CHK_SHOW || !chk_put(buf, len, &o, piece)) {
			if (o + 4 <= len)
				memcpy(buf + o, "...", 4);
			return buf;
		}
		shown++;
		i += l;
	}
	return buf;
}

char *chk_quote(char *buf, size_t len, const char *s)
{
	char inner[CHK_TXT];

	if (!buf || len == 0)
		return buf;
	if (!s)
		cim_fmt(buf, len, "NULL");
	else
		cim_fmt(buf, len, "\"%s\"", chk_esc(inner, sizeof(inner), s));
	return buf;
}

char *chk_val(char *buf, size_t len, const cim_valuemap *m, uint32_t v)
{
	const char *name = cim_vmap_name(m, v);

	if (name)
		cim_fmt(buf, len, "%u %s", (unsigned)v, name);
	else if (cim_vmap_class(m, v) == CIM_V_VENDOR)
		cim_fmt(buf, len, "%u (vendor)", (unsigned)v);
	else
		cim_fmt(buf, len, "%u (DMTF reserved)", (unsigned)v);
	return buf;
}

char *chk_opstatus(char *buf, size_t len, const cim_job *j)
{
	size_t n = j->n_op_status < CIM_OPSTATUS_MAX ? j->n_op_status : CIM_OPSTATUS_MAX;
	size_t o;

	cim_fmt(buf, len, "{");
	for (size_t i = 0; i < n; i++) {
		char v[64];

		o = strlen(buf);
		cim_fmt(buf + o, len - o, "%s%s", i ? ", " : "",
			chk_val(v, sizeof(v), &cim_vm_op_status, j->op_status[i]));
	}
	o = strlen(buf);
	cim_fmt(buf + o, len - o, "%s}", j->n_op_status > CIM_OPSTATUS_MAX ? ", ..." : "");
	return buf;
}

char *chk_strdup(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = strndup(s, SRH_CHECK_MAX_STR);
	if (!d)
		*fail = true;
	return d;
}
