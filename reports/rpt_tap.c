/*
 * rpt_tap.c - TAP version 13 of a run: the plan, one test line per
 * scenario (in name order), and a YAML block under each one that did not
 * pass with its verdict, failures and repro line.
 */
#include <inttypes.h>

#include "rpt_int.h"

/* A test description: one line, no '#' that a harness would read as a
 * directive. */
static void description(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "?");

	for (; *p; p++) {
		if (*p == '#' || *p == '\\')
			fputc('\\', f);
		fputc(*p < 0x20 || *p == 0x7F ? '?' : *p, f);
	}
}

static void yaml_failure(FILE *f, const srh_failure *x)
{
	fprintf(f, "    - level: %s\n      rule: ", x->level ? "SHOULD" : "MUST");
	rpt_yaml_str(f, x->rule);
	fputs("\n      property: ", f);
	rpt_yaml_str(f, x->property);
	fputs("\n      expected: ", f);
	rpt_yaml_str(f, x->expected);
	fputs("\n      observed: ", f);
	rpt_yaml_str(f, x->observed);
	fprintf(f, "\n      time_ns: %" PRIu64 "\n      line: %d\n", x->time_ns, x->line);
}

static void diagnostics(FILE *f, const rpt_run *run, const srh_result *r)
{
	char repro[2048];

	fprintf(f, "  ---\n  verdict: %s\n", rpt_verdict_name(r->verdict));
	fputs("  file: ", f);
	rpt_yaml_str(f, r->file);
	fprintf(f, "\n  seed: %" PRIu64 "\n", r->seed);
	if (r->reason) {
		fputs("  reason: ", f);
		rpt_yaml_str(f, r->reason);
		fputs("\n", f);
	}
	if (r->signal)
		fprintf(f, "  signal: %d\n", r->signal);
	if (r->n_must + r->n_should) {
		fputs("  failures:\n", f);
		for (size_t i = 0; i < r->n_must; i++)
			yaml_failure(f, &r->must[i]);
		for (size_t i = 0; i < r->n_should; i++)
			yaml_failure(f, &r->should[i]);
	}
	fputs("  repro: ", f);
	rpt_yaml_str(f, rpt_repro(repro, sizeof(repro), run, r));
	fputs("\n  ...\n", f);
}

int rpt_tap(rpt_db *db, int64_t run, FILE *f)
{
	rpt_set s;

	if (rpt_set_load(db, run, RPT_LOAD_FAILURES, &s) != 0)
		return -1;
	fputs("TAP version 13\n", f);
	if (s.n == 0)
		fputs("1..0 # SKIP no results in this run\n", f);
	else
		fprintf(f, "1..%zu\n", s.n);
	fprintf(f, "# srh %s %" PRId64 "\n", s.run.kind ? s.run.kind : "run", run);
	for (size_t i = 0; i < s.n; i++) {
		const srh_result *r = &s.items[i].r;
		fprintf(f, "%s %zu - ", r->verdict == SRH_PASS ? "ok" : "not ok", i + 1);
		description(f, r->name);
		fputs("\n", f);
		if (r->verdict != SRH_PASS)
			diagnostics(f, &s.run, r);
	}
	rpt_set_free(&s);
	if (ferror(f)) {
		rpt_err(db, "writing TAP failed");
		return -1;
	}
	return 0;
}
