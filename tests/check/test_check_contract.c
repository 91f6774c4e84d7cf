/*
 * The clauses of contract.md that changed this round, on hand-built
 * observations: the Removal paragraph (present for t < E + T, gone for
 * t >= E + T, T = 0 gone from the end), exact InstanceID matching (rc 5),
 * invariant 6's second sentence (an Error is this job's own) and
 * invariant 9's "exactly when". Expected values come from contract.md.
 */
#include "check_util.h"

#define IID2 "SRSIM:2"
#define PATH2 "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"SRSIM:2\""

/* A job that ended at E = 10 s (its last JobState change). */
static cim_job ended_at_10(uint16_t js, bool doc, uint64_t tbr)
{
	cim_job j = job_at(js, SEC(10), js == 7 ? 100 : 40);

	j.delete_on_completion = doc;
	j.time_before_removal = tbr;
	return j;
}

static void inst(srh_checker *c, uint64_t t, const char *iid, uint32_t rc, const cim_job *j,
		 bool bad)
{
	srh_obs_instance o = {t, iid, &admin, rc, j, bad};

	cr_assert_eq(srh_check_instance(c, &o), 0);
}

static void ge_on(srh_checker *c, uint64_t t, const char *iid, uint32_t rc, const cim_error *e,
		  const cim_job *j, bool bad)
{
	srh_obs_get_error o = {.time_ns = t,
			       .instance_id = iid,
			       .who = &owner,
			       .rc = rc,
			       .error = e,
			       .job = j,
			       .bad_request = bad};

	cr_assert_eq(srh_check_get_error(c, &o), 0);
}

/* ---- Removal ------------------------------------------------------------ */

/* T = 30 s: present at E + T - 1 ns, gone at E + T exactly. */
Test(removal, boundary_from_the_instance)
{
	srh_checker *c = new_checker();
	cim_job j = ended_at_10(10, true, SEC(30));
	cim_error e = io_error();

	ge(c, SEC(10), &owner, 0, &e, &j);
	ge(c, SEC(40) - 1, &owner, 0, &e, &j);
	expect_clean(c);
	ge(c, SEC(40), &owner, 0, &e, &j);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	srh_check_clear(c);
	ge(c, SEC(40), &owner, 5, NULL, NULL);
	inst(c, SEC(40), IID, 5, NULL, false);
	expect_clean(c);
	srh_checker_free(c);
}

/* 5 one nanosecond before E + T: the job was still present. */
Test(removal, gone_too_early)
{
	srh_checker *c = new_checker();
	cim_job j = ended_at_10(7, true, SEC(30));

	ge(c, SEC(10), &owner, 0, NULL, &j);
	ge(c, SEC(40) - 1, &owner, 5, NULL, NULL);
	inst(c, SEC(40) - 1, IID, 5, NULL, false);
	/* GetError losing an ended job's Error is MUST-6's (error-stable). */
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_STABLE), 1, "GetError");
	cr_assert_eq(srh_check_count_rule(c, SRH_R_INVALID_PARAMETER), 1, "GetInstance");
	cr_assert_eq(srh_check_count(c), 2);
	srh_checker_free(c);
}

/* T = 0: gone from the instant it ends; no read of it may show it ended.
 * The driver's facts say when it ended and what T the client set. */
Test(removal, zero_means_gone_at_the_end)
{
	srh_checker *c = new_checker();
	cim_job run = job_at(4, SEC(2), 50), end = ended_at_10(10, true, 0);
	cim_error e = io_error();

	run.delete_on_completion = true, run.time_before_removal = 0;
	cr_assert_eq(srh_check_removal(c, IID, true, 0), 0);
	ge(c, SEC(5), &owner, 0, NULL, &run);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "io_error"), 0);
	ge(c, SEC(10), &owner, 5, NULL, NULL); /* right: never read its Error */
	inst(c, SEC(10), IID, 5, NULL, false);
	expect_clean(c);
	ge(c, SEC(10), &owner, 0, &e, &end);
	inst(c, SEC(10), IID, 0, &end, false);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	cr_assert_eq(srh_check_count(c), 2);
	srh_checker_free(c);
}

