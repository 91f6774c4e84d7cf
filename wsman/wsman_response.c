/*
 * wsman_response.c - a WS-Management response envelope read back (client
 * side): a SOAP fault (its subcode as a CIM status code), the items of an
 * EnumerateResponse or PullResponse (objects, or wsman:Item pairs of
 * object and EPR), the object of a GetResponse, the ReturnValue and
 * Error(s) of a METHOD_OUTPUT. Read with the same hardened reader as
 * requests: no DTD, no entities, no network.
 */
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "wsman_int.h"

void wsman_response_free(wsman_response *r)
{
	if (!r)
		return;
	free(r->fault_subcode);
	free(r->reason);
	free(r->context);
	for (size_t i = 0; i < r->n_jobs; i++)
		cim_job_free(r->jobs[i]);
	free(r->jobs);
	for (size_t i = 0; i < r->n_errors; i++)
		cim_error_free(r->errors[i]);
	free(r->errors);
	free(r);
}

static int push_job(wsman_response *r, const xmlNode *inst)
{
	cim_job **nj;

	if (r->n_jobs >= SRH_WSMAN_MAX_ITEMS)
		return 0;
	if (!(nj = realloc(r->jobs, (r->n_jobs + 1) * sizeof *nj)))
		return -1;
	r->jobs = nj;
	if (!(nj[r->n_jobs] = wsman_decode_job(inst)))
		return -1;
	r->n_jobs++;
	return 0;
}

static int push_error(wsman_response *r, cim_error *e)
{
	cim_error **ne;

	if (!e)
		return -1;
	if (!(ne = realloc(r->errors, (r->n_errors + 1) * sizeof *ne))) {
		cim_error_free(e);
		return -1;
	}
	r->errors = ne;
	ne[r->n_errors++] = e;
	return 0;
}

static int read_fault(wsman_response *r, const xmlNode *f)
{
	xmlNode *code = proto_xml_child(f, WSMAN_NS_SOAP, "Code");
	xmlNode *sub = proto_xml_child(code, WSMAN_NS_SOAP, "Subcode");
	xmlNode *v = proto_xml_child(sub ? sub : code, WSMAN_NS_SOAP, "Value");
	xmlNode *reason =
	    proto_xml_child(proto_xml_child(f, WSMAN_NS_SOAP, "Reason"), WSMAN_NS_SOAP, "Text");
	wsman_fault k;

	r->is_fault = true;
	if (!(r->fault_subcode = v ? proto_xml_trimmed(v) : strdup("")))
		return -1;
	if (reason && !(r->reason = proto_xml_trimmed(reason)))
		return -1;
	k = wsman_fault_by_name(r->fault_subcode);
	r->cim_code = k == WSMAN_F_COUNT ? CIM_SC_FAILED : wsman_fault_cim_status(k);
	return 0;
}

/* wsman:Items / wsen:Items: objects, or Item = object + EPR. */
static int read_items(wsman_response *r, const xmlNode *items)
{
	for (xmlNode *c = proto_xml_child(items, NULL, NULL); c;
	     c = proto_xml_next(c, NULL, NULL)) {
		const xmlNode *obj = c;

		if (proto_xml_is(c, WSMAN_NS_WSA, "EndpointReference"))
			continue;
		if (proto_xml_is(c, WSMAN_NS_WSMAN, "Item")) {
			obj = proto_xml_child(c, NULL, NULL);
			if (proto_xml_is(obj, WSMAN_NS_WSA, "EndpointReference"))
				obj = proto_xml_next(obj, NULL, NULL);
			if (!obj)
				continue;
		}
		if (push_job(r, obj) != 0)
			return -1;
	}
	return 0;
}

static int read_enum(wsman_response *r, const xmlNode *rsp)
{
	xmlNode *ctx = proto_xml_child(rsp, WSMAN_NS_WSEN, "EnumerationContext");

	r->end_of_sequence = proto_xml_child(rsp, WSMAN_NS_WSEN, "EndOfSequence") ||
			     proto_xml_child(rsp, WSMAN_NS_WSMAN, "EndOfSequence");
	if (ctx) {
		if (!(r->context = proto_xml_trimmed(ctx)))
			return -1;
		if (!r->context[0]) {
			free(r->context);
			r->context = NULL;
		}
	}
	if (read_items(r, proto_xml_child(rsp, WSMAN_NS_WSMAN, "Items")) != 0)
		return -1;
	return read_items(r, proto_xml_child(rsp, WSMAN_NS_WSEN, "Items"));
}

