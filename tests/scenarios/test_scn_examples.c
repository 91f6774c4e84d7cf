/*
 * test_scn_examples.c - the example scenarios parse to the structs their
 * text describes. Expected numbers are the ValueMap values of
 * shared/spec/cim-valuemaps.md and the units of scenarios/FORMAT.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "scn.h"
#include "test_scn_names.h"

#define EX(f) SCN_EXAMPLES_DIR "/" f
#define GIB (1024ull * 1024 * 1024)
#define SEC 1000000000ull

static scn_scenario *load(const char *path)
{
	char err[SCN_ERRLEN];
	scn_scenario *s = NULL;

	int rc = scn_parse_file(path, &t_names, &s, err, sizeof(err));
	cr_assert_eq(rc, 0, "%s did not parse: %s", path, err);
	cr_assert_not_null(s);
	return s;
}

/* The expectation of prop at level in a list, or NULL. */
static const scn_expect *find(const scn_expect *e, size_t n, scn_prop prop, scn_level level)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].prop == prop && e[i].level == level)
			return &e[i];
	return NULL;
}

static const scn_expect *must(const scn_action *a, scn_prop p)
{
	const scn_expect *e = find(a->expects, a->n_expects, p, SCN_MUST);
	cr_assert_not_null(e, "no MUST %s at line %d", scn_prop_key(p), a->line);
	return e;
}

static const scn_expect *should(const scn_action *a, scn_prop p)
{
	const scn_expect *e = find(a->expects, a->n_expects, p, SCN_SHOULD);
	cr_assert_not_null(e, "no SHOULD %s at line %d", scn_prop_key(p), a->line);
	return e;
}

Test(scn_examples, io_error_header_and_topology)
{
	scn_scenario *s = load(EX("initial_sync_io_error_mid.yaml"));

	cr_expect_str_eq(s->file, EX("initial_sync_io_error_mid.yaml"));
	cr_expect_str_eq(s->name, "initial_sync.io_error.mid");
	cr_assert_not_null(s->description);
	cr_expect_eq(strncmp(s->description, "sim/disk/write fails with EIO", 29), 0);
	cr_assert_eq(s->n_tags, 4);
	cr_expect_str_eq(s->tags[0], "initial_sync");
	cr_expect_str_eq(s->tags[3], "example");
	cr_expect_eq(s->seed, 7);

	cr_expect_eq(s->topology.line, 12);
	cr_expect_str_eq(s->topology.source.node, "SR-SRV01");
	cr_expect_str_eq(s->topology.source.group, "RG01");
	cr_expect_eq(s->topology.source.data_size, 100 * GIB);
	cr_expect_eq(s->topology.source.log_size, 8 * GIB);
	cr_expect_str_eq(s->topology.destination.node, "SR-SRV02");
	cr_expect_str_eq(s->topology.destination.group, "RG02");
	/* Not given: the partner volume has the source's size. */
	cr_expect_eq(s->topology.destination.data_size, 100 * GIB);
	cr_expect_eq(s->topology.destination.log_size, 8 * GIB);
	cr_expect_eq(s->topology.bandwidth_bps, 1000000000ull);
	cr_expect_eq(s->topology.latency_ns, 1000000ull);
	cr_expect_eq(s->topology.mode, SCN_MODE_SYNCHRONOUS);
	scn_free(s);
}

Test(scn_examples, io_error_job_and_fault)
{
	scn_scenario *s = load(EX("initial_sync_io_error_mid.yaml"));

	cr_expect_eq(s->job.line, 26);
	cr_expect_str_eq(s->job.kind, "initial_sync");
	cr_expect_str_eq(s->job.owner, "alice");
	cr_expect_eq(s->job.time_limit_ns, 2 * 3600 * SEC);
	cr_expect_eq(s->job.time_before_removal_ns, 5 * 60 * SEC);
	cr_expect(s->job.delete_on_completion);
	cr_expect_eq(s->job.heartbeat_deadline_ns, 0);
	cr_expect_not(s->job.hold);

	cr_assert_eq(s->n_faults, 1);
	cr_expect_str_eq(s->faults[0].point, "sim/disk/write");
	cr_expect_eq(s->faults[0].trigger, SCN_TRIG_AT_PERCENT);
	cr_expect_eq(s->faults[0].percent, 50);
	cr_expect(s->faults[0].has_failinfo);
	cr_expect_eq(s->faults[0].failinfo, EIO);
	cr_expect_not(s->faults[0].has_duration);
	cr_expect_eq(s->faults[0].count, SCN_COUNT_FOREVER);
	cr_expect_not(s->faults[0].recover);
	cr_expect_eq(s->faults[0].line, 34);
	cr_expect_eq(s->n_prov_faults, 0);
	cr_expect_null(s->provider_options);
	scn_free(s);
}

