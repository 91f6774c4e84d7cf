/*
 * test_scn_model.c - the scenario model's three faces: every suite and
 * example file parses, writes, and parses back to an equal model (and the
 * second write is byte-identical); a model built in code with every field
 * set, then changed one field at a time, does the same; scn_validate
 * reports a bad field of a model built in code by its path.
 */
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "scn.h"
#include "test_scn_names.h"

/* write(m) parses back equal to m, and writing that gives the same bytes. */
static void roundtrip(const scn_scenario *m, const scn_names *names, const char *what)
{
	char err[SCN_ERRLEN], why[256];
	char *t1, *t2;
	size_t l1, l2;
	scn_scenario *back;

	cr_assert_eq(scn_write_string(m, &t1, &l1), 0, "%s: write", what);
	cr_assert_eq(scn_parse_string("w.yaml", t1, l1, names, &back, err, sizeof(err)), 0,
		     "%s: written text does not parse: %s\n%s", what, err, t1);
	cr_expect(scn_equal(m, back, why, sizeof(why)), "%s: differs at %s\n%s", what, why, t1);
	cr_assert_eq(scn_write_string(back, &t2, &l2), 0);
	cr_expect(l1 == l2 && memcmp(t1, t2, l1) == 0, "%s: not stable:\n%s\n---\n%s", what, t1,
		  t2);
	free(t1);
	free(t2);
	scn_free(back);
}

static void roundtrip_dir(const char *dir, const scn_names *names)
{
	char err[SCN_ERRLEN];
	char **paths;
	size_t n;

	cr_assert_eq(scn_list_dir(dir, &paths, &n, err, sizeof(err)), 0, "%s", err);
	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++) {
		scn_scenario *s;

		cr_assert_eq(scn_parse_file(paths[i], names, &s, err, sizeof(err)), 0, "%s", err);
		roundtrip(s, names, paths[i]);
		scn_free(s);
	}
	scn_list_free(paths, n);
}

Test(scn_model, suite_roundtrip)
{
	roundtrip_dir(SCN_SUITE_DIR, NULL); /* the suite uses the real tables */
}

Test(scn_model, examples_roundtrip)
{
	roundtrip_dir(SCN_EXAMPLES_DIR, &t_names);
}

/* ---- a model built in code ---- */

static char *dup(const char *s)
{
	char *d = strdup(s);

	cr_assert_not_null(d);
	return d;
}

static void *arr(size_t n, size_t size)
{
	void *p = calloc(n, size);

	cr_assert_not_null(p);
	return p;
}

