/*
 * test_scn_bad.c - every file under tests/scenarios/bad/ is rejected with
 * "file:line: message", the line being where the mistake is and the
 * message naming what is allowed there. ValueMap names and numbers in the
 * expected text are those of shared/spec/cim-valuemaps.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "scn.h"
#include "test_scn_names.h"

#define BAD(f) SCN_BAD_DIR "/" f

/* Parses path and checks the error: exact "path:line: " prefix, then each
 * of the NULL-terminated fragments in order. */
static void check_bad(const char *file, int line, ...)
{
	char path[512], err[SCN_ERRLEN], prefix[600];
	scn_scenario *s = (scn_scenario *)&s; /* must be reset to NULL */
	const char *at, *frag;
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", SCN_BAD_DIR, file);
	cr_assert_eq(scn_parse_file(path, &t_names, &s, err, sizeof(err)), -1, "%s parsed", file);
	cr_assert_null(s);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
	cr_assert_eq(strncmp(err, prefix, strlen(prefix)), 0, "want prefix \"%s\", got \"%s\"",
		     prefix, err);
	at = err + strlen(prefix);
	va_start(ap, line);
	while ((frag = va_arg(ap, const char *))) {
		const char *hit = strstr(at, frag);

		cr_expect_not_null(hit, "\"%s\" lacks \"%s\"", err, frag);
		if (hit)
			at = hit + strlen(frag);
	}
	va_end(ap);
}

Test(scn_bad, unknown_key)
{
	check_bad("unknown_key.yaml", 4,
		  "unknown key \"ownr\" in job; allowed: kind, owner, time_limit, "
		  "time_before_removal, delete_on_completion, heartbeat_deadline, "
		  "hold, dirty_size, test_size",
		  NULL);
}

Test(scn_bad, bad_duration)
{
	check_bad("bad_duration.yaml", 5, "time_limit: bad duration \"5 minutes\"",
		  "ns, us, ms, s, m, h, d", NULL);
}

Test(scn_bad, jobstate_outside_valuemap)
{
	char err[SCN_ERRLEN];
	scn_scenario *s;

	check_bad("jobstate_valuemap.yaml", 14, NULL);
	/* The whole message, to the letter. */
	scn_parse_file(BAD("jobstate_valuemap.yaml"), &t_names, &s, err, sizeof(err));
	cr_expect_str_eq(
	    err,
	    BAD("jobstate_valuemap.yaml") ":14: JobState \"Runing\" is not a "
					  "JobState; allowed: New (2), Starting (3), Running (4), "
					  "Suspended (5), Shutting Down (6), Completed (7), "
					  "Terminated (8), "
					  "Killed (9), Exception (10), Service (11), Query Pending "
					  "(12), "
					  "or a vendor value 32768..65535");
}

Test(scn_bad, reserved_rc_expected)
{
	check_bad("reserved_rc.yaml", 8, "rc 7 is DMTF Reserved", "allowed: ",
		  "Success (0), Not Supported (1), Unspecified Error (2), "
		  "Timeout (3), Failed (4), Invalid Parameter (5), "
		  "Access Denied (6), or a vendor value 32768..65535",
		  NULL);
}

Test(scn_bad, two_triggers)
{
	check_bad("two_triggers.yaml", 7,
		  "fault has two triggers, \"at_percent\" (line 6) and \"nth\"; "
		  "give exactly one of: at, at_phase, at_percent, nth, probability",
		  NULL);
}

Test(scn_bad, unknown_fault_point)
{
	check_bad("unknown_fault_point.yaml", 5,
		  "unknown simulator fault point \"sim/disk/wrte\"; allowed: "
		  "sim/disk/read, sim/disk/write, sim/disk/gone, sim/log/append, "
		  "sim/net/partition, sim/net/reset",
		  NULL);
}

Test(scn_bad, missing_job_kind)
{
	check_bad("missing_job_kind.yaml", 3,
		  "missing required key \"kind\" in job; allowed kinds: "
		  "initial_sync, resync, test_topology, create_partnership, "
		  "switch_direction, remove_group",
		  NULL);
}

Test(scn_bad, yaml_syntax)
{
	check_bad("yaml_syntax.yaml", 4, "YAML syntax error: mapping values are not allowed", NULL);
}

Test(scn_bad, empty_file)
{
	check_bad("empty.yaml", 1, "empty file", "\"name\" and \"job\"", NULL);
}

Test(scn_bad, list_where_mapping_expected)
{
	check_bad("wrong_type.yaml", 5,
		  "topology must be a mapping (keys: source, destination, link, "
		  "mode), not a list",
		  NULL);
}

Test(scn_bad, duplicate_key)
{
	check_bad("duplicate_key.yaml", 5, "duplicate key \"kind\" in job (first at line 3)", NULL);
}

Test(scn_bad, second_document)
{
	check_bad("second_document.yaml", 4, "a second YAML document", NULL);
}

Test(scn_bad, at_action_names_no_action)
{
	check_bad("bad_at_action.yaml", 6,
		  "at_action \"store-dwn\" names no action; action ids: "
		  "store-down, later",
		  NULL);
}

Test(scn_bad, error_property_on_request_state_change)
{
	check_bad("error_prop_on_rsc.yaml", 9,
		  "unknown key \"Error.ErrorType\" in expect of RequestStateChange; "
		  "allowed: rc, JobState, OperationalStatus, "
		  "OperationalStatus.contains, OperationalStatus.lacks, "
		  "PercentComplete, ErrorCode",
		  NULL);
}

Test(scn_bad, probable_cause_reserved)
{
	check_bad("probable_cause_reserved.yaml", 5, "Error.ProbableCause 131 is DMTF Reserved",
		  "allowed: Unknown (0), "
		  "Other (1), Adapter/Card Error (2)",
		  "Unexpected Information (130)", NULL);
}

Test(scn_bad, opstatus_not_a_list)
{
	check_bad("opstatus_not_list.yaml", 5,
		  "OperationalStatus must be a non-empty list (e.g. [OK, Completed]), "
		  "not a scalar",
		  NULL);
}

/* Every fixture in bad/ has a test above, and each fails. */
/* The store fixture is looked for beside the scenario, when it is read. */
Test(scn_bad, store_missing)
{
	check_bad("store_missing.yaml", 5, "store \"store/no_such.sql\": cannot read ",
		  "bad/store/no_such.sql: No such file or directory", NULL);
}

Test(scn_bad, every_fixture_fails)
{
	char err[SCN_ERRLEN];
	char **paths;
	size_t n;

	cr_assert_eq(scn_list_dir(SCN_BAD_DIR, &paths, &n, err, sizeof(err)), 0);
	cr_expect_eq(n, 17);
	for (size_t i = 0; i < n; i++) {
		scn_scenario *s;

		cr_expect_eq(scn_parse_file(paths[i], &t_names, &s, err, sizeof(err)), -1,
			     "%s parsed", paths[i]);
		cr_expect_eq(strncmp(err, paths[i], strlen(paths[i])), 0, "%s", err);
		cr_expect_eq(err[strlen(paths[i])], ':');
	}
	scn_list_free(paths, n);
}
