/*
 * check_text.c - safe handling of strings a provider returned: bounded
 * length, UTF-8 validation, escaped rendering. Every function here reads a
 * string at most SRH_CHECK_MAX_STR + 1 bytes far.
 */
#include "check_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t chk_strlen(const char *s)
{
	return s ? strnlen(s, SRH_CHECK_MAX_STR + 1) : 0;
}

/* Length of the UTF-8 sequence at s (n bytes available), 0 if invalid. */
static size_t chk_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char b = s[0];
	size_t len;
	uint32_t cp, min;

	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF) {
		len = 2, cp = b & 0x1Fu, min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3, cp = b & 0x0Fu, min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4, cp = b & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
	if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return len;
}

bool srh_check_text_ok(const char *s)
{
	return chk_str_ok(s, NULL);
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
	for (size_t i = 0; i < n;) {
		size_t l = chk_utf8_seq((const unsigned char *)s + i, n - i);

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
		snprintf(buf, len, "NULL");
		return buf;
	}
	n = chk_strlen(s);
	for (size_t i = 0; i < n;) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t l = chk_utf8_seq(p, n - i);
		char piece[8];

		if (l == 1 && *p >= 0x20 && *p != 0x7F && *p != '\\') {
			piece[0] = (char)*p, piece[1] = '\0';
		} else if (l == 1 && *p == '\\') {
			snprintf(piece, sizeof(piece), "\\\\");
		} else if (l > 1) {
			memcpy(piece, p, l), piece[l] = '\0';
		} else {
			l = 1;
			snprintf(piece, sizeof(piece), "\\x%02X", *p);
		}
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
		snprintf(buf, len, "NULL");
	else
		snprintf(buf, len, "\"%s\"", chk_esc(inner, sizeof(inner), s));
	return buf;
}

char *chk_val(char *buf, size_t len, const cim_valuemap *m, uint32_t v)
{
	const char *name = cim_vmap_name(m, v);

	if (name)
		snprintf(buf, len, "%u %s", (unsigned)v, name);
	else if (cim_vmap_class(m, v) == CIM_V_VENDOR)
		snprintf(buf, len, "%u (vendor)", (unsigned)v);
	else
		snprintf(buf, len, "%u (DMTF reserved)", (unsigned)v);
	return buf;
}

char *chk_opstatus(char *buf, size_t len, const cim_job *j)
{
	size_t n = j->n_op_status < CIM_OPSTATUS_MAX ? j->n_op_status : CIM_OPSTATUS_MAX;
	size_t o;

	snprintf(buf, len, "{");
	for (size_t i = 0; i < n; i++) {
		char v[64];

		o = strlen(buf);
		snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
			 chk_val(v, sizeof(v), &cim_vm_op_status, j->op_status[i]));
	}
	o = strlen(buf);
	snprintf(buf + o, len - o, "%s}", j->n_op_status > CIM_OPSTATUS_MAX ? ", ..." : "");
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
