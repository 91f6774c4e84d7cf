/*
 * xml_util.h - independent checks of CIM-XML text for the cimxml tests:
 * every document the library writes is parsed here by libxml2 itself and
 * probed with XPath, so a test never trusts the library's own reader.
 * Expected values come from shared/spec (contract.md, cim-valuemaps.md).
 */
#ifndef SRH_TEST_XML_UTIL_H
#define SRH_TEST_XML_UTIL_H

#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml.h"

/* Parse text (must be well-formed: the test fails otherwise). */
static inline xmlDoc *xu_parse(const char *text, size_t len)
{
	xmlDoc *d =
	    xmlReadMemory(text, (int)len, "t.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);

	cr_assert_not_null(d, "not well-formed XML:\n%.*s", (int)(len > 2000 ? 2000 : len), text);
	return d;
}

/* Number of nodes matching xpath. */
static inline int xu_count(xmlDoc *d, const char *xpath)
{
	xmlXPathContext *ctx = xmlXPathNewContext(d);
	xmlXPathObject *o = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

/* String value of xpath (string(...)), malloc'ed. */
static inline char *xu_str(xmlDoc *d, const char *xpath)
{
	char expr[512];
	xmlXPathContext *ctx = xmlXPathNewContext(d);
	xmlXPathObject *o;
	char *s;

	snprintf(expr, sizeof expr, "string(%s)", xpath);
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	s = strdup(o && o->stringval ? (const char *)o->stringval : "");
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

#define xu_expect_str(d, xpath, want)                                                              \
	do {                                                                                       \
		char *got_ = xu_str((d), (xpath));                                                 \
		cr_expect_str_eq(got_, (want), "%s", (xpath));                                     \
		free(got_);                                                                        \
	} while (0)

#endif
