/* The runner core in-process (srh_run_scenario) against the reference
 * provider. Expected values come from shared/spec/contract.md: the path
 * table (JobState, GetError rc and Error per path) and the GetError return
 * codes; the scenarios are written inline so each test shows its input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh/prov_faults.h"
#include "srh_pool.h"
#include "srh_run.h"

static scn_scenario *parse(const char *yaml)
{
	char err[SCN_ERRLEN];
	scn_scenario *sc = NULL;

	cr_assert_eq(scn_parse_string("inline.yaml", yaml, strlen(yaml), srh_scn_names(), &sc, err,
				      sizeof(err)),
		     0, "%s", err);
	return sc;
}

static void run(const char *yaml, const srh_run_opts *o, srh_result *r)
{
	scn_scenario *sc = parse(yaml);
	srh_run_opts dflt = {0};

	srh_run_scenario(sc, o ? o : &dflt, r);
	scn_free(sc);
}

static const srh_failure *find(const srh_failure *f, size_t n, const char *rule)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(f[i].rule, rule, strlen(rule)) == 0)
			return &f[i];
	return NULL;
}

static const srh_tl_event *find_event(const srh_result *r, srh_tl_kind k)
{
	for (size_t i = 0; i < r->n_timeline; i++)
		if (r->timeline[i].kind == k)
			return &r->timeline[i];
	return NULL;
}

Test(core, success_path)
{
	srh_result r;

	run("name: t.success\n"
	    "seed: 9\n"
	    "job: {kind: test_topology, owner: alice}\n"
	    "actions:\n"
	    "  - at_state: Running\n"
	    "    call: GetError\n"
	    "  - at_end: true\n"
	    "    call: GetError\n",
	    NULL, &r);
	cr_assert_eq(r.verdict, SRH_PASS, "%zu MUST, %zu SHOULD, %s", r.n_must, r.n_should,
		     r.n_must ? r.must[0].rule : "");
	cr_assert_str_eq(r.name, "t.success");
	cr_assert_eq(r.seed, 9);
	cr_assert_str_eq(r.provider, "srsim-reference");
	/* two actions + the runner's final GetError by the owner */
	cr_assert_eq(r.n_calls, 3);
	/* still running: 0, NULL */
	cr_assert_eq(r.calls[0].rc, 0);
	cr_assert_eq(r.calls[0].n_errors, 0);
	cr_assert_eq(r.calls[0].job_state, 4);
	/* success: 0, NULL, Completed {OK, Completed} */
	cr_assert_eq(r.calls[1].rc, 0);
	cr_assert_eq(r.calls[1].n_errors, 0);
	cr_assert_eq(r.calls[1].job_state, 7);
	cr_assert_eq(r.final_state, 7);
	cr_assert_null(r.end_class);
	cr_assert_not_null(find_event(&r, SRH_TL_CREATED));
	cr_assert_eq(find_event(&r, SRH_TL_ENDED)->job_state, 7);
	srh_result_free(&r);
}

Test(core, failure_path_error_and_access)
{
	srh_result r;

	run("name: t.failure\n"
	    "topology: {source: {data_size: 2GiB}}\n"
	    "job: {kind: initial_sync, owner: alice}\n"
	    "faults:\n"
	    "  - point: sim/disk/write\n"
	    "    at_percent: 50\n"
	    "actions:\n"
	    "  - at_end: true\n"
	    "    call: GetError\n"
	    "  - call: GetError\n"
	    "    as: mallory\n"
	    "  - restart: provider\n"
	    "  - call: GetError\n",
	    NULL, &r);
	cr_assert_eq(r.verdict, SRH_PASS, "%s", r.n_must ? r.must[0].rule : "");
	/* failure: Exception, 0 with a CIM_Error */
	cr_assert_eq(r.final_state, 10);
	cr_assert_str_eq(r.end_class, "io_error");
	cr_assert_eq(r.calls[0].rc, 0);
	cr_assert_eq(r.calls[0].n_errors, 1);
	cr_assert_not_null(r.calls[0].errors[0]->message_id);
	/* a stranger: 6, NULL */
	cr_assert_eq(r.calls[1].rc, 6);
	cr_assert_eq(r.calls[1].n_errors, 0);
	/* the Error survives the restart, equal */
	cr_assert_eq(r.calls[2].rc, 0);
	cr_assert(cim_error_equal(r.calls[0].errors[0], r.calls[2].errors[0]));
	cr_assert_not_null(find_event(&r, SRH_TL_RESTART));
	cr_assert_not_null(find_event(&r, SRH_TL_FAULT));
	srh_result_free(&r);
}

