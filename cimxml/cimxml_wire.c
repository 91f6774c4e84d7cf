/*
 * cimxml_wire.c - the wire rules of the rule table (check.h, MUST-wire and
 * SHOULD-wire) as they apply to a CIM-XML response: validity against
 * DMTF's DTD (DSP0203 2.4.0, compiled in), the embedded CIM_Error's shape,
 * the CIM type of every property against its MOF declaration (cim.h,
 * cim_decl_find) and the form of a NULL output. One function reads the
 * bytes; whoever holds the exchange (srh serve's self-check, srh run
 * --target, the proxy) decides where findings go.
 *
 * The checks read the document only; they never trust what the encoder of
 * this library would have written: the DTD is DMTF's and the types are the
 * MOF's, so a response of srh serve is judged like any server's.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

#include <libxml/hash.h>
#include <libxml/valid.h>
#include <libxml/xmlIO.h>

extern const unsigned char cimxml_dtd_text[];
extern const size_t cimxml_dtd_len;

/* Room for one finding's observed text. */
#define WIRE_TXT 256

typedef struct wire_run {
	cimxml_wire_sink sink;
	void *ctx;
	int found;	      /* findings so far; -1: out of memory */
	char first[WIRE_TXT]; /* first validity message of one validation */
	int n_valid;	      /* validity messages of that validation */
	cimxml_emb *emb;      /* embedded documents kept, or NULL */
} wire_run;

static xmlDtd *dtd;
static pthread_once_t dtd_once = PTHREAD_ONCE_INIT;

/* One element declaration's content model compiled now (see dtd_load). */
static void build_model(void *payload, void *data, const xmlChar *name)
{
	(void)name;
	(void)xmlValidBuildContentModel(data, payload);
}

/* Parsed once per process and never freed. libxml2 compiles an element's
 * content model into its declaration on first use, which would write to
 * the shared DTD while several threads validate (srh serve --self-check on
 * the server's thread pool, the proxy): every model is compiled here,
 * once, so validation only reads the DTD afterwards. */
static void dtd_load(void)
{
	xmlParserInputBuffer *in = xmlParserInputBufferCreateMem(
	    (const char *)cimxml_dtd_text, (int)cimxml_dtd_len, XML_CHAR_ENCODING_NONE);
	xmlValidCtxt *vc;

	if (in)
		dtd = xmlIOParseDTD(NULL, in, XML_CHAR_ENCODING_NONE); /* frees in */
	if (!dtd || !dtd->elements)
		return;
	if (!(vc = xmlNewValidCtxt())) {
		xmlFreeDtd(dtd); /* never half-built: check_dtd reports it */
		dtd = NULL;
		return;
	}
	xmlHashScan(dtd->elements, build_model, vc);
	xmlFreeValidCtxt(vc);
}

static void finding(wire_run *w, srh_rule_id rule, const char *where, const char *expected,
		    const char *observed)
{
	if (w->found < 0 || w->found >= CIMXML_WIRE_MAX)
		return;
	w->found++;
	if (w->sink)
		w->sink(w->ctx, rule, where, expected, observed);
}

/* libxml2 validity callback: keep the first message (one line), count all. */
static void valid_msg(void *ctx, const char *fmt, ...)
{
	wire_run *w = ctx;
	va_list ap;

	if (w->n_valid++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(w->first, sizeof w->first, fmt, ap);
	va_end(ap);
	w->first[strcspn(w->first, "\r\n")] = '\0';
}

/* DTD validity of doc; what names the document ("response", "Error"). */
static void check_dtd(wire_run *w, xmlDoc *doc, const char *what)
{
	xmlValidCtxt *vc;
	char obs[WIRE_TXT + 64];

	if (pthread_once(&dtd_once, dtd_load) != 0 || !dtd) {
		finding(w, SRH_R_WIRE_SCHEMA, what, "the DTD of DSP0203 2.4.0 loaded",
			"the compiled-in DTD could not be parsed");
		return;
	}
	vc = xmlNewValidCtxt();
	if (!vc) {
		w->found = -1;
		return;
	}
	vc->userData = w;
	vc->error = valid_msg;
	vc->warning = NULL;
	w->n_valid = 0;
	w->first[0] = '\0';
	if (xmlValidateDtd(vc, doc, dtd) != 1 || w->n_valid > 0) {
		snprintf(obs, sizeof obs, "%s%s", w->first[0] ? w->first : "not valid",
			 w->n_valid > 1 ? " (and more)" : "");
		finding(w, SRH_R_WIRE_SCHEMA, what, "valid against DSP0203 2.4.0", obs);
	}
	xmlFreeValidCtxt(vc);
}

/* Attribute as a C string in buf ("" when absent). */
static const char *attr(const xmlNode *n, const char *name, char *buf, size_t len)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	snprintf(buf, len, "%s", v ? (const char *)v : "");
	xmlFree(v);
	return buf;
}