/* Every field set to a value other than its default. */
static scn_scenario *full(void)
{
	scn_scenario *s = arr(1, sizeof(*s));
	scn_action *a;
	scn_expect *e;

	s->name = dup("code.every_field");
	s->description = dup("Built in code: every field set, a long description that does not "
			     "fit on one line of the canonical form and so is folded there.");
	s->contract = dup("contract.md: invariant 6 (\"stable\"), rc 5: quoted # text");
	s->note = dup("a note: with a colon");
	s->n_tags = 2;
	s->tags = arr(2, sizeof(char *));
	s->tags[0] = dup("code");
	s->tags[1] = dup("-dash");
	s->seed = 42;
	s->topology.source = (scn_side){dup("NODE-A"), dup("G1"), 10ull << 30, 3000000000ull};
	s->topology.destination = (scn_side){dup("NODE-B"), dup("G2"), 5ull << 20, 1ull << 40};
	s->topology.bandwidth_bps = 250000000ull;
	s->topology.latency_ns = 1500000ull;
	s->topology.mode = SCN_MODE_ASYNCHRONOUS;
	s->job = (scn_job){NULL,
			   0,
			   false,
			   dup("resync"),
			   dup("bob"),
			   7200000000000ull,
			   30000000000ull,
			   false,
			   10000000000ull,
			   true,
			   123456789ull,
			   4096ull,
			   0};
	s->provider_options = dup("deadline_ms=2000;caps=geterror,rsc");
	s->n_prov_faults = 3;
	s->prov_faults = arr(3, sizeof(scn_prov_fault));
	s->prov_faults[0] =
	    (scn_prov_fault){dup("prov/store/read"), SCN_PTRIG_NTH, 2, 0, true, 5, dup("nth"), 0};
	s->prov_faults[1] = (scn_prov_fault){
	    dup("prov/engine/slow"), SCN_PTRIG_ALWAYS, 0, 0, true, 3000000000ull, NULL, 0};
	s->prov_faults[2] =
	    (scn_prov_fault){dup("prov/error/alloc"), SCN_PTRIG_AT_ACTION, 0, 1, false, 0, NULL, 0};
	s->n_faults = 2;
	s->faults = arr(2, sizeof(scn_fault));
	s->faults[0] = (scn_fault){.point = dup("sim/disk/write"),
				   .trigger = SCN_TRIG_PROBABILITY,
				   .probability = 0.05,
				   .has_duration = true,
				   .duration_ns = 500000000ull,
				   .has_failinfo = true,
				   .failinfo = 5,
				   .count = 3,
				   .recover = true,
				   .note = dup("tab\there, \"quotes\", é and \x01")};
	s->faults[1] = (scn_fault){.point = dup("sim/net/partition"),
				   .trigger = SCN_TRIG_AT_PHASE,
				   .phase = dup("copy"),
				   .count = SCN_COUNT_FOREVER};
	s->n_actions = 2;
	s->actions = a = arr(2, sizeof(scn_action));
	a[0].when.kind = SCN_WHEN_AT_STATE;
	a[0].when.state = 4;
	a[0].kind = SCN_ACT_CALL;
	a[0].call = SCN_CALL_REQUEST_STATE_CHANGE;
	a[0].requested_state = 7; /* a reserved RequestedState: sent as is */
	a[0].timeout_period_ns = 3000000000ull;
	a[0].principal = dup("root");
	a[0].admin = true;
	a[0].has_instance_id = true;
	a[0].instance_id = dup("null");
	a[0].note = dup("first");
	a[0].n_expects = 2;
	a[0].expects = e = arr(2, sizeof(scn_expect));
	e[0] = (scn_expect){.prop = SCN_P_RC, .level = SCN_MUST, .num = 4096};
	e[1] = (scn_expect){.prop = SCN_P_JOB_STATE, .level = SCN_SHOULD, .num = 32768};
	a[1].id = dup("read-it");
	a[1].when.kind = SCN_WHEN_AT_PERCENT;
	a[1].when.percent = 50;
	a[1].kind = SCN_ACT_CALL;
	a[1].call = SCN_CALL_GET_ERRORS;
	a[1].principal = dup("bob");
	a[1].n_expects = 5;
	a[1].expects = e = arr(5, sizeof(scn_expect));
	e[0] = (scn_expect){.prop = SCN_P_ERRORS, .level = SCN_MUST, .num = 2};
	e[1] = (scn_expect){.prop = SCN_P_E_MESSAGE, .level = SCN_MUST, .str = dup("a, b: {c}")};
	e[2] = (scn_expect){.prop = SCN_P_E_MESSAGE_ID,
			    .level = SCN_MUST,
			    .match = SCN_M_GLOB,
			    .str = dup("SR[0-9]*")};
	e[3] = (scn_expect){.prop = SCN_P_E_MESSAGE_ARGUMENTS,
			    .level = SCN_SHOULD,
			    .n_strs = 2,
			    .strs = arr(2, sizeof(char *))};
	e[3].strs[0] = dup("x, y");
	e[3].strs[1] = dup("true");
	e[4] = (scn_expect){.prop = SCN_P_OP_STATUS_LACKS,
			    .level = SCN_SHOULD,
			    .n_nums = 2,
			    .nums = arr(2, sizeof(uint16_t))};
	e[4].nums[0] = 2;
	e[4].nums[1] = 6;
	s->n_final = 2;
	s->final = e = arr(2, sizeof(scn_expect));
	e[0] = (scn_expect){.prop = SCN_P_PERCENT, .level = SCN_MUST, .num = 100};
	e[1] = (scn_expect){
	    .prop = SCN_P_E_RECOMMENDED_ACTIONS, .level = SCN_SHOULD, .match = SCN_M_PRESENT};
	return s;
}

static const char *const m_prov[] = {"prov/store/read", "prov/engine/slow", "prov/error/alloc",
				     NULL};
static const scn_names m_names = {t_kinds, t_sim_points, m_prov, t_phases};

Test(scn_model, built_in_code_roundtrip)
{
	char err[SCN_ERRLEN];
	scn_scenario *s = full();

	cr_assert_eq(scn_validate(s, &m_names, err, sizeof(err)), 0, "%s", err);
	roundtrip(s, &m_names, "full");
	scn_free(s);
}

/* One field changed at a time, each change kept valid: still equal after
 * the round trip, and no longer equal to the unchanged model (so the
 * comparison sees that field). */
#define CHANGES(X)                                                                                 \
	X(s->seed = 1)                                                                             \
	X(s->topology.destination.data_size = s->topology.source.data_size)                        \
	X(s->topology.source.data_size = 1ull << 30)                                               \
	X(s->topology.latency_ns = 1)                                                              \
	X(s->job.time_before_removal_ns = 86400000000000ull)                                       \
	X(s->job.delete_on_completion = true)                                                      \
	X(s->job.hold = false)                                                                     \
	X(s->faults[0].probability = 1.0 / 3.0)                                                    \
	X(s->faults[0].count = 1)                                                                  \
	X(s->faults[0].failinfo = 1000)                                                            \
	X(s->faults[1].trigger = SCN_TRIG_AT_TIME)                                                 \
	X(s->prov_faults[0].failinfo = 18446744073709551615ull)                                    \
	X(s->prov_faults[1].has_failinfo = false)                                                  \
	X(s->actions[0].when.kind = SCN_WHEN_AT_END)                                               \
	X(s->actions[0].requested_state = 3)                                                       \
	X(s->actions[0].admin = false)                                                             \
	X(s->actions[0].principal[0] = 'R')                                                        \
	X(s->actions[0].timeout_period_ns = 0)                                                     \
	X(s->actions[1].expects[1].match = SCN_M_NULL)                                             \
	X(s->actions[1].expects[4].nums[1] = 32769)                                                \
	X(s->final[0].num = 0)

