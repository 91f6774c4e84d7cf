/*
 * wire_seen.h - the wire-finding sink of the codec tests (cimxml, wsman):
 * both protocols' wire checkers deliver findings through the same sink
 * shape (cimxml_wire_sink, wsman_wire_sink), so one recorder serves both.
 * Header-only: each test binary gets its own static copy.
 */
#ifndef SRH_TESTS_WIRE_SEEN_H
#define SRH_TESTS_WIRE_SEEN_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

/* At least CIMXML_WIRE_MAX / WSMAN_WIRE_MAX (each test asserts it). */
#define WIRE_SEEN_MAX 32

typedef struct seen {
	int n;
	srh_rule_id rules[WIRE_SEEN_MAX];
	char where[WIRE_SEEN_MAX][64];
} seen;

/* A wire sink: records each finding's rule and place in the seen ctx. */
static void sink(void *ctx, srh_rule_id rule, const char *where, const char *expected,
		 const char *observed)
{
	seen *s = ctx;

	cr_assert(expected && observed && where);
	cr_assert_lt(s->n, WIRE_SEEN_MAX);
	s->rules[s->n] = rule;
	snprintf(s->where[s->n], sizeof s->where[0], "%s", where);
	s->n++;
}

/* Was rule r found (at where; NULL: anywhere)? */
static bool has(const seen *s, srh_rule_id r, const char *where)
{
	for (int i = 0; i < s->n; i++)
		if (s->rules[i] == r && (!where || strcmp(s->where[i], where) == 0))
			return true;
	return false;
}

#endif
