/* cim_util.c - NULL-aware strings, string arrays and a text buffer. */
#include "cim_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cim_str_dup(const char *s, size_t max, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	/* strndup reads at most max bytes: a hostile string without its NUL
	 * is never read past the cap. */
	d = strndup(s, max);
	if (!d)
		*fail = true;
	return d;
}

bool cim_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

void cim_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int cim_strv_dup(char *const *v, size_t n, size_t max_str, size_t max_arr, char ***out,
		 size_t *out_n)
{
	bool fail = false;
	char **d;

	*out = NULL;
	*out_n = 0;
	/* An insane count is never read: the array copies as NULL. */
	if (!v || n > max_arr || n == SIZE_MAX)
		return 0;
	/* n + 1 keeps an empty array non-NULL without relying on malloc(0). */
	d = calloc(n + 1, sizeof(*d));
	if (!d)
		return -1;
	for (size_t i = 0; i < n && !fail; i++)
		d[i] = cim_str_dup(v[i], max_str, &fail);
	if (fail) {
		cim_strv_free(d, n);
		return -1;
	}
	*out = d;
	*out_n = n;
	return 0;
}

bool cim_strv_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (!a || !b)
		return a == b;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (!cim_str_eq(a[i], b[i]))
			return false;
	}
	return true;
}

void cim_sb_init(cim_sb *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->failed = false;
}

static bool cim_sb_reserve(cim_sb *sb, size_t more)
{
	size_t cap = sb->cap ? sb->cap : 256;
	char *nb;

	if (sb->failed)
		return false;
	if (sb->len + more + 1 <= sb->cap)
		return true;
	while (cap < sb->len + more + 1)
		cap *= 2;
	nb = realloc(sb->buf, cap);
	if (!nb) {
		sb->failed = true;
		return false;
	}
	sb->buf = nb;
	sb->cap = cap;
	return true;
}

void cim_sb_add(cim_sb *sb, const char *s)
{
	size_t n = strlen(s);

	if (!cim_sb_reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

void cim_sb_addf(cim_sb *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!cim_sb_reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	sb->len += (size_t)n;
}

char *cim_sb_finish(cim_sb *sb)
{
	char *out = sb->buf;

	/* Nothing was ever appended: still hand back a valid empty string. */
	if (!sb->failed && !out && cim_sb_reserve(sb, 0)) {
		out = sb->buf;
		out[0] = '\0';
	}
	if (sb->failed) {
		free(sb->buf);
		out = NULL;
	}
	cim_sb_init(sb);
	return out;
}
