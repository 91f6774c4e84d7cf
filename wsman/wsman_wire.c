/*
 * wsman_wire.c - the wire rules of the rule table (check.h, MUST-wire and
 * SHOULD-wire) as they apply to a WS-Management response: the SOAP 1.2
 * envelope's shape (Header with Action and MessageID, one Body; a method's
 * output element in the class's namespace under the Action
 * RESOURCEURI/METHODResponse, DSP0227), the GetError output (ReturnValue,
 * the Error element an embedded instance as DSP0230 maps it: element
 * children in the embedded class's namespace and xsi:type CLASS_Type),
 * xsi:nil="true" for NULL (never an empty element), and each CIM_Error
 * and job property lexically valid for its MOF type (cim_decl_find),
 * scalar or array (repeated elements) as declared.
 *
 * The checks read the document only; the types are the MOF's, never what
 * this library's encoder would write, so srh serve is judged like any
 * server. One function reads the bytes; whoever holds the exchange (srh
 * serve's self-check, srh run --target, the proxy) decides where findings
 * go.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "wsman_int.h"

#define WIRE_TXT 256
/* More than the properties cim_decl_find declares for one class. */
#define DECLS_MAX 64

typedef struct wire_run {
	wsman_wire_sink sink;
	void *ctx;
	int found; /* findings so far; -1: out of memory */
} wire_run;

static void finding(wire_run *w, srh_rule_id rule, const char *where, const char *expected,
		    const char *observed)
{
	if (w->found < 0 || w->found >= WSMAN_WIRE_MAX)
		return;
	w->found++;
	if (w->sink)
		w->sink(w->ctx, rule, where, expected, observed);
}

/* No more findings can be delivered (the cap, or out of memory): the rest
 * of the document need not be read. */
static bool full(const wire_run *w)
{
	return w->found < 0 || w->found >= WSMAN_WIRE_MAX;
}

/* The element's text, trimmed ("" when out of memory: then flagged). */
static char *text_of(wire_run *w, const xmlNode *n)
{
	char *t = proto_xml_trimmed(n);

	if (!t)
		w->found = -1;
	return t;
}

/* An unsigned integer of a uint type: decimal digits in range (DSP0230
 * maps uint16 to xs:unsignedShort; no sign, so no '-0' either). */
static bool uint_ok(const char *type, const char *t)
{
	uint64_t max = strcmp(type, "uint8") == 0    ? UINT8_MAX
		       : strcmp(type, "uint16") == 0 ? UINT16_MAX
		       : strcmp(type, "uint32") == 0 ? UINT32_MAX
						     : UINT64_MAX;
	uint64_t v;

	return srh_parse_u64(t, 0, max, &v) == 0;
}

/* The XSD type DSP0230 maps a CIM type to (the local name), or NULL. */
static const char *xsd_of(const char *type)
{
	static const char *const map[][2] = {
	    {"uint8", "unsignedByte"},	{"uint16", "unsignedShort"}, {"uint32", "unsignedInt"},
	    {"uint64", "unsignedLong"}, {"string", "string"},	     {"boolean", "boolean"},
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], type) == 0)
			return map[i][1];
	return NULL;
}

/* Does xsi:type value v (in scope of p) name XSD type want: xs:WANT in
 * the XML Schema namespace, or DSP0230's common cim:cimWANT (as OMI
 * writes cim:cimUnsignedInt)? */
static bool xsi_type_is(const xmlNode *p, const char *v, const char *want)
{
	const char *colon = strchr(v, ':'), *local = colon ? colon + 1 : v;
	char pfx[64];
	xmlNs *ns;

	if (!colon || (size_t)(colon - v) >= sizeof pfx)
		return false;
	snprintf(pfx, sizeof pfx, "%.*s", (int)(colon - v), v);
	ns = xmlSearchNs(p->doc, (xmlNode *)p, (const xmlChar *)pfx);
	if (!ns || !ns->href)
		return false;
	if (strcmp((const char *)ns->href, "http://www.w3.org/2001/XMLSchema") == 0)
		return strcmp(local, want) == 0;
	return strcmp((const char *)ns->href, WSMAN_NS_CIM) == 0 && strncmp(local, "cim", 3) == 0 &&
	       (local[3] | 0x20) == want[0] && strcmp(local + 4, want + 1) == 0;
}

