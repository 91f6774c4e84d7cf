/*
 * test_xpl.c - the explore room without a provider: the generator (same
 * seed, same bytes; every scenario validates and round-trips; the features
 * are all reached), the shrinker on a predicate over the model, failure keys
 * and the differential comparison of two results.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "sim.h"
#include "srh/prov_faults.h"
#include "xpl.h"

#define N_SEEDS 2000

static char *text_of(const scn_scenario *s)
{
	char *t = NULL;
	size_t len;

	cr_assert_eq(scn_write_string(s, &t, &len), 0);
	return t;
}

static scn_scenario *gen(uint64_t seed, uint64_t i)
{
	scn_scenario *s = NULL;
	char err[SCN_ERRLEN];

	cr_assert_eq(xpl_gen(seed, i, &s, err, sizeof(err)), 0, "gen %lu/%lu: %s",
		     (unsigned long)seed, (unsigned long)i, err);
	return s;
}

Test(xpl_gen, same_seed_same_bytes)
{
	for (uint64_t i = 0; i < 200; i++) {
		scn_scenario *a = gen(7, i), *b = gen(7, i);
		char *ta = text_of(a), *tb = text_of(b);
		cr_assert_str_eq(ta, tb, "run %lu differs", (unsigned long)i);
		free(ta);
		free(tb);
		scn_free(a);
		scn_free(b);
	}
}

Test(xpl_gen, seeds_differ)
{
	size_t same = 0;

	for (uint64_t i = 0; i < 50; i++) {
		scn_scenario *a = gen(1, i), *b = gen(2, i);
		char *ta = text_of(a), *tb = text_of(b);
		/* the names differ by construction: compare past the first line */
		same += strcmp(strchr(ta, '\n'), strchr(tb, '\n')) == 0;
		free(ta);
		free(tb);
		scn_free(a);
		scn_free(b);
	}
	cr_assert_lt(same, 5, "%zu of 50 scenarios equal across seeds", same);
}

/* Every generated scenario reads back equal from its canonical text, and
 * that text is a fixed point of the writer. */
Test(xpl_gen, validates_and_round_trips)
{
	for (uint64_t i = 0; i < N_SEEDS; i++) {
		scn_scenario *a = gen(42, i), *b = NULL;
		char *ta = text_of(a), *tb;
		char err[SCN_ERRLEN], why[256];
		cr_assert_eq(scn_validate(a, srh_scn_names(), err, sizeof(err)), 0, "%s", err);
		cr_assert_eq(scn_parse_string(a->name, ta, strlen(ta), srh_scn_names(), &b, err,
					      sizeof(err)),
			     0, "run %lu: %s\n%s", (unsigned long)i, err, ta);
		cr_assert(scn_equal(a, b, why, sizeof(why)), "run %lu: %s", (unsigned long)i, why);
		tb = text_of(b);
		cr_assert_str_eq(ta, tb);
		free(ta);
		free(tb);
		scn_free(a);
		scn_free(b);
	}
}

typedef struct reach {
	bool kind[SIM_JOB_KIND_COUNT];
	bool trig[5];
	bool call[6];
	bool restart, advance, invalid_rs, null_iid, other, admin, hold, keep, tbr0, pfault;
	bool overlap;
} reach;

static void note_point(const char *p, const char *const *names, bool *seen)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(p, names[i]) == 0)
			seen[i] = true;
}

static void reach_actions(const scn_scenario *s, reach *r)
{
	for (size_t k = 0; k < s->n_actions; k++) {
		const scn_action *a = &s->actions[k];
		r->restart |= a->kind == SCN_ACT_RESTART;
		r->advance |= a->kind == SCN_ACT_ADVANCE;
		if (a->kind == SCN_ACT_CALL)
			r->call[a->call] = true;
		r->invalid_rs |= a->call == SCN_CALL_REQUEST_STATE_CHANGE &&
				 (a->requested_state < 2 || a->requested_state > 6);
		r->null_iid |= a->has_instance_id && !a->instance_id;
		r->other |= a->principal && strcmp(a->principal, s->job.owner) != 0;
		r->admin |= a->admin;
	}
}

