/*
 * wsman_parse.c - a WS-Management request envelope (SOAP 1.2) into a
 * wsman_request: the addressing headers (Action, MessageID), the resource
 * (ResourceURI, SelectorSet), and the body of the operations this server
 * offers (Identify, Enumerate, Pull, Release, METHOD_INPUT of an Invoke).
 *
 * Which fault a broken request earns follows openwsman's inbound checks: a
 * body that is not XML, or not an Envelope, is
 * wsa:InvalidMessageInformationHeader; an Envelope of another SOAP version
 * is s:VersionMismatch; no Header, Body or Action is
 * wsa:MessageInformationHeaderRequired; a body over the limit is
 * wsman:EncodingLimit. Unknown children are ignored, as SOAP asks of
 * elements that are not mustUnderstand.
 */
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "wsman_int.h"

void wsman_request_free(wsman_request *r)
{
	if (!r)
		return;
	free(r->action_uri);
	free(r->message_id);
	free(r->resource_uri);
	free(r->method);
	free(r->context);
	for (size_t i = 0; i < r->n_selectors; i++) {
		free(r->selectors[i].name);
		free(r->selectors[i].value);
	}
	for (size_t i = 0; i < r->n_params; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	free(r);
}

static const wsman_pair *find_pair(const wsman_pair *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (proto_name_eq(p[i].name, name))
			return &p[i];
	return NULL;
}

const wsman_pair *wsman_request_selector(const wsman_request *r, const char *name)
{
	return find_pair(r->selectors, r->n_selectors, name);
}

const wsman_pair *wsman_request_param(const wsman_request *r, const char *name)
{
	return find_pair(r->params, r->n_params, name);
}

/* Text of header child ns:name into *dst (NULL when absent). Returns -1
 * only when memory ran out. */
static int header_text(const xmlNode *hdr, const char *ns, const char *name, char **dst)
{
	xmlNode *n = proto_xml_child(hdr, ns, name);

	if (!n)
		return 0;
	*dst = proto_xml_trimmed(n);
	return *dst ? 0 : -1;
}

static int read_selectors(wsman_request *r, const xmlNode *hdr)
{
	xmlNode *set = proto_xml_child(hdr, WSMAN_NS_WSMAN, "SelectorSet");

	for (xmlNode *s = proto_xml_child(set, WSMAN_NS_WSMAN, "Selector"); s;
	     s = proto_xml_next(s, WSMAN_NS_WSMAN, "Selector")) {
		wsman_pair *p;
		xmlChar *name;

		if (r->n_selectors == WSMAN_MAX_SELECTORS) {
			r->too_many_selectors = true;
			break;
		}
		p = &r->selectors[r->n_selectors];
		name = xmlGetProp(s, (const xmlChar *)"Name");
		p->name = strdup(name ? (const char *)name : "");
		xmlFree(name);
		p->value = proto_xml_trimmed(s);
		r->n_selectors++;
		if (!p->name || !p->value)
			return -1;
	}
	return 0;
}

static int read_max(wsman_request *r, const xmlNode *parent, const char *ns)
{
	xmlNode *m = proto_xml_child(parent, ns, "MaxElements");
	uint64_t n;
	char *t;

	if (!m)
		return 0;
	if (!(t = proto_xml_trimmed(m)))
		return -1;
	/* A count: 1 or more. */
	r->has_max_elements = srh_parse_u64(t, 1, UINT32_MAX, &n) == 0;
	r->max_elements = r->has_max_elements ? (uint32_t)n : 0;
	free(t);
	return 0;
}

static int read_enumerate(wsman_request *r, const xmlNode *en)
{
	xmlNode *mode = proto_xml_child(en, WSMAN_NS_WSMAN, "EnumerationMode");

	r->optimize = proto_xml_child(en, WSMAN_NS_WSMAN, "OptimizeEnumeration") != NULL;
	if (mode) {
		char *t = proto_xml_trimmed(mode);

		if (!t)
			return -1;
		if (strcmp(t, "EnumerateEPR") == 0)
			r->mode = WSMAN_EM_EPR;
		else if (strcmp(t, "EnumerateObjectAndEPR") == 0)
			r->mode = WSMAN_EM_OBJECT_AND_EPR;
		free(t);
	}
	return read_max(r, en, WSMAN_NS_WSMAN);
}

static int read_context(wsman_request *r, const xmlNode *op)
{
	xmlNode *c = proto_xml_child(op, WSMAN_NS_WSEN, "EnumerationContext");

	if (!c)
		return 0;
	r->context = proto_xml_trimmed(c);
	return r->context ? 0 : -1;
}

/* The children of <p:METHOD_INPUT>: name = local name, value = text or
 * NULL (xsi:nil). */
static int read_input(wsman_request *r, const xmlNode *body)
{
	size_t ml = strlen(r->method);
	xmlNode *in = NULL;

	for (xmlNode *c = proto_xml_child(body, NULL, NULL); c; c = proto_xml_next(c, NULL, NULL)) {
		const char *n = (const char *)c->name;

		if (strncmp(n, r->method, ml) == 0 && strcmp(n + ml, "_INPUT") == 0) {
			in = c;
			break;
		}
	}
	r->has_input = in != NULL;
	for (xmlNode *c = proto_xml_child(in, NULL, NULL); c && r->n_params < WSMAN_MAX_PARAMS;
	     c = proto_xml_next(c, NULL, NULL)) {
		wsman_pair *p = &r->params[r->n_params++];

		p->name = strdup((const char *)c->name);
		if (!p->name)
			return -1;
		if (!wsman_xml_nil(c) && !(p->value = proto_xml_trimmed(c)))
			return -1;
	}
	return 0;
}

/* Action URI -> operation; Invoke is ResourceURI + "/" + method. */
static int classify(wsman_request *r)
{
	static const struct {
		const char *uri;
		wsman_action a;
	} fixed[] = {{WSMAN_A_GET, WSMAN_ACT_GET},
		     {WSMAN_A_ENUMERATE, WSMAN_ACT_ENUMERATE},
		     {WSMAN_A_PULL, WSMAN_ACT_PULL},
		     {WSMAN_A_RELEASE, WSMAN_ACT_RELEASE}};
	size_t rl;

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(r->action_uri, fixed[i].uri) == 0) {
			r->action = fixed[i].a;
			return 0;
		}
	if (!r->resource_uri)
		return 0;
	rl = strlen(r->resource_uri);
	if (strncmp(r->action_uri, r->resource_uri, rl) == 0 && r->action_uri[rl] == '/' &&
	    r->action_uri[rl + 1] && !strchr(r->action_uri + rl + 1, '/')) {
		r->action = WSMAN_ACT_INVOKE;
		r->method = strdup(r->action_uri + rl + 1);
		return r->method ? 0 : -1;
	}
	return 0;
}

