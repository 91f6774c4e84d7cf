/*
 * test_sim_engine.c - the engine with a recording provider: job kinds,
 * timing derived from the configuration, lifecycle, client requests, the
 * two timeout paths and the events the provider receives.
 */
#include <errno.h>
#include <string.h>

#include "sim_fixture.h"

/* Initial sync of 1 GiB, async: Starting at 0, Running at 1 ms,
 * connect 2 RTT + 1 ms, authenticate 1 RTT + 1 ms, copy 16 chunks,
 * no log to replay, finalize 1 RTT + 1 ms. */
#define INITIAL_1G_END (1 * MS + (2 * RTT_NS + MS) + (RTT_NS + MS) + 16 * CHUNK_NS + (RTT_NS + MS))

Test(engine, initial_sync_clean_timing_and_events)
{
	fx f;
	uint64_t id;
	sim_job_info info;
	const rec_event *e;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(id, 1);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(sim_now(f.s), INITIAL_1G_END);

	e = &f.rec->ev[0];
	cr_assert_eq(e->kind, PROV_EV_JOB_CREATED);
	cr_assert_str_eq(e->job, "1");
	cr_assert_str_eq(e->job_kind, "initial_sync");
	cr_assert_eq(e->tbr, 300 * SEC);
	cr_assert_eq(f.rec->ev[1].kind, PROV_EV_STATE);
	cr_assert_eq(f.rec->ev[1].state, 3); /* Starting */
	cr_assert_eq(f.rec->ev[1].t, 0);
	cr_assert_eq(f.rec->ev[2].kind, PROV_EV_STATE);
	cr_assert_eq(f.rec->ev[2].state, 4); /* Running */
	cr_assert_eq(f.rec->ev[2].t, 1 * MS);
	e = fx_last(&f);
	cr_assert_eq(e->kind, PROV_EV_ENDED);
	cr_assert_eq(e->state, 7);
	cr_assert_str_eq(e->fclass, "");
	cr_assert_eq(e->t, INITIAL_1G_END);
	cr_assert_eq(f.rec->ev[f.rec->n - 2].kind, PROV_EV_PROGRESS);
	cr_assert_eq(f.rec->ev[f.rec->n - 2].pct, 100);
	fx_check_progress(&f);
	cr_assert_eq(rec_count(f.rec, PROV_EV_FAULT), 0);

	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_eq(info.job_state, 7);
	cr_assert_eq(info.percent, 100);
	cr_assert(info.ended);
	cr_assert_eq(info.cause, PROV_FC_NONE);
	cr_assert_eq(info.connected_ns, 1 * MS + 2 * RTT_NS + MS);
	fx_close(&f);
}

Test(engine, sync_mode_waits_one_rtt_per_chunk)
{
	fx f;
	uint64_t id;

	fx_open_cfg(&f, 1, NULL, GIB, SIM_SYNC);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(sim_now(f.s), INITIAL_1G_END + 16 * RTT_NS);
	fx_close(&f);
}

Test(engine, progress_every_step_percent)
{
	sim_config cfg;
	fx f;
	uint64_t id;

	/* 100 GiB: 1600 chunks, so each 1% step is reached by a chunk. */
	sim_config_default(&cfg);
	fx_open_cfg(&f, 1, &cfg, 100 * GIB, SIM_ASYNC);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	fx_check_progress(&f);
	for (unsigned p = 1; p <= 100; p++) {
		bool seen = false;

		for (size_t i = 0; i < f.rec->n && !seen; i++)
			seen = f.rec->ev[i].kind == PROV_EV_PROGRESS && f.rec->ev[i].pct == p;
		cr_assert(seen, "no progress event at %u%%", p);
	}
	fx_close(&f);
}

/* Every kind ends Completed with PercentComplete rising to 100 and a
 * progress event naming each phase it runs, in order. */
