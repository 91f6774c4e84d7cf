/*
 * PROV_CFG_NO_FAULTS: while every open instance's host said it arms no
 * provider fault point, the reference skips its libfiu checks (a point
 * enabled anyway does not fire); one instance opened without the flag, or
 * by a host too old to have flags, turns them on for every instance of
 * the process, and closing it turns them off again. Each Test runs in a
 * process of its own (Criterion), so the counts start at zero.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>

#include "srh/prov_faults.h"
#include "tpr.h"

/* Does the armed caps point fire for t's instance? */
static bool caps_point_fires(tpr *t)
{
	return (t->p.ops->capabilities(t->p.ctx) & PROV_CAP_GET_ERROR) == 0;
}

Test(fault_gate, a_quiet_instance_skips_its_checks)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open_flags(&t, NULL, PROV_ABI_VERSION, PROV_CFG_NO_FAULTS);
	tpr_failed(&t, "1", "io_error");
	cr_assert_eq(fiu_enable(PROV_FP_CAPS_GETERROR, 1, NULL, 0), 0);
	cr_expect_not(caps_point_fires(&t));
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect_not_null(e);
	tpr_free_error(&t, e);
	cr_assert_eq(fiu_disable(PROV_FP_CAPS_GETERROR), 0);
	tpr_close(&t);
}

Test(fault_gate, one_loud_instance_turns_them_on_for_all)
{
	tpr quiet, loud;

	tpr_open_flags(&quiet, NULL, PROV_ABI_VERSION, PROV_CFG_NO_FAULTS);
	cr_assert_eq(fiu_enable(PROV_FP_CAPS_GETERROR, 1, NULL, 0), 0);
	cr_expect_not(caps_point_fires(&quiet));
	tpr_open_flags(&loud, NULL, PROV_ABI_VERSION, 0);
	cr_expect(caps_point_fires(&loud));
	cr_expect(caps_point_fires(&quiet), "another instance may be the one armed for");
	tpr_close(&loud);
	cr_expect_not(caps_point_fires(&quiet), "off again once the loud instance closed");
	cr_assert_eq(fiu_disable(PROV_FP_CAPS_GETERROR), 0);
	tpr_close(&quiet);
}

/* A 1.0 host's struct ends before flags: the bit there is not read. */
Test(fault_gate, ignored_from_an_abi_1_0_host)
{
	tpr t;

	tpr_open_flags(&t, NULL, PROV_ABI_MAJOR << 16, PROV_CFG_NO_FAULTS);
	cr_assert_eq(fiu_enable(PROV_FP_CAPS_GETERROR, 1, NULL, 0), 0);
	cr_expect(caps_point_fires(&t));
	cr_assert_eq(fiu_disable(PROV_FP_CAPS_GETERROR), 0);
	tpr_close(&t);
}

/* A failed open leaves no count behind: the open's own point refuses a
 * quiet open, and a loud instance's point still fires afterwards (and a
 * quiet one's does not). */
Test(fault_gate, a_refused_open_leaves_no_count)
{
	tpr t, q;
	prov_config cfg = {PROV_ABI_VERSION, NULL, NULL, NULL, NULL, 0};
	char err[256] = "";

	tpr_open_flags(&t, NULL, PROV_ABI_VERSION, 0);
	cr_assert_eq(fiu_enable(PROV_FP_STORE_OPEN, 1, NULL, 0), 0);
	cfg.host = &t.h.host;
	cr_expect_null(t.p.ops->open(&cfg, err, sizeof err), "the armed open point refuses");
	cr_assert_eq(fiu_disable(PROV_FP_STORE_OPEN), 0);
	tpr_close(&t);
	tpr_open_flags(&q, NULL, PROV_ABI_VERSION, PROV_CFG_NO_FAULTS);
	cr_assert_eq(fiu_enable(PROV_FP_CAPS_GETERROR, 1, NULL, 0), 0);
	cr_expect_not(caps_point_fires(&q), "no loud count was left by the refused open");
	cr_assert_eq(fiu_disable(PROV_FP_CAPS_GETERROR), 0);
	tpr_close(&q);
}
