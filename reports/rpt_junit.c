/*
 * rpt_junit.c - JUnit XML of a run, the dialect Jenkins and GitLab read:
 * <testsuites> around one <testsuite> (the run), one <testcase> per
 * scenario. A FAIL is one <failure> (type: the first broken rule; body:
 * every failure with expected/observed, every vendor-specific rc with the
 * provider's description, then the repro line), a CRASH,
 * HANG or ERROR one <error>. CI tools show one failure per testcase best,
 * so all of a scenario's failures go into that one body.
 */
#include <inttypes.h>
#include <string.h>

#include "rpt_int.h"

static void attr(FILE *f, const char *name, const char *v)
{
	if (!v)
		return;
	fprintf(f, " %s=\"", name);
	rpt_xml_esc(f, v);
	fputc('"', f);
}

static void property(FILE *f, const char *name, const char *v)
{
	if (!v)
		return;
	fputs("      <property", f);
	attr(f, "name", name);
	attr(f, "value", v);
	fputs("/>\n", f);
}

static void properties(FILE *f, const rpt_run *run)
{
	char seed[32], n[32];

	snprintf(seed, sizeof(seed), "%" PRIu64, run->seed);
	snprintf(n, sizeof(n), "%" PRIu64, run->planned);
	fputs("    <properties>\n", f);
	property(f, "kind", run->kind);
	property(f, "status", run->status);
	property(f, "seed", run->has_seed ? seed : "scenario's own");
	property(f, "provider", run->provider ? run->provider : "(built-in reference)");
	property(f, "provider_sha256", run->provider_hash);
	property(f, "profile", run->profile);
	property(f, "version", run->version);
	property(f, "shard", run->shard);
	property(f, "cmdline", run->cmdline);
	property(f, "planned", n);
	fputs("    </properties>\n", f);
}

static void problem(FILE *f, const rpt_run *run, const srh_result *r)
{
	const char *tag = r->verdict == SRH_FAIL ? "failure" : "error";
	const srh_failure *first = r->n_must ? &r->must[0] : r->n_should ? &r->should[0] : NULL;
	char msg[512], repro[2048];

	rpt_summary(r, msg, sizeof(msg));
	fprintf(f, "      <%s", tag);
	attr(f, "type",
	     r->verdict == SRH_FAIL && first ? first->rule : rpt_verdict_name(r->verdict));
	attr(f, "message", msg);
	fputs(">", f);
	if (r->verdict != SRH_FAIL) {
		fputs(rpt_verdict_name(r->verdict), f);
		fputs(": ", f);
		rpt_xml_esc(f, r->reason ? r->reason : "no reason given");
		if (r->signal)
			fprintf(f, " (signal %d)", r->signal);
		fputs("\n", f);
	}
	rpt_failures_text(f, r, rpt_xml_esc);
	rpt_vendor_rc_text(f, r, rpt_xml_esc);
	fputs("repro: ", f);
	rpt_xml_esc(f, rpt_repro(repro, sizeof(repro), run, r));
	fprintf(f, "\n</%s>\n", tag);
}

static void testcase(FILE *f, const rpt_run *run, const srh_result *r)
{
	char cls[256], t[32];

	snprintf(cls, sizeof(cls), "srh.%s", r->job_kind ? r->job_kind : "scenario");
	snprintf(t, sizeof(t), "%.3f", r->wall_s >= 0 ? r->wall_s : 0.0);
	fputs("    <testcase", f);
	attr(f, "name", r->name);
	attr(f, "classname", cls);
	attr(f, "time", t);
	if (r->verdict == SRH_PASS && !r->output) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	if (r->verdict != SRH_PASS)
		problem(f, run, r);
	if (r->output && *r->output) {
		fputs("      <system-out>", f);
		rpt_xml_esc(f, r->output);
		fputs("</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

int rpt_junit(rpt_db *db, int64_t run, FILE *f)
{
	rpt_set s;
	rpt_totals t;
	char name[64], id[32], ts[64], time_s[32];

	/* Calls too: a failure's text names the vendor codes met on the way. */
	if (rpt_set_load(db, run, RPT_LOAD_FAILURES | RPT_LOAD_CALLS, &s) != 0)
		return -1;
	rpt_count(&s, &t);
	snprintf(name, sizeof(name), "srh %s %" PRId64, s.run.kind ? s.run.kind : "run", run);
	snprintf(id, sizeof(id), "%" PRId64, run);
	snprintf(time_s, sizeof(time_s), "%.3f", t.wall_s);
	/* Ant's timestamp has no zone designator; ours is UTC. */
	snprintf(ts, sizeof(ts), "%s", s.run.started ? s.run.started : "");
	if (*ts && ts[strlen(ts) - 1] == 'Z')
		ts[strlen(ts) - 1] = '\0';
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(
	    f,
	    "<testsuites name=\"srh\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%s\">\n",
	    t.total, t.failed, t.crashed + t.hung + t.errors, time_s);
	fputs("  <testsuite", f);
	attr(f, "name", name);
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\"", t.total,
		t.failed, t.crashed + t.hung + t.errors);
	attr(f, "time", time_s);
	attr(f, "timestamp", *ts ? ts : NULL);
	attr(f, "id", id);
	attr(f, "package", "srh");
	fputs(">\n", f);
	properties(f, &s.run);
	for (size_t i = 0; i < s.n; i++)
		testcase(f, &s.run, &s.items[i].r);
	fputs("  </testsuite>\n</testsuites>\n", f);
	rpt_set_free(&s);
	if (ferror(f)) {
		rpt_err(db, "writing the JUnit XML failed");
		return -1;
	}
	return 0;
}