static void check_kind(sim_job_kind k)
{
	sim_group_spec g = {.log_volume = "L:", .log_capacity = 8 * GIB, .log_used = 512 * MIB};
	const char *const *names = sim_job_kind_phases(k);
	sim_job_spec js;
	uint64_t id;
	size_t want = 0;
	fx f;
	int a, b, ga, gb, link;
	prov_config pc = {.abi_version = PROV_ABI_VERSION};
	char err[64];

	f.s = sim_new(7, NULL);
	cr_assert_not_null(f.s);
	a = sim_node_add(f.s, "n1");
	b = sim_node_add(f.s, "n2");
	g.node = a;
	g.name = "src";
	ga = sim_group_add(f.s, &g);
	g.node = b;
	g.name = "dst";
	g.log_used = 0;
	gb = sim_group_add(f.s, &g);
	cr_assert_geq(sim_volume_add(f.s, ga, "D:", 2 * GIB), 0);
	cr_assert_geq(sim_volume_add(f.s, ga, "E:", GIB + 12345), 0);
	cr_assert_geq(sim_volume_add(f.s, gb, "D:", 2 * GIB), 0);
	cr_assert_geq(sim_volume_add(f.s, gb, "E:", 2 * GIB), 0);
	link = sim_link_add(f.s, a, b, LINK_BPS, LATENCY_NS);
	f.pship = sim_partnership_add(f.s, ga, gb, link, SIM_ASYNC);
	cr_assert_geq(f.pship, 0);
	pc.host = sim_host(f.s);
	f.rec = rec_ops()->open(&pc, err, sizeof err);
	cr_assert_eq(sim_attach_provider(f.s, rec_ops(), f.rec), 0);

	sim_job_spec_default(&js, k, f.pship);
	cr_assert_eq(sim_job_submit(f.s, &js, &id), 0);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->kind, PROV_EV_ENDED);
	cr_assert_eq(fx_last(&f)->state, 7, "%s ended in %u", sim_job_kind_name(k),
		     fx_last(&f)->state);
	fx_check_progress(&f);
	/* The log holds 512 MiB, so replay/drain/flush phases all run. */
	for (size_t i = 0; i < f.rec->n; i++) {
		const rec_event *e = &f.rec->ev[i];

		if (e->kind != PROV_EV_PROGRESS || names[want] == NULL)
			continue;
		if (strcmp(e->phase, names[want]) == 0)
			want++;
	}
	cr_assert_null(names[want], "%s: phase %s never reported", sim_job_kind_name(k),
		       names[want]);
	fx_close(&f);
}

Test(engine, kind_initial_sync)
{
	check_kind(SIM_JOB_INITIAL_SYNC);
}
Test(engine, kind_resync)
{
	check_kind(SIM_JOB_RESYNC);
}
Test(engine, kind_test_topology)
{
	check_kind(SIM_JOB_TEST_TOPOLOGY);
}
Test(engine, kind_create_partnership)
{
	check_kind(SIM_JOB_CREATE_PARTNERSHIP);
}
Test(engine, kind_switch_direction)
{
	check_kind(SIM_JOB_SWITCH_DIRECTION);
}
Test(engine, kind_remove_group)
{
	check_kind(SIM_JOB_REMOVE_GROUP);
}

Test(engine, resync_copies_only_dirty_blocks)
{
	sim_job_spec js;
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	sim_job_spec_default(&js, SIM_JOB_RESYNC, f.pship);
	js.dirty_bytes = 100 * MIB;
	cr_assert_eq(sim_job_submit(f.s, &js, &id), 0);
	cr_assert_eq(fx_run_end(&f, id), 1);
	/* start 1 ms, connect 3 ms, authenticate 2 ms, scan of a 1024-block
	 * bitmap (128 bytes at 2e9 B/s = 64 ns), copy 100 MiB at 1 Gb/s,
	 * finalize 2 ms. */
	cr_assert_eq(sim_now(f.s), 8 * MS + 64 + 100 * MIB * 8);
	fx_close(&f);
}

Test(engine, remove_group_removes_the_partnership)
{
	sim_job_spec js;
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_REMOVE_GROUP);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	sim_job_spec_default(&js, SIM_JOB_INITIAL_SYNC, f.pship);
	errno = 0;
	cr_assert_eq(sim_job_submit(f.s, &js, &id), -1);
	cr_assert_eq(errno, EINVAL);
	fx_close(&f);
}

/* ---- client requests -------------------------------------------------------- */

static void run_to_pct(fx *f, uint64_t id, uint16_t pct)
{
	sim_until u = {.kind = SIM_UNTIL_PERCENT, .percent = pct};

	cr_assert_eq(sim_run_until_job(f->s, id, &u, 0), 1);
}

static void run_to_phase(fx *f, uint64_t id, const char *phase)
{
	sim_until u = {.kind = SIM_UNTIL_PHASE, .phase = phase};

	cr_assert_eq(sim_run_until_job(f->s, id, &u, 0), 1);
}

