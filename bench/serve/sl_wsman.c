/*
 * sl_wsman.c - serve_load's WS-Management GetError: the Invoke envelope
 * as wsl and pywinrm send it (wsman_req_invoke), POSTed to /wsman on a
 * kept-alive connection, the answer checked against contract.md as the
 * CIM-XML one is (SRSIM:2: ReturnValue 0 and an Error; SRSIM:5:
 * ReturnValue 0, no Error).
 */
#include <stdio.h>

#include "serve_load.h"
#include "wsman_int.h"

int sl_wsman_req(srh_text *b, uint16_t port, const char *iid)
{
	char to[64];

	snprintf(to, sizeof to, "http://127.0.0.1:%u" WSMAN_PATH, (unsigned)port);
	wsman_req_invoke(b, to, WSMAN_JOB_CLASS, iid, "GetError", NULL, NULL);
	return b->failed || !b->len ? -1 : 0;
}

int sl_wsman_call(http_client *c, const srh_text *req, bool want_error)
{
	static const char *const hdr[] = {"Content-Type: application/soap+xml;charset=UTF-8"};
	char err[WSMAN_ERRLEN];
	http_reply hr = {0};
	wsman_response *r = NULL;
	int rc = -1;

	if (http_client_request(c, "POST", WSMAN_PATH, hdr, 1, req->data, req->len, &hr, err,
				sizeof err) != 0)
		goto out;
	rc = hr.status == 200 &&
	     wsman_parse_response(hr.body, hr.len, 0, &r, err, sizeof err) == 0 && !r->is_fault &&
	     r->has_rc && r->rc == 0 && (r->n_errors > 0) == want_error;
out:
	http_reply_free(&hr);
	wsman_response_free(r);
	return rc;
}
