/*
 * rpt_html_scn.c - the page of one scenario: what it is, its timeline,
 * every failure (the first one highlighted, with the contract rule's own
 * text), every client call with the Error it returned, the timeline as a
 * table, fault hit counts and the run's captured output.
 */
#include <inttypes.h>

#include "check.h"
#include "rpt_html.h"

static void facts(FILE *f, const rpt_run *run, const rpt_item *it)
{
	const srh_result *r = &it->r;
	char buf[2048], seed[32], wall[32], end[32], fs[64];

	snprintf(seed, sizeof(seed), "%" PRIu64, r->seed);
	snprintf(wall, sizeof(wall), "%.3f s", r->wall_s);
	snprintf(fs, sizeof(fs), "%u %s", r->final_state, rpt_job_state_name(r->final_state));
	fputs("<table>\n", f);
	rpt_html_kv(f, "file", r->file);
	rpt_html_kv(f, "job kind", r->job_kind);
	rpt_html_kv(f, "tags", it->tags);
	rpt_html_kv(f, "seed", seed);
	rpt_html_kv(f, "provider", r->provider);
	rpt_html_kv(f, "final JobState", r->final_state ? fs : NULL);
	rpt_html_kv(f, "end class", r->end_class);
	rpt_html_kv(f, "virtual end", rpt_vtime(r->end_ns, end, sizeof(end)));
	rpt_html_kv(f, "wall time", wall);
	rpt_html_kv(f, "reason", r->reason);
	if (r->truncated)
		rpt_html_kv(f, "note", "a list hit its cap: the record is truncated");
	fputs("<tr><th>repro</th><td><code>", f);
	rpt_xml_esc(f, rpt_repro(buf, sizeof(buf), run, r));
	fputs("</code></td></tr>\n</table>\n", f);
}

static void failure_row(FILE *f, const srh_result *r, const srh_failure *x, bool first)
{
	const srh_rule *rule = x->from_expect ? NULL : srh_rule_find(x->rule);
	const char *lvl = x->level ? "SHOULD" : "MUST";
	char t[32], line[32];

	fprintf(f, "<tr%s><td>%s</td><td class=\"rule-%s\">", first ? " class=\"first\"" : "", lvl,
		lvl);
	rpt_xml_put(f, x->rule, 200);
	fputs("</td>", f);
	rpt_html_td(f, rule ? rule->text : x->from_expect ? "scenario expectation" : "", 0);
	rpt_html_td(f, x->property, 200);
	rpt_html_td(f, x->expected, RPT_HTML_CELL_MAX);
	rpt_html_td(f, x->observed, RPT_HTML_CELL_MAX);
	snprintf(line, sizeof(line), "%d", x->line);
	fprintf(f, "<td class=\"num\">%s</td><td>", rpt_vtime(x->time_ns, t, sizeof(t)));
	if (x->line > 0) {
		rpt_xml_put(f, r->file, 300);
		fprintf(f, ":%s", line);
	}
	fputs("</td></tr>\n", f);
}

static void failures(FILE *f, const srh_result *r)
{
	if (r->n_must + r->n_should == 0)
		return;
	fprintf(f,
		"<h2>Failures (%zu MUST, %zu SHOULD)</h2>\n<table>\n"
		"<tr><th>level</th><th>rule</th><th>the rule says</th><th>property</th>"
		"<th>expected</th><th>observed</th><th>virtual time</th><th>where</th></tr>\n",
		r->n_must, r->n_should);
	for (size_t i = 0; i < r->n_must; i++)
		failure_row(f, r, &r->must[i], i == 0);
	for (size_t i = 0; i < r->n_should; i++)
		failure_row(f, r, &r->should[i], r->n_must == 0 && i == 0);
	fputs("</table>\n", f);
}

static void strv_cell(FILE *f, char *const *v, size_t n)
{
	fputs("<td>", f);
	for (size_t i = 0; v && i < n; i++) {
		if (i)
			fputs("<br/>", f);
		rpt_xml_put(f, v[i], RPT_HTML_CELL_MAX);
	}
	fputs("</td>", f);
}

