/*
 * The suite against the known-bad providers: each .so is loaded with
 * prov_load, driven through every path of contract.md by drive.c, and the
 * checker must name the rule its bug breaks; the reference provider (and
 * the scaffolding with nothing overridden) must pass with no violation at
 * all. The crashing and hanging fixtures are proven to crash and hang.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "drive.h"
#include "srh/prov_load.h"

static prov_lib *load(const char *path)
{
	prov_lib *lib = NULL;
	char err[512] = "";

	cr_assert_eq(prov_load(path, &lib, err, sizeof(err)), 0, "%s", err);
	return lib;
}

/* Drive the provider at path; return how many violations of each rule. */
static void run(const char *path, const char *options, size_t counts[SRH_R_COUNT])
{
	prov_lib *lib = load(path);
	drv d;

	drv_open(&d, prov_lib_ops(lib), options);
	drv_all_paths(&d);
	drv_dump(&d);
	cr_assert_eq(srh_check_dropped(d.chk), 0);
	for (size_t r = 0; r < SRH_R_COUNT; r++)
		counts[r] = srh_check_count_rule(d.chk, (srh_rule_id)r);
	drv_close(&d);
	prov_unload(lib);
}

static void expect_pass(const char *path, const char *options)
{
	size_t counts[SRH_R_COUNT];

	run(path, options, counts);
	for (size_t r = 0; r < SRH_R_COUNT; r++)
		cr_expect_eq(counts[r], 0, "%s: %zu violations of %s", path, counts[r],
			     srh_rules[r].id);
}

/* The fixture breaks rule `want`; besides it, only the rules in `also`
 * (consequences of the same bug) may fire. */
static void expect_caught(const char *path, srh_rule_id want, const srh_rule_id *also,
			  size_t n_also)
{
	size_t counts[SRH_R_COUNT];

	run(path, NULL, counts);
	cr_expect_gt(counts[want], 0, "%s: %s not reported", path, srh_rules[want].id);
	for (size_t r = 0; r < SRH_R_COUNT; r++) {
		bool allowed = r == (size_t)want;

		for (size_t k = 0; k < n_also; k++)
			allowed = allowed || also[k] == (srh_rule_id)r;
		cr_expect(allowed || counts[r] == 0, "%s: unexpected %zu violations of %s", path,
			  counts[r], srh_rules[r].id);
	}
}

#define NONE NULL, 0
#define ALSO(...)                                                                                  \
	(const srh_rule_id[]){__VA_ARGS__},                                                        \
	    sizeof((const srh_rule_id[]){__VA_ARGS__}) / sizeof(srh_rule_id)

/* ---- passing providers --------------------------------------------------- */

Test(reference, passes_every_path, .timeout = 60)
{
	expect_pass(SRH_REF_SO, NULL);
}

Test(reference, passes_without_cache, .timeout = 60)
{
	expect_pass(SRH_REF_SO, "cache=0");
}

Test(reference, scaffolding_alone_passes, .timeout = 60)
{
	expect_pass(FIX_ok_passthrough, NULL);
}

/* ---- each bug, named by its rule ----------------------------------------- */

Test(bad, error_while_running, .timeout = 60)
{
	expect_caught(FIX_bad_error_while_running, SRH_R_ERROR_IFF_ENDED, NONE);
}

Test(bad, rc_reserved, .timeout = 60)
{
	expect_caught(FIX_bad_rc_reserved, SRH_R_RC_RANGE, NONE);
}

Test(bad, leak_on_denied, .timeout = 60)
{
	expect_caught(FIX_bad_leak_on_denied, SRH_R_ACCESS_LEAK, NONE);
}

/* Losing the Error also makes the ended job look error-free (MUST-4). */
Test(bad, lost_after_restart, .timeout = 60)
{
	expect_caught(FIX_bad_lost_after_restart, SRH_R_ERROR_STABLE, ALSO(SRH_R_ERROR_IFF_ENDED));
}

Test(bad, wrong_error_type_is_should_only, .timeout = 60)
{
	expect_caught(FIX_bad_wrong_error_type, SRH_R_PROFILE, NONE);
}

Test(bad, no_error_terminated, .timeout = 60)
{
	expect_caught(FIX_bad_no_error_terminated, SRH_R_ERROR_IFF_ENDED, NONE);
}

Test(bad, percent_backwards, .timeout = 60)
{
	expect_caught(FIX_bad_percent_backwards, SRH_R_JOB_INSTANCE, NONE);
}

/* Its reserved ErrorType and missing MessageID are MUST; the missing
 * OwningEntity and ErrorSource, and every profile property, follow, and a
 * timed-out job's Error no longer names the timeout (MUST-6 error-own). */
Test(bad, free_string_error, .timeout = 60)
{
	expect_caught(FIX_bad_free_string_error, SRH_R_ERROR_PROPS,
		      ALSO(SRH_R_ERROR_PROPS_SHOULD, SRH_R_PROFILE, SRH_R_ERROR_OWN));
}

Test(bad, rsc_accepts_final, .timeout = 60)
{
	expect_caught(FIX_bad_rsc_accepts_final, SRH_R_RSC_CODES, NONE);
}

