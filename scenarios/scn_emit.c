/*
 * scn_emit.c - the canonical spelling of scenario values: one spelling per
 * value (the largest unit that divides a duration, size or bandwidth
 * exactly; the shortest decimal of a probability; a ValueMap's name), and
 * strings quoted only when YAML would read them otherwise.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scn_emit.h"

static void grow(scn_buf *w, size_t more)
{
	size_t cap;
	char *nb;

	if (w->oom || w->n + more + 1 <= w->cap)
		return;
	cap = w->cap ? w->cap : 1024;
	while (cap < w->n + more + 1)
		cap *= 2;
	if (!(nb = realloc(w->b, cap))) {
		w->oom = true;
		return;
	}
	w->b = nb;
	w->cap = cap;
}

static void put_n(scn_buf *w, const char *s, size_t len)
{
	grow(w, len);
	if (w->oom)
		return;
	memcpy(w->b + w->n, s, len);
	w->n += len;
	w->b[w->n] = '\0';
}

void scn_put(scn_buf *w, const char *s)
{
	put_n(w, s, strlen(s));
}

void scn_putf(scn_buf *w, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		w->oom = true; /* every caller formats short numbers */
		return;
	}
	put_n(w, tmp, (size_t)n);
}

size_t scn_col(const scn_buf *w)
{
	size_t i = w->n;

	while (i > 0 && w->b[i - 1] != '\n')
		i--;
	return w->n - i;
}

/* Words YAML 1.1 tools read as null or a boolean: quoted, so that the
 * file means the same to them as to this parser. */
static bool is_special(const char *s)
{
	static const char *const words[] = {"~",  "null", "true", "false", "yes", "no",
					    "on", "off",  "y",	  "n",	   NULL};

	if (!*s)
		return true;
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

static bool plain_ok(const char *s, bool flow)
{
	size_t len = strlen(s);

	if (is_special(s) || strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || s[len - 1] == ' ' ||
	    s[len - 1] == ':' || strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c < 0x20 || *c > 0x7e)
			return false;
		if (flow && strchr(",[]{}", *c))
			return false;
	}
	return true;
}