/* An xsi:type on a property must name the XSD type of its CIM type. */
static void check_xsi_type(wire_run *w, const xmlNode *p, const cim_prop_decl *d, const char *where)
{
	xmlChar *xt = xmlGetNsProp(p, (const xmlChar *)"type", (const xmlChar *)WSMAN_NS_XSI);
	const char *want = xsd_of(d->type);
	char exp[96], obs[WIRE_TXT];

	if (xt && want && !xsi_type_is(p, (const char *)xt, want)) {
		snprintf(exp, sizeof exp, "%s (xs:%s or cim:cim%c%s)", d->type, want,
			 want[0] - 0x20, want + 1);
		snprintf(obs, sizeof obs, "xsi:type=\"%.80s\"", (const char *)xt);
		finding(w, SRH_R_WIRE_TYPE, where, exp, obs);
	}
	xmlFree(xt);
}

/* A datetime: a cim:CIM_DateTime child with DMTF text (or DSP0230's
 * cim:Interval / cim:Datetime / cim:Date / cim:Time, non-empty). */
static bool datetime_ok(wire_run *w, const xmlNode *p)
{
	const xmlNode *c = proto_xml_child(p, NULL, NULL);
	uint64_t ns;
	char *t;
	bool ok;

	if (!c || proto_xml_next(c, NULL, NULL))
		return false;
	if (!(t = text_of(w, c)))
		return true;
	if (proto_xml_is(c, WSMAN_NS_CIM, "CIM_DateTime"))
		ok = t[0] && (cim_parse_datetime(t, &ns) == 0 || cim_parse_interval(t, &ns) == 0);
	else
		ok = t[0] && (proto_xml_is(c, WSMAN_NS_CIM, "Interval") ||
			      proto_xml_is(c, WSMAN_NS_CIM, "Datetime") ||
			      proto_xml_is(c, WSMAN_NS_CIM, "Date") ||
			      proto_xml_is(c, WSMAN_NS_CIM, "Time"));
	free(t);
	return ok;
}

/* One value element of a declared property (not nil). */
static void check_value(wire_run *w, const xmlNode *p, const cim_prop_decl *d, const char *where)
{
	char obs[WIRE_TXT], *t;
	bool ok = true;

	check_xsi_type(w, p, d, where);
	if (strcmp(d->type, "datetime") == 0) {
		if (!datetime_ok(w, p))
			finding(w, SRH_R_WIRE_TYPE, where,
				"datetime (a cim:CIM_DateTime child with DMTF text)",
				"no valid datetime child");
		return;
	}
	if (proto_xml_child(p, NULL, NULL)) {
		finding(w, SRH_R_WIRE_TYPE, where, d->type, "element children");
		return;
	}
	/* Any text, empty too, is a string: no copy to judge. */
	if (strcmp(d->type, "string") == 0)
		return;
	if (!(t = text_of(w, p)))
		return;
	if (!t[0] && strcmp(d->type, "string") != 0)
		finding(w, SRH_R_WIRE_NULL, where, "a value, or xsi:nil=\"true\" for NULL",
			"an empty element");
	else if (strncmp(d->type, "uint", 4) == 0)
		ok = uint_ok(d->type, t);
	else if (strcmp(d->type, "boolean") == 0)
		ok = strcmp(t, "true") == 0 || strcmp(t, "false") == 0 || strcmp(t, "1") == 0 ||
		     strcmp(t, "0") == 0;
	if (!ok) {
		snprintf(obs, sizeof obs, "\"%.80s\"", t);
		finding(w, SRH_R_WIRE_TYPE, where, d->type, obs);
	}
	free(t);
}

/* A nil element must be empty (DSP0230: xsi:nil="true" and no content). */
static void check_nil(wire_run *w, const xmlNode *p, const char *where)
{
	char *t;

	if (proto_xml_child(p, NULL, NULL)) {
		finding(w, SRH_R_WIRE_NULL, where, "an empty element with xsi:nil=\"true\"",
			"xsi:nil with element content");
		return;
	}
	if ((t = text_of(w, p)) && t[0])
		finding(w, SRH_R_WIRE_NULL, where, "an empty element with xsi:nil=\"true\"",
			"xsi:nil with text content");
	free(t);
}

/* Each declared property of one instance element: values lexically of
 * the MOF type, scalars once, arrays as repeated elements. */
