/*
 * contract.md invariant 3: rc 6 implies Error NULL and nothing of the job's
 * error reaches the caller - through GetError, GetErrors, GetInstance
 * (ErrorCode, ErrorDescription) or EnumerateInstances.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tpr.h"

static bool mentions(const cim_job *j, const char *text)
{
	return (j->error_description && strstr(j->error_description, text)) ||
	       (j->name && strstr(j->name, text));
}

Test(access, a_stranger_learns_nothing_of_the_error)
{
	tpr t;
	cim_error *e = NULL;
	cim_error **v = (cim_error **)&v;
	size_t n = 7;
	cim_job *j = (cim_job *)&j;
	cim_job **all = NULL;
	size_t n_all = 0;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "auth_refused");
	const char *iid = tpr_iid(&t, "1");

	cr_expect_eq(t.p.ops->get_error(t.p.ctx, &tpr_other, iid, &e), 6);
	cr_expect_null(e);
	cr_expect_eq(t.p.ops->get_errors(t.p.ctx, &tpr_other, iid, &v, &n), 6);
	cr_expect_null(v);
	cr_expect_eq(n, 0u);
	cr_expect_eq(t.p.ops->get_instance(t.p.ctx, &tpr_other, iid, &j), 6);
	cr_expect_null(j);
	cr_expect_eq(t.p.ops->enumerate_instances(t.p.ctx, &tpr_other, &all, &n_all), 0);
	cr_expect_eq(n_all, 0u, "the stranger sees none of alice's jobs");
	t.p.ops->free_jobs(t.p.ctx, all, n_all);
	/* The engine was not even asked on the stranger's behalf. */
	cr_expect_eq(t.h.n_queries, 0);
	tpr_close(&t);
}

Test(access, owner_and_admin_see_the_job_and_its_error_description)
{
	tpr t;
	cim_job **all = NULL;
	size_t n_all = 0;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "auth_refused");
	cr_assert_eq(fh_running(&t.p, "2", "bob"), 0);
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_assert_not_null(e);

	const prov_principal *who[] = {&tpr_owner, &tpr_admin};
	const size_t expect_n[] = {1, 2};
	for (size_t w = 0; w < 2; w++) {
		cr_assert_eq(t.p.ops->enumerate_instances(t.p.ctx, who[w], &all, &n_all), 0);
		cr_expect_eq(n_all, expect_n[w], "%s", who[w]->name);
		for (size_t i = 0; i < n_all; i++) {
			if (strcmp(all[i]->instance_id, "SRSIM:1") == 0) {
				cr_expect(mentions(all[i], "refused authentication"));
				cr_expect_str_eq(all[i]->error_description, e->message);
			}
		}
		t.p.ops->free_jobs(t.p.ctx, all, n_all);
	}
	tpr_free_error(&t, e);
	tpr_close(&t);
}

Test(access, the_stranger_is_refused_even_for_a_running_job_and_a_removed_one_is_5)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_running(&t, "1");
	cr_expect_eq(tpr_get_error(&t, &tpr_other, "1", &e), 6);
	/* A job that does not exist is 5 for everyone: existence is checked
	 * first, and says nothing about any job's error. */
	cr_expect_eq(tpr_get_error(&t, &tpr_other, "77", &e), 5);
	cr_expect_null(e);
	tpr_close(&t);
}
