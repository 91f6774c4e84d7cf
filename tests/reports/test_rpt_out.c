/*
 * test_rpt_out.c - everything drawn from a database: JUnit against the
 * Jenkins-compatible XSD (xmllint), TAP 13 through Perl's TAP::Parser and
 * prove, JSON through JSON::PP, the HTML pages well-formed and holding
 * every scenario with hostile provider text escaped, the diff, the merge.
 *
 * RPT_TEST_DIR is tests/reports (the XSD and the Perl checks live there).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_fixture.h"

#define NRES 5

/* One run with a result of every verdict; the FAIL, CRASH and ERROR ones
 * carry hostile text in every string a provider controls. */
static int64_t five(rpt_db **db, const char *name)
{
	static const struct {
		const char *name;
		srh_verdict v;
	} spec[NRES] = {{"s.pass", SRH_PASS},
			{"s.fail", SRH_FAIL},
			{"s.crash", SRH_CRASH},
			{"s.hang", SRH_HANG},
			{"s.error", SRH_ERROR}};
	srh_result r[NRES];
	char err[600];
	int64_t run;

	*db = rpt_db_open(fx_db_path(name), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(*db, "%s", err);
	for (int i = 0; i < NRES; i++)
		fx_result(&r[i], spec[i].name, spec[i].v, spec[i].v != SRH_HANG);
	run = fx_store(*db, r, NRES, "abc123");
	for (int i = 0; i < NRES; i++)
		srh_result_free(&r[i]);
	return run;
}

static const char *write_with(rpt_db *db, int64_t run, int (*fn)(rpt_db *, int64_t, FILE *),
			      const char *name)
{
	const char *path = fx_db_path(name);

	cr_assert_eq(rpt_write_path(db, run, fn, path), 0, "%s", rpt_db_errmsg(db));
	return path;
}

Test(junit, validates_against_the_jenkins_xsd)
{
	rpt_db *db;
	int64_t run = five(&db, "junit.db");
	const char *path = write_with(db, run, rpt_junit, "junit.xml");
	char *xml = fx_slurp(path);

	cr_assert_eq(
	    fx_sh("xmllint --noout --schema '%s/junit-jenkins.xsd' '%s'", RPT_TEST_DIR, path), 0,
	    "xmllint rejected %s", path);
	cr_assert_not_null(xml);
	cr_assert_not_null(strstr(xml, "tests=\"5\" failures=\"1\" errors=\"3\""));
	cr_assert_not_null(strstr(xml, "<failure type=\"MUST-4 error-iff-ended-in-error\""));
	cr_assert_not_null(strstr(xml, "<error type=\"CRASH\""));
	cr_assert_not_null(strstr(xml,
				  "srh replay scenarios/suite/x.yaml --seed 18364758544493064720"
				  " --provider /opt/vendor/provider.so"),
			   "the repro line");
	cr_assert_null(strstr(xml, "<script>"), "provider text is escaped");
	free(xml);
	rpt_db_close(db);
}

Test(junit, the_schema_can_fail)
{
	const char *bad = fx_db_path("bad.xml");
	FILE *f = fopen(bad, "w");

	cr_assert_not_null(f);
	fputs("<testsuites><testsuite name=\"x\" tests=\"one\" failures=\"0\" errors=\"0\"/>"
	      "</testsuites>\n",
	      f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_neq(fx_sh("xmllint --noout --schema '%s/junit-jenkins.xsd' '%s' 2>/dev/null",
			    RPT_TEST_DIR, bad),
		      0);
}

Test(tap, parses_as_tap13_with_the_right_plan)
{
	rpt_db *db;
	int64_t run = five(&db, "tap.db");
	const char *path = write_with(db, run, rpt_tap, "out.tap");
	const char *res = fx_db_path("tap.txt");
	char *got;

	cr_assert_eq(fx_sh("perl '%s/tap_check.pl' '%s' > '%s'", RPT_TEST_DIR, path, res), 0);
	got = fx_slurp(res);
	cr_assert_not_null(got);
	cr_assert_str_eq(got, "version=13 planned=5 run=5 passed=1 failed=4 parse_errors=0\n");
	free(got);
	/* prove says FAIL for a run that failed, and only for that reason */
	cr_assert_eq(fx_sh("prove -e cat '%s' > /dev/null 2>&1", path), 1);
	rpt_db_close(db);
}

Test(tap, prove_passes_an_all_pass_run)
{
	rpt_db *db;
	srh_result r;
	char err[600];

	db = rpt_db_open(fx_db_path("pass.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	fx_result(&r, "only.pass", SRH_PASS, false);
	int64_t run = fx_store(db, &r, 1, NULL);
	const char *path = write_with(db, run, rpt_tap, "pass.tap");
	cr_assert_eq(fx_sh("prove -e cat '%s' > /dev/null 2>&1", path), 0);
	srh_result_free(&r);
	rpt_db_close(db);
}

Test(json, decodes_and_keeps_hostile_text)
{
	rpt_db *db;
	int64_t run = five(&db, "json.db");
	const char *path = write_with(db, run, rpt_json, "out.json");
	const char *res = fx_db_path("json.txt");
	char *got;

	cr_assert_eq(fx_sh("perl '%s/json_check.pl' '%s' > '%s'", RPT_TEST_DIR, path, res), 0);
	got = fx_slurp(res);
	cr_assert_not_null(got);
	/* results in name order; the FAIL one's Error has all 15 properties */
	cr_assert_str_eq(got, "results=5 verdicts=CRASH,ERROR,FAIL,HANG,PASS error_props=15 "
			      "seed=18364758544493064720 message_has_script=1\n");
	free(got);
	rpt_db_close(db);
}

Test(html, well_formed_offline_and_escaped)
{
	rpt_db *db;
	int64_t run = five(&db, "html.db");
	char dir[700], *index;

	snprintf(dir, sizeof(dir), "%s/html", fx_tmpdir());
	cr_assert_eq(rpt_html(db, run, dir), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(fx_sh("sh '%s/html_check.sh' '%s' %d", RPT_TEST_DIR, dir, NRES), 0);
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/index.html");
	index = fx_slurp(dir);
	cr_assert_not_null(index);
	const char *names[NRES] = {"s.pass", "s.fail", "s.crash", "s.hang", "s.error"};
	for (int i = 0; i < NRES; i++)
		cr_assert_not_null(strstr(index, names[i]), "index lists %s", names[i]);
	cr_assert_not_null(strstr(index, "MUST-4 error-iff-ended-in-error"));
	cr_assert_not_null(
	    strstr(index, "on 0 the Error is NULL exactly when the job has not ended"),
	    "the rule table's own text");
	free(index);
	rpt_db_close(db);
}

Test(html, coverage_and_trend_are_shown)
{
	rpt_db *db;
	int64_t run = five(&db, "cov.db");
	char dir[700], *index;

	cr_assert_eq(rpt_run_coverage(db, run, 97.25, 90.5, 99), 0);
	snprintf(dir, sizeof(dir), "%s/cov", fx_tmpdir());
	cr_assert_eq(rpt_html(db, run, dir), 0, "%s", rpt_db_errmsg(db));
	strcat(dir, "/index.html");
	index = fx_slurp(dir);
	cr_assert_not_null(index);
	cr_assert_not_null(strstr(index, "97.2%") ? strstr(index, "97.2%")
						  : strstr(index, "97.3%"));
	cr_assert_not_null(strstr(index, "90.5%"));
	cr_assert_not_null(strstr(index, "1 of 5 passed"), "the trend point of this run");
	free(index);
	rpt_db_close(db);
}

/* ---- vendor return codes ------------------------------------------------------- */

/* contract.md: rc 32768..65535 is "recorded with the provider's own
 * description". JSON carries it (null when absent), the JUnit failure
 * text and the HTML call list show it, "(no description)" when absent. */
Test(vendor, rc_description_in_json_junit_and_html)
{
	static const char desc[] = "SRSIM: job store busy <&>";
	rpt_db *db;
	char err[600], dir[700];
	srh_result r;
	srh_call_rec c = {0};
	int64_t run;

	db = rpt_db_open(fx_db_path("vendor.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	fx_result(&r, "s.vendor", SRH_FAIL, false);
	c.time_ns = 2500000000u;
	c.call = 1;
	c.principal = strdup("alice");
	c.rc = 32768;
	c.rc_desc = strdup(desc);
	c.line = 14;
	cr_assert_eq(srh_result_call(&r, &c), 0);
	memset(&c, 0, sizeof(c));
	c.call = 5;
	c.principal = strdup("bob");
	c.rc = 40000;
	c.line = 15;
	cr_assert_eq(srh_result_call(&r, &c), 0);
	run = fx_store(db, &r, 1, NULL);
	srh_result_free(&r);

	char *json = fx_slurp(write_with(db, run, rpt_json, "vendor.json"));
	cr_assert_not_null(json);
	cr_assert_not_null(
	    strstr(json, "\"rc\":32768,\"rc_description\":\"SRSIM: job store busy <&>\""), "%s",
	    json);
	cr_assert_not_null(strstr(json, "\"rc\":40000,\"rc_description\":null"));
	cr_assert_not_null(strstr(json, "\"rc\":0,\"rc_description\":null"));
	free(json);

	char *xml = fx_slurp(write_with(db, run, rpt_junit, "vendor.xml"));
	cr_assert_not_null(xml);
	cr_assert_not_null(strstr(xml, "vendor rc 32768 (SRSIM: job store busy &lt;&amp;&gt;) from "
				       "GetError at t=2.500000000s (scenarios/suite/x.yaml:14)"),
			   "%s", xml);
	cr_assert_not_null(strstr(xml, "vendor rc 40000 (no description) from RequestStateChange"));
	cr_assert_null(strstr(xml, "vendor rc 4096"), "4096 is not vendor specific");
	free(xml);

	snprintf(dir, sizeof(dir), "%s/vendor_html", fx_tmpdir());
	cr_assert_eq(rpt_html(db, run, dir), 0, "%s", rpt_db_errmsg(db));
	cr_assert_eq(
	    fx_sh("grep -rqF '<td>32768 (SRSIM: job store busy &lt;&amp;&gt;)</td>' '%s/s'", dir),
	    0, "the HTML call list shows the description");
	cr_assert_eq(fx_sh("grep -rqF '<td>40000 (no description)</td>' '%s/s'", dir), 0);
	rpt_db_close(db);
}

/* ---- diff ------------------------------------------------------------------ */

Test(diff, finds_regressions_fixes_and_changed_errors)
{
	rpt_db *db;
	char err[600];
	srh_result a[3], b[3];
	rpt_diff_counts c;
	const char *out = fx_db_path("diff.txt");
	FILE *f;

	db = rpt_db_open(fx_db_path("diff.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	fx_result(&a[0], "stays", SRH_PASS, false);
	fx_result(&a[1], "breaks", SRH_PASS, false);
	fx_result(&a[2], "goes", SRH_FAIL, false);
	fx_result(&b[0], "stays", SRH_PASS, false);
	fx_result(&b[1], "breaks", SRH_FAIL, false);
	fx_result(&b[2], "arrives", SRH_PASS, false);
	free(b[0].calls[0].errors[0]->message_id);
	b[0].calls[0].errors[0]->message_id = strdup("SR2000");
	b[0].calls[0].rc = 4;
	int64_t ra = fx_store(db, a, 3, NULL), rb = fx_store(db, b, 3, NULL);
	f = fopen(out, "w");
	cr_assert_not_null(f);
	cr_assert_eq(rpt_diff(db, ra, db, rb, f, &c), 1, "regressed");
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(c.new_failures, 1);
	cr_assert_eq(c.fixes, 0);
	cr_assert_eq(c.new_scenarios, 1);
	cr_assert_eq(c.vanished, 1);
	cr_assert_eq(c.changed_calls, 1);
	char *text = fx_slurp(out);
	cr_assert_not_null(strstr(text, "NEW FAILURE  breaks: PASS -> MUST-4"));
	cr_assert_not_null(strstr(text, "VANISHED     goes"));
	cr_assert_not_null(strstr(text, "Error[0].MessageID \"SR1011\" -> \"SR2000\""));
	cr_assert_not_null(strstr(text, "rc 0 -> 4"));
	free(text);
	/* the other way round: "breaks" is fixed, but "goes" is new and fails */
	cr_assert_eq(rpt_diff(db, rb, db, ra, NULL, &c), 1);
	cr_assert_eq(c.fixes, 1);
	cr_assert_eq(c.new_failures, 1);
	cr_assert_eq(c.vanished, 1);
	cr_assert_eq(rpt_diff(db, ra, db, ra, NULL, &c), 0);
	cr_assert_eq(c.new_failures + c.fixes + c.changed_calls + c.vanished, 0);
	for (int i = 0; i < 3; i++) {
		srh_result_free(&a[i]);
		srh_result_free(&b[i]);
	}
	rpt_db_close(db);
}

Test(diff, a_new_rule_in_a_failing_scenario_regresses)
{
	rpt_db *db;
	char err[600];
	srh_result a, b;
	rpt_diff_counts c;

	db = rpt_db_open(fx_db_path("rule.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	fx_result(&a, "x", SRH_FAIL, false);
	fx_result(&b, "x", SRH_FAIL, false);
	srh_result_fail(&b, "MUST-6 error-stable", SRH_MUST, false, NULL, "equal", "differs", 5, 0);
	int64_t ra = fx_store(db, &a, 1, NULL), rb = fx_store(db, &b, 1, NULL);
	cr_assert_eq(rpt_diff(db, ra, db, rb, NULL, &c), 1);
	cr_assert_eq(c.new_failures, 1);
	cr_assert_eq(rpt_diff(db, rb, db, ra, NULL, &c), 0);
	cr_assert_eq(c.fixes, 1);
	srh_result_free(&a);
	srh_result_free(&b);
	rpt_db_close(db);
}

/* ---- merge ------------------------------------------------------------------ */

static void shard_db(const char *name, const char *const *names, size_t n, const char *hash)
{
	char err[600];
	rpt_db *db = rpt_db_open(fx_db_path(name), RPT_OPEN_CREATE, err, sizeof(err));
	srh_result r[4];

	cr_assert_not_null(db, "%s", err);
	for (size_t i = 0; i < n; i++)
		fx_result(&r[i], names[i], i % 2 ? SRH_FAIL : SRH_PASS, true);
	fx_store(db, r, n, hash);
	for (size_t i = 0; i < n; i++)
		srh_result_free(&r[i]);
	rpt_db_close(db);
}

Test(merge, joins_disjoint_shards_into_one_run)
{
	const char *s1[] = {"a", "b"}, *s2[] = {"c", "d"};
	char p1[700], p2[700], err[600];
	rpt_db *out;
	rpt_set s;

	shard_db("s1.db", s1, 2, "h");
	shard_db("s2.db", s2, 2, "h");
	snprintf(p1, sizeof(p1), "%s", fx_db_path("s1.db"));
	snprintf(p2, sizeof(p2), "%s", fx_db_path("s2.db"));
	const char *in[] = {p1, p2};
	out = rpt_db_open(fx_db_path("merged.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(out, "%s", err);
	int64_t run = rpt_merge(out, in, 2);
	cr_assert_gt(run, 0, "%s", rpt_db_errmsg(out));
	cr_assert_eq(rpt_set_load(out, run, RPT_LOAD_ALL, &s), 0);
	cr_assert_eq(s.n, 4);
	cr_assert_str_eq(s.run.kind, "merge");
	cr_assert_str_eq(s.run.status, "done");
	cr_assert_str_eq(s.run.provider_hash, "h");
	cr_assert_eq(s.items[1].r.verdict, SRH_FAIL); /* "b" */
	cr_assert_eq(s.items[3].r.n_calls, 2);
	cr_assert_str_eq(s.items[3].r.calls[0].errors[0]->message, FX_HOSTILE);
	rpt_set_free(&s);
	rpt_db_close(out);
}

Test(merge, refuses_overlap_and_other_providers_and_changes_nothing)
{
	const char *s1[] = {"a", "b"}, *s2[] = {"b", "c"}, *s3[] = {"z"};
	char p1[700], p2[700], p3[700], err[600];
	rpt_db *out;

	shard_db("o1.db", s1, 2, "h");
	shard_db("o2.db", s2, 2, "h");
	shard_db("o3.db", s3, 1, "other");
	snprintf(p1, sizeof(p1), "%s", fx_db_path("o1.db"));
	snprintf(p2, sizeof(p2), "%s", fx_db_path("o2.db"));
	snprintf(p3, sizeof(p3), "%s", fx_db_path("o3.db"));
	out = rpt_db_open(fx_db_path("o.db"), RPT_OPEN_CREATE, err, sizeof(err));
	cr_assert_not_null(out, "%s", err);
	const char *overlap[] = {p1, p2}, *mixed[] = {p1, p3};
	cr_assert_eq(rpt_merge(out, overlap, 2), -1);
	cr_assert_not_null(strstr(rpt_db_errmsg(out), "scenario b"), "%s", rpt_db_errmsg(out));
	cr_assert_eq(rpt_merge(out, mixed, 2), -1);
	cr_assert_not_null(strstr(rpt_db_errmsg(out), "different providers"));
	cr_assert_eq(rpt_run_latest(out, RPT_LATEST), 0, "no run was left behind");
	rpt_db_close(out);
}