static void terminate_at(const char *phase, uint16_t pct)
{
	uint64_t id, t0;
	const rec_event *e;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	if (phase)
		run_to_phase(&f, id, phase);
	else
		run_to_pct(&f, id, pct);
	t0 = sim_now(f.s);
	cr_assert_eq(sim_request(f.s, id, 4, "alice"), PROV_HOST_STARTED);
	e = fx_last(&f);
	cr_assert_eq(e->kind, PROV_EV_STATE);
	cr_assert_eq(e->state, 6); /* Shutting Down */
	cr_assert_eq(e->t, t0);
	/* A second Terminate while shutting down makes no sense. */
	cr_assert_eq(sim_request(f.s, id, 4, "alice"), PROV_HOST_REJECTED);
	cr_assert_eq(fx_run_end(&f, id), 1);
	e = fx_last(&f);
	cr_assert_eq(e->kind, PROV_EV_ENDED);
	cr_assert_eq(e->state, 8);
	cr_assert_str_eq(e->fclass, "client_terminate");
	cr_assert_str_eq(e->by, "alice");
	/* Orderly stop: shutdown_ns (10 ms) + one RTT. */
	cr_assert_eq(e->t, t0 + 10 * MS + RTT_NS);
	cr_assert_eq(sim_request(f.s, id, 4, "alice"), PROV_HOST_REJECTED);
	cr_assert_eq(sim_request(f.s, id, 5, "alice"), PROV_HOST_REJECTED);
	cr_assert_eq(sim_run(f.s), 0, "events left after the end");
	fx_close(&f);
}

Test(engine, terminate_in_connect)
{
	terminate_at("connect", 0);
}
Test(engine, terminate_in_authenticate)
{
	terminate_at("authenticate", 0);
}
Test(engine, terminate_at_50pct)
{
	terminate_at(NULL, 50);
}
Test(engine, terminate_in_finalize)
{
	terminate_at("finalize", 0);
}

static void kill_at(const char *phase, uint16_t pct)
{
	uint64_t id, t0;
	const rec_event *e;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	if (phase)
		run_to_phase(&f, id, phase);
	else
		run_to_pct(&f, id, pct);
	t0 = sim_now(f.s);
	cr_assert_eq(sim_request(f.s, id, 5, "bob"), PROV_HOST_OK);
	e = fx_last(&f);
	cr_assert_eq(e->kind, PROV_EV_ENDED);
	cr_assert_eq(e->state, 9);
	cr_assert_eq(e->t, t0);
	cr_assert_str_eq(e->fclass, "client_kill");
	cr_assert_str_eq(e->by, "bob");
	cr_assert_eq(sim_run(f.s), 0);
	cr_assert_eq(fx_last(&f)->kind, PROV_EV_ENDED);
	fx_close(&f);
}

Test(engine, kill_in_connect)
{
	kill_at("connect", 0);
}
Test(engine, kill_at_10pct)
{
	kill_at(NULL, 10);
}
Test(engine, kill_at_90pct)
{
	kill_at(NULL, 90);
}
Test(engine, kill_in_finalize)
{
	kill_at("finalize", 0);
}

Test(engine, kill_while_shutting_down)
{
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	run_to_pct(&f, id, 20);
	cr_assert_eq(sim_request(f.s, id, 4, "a"), PROV_HOST_STARTED);
	cr_assert_eq(sim_request(f.s, id, 5, "b"), PROV_HOST_OK);
	cr_assert_eq(fx_last(&f)->state, 9);
	cr_assert_eq(sim_run(f.s), 0);
	cr_assert_eq(rec_count(f.rec, PROV_EV_ENDED), 1);
	fx_close(&f);
}