/* Error / Errors: nil, an embedded instance (element children), or text. */
static int read_error_param(wsman_response *r, const xmlNode *p)
{
	cim_error *e;
	char *t;

	r->has_error_param = true;
	if (wsman_xml_nil(p))
		return 0;
	if (proto_xml_child(p, NULL, NULL))
		return push_error(r, wsman_decode_error(p));
	if (!(t = proto_xml_trimmed(p)))
		return -1;
	if (!t[0]) { /* an empty element: no value */
		free(t);
		return 0;
	}
	if (!(e = calloc(1, sizeof *e))) {
		free(t);
		return -1;
	}
	e->message = t;
	r->error_not_embedded = true;
	return push_error(r, e);
}

static int read_output(wsman_response *r, const xmlNode *out)
{
	for (xmlNode *c = proto_xml_child(out, NULL, NULL); c; c = proto_xml_next(c, NULL, NULL)) {
		const char *n = (const char *)c->name;

		if (strcmp(n, "ReturnValue") == 0) {
			char *t = proto_xml_trimmed(c);
			uint64_t v = 0;

			if (!t)
				return -1;
			r->has_rc = srh_parse_u64(t, 0, UINT32_MAX, &v) == 0;
			r->rc = (uint32_t)v;
			free(t);
		} else if ((strcmp(n, "Error") == 0 || strcmp(n, "Errors") == 0) &&
			   read_error_param(r, c) != 0) {
			return -1;
		}
	}
	return 0;
}

static int read_body(wsman_response *r, const xmlNode *body, char *err, size_t errlen)
{
	xmlNode *first = proto_xml_child(body, NULL, NULL);
	const char *n = first ? (const char *)first->name : "";
	size_t nl = strlen(n);

	if (proto_xml_is(first, WSMAN_NS_SOAP, "Fault"))
		return read_fault(r, first);
	if (proto_xml_is(first, WSMAN_NS_WSEN, "EnumerateResponse") ||
	    proto_xml_is(first, WSMAN_NS_WSEN, "PullResponse") ||
	    proto_xml_is(first, WSMAN_NS_WSEN, "ReleaseResponse") || !first)
		return first ? read_enum(r, first) : 0;
	if (nl > 7 && strcmp(n + nl - 7, "_OUTPUT") == 0)
		return read_output(r, first);
	if (proto_xml_is(first, WSMAN_NS_WSMID, "IdentifyResponse"))
		return 0;
	/* A GetResponse body is the object itself. */
	if (!proto_xml_next(first, NULL, NULL))
		return push_job(r, first);
	proto_err(err, errlen, "a response body this client does not know (%s)", n);
	return -2;
}

/* The values of a response read into doc. */
static int parse_doc(xmlDoc *doc, wsman_response **out, char *err, size_t errlen)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *bd = proto_xml_child(root, WSMAN_NS_SOAP, "Body");
	wsman_response *r = NULL;
	int rc = -1;

	if (!proto_xml_is(root, WSMAN_NS_SOAP, "Envelope") || !bd) {
		proto_err(err, errlen, "not a SOAP 1.2 envelope with a Body");
		goto out;
	}
	if (!(r = calloc(1, sizeof *r))) {
		proto_err(err, errlen, "out of memory");
		goto out;
	}
	rc = read_body(r, bd, err, errlen);
	if (rc == -1)
		proto_err(err, errlen, "out of memory");
out:
	if (rc != 0) {
		wsman_response_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

int wsman_parse_response_wire(const char *body, size_t len, size_t max_len, bool check,
			      wsman_wire_sink sink, void *ctx, wsman_response **out, char *err,
			      size_t errlen)
{
	xmlDoc *doc;
	int rc;

	*out = NULL;
	if (len > (max_len ? max_len : HTTP_DEFAULT_MAX_RESPONSE)) {
		if (check)
			(void)wsman_wire_check(body, len, sink, ctx);
		proto_err(err, errlen, "a response of %zu bytes is over the limit", len);
		return -1;
	}
	doc = proto_xml_read(body, len, 0, "wsman", err, errlen);
	/* Out of memory only loses findings, never the answer. */
	if (check)
		(void)wsman_wire_check_doc(doc, err, sink, ctx);
	if (!doc)
		return -1;
	rc = parse_doc(doc, out, err, errlen);
	xmlFreeDoc(doc);
	return rc;
}

int wsman_parse_response(const char *body, size_t len, size_t max_len, wsman_response **out,
			 char *err, size_t errlen)
{
	return wsman_parse_response_wire(body, len, max_len, false, NULL, NULL, out, err, errlen);
}
