/* The rule table and the one-line violation format. */
#include "check_util.h"

Test(rules, table_is_complete_and_unique)
{
	cr_assert_eq(sizeof(srh_rules) / sizeof(srh_rules[0]), SRH_R_COUNT);
	for (size_t i = 0; i < SRH_R_COUNT; i++) {
		const srh_rule *r = &srh_rules[i];
		const char *prefix = r->level == SRH_MUST ? "MUST-" : "SHOULD-";

		cr_assert_eq(r->rid, (srh_rule_id)i);
		cr_assert_not_null(r->id);
		cr_assert_gt(strlen(r->text), 10, "%s has no text", r->id);
		cr_assert_eq(strncmp(r->id, prefix, strlen(prefix)), 0,
			     "%s: level and id prefix disagree", r->id);
		cr_assert_eq(srh_rule_find(r->id), r);
		cr_assert_eq(srh_rule_get((srh_rule_id)i), r);
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(r->id, srh_rules[k].id);
	}
	cr_assert_null(srh_rule_get(SRH_R_COUNT));
	cr_assert_null(srh_rule_find("MUST-99 nothing"));
	cr_assert_null(srh_rule_find(NULL));
}

/* Every numbered invariant of contract.md (1..10) has a rule. */
Test(rules, every_invariant_has_a_rule)
{
	for (int n = 1; n <= 10; n++) {
		char id[20]; /* "MUST-" and any int: gcc -O1 cannot see n <= 10 */

		snprintf(id, sizeof(id), "MUST-%d", n);
		cr_assert_not_null(srh_rule_find(id), "no rule for invariant %d", n);
	}
	cr_assert_eq(srh_rule_find("MUST-4")->rid, SRH_R_ERROR_IFF_ENDED);
	cr_assert_str_eq(srh_level_name(SRH_SHOULD), "SHOULD");
	cr_assert_str_eq(srh_level_name(SRH_MUST), "MUST");
}

Test(format, must4_line)
{
	srh_checker *c = new_checker();
	cim_job j = job_at(10, SEC(12), 40);
	char line[512];
	int n;

	ge(c, SEC(12), &owner, 0, NULL, &j);
	cr_assert_eq(srh_check_count(c), 1);
	n = srh_violation_format(srh_check_violation(c, 0), line, sizeof(line));
	cr_assert_str_eq(line, "MUST-4 error-iff-ended-in-error at t=12.000000000s job SRSIM:1: "
			       "expected Error present (JobState 10 Exception), observed NULL");
	cr_assert_eq(n, (int)strlen(line));
	/* Truncation behaves like snprintf. */
	cr_assert_eq(srh_violation_format(srh_check_violation(c, 0), line, 10), n);
	cr_assert_eq(strlen(line), 9);
	cr_assert_eq(srh_violation_format(NULL, line, sizeof(line)), -1);
	srh_checker_free(c);
}

Test(format, property_and_fraction)
{
	srh_checker *c = new_checker();
	cim_error e = io_error();
	const srh_violation *v;
	char line[512];

	e.error_type = 4;
	cim_error want = io_error();
	cr_assert_eq(srh_check_profile(c, SEC(3) + 500, IID, &e, &want), 0);
	cr_assert_eq(srh_check_count(c), 1);
	v = srh_check_violation(c, 0);
	cr_assert_eq(v->level, SRH_SHOULD);
	cr_assert_str_eq(v->property, "ErrorType");
	cr_assert_eq(v->time_ns, SEC(3) + 500);
	cr_assert_str_eq(v->instance_id, IID);
	srh_violation_format(v, line, sizeof(line));
	cr_assert_str_eq(line, "SHOULD-profile property-mismatch at t=3.000000500s job SRSIM:1: "
			       "ErrorType: expected 5 Hardware Error, observed 4 Software Error");
	cr_assert_null(srh_check_violation(c, 1));
	srh_check_clear(c);
	cr_assert_eq(srh_check_count(c), 0);
	srh_checker_free(c);
}

Test(checker, null_checker_is_refused)
{
	srh_obs_get_error o = {0};

	cr_assert_eq(srh_check_get_error(NULL, &o), -1);
	cr_assert_eq(srh_check_restart(NULL, 0), -1);
	cr_assert_eq(srh_check_owner(NULL, IID, "a"), -1);
	cr_assert_eq(srh_check_count(NULL), 0);
	cr_assert_null(srh_check_violation(NULL, 0));
	srh_checker_free(NULL);
}