Test(scn_examples, io_error_actions)
{
	scn_scenario *s = load(EX("initial_sync_io_error_mid.yaml"));
	const scn_action *a = s->actions;
	const scn_expect *e;

	cr_assert_eq(s->n_actions, 7);
	cr_expect_eq(a[0].line, 39);
	cr_expect_eq(a[0].when.kind, SCN_WHEN_AT_PERCENT);
	cr_expect_eq(a[0].when.percent, 25);
	cr_expect_eq(a[0].kind, SCN_ACT_CALL);
	cr_expect_eq(a[0].call, SCN_CALL_GET_ERROR);
	cr_expect_str_eq(a[0].principal, "alice");
	cr_expect_not(a[0].admin);
	cr_expect_eq(a[0].n_expects, 4);
	cr_expect_eq(must(&a[0], SCN_P_RC)->num, 0);
	cr_expect_eq(must(&a[0], SCN_P_RC)->line, 42);
	cr_expect_eq(must(&a[0], SCN_P_ERROR)->match, SCN_M_NULL);
	e = must(&a[0], SCN_P_JOB_STATE);
	cr_expect_eq(e->num, 4); /* Running */
	cr_expect_eq(e->line, 44);
	e = must(&a[0], SCN_P_OP_STATUS);
	cr_assert_eq(e->n_nums, 1);
	cr_expect_eq(e->nums[0], 2); /* OK */

	cr_expect_eq(a[1].when.kind, SCN_WHEN_AT_END);
	cr_expect_eq(a[1].n_expects, 14);
	cr_expect_eq(a[1].expects[0].level, SCN_MUST); /* MUST first */
	cr_expect_eq(a[1].expects[13].level, SCN_SHOULD);
	cr_expect_eq(must(&a[1], SCN_P_ERROR)->match, SCN_M_PRESENT);
	cr_expect_eq(must(&a[1], SCN_P_JOB_STATE)->num, 10); /* Exception */
	e = must(&a[1], SCN_P_OP_STATUS_LACKS);
	cr_assert_eq(e->n_nums, 1);
	cr_expect_eq(e->nums[0], 2);
	cr_expect_eq(must(&a[1], SCN_P_E_MESSAGE_ID)->match, SCN_M_PRESENT);
	e = should(&a[1], SCN_P_OP_STATUS);
	cr_assert_eq(e->n_nums, 2);
	cr_expect_eq(e->nums[0], 6);					  /* Error */
	cr_expect_eq(e->nums[1], 17);					  /* Completed */
	cr_expect_eq(should(&a[1], SCN_P_E_ERROR_TYPE)->num, 5);	  /* Hardware Error */
	cr_expect_eq(should(&a[1], SCN_P_E_PERCEIVED_SEVERITY)->num, 6);  /* Critical */
	cr_expect_eq(should(&a[1], SCN_P_E_PROBABLE_CAUSE)->num, 24);	  /* I/O Device Error */
	cr_expect_eq(should(&a[1], SCN_P_E_CIM_STATUS_CODE)->num, 1);	  /* CIM_ERR_FAILED */
	cr_expect_eq(should(&a[1], SCN_P_E_ERROR_SOURCE_FORMAT)->num, 2); /* CIMObjectPath */
	e = should(&a[1], SCN_P_E_OWNING_ENTITY);
	cr_expect_eq(e->match, SCN_M_EQ);
	cr_expect_str_eq(e->str, "SRSIM");
	e = should(&a[1], SCN_P_E_MESSAGE_ID);
	cr_expect_eq(e->match, SCN_M_GLOB);
	cr_expect_str_eq(e->str, "SR[0-9][0-9][0-9][0-9]");
	cr_expect_eq(should(&a[1], SCN_P_E_RECOMMENDED_ACTIONS)->match, SCN_M_PRESENT);

	cr_expect_eq(a[2].when.kind, SCN_WHEN_NEXT);
	cr_expect_str_eq(a[2].principal, "mallory");
	cr_expect_eq(must(&a[2], SCN_P_RC)->num, 6); /* Access Denied */
	cr_expect_str_eq(a[3].principal, "root");
	cr_expect(a[3].admin);
	cr_expect_eq(a[4].kind, SCN_ACT_RESTART);
	cr_expect_null(a[4].principal);
	cr_expect_eq(a[4].n_expects, 0);
	cr_expect_eq(should(&a[5], SCN_P_E_PROBABLE_CAUSE)->num, 24);
	cr_expect_eq(a[6].when.kind, SCN_WHEN_AFTER_END);
	cr_expect_eq(a[6].when.time_ns, 6 * 60 * SEC);
	cr_expect_eq(must(&a[6], SCN_P_RC)->num, 5); /* Invalid Parameter */

	cr_expect_eq(s->final_line, 94);
	cr_assert_eq(s->n_final, 2);
	cr_expect_eq(s->final[0].prop, SCN_P_RC);
	cr_expect_eq(s->final[0].num, 5);
	cr_expect_eq(s->final[0].line, 96);
	cr_expect_eq(s->final[1].prop, SCN_P_ERROR);
	cr_expect_eq(s->final[1].match, SCN_M_NULL);
	scn_free(s);
}