/* Decodes one UTF-8 sequence at s; 0 when it is not one. */
static size_t utf8_at(const unsigned char *s, uint32_t *cp)
{
	size_t more;
	uint32_t c;

	if ((*s & 0xe0) == 0xc0)
		c = *s & 0x1f, more = 1;
	else if ((*s & 0xf0) == 0xe0)
		c = *s & 0x0f, more = 2;
	else if ((*s & 0xf8) == 0xf0)
		c = *s & 0x07, more = 3;
	else
		return 0;
	for (size_t i = 1; i <= more; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return more + 1;
}

/* YAML's printable set, less the byte order mark: written as it is. */
static bool printable(uint32_t c)
{
	return (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

static void put_quoted(scn_buf *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	scn_put(w, "\"");
	while (*s) {
		uint32_t cp;
		size_t len;

		if (*s == '"' || *s == '\\') {
			scn_putf(w, "\\%c", *s++);
		} else if (*s == '\n' || *s == '\t' || *s == '\r') {
			scn_put(w, *s == '\n' ? "\\n" : *s == '\t' ? "\\t" : "\\r");
			s++;
		} else if (*s >= 0x20 && *s < 0x7f) {
			put_n(w, (const char *)s++, 1);
		} else if (*s < 0x80 || !(len = utf8_at(s, &cp))) {
			scn_putf(w, "\\x%02x", *s++); /* not UTF-8: scn_validate refuses it */
		} else {
			if (printable(cp))
				put_n(w, (const char *)s, len);
			else if (cp < 0x100)
				scn_putf(w, "\\x%02x", (unsigned)cp);
			else if (cp < 0x10000)
				scn_putf(w, "\\u%04x", (unsigned)cp);
			else
				scn_putf(w, "\\U%08x", (unsigned)cp);
			s += len;
		}
	}
	scn_put(w, "\"");
}

void scn_put_str(scn_buf *w, const char *s, bool flow)
{
	if (plain_ok(s, flow))
		scn_put(w, s);
	else
		put_quoted(w, s);
}

/* Text a folded scalar keeps as it is once its lines are joined with one
 * space: printable ASCII, no edge or double spaces, no line break but
 * maybe one at the very end. */
static bool foldable(const char *s, size_t *body)
{
	size_t len = strlen(s);

	if (len && s[len - 1] == '\n')
		len--;
	*body = len;
	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || (s[i] == ' ' && s[i + 1] == ' '))
			return false;
	return true;
}

void scn_put_text(scn_buf *w, size_t indent, const char *key, const char *s)
{
	size_t start = w->n, body, i = 0;

	scn_putf(w, "%s: ", key);
	scn_put_str(w, s, false);
	if (w->oom || indent + (w->n - start) <= SCN_WIDTH || !foldable(s, &body))
		return;
	w->n = start; /* too long: fold it at single spaces */
	w->b[w->n] = '\0';
	scn_putf(w, "%s: %s", key, s[body] == '\n' ? ">" : ">-");
	while (i < body) {
		size_t end = i;

		/* One word, then as many more as fit by SCN_FOLD. */
		while (end < body && s[end] != ' ')
			end++;
		while (end < body) {
			size_t next = end + 1;

			while (next < body && s[next] != ' ')
				next++;
			if (indent + 2 + (next - i) > SCN_FOLD)
				break;
			end = next;
		}
		scn_putf(w, "\n%*s", (int)(indent + 2), "");
		put_n(w, s + i, end - i);
		i = end + 1;
	}
}

typedef struct unit {
	const char *suffix;
	uint64_t mult;
} unit;

/* The largest unit of table (largest first) that divides v exactly. */
static void put_unit(scn_buf *w, uint64_t v, const unit *table)
{
	for (size_t i = 0; table[i].suffix; i++) {
		if (v % table[i].mult == 0) {
			scn_putf(w, "%llu%s", (unsigned long long)(v / table[i].mult),
				 table[i].suffix);
			return;
		}
	}
}

void scn_put_duration(scn_buf *w, uint64_t ns)
{
	static const unit t[] = {
	    {"d", 86400000000000ull},
	    {"h", 3600000000000ull},
	    {"m", 60000000000ull},
	    {"s", 1000000000ull},
	    {"ms", 1000000ull},
	    {"us", 1000ull},
	    {"ns", 1ull},
	    {NULL, 0},
	};

	if (ns == 0)
		scn_put(w, "0");
	else
		put_unit(w, ns, t);
}

void scn_put_size(scn_buf *w, uint64_t bytes)
{
	static const unit t[] = {
	    {"TiB", 1ull << 40}, {"TB", 1000000000000ull},
	    {"GiB", 1ull << 30}, {"GB", 1000000000ull},
	    {"MiB", 1ull << 20}, {"MB", 1000000ull},
	    {"KiB", 1ull << 10}, {"KB", 1000ull},
	    {"B", 1ull},	 {NULL, 0},
	};

	put_unit(w, bytes, t);
}

void scn_put_bandwidth(scn_buf *w, uint64_t bps)
{
	static const unit t[] = {
	    {"Tbps", 1000000000000ull}, {"Gbps", 1000000000ull}, {"Mbps", 1000000ull},
	    {"Kbps", 1000ull},		{"bps", 1ull},		 {NULL, 0},
	};

	put_unit(w, bps, t);
}

void scn_put_double(scn_buf *w, double d)
{
	char tmp[40];

	for (int prec = 1; prec <= 17; prec++) {
		(void)snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	scn_put(w, tmp);
}

void scn_put_vmap(scn_buf *w, const cim_valuemap *m, uint32_t v, bool flow)
{
	const char *name = cim_vmap_name(m, v);
	uint32_t back;

	/* A name that reads back as another value (none today) is written as
	 * the number. */
	if (name && cim_vmap_parse(m, name, &back) == 0 && back == v)
		scn_put_str(w, name, flow);
	else
		scn_putf(w, "%u", (unsigned)v);
}
