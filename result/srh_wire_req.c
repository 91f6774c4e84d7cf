/*
 * srh_wire_req.c - a request (srh_request.h) as bytes, parent to worker,
 * and its copy and free. Same frame and same distrust as a result: a
 * worker refuses a request it cannot read whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_request.h"
#include "srh_util.h"
#include "srh_wire.h"
#include "srh_wire_int.h"
#include "srh/cim_fmt.h"

#define REQ_VERSION 2u

int srh_request_copy(srh_request *dst, const srh_request *src)
{
	int fail = 0;

	*dst = *src;
	dst->name = srh_strdup(src->name, &fail);
	dst->file = srh_strdup(src->file, &fail);
	dst->job_kind = srh_strdup(src->job_kind, &fail);
	dst->text = srh_strdup(src->text, &fail);
	dst->provider = srh_strdup(src->provider, &fail);
	dst->profile = srh_strdup(src->profile, &fail);
	if (fail) {
		srh_request_free(dst);
		return -1;
	}
	return 0;
}

void srh_request_free(srh_request *rq)
{
	if (!rq)
		return;
	/* The strings of a copied or decoded request are its own. */
	free((void *)rq->name);
	free((void *)rq->file);
	free((void *)rq->job_kind);
	free((void *)rq->text);
	free((void *)rq->provider);
	free((void *)rq->profile);
	memset(rq, 0, sizeof(*rq));
}

int srh_wire_encode_request(const srh_request *rq, unsigned char **out, size_t *len)
{
	srh_wbuf body = {0};

	*out = NULL;
	*len = 0;
	/* A text cut at the string cap would be another scenario. */
	if (!rq->name || (rq->text && strlen(rq->text) > SRH_WIRE_STR_MAX))
		return -1;
	srh_wput_str(&body, rq->name);
	srh_wput_str(&body, rq->file);
	srh_wput_str(&body, rq->job_kind);
	srh_wput_str(&body, rq->text);
	put_u64(&body, rq->seed);
	put_u8(&body, rq->has_seed);
	put_u8(&body, rq->sweep);
	srh_wput_str(&body, rq->provider);
	srh_wput_str(&body, rq->profile);
	put_u64(&body, (uint64_t)(uintptr_t)rq->model);
	return srh_wire_wrap(&body, SRH_WIRE_MAGIC_REQUEST, REQ_VERSION, out, len);
}

int srh_wire_decode_request(const unsigned char *buf, size_t len, srh_request *rq, char *err,
			    size_t errlen)
{
	srh_rbuf b;
	uint8_t has_seed, sweep;

	memset(rq, 0, sizeof(*rq));
	srh_wire_unwrap(&b, buf, len, SRH_WIRE_MAGIC_REQUEST, REQ_VERSION);
	rq->name = srh_wget_str(&b);
	rq->file = srh_wget_str(&b);
	rq->job_kind = srh_wget_str(&b);
	rq->text = srh_wget_str(&b);
	rq->seed = get_u64(&b);
	has_seed = get_u8(&b);
	sweep = get_u8(&b);
	rq->provider = srh_wget_str(&b);
	rq->profile = srh_wget_str(&b);
	/* An address in the parent, valid here because this worker was
	 * forked after the unit was submitted (the pool sends 0 otherwise). */
	rq->model = (const struct scn_scenario *)(uintptr_t)get_u64(&b);
	rq->has_seed = has_seed != 0;
	rq->sweep = sweep != 0;
	if (!b.err && (!rq->name || has_seed > 1 || sweep > 1))
		srh_wbad(&b, "bad request record");
	if (!b.err && b.off != b.n)
		srh_wbad(&b, "trailing bytes after the request");
	if (b.err) {
		if (err && errlen)
			cim_fmt(err, errlen, "malformed request: %s", b.err);
		srh_request_free(rq);
		return -1;
	}
	return 0;
}
