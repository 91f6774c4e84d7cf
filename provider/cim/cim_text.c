/*
 * cim_text.c - the one UTF-8 decoder and the escapers every room uses on
 * strings that may come from a hostile provider or a hostile file: the
 * checker's renderings, return-code descriptions, reports and the
 * single-line parse errors of profiles and scenarios.
 */
#include "srh/cim.h"

#include <stdio.h>
#include <string.h>

size_t cim_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b;
	size_t len;
	uint32_t c, min;

	if (n == 0)
		return 0;
	b = s[0];
	if (b < 0x80) {
		len = 1, c = b, min = 0;
	} else if (b >= 0xC2 && b <= 0xDF) {
		len = 2, c = b & 0x1Fu, min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3, c = b & 0x0Fu, min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4, c = b & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0u) != 0x80u) /* also stops at a NUL */
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	if (cp)
		*cp = c;
	return len;
}

size_t cim_esc_piece(const char *s, size_t n, bool esc_c1, char piece[8], size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = 0;
	size_t l = cim_utf8_next(p, n, &c);

	*used = 1;
	/* C1 controls (U+0080..U+009F) act on terminals like ESC sequences. */
	if (l > 1 && esc_c1 && c <= 0x9F)
		l = 0;
	if (l == 1 && p[0] >= 0x20 && p[0] != 0x7F && p[0] != '\\') {
		piece[0] = (char)p[0], piece[1] = '\0';
		return 1;
	}
	if (l == 1 && p[0] == '\\') {
		memcpy(piece, "\\\\", 3);
		return 2;
	}
	if (l > 1) {
		memcpy(piece, p, l), piece[l] = '\0';
		*used = l;
		return l;
	}
	snprintf(piece, 8, "\\x%02X", p[0]);
	return 4;
}

void cim_line_escape(char *dst, size_t len, const char *src)
{
	size_t o = 0;

	if (!dst || len == 0)
		return;
	for (const unsigned char *s = (const unsigned char *)src; s && *s; s++) {
		char esc[8];
		int n;
		if (*s >= 0x20 && *s != 0x7f)
			n = snprintf(esc, sizeof esc, "%c", *s);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			n = snprintf(esc, sizeof esc, "\\%c",
				     *s == '\n'	  ? 'n'
				     : *s == '\r' ? 'r'
						  : 't');
		else
			n = snprintf(esc, sizeof esc, "\\x%02x", *s);
		if (n < 0 || o + (size_t)n + 1 > len)
			break;
		memcpy(dst + o, esc, (size_t)n);
		o += (size_t)n;
	}
	dst[o] = '\0';
}
