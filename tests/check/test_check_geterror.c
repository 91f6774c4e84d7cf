/* Invariants 1..7 of contract.md on hand-built GetError/GetErrors calls. */
#include "check_util.h"

/* ---- good observations pass ------------------------------------------ */

Test(good, every_path_of_the_table)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	uint16_t running[] = {3, 4, 5, 6, 11, 12};
	cim_job j = job_at(2, SEC(1), 0);

	ge(c, SEC(1), &owner, 0, NULL, &j); /* not yet started: 0, NULL */
	for (size_t i = 0; i < sizeof(running) / sizeof(running[0]); i++) {
		j = job_at(running[i], SEC(2 + i), (uint16_t)(10 * i));
		ge(c, SEC(2 + i), &owner, 0, NULL, &j);
		ge(c, SEC(2 + i), &stranger, 6, NULL, NULL);
	}
	j = job_at(10, SEC(20), 50);
	ge(c, SEC(20), &owner, 0, &e, &j);
	ge(c, SEC(21), &admin, 0, &e, &j); /* stable */
	ge(c, SEC(22), &stranger, 6, NULL, NULL);
	srh_check_restart(c, SEC(30));
	ge(c, SEC(31), &owner, 0, &e, &j); /* survives the restart */
	srh_check_removed(c, SEC(400), IID);
	ge(c, SEC(401), &owner, 5, NULL, NULL);
	ge(c, SEC(401), &stranger, 5, NULL, NULL);
	expect_clean(c);
	srh_checker_free(c);
}

Test(good, success_path_null_and_vendor_rc)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(7, SEC(9), 100);

	ge(c, SEC(9), &owner, 0, NULL, &j);
	ge(c, SEC(10), &owner, 32768, NULL, NULL); /* vendor: allowed */
	ge(c, SEC(10), &owner, 2, NULL, NULL);
	ge(c, SEC(10), &owner, 3, NULL, NULL);
	ge(c, SEC(10), &owner, 4, NULL, NULL);
	ge(c, SEC(11), &owner, 0, NULL, &j);
	expect_clean(c);
	srh_checker_free(c);
}

/* ---- MUST-1 ------------------------------------------------------------ */

Test(must1, reserved_codes_fail)
{
	uint32_t bad[] = {7, 100, 32767, 65536, UINT32_MAX};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		srh_checker *c = new_checker();

		ge(c, SEC(1), &owner, bad[i], NULL, NULL);
		expect_only(c, SRH_R_RC_RANGE);
		srh_checker_free(c);
	}
}

/* ---- MUST-2, MUST-3 ---------------------------------------------------- */

Test(must2, error_with_failure_code)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();

	ge(c, SEC(1), &owner, 4, &e, NULL);
	expect_only(c, SRH_R_NO_ERROR_ON_FAILURE);
	srh_checker_free(c);
}

Test(must3, error_with_access_denied)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();

	ge(c, SEC(1), &stranger, 6, &e, NULL);
	expect_only(c, SRH_R_ACCESS_LEAK);
	srh_checker_free(c);
}

Test(must3, stranger_gets_the_error)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = job_at(10, SEC(5), 40);

	ge(c, SEC(5), &stranger, 0, &e, &j);
	expect_only(c, SRH_R_ACCESS_LEAK);
	srh_checker_free(c);
}

Test(must3, stranger_reads_error_description)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(5), 40);
	srh_obs_instance o = {SEC(5), IID, &stranger, 0, &j, false};

	cr_assert_eq(srh_check_instance(c, &o), 0);
	expect_only(c, SRH_R_ACCESS_LEAK);
	srh_checker_free(c);
}

Test(must3, instance_with_access_denied)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(5), 40);
	srh_obs_instance o = {SEC(5), IID, &stranger, 6, &j, false};

	srh_check_instance(c, &o);
	expect_only(c, SRH_R_ACCESS_LEAK);
	srh_checker_free(c);
}

/* ---- access control, invalid parameter ---------------------------------- */

