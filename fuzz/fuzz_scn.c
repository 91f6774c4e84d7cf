/*
 * fuzz_scn.c - libFuzzer target: the scenario parser (scenarios/scn.h).
 *
 * Each input is parsed twice: with no name tables (any well-formed name
 * passes, as a lint does) and with small tables (the name checks and their
 * "allowed: ..." messages). Besides memory errors, the parser's own promise
 * is checked: a failure leaves *out NULL and a one-line "file:..." message
 * (no control characters, whatever the input quoted), a success gives a
 * scenario with its file name.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const f_kinds[] = {"initial_sync", "resync", "test_topology", NULL};
static const char *const f_sim_points[] = {"sim/disk/read", "sim/disk/write", "sim/net/partition",
					   NULL};
static const char *const f_prov_points[] = {"prov/engine/slow", "prov/store/read", NULL};
static const char *const f_phases[] = {"connect", "copy", "finalize", NULL};
static const scn_names f_names = {f_kinds, f_sim_points, f_prov_points, f_phases};

#define F_FILE "fuzz.yaml"

/* A control character (newline, escape, ...) in a message. */
static bool has_control(const char *msg)
{
	for (const unsigned char *c = (const unsigned char *)msg; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			return true;
	}
	return false;
}

static void parse_once(const uint8_t *data, size_t size, const scn_names *names)
{
	static char err[SCN_ERRLEN];
	scn_scenario *s = (scn_scenario *)(uintptr_t)1; /* must be overwritten */

	err[0] = '\0';
	int rc = scn_parse_string(F_FILE, (const char *)data, size, names, &s, err, sizeof err);
	if (rc != 0) {
		/* The promise of scn.h: no scenario, and one line naming the file
		 * (a report prints one message per line). */
		if (rc != -1 || s != NULL || strncmp(err, F_FILE, strlen(F_FILE)) != 0 ||
		    has_control(err))
			abort();
		return;
	}
	if (!s || !s->file || strcmp(s->file, F_FILE) != 0 || !s->name)
		abort();
	for (size_t i = 0; i < s->n_actions; i++) {
		const scn_action *a = &s->actions[i];
		(void)scn_call_name(a->call);
		for (size_t k = 0; k < a->n_expects; k++)
			(void)scn_prop_key(a->expects[k].prop);
	}
	scn_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_once(data, size, NULL);
	parse_once(data, size, &f_names);
	return 0;
}
