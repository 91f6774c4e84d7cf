/*
 * The job instance the engine's events build (contract.md invariants 8 and
 * 9, cim-valuemaps.md CIM_Job properties), the options string, and events
 * that make no sense.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "srprov_ref.h"
#include "tpr.h"

#define MS 1000000ull

Test(events, instance_properties_follow_the_events)
{
	tpr t;

	tpr_open(&t, NULL, NULL);
	cr_assert_eq(fh_created(&t.p, "1", "alice", 1, 5ull * 60 * 1000 * MS), 0);
	uint64_t created = t.h.now;
	cim_job *j = tpr_instance(&t, "1");
	cr_expect_str_eq(j->class_name, "SRSIM_ReplicaJob");
	cr_expect_str_eq(j->instance_id, "SRSIM:1");
	cr_expect_str_eq(j->owner, "alice");
	cr_expect_eq(j->time_submitted, created);
	cr_expect_eq(j->start_time, CIM_TIME_NULL, "not started");
	cr_expect_eq(j->time_of_last_state_change, created);
	cr_expect_eq(j->time_before_removal, 5ull * 60 * 1000 * MS, "as the client set it");
	cr_expect(j->delete_on_completion);
	cr_expect_eq(j->percent_complete, 0);
	t.p.ops->free_job(t.p.ctx, j);

	cr_assert_eq(fh_state(&t.p, "1", CIM_JS_RUNNING), 0);
	uint64_t started = t.h.now;
	cr_assert_eq(fh_progress(&t.p, "1", 50), 0);
	cr_assert_eq(fh_progress(&t.p, "1", 30), 0); /* a late, lower report */
	t.h.now += 7 * MS;
	j = tpr_instance(&t, "1");
	cr_expect_eq(j->start_time, started);
	cr_expect_eq(j->time_of_last_state_change, started, "progress is no state change");
	cr_expect_eq(j->percent_complete, 50, "PercentComplete does not fall");
	cr_expect_eq(j->elapsed_time, t.h.now - started);
	cr_expect_eq(j->error_code, 0);
	t.p.ops->free_job(t.p.ctx, j);

	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_COMPLETED, NULL, NULL), 0);
	uint64_t ended = t.h.now;
	t.h.now += 9 * MS;
	j = tpr_instance(&t, "1");
	cr_expect_eq(j->time_of_last_state_change, ended);
	cr_expect_eq(j->elapsed_time, ended - started, "elapsed stops at the end");
	cr_expect_eq(j->error_code, 0, "ErrorCode 0 when completed without error");
	cr_expect_null(j->error_description);
	cr_expect_eq(j->percent_complete, 100);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}

static uint16_t percent_of(tpr *t, const char *job)
{
	cim_job *j = tpr_instance(t, job);
	uint16_t pc = j->percent_complete;
	t->p.ops->free_job(t->p.ctx, j);
	return pc;
}

/* Progress steps are written to the store behind (ref_provider.c): a
 * client reading the row (cache=0) and a restart (close and open on the
 * same file) still see every step, as when each step was written. */
Test(events, progress_written_behind_is_seen_by_store_reads_and_restarts)
{
	char *path = tpr_tmp(NULL);
	tpr t;

	tpr_open(&t, path, "cache=0");
	cr_assert_eq(fh_created(&t.p, "1", "alice", 0, 60000 * MS), 0);
	cr_assert_eq(fh_state(&t.p, "1", CIM_JS_RUNNING), 0);
	cr_assert_eq(fh_progress(&t.p, "1", 40), 0);
	cr_expect_eq(percent_of(&t, "1"), 40, "the row read back has the step");
	cr_assert_eq(fh_progress(&t.p, "1", 60), 0);
	tpr_reopen(&t, path, "cache=0");
	cr_expect_eq(percent_of(&t, "1"), 60, "the close wrote the last step");
	cr_assert_eq(fh_progress(&t.p, "1", 70), 0);
	tpr_reopen(&t, path, NULL);
	cr_expect_eq(percent_of(&t, "1"), 70, "cache=1 reopens the written step");
	tpr_close(&t);
	tpr_rm(path);
}

Test(events, a_failed_job_has_a_nonzero_error_code_and_its_message)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error");
	cim_job *j = tpr_instance(&t, "1");
	cr_expect_eq(j->error_code, 5, "EIO");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_assert_not_null(j->error_description);
	cr_expect_str_eq(j->error_description, e->message);
	tpr_free_error(&t, e);
	t.p.ops->free_job(t.p.ctx, j);
	/* No errno: still non-zero. */
	tpr_failed(&t, "2", "engine_bug");
	j = tpr_instance(&t, "2");
	cr_expect_neq(j->error_code, 0);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}