Test(engine, held_job_start_and_terminate_while_new)
{
	sim_job_spec js;
	uint64_t a, b;
	sim_job_info info;
	fx f;

	fx_open(&f, GIB);
	sim_job_spec_default(&js, SIM_JOB_TEST_TOPOLOGY, f.pship);
	js.hold = 1;
	cr_assert_eq(sim_job_submit(f.s, &js, &a), 0);
	cr_assert_eq(sim_job_submit(f.s, &js, &b), 0);
	cr_assert_eq(sim_advance(f.s, 10 * SEC), 0);
	cr_assert_eq(sim_job_get(f.s, a, &info), 0);
	cr_assert_eq(info.job_state, 2);
	cr_assert_eq(sim_request(f.s, a, 3, "x"), PROV_HOST_REJECTED);
	/* Terminate of a New job: nothing to stop, ends at once. */
	cr_assert_eq(sim_request(f.s, b, 4, "x"), PROV_HOST_OK);
	cr_assert_eq(fx_last(&f)->state, 8);
	cr_assert_eq(sim_request(f.s, a, 2, "x"), PROV_HOST_STARTED);
	cr_assert_eq(fx_last(&f)->state, 3);
	cr_assert_eq(fx_run_end(&f, a), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	cr_assert_eq(sim_request(f.s, 99, 4, "x"), PROV_HOST_NO_JOB);
	cr_assert_eq(sim_request(f.s, a, 6, "x"), PROV_HOST_UNSUPPORTED);
	fx_close(&f);
}

Test(engine, suspend_resume_to_success)
{
	uint64_t id, t_susp;
	size_t n_before;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	run_to_pct(&f, id, 30);
	cr_assert_eq(sim_request(f.s, id, 3, "op"), PROV_HOST_OK);
	cr_assert_eq(fx_last(&f)->state, 5);
	cr_assert_eq(sim_request(f.s, id, 3, "op"), PROV_HOST_REJECTED);
	t_susp = sim_now(f.s);
	n_before = f.rec->n;
	cr_assert_eq(sim_advance(f.s, 1000 * SEC), 0, "work while suspended");
	cr_assert_eq(f.rec->n, n_before);
	cr_assert_eq(sim_request(f.s, id, 2, "op"), PROV_HOST_OK);
	cr_assert_eq(fx_last(&f)->state, 4);
	cr_assert_eq(fx_last(&f)->t, t_susp + 1000 * SEC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	/* The interrupted chunk starts over after the resume. */
	cr_assert_eq(sim_now(f.s), INITIAL_1G_END + 1000 * SEC);
	fx_check_progress(&f);
	fx_close(&f);
}

Test(engine, suspend_while_starting_then_resume)
{
	uint64_t id;
	size_t n;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(sim_step(f.s), 1); /* Starting */
	cr_assert_eq(sim_request(f.s, id, 3, "op"), PROV_HOST_OK);
	cr_assert_eq(fx_last(&f)->state, 5);
	cr_assert_eq(sim_advance(f.s, 5 * SEC), 0);
	n = f.rec->n;
	cr_assert_eq(sim_request(f.s, id, 2, "op"), PROV_HOST_OK);
	cr_assert_eq(f.rec->ev[n].kind, PROV_EV_STATE);
	cr_assert_eq(f.rec->ev[n].state, 4);
	cr_assert_eq(f.rec->ev[n].t, 5 * SEC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	fx_close(&f);
}

/* ---- timeouts ----------------------------------------------------------------- */

Test(engine, heartbeat_deadline_to_the_nanosecond)
{
	sim_config cfg;
	const uint64_t P = 12 * SEC + 345678901; /* partition starts */
	uint64_t id, expect;
	const rec_event *e;
	long fi;
	fx f;

	sim_config_default(&cfg);
	fx_open_cfg(&f, 3, &cfg, 100 * GIB, SIM_ASYNC);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(sim_link_partition(f.s, 0, P, 0), 0);
	/* Heartbeats every second from 0: the last one before P is at
	 * floor(P / 1 s) s = 12 s (after the connect at 4 ms); the partner
	 * is declared silent heartbeat_deadline (30 s) later. */
	expect =
	    P / cfg.heartbeat_interval_ns * cfg.heartbeat_interval_ns + cfg.heartbeat_deadline_ns;
	cr_assert_eq(expect, 42 * SEC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	e = fx_last(&f);
	cr_assert_eq(e->kind, PROV_EV_ENDED);
	cr_assert_eq(e->state, 10);
	cr_assert_str_eq(e->fclass, "timeout");
	cr_assert_eq(e->t, expect, "deadline at %llu, expected %llu", (unsigned long long)e->t,
		     (unsigned long long)expect);
	cr_assert(strstr(e->detail, "heartbeat") != NULL);
	/* The stall was reported first, as a transient partition. */
	fi = rec_find(f.rec, PROV_EV_FAULT, 0);
	cr_assert_geq(fi, 0);
	cr_assert_str_eq(f.rec->ev[fi].fclass, "partition");
	cr_assert_eq(f.rec->ev[fi].transient, 1);
	cr_assert_gt(f.rec->ev[fi].t, P);
	cr_assert_lt(f.rec->ev[fi].t, P + CHUNK_NS + 1);
	fx_close(&f);
}

Test(engine, heartbeat_deadline_counts_from_a_heal)
{
	sim_config cfg;
	uint64_t id;
	fx f;

	/* Down at 10.5 s for 2 s (heals at 12.5 s, no heartbeat on the grid
	 * since), down again at 12.7 s for good: last contact = the heal at
	 * 12.5 s, deadline 5 s later. */
	sim_config_default(&cfg);
	cfg.heartbeat_deadline_ns = 5 * SEC;
	fx_open_cfg(&f, 3, &cfg, 100 * GIB, SIM_ASYNC);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(sim_link_partition(f.s, 0, 10 * SEC + 500 * MS, 2 * SEC), 0);
	cr_assert_eq(sim_link_partition(f.s, 0, 12 * SEC + 700 * MS, 0), 0);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_str_eq(fx_last(&f)->fclass, "timeout");
	cr_assert_eq(fx_last(&f)->t, 12 * SEC + 500 * MS + 5 * SEC);
	fx_close(&f);
}

Test(engine, partition_healing_before_deadline_stays_on_success_path)
{
	uint64_t id;
	sim_job_info info;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	/* Down from 2 s to 31.9 s: the deadline would be 2 s + 30 s. */
	cr_assert_eq(sim_link_partition(f.s, 0, 2 * SEC, 29 * SEC + 900 * MS), 0);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	cr_assert_eq(rec_count(f.rec, PROV_EV_FAULT), 1);
	cr_assert_eq(f.rec->ev[rec_find(f.rec, PROV_EV_FAULT, 0)].transient, 1);
	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_eq(info.stalled, 0);
	fx_close(&f);
}

Test(engine, time_limit_to_the_nanosecond)
{
	sim_job_spec js;
	uint64_t id;
	const rec_event *e;
	fx f;

	fx_open(&f, GIB);
	sim_advance(f.s, 123);
	sim_job_spec_default(&js, SIM_JOB_INITIAL_SYNC, f.pship);
	js.time_limit_ns = 2 * SEC + 1;
	cr_assert_eq(sim_job_submit(f.s, &js, &id), 0);
	cr_assert_eq(fx_run_end(&f, id), 1);
	e = fx_last(&f);
	cr_assert_eq(e->state, 10);
	cr_assert_str_eq(e->fclass, "timeout");
	/* Counted from Starting, which is the submit time here. */
	cr_assert_eq(e->t, 123 + 2 * SEC + 1);
	cr_assert(strstr(e->detail, "time limit") != NULL);
	fx_close(&f);
}

Test(engine, partition_at_connect_exhausts_retries)
{
	uint64_t id;
	const rec_event *e;
	fx f;

	fx_open(&f, GIB);
	cr_assert_eq(sim_link_partition(f.s, 0, 0, 0), 0);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	e = fx_last(&f);
	cr_assert_eq(e->state, 10);
	cr_assert_str_eq(e->fclass, "partition");
	/* 1 + 3 attempts of a 3 ms connect, 3 backoffs of 500 ms. */
	cr_assert_eq(e->t, 1 * MS + 4 * 3 * MS + 3 * 500 * MS);
	cr_assert_eq(rec_count(f.rec, PROV_EV_FAULT), 4); /* 3 + fatal */
	fx_close(&f);
}

Test(engine, log_fills_from_application_writes)
{
	sim_group_spec g = {
	    .log_volume = "L:", .log_capacity = GIB, .write_bytes_per_s = 500000000};
	prov_config pc = {.abi_version = PROV_ABI_VERSION};
	uint64_t id;
	char err[64];
	fx f;
	int a, b, ga, gb, l;

	f.s = sim_new(1, NULL);
	a = sim_node_add(f.s, "a");
	b = sim_node_add(f.s, "b");
	g.node = a;
	g.name = "ga";
	ga = sim_group_add(f.s, &g);
	g.node = b;
	g.name = "gb";
	g.write_bytes_per_s = 0;
	gb = sim_group_add(f.s, &g);
	sim_volume_add(f.s, ga, "D:", 10 * GIB);
	sim_volume_add(f.s, gb, "D:", 10 * GIB);
	l = sim_link_add(f.s, a, b, LINK_BPS, LATENCY_NS);
	f.pship = sim_partnership_add(f.s, ga, gb, l, SIM_ASYNC);
	pc.host = sim_host(f.s);
	f.rec = rec_ops()->open(&pc, err, sizeof err);
	sim_attach_provider(f.s, rec_ops(), f.rec);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	/* 500 MB/s of writes for 0.537 s per chunk = 256 MiB: four chunks
	 * fill the 1 GiB log exactly, the 5th overflows it. */
	cr_assert_eq(fx_last(&f)->state, 10);
	cr_assert_str_eq(fx_last(&f)->fclass, "log_full");
	cr_assert_eq(fx_last(&f)->err_no, ENOSPC);
	cr_assert_str_eq(fx_last(&f)->volume, "L:");
	cr_assert_eq(fx_last(&f)->t, 6 * MS + 5 * CHUNK_NS);
	fx_close(&f);
}

/* ---- fault arming --------------------------------------------------------------- */

Test(engine, clean_run_hit_counts)
{
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	/* 16 copy chunks write the destination and read the source; 4
	 * phases (connect, authenticate, copy, finalize) start; network
	 * steps: connect, authenticate, 16 chunks, finalize. */
	cr_assert_eq(sim_fault_hits(f.s, "sim/disk/write"), 16);
	cr_assert_eq(sim_fault_hits(f.s, "sim/disk/read"), 16);
	cr_assert_eq(sim_fault_hits(f.s, "sim/log/append"), 16);
	cr_assert_eq(sim_fault_hits(f.s, "sim/engine/oom"), 4);
	cr_assert_eq(sim_fault_hits(f.s, "sim/net/reset"), 19);
	cr_assert_eq(sim_fault_hits(f.s, "sim/partner/auth"), 1);
	cr_assert_eq(sim_fault_hits(f.s, "sim/nope"), 0);
	fx_close(&f);
}

Test(engine, nth_hit_transient_is_retried_to_success)
{
	sim_fault_spec fs = {.point = "sim/disk/write",
			     .trig = {.kind = SIM_TRIG_NTH_HIT, .nth = 5}};
	uint64_t id;
	sim_job_info info;
	long fi;
	int arm;
	fx f;

	fx_open(&f, GIB);
	arm = sim_fault_arm(f.s, &fs);
	cr_assert_geq(arm, 0);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	cr_assert_eq(sim_fault_fired(f.s, arm), 1);
	fi = rec_find(f.rec, PROV_EV_FAULT, 0);
	cr_assert_geq(fi, 0);
	cr_assert_str_eq(f.rec->ev[fi].fclass, "io_error");
	cr_assert_eq(f.rec->ev[fi].err_no, EIO);
	cr_assert_eq(f.rec->ev[fi].transient, 1);
	cr_assert_str_eq(f.rec->ev[fi].volume, "D:");
	/* The 5th chunk ends at 6 ms + 5 chunks, is retried after 500 ms. */
	cr_assert_eq(f.rec->ev[fi].t, 6 * MS + 5 * CHUNK_NS);
	cr_assert_eq(sim_now(f.s), INITIAL_1G_END + 500 * MS + CHUNK_NS);
	cr_assert_eq(sim_job_get(f.s, id, &info), 0);
	cr_assert_eq(info.retries, 1);
	cr_assert_eq(sim_fault_hits(f.s, "sim/disk/write"), 17);
	fx_close(&f);
}

Test(engine, persistent_transient_exhausts_budget)
{
	sim_fault_spec fs = {
	    .point = "sim/net/reset",
	    .trig = {.kind = SIM_TRIG_AT_PERCENT, .percent = 40, .count = SIM_FIRE_FOREVER}};
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 10);
	cr_assert_str_eq(fx_last(&f)->fclass, "conn_reset");
	cr_assert_eq(fx_last(&f)->err_no, ECONNRESET);
	cr_assert(strstr(fx_last(&f)->detail, "retries exhausted") != NULL);
	cr_assert_eq(rec_count(f.rec, PROV_EV_FAULT), 4);
	fx_close(&f);
}

Test(engine, time_trigger_fires_at_first_hit_after)
{
	sim_fault_spec fs = {.point = "sim/partner/crash",
			     .trig = {.kind = SIM_TRIG_AT_TIME, .time_ns = 3 * SEC}};
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_str_eq(fx_last(&f)->fclass, "partner_crash");
	/* The first chunk completion at or after 3 s: 6 ms + 6 chunks. */
	cr_assert_eq(fx_last(&f)->t, 6 * MS + 6 * CHUNK_NS);
	fx_close(&f);
}

Test(engine, job_filter_and_wildcard)
{
	sim_fault_spec fs = {
	    .point = "sim/disk/*",
	    .trig = {.kind = SIM_TRIG_ALWAYS, .job = 2, .count = SIM_FIRE_FOREVER}};
	sim_job_info ia, ib;
	uint64_t a, b;
	fx f;

	fx_open(&f, GIB);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	a = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	b = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_gt(sim_run(f.s), 0);
	cr_assert_eq(sim_job_get(f.s, a, &ia), 0);
	cr_assert_eq(sim_job_get(f.s, b, &ib), 0);
	cr_assert_eq(ia.job_state, 7);
	cr_assert_eq(ib.job_state, 10);
	/* sim/disk/gone is checked before sim/disk/read. */
	cr_assert_eq(ib.cause, PROV_FC_DISK_FAILURE);
	fx_close(&f);
}

Test(engine, arming_errors)
{
	sim_fault_spec fs = {.point = "sim/disk/nothing"};
	sim_config cfg;
	fx f;

	fx_open(&f, GIB);
	errno = 0;
	cr_assert_eq(sim_fault_arm(f.s, &fs), -1);
	cr_assert_eq(errno, EINVAL);
	fs.point = "sim/disk/write";
	fs.trig.kind = SIM_TRIG_AT_PHASE;
	fs.trig.phase = "no_such_phase";
	cr_assert_eq(sim_fault_arm(f.s, &fs), -1);
	fs.trig.kind = SIM_TRIG_PROBABILITY;
	fs.trig.probability = 1.5;
	cr_assert_eq(sim_fault_arm(f.s, &fs), -1);
	fs.trig.kind = SIM_TRIG_NTH_HIT;
	fs.trig.nth = 0;
	cr_assert_eq(sim_fault_arm(f.s, &fs), -1);
	cr_assert_eq(sim_fault_disarm(f.s, 7), -1);
	cr_assert_eq(sim_fault_fired(f.s, 7), -1);
	cr_assert_eq(sim_run_until(f.s, 5), 0);
	cr_assert_eq(sim_run_until(f.s, 4), -1);
	sim_config_default(&cfg);
	cfg.progress_step = 0;
	cr_assert_null(sim_new(1, &cfg));
	fx_close(&f);
}

Test(engine, sims_do_not_leak_arming)
{
	sim_fault_spec fs = {.point = "sim/disk/write",
			     .trig = {.kind = SIM_TRIG_ALWAYS, .count = SIM_FIRE_FOREVER}};
	uint64_t a, b;
	fx fa, fb;

	/* Two live sims, one armed: the other's hits are not failed. */
	fx_open(&fa, GIB);
	fx_open(&fb, GIB);
	cr_assert_geq(sim_fault_arm(fa.s, &fs), 0);
	a = fx_submit(&fa, SIM_JOB_INITIAL_SYNC);
	b = fx_submit(&fb, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&fb, b), 1);
	cr_assert_eq(fx_last(&fb)->state, 7);
	cr_assert_eq(fx_run_end(&fa, a), 1);
	cr_assert_eq(fx_last(&fa)->state, 10);
	fx_close(&fa);
	/* After sim_free, a new sim starts clean. */
	fx_open(&fa, GIB);
	a = fx_submit(&fa, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&fa, a), 1);
	cr_assert_eq(fx_last(&fa)->state, 7);
	fx_close(&fa);
	fx_close(&fb);
}

/* ---- host callbacks and the provider ------------------------------------------------ */

Test(engine, query_latency_paths)
{
	sim_fault_spec fs = {.point = "sim/engine/busy",
			     .trig = {.kind = SIM_TRIG_AT_TIME, .time_ns = 2 * SEC},
			     .duration_ns = 10 * SEC};
	const prov_host *h;
	sim_job_spec js;
	uint64_t id, lat = 0;
	fx f;

	fx_open(&f, GIB);
	h = sim_host(f.s);
	sim_job_spec_default(&js, SIM_JOB_INITIAL_SYNC, f.pship);
	js.time_before_removal_ns = 60 * SEC;
	cr_assert_eq(sim_job_submit(f.s, &js, &id), 0);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_OK);
	cr_assert_eq(lat, 100000);
	cr_assert_eq(h->query(h->ctx, "2", &lat), PROV_HOST_NO_JOB);
	cr_assert_eq(h->query(h->ctx, "x1", &lat), PROV_HOST_NO_JOB);
	cr_assert_eq(h->query(h->ctx, "1", NULL), PROV_HOST_ERROR);
	sim_advance(f.s, 3 * SEC);
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_OK);
	cr_assert_eq(lat, 100000 + 10 * SEC); /* busy from now for 10 s */
	sim_advance(f.s, 4 * SEC);
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_OK);
	cr_assert_eq(lat, 100000 + 6 * SEC);
	cr_assert_eq(h->now(h->ctx), 7 * SEC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	/* contract.md, Removal: the engine knows the job for t < E + T ... */
	sim_advance(f.s, 60 * SEC - 1);
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_OK);
	sim_advance(f.s, 1); /* ... and no longer at E + T */
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_NO_JOB);
	fx_close(&f);
}