static void vm_cell(FILE *f, const cim_valuemap *m, uint32_t v)
{
	const char *n = cim_vmap_name(m, v);

	fprintf(f, "<td>%" PRIu32 "%s%s</td>", v, n ? " " : "", n ? n : "");
}

static void error_table(FILE *f, size_t k, const cim_error *e)
{
	fprintf(f, "<details><summary>Error[%zu] ", k);
	rpt_xml_put(f, e->message_id ? e->message_id : "(no MessageID)", 200);
	fputs("</summary><table>\n<tr><th>ErrorType</th>", f);
	vm_cell(f, &cim_vm_error_type, e->error_type);
	fputs("</tr>\n<tr><th>OtherErrorType</th>", f);
	rpt_html_td(f, e->other_error_type, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>OwningEntity</th>", f);
	rpt_html_td(f, e->owning_entity, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>MessageID</th>", f);
	rpt_html_td(f, e->message_id, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>Message</th>", f);
	rpt_html_td(f, e->message, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>MessageArguments</th>", f);
	strv_cell(f, e->message_arguments, e->n_message_arguments);
	fputs("</tr>\n<tr><th>PerceivedSeverity</th>", f);
	vm_cell(f, &cim_vm_severity, e->perceived_severity);
	fputs("</tr>\n<tr><th>ProbableCause</th>", f);
	vm_cell(f, &cim_vm_probable_cause, e->probable_cause);
	fputs("</tr>\n<tr><th>ProbableCauseDescription</th>", f);
	rpt_html_td(f, e->probable_cause_description, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>RecommendedActions</th>", f);
	strv_cell(f, e->recommended_actions, e->n_recommended_actions);
	fputs("</tr>\n<tr><th>ErrorSource</th>", f);
	rpt_html_td(f, e->error_source, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>ErrorSourceFormat</th>", f);
	vm_cell(f, &cim_vm_error_source_format, e->error_source_format);
	fputs("</tr>\n<tr><th>OtherErrorSourceFormat</th>", f);
	rpt_html_td(f, e->other_error_source_format, RPT_HTML_CELL_MAX);
	fputs("</tr>\n<tr><th>CIMStatusCode</th>", f);
	vm_cell(f, &cim_vm_status_code, e->cim_status_code);
	fputs("</tr>\n<tr><th>CIMStatusCodeDescription</th>", f);
	rpt_html_td(f, e->cim_status_code_description, RPT_HTML_CELL_MAX);
	fputs("</tr>\n</table></details>\n", f);
}

/* The rc, named; a vendor code with the provider's own description. */
static void rc_cell(FILE *f, const srh_call_rec *c)
{
	if (!SRH_RC_VENDOR(c->rc)) {
		vm_cell(f, c->call == 5 ? &cim_vm_rsc_rc : &cim_vm_geterror_rc, c->rc);
		return;
	}
	fprintf(f, "<td>%" PRIu32 " ", c->rc);
	if (c->rc_desc) {
		fputs("(", f);
		rpt_xml_put(f, c->rc_desc, RPT_HTML_CELL_MAX);
		fputs(")", f);
	} else {
		fputs(SRH_RC_NO_DESC, f);
	}
	fputs("</td>", f);
}

static void call_row(FILE *f, size_t i, const srh_call_rec *c)
{
	char t[32];
	bool ge = c->call <= 2;

	fprintf(f, "<tr><td class=\"num\">%zu</td><td class=\"num\">%s</td><td>%s", i + 1,
		rpt_vtime(c->time_ns, t, sizeof(t)), rpt_call_name(c->call));
	if (c->call == 5)
		fprintf(f, " (%u)", c->requested_state);
	fputs("</td><td>", f);
	rpt_xml_put(f, c->principal, 200);
	fputs(c->admin ? " (admin)" : "", f);
	fputs("</td>", f);
	rpt_html_td(f, c->instance_id ? c->instance_id : "NULL", 300);
	rc_cell(f, c);
	if (c->has_job) {
		fprintf(f, "<td>%u %s</td><td>", c->job_state, rpt_job_state_name(c->job_state));
		for (size_t k = 0; k < c->n_op_status && k < CIM_OPSTATUS_MAX; k++)
			fprintf(f, "%s%u", k ? "," : "", c->op_status[k]);
		fprintf(f, "</td><td class=\"num\">%u</td>", c->percent);
	} else {
		fputs("<td>-</td><td>-</td><td>-</td>", f);
	}
	fputs("<td>", f);
	if (ge && !(c->errors && c->n_errors))
		fputs("absent", f);
	for (size_t k = 0; c->errors && k < c->n_errors; k++)
		if (c->errors[k])
			error_table(f, k, c->errors[k]);
	fputs("</td></tr>\n", f);
}

static void calls(FILE *f, const srh_result *r)
{
	if (!r->n_calls)
		return;
	fprintf(f,
		"<h2>Client calls (%zu)</h2>\n<table>\n<tr><th>#</th><th>virtual time</th>"
		"<th>call</th><th>principal</th><th>InstanceID</th><th>rc</th><th>JobState</th>"
		"<th>OperationalStatus</th><th>%%</th><th>Error</th></tr>\n",
		r->n_calls);
	for (size_t i = 0; i < r->n_calls; i++)
		call_row(f, i, &r->calls[i]);
	fputs("</table>\n", f);
}

static void events(FILE *f, const srh_result *r)
{
	char t[32];

	if (r->n_timeline) {
		fputs("<h2>Timeline</h2>\n<table>\n<tr><th>virtual time</th><th>event</th>"
		      "<th>JobState</th><th>%</th><th>text</th></tr>\n",
		      f);
		for (size_t i = 0; i < r->n_timeline; i++) {
			const srh_tl_event *e = &r->timeline[i];
			fprintf(f, "<tr><td class=\"num\">%s</td><td>%s</td><td>",
				rpt_vtime(e->time_ns, t, sizeof(t)), rpt_tl_kind_name(e->kind));
			if (e->job_state)
				fprintf(f, "%u %s", e->job_state, rpt_job_state_name(e->job_state));
			fprintf(f, "</td><td class=\"num\">%u</td>", e->percent);
			rpt_html_td(f, e->text, RPT_HTML_CELL_MAX);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (r->n_hits) {
		fputs("<h2>Fault point hits</h2>\n<table>\n<tr><th>point</th><th>hits</th></tr>\n",
		      f);
		for (size_t i = 0; i < r->n_hits; i++) {
			fputs("<tr>", f);
			rpt_html_td(f, r->hits[i].point, 200);
			fprintf(f, "<td class=\"num\">%" PRIu64 "</td></tr>\n", r->hits[i].hits);
		}
		fputs("</table>\n", f);
	}
}

void rpt_html_scenario(FILE *f, const rpt_run *run, const rpt_item *it)
{
	const srh_result *r = &it->r;

	rpt_html_head(f, r->name, "- srh report");
	fprintf(f, "<p><a href=\"../index.html\">&#8592; run %" PRId64 "</a></p>\n<h1>", run->id);
	rpt_xml_put(f, r->name, 300);
	fputs(" ", f);
	rpt_html_verdict(f, r->verdict);
	fputs("</h1>\n", f);
	facts(f, run, it);
	fputs("<h2>Timeline (virtual time)</h2>\n", f);
	rpt_svg_timeline(f, r);
	fputs(
	    "<p>The time axis is stretched where events are dense: half of it follows "
	    "virtual time, half the order of the instants at which something happened; "
	    "the labels give virtual time, and calls at the same instant stand side by "
	    "side. Bands: JobState. Line: PercentComplete. Triangles: faults armed; diamonds: "
	    "faults fired. Squares: other client requests; purple bars: provider restarts. "
	    "Circles: GetError calls with their rc (filled: an Error came back; hollow green: "
	    "none, rc 0; hollow red: none, rc not 0). Red lines: failures (bold: the first).</p>\n",
	    f);
	failures(f, r);
	calls(f, r);
	events(f, r);
	if (r->output && *r->output) {
		fputs("<h2>Output</h2>\n<pre>", f);
		rpt_xml_put(f, r->output, 65536);
		fputs("</pre>\n", f);
	}
	rpt_html_foot(f, NULL);
}