static int read_body(wsman_request *r, const xmlNode *body)
{
	switch (r->action) {
	case WSMAN_ACT_ENUMERATE: {
		xmlNode *en = proto_xml_child(body, WSMAN_NS_WSEN, "Enumerate");

		return en ? read_enumerate(r, en) : 0;
	}
	case WSMAN_ACT_PULL: {
		xmlNode *p = proto_xml_child(body, WSMAN_NS_WSEN, "Pull");

		if (p && read_max(r, p, WSMAN_NS_WSEN) != 0)
			return -1;
		return read_context(r, p);
	}
	case WSMAN_ACT_RELEASE:
		return read_context(r, proto_xml_child(body, WSMAN_NS_WSEN, "Release"));
	case WSMAN_ACT_INVOKE:
		return read_input(r, body);
	default:
		return 0;
	}
}

/* The envelope's shape: root, version, Header and Body. */
static int envelope(xmlDoc *doc, xmlNode **hdr, xmlNode **body, char *err, size_t errlen)
{
	xmlNode *root = xmlDocGetRootElement(doc);

	if (!proto_xml_is(root, NULL, "Envelope")) {
		proto_err(err, errlen, "the root element is not a SOAP Envelope");
		return WSMAN_PE_NOT_XML;
	}
	if (!proto_xml_is(root, WSMAN_NS_SOAP, "Envelope")) {
		proto_err(err, errlen, "the Envelope is not SOAP 1.2 (%s)",
			  root->ns && root->ns->href ? (const char *)root->ns->href
						     : "no namespace");
		return WSMAN_PE_NOT_SOAP12;
	}
	*hdr = proto_xml_child(root, WSMAN_NS_SOAP, "Header");
	*body = proto_xml_child(root, WSMAN_NS_SOAP, "Body");
	if (!*body || !*hdr) {
		proto_err(err, errlen, "the Envelope has no %s", *body ? "Header" : "Body");
		return WSMAN_PE_NO_HEADER;
	}
	return WSMAN_PE_OK;
}

static int read_request(wsman_request *r, xmlNode *hdr, xmlNode *body, char *err, size_t errlen)
{
	if (header_text(hdr, WSMAN_NS_WSA, "Action", &r->action_uri) != 0 ||
	    header_text(hdr, WSMAN_NS_WSA, "MessageID", &r->message_id) != 0 ||
	    header_text(hdr, WSMAN_NS_WSMAN, "ResourceURI", &r->resource_uri) != 0 ||
	    read_selectors(r, hdr) != 0)
		goto nomem;
	if (proto_xml_child(body, WSMAN_NS_WSMID, "Identify")) {
		r->action = WSMAN_ACT_IDENTIFY;
		return WSMAN_PE_OK;
	}
	if (!r->action_uri || !r->action_uri[0]) {
		proto_err(err, errlen, "no wsa:Action header");
		return WSMAN_PE_NO_HEADER;
	}
	if (classify(r) != 0 || read_body(r, body) != 0)
		goto nomem;
	return WSMAN_PE_OK;
nomem:
	proto_err(err, errlen, "out of memory");
	return WSMAN_PE_NOMEM;
}

int wsman_parse_request(const char *body, size_t len, size_t max_len, wsman_request **out,
			char *err, size_t errlen)
{
	wsman_request *r = NULL;
	xmlNode *hdr = NULL, *bd = NULL;
	xmlDoc *doc = NULL;
	int rc;

	*out = NULL;
	if (max_len == 0)
		max_len = WSMAN_MAX_BODY;
	if (len > max_len) {
		proto_err(err, errlen, "an envelope of %zu bytes exceeds the limit of %zu", len,
			  max_len);
		return WSMAN_PE_TOO_LARGE;
	}
	if (!(doc = proto_xml_read(body, len, 0, "wsman", err, errlen)))
		return WSMAN_PE_NOT_XML;
	rc = envelope(doc, &hdr, &bd, err, errlen);
	if (rc != WSMAN_PE_OK)
		goto out;
	if (!(r = calloc(1, sizeof *r))) {
		proto_err(err, errlen, "out of memory");
		rc = WSMAN_PE_NOMEM;
		goto out;
	}
	rc = read_request(r, hdr, bd, err, errlen);
out:
	xmlFreeDoc(doc);
	if (rc != WSMAN_PE_OK) {
		wsman_request_free(r);
		return rc;
	}
	*out = r;
	return WSMAN_PE_OK;
}
