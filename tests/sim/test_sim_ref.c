/*
 * test_sim_ref.c - the simulator driving the reference provider: every
 * fault class ends the job on its contract path, and the provider's
 * GetError gives what /work/shared/spec/contract.md requires.
 *
 * Expected numbers are written here from contract.md ("Job paths" and
 * "The reference profile") and cim-valuemaps.md, never read from the code:
 *   JobState: 4 Running, 5 Suspended, 6 Shutting Down, 7 Completed,
 *             8 Terminated, 9 Killed, 10 Exception
 *   OperationalStatus: 2 OK, 6 Error, 10 Stopped, 14 Aborted, 17 Completed
 *   GetError rc: 0 Success, 3 Timeout, 5 Invalid Parameter
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "sim.h"
#include "srprov_ref.h"

#define GIB (1ull << 30)
#define MS 1000000ull
#define SEC 1000000000ull

static const prov_principal admin = {.name = "admin", .admin = 1};

typedef struct rfx {
	sim *s;
	const prov_ops *ops;
	prov_ctx *ctx;
	int pship;
} rfx;

static void rfx_open_cfg(rfx *f, const sim_config *cfg, uint64_t data)
{
	prov_config pc = {.abi_version = PROV_ABI_VERSION};
	char err[256] = "";

	f->s = sim_new(11, cfg);
	cr_assert_not_null(f->s);
	f->pship = sim_build_pair(f->s, data, 1000000000ull, 500000, SIM_ASYNC);
	cr_assert_geq(f->pship, 0);
	f->ops = srh_provider_entry(PROV_ABI_VERSION);
	cr_assert_not_null(f->ops);
	pc.host = sim_host(f->s);
	f->ctx = f->ops->open(&pc, err, sizeof err);
	cr_assert_not_null(f->ctx, "open: %s", err);
	cr_assert_eq(sim_attach_provider(f->s, f->ops, f->ctx), 0);
}

static void rfx_open(rfx *f)
{
	rfx_open_cfg(f, NULL, GIB);
}

static void rfx_close(rfx *f)
{
	sim_detach_provider(f->s);
	f->ops->close(f->ctx);
	sim_free(f->s);
}

static uint64_t submit(rfx *f, uint64_t time_limit)
{
	sim_job_spec js;
	uint64_t id;

	sim_job_spec_default(&js, SIM_JOB_INITIAL_SYNC, f->pship);
	js.time_limit_ns = time_limit;
	js.time_before_removal_ns = 600 * SEC;
	cr_assert_eq(sim_job_submit(f->s, &js, &id), 0);
	return id;
}

static void iid_of(rfx *f, uint64_t id, char *buf, size_t len)
{
	cr_assert_eq(f->ops->instance_id(f->ctx, sim_job_key(f->s, id), buf, len), 0);
}

static uint32_t get_error(rfx *f, uint64_t id, cim_error **e)
{
	char iid[128];

	iid_of(f, id, iid, sizeof iid);
	*e = NULL;
	return f->ops->get_error(f->ctx, &admin, iid, e);
}

static void run_end(rfx *f, uint64_t id)
{
	sim_until u = {.kind = SIM_UNTIL_ENDED};

	cr_assert_eq(sim_run_until_job(f->s, id, &u, 0), 1);
}

static void run_pct(rfx *f, uint64_t id, uint16_t pct)
{
	sim_until u = {.kind = SIM_UNTIL_PERCENT, .percent = pct};

	cr_assert_eq(sim_run_until_job(f->s, id, &u, 0), 1);
}

static void run_phase(rfx *f, uint64_t id, const char *phase)
{
	sim_until u = {.kind = SIM_UNTIL_PHASE, .phase = phase};

	cr_assert_eq(sim_run_until_job(f->s, id, &u, 0), 1);
}

static bool has_status(const cim_job *j, uint16_t v)
{
	for (size_t i = 0; i < j->n_op_status; i++)
		if (j->op_status[i] == v)
			return true;
	return false;
}

/* JobState and the OperationalStatus set (order free). */
static void expect_job(rfx *f, uint64_t id, uint16_t js, const uint16_t *os, size_t n_os)
{
	char iid[128];
	cim_job *j = NULL;

	iid_of(f, id, iid, sizeof iid);
	cr_assert_eq(f->ops->get_instance(f->ctx, &admin, iid, &j), 0);
	cr_assert_eq(j->job_state, js, "JobState %u, expected %u", j->job_state, js);
	cr_assert_eq(j->n_op_status, n_os);
	for (size_t i = 0; i < n_os; i++)
		cr_assert(has_status(j, os[i]), "OperationalStatus lacks %u", os[i]);
	f->ops->free_job(f->ctx, j);
}