Test(scn_examples, resync_terminate)
{
	scn_scenario *s = load(EX("resync_terminate_copy.yaml"));
	const scn_action *a = s->actions;
	const scn_expect *e;

	cr_expect_eq(s->seed, 1); /* default */
	cr_expect_eq(s->topology.source.data_size, 1000000000000ull);
	cr_expect_eq(s->topology.source.log_size, 64 * GIB);
	cr_expect_eq(s->topology.destination.data_size, 1000000000000ull);
	cr_expect_eq(s->topology.destination.log_size, 8 * GIB);
	cr_expect_str_eq(s->topology.source.node, "SR-SRV01");
	cr_expect_eq(s->topology.bandwidth_bps, 10000000000ull);
	cr_expect_eq(s->topology.latency_ns, 500000ull);
	cr_expect_eq(s->topology.mode, SCN_MODE_ASYNCHRONOUS);
	cr_expect_str_eq(s->job.kind, "resync");
	cr_expect_eq(s->job.dirty_size, 200 * GIB);
	cr_expect_eq(s->job.heartbeat_deadline_ns, 30 * SEC);

	cr_expect_str_eq(s->provider_options, "deadline_ms=2000;cache=0");
	cr_assert_eq(s->n_prov_faults, 1);
	cr_expect_str_eq(s->prov_faults[0].point, "prov/store/read");
	cr_expect_eq(s->prov_faults[0].trigger, SCN_PTRIG_AT_ACTION);
	cr_expect_eq(s->prov_faults[0].action, 5);
	cr_expect_eq(s->prov_faults[0].failinfo, 5);

	cr_assert_eq(s->n_actions, 7);
	cr_expect_eq(a[0].when.kind, SCN_WHEN_AT_PHASE);
	cr_expect_str_eq(a[0].when.phase, "copy");
	cr_expect_eq(a[0].call, SCN_CALL_REQUEST_STATE_CHANGE);
	cr_expect_eq(a[0].requested_state, 3); /* Suspend */
	cr_expect_eq(must(&a[0], SCN_P_RC)->num, 0);
	cr_expect_eq(must(&a[0], SCN_P_JOB_STATE)->num, 5); /* Suspended */
	cr_expect_eq(a[1].kind, SCN_ACT_ADVANCE);
	cr_expect_eq(a[1].advance_ns, 10 * SEC);
	cr_expect_eq(must(&a[1], SCN_P_JOB_STATE)->num, 5);
	cr_expect_eq(a[2].requested_state, 2); /* Start */
	cr_expect_eq(a[2].timeout_period_ns, 0);
	cr_expect_eq(a[3].requested_state, 4); /* Terminate */
	cr_expect_eq(a[4].when.kind, SCN_WHEN_AT_STATE);
	cr_expect_eq(a[4].when.state, 8); /* Terminated */
	e = should(&a[4], SCN_P_OP_STATUS);
	cr_assert_eq(e->n_nums, 1);
	cr_expect_eq(e->nums[0], 10);					 /* Stopped */
	cr_expect_eq(should(&a[4], SCN_P_E_ERROR_TYPE)->num, 1);	 /* Other */
	cr_expect_eq(should(&a[4], SCN_P_E_PERCEIVED_SEVERITY)->num, 2); /* Information */
	cr_expect_eq(should(&a[4], SCN_P_E_PROBABLE_CAUSE)->num, 1);	 /* Other */
	cr_expect_str_eq(should(&a[4], SCN_P_E_OTHER_ERROR_TYPE)->str, "Terminated by client");
	e = should(&a[4], SCN_P_E_PROBABLE_CAUSE_DESCRIPTION);
	cr_expect_eq(e->match, SCN_M_GLOB);
	cr_expect_str_eq(e->str, "*Terminate*");
	cr_expect_str_eq(a[5].id, "store-down");
	cr_expect_eq(must(&a[5], SCN_P_RC)->num, 4);	/* Failed */
	cr_expect_eq(must(&a[6], SCN_P_RC)->num, 4097); /* Invalid State Transition */
	cr_expect_eq(must(&a[6], SCN_P_JOB_STATE)->num, 8);
	cr_assert_eq(s->n_final, 2);
	scn_free(s);
}

