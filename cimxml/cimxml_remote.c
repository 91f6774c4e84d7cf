/*
 * cimxml_remote.c - the CIM operations target mode makes, each one request
 * and one parsed response over a kept-alive connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

/* CIMObject header: the namespace (and object path), URI-escaped. */
static void object_header(cimxml_buf *b, const char *ns, const char *class_name, const char *iid)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *parts[3] = {ns, class_name, iid};

	for (int k = 0; k < 3 && parts[k]; k++) {
		if (k == 1)
			cimxml_buf_str(b, "%3A");
		if (k == 2)
			cimxml_buf_str(b, ".InstanceID=%22");
		for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
				cimxml_buf_add(b, (const char *)p, 1);
			} else {
				char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};

				cimxml_buf_add(b, e, 3);
			}
		}
		if (k == 2)
			cimxml_buf_str(b, "%22");
	}
}

static int roundtrip(cimxml_remote *r, const char *method, const cimxml_buf *obj,
		     const cimxml_buf *body, cimxml_response **resp)
{
	char *text = NULL;
	size_t len = 0;
	int status = 0, pe;

	*resp = NULL;
	r->calls++;
	if (obj->failed || body->failed) {
		proto_err(r->err, sizeof r->err, "out of memory");
		return -1;
	}
	if (cimxml_conn_post(r->c, method, obj->data, body->data, body->len, &status, &text, &len,
			     r->err, sizeof r->err) != 0)
		return -1;
	r->answered++;
	if (status != 200) {
		proto_err(r->err, sizeof r->err, "%s: HTTP %d%s", method, status,
			  status == 401 ? " (credentials refused)" : "");
		free(text);
		return -1;
	}
	pe = cimxml_parse_response_wire(text, len, CIMXML_MAX_RESPONSE,
					r->wire && len <= CIMXML_MAX_RESPONSE, r->wire, r->wire_ctx,
					resp, r->err, sizeof r->err);
	free(text);
	return pe == CIMXML_PE_OK ? 0 : -1;
}

int cimxml_remote_enum(cimxml_remote *r, const char *class_name, cimxml_response **resp)
{
	cimxml_buf obj, body;
	int rc;

	cimxml_buf_init(&obj);
	cimxml_buf_init(&body);
	object_header(&obj, r->ns, NULL, NULL);
	cimxml_req_enum(&body, r->ns, "EnumerateInstances", class_name);
	rc = roundtrip(r, "EnumerateInstances", &obj, &body, resp);
	cimxml_buf_free(&obj);
	cimxml_buf_free(&body);
	return rc;
}

int cimxml_remote_get_instance(cimxml_remote *r, const char *class_name, const char *iid,
			       cimxml_response **resp)
{
	cimxml_buf obj, body;
	int rc;

	cimxml_buf_init(&obj);
	cimxml_buf_init(&body);
	object_header(&obj, r->ns, NULL, NULL);
	cimxml_req_get_instance(&body, r->ns, class_name, iid);
	rc = roundtrip(r, "GetInstance", &obj, &body, resp);
	cimxml_buf_free(&obj);
	cimxml_buf_free(&body);
	return rc;
}

int cimxml_remote_method(cimxml_remote *r, const char *class_name, const char *iid,
			 const char *method, const cimxml_arg *args, size_t n,
			 cimxml_response **resp)
{
	cimxml_buf obj, body;
	int rc;

	cimxml_buf_init(&obj);
	cimxml_buf_init(&body);
	object_header(&obj, r->ns, class_name, iid);
	cimxml_req_method(&body, r->ns, class_name, iid, method, args, n);
	rc = roundtrip(r, method, &obj, &body, resp);
	cimxml_buf_free(&obj);
	cimxml_buf_free(&body);
	return rc;
}