/* The client set T = 0; a provider reporting its own 5 minutes and still
 * answering at E is judged by what the client set (and its instance, which
 * says otherwise, breaks MUST-removal instance-settings). */
Test(removal, facts_win_over_the_instance)
{
	srh_checker *c = new_checker();
	cim_job end = ended_at_10(10, true, SEC(300));
	cim_error e = io_error();

	cr_assert_eq(srh_check_removal(c, IID, true, 0), 0);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "io_error"), 0);
	ge(c, SEC(10), &owner, 0, &e, &end);
	cr_assert_gt(srh_check_count_rule(c, SRH_R_INVALID_PARAMETER), 0);
	expect_prop(c, SRH_R_REMOVAL_SETTINGS, "TimeBeforeRemoval");
	cr_assert_eq(srh_check_count(c), srh_check_count_rule(c, SRH_R_INVALID_PARAMETER) +
					     srh_check_count_rule(c, SRH_R_REMOVAL_SETTINGS));
	srh_checker_free(c);
}

/* The instance reports the DeleteOnCompletion the client did not set:
 * MUST-removal instance-settings, whatever the job's fate. */
Test(removal, instance_reports_the_submitted_settings)
{
	srh_checker *c = new_checker();
	cim_job j = ended_at_10(10, false, SEC(30));
	cim_error e = io_error();

	cr_assert_eq(srh_check_removal(c, IID, true, SEC(30)), 0);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "io_error"), 0);
	ge(c, SEC(10), &owner, 0, &e, &j);
	expect_only(c, SRH_R_REMOVAL_SETTINGS);
	expect_prop(c, SRH_R_REMOVAL_SETTINGS, "DeleteOnCompletion");
	srh_checker_free(c);
}

/* DeleteOnCompletion FALSE: the job stays, T or not. */
Test(removal, kept_without_delete_on_completion)
{
	srh_checker *c = new_checker();
	cim_job j = ended_at_10(10, false, 0);
	cim_error e = io_error();

	cr_assert_eq(srh_check_removal(c, IID, false, 0), 0);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "io_error"), 0);
	ge(c, SEC(10), &owner, 0, &e, &j);
	ge(c, SEC(3600), &owner, 0, &e, &j);
	expect_clean(c);
	ge(c, SEC(3601), &owner, 5, NULL, NULL);
	expect_only(c, SRH_R_ERROR_STABLE);
	srh_checker_free(c);
}

/* Not enumerated from E + T on. */
Test(removal, not_enumerated)
{
	srh_checker *c = new_checker();
	cim_job j = ended_at_10(8, true, SEC(30));
	cim_job *v[] = {&j};

	cr_assert_eq(srh_check_enumerate(c, SEC(39), &admin, 0, v, 1), 0);
	expect_clean(c);
	cr_assert_eq(srh_check_enumerate(c, SEC(40), &admin, 0, v, 1), 0);
	expect_only(c, SRH_R_INVALID_PARAMETER);
	srh_checker_free(c);
}

/* ---- exact InstanceID ----------------------------------------------------- */

/* Every other spelling names no job: GetError, GetInstance and
 * RequestStateChange answering it as the job are caught. */
Test(exact_iid, other_spellings_name_no_job)
{
	static const char *spell[] = {"srsim:1",  "SRSIM:1 ", " SRSIM:1",
				      "SRSIM:1x", "SRSIM:01", "SRSIM:"};
	cim_job j = job_at(10, SEC(10), 40);
	cim_error e = io_error();

	for (size_t i = 0; i < sizeof(spell) / sizeof(spell[0]); i++) {
		srh_checker *c = new_checker();
		srh_obs_rsc r = {SEC(11), spell[i], &owner, 4, 0, NULL, NULL, true, false};

		ge_on(c, SEC(11), spell[i], 5, NULL, NULL, true);
		inst(c, SEC(11), spell[i], 5, NULL, true);
		r.rc = 5;
		cr_assert_eq(srh_check_rsc(c, &r), 0);
		expect_clean(c);
		ge_on(c, SEC(11), spell[i], 0, &e, &j, true);
		inst(c, SEC(11), spell[i], 0, &j, true);
		r.rc = 0;
		cr_assert_eq(srh_check_rsc(c, &r), 0);
		cr_assert_eq(srh_check_count_rule(c, SRH_R_INVALID_PARAMETER), 3, "%s", spell[i]);
		srh_checker_free(c);
	}
}

