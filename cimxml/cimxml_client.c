/*
 * cimxml_client.c - CIM-XML requests over the http room's client: POST
 * /cimom with the DSP0200 headers on one kept-alive connection. HTTP,
 * TLS, credentials, timeouts and the response cap are the http room's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

struct cimxml_conn {
	http_client *h;
};

cimxml_conn *cimxml_conn_new(const char *base, const http_client_opts *o, char *err, size_t errlen)
{
	http_client_opts ho = o ? *o : (http_client_opts){0};
	cimxml_conn *c = calloc(1, sizeof *c);

	if (!c) {
		proto_err(err, errlen, "out of memory");
		return NULL;
	}
	if (!ho.max_response)
		ho.max_response = CIMXML_MAX_RESPONSE;
	if (!(c->h = http_client_new(base, &ho, err, errlen))) {
		free(c);
		return NULL;
	}
	return c;
}

void cimxml_conn_free(cimxml_conn *c)
{
	if (!c)
		return;
	http_client_free(c->h);
	free(c);
}

unsigned long cimxml_conn_connects(const cimxml_conn *c)
{
	return http_client_connects(c->h);
}

int cimxml_conn_post(cimxml_conn *c, const char *cim_method, const char *cim_object,
		     const char *body, size_t len, int *status, char **resp, size_t *resp_len,
		     char *err, size_t errlen)
{
	char method[128], object[1024];
	const char *hdrs[5] = {"Content-Type: application/xml; charset=\"utf-8\"",
			       "CIMProtocolVersion: 1.0", "CIMOperation: MethodCall", method,
			       object};
	http_reply r;

	*resp = NULL;
	*resp_len = 0;
	if ((size_t)snprintf(method, sizeof method, "CIMMethod: %s", cim_method) >= sizeof method ||
	    (size_t)snprintf(object, sizeof object, "CIMObject: %s", cim_object) >= sizeof object) {
		proto_err(err, errlen, "CIMMethod or CIMObject header too long");
		return -1;
	}
	if (http_client_request(c->h, "POST", "/cimom", hdrs, 5, body, len, &r, err, errlen) != 0)
		return -1;
	*status = r.status;
	*resp = r.body;
	*resp_len = r.len;
	r.body = NULL;
	http_reply_free(&r);
	return 0;
}
