/*
 * rpt_json.c - a run as one JSON object: the run, totals, and every result
 * with its failures, client calls (each CIM_Error with all 15 properties),
 * timeline and fault hit counts. Hand-written: the structure is fixed and
 * the only hard part, string escaping, is rpt_json_str.
 */
#include <inttypes.h>

#include "rpt_int.h"

static void key(FILE *f, const char *k, bool first)
{
	fprintf(f, "%s\"%s\":", first ? "" : ",", k);
}

static void kstr(FILE *f, const char *k, const char *v)
{
	key(f, k, false);
	rpt_json_str(f, v);
}

static void kstrv(FILE *f, const char *k, char *const *v, size_t n)
{
	key(f, k, false);
	fputc('[', f);
	for (size_t i = 0; v && i < n; i++) {
		if (i)
			fputc(',', f);
		rpt_json_str(f, v[i]);
	}
	fputc(']', f);
}

static void pct(FILE *f, const char *k, double v)
{
	key(f, k, false);
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%.2f", v);
}

static void run_obj(FILE *f, const rpt_run *r)
{
	fprintf(f, "{\"id\":%" PRId64, r->id);
	kstr(f, "kind", r->kind);
	kstr(f, "status", r->status);
	kstr(f, "started", r->started);
	kstr(f, "finished", r->finished);
	key(f, "seed", false);
	if (r->has_seed)
		fprintf(f, "%" PRIu64, r->seed);
	else
		fputs("null", f);
	kstr(f, "provider", r->provider);
	kstr(f, "provider_sha256", r->provider_hash);
	kstr(f, "profile", r->profile);
	kstr(f, "version", r->version);
	kstr(f, "shard", r->shard);
	kstr(f, "cmdline", r->cmdline);
	fprintf(f, ",\"planned\":%" PRIu64 ",\"coverage\":", r->planned);
	if (!r->has_coverage) {
		fputs("null}", f);
		return;
	}
	fputs("{\"kind\":\"lcov\"", f);
	pct(f, "lines_pct", r->cov_lines);
	pct(f, "branches_pct", r->cov_branches);
	pct(f, "functions_pct", r->cov_functions);
	fputs("}}", f);
}

static void failure_obj(FILE *f, const srh_failure *x)
{
	fprintf(f, "{\"level\":\"%s\",\"from_expect\":%s", x->level ? "SHOULD" : "MUST",
		x->from_expect ? "true" : "false");
	kstr(f, "rule", x->rule);
	kstr(f, "property", x->property);
	kstr(f, "expected", x->expected);
	kstr(f, "observed", x->observed);
	fprintf(f, ",\"time_ns\":%" PRIu64 ",\"line\":%d}", x->time_ns, x->line);
}

static void error_obj(FILE *f, const cim_error *e)
{
	if (!e) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"ErrorType\":%u", e->error_type);
	kstr(f, "OtherErrorType", e->other_error_type);
	kstr(f, "OwningEntity", e->owning_entity);
	kstr(f, "MessageID", e->message_id);
	kstr(f, "Message", e->message);
	kstrv(f, "MessageArguments", e->message_arguments, e->n_message_arguments);
	fprintf(f, ",\"PerceivedSeverity\":%u,\"ProbableCause\":%u", e->perceived_severity,
		e->probable_cause);
	kstr(f, "ProbableCauseDescription", e->probable_cause_description);
	kstrv(f, "RecommendedActions", e->recommended_actions, e->n_recommended_actions);
	kstr(f, "ErrorSource", e->error_source);
	fprintf(f, ",\"ErrorSourceFormat\":%u", e->error_source_format);
	kstr(f, "OtherErrorSourceFormat", e->other_error_source_format);
	fprintf(f, ",\"CIMStatusCode\":%" PRIu32, e->cim_status_code);
	kstr(f, "CIMStatusCodeDescription", e->cim_status_code_description);
	fputc('}', f);
}

