/*
 * test_cim_fmt.c - cim_fmt against the C library's snprintf (C11 7.21.6.1
 * is the oracle): the same bytes and the same return value at every buffer
 * size, for the conversions it does itself and for those it hands on.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

#include "srh/cim_fmt.h"

/* Format with both at every cap from 0 to the whole length + 2. */
static void same(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void same(const char *fmt, ...)
{
	char want[512], got[512];
	va_list ap, cp;
	int nw, ng;

	va_start(ap, fmt);
	va_copy(cp, ap);
	nw = vsnprintf(want, sizeof(want), fmt, cp);
	va_end(cp);
	cr_assert(nw >= 0 && nw < (int)sizeof(want) - 2);
	for (size_t cap = 0; cap <= (size_t)nw + 2; cap++) {
		memset(want, 'W', sizeof(want));
		memset(got, 'G', sizeof(got));
		va_copy(cp, ap);
		nw = vsnprintf(want, cap, fmt, cp);
		va_end(cp);
		va_copy(cp, ap);
		ng = cim_vfmt(cap ? got : NULL, cap, fmt, cp);
		va_end(cp);
		cr_expect_eq(ng, nw, "\"%s\" cap %zu: %d, snprintf %d", fmt, cap, ng, nw);
		/* The bytes written: the text cut at cap - 1 and its NUL. */
		size_t w = cap < (size_t)nw + 1 ? cap : (size_t)nw + 1;
		if (cap)
			cr_expect_eq(memcmp(got, want, w), 0,
				     "\"%s\" cap %zu: \"%.*s\" vs \"%.*s\"", fmt, cap, (int)cap,
				     got, (int)cap, want);
	}
	va_end(ap);
}

Test(cim_fmt, own_conversions_match_snprintf)
{
	same("plain text, no conversion");
	same("%s", "");
	same("%s|%s", "a", "bc");
	same("job %.80s: ", "x123456789x123456789x123456789x123456789x123456789x123456789"
			    "x123456789x123456789x123456789");
	same("%.3s %.0s %.*s %.*s", "abcdef", "zz", 2, "xyz", -1, "neg");
	same("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	same("%i %u %u %x %x", 42, 0u, UINT_MAX, 0xdeadbeefu, 0u);
	same("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
	same("%zu %zu %zd", (size_t)0, SIZE_MAX, (ssize_t)-5);
	same("%" PRIu64 " %" PRIu32 " %" PRId64, UINT64_MAX, UINT32_MAX, INT64_MIN);
	same("100%% %c%c", 'o', 'k');
	same("rc %" PRIu32 "%s, %zu error(s), JobState %s (line %d)", 4096u, " (x)", (size_t)2,
	     "Running", 17);
}

Test(cim_fmt, other_conversions_are_handed_on)
{
	same("%5d|%-4s|%04u", 7, "ab", 9u);
	same("%" PRIu64 ".%09" PRIu64 "s", (uint64_t)12, (uint64_t)345);
	const char *volatile none = NULL;

	same("%s and %s", "first", none);
	same("%.2f %g %p", 1.5, 2.0, (void *)0);
	same("%hd %hhu %+d % d %#x", (short)-3, (unsigned char)200, 5, 6, 255u);
	same("%lc%%", (wint_t)'w');
}

Test(cim_fmt, literal_bytes)
{
	char b[16];

	cr_expect_eq(cim_fmt(b, sizeof(b), "%s-%u-%d", "ab", 12u, -3), 8);
	cr_expect_str_eq(b, "ab-12--3");
	cr_expect_eq(cim_fmt(b, 4, "%s", "abcdef"), 6);
	cr_expect_str_eq(b, "abc");
	cr_expect_eq(cim_fmt(b, sizeof(b), "%x", 255u), 2);
	cr_expect_str_eq(b, "ff");
}