static void check_props(wire_run *w, const xmlNode *inst, cim_decl_class cls)
{
	const char *owner = cls == CIM_DECL_ERROR ? "Error" : "Job";
	/* The declarations met so far: linear in the instance's size even for
	 * a hostile one (a proxy judges any upstream's bytes). */
	const cim_prop_decl *seen[DECLS_MAX];
	size_t n_seen = 0;

	for (const xmlNode *p = proto_xml_child(inst, NULL, NULL); p && !full(w);
	     p = proto_xml_next(p, NULL, NULL)) {
		const cim_prop_decl *d = cim_decl_find(cls, (const char *)p->name);
		char where[128];
		bool repeated = false;

		if (!d)
			continue;
		proto_dotted(where, sizeof where, owner, d->name);
		for (size_t i = 0; i < n_seen && !repeated; i++)
			repeated = seen[i] == d;
		if (!repeated && n_seen < DECLS_MAX)
			seen[n_seen++] = d;
		if (repeated && !d->array) {
			finding(w, SRH_R_WIRE_TYPE, where, "one element (a scalar)",
				"repeated elements (an array)");
			continue;
		}
		if (wsman_xml_nil(p))
			check_nil(w, p, where);
		else
			check_value(w, p, d, where);
	}
}

/* The Error element's xsi:type: CLASS_Type, its prefix bound to the
 * namespace the instance's properties are in, which ends in /CLASS. */
static void check_embedded_type(wire_run *w, const xmlNode *e, const char *where)
{
	xmlChar *xt = xmlGetNsProp(e, (const xmlChar *)"type", (const xmlChar *)WSMAN_NS_XSI);
	const xmlNode *p = proto_xml_child(e, NULL, NULL);
	const char *href = p && p->ns && p->ns->href ? (const char *)p->ns->href : "";
	char cls[128], pfx[64], obs[WIRE_TXT];
	const char *s = xt ? (const char *)xt : "", *colon = strchr(s, ':'), *local;
	size_t n, hl = strlen(href);
	xmlNs *ns = NULL;

	local = colon ? colon + 1 : s;
	n = strlen(local);
	if (n <= 5 || strcmp(local + n - 5, "_Type") != 0 || n - 5 >= sizeof cls) {
		snprintf(obs, sizeof obs, "xsi:type=\"%.80s\"", s);
		finding(w, SRH_R_WIRE_EMBEDDED, where, "xsi:type=\"PREFIX:CIM_Error_Type\"",
			xt ? obs : "no xsi:type");
		goto out;
	}
	snprintf(cls, sizeof cls, "%.*s", (int)(n - 5), local);
	if (colon && (size_t)(colon - s) < sizeof pfx) {
		snprintf(pfx, sizeof pfx, "%.*s", (int)(colon - s), s);
		ns = xmlSearchNs(e->doc, (xmlNode *)e, (const xmlChar *)pfx);
	} else if (!colon) {
		ns = xmlSearchNs(e->doc, (xmlNode *)e, NULL);
	}
	if (!ns || !ns->href || strcmp((const char *)ns->href, href) != 0 || hl <= strlen(cls) ||
	    strcmp(href + hl - strlen(cls), cls) != 0 || href[hl - strlen(cls) - 1] != '/') {
		snprintf(obs, sizeof obs, "xsi:type %.60s in \"%.80s\", properties in \"%.80s\"", s,
			 ns && ns->href ? (const char *)ns->href : "(unbound prefix)", href);
		finding(w, SRH_R_WIRE_EMBEDDED, where,
			"the type's namespace = the properties' namespace, the class URI of "
			"the type's class",
			obs);
	}
out:
	xmlFree(xt);
}

/* One Error / Errors element of a method output. */
static void check_error_elem(wire_run *w, const xmlNode *e, const char *where)
{
	char *t, obs[WIRE_TXT];

	if (wsman_xml_nil(e)) {
		check_nil(w, e, where);
		return;
	}
	if (proto_xml_child(e, NULL, NULL)) {
		check_embedded_type(w, e, where);
		check_props(w, e, CIM_DECL_ERROR);
		return;
	}
	if (!(t = text_of(w, e)))
		return;
	if (!t[0]) {
		finding(w, SRH_R_WIRE_NULL, where,
			"an embedded CIM_Error instance, or xsi:nil=\"true\" for NULL",
			"an empty element");
	} else {
		snprintf(obs, sizeof obs, "a string \"%.80s\"", t);
		finding(w, SRH_R_WIRE_EMBEDDED, where, "an embedded CIM_Error instance", obs);
	}
	free(t);
}