/* A VALUE of an unsigned CIM type must be a decimal number in its range. */
static bool uint_text_ok(const char *type, const char *text)
{
	unsigned long long max = strcmp(type, "uint8") == 0    ? 0xffULL
				 : strcmp(type, "uint16") == 0 ? 0xffffULL
				 : strcmp(type, "uint32") == 0 ? 0xffffffffULL
							       : ~0ULL;
	unsigned long long v;
	char *end;

	if (!text || !*text || *text == '-' || *text == '+' || *text == ' ')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	return errno == 0 && *end == '\0' && v <= max;
}

static void check_value(wire_run *w, const xmlNode *v, const cim_prop_decl *d, const char *where)
{
	xmlChar *t = xmlNodeGetContent(v);

	if (!uint_text_ok(d->type, (const char *)t)) {
		char obs[WIRE_TXT];

		snprintf(obs, sizeof obs, "VALUE \"%.80s\"", t ? (const char *)t : "");
		finding(w, SRH_R_WIRE_TYPE, where, d->type, obs);
	}
	xmlFree(t);
}

/* The VALUEs of a property (in its VALUE.ARRAY for an array). */
static void check_values(wire_run *w, const xmlNode *p, const cim_prop_decl *d, const char *where)
{
	const xmlNode *v = proto_xml_child(p, NULL, NULL);

	if (strncmp(d->type, "uint", 4) != 0)
		return;
	if (proto_xml_is(v, NULL, "VALUE.ARRAY"))
		v = proto_xml_child(v, NULL, "VALUE");
	for (; v; v = proto_xml_next(v, NULL, "VALUE"))
		if (proto_xml_is(v, NULL, "VALUE"))
			check_value(w, v, d, where);
}

/* Each declared property of one INSTANCE: element kind and TYPE as its MOF
 * declaration says, and numbers in range. */
static void check_props(wire_run *w, const xmlNode *inst, cim_decl_class cls)
{
	for (const xmlNode *p = proto_xml_child(inst, NULL, NULL); p;
	     p = proto_xml_next(p, NULL, NULL)) {
		char name[96], type[32], where[128], exp[64], obs[64];
		bool array = proto_xml_is(p, NULL, "PROPERTY.ARRAY");
		const cim_prop_decl *d;

		if (!array && !proto_xml_is(p, NULL, "PROPERTY"))
			continue;
		d = cim_decl_find(cls, attr(p, "NAME", name, sizeof name));
		if (!d)
			continue;
		attr(p, "TYPE", type, sizeof type);
		proto_dotted(where, sizeof where, cls == CIM_DECL_ERROR ? "Error" : "Job", d->name);
		if (d->array != array || strcmp(type, d->type) != 0) {
			snprintf(exp, sizeof exp, "%s %s%s",
				 d->array ? "PROPERTY.ARRAY" : "PROPERTY", d->type,
				 d->array ? "[]" : "");
			snprintf(obs, sizeof obs, "%s %s", array ? "PROPERTY.ARRAY" : "PROPERTY",
				 type[0] ? type : "(no TYPE)");
			finding(w, SRH_R_WIRE_TYPE, where, exp, obs);
			continue;
		}
		check_values(w, p, d, where);
	}
}