Test(rc6, owner_or_admin_denied)
{
	srh_checker *c = new_checker();

	ge(c, SEC(1), &owner, 6, NULL, NULL);
	ge(c, SEC(1), &admin, 6, NULL, NULL);
	expect_only(c, SRH_R_ACCESS_CONTROL);
	cr_assert_eq(srh_check_count(c), 2);
	srh_checker_free(c);
}

Test(rc6, stranger_not_denied)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(1), 10);

	ge(c, SEC(1), &stranger, 0, NULL, &j);
	expect_only(c, SRH_R_ACCESS_CONTROL);
	srh_checker_free(c);
}

Test(rc6, unknown_owner_is_not_judged)
{
	srh_checker *c = srh_checker_new();
	srh_obs_get_error o = {.time_ns = 1, .instance_id = "SRSIM:9", .who = &stranger, .rc = 6};

	srh_check_get_error(c, &o);
	o.rc = 0;
	srh_check_get_error(c, &o);
	expect_clean(c);
	srh_checker_free(c);
}

Test(rc5, malformed_request_needs_5)
{
	srh_checker *c = new_checker();
	srh_obs_get_error o = {
	    .time_ns = 1, .instance_id = "garbage", .who = &owner, .rc = 0, .bad_request = true};

	srh_check_get_error(c, &o);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	srh_check_clear(c);
	o.rc = 5;
	srh_check_get_error(c, &o);
	expect_clean(c);
	srh_checker_free(c);
}

Test(rc5, removed_job_must_be_gone)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(7, SEC(9), 100);
	srh_obs_instance oi = {SEC(401), IID, &admin, 0, &j, false};

	ge(c, SEC(9), &owner, 0, NULL, &j);
	srh_check_removed(c, SEC(400), IID);
	ge(c, SEC(401), &owner, 0, NULL, NULL);
	srh_check_instance(c, &oi);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	cr_assert_eq(srh_check_count(c), 2);
	srh_checker_free(c);
}

Test(rc5, running_job_said_missing)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(2), 10);

	ge(c, SEC(2), &owner, 0, NULL, &j);
	ge(c, SEC(3), &owner, 5, NULL, NULL);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	srh_checker_free(c);
}

/* ---- MUST-4 ------------------------------------------------------------ */

Test(must4, error_while_running)
{
	uint16_t states[] = {2, 3, 4, 5, 6, 11, 12};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		srh_checker *c = new_checker();
		cim_error e = io_error();
		cim_job j = job_at(states[i], SEC(2), 10);

		ge(c, SEC(2), &owner, 0, &e, &j);
		expect_only(c, SRH_R_ERROR_IFF_ENDED);
		srh_checker_free(c);
	}
}

Test(must4, no_error_for_failed_terminated_killed)
{
	uint16_t states[] = {8, 9, 10};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		srh_checker *c = new_checker();
		cim_job j = job_at(states[i], SEC(2), 10);

		ge(c, SEC(2), &owner, 0, NULL, &j);
		expect_only(c, SRH_R_ERROR_IFF_ENDED);
		srh_checker_free(c);
	}
}

Test(must4, completed_with_error_status_needs_error)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(7, SEC(2), 100);

	j.op_status[0] = 6; /* {6 Error, 17 Completed} */
	ge(c, SEC(2), &owner, 0, NULL, &j);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_IFF_ENDED), 1);
	srh_checker_free(c);
}

Test(must4, error_after_success)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = job_at(7, SEC(2), 100);

	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_only(c, SRH_R_ERROR_IFF_ENDED);
	srh_checker_free(c);
}

/* Without a read at the same instant, a final state seen before counts. */
Test(must4, final_state_remembered)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(2), 40);
	srh_obs_instance oi = {SEC(2), IID, &admin, 0, &j, false};

	srh_check_instance(c, &oi);
	ge(c, SEC(3), &owner, 0, NULL, NULL);
	expect_only(c, SRH_R_ERROR_IFF_ENDED);
	srh_checker_free(c);
}

/* ---- MUST-5 ------------------------------------------------------------ */

static void must5_case(void (*spoil)(cim_error *), const char *prop)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	spoil(&e);
	ge(c, SEC(2), &owner, 0, &e, &j);
	cr_assert_eq(srh_check_count_level(c, SRH_MUST), srh_check_count_rule(c, SRH_R_ERROR_PROPS),
		     "only MUST-5 expected");
	expect_prop(c, SRH_R_ERROR_PROPS, prop);
	srh_checker_free(c);
}

