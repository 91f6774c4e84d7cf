/*
 * srh_text.c - the growable text buffer every wire-format writer (CIM-XML,
 * WS-Management) writes into.
 *
 * Escaped text is always well-formed XML: markup characters as entities,
 * and anything XML 1.0 cannot carry (controls, bytes that are not UTF-8)
 * as '?'.
 *
 * A sticky failure flag instead of a return code per append keeps the
 * encoders readable: they append freely and check the flag once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_text.h"
#include "srh/cim.h"

void srh_text_init(srh_text *b)
{
	memset(b, 0, sizeof *b);
}

void srh_text_free(srh_text *b)
{
	free(b->data);
	srh_text_init(b);
}

void srh_text_reset(srh_text *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

/* Room for n more bytes plus the NUL. */
static bool grow(srh_text *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	if (n > SIZE_MAX / 2 - b->len - 1) {
		b->failed = true;
		return false;
	}
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void srh_text_add(srh_text *b, const char *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void srh_text_str(srh_text *b, const char *s)
{
	if (s)
		srh_text_add(b, s, strlen(s));
}

void srh_text_printf(srh_text *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	if (b->failed || !grow(b, 64))
		return;
	/* One pass when the text fits the room there is (the common case);
	 * a second, into room made for it, when it did not. */
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->data[b->len] = '\0';
		b->failed = true;
		return;
	}
	if ((size_t)n >= room) {
		b->data[b->len] = '\0';
		if (!grow(b, (size_t)n))
			return;
		va_start(ap, fmt);
		(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void srh_text_esc(srh_text *b, const char *s)
{
	const char *run = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&apos;";
			break;
		/* A literal CR would be normalized away by the reader. */
		case '\r':
			rep = "&#13;";
			break;
		/* XML 1.0 cannot carry these at all: a numeric reference to
		 * them is not well-formed either, so they become '?'. */
		default:
			if ((unsigned char)*s >= 0x80) {
				/* Bytes that are not UTF-8 (a parser's message may
				 * quote them) or not XML characters become '?' too. */
				uint32_t cp = 0;
				size_t n = cim_utf8_next((const unsigned char *)s, 4, &cp);

				if (n && cp != 0xFFFE && cp != 0xFFFF) {
					s += n - 1;
					continue;
				}
				rep = "?";
			} else if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') {
				rep = "?";
			} else {
				continue;
			}
		}
		srh_text_add(b, run, (size_t)(s - run));
		srh_text_str(b, rep);
		run = s + 1;
	}
	srh_text_add(b, run, (size_t)(s - run));
}

void srh_text_u64(srh_text *b, uint64_t v)
{
	char t[24];
	size_t i = sizeof t;

	do {
		t[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	srh_text_add(b, t + i, sizeof t - i);
}
