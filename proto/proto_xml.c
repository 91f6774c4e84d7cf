/*
 * proto_xml.c - the one place libxml2 reads untrusted bytes, for both
 * protocols.
 *
 * Neither CIM-XML nor WS-Management needs a DTD, so a DOCTYPE or ENTITY is
 * refused before libxml2 sees the text: with no internal subset there is
 * no entity to declare, expand or fetch (billion laughs, external
 * entities). The parser runs without XML_PARSE_NOENT, XML_PARSE_DTDLOAD
 * and XML_PARSE_HUGE (libxml2 keeps its default depth and text limits)
 * and with XML_PARSE_NONET. Each parse has its own context, so its error
 * message is not shared between threads.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <libxml/parser.h>

#include "proto.h"

void proto_err(char *err, size_t errlen, const char *fmt, ...)
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
	proto_err(err, errlen, "XML not well-formed (line %d): %.*s",
		  ctxt ? ctxt->lastError.line : 0, (int)(n > 160 ? 160 : n), m);
}

/*
 * A parser context per thread, reused: making one (its dictionary, stacks
 * and SAX handler) and freeing it was 13k instructions of a 150k read, and
 * every request and answer is read. libxml2 resets it at each read; its
 * dictionary keeps the names of the documents read (a document read holds
 * its own reference to it), so a thread's context is replaced once that
 * holds CTXT_DICT_MAX names: a peer's made-up names neither grow it
 * without bound nor bring it to libxml2's dictionary limit. Freed when its
 * thread ends.
 */
#define CTXT_DICT_MAX 4096

/* Two kinds: one that builds trees (proto_xml_read), one whose SAX
 * handler builds nothing (proto_xml_well_formed). */
enum { CTXT_TREE, CTXT_SYNTAX, CTXT_KINDS };

static pthread_key_t ctxt_key[CTXT_KINDS];
static pthread_once_t ctxt_once = PTHREAD_ONCE_INIT;
static bool ctxt_key_ok;

static void ctxt_drop(void *c)
{
	xmlFreeParserCtxt(c);
}

static void ctxt_key_make(void)
{
	ctxt_key_ok = pthread_key_create(&ctxt_key[CTXT_TREE], ctxt_drop) == 0 &&
		      pthread_key_create(&ctxt_key[CTXT_SYNTAX], ctxt_drop) == 0;
}

/* A new context of kind k; NULL when out of memory. */
static xmlParserCtxt *ctxt_new(int k)
{
	xmlParserCtxt *c = xmlNewParserCtxt();
	xmlSAXHandler *h = c ? c->sax : NULL;

	if (!h || k != CTXT_SYNTAX)
		return c;
	/* Only the syntax is checked: the callbacks that build a tree are off. */
	h->startDocument = NULL;
	h->endDocument = NULL;
	h->startElementNs = NULL;
	h->endElementNs = NULL;
	h->startElement = NULL;
	h->endElement = NULL;
	h->characters = NULL;
	h->ignorableWhitespace = NULL;
	h->cdataBlock = NULL;
	h->comment = NULL;
	h->processingInstruction = NULL;
	h->reference = NULL;
	h->internalSubset = NULL;
	h->externalSubset = NULL;
	return c;
}

/* This thread's context of kind k (a fresh one when it has none yet, or
 * its dictionary is full), or NULL when out of memory. */
static xmlParserCtxt *ctxt_get(int k)
{
	xmlParserCtxt *c;

	if (pthread_once(&ctxt_once, ctxt_key_make) != 0 || !ctxt_key_ok)
		return ctxt_new(k);
	c = pthread_getspecific(ctxt_key[k]);
	if (c && c->dict && xmlDictSize(c->dict) <= CTXT_DICT_MAX)
		return c;
	if (c) {
		(void)pthread_setspecific(ctxt_key[k], NULL);
		xmlFreeParserCtxt(c);
	}
	if ((c = ctxt_new(k)) && pthread_setspecific(ctxt_key[k], c) != 0) {
		xmlFreeParserCtxt(c);
		c = NULL;
	}
	return c;
}

