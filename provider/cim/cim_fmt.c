/*
 * cim_fmt.c - the conversions a run's texts use, formatted without stdio.
 * glibc's vsnprintf sets up a FILE on every call (about 1,000 instructions
 * before the first byte); a run formats a few hundred short texts.
 */
#include "srh/cim_fmt.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(size_t) == sizeof(unsigned long), "%zu is read as unsigned long");

typedef struct fmt_out {
	char *buf;
	size_t cap, n;
} fmt_out;

static void out_mem(fmt_out *o, const char *s, size_t len)
{
	if (o->n < o->cap) {
		size_t room = o->cap - o->n;
		memcpy(o->buf + o->n, s, len < room ? len : room);
	}
	o->n += len;
}

static void out_num(fmt_out *o, unsigned long long v, bool neg, unsigned base)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[--i] = '-';
	out_mem(o, tmp + i, sizeof(tmp) - i);
}

/* The length modifier at *p (none, l, ll, z): its size class, p moved past. */
static int len_mod(const char **p)
{
	if (**p == 'l' && (*p)[1] == 'l') {
		*p += 2;
		return 2;
	}
	if (**p == 'l' || **p == 'z') {
		(*p)++;
		return 1;
	}
	return 0;
}

static unsigned long long arg_u(va_list *ap, int len)
{
	if (len == 2)
		return va_arg(*ap, unsigned long long);
	if (len == 1)
		return va_arg(*ap, unsigned long); /* size_t is unsigned long here */
	return va_arg(*ap, unsigned);
}

static long long arg_d(va_list *ap, int len)
{
	if (len == 2)
		return va_arg(*ap, long long);
	if (len == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void out_signed(fmt_out *o, long long d)
{
	unsigned long long u = d < 0 ? 0ULL - (unsigned long long)d : (unsigned long long)d;

	out_num(o, u, d < 0, 10);
}

/* %s with an optional precision (prec < 0: none). False for a NULL. */
static bool out_str(fmt_out *o, const char *s, int prec)
{
	if (!s)
		return false;
	out_mem(o, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec));
	return true;
}

/* The precision after '.' at *p: digits or '*'. */
static int precision(const char **p, va_list *ap)
{
	int v = 0;

	if (**p == '*') {
		(*p)++;
		v = va_arg(*ap, int);
		return v < 0 ? -1 : v;
	}
	while (**p >= '0' && **p <= '9') {
		if (v > (INT_MAX - 9) / 10)
			return -2;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

/* One conversion after '%' at *p. False when it is not one of ours. */
static bool conv(fmt_out *o, const char **p, va_list *ap)
{
	int prec = -1, len;
	char c;

	if (**p == '.') {
		(*p)++;
		prec = precision(p, ap);
		if (prec < -1 || **p != 's')
			return false;
	}
	len = len_mod(p);
	c = *(*p)++;
	if (c == 's' && len == 0)
		return out_str(o, va_arg(*ap, const char *), prec);
	if (c == 'd' || c == 'i')
		out_signed(o, arg_d(ap, len));
	else if (c == 'u' || c == 'x')
		out_num(o, arg_u(ap, len), false, c == 'u' ? 10 : 16);
	else if (c == 'c' && len == 0) {
		char ch = (char)va_arg(*ap, int);
		out_mem(o, &ch, 1);
	} else if (c == '%' && len == 0)
		out_mem(o, "%", 1);
	else
		return false;
	return true;
}

static bool fast(fmt_out *o, const char *fmt, va_list *ap)
{
	const char *p = fmt;

	while (*p) {
		const char *q = strchr(p, '%');
		if (!q) {
			out_mem(o, p, strlen(p));
			break;
		}
		out_mem(o, p, (size_t)(q - p));
		p = q + 1;
		if (!conv(o, &p, ap))
			return false;
	}
	return o->n <= INT_MAX;
}

int cim_vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
	fmt_out o = {buf, cap ? cap - 1 : 0, 0};
	va_list cp;
	bool ok;

	va_copy(cp, ap);
	ok = fast(&o, fmt, &cp);
	va_end(cp);
	if (!ok)
		return vsnprintf(buf, cap, fmt, ap);
	if (cap)
		buf[o.n < o.cap ? o.n : o.cap] = '\0';
	return (int)o.n;
}

int cim_fmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = cim_vfmt(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}
