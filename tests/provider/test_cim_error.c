/* test_cim_error.c - CIM_Error and job copies: deep, equal, freed. */
#include <criterion/criterion.h>

#include <stddef.h>

#include "srh/cim.h"
#include "test_fixture_cim.h"

Test(error, dup_is_deep_and_equal)
{
	cim_error *e = fx_error();
	cim_error *d = cim_error_dup(e);

	cr_assert_not_null(d);
	cr_expect(cim_error_equal(e, d));
	cr_expect_neq(d->message_id, e->message_id, "strings are copied, not shared");
	cr_expect_neq(d->message_arguments, e->message_arguments);
	cr_expect_neq(d->message_arguments[0], e->message_arguments[0]);
	cr_expect_eq(d->n_message_arguments, 4);
	cr_expect_str_eq(d->message_arguments[3], "EIO");
	cr_expect_eq(d->n_recommended_actions, 2);
	cr_expect_null(d->other_error_type, "NULL stays NULL");
	cim_error_free(e);
	/* The copy outlives the original. */
	cr_expect_str_eq(d->error_source, "SRSIM_ReplicaJob.InstanceID=\"SRSIM:job-1\"");
	cim_error_free(d);
}

Test(error, null_handling)
{
	cim_error *e = fx_error();

	cr_expect_null(cim_error_dup(NULL));
	cim_error_free(NULL);
	cr_expect(cim_error_equal(NULL, NULL));
	cr_expect_not(cim_error_equal(e, NULL));
	cr_expect_not(cim_error_equal(NULL, e));
	cim_error_free(e);
}

Test(error, null_array_differs_from_empty)
{
	cim_error *a = fx_error(), *b;

	for (size_t i = 0; i < a->n_recommended_actions; i++)
		free(a->recommended_actions[i]);
	a->n_recommended_actions = 0; /* empty, non-NULL */
	b = cim_error_dup(a);
	cr_assert_not_null(b);
	cr_expect_not_null(b->recommended_actions, "an empty array stays non-NULL");
	cr_expect_eq(b->n_recommended_actions, 0);
	cr_expect(cim_error_equal(a, b));
	free(b->recommended_actions);
	b->recommended_actions = NULL; /* NULL property */
	cr_expect_not(cim_error_equal(a, b));
	cim_error_free(a);
	cim_error_free(b);
}

Test(error, null_array_element)
{
	cim_error *a = fx_error(), *b;

	free(a->message_arguments[1]);
	a->message_arguments[1] = NULL;
	b = cim_error_dup(a);
	cr_assert_not_null(b);
	cr_expect_null(b->message_arguments[1]);
	cr_expect(cim_error_equal(a, b));
	cim_error_free(a);
	cim_error_free(b);
}

/* Change one property of a copy; the two must then differ. */
typedef void (*mutate_fn)(cim_error *e);

static void m_type(cim_error *e)
{
	e->error_type = CIM_ET_SOFTWARE;
}
static void m_other_type(cim_error *e)
{
	e->other_error_type = fx_str("x");
}
static void m_owner(cim_error *e)
{
	e->owning_entity[0] = 'X';
}
static void m_msgid(cim_error *e)
{
	free(e->message_id);
	e->message_id = NULL;
}
static void m_msg(cim_error *e)
{
	e->message[0] = 'i';
}
static void m_arg(cim_error *e)
{
	e->message_arguments[3][0] = 'X';
}
static void m_nargs(cim_error *e)
{
	free(e->message_arguments[3]);
	e->n_message_arguments = 3;
}
static void m_sev(cim_error *e)
{
	e->perceived_severity = CIM_SEV_MAJOR;
}
static void m_cause(cim_error *e)
{
	e->probable_cause = CIM_PC_DISK_FAILURE;
}
static void m_cause_desc(cim_error *e)
{
	e->probable_cause_description = fx_str("x");
}
static void m_act(cim_error *e)
{
	e->recommended_actions[1][0] = 'X';
}
static void m_src(cim_error *e)
{
	e->error_source[0] = 'X';
}
static void m_srcfmt(cim_error *e)
{
	e->error_source_format = CIM_ESF_OTHER;
}
static void m_other_srcfmt(cim_error *e)
{
	e->other_error_source_format = fx_str("x");
}
static void m_status(cim_error *e)
{
	e->cim_status_code = CIM_SC_ACCESS_DENIED;
}
static void m_status_desc(cim_error *e)
{
	e->cim_status_code_description[0] = 'X';
}

Test(error, every_property_counts_in_equal)
{
	static const mutate_fn muts[] = {
	    m_type,   m_other_type,   m_owner,	m_msgid,       m_msg, m_arg,
	    m_nargs,  m_sev,	      m_cause,	m_cause_desc,  m_act, m_src,
	    m_srcfmt, m_other_srcfmt, m_status, m_status_desc,
	};
	cim_error *e = fx_error();

	for (size_t i = 0; i < sizeof(muts) / sizeof(muts[0]); i++) {
		cim_error *d = cim_error_dup(e);

		cr_assert_not_null(d);
		muts[i](d);
		cr_expect_not(cim_error_equal(e, d), "mutation %zu not seen", i);
		cr_expect_not(cim_error_equal(d, e), "mutation %zu not seen (swapped)", i);
		cim_error_free(d);
	}
	cim_error_free(e);
}

Test(job, dup_is_deep)
{
	cim_job *j = fx_job();
	cim_job *d = cim_job_dup(j);

	cr_assert_not_null(d);
	cr_expect_neq(d->instance_id, j->instance_id);
	cr_expect_str_eq(d->class_name, "SRSIM_ReplicaJob");
	cr_expect_str_eq(d->instance_id, "SRSIM:job-1");
	cr_expect_str_eq(d->name, "initial sync rg1");
	cr_expect_str_eq(d->owner, "CONTOSO\\alice");
	cr_expect_str_eq(d->error_description, "I/O error");
	cr_expect_eq(d->job_state, CIM_JS_EXCEPTION);
	cr_expect_eq(d->n_op_status, 2);
	cr_expect_eq(d->op_status[0], CIM_OS_ERROR);
	cr_expect_eq(d->op_status[1], CIM_OS_COMPLETED);
	cr_expect_eq(d->start_time, 1000000000ull);
	cr_expect_eq(d->percent_complete, 42);
	cr_expect_eq(d->error_code, 1);
	cr_expect(d->delete_on_completion);
	cim_job_free(j);
	cim_job_free(d);
}

Test(job, dup_keeps_nulls)
{
	cim_job *j = fx_job(), *d;

	free(j->error_description);
	j->error_description = NULL;
	free(j->name);
	j->name = NULL;
	d = cim_job_dup(j);
	cr_assert_not_null(d);
	cr_expect_null(d->error_description);
	cr_expect_null(d->name);
	cr_expect_null(cim_job_dup(NULL));
	cim_job_free(NULL);
	cim_job_free(j);
	cim_job_free(d);
}

Test(job, final_states)
{
	/* Completed, Terminated, Killed, Exception end a job; nothing else does. */
	static const uint16_t others[] = {0, 1, 32768, 65535};

	for (uint16_t js = 0; js <= 20; js++) {
		bool want = js >= 7 && js <= 10;

		cr_expect_eq(cim_job_state_is_final(js), want, "JobState %u", (unsigned)js);
	}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		cr_expect_not(cim_job_state_is_final(others[i]));
}
