/* The oracle's rules beyond the invariants: the removed job after a
 * restart (contract.md, Removal), the job instance carrying its Error (the
 * profile's JobError: Message) and MessageArguments against the fault that
 * ended the job (the profile format: "the values substituted into Message,
 * in order, are the Error's MessageArguments"). */
#include "check_util.h"

static const char *const names[] = {"volume", "offset", "errno", "job"};

/* Template "I/O error {errno} on {volume} at {offset}." with the fault's
 * volume D: and offset 4096 (errno not known: not compared). */
#define TMPL "I/O error {errno} on {volume} at {offset}."

Test(oracle, message_from_the_fault_passes)
{
	srh_checker *c = new_checker();
	char *args[] = {"EIO", "D:", "4096"};
	const char *values[] = {"D:", "4096", NULL, IID};
	cim_error e = io_error();

	e.message = "I/O error EIO on D: at 4096.";
	e.message_arguments = args;
	e.n_message_arguments = 3;
	cr_assert_eq(srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4), 0);
	expect_clean(c);
	/* "{{" is a literal brace, not a placeholder. */
	e.message = "{x} D:";
	e.message_arguments = args + 1;
	e.n_message_arguments = 1;
	cr_assert_eq(srh_check_message(c, SEC(1), IID, &e, "{{x} {volume}", names, values, 4), 0);
	expect_clean(c);
	srh_checker_free(c);
}

Test(oracle, message_arguments_of_another_fault)
{
	srh_checker *c = new_checker();
	char *args[] = {"EIO", "E:", "4096"};
	const char *values[] = {"D:", "4096", NULL, IID};
	cim_error e = io_error();

	e.message = "I/O error EIO on E: at 4096.";
	e.message_arguments = args;
	e.n_message_arguments = 3;
	srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4);
	expect_only(c, SRH_R_MESSAGE_ARGS);
	expect_prop(c, SRH_R_MESSAGE_ARGS, "MessageArguments[1]");
	cr_expect_eq(srh_check_count(c), 1);
	srh_checker_free(c);
}

Test(oracle, message_not_built_from_its_arguments)
{
	srh_checker *c = new_checker();
	char *args[] = {"EIO", "D:", "4096"};
	const char *values[] = {"D:", "4096", NULL, IID};
	cim_error e = io_error();

	e.message = "I/O error EIO on D: at 8192.";
	e.message_arguments = args;
	e.n_message_arguments = 3;
	srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4);
	expect_prop(c, SRH_R_MESSAGE_ARGS, "Message");
	cr_expect_eq(srh_check_count(c), 1);
	/* One argument short: the count is the violation. */
	srh_check_clear(c);
	e.n_message_arguments = 2;
	srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4);
	expect_prop(c, SRH_R_MESSAGE_ARGS, "MessageArguments");
	cr_expect_eq(srh_check_count(c), 1);
	cr_expect_eq(srh_check_count_level(c, SRH_SHOULD), 1);
	srh_checker_free(c);
}

Test(oracle, job_error_follows_the_error)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job failed = job_at(10, SEC(5), 40), running = job_at(4, SEC(2), 40);

	failed.error_description = e.message;
	failed.error_code = 5;
	cr_assert_eq(srh_check_job_error(c, SEC(6), IID, &failed, &e), 0);
	running.error_description = NULL;
	running.error_code = 0;
	cr_assert_eq(srh_check_job_error(c, SEC(3), IID, &running, NULL), 0);
	expect_clean(c);

	failed.error_description = "Job failed";
	failed.error_code = 0;
	srh_check_job_error(c, SEC(6), IID, &failed, &e);
	expect_prop(c, SRH_R_JOB_ERROR, "ErrorDescription");
	expect_prop(c, SRH_R_JOB_ERROR, "ErrorCode");
	cr_expect_eq(srh_check_count(c), 2);

	srh_check_clear(c);
	running.error_description = "stale";
	running.error_code = 5;
	srh_check_job_error(c, SEC(3), IID, &running, NULL);
	cr_expect_eq(srh_check_count_rule(c, SRH_R_JOB_ERROR), 2);
	cr_expect_eq(srh_check_count_level(c, SRH_SHOULD), 2);
	srh_checker_free(c);
}

/* contract.md, Removal: gone from E + T on "across provider restarts". */
Test(oracle, removed_job_back_after_restart)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job failed = job_at(10, SEC(10), 40);
	size_t n;

	srh_check_owner(c, IID, "alice");
	srh_check_removal(c, IID, true, SEC(30));
	srh_check_ended(c, IID, SEC(10), "io_error");
	/* Present before the restart at 45 s would be MUST-rc5 ... */
	srh_check_get_error(c, &(srh_obs_get_error){SEC(41), IID, &owner, 0, &e, &failed, false});
	cr_expect_eq(srh_check_count_rule(c, SRH_R_INVALID_PARAMETER), 1);
	cr_expect_eq(srh_check_count_rule(c, SRH_R_REMOVED_GONE), 0);
	/* ... after it, the record came back from the store. */
	srh_check_restart(c, SEC(45));
	srh_check_get_error(c, &(srh_obs_get_error){SEC(46), IID, &owner, 0, &e, NULL, false});
	n = srh_check_count_rule(c, SRH_R_REMOVED_GONE);
	cr_expect_eq(n, 1);
	srh_check_instance(c, &(srh_obs_instance){SEC(47), IID, &admin, 0, &failed, false});
	cr_expect_eq(srh_check_count_rule(c, SRH_R_REMOVED_GONE), n + 1);
	/* Gone as it should be: nothing more. */
	srh_check_get_error(c, &(srh_obs_get_error){SEC(48), IID, &owner, 5, NULL, NULL, false});
	cr_expect_eq(srh_check_count_rule(c, SRH_R_REMOVED_GONE), n + 1);
	srh_checker_free(c);
}

/* A restart before the removal instant is no reason for the new rule. */
Test(oracle, restart_before_removal_is_rc5)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();

	srh_check_owner(c, IID, "alice");
	srh_check_removal(c, IID, true, SEC(30));
	srh_check_ended(c, IID, SEC(10), "io_error");
	srh_check_restart(c, SEC(20));
	srh_check_get_error(c, &(srh_obs_get_error){SEC(41), IID, &owner, 0, &e, NULL, false});
	cr_expect_eq(srh_check_count_rule(c, SRH_R_INVALID_PARAMETER), 1);
	cr_expect_eq(srh_check_count_rule(c, SRH_R_REMOVED_GONE), 0);
	srh_checker_free(c);
}

/* {errno}: the profile leaves its spelling to the provider, a name or a
 * number ("EIO", "5", "errno 5"): any alternative given passes. */
Test(oracle, errno_by_name_or_number)
{
	srh_checker *c = new_checker();
	char *args[] = {"errno 5", "D:", "4096"};
	const char *values[] = {"D:", "4096", "EIO\n5\nerrno 5", IID};
	cim_error e = io_error();

	e.message = "I/O error errno 5 on D: at 4096.";
	e.message_arguments = args;
	e.n_message_arguments = 3;
	srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4);
	expect_clean(c);
	args[0] = "none";
	e.message = "I/O error none on D: at 4096.";
	srh_check_message(c, SEC(1), IID, &e, TMPL, names, values, 4);
	expect_prop(c, SRH_R_MESSAGE_ARGS, "MessageArguments[0]");
	cr_expect_eq(srh_check_count(c), 1);
	srh_checker_free(c);
}