/* Done with c (kept for the thread's next read unless there is no key). */
static void ctxt_put(xmlParserCtxt *c)
{
	if (c && !ctxt_key_ok)
		xmlFreeParserCtxt(c);
}

bool proto_xml_well_formed(const char *body, size_t len)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlParserCtxt *ctxt;
	xmlDoc *d;
	bool ok;

	if (!body || len > (size_t)INT_MAX || !(ctxt = ctxt_get(CTXT_SYNTAX)))
		return false;
	d = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, NULL, opts);
	ok = ctxt->wellFormed != 0;
	xmlFreeDoc(d); /* none: nothing starts one */
	ctxt_put(ctxt);
	return ok;
}

xmlDoc *proto_xml_read(const char *body, size_t len, size_t max_len, const char *name, char *err,
		       size_t errlen)
{
	/* COMPACT: short texts live in their nodes (fewer mallocs); nothing
	 * here edits a document read. */
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			 XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
	xmlParserCtxt *ctxt = NULL;
	xmlDoc *doc = NULL;

	if (max_len == 0 || max_len > INT_MAX)
		max_len = INT_MAX;
	if (!body || len == 0) {
		proto_err(err, errlen, "empty body");
		goto out;
	}
	if (len > max_len) {
		proto_err(err, errlen, "body of %zu bytes exceeds the limit of %zu", len, max_len);
		goto out;
	}
	if (has_bytes(body, len, "<!DOCTYPE") || has_bytes(body, len, "<!ENTITY")) {
		proto_err(err, errlen, "a DTD or entity declaration is not accepted");
		goto out;
	}
	if (!(ctxt = ctxt_get(CTXT_TREE))) {
		proto_err(err, errlen, "out of memory");
		goto out;
	}
	doc = xmlCtxtReadMemory(ctxt, body, (int)len, name, NULL, opts);
	if (!doc || !ctxt->wellFormed) {
		ctxt_reason(ctxt, err, errlen);
		xmlFreeDoc(doc);
		doc = NULL;
		goto out;
	}
	if (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc)) {
		proto_err(err, errlen, "a DTD is not accepted");
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	ctxt_put(ctxt);
	return doc;
}

bool proto_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return false;
	if (name && strcmp((const char *)n->name, name) != 0)
		return false;
	if (ns && (!n->ns || !n->ns->href || strcmp((const char *)n->ns->href, ns) != 0))
		return false;
	return true;
}

xmlNode *proto_xml_child(const xmlNode *n, const char *ns, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (proto_xml_is(c, ns, name))
			return c;
	return NULL;
}

xmlNode *proto_xml_next(const xmlNode *n, const char *ns, const char *name)
{
	for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
		if (proto_xml_is(c, ns, name))
			return c;
	return NULL;
}

char *proto_xml_attr(const xmlNode *n, const char *name, bool *oom)
{
	xmlChar *v;
	char *s = NULL;

	if (!n || !xmlHasProp(n, (const xmlChar *)name))
		return NULL;
	if ((v = xmlGetProp(n, (const xmlChar *)name)))
		s = strdup((const char *)v);
	xmlFree(v);
	if (!s && oom)
		*oom = true;
	return s;
}

/* n's text, trimmed or not, as a malloc'ed string. */
static char *text_of(const xmlNode *n, bool trim)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *s = v ? (const char *)v : "";
	size_t len;
	char *out;

	while (trim && *s && isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (trim && len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	out = strndup(s, len);
	xmlFree(v);
	return out;
}

char *proto_xml_text(const xmlNode *n)
{
	return text_of(n, false);
}

char *proto_xml_trimmed(const xmlNode *n)
{
	return text_of(n, true);
}

bool proto_name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

void proto_dotted(char *buf, size_t size, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la > size - 2)
		la = size - 2;
	memcpy(buf, a, la);
	buf[la++] = '.';
	if (lb > size - 1 - la)
		lb = size - 1 - la;
	memcpy(buf + la, b, lb);
	buf[la + lb] = '\0';
}