Test(scn_model, one_field_at_a_time)
{
	char err[SCN_ERRLEN];
	scn_scenario *ref = full();
	int k = 0;

#define CHANGE_(stmt)                                                                              \
	{                                                                                          \
		scn_scenario *s = full();                                                          \
		stmt;                                                                              \
		cr_assert_eq(scn_validate(s, &m_names, err, sizeof(err)), 0, "%s: %s", #stmt,      \
			     err);                                                                 \
		cr_expect_not(scn_equal(s, ref, NULL, 0), "%s: not seen by scn_equal", #stmt);     \
		roundtrip(s, &m_names, #stmt);                                                     \
		scn_free(s);                                                                       \
		k++;                                                                               \
	}
	CHANGES(CHANGE_)
#undef CHANGE_
	cr_expect_eq(k, 21);
	scn_free(ref);
}

/* validate names the field of a model built in code. */
static void invalid(void (*change)(scn_scenario *), const char *want)
{
	char err[SCN_ERRLEN];
	scn_scenario *s = full();

	change(s);
	cr_expect_eq(scn_validate(s, &m_names, err, sizeof(err)), -1, "%s accepted", want);
	cr_expect(strstr(err, want) == err, "want \"%s...\", got \"%s\"", want, err);
	scn_free(s);
}

static void bad_kind(scn_scenario *s)
{
	s->job.kind[0] = 'X';
}
static void bad_percent(scn_scenario *s)
{
	s->actions[1].when.percent = 101;
}
static void bad_rc(scn_scenario *s)
{
	s->actions[0].expects[0].num = 7;
}
static void bad_action_ref(scn_scenario *s)
{
	s->prov_faults[2].action = 0; /* action 0 has no id */
}
static void bad_dup_id(scn_scenario *s)
{
	s->actions[0].id = strdup("read-it");
}
static void bad_where(scn_scenario *s)
{
	s->actions[0].expects[1].prop = SCN_P_E_MESSAGE; /* not on RequestStateChange */
}
static void bad_utf8(scn_scenario *s)
{
	s->note[0] = (char)0xff;
}
static void bad_opstat(scn_scenario *s)
{
	s->actions[1].expects[4].nums[0] = 20; /* DMTF Reserved */
}

Test(scn_model, validate_names_the_field)
{
	invalid(bad_kind, "job.kind: unknown job kind \"Xesync\"; allowed: initial_sync, ");
	invalid(bad_percent, "actions[1].at_percent: at_percent must be a percentage 0..100");
	invalid(bad_rc, "actions[0].expect.rc: rc 7 is DMTF Reserved in RequestStateChangeReturn");
	invalid(bad_action_ref, "provider.faults[2].at_action: at_action 0 is not an action");
	invalid(bad_dup_id, "actions[1].id: action id \"read-it\" is already used by actions[0]");
	invalid(bad_where, "actions[0].should.Error.Message: key \"Error.Message\" does not apply");
	invalid(bad_utf8, "note: note is not valid UTF-8");
	invalid(bad_opstat,
		"actions[1].should.OperationalStatus.lacks: OperationalStatus.lacks 20");
}

/* A parsed model's validate errors cite file:line, as the parser does. */
Test(scn_model, validate_cites_the_line)
{
	static const char text[] = "name: t\njob:\n  kind: resync\nactions:\n"
				   "  - call: GetError\n    expect: {rc: Success}\n";
	char err[SCN_ERRLEN];
	scn_scenario *s;

	cr_assert_eq(scn_parse_string("v.yaml", text, strlen(text), &t_names, &s, err, sizeof(err)),
		     0, "%s", err);
	s->job.kind[0] = 'X';
	cr_expect_eq(scn_validate(s, &t_names, err, sizeof(err)), -1);
	cr_expect(strstr(err, "v.yaml:3: unknown job kind \"Xesync\"") == err, "%s", err);
	s->job.kind[0] = 'r';
	s->actions[0].expects[0].num = 9;
	cr_expect_eq(scn_validate(s, &t_names, err, sizeof(err)), -1);
	cr_expect(strstr(err, "v.yaml:6: rc 9 is DMTF Reserved") == err, "%s", err);
	scn_free(s);
}