Test(engine, query_slow_while_partner_unreachable)
{
	const prov_host *h;
	uint64_t id, lat = 0;
	fx f;

	fx_open(&f, GIB);
	h = sim_host(f.s);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	sim_link_partition(f.s, 0, 1 * SEC, 5 * SEC);
	sim_advance(f.s, 2 * SEC);
	cr_assert_eq(h->query(h->ctx, "1", &lat), PROV_HOST_OK);
	cr_assert_eq(lat, 100000 + 60 * SEC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	fx_close(&f);
}

Test(engine, host_request_state_and_deferred_delivery)
{
	sim_config cfg;
	const prov_host *h;
	uint64_t id;
	size_t n;
	fx f;

	sim_config_default(&cfg);
	cfg.defer_host_events = 1;
	fx_open_cfg(&f, 1, &cfg, GIB, SIM_ASYNC);
	h = sim_host(f.s);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	run_to_pct(&f, id, 10);
	n = f.rec->n;
	cr_assert_eq(h->request_state(h->ctx, "1", 5, "carol"), PROV_HOST_OK);
	cr_assert_eq(f.rec->n, n, "delivered inside the host callback");
	cr_assert_eq(sim_advance(f.s, 0), 0);
	cr_assert_eq(f.rec->n, n + 1);
	cr_assert_eq(fx_last(&f)->state, 9);
	cr_assert_str_eq(fx_last(&f)->by, "carol");
	cr_assert_eq(h->request_state(h->ctx, "9", 5, "carol"), PROV_HOST_NO_JOB);
	fx_close(&f);
}

Test(engine, provider_rejects_and_reentry_do_not_break_the_engine)
{
	sim_stats st;
	uint64_t id;
	fx f;

	fx_open(&f, GIB);
	f.rec->reject = 1;
	f.rec->rq_in_event = 1;
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(f.rec->rq_rc, PROV_HOST_ERROR);
	cr_assert_eq(fx_run_end(&f, id), 1);
	cr_assert_eq(fx_last(&f)->state, 7);
	sim_get_stats(f.s, &st);
	cr_assert_eq(st.prov_events, f.rec->n);
	cr_assert_eq(st.prov_rejected, f.rec->n);
	cr_assert_eq(sim_attach_provider(f.s, NULL, NULL), -1);
	fx_close(&f);
}

/* ---- determinism --------------------------------------------------------------------- */

static char *traced_run(uint64_t seed, size_t *len)
{
	sim_fault_spec fs = {
	    .point = "sim/disk/read",
	    .trig = {.kind = SIM_TRIG_PROBABILITY, .probability = 0.2, .count = SIM_FIRE_FOREVER}};
	sim_config cfg;
	char *buf = NULL;
	FILE *mf = open_memstream(&buf, len);
	uint64_t id;
	fx f;

	cr_assert_not_null(mf);
	sim_config_default(&cfg);
	cfg.net_jitter_ns = 1000;
	cfg.retry_budget = 10;
	fx_open_cfg(&f, seed, &cfg, 4 * GIB, SIM_ASYNC);
	sim_set_trace(f.s, mf, 2);
	cr_assert_geq(sim_fault_arm(f.s, &fs), 0);
	id = fx_submit(&f, SIM_JOB_INITIAL_SYNC);
	cr_assert_eq(fx_run_end(&f, id), 1);
	fx_close(&f);
	cr_assert_eq(fclose(mf), 0);
	return buf;
}

Test(engine, same_seed_same_trace_other_seed_differs)
{
	size_t la, lb, lc;
	char *a = traced_run(42, &la);
	char *b = traced_run(42, &lb);
	char *c = traced_run(43, &lc);

	cr_assert_gt(la, 1000);
	cr_assert_eq(la, lb);
	cr_assert_eq(memcmp(a, b, la), 0, "same seed, different traces");
	cr_assert(la != lc || memcmp(a, c, la) != 0, "seeds 42 and 43 agree");
	cr_assert(strstr(a, "progress phase=copy pct=") != NULL);
	cr_assert_eq(strncmp(a, "000000000.000000000 ", 20), 0);
	free(a);
	free(b);
	free(c);
}