Test(core, terminated_by_client)
{
	srh_result r;

	run("name: t.terminate\n"
	    "job: {kind: initial_sync}\n"
	    "actions:\n"
	    "  - at_phase: copy\n"
	    "    call: RequestStateChange\n"
	    "    RequestedState: Terminate\n"
	    "  - at_end: true\n"
	    "    call: GetError\n"
	    "    expect: {rc: 0, error: present, JobState: Terminated}\n",
	    NULL, &r);
	cr_assert_eq(r.verdict, SRH_PASS, "%s", r.n_must ? r.must[0].rule : "");
	cr_assert_eq(r.final_state, 8);
	cr_assert_str_eq(r.end_class, "client_terminate");
	cr_assert_eq(r.calls[0].call, SCN_CALL_REQUEST_STATE_CHANGE);
	cr_assert_eq(r.calls[0].requested_state, 4);
	srh_result_free(&r);
}

Test(core, expectations_fail_with_their_line_and_level)
{
	srh_result r;

	run("name: t.wrong\n"		   /* 1 */
	    "job: {kind: test_topology}\n" /* 2 */
	    "actions:\n"		   /* 3 */
	    "  - at_end: true\n"	   /* 4 */
	    "    call: GetError\n"	   /* 5 */
	    "    expect:\n"		   /* 6 */
	    "      rc: Access Denied\n"	   /* 7 */
	    "    should:\n"		   /* 8 */
	    "      JobState: Exception\n", /* 9 */
	    NULL, &r);
	cr_assert_eq(r.verdict, SRH_FAIL);
	cr_assert_eq(r.n_must, 1);
	cr_assert_str_eq(r.must[0].rule, "expect rc");
	cr_assert_eq(r.must[0].line, 7);
	cr_assert_eq(r.must[0].from_expect, 1);
	cr_assert(strstr(r.must[0].expected, "6"), "%s", r.must[0].expected);
	cr_assert(strstr(r.must[0].observed, "0"), "%s", r.must[0].observed);
	cr_assert_eq(r.n_should, 1);
	cr_assert_str_eq(r.should[0].rule, "expect JobState");
	cr_assert_eq(r.should[0].line, 9);
	cr_assert(strstr(r.should[0].observed, "Completed"), "%s", r.should[0].observed);
	srh_result_free(&r);
}

Test(core, unreached_moment_is_the_scenarios_failure)
{
	srh_result r;

	run("name: t.when\n"
	    "job: {kind: test_topology}\n"
	    "faults:\n"
	    "  - point: sim/partner/auth\n"
	    "    at_phase: authenticate\n"
	    "actions:\n"
	    "  - at_percent: 90\n"
	    "    call: GetError\n",
	    NULL, &r);
	cr_assert_eq(r.verdict, SRH_FAIL);
	cr_assert_not_null(find(r.must, r.n_must, "scenario-when"));
	cr_assert_eq(find(r.must, r.n_must, "scenario-when")->line, 7);
	/* the action was skipped: only the final GetError was made */
	cr_assert_eq(r.n_calls, 1);
	srh_result_free(&r);
}

Test(core, seed_override_and_missing_provider)
{
	srh_run_opts o = {0};
	srh_result r;

	o.has_seed = true;
	o.seed = 1234;
	o.provider_path = "/nonexistent/provider.so";
	run("name: t.noprov\nseed: 5\njob: {kind: test_topology}\n", &o, &r);
	cr_assert_eq(r.verdict, SRH_ERROR);
	cr_assert_eq(r.seed, 1234);
	cr_assert(strstr(r.reason, "/nonexistent/provider.so"), "%s", r.reason);
	srh_result_free(&r);
}

static char *traced(const char *yaml, uint64_t seed, size_t *len)
{
	srh_run_opts o = {0};
	srh_result r;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	cr_assert_not_null(f);
	o.trace = f;
	o.has_seed = true;
	o.seed = seed;
	run(yaml, &o, &r);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(r.verdict, SRH_PASS);
	srh_result_free(&r);
	return buf;
}

Test(core, trace_is_a_function_of_the_seed)
{
	static const char yaml[] = "name: t.prob\n"
				   "job: {kind: test_topology, test_size: 1GiB}\n"
				   "faults:\n"
				   "  - point: sim/net/reset\n"
				   "    probability: 0.3\n"
				   "    count: 2\n"
				   "actions:\n"
				   "  - at_end: true\n"
				   "    call: GetError\n";
	size_t la, lb, lc;
	char *a = traced(yaml, 1, &la), *b = traced(yaml, 1, &lb), *c = traced(yaml, 2, &lc);

	cr_assert_gt(la, 0);
	cr_assert(la == lb && memcmp(a, b, la) == 0, "same seed, different traces");
	cr_assert(la != lc || memcmp(a, c, la) != 0, "seeds 1 and 2 gave the same trace");
	cr_assert(strstr(a, " srh GetError "), "the runner's calls are in the trace");
	free(a);
	free(b);
	free(c);
}

