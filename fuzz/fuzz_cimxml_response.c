/*
 * fuzz_cimxml_response.c - libFuzzer target: the client side CIM-XML
 * response parser (cimxml_parse_response), i.e. what a hostile or broken
 * CIMOM can send to `srh run --target`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cimxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[512];
	cimxml_response *r = NULL;

	int rc = cimxml_parse_response((const char *)data, size, 0, &r, err, sizeof err);
	if (rc != CIMXML_PE_OK) {
		if (r != NULL)
			abort();
		return 0;
	}
	if (!r)
		abort();
	cimxml_response_free(r);
	return 0;
}