static void no_message_id(cim_error *e)
{
	e->message_id = NULL;
}
static void empty_message_id(cim_error *e)
{
	e->message_id = "";
}
static void et_reserved(cim_error *e)
{
	e->error_type = 11;
}
static void sev_reserved(cim_error *e)
{
	e->perceived_severity = 8;
}
static void pc_reserved(cim_error *e)
{
	e->probable_cause = 131;
}
static void sc_zero(cim_error *e)
{
	e->cim_status_code = 0;
}
static void sc_reserved(cim_error *e)
{
	e->cim_status_code = 30;
}
static void esf_reserved(cim_error *e)
{
	e->error_source_format = 3;
}
static void esf_other_bare(cim_error *e)
{
	e->error_source_format = 1;
}
static void oesf_without_other(cim_error *e)
{
	e->other_error_source_format = "URL";
}

Test(must5, each_property)
{
	must5_case(no_message_id, "MessageID");
	must5_case(empty_message_id, "MessageID");
	must5_case(et_reserved, "ErrorType");
	must5_case(sev_reserved, "PerceivedSeverity");
	must5_case(pc_reserved, "ProbableCause");
	must5_case(sc_zero, "CIMStatusCode");
	must5_case(sc_reserved, "CIMStatusCode");
	must5_case(esf_reserved, "ErrorSourceFormat");
	must5_case(esf_other_bare, "OtherErrorSourceFormat");
	must5_case(oesf_without_other, "OtherErrorSourceFormat");
}

static void should5_case(void (*spoil)(cim_error *), const char *prop)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	spoil(&e);
	ge(c, SEC(2), &owner, 0, &e, &j);
	cr_assert_eq(srh_check_count_level(c, SRH_MUST), 0, "no MUST violation expected");
	expect_prop(c, SRH_R_ERROR_PROPS_SHOULD, prop);
	srh_checker_free(c);
}

static void no_owning_entity(cim_error *e)
{
	e->owning_entity = NULL;
}
/* Not this job's path (a volume's): SHOULD-5. A path naming another job
 * is MUST-6 error-own (test_check_contract.c). */
static void other_job_source(cim_error *e)
{
	e->error_source = "root/Microsoft/Windows/StorageReplica:MSFT_Volume.ObjectId=\"D:\"";
}
static void source_unknown(cim_error *e)
{
	e->error_source_format = 0;
}
static void other_type_bare(cim_error *e)
{
	e->error_type = 1;
}
static void other_cause_bare(cim_error *e)
{
	e->probable_cause = 1;
}

Test(should5, each_property)
{
	should5_case(no_owning_entity, "OwningEntity");
	should5_case(other_job_source, "ErrorSource");
	should5_case(source_unknown, "ErrorSourceFormat");
	should5_case(other_type_bare, "OtherErrorType");
	should5_case(other_cause_bare, "ProbableCauseDescription");
}

/* ---- MUST-6 ------------------------------------------------------------ */

Test(must6, error_changes_between_calls)
{
	srh_checker *c = new_checker();
	cim_error a = io_error(), b = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	b.message = "I/O error, worded differently";
	ge(c, SEC(2), &owner, 0, &a, &j);
	ge(c, SEC(3), &owner, 0, &b, &j);
	expect_only(c, SRH_R_ERROR_STABLE);
	expect_prop(c, SRH_R_ERROR_STABLE, "Message");
	srh_checker_free(c);
}

Test(must6, error_lost_after_restart)
{
	srh_checker *c = new_checker();
	cim_error a = io_error();
	cim_job j = job_at(10, SEC(2), 40);
	char line[1024];

	ge(c, SEC(2), &owner, 0, &a, &j);
	srh_check_restart(c, SEC(10));
	ge(c, SEC(11), &owner, 0, NULL, NULL); /* no read: the final state counts */
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_STABLE), 1);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_IFF_ENDED), 1);
	for (size_t i = 0; i < srh_check_count(c); i++) {
		const srh_violation *v = srh_check_violation(c, i);

		if (v->rule != SRH_R_ERROR_STABLE)
			continue;
		srh_violation_format(v, line, sizeof(line));
		cr_assert(strstr(line, "after provider restart at t=10.000000000s"), "%s", line);
	}
	srh_checker_free(c);
}

