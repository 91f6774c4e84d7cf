/* Invariants 8..10 and the path table on hand-built instances and
 * RequestStateChange calls. */
#include "check_util.h"

static void inst(srh_checker *c, uint64_t t, const cim_job *j)
{
	srh_obs_instance o = {t, IID, &admin, 0, j, false};

	cr_assert_eq(srh_check_instance(c, &o), 0);
}

static void rsc(srh_checker *c, uint64_t t, uint16_t req, uint32_t rc, const cim_job *b,
		const cim_job *a)
{
	srh_obs_rsc o = {t, IID, &owner, req, rc, b, a, false, false};

	cr_assert_eq(srh_check_rsc(c, &o), 0);
}

Test(must8, good_progress_passes)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(2, SEC(1), 0), b = job_at(4, SEC(2), 10), d = job_at(4, SEC(2), 60),
		e = job_at(7, SEC(9), 100);

	inst(c, SEC(1), &a);
	inst(c, SEC(2), &b);
	inst(c, SEC(5), &d);
	inst(c, SEC(5), &d);
	inst(c, SEC(9), &e);
	expect_clean(c);
	srh_checker_free(c);
}

Test(must8, reserved_job_state)
{
	uint16_t bad[] = {0, 1, 13, 32767};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		srh_checker *c = new_checker();
		cim_job j = job_at(4, SEC(1), 0);

		j.job_state = bad[i];
		inst(c, SEC(1), &j);
		expect_prop(c, SRH_R_JOB_INSTANCE, "JobState");
		cr_assert_eq(srh_check_count_level(c, SRH_MUST), 1);
		srh_checker_free(c);
	}
}

Test(must8, vendor_job_state_is_defined)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(1), 0);

	j.job_state = 32768;
	inst(c, SEC(1), &j);
	expect_clean(c);
	srh_checker_free(c);
}

Test(must8, percent_over_100)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(1), 101);

	inst(c, SEC(1), &j);
	expect_only(c, SRH_R_JOB_INSTANCE);
	expect_prop(c, SRH_R_JOB_INSTANCE, "PercentComplete");
	srh_checker_free(c);
}

Test(must8, percent_falls_while_running)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(2), 50), b = job_at(4, SEC(2), 40);

	inst(c, SEC(3), &a);
	inst(c, SEC(4), &b);
	expect_only(c, SRH_R_JOB_INSTANCE);
	expect_prop(c, SRH_R_JOB_INSTANCE, "PercentComplete");
	srh_checker_free(c);
}

Test(must8, error_code_after_success)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(7, SEC(9), 100);

	j.error_code = 5;
	inst(c, SEC(9), &j);
	expect_only(c, SRH_R_JOB_INSTANCE);
	expect_prop(c, SRH_R_JOB_INSTANCE, "ErrorCode");
	srh_checker_free(c);
}

Test(must8, instance_id_form_and_match)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(1), 0);

	j.instance_id = "nocolon";
	inst(c, SEC(1), &j);
	expect_prop(c, SRH_R_JOB_INSTANCE, "InstanceID");
	srh_check_clear(c);
	j.instance_id = ":1";
	inst(c, SEC(1), &j);
	expect_prop(c, SRH_R_JOB_INSTANCE, "InstanceID");
	srh_check_clear(c);
	j.instance_id = "SRSIM:2";
	inst(c, SEC(1), &j);
	expect_only(c, SRH_R_JOB_INSTANCE);
	srh_checker_free(c);
}

Test(must8, op_status_reserved_value)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(1), 0);

	j.op_status[0] = 20;
	inst(c, SEC(1), &j);
	expect_prop(c, SRH_R_JOB_INSTANCE, "OperationalStatus");
	srh_checker_free(c);
}

/* ---- MUST-9 ------------------------------------------------------------ */

Test(must9, state_change_without_new_time)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(3, SEC(2), 0), b = job_at(4, SEC(2), 0);

	inst(c, SEC(2), &a);
	inst(c, SEC(3), &b);
	expect_only(c, SRH_R_STATE_CHANGE_TIME);
	expect_prop(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange");
	srh_checker_free(c);
}

/* Terminate answered at once: Running -> Shutting Down -> Terminated at one
 * virtual instant (t = 5 s). TimeOfLastStateChange cannot move when time has
 * not, so 5 s for both changes is right. */
Test(must9, two_changes_at_one_instant_pass)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(5), 40), b = job_at(6, SEC(5), 40), d = job_at(8, SEC(5), 40);

	inst(c, SEC(5), &a);
	inst(c, SEC(5), &b);
	inst(c, SEC(5), &d);
	expect_clean(c);
	srh_checker_free(c);
}

/* The same stale time read at a later instant is a real violation. */
Test(must9, stale_time_at_a_later_instant_fails)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(5), 40), b = job_at(8, SEC(5), 40);

	inst(c, SEC(5), &a);
	inst(c, SEC(6), &b);
	expect_only(c, SRH_R_STATE_CHANGE_TIME);
	expect_prop(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange");
	srh_checker_free(c);
}

/* Two jobs submitted at 0: one is read New at 0, and only then, still at
 * 0, does the engine start it (the driver says so). Read again at 1 ms, its
 * TimeOfLastStateChange is rightly still 0: no new time can be had. */
Test(must9, change_in_the_previous_reads_instant_passes)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(2, 0, 0), b = job_at(3, 0, 0);

	cr_assert_eq(srh_check_state(c, IID, 0, 2), 0);
	inst(c, 0, &a);
	cr_assert_eq(srh_check_state(c, IID, 0, 3), 0);
	inst(c, SEC(1) / 1000, &b);
	expect_clean(c);
	srh_checker_free(c);
}

/* The same reads when the driver says the change came later (at 1 ms): the
 * unchanged time is stale. */