/* ---- invariant 6: the Error is this job's own ----------------------------- */

/* Two jobs of alice ended at once; job 1's Error names job 2. */
Test(own, error_source_names_another_job)
{
	srh_checker *c = new_checker();
	cim_job j1 = job_at(10, SEC(10), 40), j2 = job_at(10, SEC(10), 60);
	cim_error e = io_error();

	j2.instance_id = IID2;
	cr_assert_eq(srh_check_owner(c, IID2, "alice"), 0);
	ge_on(c, SEC(11), IID2, 0, NULL, &j2, false); /* job 2 is known */
	srh_check_clear(c);
	e.error_source = PATH2;
	ge_on(c, SEC(11), IID, 0, &e, &j1, false);
	cr_assert_eq(srh_check_count_level(c, SRH_MUST), 1);
	expect_prop(c, SRH_R_ERROR_OWN, "ErrorSource");
	srh_checker_free(c);
}

/* A path of the job's own class with another InstanceID names another
 * job even when the checker never saw that job. */
Test(own, error_source_of_the_job_class)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(10), 40);
	cim_error e = io_error();

	e.error_source =
	    "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"SRSIM:77\"";
	ge(c, SEC(11), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_OWN, "ErrorSource");
	srh_checker_free(c);
}

/* Job 2 was killed, job 1 failed: job 1 answering job 2's Error (the same
 * instance, ErrorSource left out) cannot describe job 1's end. */
Test(own, another_jobs_error_of_a_different_end)
{
	srh_checker *c = new_checker();
	cim_job j1 = job_at(10, SEC(10), 40), j2 = job_at(9, SEC(10), 60);
	cim_error e = io_error();

	e.error_source = NULL;
	e.error_source_format = 0;
	j2.instance_id = IID2;
	cr_assert_eq(srh_check_owner(c, IID2, "alice"), 0);
	ge_on(c, SEC(11), IID2, 0, &e, &j2, false);
	ge_on(c, SEC(11), IID, 0, &e, &j1, false);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_OWN), 1);
	cr_assert_eq(srh_check_count_level(c, SRH_MUST), 1);
	srh_checker_free(c);
}

/* Same end (both failed, same cause): equal Errors are not flagged. */
Test(own, equal_errors_of_equal_ends_pass)
{
	srh_checker *c = new_checker();
	cim_job j1 = job_at(10, SEC(10), 40), j2 = job_at(10, SEC(10), 60);
	cim_error e = io_error();

	e.error_source = NULL;
	e.error_source_format = 0;
	j2.instance_id = IID2;
	cr_assert_eq(srh_check_owner(c, IID2, "alice"), 0);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "io_error"), 0);
	cr_assert_eq(srh_check_ended(c, IID2, SEC(10), "io_error"), 0);
	ge_on(c, SEC(11), IID2, 0, &e, &j2, false);
	ge_on(c, SEC(11), IID, 0, &e, &j1, false);
	cr_assert_eq(srh_check_count_level(c, SRH_MUST), 0);
	srh_checker_free(c);
}

/* Same JobState, different causes reported by the engine. */
Test(own, another_jobs_error_of_a_different_cause)
{
	srh_checker *c = new_checker();
	cim_job j1 = job_at(10, SEC(10), 40), j2 = job_at(10, SEC(10), 60);
	cim_error e = io_error();

	e.error_source = NULL;
	e.error_source_format = 0;
	j2.instance_id = IID2;
	cr_assert_eq(srh_check_owner(c, IID2, "alice"), 0);
	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "partner_crash"), 0);
	cr_assert_eq(srh_check_ended(c, IID2, SEC(10), "io_error"), 0);
	ge_on(c, SEC(11), IID2, 0, &e, &j2, false);
	ge_on(c, SEC(11), IID, 0, &e, &j1, false);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_OWN), 1);
	srh_checker_free(c);
}