static void expect_no_error(rfx *f, uint64_t id)
{
	cim_error *e = NULL;

	cr_assert_eq(get_error(f, id, &e), 0);
	cr_assert_null(e);
}

typedef struct want {
	uint16_t error_type, severity, cause;
	uint32_t status;
	const char *other_type; /* ErrorType 1 */
} want;

/* rc 0 with a CIM_Error of the fault class's reference profile; a second
 * call returns an equal Error. */
static void expect_error(rfx *f, uint64_t id, want w)
{
	cim_error *e = NULL, *e2 = NULL;

	cr_assert_eq(get_error(f, id, &e), 0);
	cr_assert_not_null(e);
	cr_assert_eq(e->error_type, w.error_type, "ErrorType %u, expected %u", e->error_type,
		     w.error_type);
	cr_assert_eq(e->perceived_severity, w.severity, "Severity %u, expected %u",
		     e->perceived_severity, w.severity);
	cr_assert_eq(e->probable_cause, w.cause, "ProbableCause %u, expected %u", e->probable_cause,
		     w.cause);
	cr_assert_eq(e->cim_status_code, w.status);
	cr_assert(e->message_id && e->message_id[0]);
	cr_assert_str_eq(e->owning_entity, "SRSIM");
	cr_assert_eq(e->error_source_format, 2);
	if (w.other_type)
		cr_assert_str_eq(e->other_error_type, w.other_type);
	if (w.cause == 1)
		cr_assert(e->probable_cause_description && e->probable_cause_description[0]);
	cr_assert_eq(get_error(f, id, &e2), 0);
	cr_assert(cim_error_equal(e, e2), "GetError not stable");
	f->ops->free_error(f->ctx, e);
	f->ops->free_error(f->ctx, e2);
}

static const uint16_t OS_FAILED[] = {6, 17};
static const uint16_t OS_DONE[] = {2, 17};
static const uint16_t OS_STOPPED[] = {10};
static const uint16_t OS_ABORTED[] = {14};
static const uint16_t OS_RUNNING[] = {2};

/* Arm spec, run the job to its end, check the failure path and Error. */
static void fault_case(const sim_fault_spec *fs, uint64_t limit, want w, prov_fault_class fc)
{
	sim_job_info info;
	uint64_t id;
	rfx f;

	rfx_open(&f);
	if (fs)
		cr_assert_geq(sim_fault_arm(f.s, fs), 0, "arm %s", fs->point);
	id = submit(&f, limit);
	expect_no_error(&f, id);
	run_end(&f, id);
	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_eq(info.cause, fc, "cause %d, expected %d", info.cause, fc);
	expect_job(&f, id, 10, OS_FAILED, 2);
	expect_error(&f, id, w);
	rfx_close(&f);
}

#define FOREVER SIM_FIRE_FOREVER

Test(ref, io_error_retries_exhausted)
{
	sim_fault_spec fs = {
	    .point = "sim/disk/write",
	    .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 30, .count = FOREVER}};

	fault_case(&fs, 0, (want){5, 6, 24, 1, NULL}, PROV_FC_IO_ERROR);
}

Test(ref, disk_failure)
{
	sim_fault_spec fs = {.point = "sim/disk/gone",
			     .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 63}};

	fault_case(&fs, 0, (want){5, 7, 86, 1, NULL}, PROV_FC_DISK_FAILURE);
}

Test(ref, log_full)
{
	sim_fault_spec fs = {.point = "sim/log/append",
			     .trig = {.kind = SIM_TRIG_AT_PHASE, .phase = "copy"}};

	fault_case(&fs, 0, (want){9, 5, 50, 1, NULL}, PROV_FC_LOG_FULL);
}

Test(ref, partition_at_connect)
{
	sim_fault_spec fs = {.point = "sim/net/partition",
			     .trig = {.kind = SIM_TRIG_AT_PHASE, .phase = "connect"}};

	fault_case(&fs, 0, (want){2, 5, 5, 1, NULL}, PROV_FC_PARTITION);
}

Test(ref, conn_reset_retries_exhausted)
{
	sim_fault_spec fs = {
	    .point = "sim/net/reset",
	    .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 20, .count = FOREVER}};

	fault_case(&fs, 0, (want){2, 5, 69, 1, NULL}, PROV_FC_CONN_RESET);
}

Test(ref, timeout_heartbeat_deadline)
{
	sim_fault_spec fs = {.point = "sim/net/partition",
			     .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 45}};

	fault_case(&fs, 0, (want){3, 5, 111, 1, NULL}, PROV_FC_TIMEOUT);
}

Test(ref, timeout_job_time_limit)
{
	fault_case(NULL, 3 * SEC, (want){3, 5, 111, 1, NULL}, PROV_FC_TIMEOUT);
}

