/*
 * cimxml_xml.c - the one place libxml2 reads untrusted bytes.
 *
 * CIM-XML needs no DTD, so a DOCTYPE is refused before libxml2 sees the
 * text: with no internal subset there is no entity to declare, expand or
 * fetch (billion laughs, external entities). The parser runs without
 * XML_PARSE_NOENT, XML_PARSE_DTDLOAD and XML_PARSE_HUGE (libxml2 keeps its
 * default depth and text limits) and with XML_PARSE_NONET. Each parse has
 * its own context, so its error message is not shared between threads.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

void cimxml_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* memmem, not a byte loop: every request and response is scanned twice
 * before it is parsed, and this was a tenth of the parse's cost. */
static bool has_bytes(const char *body, size_t len, const char *pat)
{
	return memmem(body, len, pat, strlen(pat)) != NULL;
}

/* libxml2's message without its trailing newline. */
static void ctxt_reason(xmlParserCtxt *ctxt, char *err, size_t errlen)
{
	const char *m = ctxt && ctxt->lastError.message ? ctxt->lastError.message : "parse error";
	size_t n = strlen(m);

	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == '\r'))
		n--;
	cimxml_err(err, errlen, "XML not well-formed (line %d): %.*s",
		   ctxt ? ctxt->lastError.line : 0, (int)(n > 160 ? 160 : n), m);
}

xmlDoc *cimxml_xml_read(const char *body, size_t len, size_t max_len, char *err, size_t errlen)
{
	/* COMPACT: short texts live in their nodes (fewer mallocs); nothing
	 * here edits a document read. */
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			 XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
	xmlParserCtxt *ctxt = NULL;
	xmlDoc *doc = NULL;

	if (max_len == 0)
		max_len = CIMXML_MAX_BODY;
	if (!body || len == 0) {
		cimxml_err(err, errlen, "empty body");
		goto out;
	}
	if (len > max_len || len > INT_MAX) {
		cimxml_err(err, errlen, "body of %zu bytes exceeds the limit of %zu", len, max_len);
		goto out;
	}
	if (has_bytes(body, len, "<!DOCTYPE") || has_bytes(body, len, "<!ENTITY")) {
		cimxml_err(err, errlen, "a DTD or entity declaration is not accepted");
		goto out;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		cimxml_err(err, errlen, "out of memory");
		goto out;
	}
	doc = xmlCtxtReadMemory(ctxt, body, (int)len, "cimxml", NULL, opts);
	if (!doc || !ctxt->wellFormed) {
		ctxt_reason(ctxt, err, errlen);
		xmlFreeDoc(doc);
		doc = NULL;
		goto out;
	}
	if (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc)) {
		cimxml_err(err, errlen, "a DTD is not accepted");
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return doc;
}

bool cimxml_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || strcmp((const char *)n->name, name) == 0);
}

xmlNode *cimxml_xml_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (cimxml_xml_is(c, name))
			return c;
	return NULL;
}

xmlNode *cimxml_xml_next(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
		if (cimxml_xml_is(c, name))
			return c;
	return NULL;
}

static char *own(xmlChar *x, bool *oom)
{
	char *s;

	if (!x)
		return NULL;
	s = strdup((const char *)x);
	xmlFree(x);
	if (!s && oom)
		*oom = true;
	return s;
}

char *cimxml_xml_attr(const xmlNode *n, const char *name, bool *oom)
{
	xmlChar *v;

	if (!n || !xmlHasProp(n, (const xmlChar *)name))
		return NULL;
	v = xmlGetProp(n, (const xmlChar *)name);
	if (!v) {
		if (oom)
			*oom = true;
		return NULL;
	}
	return own(v, oom);
}

char *cimxml_xml_text(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);

	if (!v)
		return strdup("");
	return own(v, NULL);
}

bool cimxml_name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}