/* Swarm: over many scenarios every feature turns up. */
/* Is name a point of the provider's open (PROV_FP_AT_OPEN)? */
static bool point_at_open(const char *name)
{
	size_t n;
	const prov_fault_point *pf = prov_fault_points(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(pf[i].name, name) == 0)
			return pf[i].events == PROV_FP_AT_OPEN;
	return false;
}

Test(xpl_gen, reaches_every_feature)
{
	const scn_names *nm = srh_scn_names();
	bool sp[32] = {0}, pp[32] = {0};
	reach r = {0};
	size_t n_sp = 0, n_pp = 0;

	for (uint64_t i = 0; i < N_SEEDS; i++) {
		scn_scenario *s = gen(3, i);
		r.kind[sim_job_kind_parse(s->job.kind)] = true;
		for (size_t k = 0; k < s->n_faults; k++) {
			note_point(s->faults[k].point, nm->sim_points, sp);
			r.trig[s->faults[k].trigger] = true;
			r.overlap |=
			    k > 0 && strcmp(s->faults[k].point, s->faults[k - 1].point) == 0;
		}
		for (size_t k = 0; k < s->n_prov_faults; k++)
			note_point(s->prov_faults[k].point, nm->prov_points, pp);
		r.pfault |= s->n_prov_faults > 0;
		reach_actions(s, &r);
		r.hold |= s->job.hold;
		r.keep |= !s->job.delete_on_completion;
		r.tbr0 |= s->job.time_before_removal_ns == 0;
		scn_free(s);
	}
	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++)
		cr_expect(r.kind[k], "job kind %s never generated", sim_job_kind_name(k));
	for (size_t k = 0; nm->sim_points[k]; k++, n_sp++)
		cr_expect(sp[k], "%s never generated", nm->sim_points[k]);
	/* Explore leaves the open's points out (xpl_gen.c): it cannot judge
	 * a refused open. */
	for (size_t k = 0; nm->prov_points[k]; k++, n_pp++)
		if (point_at_open(nm->prov_points[k]))
			cr_expect_not(pp[k], "%s generated", nm->prov_points[k]);
		else
			cr_expect(pp[k], "%s never generated", nm->prov_points[k]);
	cr_assert_gt(n_sp, 10);
	cr_assert_gt(n_pp, 4);
	for (int k = 0; k < 5; k++)
		cr_expect(r.trig[k], "trigger %d never generated", k);
	for (int k = 1; k <= 5; k++)
		cr_expect(r.call[k], "call %s never generated", scn_call_name((scn_call)k));
	cr_expect(r.restart && r.advance && r.invalid_rs && r.null_iid && r.other && r.admin);
	cr_expect(r.hold && r.keep && r.tbr0 && r.pfault && r.overlap);
}

/* Several jobs at once: on the same and on another group, one owner's and
 * two owners', submitted at once and staggered, each addressed by faults
 * and actions (job:), and the final GetError on a later job. */
Test(xpl_gen, several_jobs)
{
	bool same = false, other = false, one_owner = false, two_owners = false;
	bool together = false, staggered = false, act_later = false, fault_later = false;
	bool final_later = false;

	for (uint64_t i = 0; i < N_SEEDS; i++) {
		scn_scenario *s = gen(7, i);
		/* the simulator refuses a job on a removed group: only the
		 * last job may remove one */
		for (size_t k = 0; k + 1 < scn_job_count(s); k++)
			cr_assert_str_neq(scn_job_at(s, k)->kind, "remove_group", "run %lu job %zu",
					  (unsigned long)i, k);
		for (size_t k = 0; k < s->n_more_jobs; k++) {
			const scn_job *j = &s->more_jobs[k];
			same |= !j->other_group;
			other |= j->other_group;
			one_owner |= strcmp(j->owner, s->job.owner) == 0;
			two_owners |= strcmp(j->owner, s->job.owner) != 0;
			together |= j->at_ns == 0;
			staggered |= j->at_ns > 0;
		}
		for (size_t k = 0; k < s->n_actions; k++)
			act_later |= s->actions[k].job && scn_job_find(s, s->actions[k].job) > 0;
		for (size_t k = 0; k < s->n_faults; k++)
			fault_later |= s->faults[k].job && scn_job_find(s, s->faults[k].job) > 0;
		final_later |= s->final_job && scn_job_find(s, s->final_job) > 0;
		scn_free(s);
	}
	cr_expect(same && other, "same group %d, other group %d", same, other);
	cr_expect(one_owner && two_owners && together && staggered);
	cr_expect(act_later && fault_later && final_later);
}

