/*
 * fuzz_cimxml_request.c - libFuzzer target: the server side CIM-XML
 * request parser (cimxml/cimxml.h, cimxml_parse_request), i.e. what any
 * HTTP client of `srh serve` can send.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cimxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[512];
	cimxml_request *r = NULL;

	int rc = cimxml_parse_request((const char *)data, size, 0, &r, err, sizeof err);
	if (rc != CIMXML_PE_OK) {
		if (r != NULL) /* the promise: no request on error */
			abort();
		return 0;
	}
	if (!r)
		abort();
	(void)cimxml_request_param(r, "Error");
	cimxml_request_free(r);
	return 0;
}
