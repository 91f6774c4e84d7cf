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
#include "srh/cim_fmt.h"

#define CUT_MARK "..."

bool srh_rc_is_vendor(uint32_t rc)
{
	return SRH_RC_VENDOR(rc);
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
		size_t used, pl = cim_esc_piece(s + i, n - i, true, piece, &used);

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
		n = cim_fmt(buf, len, " (%s)", desc);
	else
		n = cim_fmt(buf, len, " %s", SRH_RC_NO_DESC);
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