static void call_obj(FILE *f, const srh_call_rec *c)
{
	fprintf(f, "{\"time_ns\":%" PRIu64, c->time_ns);
	kstr(f, "call", rpt_call_name(c->call));
	kstr(f, "principal", c->principal);
	fprintf(f, ",\"admin\":%s", c->admin ? "true" : "false");
	kstr(f, "instance_id", c->instance_id);
	if (c->call == 5) /* RequestStateChange */
		fprintf(f, ",\"requested_state\":%u", c->requested_state);
	fprintf(f, ",\"rc\":%" PRIu32, c->rc);
	/* null: not a vendor code, or one the provider did not describe */
	kstr(f, "rc_description", c->rc_desc);
	fprintf(f, ",\"has_job\":%s,\"job_state\":%u,\"op_status\":[",
		c->has_job ? "true" : "false", c->job_state);
	for (size_t i = 0; i < c->n_op_status && i < CIM_OPSTATUS_MAX; i++)
		fprintf(f, "%s%u", i ? "," : "", c->op_status[i]);
	fprintf(f, "],\"percent\":%u,\"line\":%d,\"errors\":[", c->percent, c->line);
	for (size_t i = 0; c->errors && i < c->n_errors; i++) {
		if (i)
			fputc(',', f);
		error_obj(f, c->errors[i]);
	}
	fputs("]}", f);
}

static void result_obj(FILE *f, const rpt_run *run, const rpt_item *it)
{
	const srh_result *r = &it->r;
	char repro[2048];

	fputc('{', f);
	key(f, "name", true);
	rpt_json_str(f, r->name);
	kstr(f, "file", r->file);
	kstr(f, "job_kind", r->job_kind);
	kstr(f, "tags", it->tags);
	fprintf(f, ",\"seq\":%" PRId64 ",\"seed\":%" PRIu64, it->seq, r->seed);
	kstr(f, "verdict", rpt_verdict_name(r->verdict));
	fprintf(f, ",\"signal\":%d", r->signal);
	kstr(f, "reason", r->reason);
	kstr(f, "provider_name", r->provider);
	fprintf(f, ",\"wall_s\":%.6f,\"end_ns\":%" PRIu64 ",\"final_state\":%u", r->wall_s,
		r->end_ns, r->final_state);
	kstr(f, "end_class", r->end_class);
	fprintf(f, ",\"truncated\":%s", r->truncated ? "true" : "false");
	kstr(f, "repro", rpt_repro(repro, sizeof(repro), run, r));
	fputs(",\"failures\":[", f);
	for (size_t i = 0; i < r->n_must + r->n_should; i++) {
		if (i)
			fputc(',', f);
		failure_obj(f, i < r->n_must ? &r->must[i] : &r->should[i - r->n_must]);
	}
	fputs("],\"calls\":[", f);
	for (size_t i = 0; i < r->n_calls; i++) {
		if (i)
			fputc(',', f);
		call_obj(f, &r->calls[i]);
	}
	fputs("],\"timeline\":[", f);
	for (size_t i = 0; i < r->n_timeline; i++) {
		const srh_tl_event *e = &r->timeline[i];
		fprintf(
		    f, "%s{\"time_ns\":%" PRIu64 ",\"kind\":\"%s\",\"job_state\":%u,\"percent\":%u",
		    i ? "," : "", e->time_ns, rpt_tl_kind_name(e->kind), e->job_state, e->percent);
		kstr(f, "text", e->text);
		fputc('}', f);
	}
	fputs("],\"fault_hits\":[", f);
	for (size_t i = 0; i < r->n_hits; i++) {
		fprintf(f, "%s{\"point\":", i ? "," : "");
		rpt_json_str(f, r->hits[i].point);
		fprintf(f, ",\"hits\":%" PRIu64 "}", r->hits[i].hits);
	}
	fputc(']', f);
	kstr(f, "output", r->output);
	fputc('}', f);
}

int rpt_json(rpt_db *db, int64_t run, FILE *f)
{
	rpt_set s;
	rpt_totals t;

	if (rpt_set_load(db, run, RPT_LOAD_ALL, &s) != 0)
		return -1;
	rpt_count(&s, &t);
	fprintf(f, "{\"schema\":%d,\"run\":", RPT_SCHEMA_VERSION);
	run_obj(f, &s.run);
	fprintf(f,
		",\"totals\":{\"total\":%zu,\"passed\":%zu,\"failed\":%zu,\"crashed\":%zu,"
		"\"hung\":%zu,\"errors\":%zu,\"must_failures\":%zu,\"should_failures\":%zu},"
		"\"results\":[",
		t.total, t.passed, t.failed, t.crashed, t.hung, t.errors, t.must, t.should);
	for (size_t i = 0; i < s.n; i++) {
		fputs(i ? ",\n" : "\n", f);
		result_obj(f, &s.run, &s.items[i]);
	}
	fputs("]}\n", f);
	rpt_set_free(&s);
	if (ferror(f)) {
		rpt_err(db, "writing JSON failed");
		return -1;
	}
	return 0;
}
