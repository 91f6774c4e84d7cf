/*
 * check_util.h - hand-built observations for the checker's unit tests.
 * Every expected value here is written from shared/spec/contract.md and
 * cim-valuemaps.md (path table, reference profile), not from any code.
 */
#ifndef SRH_TEST_CHECK_UTIL_H
#define SRH_TEST_CHECK_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#define SEC(n) ((uint64_t)(n)*1000000000ull)
#define IID "SRSIM:1"
#define PATH "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"SRSIM:1\""

static const prov_principal owner = {"alice", 0};
static const prov_principal admin = {"root", 1};
static const prov_principal stranger = {"mallory", 0};

/* A job instance on a contract.md path: the reference OperationalStatus
 * set of its JobState (New {15}, running {2}, success {2,17}, failure
 * {6,17}, Terminated {10}, Killed {14}). */
static inline cim_job job_at(uint16_t js, uint64_t tolsc, uint16_t pc)
{
	cim_job j = {
	    .class_name = "SRSIM_ReplicaJob",
	    .instance_id = IID,
	    .name = "initial sync",
	    .job_state = js,
	    .time_submitted = SEC(1),
	    .start_time = SEC(2),
	    .time_of_last_state_change = tolsc,
	    .time_before_removal = SEC(300),
	    .percent_complete = pc,
	    .owner = "alice",
	};
	switch (js) {
	case 2:
		j.op_status[0] = 15, j.n_op_status = 1;
		break;
	case 7:
		j.op_status[0] = 2, j.op_status[1] = 17, j.n_op_status = 2;
		break;
	case 10:
		j.op_status[0] = 6, j.op_status[1] = 17, j.n_op_status = 2;
		break;
	case 8:
		j.op_status[0] = 10, j.n_op_status = 1;
		break;
	case 9:
		j.op_status[0] = 14, j.n_op_status = 1;
		break;
	default:
		j.op_status[0] = 2, j.n_op_status = 1;
		break;
	}
	if (js == 10 || js == 8 || js == 9) {
		j.error_code = 5;
		j.error_description = "I/O error on volume D:";
	}
	return j;
}

static char *io_args[] = {"D:", "4096", "EIO"};
static char *io_actions[] = {"Check the data disk of volume D:"};

/* The reference profile's Error for an io_error fault on job SRSIM:1. */
static inline cim_error io_error(void)
{
	cim_error e = {
	    .error_type = 5,
	    .owning_entity = "SRSIM",
	    .message_id = "SR0001",
	    .message = "I/O error on volume D: at offset 4096 (EIO)",
	    .message_arguments = io_args,
	    .n_message_arguments = 3,
	    .perceived_severity = 6,
	    .probable_cause = 24,
	    .recommended_actions = io_actions,
	    .n_recommended_actions = 1,
	    .error_source = PATH,
	    .error_source_format = 2,
	    .cim_status_code = 1,
	    .cim_status_code_description = "CIM_ERR_FAILED",
	};
	return e;
}

static inline srh_checker *new_checker(void)
{
	srh_checker *c = srh_checker_new();

	cr_assert_not_null(c);
	cr_assert_eq(srh_check_owner(c, IID, "alice"), 0);
	return c;
}

static inline void dump(const srh_checker *c)
{
	char line[1024];

	for (size_t i = 0; i < srh_check_count(c); i++) {
		srh_violation_format(srh_check_violation(c, i), line, sizeof(line));
		fprintf(stderr, "  %s\n", line);
	}
}

/* No violation at all. */
static inline void expect_clean(const srh_checker *c)
{
	if (srh_check_count(c))
		dump(c);
	cr_assert_eq(srh_check_count(c), 0, "expected no violation, got %zu", srh_check_count(c));
}

/* At least one violation of rule r, and none of another rule. */
static inline void expect_only(const srh_checker *c, srh_rule_id r)
{
	size_t n = srh_check_count_rule(c, r);

	if (n == 0 || n != srh_check_count(c))
		dump(c);
	cr_assert_gt(n, 0, "expected %s", srh_rules[r].id);
	cr_assert_eq(n, srh_check_count(c), "only %s expected", srh_rules[r].id);
}

/* Some violation of rule r names property prop. */
static inline void expect_prop(const srh_checker *c, srh_rule_id r, const char *prop)
{
	for (size_t i = 0; i < srh_check_count(c); i++) {
		const srh_violation *v = srh_check_violation(c, i);

		if (v->rule == r && v->property && strcmp(v->property, prop) == 0)
			return;
	}
	dump(c);
	cr_assert_fail("expected %s on property %s", srh_rules[r].id, prop);
}

/* One GetError call by who on IID at t. */
static inline void ge(srh_checker *c, uint64_t t, const prov_principal *who, uint32_t rc,
		      const cim_error *e, const cim_job *j)
{
	srh_obs_get_error o = {
	    .time_ns = t, .instance_id = IID, .who = who, .rc = rc, .error = e, .job = j};

	cr_assert_eq(srh_check_get_error(c, &o), 0);
}

#endif
