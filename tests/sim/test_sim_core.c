/*
 * test_sim_core.c - the engine's building blocks: PRNG, event queue order,
 * dirty-block bitmap, the fault point table.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "sim_internal.h"

Test(core, rng_same_seed_same_sequence)
{
	sim_rng a, b, c;
	int same = 0;

	sim_rng_seed(&a, 99);
	sim_rng_seed(&b, 99);
	sim_rng_seed(&c, 100);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = sim_rng_next(&a);

		cr_assert_eq(x, sim_rng_next(&b));
		same += x == sim_rng_next(&c);
	}
	cr_assert_eq(same, 0);
}

Test(core, rng_seed_zero_is_usable)
{
	sim_rng r;
	uint64_t ored = 0;

	/* splitmix64 fills the state, so even seed 0 is not all zeros
	 * (an all-zero xoshiro state would only ever give 0). */
	sim_rng_seed(&r, 0);
	for (int i = 0; i < 4; i++)
		ored |= r.s[i];
	cr_assert_neq(ored, 0);
	/* splitmix64(0) first output, from the reference implementation. */
	cr_assert_eq(r.s[0], 0xe220a8397b1dcdafull);
	cr_assert_neq(sim_rng_next(&r), 0);
}

Test(core, rng_ranges)
{
	sim_rng r;
	int hist[5] = {0};

	sim_rng_seed(&r, 5);
	for (int i = 0; i < 50000; i++) {
		double d = sim_rng_double(&r);
		uint64_t u = sim_rng_upto(&r, 4);

		cr_assert(d >= 0.0 && d < 1.0);
		cr_assert_leq(u, 4);
		hist[u]++;
	}
	for (int i = 0; i < 5; i++)
		cr_assert(hist[i] > 9000 && hist[i] < 11000, "bucket %d: %d", i, hist[i]);
}

Test(core, heap_orders_by_time_then_schedule_order)
{
	sim_heap h = {0};
	sim_rng r;
	sim_ev e, prev = {0};

	sim_rng_seed(&r, 1);
	for (uint64_t i = 0; i < 5000; i++) {
		sim_ev x = {.t = sim_rng_upto(&r, 50), .seq = i};

		cr_assert_eq(sim_heap_push(&h, &x), 0);
	}
	for (int i = 0; i < 5000; i++) {
		cr_assert_eq(sim_heap_pop(&h, &e), 0);
		if (i > 0) {
			cr_assert(e.t > prev.t || (e.t == prev.t && e.seq > prev.seq),
				  "out of order at %d", i);
		}
		prev = e;
	}
	cr_assert_eq(sim_heap_pop(&h, &e), -1);
	cr_assert_null(sim_heap_peek(&h));
	sim_heap_free(&h);
}

Test(core, bitmap_take_and_clear)
{
	sim_bitmap b;
	uint64_t end, bytes;

	/* 10 blocks of 100 bytes, the last one 50 bytes. */
	cr_assert_eq(sim_bitmap_init(&b, 950, 100), 0);
	cr_assert_eq(b.nblocks, 10);
	sim_bitmap_set_all(&b);
	cr_assert_eq(sim_bitmap_dirty_bytes(&b), 950);
	bytes = sim_bitmap_take(&b, 0, 4, &end);
	cr_assert_eq(bytes, 400);
	cr_assert_eq(end, 4);
	sim_bitmap_clear(&b, 0, end);
	cr_assert_eq(b.dirty, 6);
	bytes = sim_bitmap_take(&b, 4, 10, &end);
	cr_assert_eq(bytes, 550);
	cr_assert_eq(end, 10);
	sim_bitmap_clear(&b, 4, end);
	cr_assert_eq(b.dirty, 0);
	cr_assert_eq(sim_bitmap_count(&b), 0);
	cr_assert_eq(sim_bitmap_take(&b, 0, 4, &end), 0);
	cr_assert_eq(end, 10);
	sim_bitmap_free(&b);
}

Test(core, bitmap_spread_is_exact_and_sparse_takes_skip_clean)
{
	sim_bitmap b;
	uint64_t end, got = 0, from = 0, steps = 0;

	cr_assert_eq(sim_bitmap_init(&b, 1000 * 4096, 4096), 0);
	sim_bitmap_set_spread(&b, 37);
	cr_assert_eq(b.dirty, 37);
	cr_assert_eq(sim_bitmap_count(&b), 37);
	while (b.dirty) {
		uint64_t n = sim_bitmap_take(&b, from, 8, &end);

		cr_assert_gt(n, 0);
		got += n;
		sim_bitmap_clear(&b, from, end);
		from = end;
		steps++;
	}
	cr_assert_eq(got, 37 * 4096);
	cr_assert_eq(steps, 5); /* ceil(37 / 8) */
	sim_bitmap_free(&b);
}

/* The marks of set_spread are those of the plain Bresenham walk (an
 * accumulator over every block) for every k below n. */