Test(ref, partner_crash)
{
	sim_fault_spec fs = {.point = "sim/partner/crash",
			     .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 60}};

	fault_case(&fs, 0, (want){2, 6, 72, 1, NULL}, PROV_FC_PARTNER_CRASH);
}

Test(ref, auth_refused)
{
	sim_fault_spec fs = {.point = "sim/partner/auth", .trig = {.kind = SIM_TRIG_ALWAYS}};

	fault_case(&fs, 0, (want){7, 5, 117, 2, NULL}, PROV_FC_AUTH_REFUSED);
}

Test(ref, engine_oom)
{
	sim_fault_spec fs = {.point = "sim/engine/oom",
			     .trig = {.kind = SIM_TRIG_AT_PHASE, .phase = "finalize"}};

	fault_case(&fs, 0, (want){8, 6, 33, 1, NULL}, PROV_FC_ENGINE_OOM);
}

Test(ref, engine_invariant)
{
	sim_fault_spec fs = {.point = "sim/engine/invariant",
			     .trig = {.kind = SIM_TRIG_NTH_HIT, .nth = 7}};

	fault_case(&fs, 0, (want){4, 7, 47, 1, NULL}, PROV_FC_ENGINE_BUG);
}

/* ---- recovered faults stay on the success path ------------------------------ */

static void recovered_case(const sim_fault_spec *fs, uint64_t part_at, uint64_t part_len)
{
	sim_job_info info;
	uint64_t id;
	rfx f;

	rfx_open(&f);
	if (fs)
		cr_assert_geq(sim_fault_arm(f.s, fs), 0);
	if (part_len)
		cr_assert_eq(sim_link_partition(f.s, 0, part_at, part_len), 0);
	id = submit(&f, 0);
	run_end(&f, id);
	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_gt(info.faults, 0, "the fault never hit");
	expect_job(&f, id, 7, OS_DONE, 2);
	expect_no_error(&f, id);
	rfx_close(&f);
}

Test(ref, transient_write_error_retried_to_success)
{
	sim_fault_spec fs = {.point = "sim/disk/write",
			     .trig = {.kind = SIM_TRIG_AT_PERCENT,
				      .percent = 50,
				      .count = 3}}; /* = the retry budget */

	recovered_case(&fs, 0, 0);
}

Test(ref, transient_read_error_and_reset_retried)
{
	sim_fault_spec fs = {.point = "sim/disk/read",
			     .trig = {.kind = SIM_TRIG_NTH_HIT, .nth = 2}};

	recovered_case(&fs, 0, 0);
}

Test(ref, short_partition_heals_before_deadline)
{
	recovered_case(NULL, 2 * SEC, 20 * SEC);
}

Test(ref, added_latency_is_not_a_fault)
{
	sim_fault_spec fs = {.point = "sim/net/latency",
			     .trig = {.kind = SIM_TRIG_ALWAYS, .count = 5},
			     .duration_ns = 2 * SEC};
	sim_job_info info;
	uint64_t id;
	rfx f;

	rfx_open(&f);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	id = submit(&f, 0);
	run_end(&f, id);
	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_eq(info.faults, 0);
	expect_job(&f, id, 7, OS_DONE, 2);
	expect_no_error(&f, id);
	rfx_close(&f);
}

/* ---- client requests through the provider ------------------------------------- */

static uint32_t rsc(rfx *f, uint64_t id, uint16_t rq)
{
	char iid[128];

	iid_of(f, id, iid, sizeof iid);
	return f->ops->request_state_change(f->ctx, &admin, iid, rq, 0);
}

static const want W_TERMINATED = {1, 2, 1, 1, "Terminated by client"};
static const want W_KILLED = {1, 3, 1, 1, "Killed by client"};

static void terminate_case(const char *phase, uint16_t pct, bool suspend_first)
{
	uint64_t id;
	rfx f;

	rfx_open(&f);
	id = submit(&f, 0);
	if (phase)
		run_phase(&f, id, phase);
	else
		run_pct(&f, id, pct);
	if (suspend_first)
		cr_assert_eq(rsc(&f, id, 3), 0);
	cr_assert_eq(rsc(&f, id, 4), 4096);   /* transition started */
	expect_job(&f, id, 6, OS_RUNNING, 1); /* Shutting Down, not ended */
	expect_no_error(&f, id);
	run_end(&f, id);
	expect_job(&f, id, 8, OS_STOPPED, 1);
	expect_error(&f, id, W_TERMINATED);
	cr_assert_eq(rsc(&f, id, 4), 4097); /* Terminate a Terminated job */
	expect_job(&f, id, 8, OS_STOPPED, 1);
	rfx_close(&f);
}

Test(ref, terminate_in_connect)
{
	terminate_case("connect", 0, false);
}
Test(ref, terminate_at_37pct)
{
	terminate_case(NULL, 37, false);
}
Test(ref, terminate_in_finalize)
{
	terminate_case("finalize", 0, false);
}
Test(ref, terminate_while_suspended)
{
	terminate_case(NULL, 20, true);
}

