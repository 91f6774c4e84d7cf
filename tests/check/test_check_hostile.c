/* Hostile input: the checker reports violations and never crashes or reads
 * past what it was given (run under valgrind/ASan to see the latter). */
#include <stdlib.h>

#include "check_util.h"

static cim_job ended(void)
{
	return job_at(10, SEC(2), 40);
}

Test(hostile, absurd_counts_with_null_arrays)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();

	e.message_arguments = NULL;
	e.n_message_arguments = 1000000000u;
	e.recommended_actions = NULL;
	e.n_recommended_actions = SIZE_MAX;
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "MessageArguments");
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "RecommendedActions");
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_WELLFORMED), 2);
	/* The same hostile Error again is not a stability violation. */
	ge(c, SEC(3), &owner, 0, &e, &j);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_ERROR_STABLE), 0);
	srh_checker_free(c);
}

Test(hostile, absurd_count_with_short_array_is_not_read)
{
	srh_checker *c = new_checker();
	char **one = malloc(sizeof(*one)); /* exactly one element */
	cim_error e = io_error();
	cim_job j = ended();

	cr_assert_not_null(one);
	one[0] = "D:";
	e.message_arguments = one;
	e.n_message_arguments = 1000000000u;
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "MessageArguments");
	free(one);
	srh_checker_free(c);
}

Test(hostile, null_array_with_small_count)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();

	e.message_arguments = NULL;
	e.n_message_arguments = 3;
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_only(c, SRH_R_ERROR_WELLFORMED);
	srh_checker_free(c);
}

Test(hostile, all_null_strings)
{
	srh_checker *c = new_checker();
	cim_error e = {0};
	cim_job j = {0};
	srh_obs_get_error o = {
	    .time_ns = 1, .instance_id = NULL, .who = NULL, .rc = 0, .error = &e, .job = &j};

	cr_assert_eq(srh_check_get_error(c, &o), 0);
	/* MessageID missing, CIMStatusCode 0; JobState 0; InstanceID missing. */
	cr_assert_gt(srh_check_count_rule(c, SRH_R_ERROR_PROPS), 0);
	cr_assert_gt(srh_check_count_rule(c, SRH_R_JOB_INSTANCE), 0);
	for (size_t i = 0; i < srh_check_count(c); i++) {
		char line[1024];

		cr_assert_gt(srh_violation_format(srh_check_violation(c, i), line, sizeof(line)),
			     0);
	}
	srh_checker_free(c);
}

Test(hostile, non_utf8_and_control_bytes)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();
	const srh_violation *v = NULL;
	char line[1024];

	e.message = "bad \xC3\x28 byte";
	e.owning_entity = "\xED\xA0\x80"; /* an encoded UTF-16 surrogate */
	e.other_error_type = "\xC0\xAF";  /* overlong '/' */
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "Message");
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "OwningEntity");
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "OtherErrorType");
	for (size_t i = 0; i < srh_check_count(c); i++) {
		const char *prop = srh_check_violation(c, i)->property;

		if (prop && strcmp(prop, "Message") == 0)
			v = srh_check_violation(c, i);
	}
	cr_assert_not_null(v);
	srh_violation_format(v, line, sizeof(line));
	cr_assert(strstr(line, "\\xC3(") != NULL, "escaped in %s", line);
	srh_checker_free(c);
}

Test(hostile, valid_utf8_passes)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();

	e.message = "Volume \xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x92\xBE"; /* é € 💾 */
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_clean(c);
	srh_checker_free(c);
}

Test(hostile, huge_string_and_bounded_line)
{
	size_t n = 1u << 20;
	char *huge = malloc(n + 1);
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();
	char line[4096];

	cr_assert_not_null(huge);
	memset(huge, 'A', n);
	huge[n] = '\0';
	e.message = huge;
	e.message_id = huge;
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "Message");
	for (size_t i = 0; i < srh_check_count(c); i++) {
		int w = srh_violation_format(srh_check_violation(c, i), line, sizeof(line));

		cr_assert_lt(w, 2048, "violation text must stay short");
	}
	/* A huge InstanceID is a key like any other. */
	srh_obs_get_error o = {.time_ns = 3, .instance_id = huge, .who = &owner, .rc = 7};
	srh_check_get_error(c, &o);
	cr_assert_eq(srh_check_count_rule(c, SRH_R_RC_RANGE), 1);
	free(huge);
	srh_checker_free(c);
}

