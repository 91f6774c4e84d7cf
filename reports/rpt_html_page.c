/*
 * rpt_html_page.c - what every page of the HTML report shares: the
 * document head with the inline style sheet, the end, and small table
 * helpers. The pages are self-contained (no link, script or font is
 * fetched) and written as well-formed XML as well as HTML, so both
 * xmllint --html and an XML parser accept them. Inline script and style
 * therefore never contain '<' or '&'.
 */
#include "rpt_html.h"

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;background:#fff}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top;"
    "font-size:.9em}"
    "th{background:#f3f3f3}"
    "td.num{text-align:right}"
    "code,pre{font-family:ui-monospace,monospace;font-size:.85em}"
    "pre{background:#f7f7f7;padding:.5em;overflow-x:auto;white-space:pre-wrap}"
    ".v{font-weight:bold;padding:0 .4em;border-radius:3px}"
    ".v-PASS{background:#c8e6c9}.v-FAIL{background:#ffcdd2}"
    ".v-CRASH{background:#b71c1c;color:#fff}.v-HANG{background:#ff8f00;color:#fff}"
    ".v-ERROR{background:#616161;color:#fff}"
    ".cards{display:flex;flex-wrap:wrap;gap:.6em}"
    ".card{border:1px solid #ccc;border-radius:4px;padding:.4em .8em;min-width:7em}"
    ".card b{display:block;font-size:1.5em}"
    ".rule-MUST{background:#ffebee;font-weight:bold}"
    ".rule-SHOULD{background:#fff8e1;font-weight:bold}"
    "tr.first td{outline:2px solid #c62828}"
    ".bar{display:inline-block;height:.8em;background:#43a047;vertical-align:middle}"
    ".barbg{display:inline-block;width:10em;height:.8em;background:#eee;"
    "vertical-align:middle}"
    ".filters{margin:.5em 0}.filters input,.filters select{margin-right:.6em}"
    "svg text{font-size:11px;font-family:system-ui,sans-serif}"
    "svg .lane{fill:#fafafa;stroke:#e0e0e0}"
    "svg .axis{stroke:#888}svg .grid{stroke:#eee}"
    "svg .pct{fill:none;stroke:#1565c0;stroke-width:1.5}"
    "svg .armed{fill:#fb8c00}svg .fired{fill:#d32f2f}"
    "svg .req{fill:#757575}svg .restart{fill:#6a1b9a}"
    "svg .ge-err{fill:#c62828;stroke:#7f0000}svg .ge-none{fill:#fff;stroke:#2e7d32;"
    "stroke-width:1.5}"
    "svg .ge-bad{fill:#fff;stroke:#c62828;stroke-width:1.5}"
    "svg .failmark{stroke:#c62828;stroke-dasharray:4,3}"
    "svg .failmark.first{stroke-width:3;stroke-dasharray:none}"
    "svg .tot{fill:none;stroke:#9e9e9e;stroke-width:1.5}"
    "svg .pass{fill:none;stroke:#2e7d32;stroke-width:2}"
    "svg .cur{fill:#c62828}svg .pt{fill:#2e7d32}"
    "svg .js2{fill:#cfd8dc}svg .js3{fill:#b3e5fc}svg .js4{fill:#81d4fa}"
    "svg .js5{fill:#fff59d}svg .js6{fill:#ffcc80}svg .js7{fill:#a5d6a7}"
    "svg .js8{fill:#ce93d8}svg .js9{fill:#b39ddb}svg .js10{fill:#ef9a9a}"
    "svg .js11,svg .js12,svg .js0{fill:#e0e0e0}";

void rpt_html_head(FILE *f, const char *title, const char *title2)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
	      "<meta name=\"viewport\" content=\"width=device-width\"/><title>",
	      f);
	rpt_xml_esc(f, title);
	if (title2) {
		fputs(" ", f);
		rpt_xml_esc(f, title2);
	}
	fprintf(f, "</title><style>%s</style></head>\n<body>\n", css);
}

void rpt_html_foot(FILE *f, const char *script)
{
	if (script)
		fprintf(f, "<script>%s</script>\n", script);
	fputs("</body></html>\n", f);
}

void rpt_html_kv(FILE *f, const char *k, const char *v)
{
	if (!v)
		return;
	fprintf(f, "<tr><th>%s</th><td>", k);
	rpt_xml_esc(f, v);
	fputs("</td></tr>\n", f);
}

void rpt_html_verdict(FILE *f, srh_verdict v)
{
	const char *n = rpt_verdict_name(v);

	fprintf(f, "<span class=\"v v-%s\">%s</span>", n, n);
}

void rpt_html_td(FILE *f, const char *s, size_t max)
{
	fputs("<td>", f);
	rpt_xml_put(f, s, max);
	fputs("</td>", f);
}