Test(bad, stale_state_time, .timeout = 60)
{
	expect_caught(FIX_bad_stale_state_time, SRH_R_STATE_CHANGE_TIME, NONE);
}

/* {2 OK, 17} on a failed job is also not the reference set {6, 17}. */
Test(bad, ok_on_failure, .timeout = 60)
{
	expect_caught(FIX_bad_ok_on_failure, SRH_R_PATH_OK_ABSENT, ALSO(SRH_R_PATH_OPSTATUS_SET));
}

/* contract.md, Removal: T = 0 is gone at the end, not a 5-minute default
 * (still there after a restart past the removal instant: the same bug). */
Test(bad, removal_zero_default, .timeout = 60)
{
	expect_caught(FIX_bad_removal_zero_default, SRH_R_INVALID_PARAMETER,
		      ALSO(SRH_R_REMOVED_GONE, SRH_R_REMOVAL_SETTINGS));
}

/* contract.md, Removal: the instance says what the client submitted. */
Test(bad, doc_reported, .timeout = 60)
{
	expect_caught(FIX_bad_doc_reported, SRH_R_REMOVAL_SETTINGS, NONE);
}

/* Invariant 8: a job instance has its class. */
Test(bad, job_no_class, .timeout = 60)
{
	expect_caught(FIX_bad_job_no_class, SRH_R_JOB_INSTANCE, NONE);
}

/* contract.md rc 6: the instance names the job's owner. */
Test(bad, owner_reported, .timeout = 60)
{
	expect_caught(FIX_bad_owner_reported, SRH_R_OWNER_REPORTED, NONE);
}

/* The same job read back with another Name after a restart. */
Test(bad, name_after_restart, .timeout = 60)
{
	expect_caught(FIX_bad_name_after_restart, SRH_R_JOB_INSTANCE, NONE);
}

/* contract.md rc 5: only the exact InstanceID names a job. */
Test(bad, iid_casefold, .timeout = 60)
{
	expect_caught(FIX_bad_iid_casefold, SRH_R_INVALID_PARAMETER, NONE);
}

/* Invariant 6: an Error is this job's own. Another job's Error also
 * changes between calls (error-stable), names another job's path
 * (SHOULD-5) and, for the owner's earlier jobs, GetErrors follows it. */
Test(bad, error_by_owner, .timeout = 60)
{
	expect_caught(FIX_bad_error_by_owner, SRH_R_ERROR_OWN,
		      ALSO(SRH_R_ERROR_STABLE, SRH_R_ERROR_PROPS_SHOULD, SRH_R_GETERRORS));
}

/* Invariant 9: TimeOfLastStateChange does not move with progress. */
Test(bad, progress_state_time, .timeout = 60)
{
	expect_caught(FIX_bad_progress_state_time, SRH_R_STATE_CHANGE_TIME, NONE);
}

/* ---- crash and hang: only a forked runner survives them ------------------- */

/* Open the fixture and create one job; return the ops and context. */
static const prov_ops *start_one(const char *path, drv *d)
{
	prov_lib *lib = load(path); /* left loaded: the worker dies in it */
	const prov_ops *ops = prov_lib_ops(lib);
	prov_event ev = {.kind = PROV_EV_JOB_CREATED, .time_ns = 1, .job = "1"};

	ev.u.created.owner = "alice";
	drv_open_mem(d, ops);
	cr_assert_eq(ops->on_event(d->ctx, &ev), 0);
	return ops;
}

Test(bad, crash_in_geterror, .signal = SIGSEGV, .timeout = 30)
{
	static const prov_principal alice = {"alice", 0};
	cim_error *e = NULL;
	drv d;
	const prov_ops *ops = start_one(FIX_bad_crash_geterror, &d);

	ops->get_error(d.ctx, &alice, "SRSIM:1", &e);
	cr_log_error("GetError returned");
}

/* The call must still be blocked when the 1 s alarm fires; SIGALRM's
 * default action then ends the worker, which is what the test expects. */
Test(bad, hang_in_geterror, .signal = SIGALRM, .timeout = 30)
{
	static const prov_principal alice = {"alice", 0};
	cim_error *e = NULL;
	drv d;
	const prov_ops *ops = start_one(FIX_bad_hang_geterror, &d);

	alarm(1);
	ops->get_error(d.ctx, &alice, "SRSIM:1", &e);
	cr_log_error("GetError returned");
}

/* The fixtures are what they say: each exports its own entry and names
 * itself, and they wrap the reference provider. */
Test(bad, fixtures_identify_themselves)
{
	const char *paths[] = {FIX_bad_rc_reserved, FIX_bad_hang_geterror, FIX_ok_passthrough};
	const char *names[] = {"bad-rc-reserved", "bad-hang-geterror", "ok-passthrough"};

	for (size_t i = 0; i < 3; i++) {
		prov_lib *lib = load(paths[i]);

		cr_assert_str_eq(prov_lib_ops(lib)->name, names[i]);
		prov_unload(lib);
	}
}
