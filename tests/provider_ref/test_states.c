/*
 * Error NULL or present for every JobState, and the OperationalStatus that
 * goes with it: contract.md, "Job paths, states and the Error" and the
 * GetError rc 0 row ("NULL while the job has not ended (New, Starting,
 * Running, Suspended, Shutting Down, Query Pending, Service) and when it
 * ended without error ... a full CIM_Error when ... Exception, Terminated,
 * Killed").
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "tpr.h"

typedef struct state_case {
	uint16_t js;
	bool error;	/* Error present */
	uint16_t os[2]; /* OperationalStatus */
	size_t n_os;
	/* Arrays, not pointers: Criterion hands each parameter to a
	 * re-executed worker by value. */
	char cls[24];	   /* fault class of the ending, "" when none */
	char other_et[32]; /* OtherErrorType the profile gives, "" when none */
} state_case;

/* Expected values written from contract.md (not from the provider). */
static state_case cases[] = {
    {2, false, {15, 0}, 1, "", ""}, /* New: Dormant */
    {3, false, {2, 0}, 1, "", ""},  /* Starting */
    {4, false, {2, 0}, 1, "", ""},  /* Running */
    {5, false, {2, 0}, 1, "", ""},  /* Suspended */
    {6, false, {2, 0}, 1, "", ""},  /* Shutting Down */
    {7, false, {2, 17}, 2, "", ""}, /* Completed {OK, Completed} */
    {8, true, {10, 0}, 1, "client_terminate", "Terminated by client"},
    {9, true, {14, 0}, 1, "client_kill", "Killed by client"},
    {10, true, {6, 17}, 2, "io_error", ""}, /* Exception {Error, Completed} */
    {11, false, {2, 0}, 1, "", ""},	    /* Service */
    {12, false, {2, 0}, 1, "", ""},	    /* Query Pending */
    {32768, false, {2, 0}, 1, "", ""},	    /* a vendor state, not ended */
};

ParameterizedTestParameters(states, error_per_job_state)
{
	return cr_make_param_array(state_case, cases, sizeof cases / sizeof cases[0]);
}

static void drive(tpr *t, const state_case *c)
{
	cr_assert_eq(fh_created(&t->p, "1", tpr_owner.name, 0, 0), 0);
	if (c->js == CIM_JS_NEW)
		return;
	cr_assert_eq(fh_state(&t->p, "1", CIM_JS_RUNNING), 0);
	if (!cim_job_state_is_final(c->js)) {
		if (c->js != CIM_JS_RUNNING)
			cr_assert_eq(fh_state(&t->p, "1", c->js), 0);
		return;
	}
	bool has = c->cls[0] != '\0';
	prov_fault f = has ? fh_fault_of(c->cls) : (prov_fault){0};
	cr_assert_eq(fh_end(&t->p, "1", c->js, has ? &f : NULL, has ? "alice" : NULL), 0);
}

ParameterizedTest(state_case *c, states, error_per_job_state)
{
	tpr t;
	cim_error *e = NULL;
	cim_error **v = NULL;
	size_t n = 0;

	tpr_open(&t, NULL, NULL);
	drive(&t, c);
	cr_expect_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0, "JobState %u", c->js);
	cr_expect_eq(e != NULL, c->error, "JobState %u: Error %s", c->js, e ? "present" : "NULL");
	if (e && c->other_et[0]) {
		cr_expect_eq(e->error_type, 1);
		cr_expect_str_eq(e->other_error_type, c->other_et);
	}
	/* GetErrors: none unless the job ended in error; then GetError's. */
	cr_expect_eq(t.p.ops->get_errors(t.p.ctx, &tpr_owner, tpr_iid(&t, "1"), &v, &n), 0);
	cr_expect_eq(n, c->error ? 1u : 0u);
	if (n == 1 && e)
		cr_expect(cim_error_equal(v[0], e));
	t.p.ops->free_errors(t.p.ctx, v, n);
	tpr_free_error(&t, e);

	cim_job *j = tpr_instance(&t, "1");
	cr_expect_eq(j->job_state, c->js);
	cr_expect_eq(j->n_op_status, c->n_os, "JobState %u", c->js);
	for (size_t i = 0; i < c->n_os && i < j->n_op_status; i++)
		cr_expect_eq(j->op_status[i], c->os[i], "JobState %u os[%zu]", c->js, i);
	/* MUST: OK is absent when the job failed, was terminated or killed. */
	for (size_t i = 0; c->error && i < j->n_op_status; i++)
		cr_expect_neq(j->op_status[i], 2);
	t.p.ops->free_job(t.p.ctx, j);
	tpr_close(&t);
}