Test(hostile, values_outside_every_valuemap)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_job j = ended();

	e.error_type = e.perceived_severity = e.probable_cause = e.error_source_format = 65535;
	e.cim_status_code = UINT32_MAX;
	j.job_state = 65534 - 32767; /* 32767: DMTF reserved */
	j.n_op_status = SIZE_MAX;
	for (size_t i = 0; i < CIM_OPSTATUS_MAX; i++)
		j.op_status[i] = 30000;
	j.percent_complete = 65535;
	ge(c, SEC(2), &owner, 0, &e, &j);
	expect_prop(c, SRH_R_ERROR_PROPS, "ErrorType");
	expect_prop(c, SRH_R_ERROR_PROPS, "PerceivedSeverity");
	expect_prop(c, SRH_R_ERROR_PROPS, "ProbableCause");
	expect_prop(c, SRH_R_ERROR_PROPS, "CIMStatusCode");
	expect_prop(c, SRH_R_ERROR_PROPS, "ErrorSourceFormat");
	expect_prop(c, SRH_R_JOB_INSTANCE, "JobState");
	expect_prop(c, SRH_R_JOB_INSTANCE, "OperationalStatus");
	expect_prop(c, SRH_R_JOB_INSTANCE, "PercentComplete");
	srh_checker_free(c);
}

Test(hostile, absurd_result_sets)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	cim_error *one[] = {&e};
	srh_obs_get_errors o = {.time_ns = 2,
				.instance_id = IID,
				.who = &owner,
				.rc = 0,
				.errors = NULL,
				.n_errors = 1000000000u};

	srh_check_get_errors(c, &o);
	expect_prop(c, SRH_R_ERROR_WELLFORMED, "Errors");
	srh_check_clear(c);
	o.errors = one, o.n_errors = SIZE_MAX;
	srh_check_get_errors(c, &o);
	expect_only(c, SRH_R_ERROR_WELLFORMED);
	srh_check_clear(c);
	srh_check_enumerate(c, 2, &admin, 0, NULL, 1000000000u);
	expect_only(c, SRH_R_JOB_INSTANCE);
	srh_checker_free(c);
}

Test(hostile, null_observation_fields)
{
	srh_checker *c = new_checker();
	srh_obs_rsc r = {0};
	srh_obs_instance i = {0};
	srh_obs_get_errors g = {0};

	cr_assert_eq(srh_check_get_error(c, NULL), -1);
	cr_assert_eq(srh_check_rsc(c, &r), 0);
	cr_assert_eq(srh_check_instance(c, &i), 0);
	cr_assert_eq(srh_check_get_errors(c, &g), 0);
	cr_assert_eq(srh_check_profile(c, 0, NULL, NULL, NULL), 0);
	cr_assert_eq(srh_check_removed(c, 0, NULL), -1);
	srh_checker_free(c);
}

Test(hostile, instance_id_is_escaped_in_the_line)
{
	srh_checker *c = srh_checker_new();
	srh_obs_get_error o = {.time_ns = 1, .instance_id = "SRSIM:\xFF\n1", .rc = 7};
	char line[512];

	cr_assert_not_null(c);
	srh_check_get_error(c, &o);
	cr_assert_eq(srh_check_count(c), 1);
	srh_violation_format(srh_check_violation(c, 0), line, sizeof(line));
	cr_assert(strstr(line, "job SRSIM:\\xFF\\x0A1:") != NULL, "%s", line);
	cr_assert_null(strchr(line, '\n'));
	srh_checker_free(c);
}
