/*
 * fuzz_scn_roundtrip.c - libFuzzer target: the scenario model's writer
 * (scenarios/scn.h). Each input that parses is written as canonical YAML
 * (scn_write_string), the text parsed back, and the two models must be
 * scn_equal and the second write byte-identical to the first: any model
 * the parser builds can be written and read back. Parsed with no name
 * tables (any well-formed name passes), so more inputs get through.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[SCN_ERRLEN], why[256];
	scn_scenario *s = NULL, *back = NULL;
	char *t1 = NULL, *t2 = NULL;
	size_t l1 = 0, l2 = 0;

	if (scn_parse_string("fuzz.yaml", (const char *)data, size, NULL, &s, err, sizeof err))
		return 0;
	if (scn_write_string(s, &t1, &l1) != 0)
		abort(); /* only out of memory, which libFuzzer's limits do not reach */
	if (scn_parse_string("w.yaml", t1, l1, NULL, &back, err, sizeof err) != 0) {
		fprintf(stderr, "written text does not parse: %s\n%s\n", err, t1);
		abort();
	}
	if (!scn_equal(s, back, why, sizeof why)) {
		fprintf(stderr, "read back differs at %s\n%s\n", why, t1);
		abort();
	}
	if (scn_write_string(back, &t2, &l2) != 0 || l1 != l2 || memcmp(t1, t2, l1) != 0) {
		fprintf(stderr, "second write differs\n%s\n---\n%s\n", t1, t2 ? t2 : "");
		abort();
	}
	free(t1);
	free(t2);
	scn_free(s);
	scn_free(back);
	return 0;
}
