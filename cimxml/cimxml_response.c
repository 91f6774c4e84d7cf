/*
 * cimxml_response.c - a CIM-XML response document (client side) into a
 * cimxml_response: ERROR, the instances or names of an intrinsic call, the
 * return value and the Error / Errors output of GetError / GetErrors.
 *
 * The Error output is judged, not trusted: a VALUE whose text is an
 * embedded CIM_Error INSTANCE is decoded; any other text is the known
 * field divergence "Error returned as a free string", kept as an Error
 * with only Message set and flagged (the checker then reports the missing
 * MessageID).
 */
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

void cimxml_response_free(cimxml_response *r)
{
	if (!r)
		return;
	free(r->description);
	for (size_t i = 0; i < r->n_jobs; i++)
		cim_job_free(r->jobs[i]);
	free(r->jobs);
	for (size_t i = 0; i < r->n_names; i++)
		free(r->names[i]);
	free(r->names);
	cim_error_free(r->error);
	for (size_t i = 0; i < r->n_errors; i++)
		cim_error_free(r->errors[i]);
	free(r->errors);
	free(r);
}

typedef struct pp {
	cimxml_response *r;
	int rc;
	char *err;
	size_t errlen;
	const cimxml_emb *emb; /* embedded Errors the wire rules read, or NULL */
} pp;

static int bad(pp *p, const char *what)
{
	if (p->rc == CIMXML_PE_OK) {
		p->rc = CIMXML_PE_NOT_VALID;
		proto_err(p->err, p->errlen, "not a CIM-XML response: %s", what);
	}
	return -1;
}

static int nomem(pp *p)
{
	p->rc = CIMXML_PE_NOMEM;
	proto_err(p->err, p->errlen, "out of memory");
	return -1;
}

static int error_elem(pp *p, const xmlNode *e)
{
	bool oom = false;
	char *code = proto_xml_attr(e, "CODE", &oom);
	uint64_t v = 0;

	p->r->is_error = true;
	p->r->description = proto_xml_attr(e, "DESCRIPTION", &oom);
	if (oom) {
		free(code);
		return nomem(p);
	}
	if (!code || cimxml_parse_uint(code, UINT32_MAX, &v) != 0) {
		free(code);
		return bad(p, "ERROR without a numeric CODE");
	}
	free(code);
	p->r->cim_code = (uint32_t)v;
	return 0;
}

static int add_job(pp *p, const xmlNode *inst)
{
	cim_job **v = realloc(p->r->jobs, (p->r->n_jobs + 1) * sizeof *v);

	if (!v)
		return nomem(p);
	p->r->jobs = v;
	if (!(v[p->r->n_jobs] = cimxml_decode_job(inst)))
		return nomem(p);
	p->r->n_jobs++;
	return 0;
}

static int add_name(pp *p, const xmlNode *in)
{
	char **v = realloc(p->r->names, (p->r->n_names + 1) * sizeof *v);
	bool oom = false;
	size_t nk;

	if (!v)
		return nomem(p);
	p->r->names = v;
	v[p->r->n_names] = cimxml_instancename_iid(in, &nk, &oom);
	if (oom)
		return nomem(p);
	if (!v[p->r->n_names])
		return bad(p, "INSTANCENAME without an InstanceID key");
	p->r->n_names++;
	return 0;
}