#ifdef BAD_RC_RESERVED
Test(core, checker_invariants_reach_the_result)
{
	srh_run_opts o = {0};
	srh_result r;
	const srh_failure *f;

	o.provider_path = BAD_RC_RESERVED;
	run("name: t.bad\njob: {kind: test_topology}\n", &o, &r);
	cr_assert_eq(r.verdict, SRH_FAIL);
	/* contract.md invariant 1: 7..32767 is DMTF reserved */
	f = find(r.must, r.n_must, "MUST-1");
	cr_assert_not_null(f);
	cr_assert_eq(f->from_expect, 0);
	cr_assert(strstr(f->observed, "7"), "%s", f->observed);
	srh_result_free(&r);
}
#endif

#ifdef BAD_WRONG_ERROR_TYPE
/* contract.md, reference profile: an I/O error is ErrorType 5 Hardware
 * Error. The fixture reports 4: a SHOULD-profile failure, no MUST one. */
Test(core, profile_mismatch_is_a_should_failure)
{
	srh_run_opts o = {0};
	srh_result r;
	const srh_failure *f;

	o.provider_path = BAD_WRONG_ERROR_TYPE;
	run("name: t.profile\n"
	    "topology: {source: {data_size: 2GiB}}\n"
	    "job: {kind: initial_sync}\n"
	    "faults:\n"
	    "  - point: sim/disk/write\n"
	    "    at_percent: 30\n",
	    &o, &r);
	cr_assert_eq(r.verdict, SRH_FAIL);
	cr_assert_eq(r.n_must, 0, "%s", r.n_must ? r.must[0].rule : "");
	f = find(r.should, r.n_should, "SHOULD-profile");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->property, "ErrorType");
	cr_assert(strstr(f->expected, "5"), "%s", f->expected);
	cr_assert(strstr(f->observed, "4"), "%s", f->observed);
	srh_result_free(&r);
}
#endif

/* ---- vendor-specific return codes ------------------------------------------ */

/* contract.md: rc 32768..65535 is "allowed; recorded with the provider's
 * own description". The expected text is the one prov_faults.h documents
 * for the busy store (the quoted part of its effect), not our output. */
static void documented_busy(char *buf, size_t len)
{
	size_t n;
	const prov_fault_point *p = prov_fault_points(&n);

	for (size_t i = 0; i < n; i++) {
		const char *a, *b;
		if (strcmp(p[i].name, PROV_FP_STORE_BUSY) != 0)
			continue;
		cr_assert_eq(p[i].rc, PROV_RC_STORE_BUSY);
		a = strchr(p[i].effect, '"');
		b = a ? strchr(a + 1, '"') : NULL;
		cr_assert(a && b && b > a + 1, "no quoted description in: %s", p[i].effect);
		snprintf(buf, len, "%.*s", (int)(b - a - 1), a + 1);
		return;
	}
	cr_assert_fail("%s is not in prov_faults.h", PROV_FP_STORE_BUSY);
}

static bool has_event_text(const srh_result *r, const char *text)
{
	for (size_t i = 0; i < r->n_timeline; i++)
		if (strstr(r->timeline[i].text, text))
			return true;
	return false;
}

/* What the suite's vendor scenario must leave in a result, in or out of a
 * forked child. */
static void assert_store_busy(const srh_result *r, const char *want)
{
	char note[256];

	cr_assert_eq(r->verdict, SRH_PASS, "%s", r->n_must ? r->must[0].rule : "");
	cr_assert_eq(r->n_calls, 3);
	cr_assert_eq(r->calls[0].rc, PROV_RC_STORE_BUSY);
	cr_assert_not_null(r->calls[0].rc_desc);
	cr_assert_str_eq(r->calls[0].rc_desc, want);
	/* only a vendor code gets one */
	cr_assert_eq(r->calls[1].rc, 0);
	cr_assert_null(r->calls[1].rc_desc);
	cr_assert_null(r->calls[2].rc_desc);
	snprintf(note, sizeof(note), "rc %u (%s)", PROV_RC_STORE_BUSY, want);
	cr_assert(has_event_text(r, note), "no timeline event with \"%s\"", note);
}

