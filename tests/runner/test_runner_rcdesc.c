/* srh_rcdesc: a vendor rc's description from a hostile provider (contract.md:
 * 32768..65535 "allowed; recorded with the provider's own description").
 * NULL, empty, huge, non-UTF-8 and control characters become a bounded,
 * printable copy or NULL; nothing is asked for a code that is not vendor
 * specific. The fake ops table stands in for a provider. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "srh_rcdesc.h"

static const char *answer;
static unsigned asked;

static const char *fake_rc_description(prov_ctx *ctx, uint32_t rc)
{
	(void)ctx, (void)rc;
	asked++;
	return answer;
}

static const prov_ops fake = {.rc_description = fake_rc_description};

static char *get(uint32_t rc, const char *text)
{
	int fail = 0;
	char *d;

	answer = text;
	d = srh_rc_desc_get(&fake, NULL, rc, &fail);
	cr_assert_eq(fail, 0);
	return d;
}

Test(rcdesc, vendor_range_only)
{
	char *d;

	asked = 0;
	cr_assert_null(get(0, "x"));
	cr_assert_null(get(6, "x"));
	cr_assert_null(get(32767, "x"), "DMTF reserved, not vendor");
	cr_assert_null(get(65536, "x"));
	cr_assert_eq(asked, 0, "asked about a code that is not vendor specific");
	d = get(32768, "SRSIM: job store busy");
	cr_assert_str_eq(d, "SRSIM: job store busy");
	free(d);
	d = get(65535, "last");
	cr_assert_str_eq(d, "last");
	free(d);
	cr_assert_eq(asked, 2);
}

Test(rcdesc, absent_is_null)
{
	prov_ops none = {0};
	int fail = 0;

	cr_assert_null(get(32768, NULL));
	cr_assert_null(get(32768, ""));
	cr_assert_null(srh_rc_desc_get(&none, NULL, 32768, &fail), "rc_description may be NULL");
	cr_assert_null(srh_rc_desc_get(NULL, NULL, 32768, &fail));
	cr_assert_eq(fail, 0);
}

Test(rcdesc, huge_is_capped)
{
	size_t big = 3u * SRH_CHECK_MAX_STR;
	char *s = malloc(big + 1), *d;

	cr_assert_not_null(s);
	memset(s, 'a', big);
	s[big] = '\0';
	d = get(40000, s);
	cr_assert_not_null(d);
	cr_assert_eq(strlen(d), SRH_CHECK_MAX_STR);
	cr_assert_str_eq(d + SRH_CHECK_MAX_STR - 3, "...", "a cut text says so");
	free(d);
	free(s);
}

Test(rcdesc, escapes_make_it_printable_utf8)
{
	/* valid UTF-8 (U+00E9, U+20AC) stays; an invalid byte, an overlong
	 * form, a control character, ESC, a C1 control and a backslash are
	 * escaped */
	char *d = get(32770, "caf\xc3\xa9 \xe2\x82\xac \xff\xc0\xaf\x01\x1b[2J\xc2\x9b\\");

	cr_assert_str_eq(d, "caf\xc3\xa9 \xe2\x82\xac \\xFF\\xC0\\xAF\\x01\\x1B[2J\\xC2\\x9B\\\\");
	free(d);
	/* a sequence cut by the end of the string */
	d = get(32770, "end\xe2\x82");
	cr_assert_str_eq(d, "end\\xE2\\x82");
	free(d);
}

Test(rcdesc, note_after_the_number)
{
	char buf[64], tiny[12];

	cr_assert_str_eq(srh_rc_note(buf, sizeof(buf), 0, "ignored"), "");
	cr_assert_str_eq(srh_rc_note(buf, sizeof(buf), 4097, NULL), "");
	cr_assert_str_eq(srh_rc_note(buf, sizeof(buf), 32768, "SRSIM: job store busy"),
			 " (SRSIM: job store busy)");
	cr_assert_str_eq(srh_rc_note(buf, sizeof(buf), 32768, NULL), " (no description)");
	/* cut on a UTF-8 boundary, closed */
	srh_rc_note(tiny, sizeof(tiny), 32768, "abc\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac");
	cr_assert_str_eq(tiny, " (abc...)");
}