/* ---- shrinking -------------------------------------------------------------- */

/* "Fails" when some action is a GetErrors call. */
static int has_geterrors(void *ctx, const scn_scenario *s)
{
	(*(unsigned *)ctx)++;
	for (size_t i = 0; i < s->n_actions; i++)
		if (s->actions[i].kind == SCN_ACT_CALL && s->actions[i].call == SCN_CALL_GET_ERRORS)
			return 1;
	return 0;
}

static scn_scenario *big_with_geterrors(void)
{
	for (uint64_t i = 0; i < 5000; i++) {
		scn_scenario *s = gen(11, i);
		unsigned c = 0;
		if (s->n_actions >= 4 && s->n_faults >= 2 && has_geterrors(&c, s))
			return s;
		scn_free(s);
	}
	cr_assert_fail("no big scenario with GetErrors generated");
	return NULL;
}

Test(xpl_shrink, reduces_to_the_one_action)
{
	scn_scenario *s = big_with_geterrors(), *a = NULL, *b = NULL;
	unsigned calls = 0, tried = 0;
	char *ta, *tb;

	cr_assert_eq(xpl_shrink(s, has_geterrors, &calls, 1000, &a, &tried), 0);
	cr_assert_eq(a->n_actions, 1);
	cr_assert_eq(a->actions[0].call, SCN_CALL_GET_ERRORS);
	cr_assert_eq(a->actions[0].when.kind, SCN_WHEN_NEXT);
	cr_assert_str_eq(a->actions[0].principal, a->job.owner);
	cr_assert_eq(a->n_faults + a->n_prov_faults, 0);
	cr_assert_eq(calls, tried);
	cr_assert_eq(scn_validate(a, srh_scn_names(), NULL, 0), 0);
	/* deterministic */
	cr_assert_eq(xpl_shrink(s, has_geterrors, &calls, 1000, &b, &tried), 0);
	ta = text_of(a);
	tb = text_of(b);
	cr_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	scn_free(a);
	scn_free(b);
	scn_free(s);
}

/* "Fails" when some fault is armed on a job other than the first. */
static int later_job_fault(void *ctx, const scn_scenario *s)
{
	(*(unsigned *)ctx)++;
	for (size_t i = 0; i < s->n_faults; i++)
		if (scn_job_find(s, s->faults[i].job) > 0)
			return 1;
	return 0;
}

/* A three-job scenario shrinks to two jobs, one fault, no action; one that
 * needs no second job goes back to the one-job form. */
Test(xpl_shrink, drops_jobs)
{
	scn_scenario *s = NULL, *a = NULL;
	unsigned calls = 0, tried = 0;

	for (uint64_t i = 0; i < 5000 && !s; i++) {
		s = gen(13, i);
		if (s->n_more_jobs == 2 && s->n_actions >= 3 && later_job_fault(&calls, s) &&
		    has_geterrors(&calls, s))
			break;
		scn_free(s);
		s = NULL;
	}
	cr_assert_not_null(s, "no three-job scenario with GetErrors and a fault on a later job");
	cr_assert_eq(xpl_shrink(s, later_job_fault, &calls, 2000, &a, &tried), 0);
	cr_assert_eq(a->n_more_jobs, 1);
	cr_assert_eq(a->n_faults, 1);
	cr_assert_eq(a->n_actions, 0);
	cr_assert_eq(a->more_jobs[0].at_ns, 0);
	cr_assert_eq(scn_validate(a, srh_scn_names(), NULL, 0), 0);
	scn_free(a);
	cr_assert_eq(xpl_shrink(s, has_geterrors, &calls, 2000, &a, &tried), 0);
	/* the GetErrors stays, on the one job left */
	cr_assert_eq(a->n_actions, 1);
	cr_assert_eq(a->n_more_jobs, 0);
	cr_assert_null(a->job.id);
	cr_assert_null(a->actions[0].job);
	scn_free(a);
	scn_free(s);
}

static int never(void *ctx, const scn_scenario *s)
{
	(void)ctx;
	(void)s;
	return 0;
}