/* Keep value's document (or that it did not read) for the decoder, when
 * there is room. */
static void keep(wire_run *w, const xmlNode *value, xmlDoc *doc)
{
	cimxml_emb *e = w->emb;

	if (!e || e->n >= CIMXML_EMB_MAX)
		return;
	e->value[e->n] = value;
	e->doc[e->n++] = doc;
}

static bool kept(const wire_run *w, const xmlDoc *doc)
{
	return doc && w->emb && w->emb->n > 0 && w->emb->doc[w->emb->n - 1] == doc;
}

bool cimxml_emb_find(const cimxml_emb *emb, const xmlNode *value, xmlDoc **doc)
{
	for (size_t i = 0; emb && i < emb->n; i++)
		if (emb->value[i] == value) {
			*doc = emb->doc[i];
			return true;
		}
	return false;
}

void cimxml_emb_free(cimxml_emb *emb)
{
	for (size_t i = 0; i < emb->n; i++)
		xmlFreeDoc(emb->doc[i]);
	emb->n = 0;
}

/* One VALUE of an Error output: escaped XML text holding one INSTANCE. */
static void check_embedded(wire_run *w, const xmlNode *value, const char *where)
{
	xmlChar *text = xmlNodeGetContent(value);
	char err[WIRE_TXT], cls[96];
	xmlDoc *doc = NULL;
	const xmlNode *root;

	if (!text || !*text) {
		finding(w, SRH_R_WIRE_NULL, where,
			"an Error INSTANCE, or a PARAMVALUE without VALUE for NULL", "empty VALUE");
		goto out;
	}
	doc = proto_xml_read((const char *)text, strlen((const char *)text), CIMXML_MAX_BODY,
			     "cimxml", err, sizeof err);
	keep(w, value, doc);
	if (!doc) {
		finding(w, SRH_R_WIRE_EMBEDDED, where, "an INSTANCE element as escaped XML", err);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!proto_xml_is(root, NULL, "INSTANCE")) {
		char obs[128];

		snprintf(obs, sizeof obs, "<%.64s>", root ? (const char *)root->name : "");
		finding(w, SRH_R_WIRE_EMBEDDED, where, "<INSTANCE CLASSNAME=...>", obs);
		goto out;
	}
	if (!attr(root, "CLASSNAME", cls, sizeof cls)[0])
		finding(w, SRH_R_WIRE_EMBEDDED, where, "INSTANCE with CLASSNAME",
			"INSTANCE without CLASSNAME");
	check_dtd(w, doc, where);
	check_props(w, root, CIM_DECL_ERROR);
out:
	if (!kept(w, doc))
		xmlFreeDoc(doc);
	xmlFree(text);
}

/* An Error (scalar) or Errors (array) output parameter. */
static void check_error_param(wire_run *w, const xmlNode *pv, bool array, bool *seen)
{
	const char *where = array ? "Errors" : "Error";
	char mark[32], mark_old[32], ptype[32];
	const xmlNode *v = proto_xml_child(pv, NULL, NULL);

	*seen = true;
	if (!v)
		return; /* DSP0201's NULL: a PARAMVALUE without VALUE */
	attr(pv, "EmbeddedObject", mark, sizeof mark);
	attr(pv, "EMBEDDEDOBJECT", mark_old, sizeof mark_old);
	if (strcmp(mark, "instance") != 0 && strcmp(mark_old, "instance") != 0)
		finding(w, SRH_R_WIRE_EMBEDDED, where, "EmbeddedObject=\"instance\"",
			mark[0] ? mark : "no EmbeddedObject marking");
	if (strcmp(attr(pv, "PARAMTYPE", ptype, sizeof ptype), "string") != 0)
		finding(w, SRH_R_WIRE_EMBEDDED, where, "PARAMTYPE=\"string\"",
			ptype[0] ? ptype : "no PARAMTYPE");
	if (array != proto_xml_is(v, NULL, "VALUE.ARRAY")) {
		finding(w, SRH_R_WIRE_TYPE, where, array ? "VALUE.ARRAY of instances" : "one VALUE",
			(const char *)v->name);
		return;
	}
	if (!array) {
		if (proto_xml_is(v, NULL, "VALUE"))
			check_embedded(w, v, where);
		else
			finding(w, SRH_R_WIRE_EMBEDDED, where, "VALUE holding an INSTANCE",
				(const char *)v->name);
		return;
	}
	for (const xmlNode *e = proto_xml_child(v, NULL, "VALUE"); e;
	     e = proto_xml_next(e, NULL, "VALUE"))
		check_embedded(w, e, where);
}

