/*
 * test_cim_time.c - CIM datetime and interval text (DSP0004 formats).
 * Expected dates are calendar facts counted from CIM_EPOCH 2026-01-01.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#include "srh/cim.h"

#define US 1000ull
#define SEC (1000ull * 1000ull * 1000ull)
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)

static const char *dt(uint64_t ns)
{
	static char buf[CIM_DATETIME_LEN + 1];

	return cim_datetime(ns, buf);
}

static const char *iv(uint64_t ns)
{
	static char buf[CIM_DATETIME_LEN + 1];

	return cim_interval(ns, buf);
}

Test(datetime, epoch)
{
	char buf[CIM_DATETIME_LEN + 1];

	cr_expect_eq(cim_datetime(0, buf), buf, "returns buf");
	cr_expect_str_eq(buf, "20260101000000.000000+000");
	cr_expect_str_eq(buf, CIM_EPOCH_TEXT);
	cr_expect_eq(strlen(buf), CIM_DATETIME_LEN);
}

Test(datetime, microseconds_truncate)
{
	cr_expect_str_eq(dt(999), "20260101000000.000000+000");
	cr_expect_str_eq(dt(1 * US), "20260101000000.000001+000");
	cr_expect_str_eq(dt(1 * SEC - 1), "20260101000000.999999+000");
}

Test(datetime, time_of_day)
{
	cr_expect_str_eq(dt(DAY + 1 * HOUR + 2 * MIN + 3 * SEC + 456789 * US),
			 "20260102010203.456789+000");
	cr_expect_str_eq(dt(DAY - US), "20260101235959.999999+000");
}

Test(datetime, month_and_year_ends)
{
	cr_expect_str_eq(dt(31 * DAY), "20260201000000.000000+000");
	cr_expect_str_eq(dt(58 * DAY), "20260228000000.000000+000");
	cr_expect_str_eq(dt(59 * DAY), "20260301000000.000000+000", "2026 is not leap");
	cr_expect_str_eq(dt(365 * DAY - US), "20261231235959.999999+000");
	cr_expect_str_eq(dt(365 * DAY), "20270101000000.000000+000");
	cr_expect_str_eq(dt(424 * DAY), "20270301000000.000000+000", "2027 is not leap");
}

Test(datetime, leap_day_2028)
{
	cr_expect_str_eq(dt(789 * DAY), "20280229000000.000000+000");
	cr_expect_str_eq(dt(789 * DAY + 12 * HOUR), "20280229120000.000000+000");
	cr_expect_str_eq(dt(790 * DAY), "20280301000000.000000+000");
}

Test(datetime, century_rules)
{
	cr_expect_str_eq(dt(27086 * DAY), "21000228000000.000000+000");
	cr_expect_str_eq(dt(27087 * DAY), "21000301000000.000000+000", "2100 is not leap");
	cr_expect_str_eq(dt(136659 * DAY), "24000229000000.000000+000", "2400 is leap");
}

Test(datetime, largest_and_null)
{
	cr_expect_str_eq(dt(UINT64_MAX - 1), "26100722233433.709551+000");
	cr_expect_str_eq(dt(CIM_TIME_NULL), "", "NULL datetime renders empty");
}

Test(interval, values)
{
	char buf[CIM_DATETIME_LEN + 1];

	cr_expect_eq(cim_interval(0, buf), buf);
	cr_expect_str_eq(buf, "00000000000000.000000:000");
	cr_expect_str_eq(iv(5 * MIN), "00000000000500.000000:000",
			 "TimeBeforeRemoval default from the spec");
	cr_expect_str_eq(iv(DAY + 2 * HOUR + 3 * MIN + 4 * SEC + 500000 * US),
			 "00000001020304.500000:000");
	cr_expect_str_eq(iv(3600 * SEC), "00000000010000.000000:000");
	cr_expect_str_eq(iv(1234 * DAY), "00001234000000.000000:000");
	cr_expect_str_eq(iv(1500), "00000000000000.000001:000");
	cr_expect_eq(strlen(iv(5 * MIN)), CIM_DATETIME_LEN);
}

Test(interval, largest_and_null)
{
	/* 2^64-2 ns = 213503 days 23:34:33.709551 */
	cr_expect_str_eq(iv(UINT64_MAX - 1), "00213503233433.709551:000");
	cr_expect_str_eq(iv(CIM_TIME_NULL), "");
}
