/*
 * scn_units.c - numbers with units as a scenario writes them: durations,
 * sizes and bandwidths. Whole numbers only, so a value means exactly one
 * count of nanoseconds / bytes / bits per second (no rounding).
 */
#include <string.h>

#include "scn.h"

typedef struct unit {
	const char *suffix;
	uint64_t mult;
} unit;

static const unit durations[] = {
    {"ns", 1ull},
    {"us", 1000ull},
    {"ms", 1000000ull},
    {"s", 1000000000ull},
    {"m", 60ull * 1000000000ull},
    {"h", 3600ull * 1000000000ull},
    {"d", 86400ull * 1000000000ull},
    {NULL, 0},
};

static const unit sizes[] = {
    {"B", 1ull},
    {"KB", 1000ull},
    {"MB", 1000000ull},
    {"GB", 1000000000ull},
    {"TB", 1000000000000ull},
    {"KiB", 1ull << 10},
    {"MiB", 1ull << 20},
    {"GiB", 1ull << 30},
    {"TiB", 1ull << 40},
    {NULL, 0},
};

static const unit bandwidths[] = {
    {"bps", 1ull},	     {"Kbps", 1000ull},		 {"Mbps", 1000000ull},
    {"Gbps", 1000000000ull}, {"Tbps", 1000000000000ull}, {NULL, 0},
};

/* "<digits>[ ]<suffix>" with suffix from table; bare "0" when zero_ok. */
static int parse_unit(const char *text, const unit *table, int zero_ok, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = text;

	if (!text || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		uint64_t d = (uint64_t)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (*s == '\0') {
		if (!zero_ok || v != 0)
			return -1;
		*out = 0;
		return 0;
	}
	if (*s == ' ')
		s++;
	for (size_t i = 0; table[i].suffix; i++) {
		if (strcmp(s, table[i].suffix) != 0)
			continue;
		if (v > UINT64_MAX / table[i].mult)
			return -1;
		*out = v * table[i].mult;
		return 0;
	}
	return -1;
}

int scn_parse_duration(const char *text, uint64_t *out)
{
	return parse_unit(text, durations, 1, out);
}

int scn_parse_size(const char *text, uint64_t *out)
{
	return parse_unit(text, sizes, 0, out);
}

int scn_parse_bandwidth(const char *text, uint64_t *out)
{
	return parse_unit(text, bandwidths, 0, out);
}