/* The extrinsic method response: RETURNVALUE type and the Error outputs. */
static void check_method(wire_run *w, const xmlNode *mr, const char *method, bool want_error)
{
	bool seen = false;
	char type[32];
	const xmlNode *rv = proto_xml_child(mr, NULL, "RETURNVALUE");

	if (rv && strcmp(attr(rv, "PARAMTYPE", type, sizeof type), "uint32") != 0)
		finding(w, SRH_R_WIRE_TYPE, "ReturnValue", "PARAMTYPE=\"uint32\"",
			type[0] ? type : "no PARAMTYPE");
	for (const xmlNode *pv = proto_xml_child(mr, NULL, "PARAMVALUE"); pv;
	     pv = proto_xml_next(pv, NULL, "PARAMVALUE")) {
		char name[64];

		attr(pv, "NAME", name, sizeof name);
		if (proto_name_eq(name, "Error"))
			check_error_param(w, pv, false, &seen);
		else if (proto_name_eq(name, "Errors"))
			check_error_param(w, pv, true, &seen);
	}
	if (want_error && !seen && rv && !proto_xml_child(mr, NULL, "ERROR"))
		finding(w, SRH_R_WIRE_NULL_OMITTED, method,
			"a PARAMVALUE for the Error output (without VALUE when NULL)",
			"the output parameter left out");
}

/* Every job INSTANCE an intrinsic response carries. */
static void check_instances(wire_run *w, const xmlNode *n)
{
	for (const xmlNode *c = proto_xml_child(n, NULL, NULL); c;
	     c = proto_xml_next(c, NULL, NULL)) {
		if (proto_xml_is(c, NULL, "INSTANCE"))
			check_props(w, c, CIM_DECL_JOB);
		else
			check_instances(w, c);
	}
}

int cimxml_wire_check_doc(xmlDoc *doc, cimxml_wire_sink sink, void *ctx, cimxml_emb *emb)
{
	wire_run w = {.sink = sink, .ctx = ctx, .emb = emb};
	char method[64];
	const xmlNode *m, *rsp;

	check_dtd(&w, doc, "response");
	m = proto_xml_child(xmlDocGetRootElement(doc), NULL, "MESSAGE");
	rsp = proto_xml_child(m, NULL, "SIMPLERSP");
	if ((m = proto_xml_child(rsp, NULL, "METHODRESPONSE"))) {
		attr(m, "NAME", method, sizeof method);
		check_method(&w, m, method,
			     proto_name_eq(method, "GetError") ||
				 proto_name_eq(method, "GetErrors"));
	} else if ((m = proto_xml_child(rsp, NULL, "IMETHODRESPONSE"))) {
		check_instances(&w, m);
	}
	return w.found < 0 ? -1 : w.found;
}

int cimxml_wire_check(const char *body, size_t len, cimxml_wire_sink sink, void *ctx)
{
	wire_run w = {.sink = sink, .ctx = ctx};
	char err[WIRE_TXT];
	xmlDoc *doc = proto_xml_read(body, len, CIMXML_MAX_BODY, "cimxml", err, sizeof err);
	int rc;

	if (!doc) {
		finding(&w, SRH_R_WIRE_SCHEMA, "response", "a well-formed CIM-XML message", err);
		return w.found < 0 ? -1 : w.found;
	}
	rc = cimxml_wire_check_doc(doc, sink, ctx, NULL);
	xmlFreeDoc(doc);
	return rc;
}