static int ireturnvalue(pp *p, const xmlNode *irv)
{
	for (xmlNode *c = proto_xml_child(irv, NULL, NULL); c; c = proto_xml_next(c, NULL, NULL)) {
		int rc = 0;

		if (proto_xml_is(c, NULL, "INSTANCE")) {
			rc = add_job(p, c);
		} else if (proto_xml_is(c, NULL, "VALUE.NAMEDINSTANCE") ||
			   proto_xml_is(c, NULL, "VALUE.OBJECTWITHPATH")) {
			xmlNode *inst = proto_xml_child(c, NULL, "INSTANCE");

			rc = inst ? add_job(p, inst) : bad(p, "named instance without INSTANCE");
		} else if (proto_xml_is(c, NULL, "INSTANCENAME")) {
			rc = add_name(p, c);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* One Error value: an embedded instance (escaped text, or an INSTANCE
 * element some servers put there), or a free string. */
static cim_error *error_value(pp *p, const xmlNode *val)
{
	xmlNode *inst = proto_xml_child(val, NULL, "INSTANCE");
	xmlDoc *doc = NULL;
	char *text;
	cim_error *e = NULL;

	if (inst)
		return cimxml_decode_error(inst);
	if (!(text = proto_xml_text(val)))
		return NULL;
	if (!cimxml_emb_find(p->emb, val, &doc))
		e = cimxml_decode_error_text(text, strlen(text));
	else if (doc && proto_xml_is(xmlDocGetRootElement(doc), NULL, "INSTANCE"))
		e = cimxml_decode_error(xmlDocGetRootElement(doc)); /* read by the rules */
	if (e) {
		free(text);
		return e;
	}
	p->r->error_not_embedded = true;
	e = calloc(1, sizeof *e);
	if (!e) {
		free(text);
		return NULL;
	}
	e->message = text;
	return e;
}

static int paramvalue(pp *p, const xmlNode *pv)
{
	bool oom = false;
	char *name = proto_xml_attr(pv, "NAME", &oom);
	xmlNode *val = proto_xml_child(pv, NULL, "VALUE");
	xmlNode *arr = proto_xml_child(pv, NULL, "VALUE.ARRAY");
	int rc = 0;

	if (oom)
		return nomem(p);
	if (proto_name_eq(name, "Error")) {
		p->r->has_error_param = true;
		if (val && !(p->r->error = error_value(p, val)))
			rc = nomem(p);
	} else if (proto_name_eq(name, "Errors")) {
		p->r->has_errors_param = true;
		for (xmlNode *v = proto_xml_child(arr, NULL, "VALUE"); v && rc == 0;
		     v = proto_xml_next(v, NULL, "VALUE")) {
			cim_error **ne = realloc(p->r->errors, (p->r->n_errors + 1) * sizeof *ne);

			if (!ne) {
				rc = nomem(p);
				break;
			}
			p->r->errors = ne;
			if (!(ne[p->r->n_errors] = error_value(p, v)))
				rc = nomem(p);
			else
				p->r->n_errors++;
		}
		if (arr && !p->r->errors && rc == 0 &&
		    !(p->r->errors = calloc(1, sizeof *p->r->errors)))
			rc = nomem(p); /* an empty array, told apart from NULL */
	}
	free(name);
	return rc;
}

static int methodresponse(pp *p, const xmlNode *mr)
{
	xmlNode *e = proto_xml_child(mr, NULL, "ERROR");
	xmlNode *rv = proto_xml_child(mr, NULL, "RETURNVALUE");

	if (e)
		return error_elem(p, e);
	if (rv) {
		xmlNode *v = proto_xml_child(rv, NULL, "VALUE");
		char *t = v ? proto_xml_text(v) : NULL;
		uint64_t x = 0;

		if (v && !t)
			return nomem(p);
		if (!t || cimxml_parse_uint(t, UINT32_MAX, &x) != 0) {
			free(t);
			return bad(p, "RETURNVALUE is not an unsigned integer");
		}
		free(t);
		p->r->has_rc = true;
		p->r->rc = (uint32_t)x;
	}
	for (xmlNode *pv = proto_xml_child(mr, NULL, "PARAMVALUE"); pv;
	     pv = proto_xml_next(pv, NULL, "PARAMVALUE"))
		if (paramvalue(p, pv) != 0)
			return -1;
	return 0;
}

static int walk(pp *p, const xmlNode *root)
{
	xmlNode *msg, *rsp, *x;

	if (!proto_xml_is(root, NULL, "CIM"))
		return bad(p, "root element is not CIM");
	if (!(msg = proto_xml_child(root, NULL, "MESSAGE")) ||
	    !(rsp = proto_xml_child(msg, NULL, "SIMPLERSP")))
		return bad(p, "no MESSAGE/SIMPLERSP");
	if ((x = proto_xml_child(rsp, NULL, "IMETHODRESPONSE"))) {
		xmlNode *e = proto_xml_child(x, NULL, "ERROR");

		if (e)
			return error_elem(p, e);
		return ireturnvalue(p, proto_xml_child(x, NULL, "IRETURNVALUE"));
	}
	if ((x = proto_xml_child(rsp, NULL, "METHODRESPONSE")))
		return methodresponse(p, x);
	return bad(p, "no IMETHODRESPONSE or METHODRESPONSE");
}

int cimxml_parse_response_wire(const char *body, size_t len, size_t max_len, bool check,
			       cimxml_wire_sink sink, void *ctx, cimxml_response **out, char *err,
			       size_t errlen)
{
	cimxml_emb emb = {0};
	pp p = {NULL, CIMXML_PE_OK, err, errlen, &emb};
	xmlDoc *doc;

	*out = NULL;
	doc = proto_xml_read(body, len, max_len ? max_len : CIMXML_MAX_BODY, "cimxml", err, errlen);
	/* Out of memory loses findings only. A body that does not read, or
	 * is over the rules' own limit (CIMXML_MAX_BODY), gets their finding
	 * from their own reading. */
	if (check && doc && len <= CIMXML_MAX_BODY)
		(void)cimxml_wire_check_doc(doc, sink, ctx, &emb);
	else if (check)
		(void)cimxml_wire_check(body, len, sink, ctx);
	if (!doc)
		return CIMXML_PE_NOT_WELL_FORMED;
	p.r = calloc(1, sizeof *p.r);
	if (!p.r) {
		nomem(&p);
	} else if (walk(&p, xmlDocGetRootElement(doc)) == 0) {
		*out = p.r;
		p.r = NULL;
	}
	cimxml_response_free(p.r);
	cimxml_emb_free(&emb);
	xmlFreeDoc(doc);
	return p.rc;
}

int cimxml_parse_response(const char *body, size_t len, size_t max_len, cimxml_response **out,
			  char *err, size_t errlen)
{
	return cimxml_parse_response_wire(body, len, max_len, false, NULL, NULL, out, err, errlen);
}