Test(must9, change_after_the_previous_read_needs_its_time)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(2, 0, 0), b = job_at(3, 0, 0);

	cr_assert_eq(srh_check_state(c, IID, 0, 2), 0);
	inst(c, 0, &a);
	cr_assert_eq(srh_check_state(c, IID, SEC(1) / 1000, 3), 0);
	inst(c, SEC(1) / 1000, &b);
	expect_only(c, SRH_R_STATE_CHANGE_TIME);
	srh_checker_free(c);
}

Test(must9, time_in_the_future_or_backwards)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(8), 0), b = job_at(5, SEC(3), 0);

	inst(c, SEC(5), &a); /* changed at 8 s, read at 5 s */
	cr_assert_eq(srh_check_count_rule(c, SRH_R_STATE_CHANGE_TIME), 1);
	inst(c, SEC(9), &b); /* changed again, but earlier than before */
	cr_assert_eq(srh_check_count_rule(c, SRH_R_STATE_CHANGE_TIME), 2);
	srh_checker_free(c);
}

Test(must9, rejected_request_changes_nothing)
{
	srh_checker *c = new_checker();
	cim_job b = job_at(4, SEC(2), 30), a = job_at(4, SEC(2), 30);

	rsc(c, SEC(3), 3, 4, &b, &a); /* Suspend rejected, nothing changed */
	expect_clean(c);
	a = job_at(5, SEC(3), 30); /* Suspend "failed" but the job got suspended */
	rsc(c, SEC(3), 3, 4, &b, &a);
	expect_prop(c, SRH_R_STATE_CHANGE_TIME, "JobState");
	expect_prop(c, SRH_R_STATE_CHANGE_TIME, "TimeOfLastStateChange");
	expect_only(c, SRH_R_STATE_CHANGE_TIME);
	srh_checker_free(c);
}

Test(must9, accepted_request_changes_both)
{
	srh_checker *c = new_checker();
	cim_job b = job_at(4, SEC(2), 30), a = job_at(8, SEC(3), 30);

	rsc(c, SEC(3), 4, 0, &b, &a); /* Terminate completed */
	expect_clean(c);
	srh_checker_free(c);
}

/* ---- MUST-10 ----------------------------------------------------------- */

Test(must10, codes)
{
	uint32_t good[] = {0, 1, 2, 3, 4, 5, 6, 4096, 4097, 4098, 4099, 32768, 65535};
	uint32_t bad[] = {7, 4095, 4100, 32767, 65536};
	cim_job b = job_at(4, SEC(2), 30);

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		srh_checker *c = new_checker();

		rsc(c, SEC(3), 3, good[i], &b, &b);
		expect_clean(c);
		srh_checker_free(c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		srh_checker *c = new_checker();

		rsc(c, SEC(3), 3, bad[i], &b, &b);
		expect_only(c, SRH_R_RSC_CODES);
		srh_checker_free(c);
	}
}

Test(must10, terminate_completed_needs_4097)
{
	srh_checker *c = new_checker();
	cim_job done = job_at(7, SEC(9), 100);

	rsc(c, SEC(10), 4, 4097, &done, &done);
	expect_clean(c);
	rsc(c, SEC(10), 4, 0, &done, &done);
	expect_only(c, SRH_R_RSC_CODES);
	srh_check_clear(c);
	rsc(c, SEC(10), 5, 4096, &done, &done); /* Kill */
	expect_only(c, SRH_R_RSC_CODES);
	srh_checker_free(c);
}

/* ---- paths ------------------------------------------------------------- */

Test(paths, ok_in_failed_job)
{
	uint16_t states[] = {8, 9, 10};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		srh_checker *c = new_checker();
		cim_job j = job_at(states[i], SEC(2), 10);

		j.op_status[0] = 2;
		inst(c, SEC(2), &j);
		cr_assert_eq(srh_check_count_level(c, SRH_MUST), 1);
		expect_prop(c, SRH_R_PATH_OK_ABSENT, "OperationalStatus");
		srh_checker_free(c);
	}
}

Test(paths, reference_sets_are_should)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(2), 10);

	j.op_status[0] = 7; /* {7 Non-Recoverable Error, 17}: not the reference {6, 17} */
	inst(c, SEC(2), &j);
	expect_only(c, SRH_R_PATH_OPSTATUS_SET);
	srh_check_clear(c);
	j = job_at(4, SEC(3), 10);
	j.op_status[1] = 8, j.n_op_status = 2; /* {2, 8} while running */
	inst(c, SEC(3), &j);
	expect_only(c, SRH_R_PATH_OPSTATUS_SET);
	srh_check_clear(c);
	j = job_at(7, SEC(4), 100); /* {17, 2} in the other order is the same set */
	j.op_status[0] = 17, j.op_status[1] = 2;
	inst(c, SEC(4), &j);
	expect_clean(c);
	srh_checker_free(c);
}

Test(enumerate, judges_each_instance)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(2), 10), b = job_at(4, SEC(2), 10);
	cim_job *jobs[] = {&a, &b, NULL};

	b.instance_id = "SRSIM:2";
	b.job_state = 13;
	cr_assert_eq(srh_check_enumerate(c, SEC(2), &admin, 0, jobs, 2), 0);
	expect_only(c, SRH_R_JOB_INSTANCE);
	cr_assert_eq(srh_check_count(c), 1);
	srh_check_clear(c);
	srh_check_enumerate(c, SEC(2), &admin, 0, jobs, 3);
	expect_prop(c, SRH_R_JOB_INSTANCE, "instances");
	srh_check_clear(c);
	srh_check_enumerate(c, SEC(2), &admin, 4, jobs, 2);
	expect_only(c, SRH_R_NO_ERROR_ON_FAILURE);
	srh_checker_free(c);
}