/* ReturnValue: exactly one, a uint32. */
static void check_return_value(wire_run *w, const xmlNode *out)
{
	const xmlNode *rv = proto_xml_child(out, NULL, "ReturnValue");
	char obs[WIRE_TXT], *t;

	if (!rv) {
		finding(w, SRH_R_WIRE_SCHEMA, "ReturnValue", "a ReturnValue element",
			"none in the output");
		return;
	}
	if (proto_xml_next(rv, NULL, "ReturnValue"))
		finding(w, SRH_R_WIRE_TYPE, "ReturnValue", "one element (a scalar)",
			"repeated elements");
	if (!(t = text_of(w, rv)))
		return;
	if (wsman_xml_nil(rv) || !uint_ok("uint32", t)) {
		snprintf(obs, sizeof obs, "\"%.80s\"%s", t, wsman_xml_nil(rv) ? " (nil)" : "");
		finding(w, SRH_R_WIRE_TYPE, "ReturnValue", "uint32", obs);
	}
	free(t);
}

/* METHOD_OUTPUT of GetError (scalar Error) or GetErrors (array Errors). */
static void check_output(wire_run *w, const xmlNode *out, const char *method)
{
	bool array = strcmp(method, "GetErrors") == 0;
	const char *name = array ? "Errors" : "Error";
	const xmlNode *e = proto_xml_child(out, NULL, name);

	check_return_value(w, out);
	if (!e) {
		finding(w, SRH_R_WIRE_NULL_OMITTED, method,
			"an Error element (xsi:nil=\"true\" when NULL)",
			"the output parameter left out");
		return;
	}
	if (!array && proto_xml_next(e, NULL, name))
		finding(w, SRH_R_WIRE_TYPE, name, "one element (a scalar)",
			"repeated elements (an array)");
	for (; e && !full(w); e = proto_xml_next(e, NULL, name))
		check_error_elem(w, e, name);
}

/* Is n in a class namespace: DMTF's (DSP0227, OMI), Microsoft's copy of
 * it (WinRM's default schema) or WinRM's WMI URIs? */
static bool in_class_ns(const xmlNode *n)
{
	static const char *const pfx[] = {WSMAN_CLASS_URI,
					  "http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/",
					  WSMAN_WMI_URI};
	const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";

	for (size_t i = 0; i < sizeof pfx / sizeof pfx[0]; i++)
		if (strncmp(href, pfx[i], strlen(pfx[i])) == 0)
			return true;
	return false;
}

/* Every job instance an Enumerate / Pull / Get response carries. */
static void check_items(wire_run *w, const xmlNode *n)
{
	for (const xmlNode *c = proto_xml_child(n, NULL, NULL); c && !full(w);
	     c = proto_xml_next(c, NULL, NULL)) {
		if (proto_xml_is(c, WSMAN_NS_WSMAN, "Item"))
			check_items(w, c);
		else if (in_class_ns(c))
			check_props(w, c, CIM_DECL_JOB);
	}
}

/* The output element's name METHOD_OUTPUT: METHOD in m, or false. */
static bool output_method(const xmlNode *n, char *m, size_t len)
{
	const char *name = n ? (const char *)n->name : "";
	size_t nl = strlen(name);

	if (nl <= 7 || strcmp(name + nl - 7, "_OUTPUT") != 0 || nl - 7 >= len)
		return false;
	snprintf(m, len, "%.*s", (int)(nl - 7), name);
	return true;
}

/* The Action of a method response: the output's namespace (the
 * ResourceURI) + "/" + METHOD + "Response" (DSP0227). */
static void check_action(wire_run *w, const char *action, const xmlNode *out, const char *m)
{
	const char *ns = out->ns && out->ns->href ? (const char *)out->ns->href : "";
	char want[1024], obs[WIRE_TXT];

	snprintf(want, sizeof want, "%s/%sResponse", ns, m);
	if (strcmp(action, want) != 0) {
		snprintf(obs, sizeof obs, "%.200s", action);
		finding(w, SRH_R_WIRE_SCHEMA, "Action", want, obs);
	}
}

