/*
 * srh_selfcheck.c - `srh serve --self-check`: every answer the server
 * sends (CIM-XML and WS-Management) judged by the wire rules of the one
 * rule table (check.h) before it goes out, each finding one line on
 * stderr, the count in the farewell line. The checks are the codecs'
 * (cimxml_wire_check, wsman_wire_check), which read the bytes as any
 * client's would, so serve is judged like any server.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "cimxml.h"
#include "srh_cli.h"
#include "wsman.h"

static atomic_ulong findings;

/* One finding, one line: a warning for a SHOULD rule (a declared
 * deviation such as --omit-null-params), a failure for a MUST rule. */
static void print_finding(void *ctx, srh_rule_id rule, const char *where, const char *expected,
			  const char *observed)
{
	const srh_rule *r = srh_rule_get(rule);

	atomic_fetch_add(&findings, 1);
	/* One fprintf per line: stdio's lock keeps concurrent lines whole. */
	fprintf(stderr, "srh serve: self-check %s: %s %s at %s: expected %s, observed %s\n",
		(const char *)ctx, r && r->level == SRH_SHOULD ? "warning" : "FAIL",
		r ? r->id : "?", where, expected, observed);
}

void srh_selfcheck_cimxml(void *arg, const char *body, size_t len)
{
	(void)arg;
	if (cimxml_wire_check(body, len, print_finding, (void *)"CIM-XML") < 0)
		fprintf(stderr, "srh serve: self-check CIM-XML: out of memory, findings lost\n");
}

void srh_selfcheck_wsman(void *arg, const char *body, size_t len)
{
	(void)arg;
	if (wsman_wire_check(body, len, print_finding, (void *)"WS-Management") < 0)
		fprintf(stderr, "srh serve: self-check WS-Management: out of memory, findings "
				"lost\n");
}

unsigned long srh_selfcheck_count(void)
{
	return atomic_load(&findings);
}