Test(must6, job_vanishes_after_restart)
{
	srh_checker *c = new_checker();
	cim_error a = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	ge(c, SEC(2), &owner, 0, &a, &j);
	srh_check_restart(c, SEC(10));
	ge(c, SEC(11), &owner, 5, NULL, NULL);
	expect_only(c, SRH_R_ERROR_STABLE);
	srh_checker_free(c);
}

/* A job with DeleteOnCompletion may go once TimeBeforeRemoval ran out. */
Test(must6, removal_after_tbr_is_allowed)
{
	srh_checker *c = new_checker();
	cim_error a = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	j.delete_on_completion = true;
	ge(c, SEC(2), &owner, 0, &a, &j);
	ge(c, SEC(2) + SEC(300), &owner, 5, NULL, NULL);
	expect_clean(c);
	srh_checker_free(c);
}

/* ---- MUST-7 ------------------------------------------------------------ */

static void ges(srh_checker *c, uint64_t t, uint32_t rc, cim_error **errs, size_t n,
		const cim_job *j)
{
	srh_obs_get_errors o = {.time_ns = t,
				.instance_id = IID,
				.who = &owner,
				.rc = rc,
				.errors = errs,
				.n_errors = n,
				.job = j};

	cr_assert_eq(srh_check_get_errors(c, &o), 0);
}

Test(must7, consistent_passes)
{
	srh_checker *c = new_checker();
	cim_error a = io_error(), b = io_error();
	cim_error *errs[] = {&b};
	cim_job j = job_at(10, SEC(2), 40), k = job_at(7, SEC(2), 100);

	ge(c, SEC(2), &owner, 0, &a, &j);
	ges(c, SEC(3), 0, errs, 1, &j);
	expect_clean(c);
	srh_checker_free(c);
	c = new_checker();
	ges(c, SEC(3), 0, NULL, 0, &k);
	expect_clean(c);
	srh_checker_free(c);
}

Test(must7, first_error_differs)
{
	srh_checker *c = new_checker();
	cim_error a = io_error(), b = io_error();
	cim_error *errs[] = {&b};
	cim_job j = job_at(10, SEC(2), 40);

	b.message_id = "SR0002";
	ges(c, SEC(2), 0, errs, 1, &j); /* order does not matter */
	ge(c, SEC(3), &owner, 0, &a, &j);
	expect_only(c, SRH_R_GETERRORS);
	expect_prop(c, SRH_R_GETERRORS, "MessageID");
	srh_checker_free(c);
}

Test(must7, no_errors_but_geterror_has_one)
{
	srh_checker *c = new_checker();
	cim_error a = io_error();
	cim_job j = job_at(10, SEC(2), 40);

	ge(c, SEC(2), &owner, 0, &a, &j);
	ges(c, SEC(3), 0, NULL, 0, &j);
	expect_only(c, SRH_R_GETERRORS);
	srh_checker_free(c);
}

Test(must7, errors_after_success)
{
	srh_checker *c = new_checker();
	cim_error b = io_error();
	cim_error *errs[] = {&b};
	cim_job j = job_at(7, SEC(2), 100);

	ges(c, SEC(2), 0, errs, 1, &j);
	cr_assert_gt(srh_check_count_rule(c, SRH_R_GETERRORS), 0);
	srh_checker_free(c);
}

Test(must7, geterrors_shares_rc_rules)
{
	srh_checker *c = new_checker();
	cim_error b = io_error();
	cim_error *errs[] = {&b};

	ges(c, SEC(2), 9, NULL, 0, NULL);
	expect_only(c, SRH_R_RC_RANGE);
	srh_check_clear(c);
	ges(c, SEC(2), 4, errs, 1, NULL);
	expect_only(c, SRH_R_NO_ERROR_ON_FAILURE);
	srh_checker_free(c);
}