Test(scn_examples, test_topology_defaults)
{
	scn_scenario *s = load(EX("test_topology_transient.yaml"));
	const scn_action *a = s->actions;
	const scn_expect *e;

	cr_expect_null(s->description);
	cr_expect_eq(s->seed, 1);
	cr_expect_eq(s->topology.line, 0);
	cr_expect_str_eq(s->topology.source.node, "SR-SRV01");
	cr_expect_str_eq(s->topology.source.group, "RG01");
	cr_expect_str_eq(s->topology.destination.node, "SR-SRV02");
	cr_expect_str_eq(s->topology.destination.group, "RG02");
	cr_expect_eq(s->topology.source.data_size, 1 * GIB);
	cr_expect_eq(s->topology.destination.log_size, 8 * GIB);
	cr_expect_eq(s->topology.bandwidth_bps, 1000000000ull);
	cr_expect_eq(s->topology.latency_ns, 1000000ull);
	cr_expect_eq(s->topology.mode, SCN_MODE_SYNCHRONOUS);
	cr_expect_str_eq(s->job.owner, "alice");
	cr_expect_eq(s->job.time_limit_ns, 0);
	cr_expect_eq(s->job.time_before_removal_ns, 300 * SEC);
	cr_expect(s->job.delete_on_completion);
	cr_expect_eq(s->job.test_size, 256ull * 1024 * 1024);

	cr_assert_eq(s->n_faults, 2);
	cr_expect_eq(s->faults[0].trigger, SCN_TRIG_AT_TIME);
	cr_expect_eq(s->faults[0].at_ns, 2000000ull);
	cr_expect(s->faults[0].has_duration);
	cr_expect_eq(s->faults[0].duration_ns, 1 * SEC);
	cr_expect(s->faults[0].recover);
	cr_expect_eq(s->faults[0].count, 1);
	cr_expect_eq(s->faults[1].trigger, SCN_TRIG_PROBABILITY);
	cr_expect_float_eq(s->faults[1].probability, 0.05, 1e-12);
	cr_expect_eq(s->faults[1].count, 2);
	cr_expect(s->faults[1].recover);

	cr_assert_eq(s->n_actions, 3);
	cr_expect_eq(a[0].when.state, 4); /* Running */
	cr_expect_eq(a[0].call, SCN_CALL_GET_ERRORS);
	cr_expect_eq(must(&a[0], SCN_P_ERRORS)->num, 0);
	cr_expect_eq(must(&a[0], SCN_P_PERCENT)->num, 0);
	cr_expect_eq(a[1].call, SCN_CALL_ENUMERATE_INSTANCES);
	cr_expect_eq(a[2].call, SCN_CALL_GET_INSTANCE);
	cr_expect(a[2].has_instance_id);
	cr_expect_str_eq(a[2].instance_id, "SRSIM:no-such-job");

	cr_assert_eq(s->n_final, 7);
	cr_expect_eq(find(s->final, s->n_final, SCN_P_JOB_STATE, SCN_MUST)->num, 7);
	cr_expect_eq(find(s->final, s->n_final, SCN_P_PERCENT, SCN_MUST)->num, 100);
	cr_expect_eq(find(s->final, s->n_final, SCN_P_ERROR_CODE, SCN_MUST)->num, 0);
	e = find(s->final, s->n_final, SCN_P_OP_STATUS_HAS, SCN_MUST);
	cr_assert_not_null(e);
	cr_assert_eq(e->n_nums, 2);
	cr_expect_eq(e->nums[0], 2);
	cr_expect_eq(e->nums[1], 17);
	cr_expect_not_null(find(s->final, s->n_final, SCN_P_OP_STATUS, SCN_SHOULD));
	scn_free(s);
}

