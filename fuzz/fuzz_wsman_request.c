/*
 * fuzz_wsman_request.c - libFuzzer target: a WS-Management request as any
 * HTTP client of `srh serve --wsman` can send it, through the whole
 * backend (wsman/wsman.h: envelope parse, the operation on a stage with
 * the demo jobs, the envelope or fault written back).
 *
 * Besides not crashing: every answer is a status of 200, 400 or 500 with
 * a body that is well-formed XML (a SOAP envelope), and a request the
 * parser refuses comes back as a fault, never as a result.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "srh_stage.h"
#include "wsman.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static srh_stage *st;
static wsman_backend *be;

/* One stage for the whole run: building the demo is the slow part. */
static void setup(void)
{
	srh_stage_opts o;
	char err[512];

	srh_stage_opts_default(&o);
	if (srh_stage_new(&o, &st, err, sizeof err) != 0 ||
	    srh_stage_build_demo(st, err, sizeof err) != 0 ||
	    wsman_backend_new(&(wsman_backend_opts){.stage = st, .tick_ns = 1000000}, &be, err,
			      sizeof err) != 0)
		abort();
	xmlInitParser();
}

static void well_formed(const wsman_buf *b)
{
	xmlDoc *d = xmlReadMemory(b->data, (int)b->len, "answer", NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (!d)
		abort();
	xmlFreeDoc(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const prov_principal who = {"alice", 0};
	wsman_exchange x = {.who = &who, .body = (const char *)data, .len = size};
	wsman_request *r = NULL;
	char err[WSMAN_ERRLEN];
	int pe;

	if (!be)
		setup();
	pe = wsman_parse_request((const char *)data, size, 0, &r, err, sizeof err);
	if ((pe != WSMAN_PE_OK) != (r == NULL))
		abort(); /* the promise: a request exactly when it parsed */
	wsman_request_free(r);
	wsman_buf_init(&x.out);
	wsman_backend_handle(be, &x);
	if (x.status != 200 && x.status != 400 && x.status != 500)
		abort();
	if (x.out.len == 0 || x.out.len > 64u << 20)
		abort();
	well_formed(&x.out);
	if (pe != WSMAN_PE_OK && !strstr(x.out.data, "<s:Fault>"))
		abort();
	wsman_buf_free(&x.out);
	return 0;
}
