/*
 * fuzz_wsman_response.c - libFuzzer target: the client side reader of
 * WS-Management responses (wsman/wsman.h, wsman_parse_response), i.e.
 * what a live target answers `srh run --target wsman+http://...`, and
 * the wire rules judging the same bytes (wsman_wire_check: at most
 * WSMAN_WIRE_MAX findings, each with its three strings).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "wsman.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, srh_rule_id rule, const char *where, const char *expected,
		 const char *observed)
{
	int *n = ctx;

	if (!where || !expected || !observed || !srh_rule_is_wire(rule) || ++*n > WSMAN_WIRE_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[WSMAN_ERRLEN];
	wsman_response *r = NULL;
	int n = 0, found = wsman_wire_check((const char *)data, size, sink, &n);

	if (found != -1 && found != n)
		abort();
	if (wsman_parse_response((const char *)data, size, 0, &r, err, sizeof err) != 0) {
		if (r != NULL) /* the promise: no response on error */
			abort();
		return 0;
	}
	if (!r || (r->n_jobs && !r->jobs) || (r->n_errors && !r->errors))
		abort();
	for (size_t i = 0; i < r->n_jobs; i++)
		if (!r->jobs[i] || !r->jobs[i]->class_name)
			abort();
	wsman_response_free(r);
	return 0;
}