/* Without name tables any well-formed name passes; with them it must be
 * listed. */
Test(scn_examples, names_are_checked_only_when_given)
{
	static const char *const few[] = {"sim/disk/read", NULL};
	scn_names n = t_names;
	char err[SCN_ERRLEN];
	scn_scenario *s = NULL;

	cr_expect_eq(
	    scn_parse_file(EX("initial_sync_io_error_mid.yaml"), NULL, &s, err, sizeof(err)), 0,
	    "%s", err);
	scn_free(s);
	n.sim_points = few;
	s = (scn_scenario *)1;
	cr_expect_eq(scn_parse_file(EX("initial_sync_io_error_mid.yaml"), &n, &s, err, sizeof(err)),
		     -1);
	cr_expect_null(s);
	cr_expect_str_eq(
	    err, EX("initial_sync_io_error_mid.yaml") ":34: unknown "
						      "simulator fault point \"sim/disk/write\"; "
						      "allowed: sim/disk/read");
}

Test(scn_examples, list_dir_sorted_and_filtered)
{
	char err[256];
	char **paths = NULL;
	size_t n = 0;

	cr_assert_eq(scn_list_dir(SCN_EXAMPLES_DIR, &paths, &n, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(n, 3);
	cr_expect_str_eq(paths[0], EX("initial_sync_io_error_mid.yaml"));
	cr_expect_str_eq(paths[1], EX("resync_terminate_copy.yaml"));
	cr_expect_str_eq(paths[2], EX("test_topology_transient.yaml"));
	scn_list_free(paths, n);

	/* A file is its own list. */
	cr_assert_eq(scn_list_dir(EX("resync_terminate_copy.yaml"), &paths, &n, err, sizeof(err)),
		     0);
	cr_assert_eq(n, 1);
	scn_list_free(paths, n);

	cr_expect_eq(scn_list_dir(SCN_EXAMPLES_DIR "/nope", &paths, &n, err, sizeof(err)), -1);
	cr_expect_null(paths);
	cr_expect_eq(n, 0);
	cr_expect_str_eq(err, SCN_EXAMPLES_DIR "/nope: No such file or directory");

	cr_expect(scn_name_matches("initial_sync.io_error.mid", "initial_sync.*"));
	cr_expect(scn_name_matches("initial_sync.io_error.mid", "*.io_error.*"));
	cr_expect_not(scn_name_matches("resync.terminate.copy", "initial_sync.*"));
	cr_expect(scn_name_matches("resync.terminate.copy", NULL));
}

/* The first example of FORMAT.md is a whole scenario and must parse. */
Test(scn_examples, format_md_example_parses)
{
	char err[SCN_ERRLEN], text[16384];
	const char *start, *end;
	scn_scenario *s;
	size_t len;
	FILE *f = fopen(SCN_FORMAT_MD, "rb");

	cr_assert_not_null(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	start = strstr(text, "```yaml\n");
	cr_assert_not_null(start);
	start += 8;
	end = strstr(start, "```");
	cr_assert_not_null(end);
	cr_assert_eq(scn_parse_string("FORMAT.md", start, (size_t)(end - start), &t_names, &s, err,
				      sizeof(err)),
		     0, "%s", err);
	cr_expect_str_eq(s->name, "initial_sync.io_error.mid");
	cr_expect_eq(s->n_actions, 3);
	scn_free(s);
}
