/*
 * rpt_esc.c - writing strings a hostile provider chose (Error messages,
 * InstanceIDs, principals) into XML, HTML, JSON and YAML so that every
 * output stays well-formed whatever the bytes: no markup injection, no
 * invalid UTF-8, no character the format forbids.
 */
#include <string.h>

#include "rpt_int.h"

/* The UTF-8 sequence at s (NUL-terminated), through the CIM model's one
 * decoder: its length and code point, 0 when invalid. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	return cim_utf8_next(s, strnlen((const char *)s, 4), cp);
}

/* XML 1.0 Char production minus the discouraged C0/C1 controls and DEL. */
static bool xml_ok(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r')
		return true;
	if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
		return false;
	return c != 0xFFFE && c != 0xFFFF;
}

void rpt_xml_put(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t done = 0, total;

	if (!s)
		return;
	total = strlen(s);
	while (*p && (max == 0 || done < max)) {
		uint32_t c;
		size_t n = utf8_next(p, &c);
		if (n == 0) {
			fprintf(f, "\\x%02X", *p);
			n = 1;
		} else if (c == '<') {
			fputs("&lt;", f);
		} else if (c == '>') {
			fputs("&gt;", f);
		} else if (c == '&') {
			fputs("&amp;", f);
		} else if (c == '"') {
			fputs("&quot;", f);
		} else if (c == '\'') {
			fputs("&#39;", f);
		} else if (c == '\n' || c == '\t' || c == '\r') {
			/* as references, so attribute values keep them too */
			fprintf(f, "&#%u;", (unsigned)c);
		} else if (!xml_ok(c)) {
			if (c < 0x100)
				fprintf(f, "\\x%02X", (unsigned)c);
			else
				fprintf(f, "\\u{%04X}", (unsigned)c);
		} else {
			fwrite(p, 1, n, f);
		}
		p += n;
		done += n;
	}
	if (done < total)
		fprintf(f, "... (%zu more bytes)", total - done);
}

void rpt_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		uint32_t c;
		size_t n = utf8_next(p, &c);
		if (n == 0) {
			fputs("\\ufffd", f);
			n = 1;
		} else if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc((int)c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029) {
			fprintf(f, "\\u%04x", (unsigned)c);
		} else {
			fwrite(p, 1, n, f);
		}
		p += n;
	}
	fputc('"', f);
}

/* YAML 1.2 c-printable, which a double-quoted scalar may hold as is. */
static bool yaml_printable(uint32_t c)
{
	if (c == '\t')
		return true;
	if (c < 0x20 || c == 0x7F)
		return false;
	if (c >= 0x80 && c < 0xA0)
		return false;
	return c != 0xFFFE && c != 0xFFFF && c != 0xFEFF;
}

void rpt_yaml_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputc('~', f);
		return;
	}
	fputc('"', f);
	while (*p) {
		uint32_t c;
		size_t n = utf8_next(p, &c);
		if (n == 0) {
			fputs("\\uFFFD", f);
			n = 1;
		} else if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc((int)c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (!yaml_printable(c)) {
			fprintf(f, "\\u%04X", (unsigned)c);
		} else {
			fwrite(p, 1, n, f);
		}
		p += n;
	}
	fputc('"', f);
}

void rpt_xml_esc(FILE *f, const char *s)
{
	rpt_xml_put(f, s, 0);
}

void rpt_term_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		uint32_t c;
		size_t n = utf8_next(p, &c);
		if (n == 0) {
			fprintf(f, "\\x%02X", *p);
			n = 1;
		} else if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc((int)c, f);
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
			fprintf(f, "\\x%02X", (unsigned)c);
		} else {
			fwrite(p, 1, n, f);
		}
		p += n;
	}
	fputc('"', f);
}