Test(core, vendor_rc_is_recorded_with_its_description)
{
	char want[128], err[SCN_ERRLEN];
	scn_scenario *sc = NULL;
	srh_request u = {0};
	srh_pool_opts po = {1, 60.0, false, NULL, 1, NULL};
	srh_run_opts ro = {0};
	srh_result forked, here;

	documented_busy(want, sizeof(want));
	cr_assert_eq(srh_parse_scenario(SRH_SUITE_DIR "/vendor/initial_sync.vendor.store_busy.yaml",
					&sc, err, sizeof(err)),
		     0, "%s", err);
	u.name = sc->name;
	u.file = sc->file;
	u.seed = sc->seed;
	/* as a request through a worker and the wire, then in this process */
	cr_assert_eq(srh_pool_run(&u, 1, &po, &forked, NULL, NULL), 0);
	assert_store_busy(&forked, want);
	srh_run_scenario(sc, &ro, &here);
	assert_store_busy(&here, want);
	srh_result_free(&forked);
	srh_result_free(&here);
	scn_free(sc);
}

Test(core, vendor_rc_description_in_failure_and_trace)
{
	char want[128], exp[256];
	srh_run_opts o = {0};
	srh_result r;
	const srh_failure *f;
	char *buf = NULL;
	size_t len = 0;
	FILE *tr = open_memstream(&buf, &len);

	documented_busy(want, sizeof(want));
	cr_assert_not_null(tr);
	o.trace = tr;
	/* the suite's scenario, but expecting 0 where the store is busy */
	run("name: t.vendor\n"
	    "job: {kind: initial_sync}\n"
	    "faults:\n"
	    "  - point: sim/partner/crash\n"
	    "    at_percent: 50\n"
	    "provider:\n"
	    "  options: \"cache=0\"\n"
	    "  faults:\n"
	    "    - point: prov/store/busy\n"
	    "      at_action: busy\n"
	    "actions:\n"
	    "  - id: busy\n"
	    "    at_end: true\n"
	    "    call: GetError\n"
	    "    expect: {rc: Success}\n",
	    &o, &r);
	cr_assert_eq(fclose(tr), 0);
	cr_assert_eq(r.verdict, SRH_FAIL);
	f = find(r.must, r.n_must, "expect rc");
	cr_assert_not_null(f, "%s", r.n_must ? r.must[0].rule : "no MUST failure");
	snprintf(exp, sizeof(exp), "%u (%s)", PROV_RC_STORE_BUSY, want);
	cr_assert(strstr(f->observed, exp), "observed: %s", f->observed);
	snprintf(exp, sizeof(exp), "rc=%u (%s)", PROV_RC_STORE_BUSY, want);
	cr_assert(strstr(buf, exp), "the trace lacks \"%s\"", exp);
	free(buf);
	srh_result_free(&r);
}

/* Writes text to dir/name, its path into path. */
static void put_file(char *path, size_t len, const char *dir, const char *name, const char *text)
{
	FILE *f;

	snprintf(path, len, "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(fputs(text, f) >= 0 && fclose(f) == 0, true);
}

/* provider.store: SQL that fails is a run error naming the fixture; a
 * store the provider opens and writes is the run's copy, the fixture's
 * bytes stay as they were. */
Test(core, store_fixture_error_and_copy)
{
	char dir[] = "/tmp/srh-core-store-XXXXXX", bad[96], good[96], yaml[512], before[64] = "";
	srh_result r;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	put_file(bad, sizeof(bad), dir, "bad.sql", "CREATE TABLE (;\n");
	snprintf(yaml, sizeof(yaml),
		 "name: t.store\njob: {kind: test_topology}\nprovider:\n"
		 "  store: %s\n",
		 bad);
	run(yaml, NULL, &r);
	cr_assert_eq(r.verdict, SRH_ERROR);
	cr_assert(strstr(r.reason, "provider.store: ") && strstr(r.reason, "bad.sql"), "%s",
		  r.reason);
	srh_result_free(&r);

	/* An empty file copied is an empty store: the provider makes its schema
	 * in the copy and the job runs to its end. */
	put_file(good, sizeof(good), dir, "empty.db", "");
	snprintf(yaml, sizeof(yaml),
		 "name: t.store\njob: {kind: test_topology}\nprovider:\n"
		 "  store: %s\nfinal:\n  expect: {rc: Success, error: null}\n",
		 good);
	run(yaml, NULL, &r);
	cr_assert_eq(r.verdict, SRH_PASS, "%s", r.reason ? r.reason : "");
	srh_result_free(&r);
	cr_assert_not_null(f = fopen(good, "r"));
	cr_expect_null(fgets(before, sizeof(before), f), "the fixture was written: %s", before);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(unlink(bad) == 0 && unlink(good) == 0 && rmdir(dir) == 0, true);
}