Test(events, exception_without_a_fault_still_has_an_error)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_EXCEPTION, NULL, NULL), 0);
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e, "a failed job has an Error, whatever the engine said");
	tpr_free_error(&t, e);
	/* The last fatal fault is the cause when the end names none. */
	prov_fault f = fh_fault_of("auth_refused");
	tpr_running(&t, "2");
	cr_assert_eq(fh_fault(&t.p, "2", &f), 0);
	cr_assert_eq(fh_end(&t.p, "2", CIM_JS_EXCEPTION, NULL, NULL), 0);
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "2", &e), 0);
	cr_expect_eq(e->probable_cause, 117);
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(events, senseless_events_are_not_recorded)
{
	tpr t;
	prov_fault unknown = {.fault_class = "meteor"};
	prov_event null_job = {.kind = PROV_EV_STATE};

	tpr_open(&t, NULL, NULL);
	cr_expect_eq(fh_state(&t.p, "9", CIM_JS_RUNNING), -1, "unknown job");
	cr_expect_eq(fh_created(&t.p, "bad id", "alice", 0, 0), -1, "not a LocalID");
	cr_expect_eq(fh_created(&t.p, "1", NULL, 0, 0), -1, "no owner");
	cr_assert_eq(fh_created(&t.p, "1", "alice", 0, 0), 0);
	cr_expect_eq(fh_created(&t.p, "1", "alice", 0, 0), -1, "twice");
	cr_expect_eq(fh_state(&t.p, "1", CIM_JS_COMPLETED), -1, "a final state needs ENDED");
	cr_expect_eq(fh_state(&t.p, "1", 13), -1, "DMTF reserved");
	cr_expect_eq(fh_progress(&t.p, "1", 101), -1);
	cr_expect_eq(fh_fault(&t.p, "1", &unknown), -1);
	cr_expect_eq(fh_end(&t.p, "1", CIM_JS_RUNNING, NULL, NULL), -1);
	cr_expect_eq(t.p.ops->on_event(t.p.ctx, &null_job), -1);
	cr_expect_eq(t.p.ops->on_event(t.p.ctx, NULL), -1);
	cr_assert_eq(fh_end(&t.p, "1", CIM_JS_COMPLETED, NULL, NULL), 0);
	cr_expect_eq(fh_state(&t.p, "1", CIM_JS_RUNNING), -1, "after the end");
	cr_expect_eq(fh_end(&t.p, "1", CIM_JS_KILLED, NULL, NULL), -1, "ends once");
	cim_job *j = tpr_instance(&t, "1");
	cr_expect_eq(j->job_state, CIM_JS_COMPLETED);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}

Test(events, instance_id_op)
{
	tpr t;
	char small[4], buf[64];

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "42");
	cr_expect_eq(t.p.ops->instance_id(t.p.ctx, "42", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "SRSIM:42");
	cr_expect_eq(t.p.ops->instance_id(t.p.ctx, "43", buf, sizeof buf), -1);
	cr_expect_eq(t.p.ops->instance_id(t.p.ctx, "42", small, sizeof small), -1);
	tpr_close(&t);
}

Test(options, org_names_the_instance_ids)
{
	tpr t;
	cim_error *e = NULL;
	char buf[64];

	tpr_open(&t, NULL, "org=ACME;deadline_ms=10;cache=0;caps=geterror,rsc");
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(t.p.ops->instance_id(t.p.ctx, "1", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "ACME:1");
	cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_owner, "SRSIM:1", &e), 5);
	cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_owner, "ACME:1", &e), 0);
	cr_assert_not_null(e);
	cr_expect(strstr(e->error_source, "InstanceID=\"ACME:1\""));
	tpr_free_error(&t, e);
	t.h.latency_ns = 11 * MS;
	cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_owner, "ACME:1", &e), 3, "deadline 10 ms");
	tpr_close(&t);
}

Test(options, unknown_or_bad_options_fail_the_open)
{
	const struct {
		const char *opts, *needle;
	} bad[] = {
	    {"colour=blue", "unknown option 'colour'"},
	    {"deadline_ms=0", "deadline_ms"},
	    {"deadline_ms=-5", "deadline_ms"},
	    {"deadline_ms=12x", "deadline_ms"},
	    {"cache=2", "cache"},
	    {"caps=getall", "caps"},
	    {"org=A:B", "org"},
	    {"org=", "org"},
	    {"cache", "no '='"},
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tpr t;
		char err[512] = "";
		cr_expect_neq(tpr_try_open(&t, NULL, NULL, bad[i].opts, err, sizeof err), 0, "%s",
			      bad[i].opts);
		cr_expect(strstr(err, bad[i].needle), "'%s' -> '%s'", bad[i].opts, err);
	}
}

Test(options, the_host_must_give_a_clock_and_our_abi_major)
{
	fh_host h;
	char err[256] = "";
	prov_config cfg = {.abi_version = PROV_ABI_VERSION, .host = &h.host};

	fh_host_init(&h);
	h.host.now = NULL;
	cr_expect_null(tpr_ops()->open(&cfg, err, sizeof err));
	cr_expect(strstr(err, "now"), "%s", err);
	fh_host_init(&h);
	cfg.abi_version = (PROV_ABI_MAJOR + 1) << 16;
	cr_expect_null(tpr_ops()->open(&cfg, err, sizeof err));
	cr_expect(strstr(err, "major"), "%s", err);
	cr_expect_null(tpr_ops()->open(NULL, err, sizeof err));
	/* The entry itself answers only a host of our major. */
	cr_expect_null(srh_provider_entry((PROV_ABI_MAJOR + 1) << 16));
	cr_expect_null(srh_provider_entry(0));
	cr_expect_not_null(srh_provider_entry(PROV_ABI_VERSION + 7)); /* a newer minor */
}
