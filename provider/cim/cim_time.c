/*
 * cim_time.c - CIM datetime text from virtual time. Pure integer calendar
 * arithmetic (no libc time functions, no time zone): virtual time is UTC
 * nanoseconds since CIM_EPOCH, rendered with microsecond precision
 * (truncated), as DSP0004 datetimes carry.
 */
#include "srh/cim.h"

#define NS_PER_US 1000ull
#define US_PER_SEC 1000000ull
#define SEC_PER_DAY 86400ull
/* Days from 1970-01-01 to CIM_EPOCH, 2026-01-01: 56 years, 14 of them leap. */
#define EPOCH_DAYS_SINCE_1970 20454ull

/* Write v as exactly width decimal digits (leading zeros); returns the end. */
static char *put_digits(char *p, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/*
 * Proleptic Gregorian date of a day count since 1970-01-01, after Howard
 * Hinnant's civil_from_days: shift to a year that starts on March 1 so the
 * leap day is the last day of the year, then split 400-year eras.
 */
static void civil_from_days(uint64_t days, uint64_t *y, unsigned *m, unsigned *d)
{
	uint64_t z = days + 719468; /* days since 0000-03-01 */
	uint64_t era = z / 146097;
	uint64_t doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* "hhmmss.mmmmmm" of the time within a day; returns the end. */
static char *put_time_of_day(char *p, uint64_t us_in_day)
{
	uint64_t sec = us_in_day / US_PER_SEC;

	p = put_digits(p, sec / 3600, 2);
	p = put_digits(p, sec / 60 % 60, 2);
	p = put_digits(p, sec % 60, 2);
	*p++ = '.';
	return put_digits(p, us_in_day % US_PER_SEC, 6);
}

/* A NULL time (CIM_TIME_NULL) renders as "" so callers can test buf[0]. */
char *cim_datetime(uint64_t ns, char *buf)
{
	uint64_t us = ns / NS_PER_US, y;
	uint64_t days = us / (SEC_PER_DAY * US_PER_SEC);
	unsigned m, d;
	char *p = buf;

	if (ns == CIM_TIME_NULL) {
		buf[0] = '\0';
		return buf;
	}
	civil_from_days(EPOCH_DAYS_SINCE_1970 + days, &y, &m, &d);
	p = put_digits(p, y, 4); /* UINT64_MAX ns is year 2610: 4 digits suffice */
	p = put_digits(p, m, 2);
	p = put_digits(p, d, 2);
	p = put_time_of_day(p, us % (SEC_PER_DAY * US_PER_SEC));
	*p++ = '+'; /* UTC offset in minutes */
	p = put_digits(p, 0, 3);
	*p = '\0';
	return buf;
}

char *cim_interval(uint64_t ns, char *buf)
{
	uint64_t us = ns / NS_PER_US;
	char *p = buf;

	if (ns == CIM_TIME_NULL) {
		buf[0] = '\0';
		return buf;
	}
	/* At most 213503 days fit in uint64 ns: 8 digits always suffice. */
	p = put_digits(p, us / (SEC_PER_DAY * US_PER_SEC), 8);
	p = put_time_of_day(p, us % (SEC_PER_DAY * US_PER_SEC));
	*p++ = ':';
	p = put_digits(p, 0, 3);
	*p = '\0';
	return buf;
}