Test(xpl_shrink, keeps_the_input_when_nothing_smaller_fails)
{
	scn_scenario *s = gen(5, 1), *a = NULL;
	char *ta, *tb;
	unsigned tried = 0;

	cr_assert_eq(xpl_shrink(s, never, NULL, 1000, &a, &tried), 0);
	ta = text_of(s);
	tb = text_of(a);
	cr_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	scn_free(a);
	scn_free(s);
}

/* ---- keys and differences ----------------------------------------------------- */

typedef struct keys {
	char k[8][64];
	size_t n;
} keys;

static void on_key(void *ctx, const char *key, const char *detail)
{
	keys *k = ctx;

	(void)detail;
	if (k->n < 8)
		snprintf(k->k[k->n++], sizeof(k->k[0]), "%s", key);
}

Test(xpl_keys, each_rule_once_without_scenario_when)
{
	srh_result r;
	keys k = {0};

	srh_result_init(&r);
	srh_result_fail(&r, "MUST-2 a", 0, false, NULL, "x", "y", 0, 1);
	srh_result_fail(&r, "MUST-2 a", 0, false, NULL, "x", "y", 0, 2);
	srh_result_fail(&r, "scenario-when", 0, false, NULL, "x", "y", 0, 3);
	srh_result_fail(&r, "SHOULD-1 b", 1, false, NULL, "x", "y", 0, 4);
	srh_result_settle(&r);
	cr_assert_eq(xpl_keys(&r, on_key, &k), 2);
	cr_assert_str_eq(k.k[0], "MUST-2 a");
	cr_assert_str_eq(k.k[1], "SHOULD-1 b");
	srh_result_free(&r);
}

Test(xpl_keys, crash_is_a_key)
{
	srh_result r;
	keys k = {0};

	srh_result_init(&r);
	r.verdict = SRH_CRASH;
	r.signal = 11;
	cr_assert_eq(xpl_keys(&r, on_key, &k), 1);
	cr_assert_str_eq(k.k[0], "CRASH SIGSEGV");
	srh_result_free(&r);
}

static void add_call(srh_result *r, uint32_t rc, bool error, uint16_t js)
{
	srh_call_rec c = {0};

	c.call = SCN_CALL_GET_ERROR;
	c.time_ns = 5;
	c.rc = rc;
	c.has_job = 1;
	c.job_state = js;
	c.op_status[0] = 2;
	c.n_op_status = 1;
	if (error) {
		c.errors = calloc(1, sizeof(*c.errors));
		c.errors[0] = calloc(1, sizeof(cim_error));
		c.errors[0]->message_id = strdup("SRSIM0001");
		c.n_errors = 1;
	}
	srh_result_call(r, &c);
}

Test(xpl_diff, same_results_no_difference)
{
	srh_result a, b;

	srh_result_init(&a);
	srh_result_init(&b);
	add_call(&a, 0, true, 10);
	add_call(&b, 0, true, 10);
	cr_assert_eq(xpl_diff(&a, &b, NULL, NULL), 0);
	srh_result_free(&a);
	srh_result_free(&b);
}

Test(xpl_diff, rc_error_and_state_differences)
{
	srh_result a, b;
	keys k = {0};

	srh_result_init(&a);
	srh_result_init(&b);
	add_call(&a, 4, false, 4);
	add_call(&b, 0, true, 10);
	cr_assert_eq(xpl_diff(&a, &b, on_key, &k), 3);
	cr_assert_str_eq(k.k[0], "DIFF rc");
	cr_assert_str_eq(k.k[1], "DIFF error");
	cr_assert_str_eq(k.k[2], "DIFF JobState");
	srh_result_free(&a);
	srh_result_free(&b);
}

Test(xpl_diff, error_property_named)
{
	srh_result a, b;
	keys k = {0};

	srh_result_init(&a);
	srh_result_init(&b);
	add_call(&a, 0, true, 10);
	add_call(&b, 0, true, 10);
	a.calls[0].errors[0]->probable_cause = 1;
	cr_assert_eq(xpl_diff(&a, &b, on_key, &k), 1);
	cr_assert_str_eq(k.k[0], "DIFF Error.ProbableCause");
	srh_result_free(&a);
	srh_result_free(&b);
}