static void kill_case(const char *phase, uint16_t pct)
{
	uint64_t id;
	rfx f;

	rfx_open(&f);
	id = submit(&f, 0);
	if (phase)
		run_phase(&f, id, phase);
	else
		run_pct(&f, id, pct);
	cr_assert_eq(rsc(&f, id, 5), 0);
	expect_job(&f, id, 9, OS_ABORTED, 1);
	expect_error(&f, id, W_KILLED);
	cr_assert_eq(rsc(&f, id, 5), 4097);
	rfx_close(&f);
}

Test(ref, kill_in_authenticate)
{
	kill_case("authenticate", 0);
}
Test(ref, kill_at_5pct)
{
	kill_case(NULL, 5);
}
Test(ref, kill_at_95pct)
{
	kill_case(NULL, 95);
}

Test(ref, suspend_resume_success_error_null_throughout)
{
	uint64_t id;
	rfx f;

	rfx_open(&f);
	id = submit(&f, 0);
	run_pct(&f, id, 40);
	expect_job(&f, id, 4, OS_RUNNING, 1);
	expect_no_error(&f, id);
	cr_assert_eq(rsc(&f, id, 3), 0);
	expect_job(&f, id, 5, OS_RUNNING, 1);
	expect_no_error(&f, id);
	sim_advance(f.s, 30 * SEC);
	cr_assert_eq(rsc(&f, id, 2), 0);
	expect_job(&f, id, 4, OS_RUNNING, 1);
	expect_no_error(&f, id);
	run_end(&f, id);
	expect_job(&f, id, 7, OS_DONE, 2);
	expect_no_error(&f, id);
	rfx_close(&f);
}

/* ---- removal and the Timeout path ------------------------------------------------ */

Test(ref, removed_after_time_before_removal)
{
	char iid[128];
	cim_error *e = NULL;
	uint64_t id;
	rfx f;

	rfx_open(&f);
	id = submit(&f, 0); /* TimeBeforeRemoval 600 s, DeleteOnCompletion */
	iid_of(&f, id, iid, sizeof iid);
	run_end(&f, id);
	/* contract.md, Removal: present for t < E + T, gone for t >= E + T. */
	sim_advance(f.s, 600 * SEC - 1); /* retained until 1 ns before E + 600 s ... */
	expect_no_error(&f, id);
	sim_advance(f.s, 1); /* ... and gone at E + 600 s */
	cr_assert_eq(f.ops->get_error(f.ctx, &admin, iid, &e), 5);
	cr_assert_null(e);
	rfx_close(&f);
}

Test(ref, engine_busy_gives_geterror_timeout)
{
	sim_fault_spec fs = {.point = "sim/engine/busy",
			     .trig = {.kind = SIM_TRIG_AT_TIME, .time_ns = 3 * SEC},
			     .duration_ns = 20 * SEC};
	cim_error *e = NULL;
	uint64_t id;
	rfx f;

	rfx_open_cfg(&f, NULL, 8 * GIB);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	id = submit(&f, 0);
	sim_advance(f.s, 4 * SEC);
	cr_assert_eq(get_error(&f, id, &e), 3);
	cr_assert_null(e);
	sim_advance(f.s, 10 * SEC);
	cr_assert_eq(get_error(&f, id, &e), 3);
	sim_advance(f.s, 10 * SEC); /* the busy window is over */
	expect_no_error(&f, id);
	run_end(&f, id);
	expect_no_error(&f, id);
	rfx_close(&f);
}

Test(ref, partner_unreachable_gives_geterror_timeout)
{
	cim_error *e = NULL;
	uint64_t id;
	rfx f;

	rfx_open(&f);
	id = submit(&f, 0);
	cr_assert_eq(sim_link_partition(f.s, 0, 2 * SEC, 0), 0);
	sim_advance(f.s, 5 * SEC);
	cr_assert_eq(get_error(&f, id, &e), 3);
	cr_assert_null(e);
	run_end(&f, id); /* the heartbeat deadline ends it */
	expect_job(&f, id, 10, OS_FAILED, 2);
	expect_error(&f, id, (want){3, 5, 111, 1, NULL});
	rfx_close(&f);
}

Test(ref, every_kind_completes_with_error_null)
{
	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++) {
		sim_job_spec js;
		uint64_t id;
		rfx f;

		rfx_open(&f);
		sim_job_spec_default(&js, k, f.pship);
		cr_assert_eq(sim_job_submit(f.s, &js, &id), 0);
		run_end(&f, id);
		expect_job(&f, id, 7, OS_DONE, 2);
		expect_no_error(&f, id);
		rfx_close(&f);
	}
}