Test(core, bitmap_spread_is_bresenham)
{
	static const uint64_t ns[] = {1, 2, 3, 7, 63, 64, 65, 100, 1000, 4099};

	for (size_t t = 0; t < sizeof(ns) / sizeof(ns[0]); t++) {
		uint64_t n = ns[t];
		sim_bitmap b;

		cr_assert_eq(sim_bitmap_init(&b, n * 4096, 4096), 0);
		for (uint64_t k = 1; k < n; k += 1 + k / 7) {
			uint64_t acc = 0;

			sim_bitmap_set_spread(&b, k);
			cr_assert_eq(b.dirty, k);
			for (uint64_t i = 0; i < n; i++) {
				bool want = false, got = (b.w[i >> 6] >> (i & 63)) & 1;

				acc += k;
				if (acc >= n) {
					acc -= n;
					want = true;
				}
				cr_assert_eq(got, want, "n %llu k %llu block %llu",
					     (unsigned long long)n, (unsigned long long)k,
					     (unsigned long long)i);
			}
		}
		sim_bitmap_free(&b);
	}
}

Test(core, bitmap_100tb_stays_small)
{
	sim_config cfg;
	uint64_t size = 100ull * 1000 * 1000 * 1000 * 1000, b;

	sim_config_default(&cfg);
	for (b = cfg.block_bytes; size / b + (size % b != 0) > cfg.max_blocks;)
		b *= 2;
	/* <= 2^24 bits = 2 MiB of bitmap */
	cr_assert_leq((size / b + 1) / 8, 2u << 20);
}

Test(core, fault_point_table)
{
	size_t n = sim_fault_point_count();

	cr_assert_eq(n, SIM_FP_COUNT);
	for (size_t i = 0; i < n; i++) {
		const sim_fault_point *p = sim_fault_point_at(i);

		cr_assert_not_null(p);
		cr_assert_eq(strncmp(p->name, "sim/", 4), 0);
		cr_assert_eq(sim_fault_point_find(p->name), (int)i);
		cr_assert_not_null(p->class_id);
		cr_assert_not_null(p->description);
	}
	cr_assert_null(sim_fault_point_at(n));
	cr_assert_str_eq(sim_fault_point_at(SIM_FP_DISK_WRITE)->class_id, "io_error");
	cr_assert_str_eq(sim_fault_point_at(SIM_FP_LOG_APPEND)->class_id, "log_full");
	cr_assert_str_eq(sim_fault_point_at(SIM_FP_NET_LATENCY)->class_id, "none");
	cr_assert_str_eq(sim_fault_class_id(PROV_FC_TIMEOUT), "timeout");
	cr_assert_null(sim_fault_class_id(PROV_FC_COUNT));
}

Test(core, job_kinds_and_phases)
{
	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++) {
		const char *const *names = sim_job_kind_phases(k);
		const sim_phase_def *defs;
		size_t n = 0, i;

		cr_assert_eq(sim_job_kind_parse(sim_job_kind_name(k)), k);
		defs = sim_kind_phases(k, &n);
		for (i = 0; names[i]; i++)
			cr_assert_str_eq(names[i], defs[i].name);
		cr_assert_eq(i, n);
		cr_assert_leq(n, SIM_MAX_PHASES);
	}
	cr_assert_eq(sim_job_kind_parse("nope"), -1);
	cr_assert_null(sim_job_kind_phases(SIM_JOB_KIND_COUNT));
}

Test(core, topology_validation)
{
	sim *s = sim_new(1, NULL);
	sim_group_spec g = {.node = 0, .name = "g", .log_volume = "L:", .log_capacity = 1000};
	int ga, gb;

	cr_assert_not_null(s);
	cr_assert_eq(sim_node_add(s, "a"), 0);
	cr_assert_eq(sim_node_add(s, "a"), -1);
	cr_assert_eq(sim_node_add(s, "has space"), -1);
	cr_assert_eq(sim_node_add(s, ""), -1);
	cr_assert_eq(sim_node_add(s, "b"), 1);
	ga = sim_group_add(s, &g);
	cr_assert_eq(ga, 0);
	cr_assert_eq(sim_group_add(s, &g), -1); /* duplicate name */
	g.node = 1;
	g.name = "h";
	gb = sim_group_add(s, &g);
	cr_assert_eq(sim_volume_add(s, ga, "D:", 100), 0);
	cr_assert_eq(sim_volume_add(s, gb, "D:", 99), 0);
	cr_assert_eq(sim_link_add(s, 0, 0, 1, 1), -1);
	cr_assert_eq(sim_link_add(s, 0, 1, 0, 1), -1);
	cr_assert_eq(sim_link_add(s, 0, 1, 1000, 1), 0);
	/* Destination volume smaller than its source. */
	cr_assert_eq(sim_partnership_add(s, ga, gb, 0, SIM_ASYNC), -1);
	cr_assert_eq(sim_partnership_add(s, gb, ga, 0, SIM_ASYNC), 0);
	cr_assert_eq(sim_link_partition(s, 5, 0, 0), -1);
	cr_assert_eq(sim_link_is_down(s, 0), 0);
	sim_free(s);
}
