/* cim_job.c - deep copy and free of CIM_ConcreteJob instances. */
#include "srh/cim.h"

#include <stdint.h>
#include <stdlib.h>

#include "cim_util.h"

void cim_job_free(cim_job *j)
{
	if (!j)
		return;
	free(j->class_name);
	free(j->instance_id);
	free(j->name);
	free(j->owner);
	free(j->error_description);
	free(j);
}

cim_job *cim_job_dup(const cim_job *j)
{
	return cim_job_dup_capped(j, SIZE_MAX);
}

cim_job *cim_job_dup_capped(const cim_job *j, size_t max_str)
{
	bool fail = false;
	cim_job *d;

	if (!j)
		return NULL;
	d = malloc(sizeof(*d));
	if (!d)
		return NULL;
	/* Scalars and the OperationalStatus array copy by value. */
	*d = *j;
	d->class_name = cim_str_dup(j->class_name, max_str, &fail);
	d->instance_id = cim_str_dup(j->instance_id, max_str, &fail);
	d->name = cim_str_dup(j->name, max_str, &fail);
	d->owner = cim_str_dup(j->owner, max_str, &fail);
	d->error_description = cim_str_dup(j->error_description, max_str, &fail);
	if (fail) {
		cim_job_free(d);
		d = NULL;
	}
	return d;
}

bool cim_job_state_is_final(uint16_t js)
{
	return js >= CIM_JS_COMPLETED && js <= CIM_JS_EXCEPTION;
}
