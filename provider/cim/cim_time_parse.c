/*
 * cim_time_parse.c - CIM datetime text back to virtual nanoseconds: the
 * inverse of cim_datetime()/cim_interval(), so a client reading a job over
 * a protocol (CIM-XML, WS-Management) sees the same numbers as one calling
 * the ABI.
 */
#include <string.h>

#include "srh/cim.h"

#define NS_PER_US 1000ull
#define US_PER_SEC 1000000ull
#define SEC_PER_DAY 86400ull
#define EPOCH_DAYS_SINCE_1970 20454ull /* 2026-01-01, as in cim_time.c */
/* Whole days that still fit in uint64 nanoseconds (about 584 years). */
#define MAX_DAYS (UINT64_MAX / (SEC_PER_DAY * US_PER_SEC * NS_PER_US) - 1)

/* n decimal digits at p into *v; false on a non-digit. */
static bool digits(const char *p, int n, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(p[i] - '0');
	}
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil, years >= 1). */
static uint64_t days_from_civil(uint64_t y, unsigned m, unsigned d)
{
	uint64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool leap(uint64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "hhmmss.mmmmmm" at p -> microseconds within a day. */
static bool time_of_day(const char *p, uint64_t *us)
{
	uint64_t h, mi, s, frac;

	if (!digits(p, 2, &h) || !digits(p + 2, 2, &mi) || !digits(p + 4, 2, &s) || p[6] != '.' ||
	    !digits(p + 7, 6, &frac) || h > 23 || mi > 59 || s > 59)
		return false;
	*us = ((h * 60 + mi) * 60 + s) * US_PER_SEC + frac;
	return true;
}

int cim_parse_datetime(const char *text, uint64_t *ns)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	uint64_t y, m, d, us, days, off;

	if (!text)
		return -1;
	if (text[0] == '\0') {
		*ns = CIM_TIME_NULL;
		return 0;
	}
	if (strlen(text) != CIM_DATETIME_LEN || (text[21] != '+' && text[21] != '-') ||
	    !digits(text + 22, 3, &off) || off != 0)
		return -1;
	if (!digits(text, 4, &y) || !digits(text + 4, 2, &m) || !digits(text + 6, 2, &d) ||
	    y == 0 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)) ||
	    !time_of_day(text + 8, &us))
		return -1;
	days = days_from_civil(y, (unsigned)m, (unsigned)d);
	if (days < EPOCH_DAYS_SINCE_1970)
		return -1;
	days -= EPOCH_DAYS_SINCE_1970;
	if (days > MAX_DAYS)
		return -1;
	*ns = (days * SEC_PER_DAY * US_PER_SEC + us) * NS_PER_US;
	return 0;
}

int cim_parse_interval(const char *text, uint64_t *ns)
{
	uint64_t days, us;

	if (!text)
		return -1;
	if (text[0] == '\0') {
		*ns = CIM_TIME_NULL;
		return 0;
	}
	if (strlen(text) != CIM_DATETIME_LEN || text[21] != ':' || strcmp(text + 22, "000") != 0 ||
	    !digits(text, 8, &days) || !time_of_day(text + 8, &us) || days > MAX_DAYS)
		return -1;
	*ns = (days * SEC_PER_DAY * US_PER_SEC + us) * NS_PER_US;
	return 0;
}
