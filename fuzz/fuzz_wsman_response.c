/*
 * fuzz_wsman_response.c - libFuzzer target: the client side reader of
 * WS-Management responses (wsman/wsman.h, wsman_parse_response), i.e.
 * what a live target answers `srh run --target wsman+http://...`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "wsman.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[WSMAN_ERRLEN];
	wsman_response *r = NULL;

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