/* contract.md path "timeout": ProbableCause names the timeout. */
Test(own, timeout_end_needs_probable_cause_timeout)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(10), 40);
	cim_error e = io_error();

	cr_assert_eq(srh_check_ended(c, IID, SEC(10), "timeout"), 0);
	ge(c, SEC(11), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_OWN, "ProbableCause");
	srh_check_clear(c);
	e.probable_cause = 111;
	ge(c, SEC(12), &owner, 0, &e, &j);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_OWN), 0);
	srh_checker_free(c);
}

/* ---- invariant 9: exactly when JobState changes --------------------------- */

/* With the engine's state facts: the time is the instant of the last
 * JobState change at every read, so one that moved with progress is
 * caught even though JobState looks the same at both reads. */
Test(state_time, moves_with_progress)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(2), 10), b = job_at(4, SEC(5), 60);

	cr_assert_eq(srh_check_state(c, IID, SEC(1), 2), 0);
	cr_assert_eq(srh_check_state(c, IID, SEC(2), 4), 0);
	inst(c, SEC(3), IID, 0, &a, false);
	cr_assert_eq(srh_check_state(c, IID, SEC(4), 4), 0); /* no change */
	inst(c, SEC(6), IID, 0, &b, false);
	expect_only(c, SRH_R_STATE_CHANGE_TIME);
	cr_assert_eq(srh_check_count(c), 1);
	srh_checker_free(c);
}

Test(state_time, moves_only_with_the_state)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(2), 10), b = job_at(4, SEC(2), 60), d = job_at(5, SEC(7), 60),
		f = job_at(5, SEC(7), 60);

	cr_assert_eq(srh_check_state(c, IID, SEC(2), 4), 0);
	inst(c, SEC(3), IID, 0, &a, false);
	inst(c, SEC(6), IID, 0, &b, false);
	cr_assert_eq(srh_check_state(c, IID, SEC(7), 5), 0);
	inst(c, SEC(7), IID, 0, &d, false);
	inst(c, SEC(9), IID, 0, &f, false);
	expect_clean(c);
	srh_checker_free(c);
}

/* Running -> Suspended -> Running between two reads: the time moved with
 * JobState looking the same. Without facts that cannot be told from a
 * time that moved with progress, so nothing is flagged; with them it is
 * right. */
Test(state_time, round_trip_between_reads)
{
	srh_checker *c = new_checker();
	cim_job a = job_at(4, SEC(2), 10), b = job_at(4, SEC(5), 60);

	inst(c, SEC(3), IID, 0, &a, false);
	inst(c, SEC(6), IID, 0, &b, false);
	expect_clean(c);
	srh_checker_free(c);
	c = new_checker();
	cr_assert_eq(srh_check_state(c, IID, SEC(2), 4), 0);
	inst(c, SEC(3), IID, 0, &a, false);
	cr_assert_eq(srh_check_state(c, IID, SEC(4), 5), 0);
	cr_assert_eq(srh_check_state(c, IID, SEC(5), 4), 0);
	inst(c, SEC(6), IID, 0, &b, false);
	expect_clean(c);
	srh_checker_free(c);
}

/* contract.md rc 6 is judged against the job's owner: the instance names
 * the principal that submitted the job. */
Test(owner, instance_names_the_submitter)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(4, SEC(2), 50);
	cim_error *none = NULL;

	cr_assert_eq(srh_check_owner(c, IID, "alice"), 0);
	ge(c, SEC(5), &owner, 0, none, &j);
	expect_clean(c);
	j.owner = "mallory";
	ge(c, SEC(6), &owner, 0, none, &j);
	expect_only(c, SRH_R_OWNER_REPORTED);
	expect_prop(c, SRH_R_OWNER_REPORTED, "Owner");
	srh_checker_free(c);
}
