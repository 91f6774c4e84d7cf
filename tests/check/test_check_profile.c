/* The SHOULD profile check against a template from contract.md's
 * reference profile. */
#include "check_util.h"

/* contract.md, "data volume read/write I/O error (EIO)": 5 Hardware Error,
 * 6 Critical, 24 I/O Device Error, 1 CIM_ERR_FAILED; OwningEntity SRSIM,
 * MessageID SR<4 digits>, ErrorSource = the job's path with format 2, at
 * least one RecommendedActions entry. */
static cim_error io_template(void)
{
	cim_error x = {
	    .error_type = 5,
	    .perceived_severity = 6,
	    .probable_cause = 24,
	    .cim_status_code = 1,
	    .cim_status_code_description = "CIM_ERR_FAILED",
	    .owning_entity = "SRSIM",
	    .message_id = "SR[0-9][0-9][0-9][0-9]",
	    .error_source = "*InstanceID=\"SRSIM:1\"",
	    .error_source_format = 2,
	    .n_recommended_actions = 1,
	};
	return x;
}

Test(profile, matching_error_passes)
{
	srh_checker *c = new_checker();
	cim_error e = io_error(), x = io_template();

	cr_assert_eq(srh_check_profile(c, SEC(1), IID, &e, &x), 0);
	expect_clean(c);
	cr_assert_eq(srh_check_profile(c, SEC(1), IID, &e, NULL), 0);
	expect_clean(c);
	srh_checker_free(c);
}

Test(profile, each_difference_is_its_own_violation)
{
	srh_checker *c = new_checker();
	cim_error e = io_error(), x = io_template();

	e.error_type = 4;      /* Software Error */
	e.probable_cause = 47; /* Software Error */
	e.message_id = "SR12"; /* not SR<4 digits> */
	e.owning_entity = "ACME";
	e.n_recommended_actions = 0;
	e.error_source = "SRSIM:1"; /* not an object path */
	srh_check_profile(c, SEC(1), IID, &e, &x);
	cr_assert_eq(srh_check_count(c), 6);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_PROFILE), 6);
	cr_assert_eq(srh_check_count_level(c, SRH_SHOULD), 6);
	expect_prop(c, SRH_R_PROFILE, "ErrorType");
	expect_prop(c, SRH_R_PROFILE, "ProbableCause");
	expect_prop(c, SRH_R_PROFILE, "MessageID");
	expect_prop(c, SRH_R_PROFILE, "OwningEntity");
	expect_prop(c, SRH_R_PROFILE, "RecommendedActions");
	expect_prop(c, SRH_R_PROFILE, "ErrorSource");
	srh_checker_free(c);
}

/* contract.md, "terminated by a client": 1 Other with OtherErrorType
 * "Terminated by client", 2 Information, 1 Other with a
 * ProbableCauseDescription. */
Test(profile, client_terminate_template)
{
	srh_checker *c = new_checker();
	cim_error x = io_template(), e = io_error();

	x.error_type = 1, x.other_error_type = "Terminated by client";
	x.perceived_severity = 2, x.probable_cause = 1, x.probable_cause_description = "?*";
	e.error_type = 1, e.other_error_type = "Terminated by client";
	e.perceived_severity = 2, e.probable_cause = 1;
	e.probable_cause_description = "RequestStateChange(Terminate) by alice";
	srh_check_profile(c, SEC(1), IID, &e, &x);
	expect_clean(c);
	e.other_error_type = "Killed by client";
	e.probable_cause_description = NULL;
	srh_check_profile(c, SEC(1), IID, &e, &x);
	expect_prop(c, SRH_R_PROFILE, "OtherErrorType");
	expect_prop(c, SRH_R_PROFILE, "ProbableCauseDescription");
	cr_assert_eq(srh_check_count(c), 2);
	srh_checker_free(c);
}

Test(profile, missing_error)
{
	srh_checker *c = new_checker();
	cim_error x = io_template();

	srh_check_profile(c, SEC(1), IID, NULL, &x);
	expect_only(c, SRH_R_PROFILE);
	expect_prop(c, SRH_R_PROFILE, "Error");
	srh_checker_free(c);
}
