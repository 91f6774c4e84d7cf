/*
 * srh_rcdesc.c - vendor return code descriptions from a possibly hostile
 * provider. The text is made safe once, here, right after the call: every
 * later reader (trace, timeline, failure text, wire, database, reports)
 * can then print it as it is.
 */
#include "srh_rcdesc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define CUT_MARK "..."

bool srh_rc_is_vendor(uint32_t rc)
{
	return SRH_RC_VENDOR(rc);
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if the
 * byte does not start one (overlong, surrogate, past U+10FFFF, cut). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp, min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1Fu, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0Fu, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	/* C1 controls (U+0080..U+009F) act on terminals like ESC sequences. */
	if (cp <= 0x9F)
		return 0;
	return len;
}

/* The output for the bytes at s: the sequence itself when it is printable
 * UTF-8, else an escape. Sets *used to the input bytes it stands for. */
static size_t piece_of(const unsigned char *s, size_t n, char piece[8], size_t *used)
{
	size_t l = utf8_len(s, n);

	*used = 1;
	if (l == 1 && s[0] >= 0x20 && s[0] < 0x7F && s[0] != '\\') {
		piece[0] = (char)s[0];
		return 1;
	}
	if (l == 1 && s[0] == '\\') {
		memcpy(piece, "\\\\", 2);
		return 2;
	}
	if (l > 1) {
		memcpy(piece, s, l);
		*used = l;
		return l;
	}
	snprintf(piece, 8, "\\x%02X", s[0]);
	return 4;
}

/* The safe copy of s (n bytes); cut set when s was longer than read. */
static char *safe_copy(const char *s, size_t n, bool cut, int *fail)
{
	const size_t room = SRH_CHECK_MAX_STR - (sizeof(CUT_MARK) - 1);
	char *d = malloc(SRH_CHECK_MAX_STR + 1), *small;
	size_t o = 0;

	if (!d) {
		*fail = 1;
		return NULL;
	}
	for (size_t i = 0; i < n;) {
		char piece[8];
		size_t used, pl = piece_of((const unsigned char *)s + i, n - i, piece, &used);

		if (o + pl > room) {
			cut = true;
			break;
		}
		memcpy(d + o, piece, pl);
		o += pl;
		i += used;
	}
	if (cut) {
		memcpy(d + o, CUT_MARK, sizeof(CUT_MARK) - 1);
		o += sizeof(CUT_MARK) - 1;
	}
	d[o] = '\0';
	/* Give back the unused part; on failure the larger block is as good. */
	small = realloc(d, o + 1);
	return small ? small : d;
}

char *srh_rc_desc_get(const prov_ops *ops, prov_ctx *ctx, uint32_t rc, int *fail)
{
	const char *s;
	size_t n;

	if (!srh_rc_is_vendor(rc) || !ops || !ops->rc_description)
		return NULL;
	s = ops->rc_description(ctx, rc);
	if (!s)
		return NULL;
	n = strnlen(s, SRH_CHECK_MAX_STR + 1);
	if (n == 0)
		return NULL;
	if (n > SRH_CHECK_MAX_STR)
		return safe_copy(s, SRH_CHECK_MAX_STR, true, fail);
	return safe_copy(s, n, false, fail);
}

char *srh_text_safe(const char *s, int *fail)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strnlen(s, SRH_CHECK_MAX_STR + 1);
	if (n > SRH_CHECK_MAX_STR)
		return safe_copy(s, SRH_CHECK_MAX_STR, true, fail);
	if (!srh_check_text_ok(s))
		return safe_copy(s, n, false, fail);
	d = malloc(n + 1);
	if (!d) {
		*fail = 1;
		return NULL;
	}
	memcpy(d, s, n + 1);
	return d;
}

char *srh_rc_note(char *buf, size_t len, uint32_t rc, const char *desc)
{
	size_t k;
	int n;

	if (!buf || len == 0)
		return buf;
	buf[0] = '\0';
	if (!srh_rc_is_vendor(rc))
		return buf;
	if (desc)
		n = snprintf(buf, len, " (%s)", desc);
	else
		n = snprintf(buf, len, " %s", SRH_RC_NO_DESC);
	if (n < 0 || (size_t)n < len)
		return buf;
	/* Cut: end on a whole UTF-8 sequence, then close the parenthesis. */
	if (len < 6) {
		buf[0] = '\0';
		return buf;
	}
	k = len - 5;
	while (k > 2 && ((unsigned char)buf[k] & 0xC0u) == 0x80u)
		k--;
	memcpy(buf + k, "...)", 5);
	return buf;
}
