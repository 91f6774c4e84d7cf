/*
 * ref_instance.c - GetInstance and EnumerateInstances of SRSIM_ReplicaJob.
 *
 * A job is visible only to its owner and to administrators: the instance
 * carries ErrorCode and ErrorDescription, which are the job's error too.
 */
#include <stdlib.h>

#include "ref_fault.h"

#include "ref.h"
#include "srh/prov_faults.h"

uint32_t ref_get_instance(prov_ctx *p, const prov_principal *who, const char *iid, cim_job **job)
{
	ref_job *j = NULL;
	bool owned = false;

	if (!job)
		return CIM_GE_INVALID_PARAMETER;
	*job = NULL;
	if (!p)
		return CIM_GE_INVALID_PARAMETER;
	ref_lock(p);
	uint32_t rc = ref_resolve(p, who, iid, &j, &owned);
	if (rc == CIM_GE_SUCCESS) {
		*job = ref_job_instance(j, iid, ref_now(p));
		if (!*job)
			rc = CIM_GE_UNSPECIFIED_ERROR;
		if (owned)
			ref_job_free(j);
	}
	ref_unlock(p);
	return rc;
}

static void free_list(cim_job **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cim_job_free(v[i]);
	free(v);
}

static uint32_t list_visible(prov_ctx *p, const prov_principal *who, cim_job ***jobs,
			     size_t *n_jobs)
{
	char iid[REF_IID_MAX];
	uint64_t now = ref_now(p);
	cim_job **v = calloc(p->n_jobs ? p->n_jobs : 1, sizeof *v);
	size_t n = 0;

	/* prov/job/alloc: the list first, then each job's instance. */
	ref_fiu_do_on(PROV_FP_JOB_ALLOC, (free(v), v = NULL));
	if (!v)
		return CIM_GE_UNSPECIFIED_ERROR;
	for (size_t i = 0; i < p->n_jobs; i++) {
		if (!ref_may_read(p->jobs[i], who))
			continue;
		ref_make_iid(p, p->jobs[i]->id, iid, sizeof iid);
		if (!(v[n] = ref_job_instance(p->jobs[i], iid, now))) {
			free_list(v, n);
			return CIM_GE_UNSPECIFIED_ERROR;
		}
		n++;
	}
	*jobs = v;
	*n_jobs = n;
	return CIM_GE_SUCCESS;
}

uint32_t ref_enumerate_instances(prov_ctx *p, const prov_principal *who, cim_job ***jobs,
				 size_t *n_jobs)
{
	if (!jobs || !n_jobs)
		return CIM_GE_INVALID_PARAMETER;
	*jobs = NULL;
	*n_jobs = 0;
	if (!p)
		return CIM_GE_INVALID_PARAMETER;
	ref_lock(p);
	ref_sweep(p);
	uint32_t rc = list_visible(p, who, jobs, n_jobs);
	ref_unlock(p);
	return rc;
}
