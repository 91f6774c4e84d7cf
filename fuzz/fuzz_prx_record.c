/*
 * fuzz_prx_record.c - libFuzzer target: the strict reader of srh proxy's
 * recordings (proxy/prx.h, prx_rec_parse), what `srh check-wire` and
 * `srh replay-wire` read from a file someone handed over. Each exchange
 * read must be whole: its parts present, NUL-terminated at their length.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_one(void *arg, const prx_exchange *x)
{
	(void)arg;
	if (!x->req_head || !x->req_body || !x->rsp_head || !x->rsp_body ||
	    x->req_head[x->req_head_len] || x->req_body[x->req_len] ||
	    x->rsp_head[x->rsp_head_len] || x->rsp_body[x->rsp_len] ||
	    strlen(x->principal) >= sizeof x->principal)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[PRX_ERRLEN];
	prx_rec_info info;
	long n = prx_rec_parse((const char *)data, size, &info, check_one, NULL, err, sizeof err);

	if (n < 0 && strncmp(err, "line ", 5) != 0) /* the promise: "line N: reason" */
		abort();
	return 0;
}