/* The SOAP 1.2 envelope; NULL (after a finding) when its Body is not
 * there. The Action text goes to *action (freed by the caller). An
 * IdentifyResponse carries no addressing headers (DSP0226 section 11). */
static const xmlNode *check_envelope(wire_run *w, const xmlNode *root, char **action)
{
	const xmlNode *h = proto_xml_child(root, WSMAN_NS_SOAP, "Header");
	const xmlNode *b = proto_xml_child(root, WSMAN_NS_SOAP, "Body");
	const xmlNode *a = proto_xml_child(h, WSMAN_NS_WSA, "Action");

	*action = NULL;
	if (!proto_xml_is(root, WSMAN_NS_SOAP, "Envelope")) {
		finding(w, SRH_R_WIRE_SCHEMA, "Envelope", "a SOAP 1.2 s:Envelope",
			root ? (const char *)root->name : "no root");
		return NULL;
	}
	if (!b || proto_xml_next(b, WSMAN_NS_SOAP, "Body")) {
		finding(w, SRH_R_WIRE_SCHEMA, "Body", "one s:Body", b ? "two" : "none");
		return NULL;
	}
	if (proto_xml_child(b, WSMAN_NS_WSMID, "IdentifyResponse"))
		return b;
	if (!h || !a) {
		finding(w, SRH_R_WIRE_SCHEMA, "Header", "an s:Header with wsa:Action",
			h ? "no wsa:Action" : "no s:Header");
		return b;
	}
	if (!proto_xml_child(h, WSMAN_NS_WSA, "MessageID"))
		finding(w, SRH_R_WIRE_SCHEMA, "Header", "a wsa:MessageID", "none");
	if ((*action = text_of(w, a)) && !(*action)[0])
		finding(w, SRH_R_WIRE_SCHEMA, "Action", "a non-empty wsa:Action", "empty");
	return b;
}

/* The rules on a response read into doc. */
static void check_doc(wire_run *w, const xmlDoc *doc)
{
	char m[64], *action = NULL;
	const xmlNode *b, *first;

	if (!(b = check_envelope(w, xmlDocGetRootElement(doc), &action)))
		goto out;
	first = proto_xml_child(b, NULL, NULL);
	if (proto_xml_is(first, WSMAN_NS_SOAP, "Fault"))
		goto out;
	if (output_method(first, m, sizeof m)) {
		if (action)
			check_action(w, action, first, m);
		if (strcmp(m, "GetError") == 0 || strcmp(m, "GetErrors") == 0)
			check_output(w, first, m);
		else
			check_return_value(w, first);
	} else if (proto_xml_is(first, WSMAN_NS_WSEN, "EnumerateResponse") ||
		   proto_xml_is(first, WSMAN_NS_WSEN, "PullResponse")) {
		check_items(w, proto_xml_child(first, WSMAN_NS_WSMAN, "Items"));
		check_items(w, proto_xml_child(first, WSMAN_NS_WSEN, "Items"));
	} else {
		check_items(w, b); /* a GetResponse: the object itself */
	}
out:
	free(action);
}

int wsman_wire_check_doc(const xmlDoc *doc, const char *why, wsman_wire_sink sink, void *ctx)
{
	wire_run w = {.sink = sink, .ctx = ctx};

	if (doc)
		check_doc(&w, doc);
	else
		finding(&w, SRH_R_WIRE_SCHEMA, "response", "a well-formed SOAP 1.2 envelope", why);
	return w.found < 0 ? -1 : w.found;
}

int wsman_wire_check(const char *body, size_t len, wsman_wire_sink sink, void *ctx)
{
	wire_run w = {.sink = sink, .ctx = ctx};
	char err[WIRE_TXT];
	xmlDoc *doc;
	int rc;

	if (len > HTTP_DEFAULT_MAX_RESPONSE) {
		finding(&w, SRH_R_WIRE_SCHEMA, "response", "a response within the size limit",
			"too large");
		return w.found < 0 ? -1 : w.found;
	}
	doc = proto_xml_read(body, len, 0, "wsman", err, sizeof err);
	rc = wsman_wire_check_doc(doc, err, sink, ctx);
	xmlFreeDoc(doc);
	return rc;
}
