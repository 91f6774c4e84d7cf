/*
 * test_fixture_cim.h - build fully populated CIM instances for tests, with
 * plain malloc, so libsrcim's free functions can take them back.
 */
#ifndef SRH_TEST_FIXTURE_CIM_H
#define SRH_TEST_FIXTURE_CIM_H

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "srh/cim.h"

static inline char *fx_str(const char *s)
{
	char *d = strdup(s);

	cr_assert_not_null(d);
	return d;
}

static inline char **fx_strv(size_t n, const char *const *v)
{
	char **d = calloc(n + 1, sizeof(*d));

	cr_assert_not_null(d);
	for (size_t i = 0; i < n; i++)
		d[i] = v[i] ? fx_str(v[i]) : NULL;
	return d;
}

/* The io_error row of the reference profile in contract.md. */
static inline cim_error *fx_error(void)
{
	static const char *const args[] = {"D:", "node-b", "4096", "EIO"};
	static const char *const acts[] = {"Check the disk.", "Resume the partnership."};
	cim_error *e = calloc(1, sizeof(*e));

	cr_assert_not_null(e);
	e->error_type = CIM_ET_HARDWARE;
	e->owning_entity = fx_str("SRSIM");
	e->message_id = fx_str("SR1001");
	e->message = fx_str("I/O error on D: at offset 4096 (EIO)");
	e->message_arguments = fx_strv(4, args);
	e->n_message_arguments = 4;
	e->perceived_severity = CIM_SEV_CRITICAL;
	e->probable_cause = CIM_PC_IO_DEVICE_ERROR;
	e->recommended_actions = fx_strv(2, acts);
	e->n_recommended_actions = 2;
	e->error_source = fx_str("SRSIM_ReplicaJob.InstanceID=\"SRSIM:job-1\"");
	e->error_source_format = CIM_ESF_CIM_OBJECT_PATH;
	e->cim_status_code = CIM_SC_FAILED;
	e->cim_status_code_description = fx_str("CIM_ERR_FAILED");
	return e;
}

static inline cim_job *fx_job(void)
{
	cim_job *j = calloc(1, sizeof(*j));

	cr_assert_not_null(j);
	j->class_name = fx_str("SRSIM_ReplicaJob");
	j->instance_id = fx_str("SRSIM:job-1");
	j->name = fx_str("initial sync rg1");
	j->job_state = CIM_JS_EXCEPTION;
	j->op_status[0] = CIM_OS_ERROR;
	j->op_status[1] = CIM_OS_COMPLETED;
	j->n_op_status = 2;
	j->time_submitted = 0;
	j->start_time = 1000000000ull;
	j->elapsed_time = 5ull * 60 * 1000000000ull;
	j->time_of_last_state_change = 301000000000ull;
	j->time_before_removal = 5ull * 60 * 1000000000ull;
	j->percent_complete = 42;
	j->owner = fx_str("CONTOSO\\alice");
	j->error_code = 1;
	j->error_description = fx_str("I/O error");
	j->delete_on_completion = true;
	return j;
}

#endif /* SRH_TEST_FIXTURE_CIM_H */
