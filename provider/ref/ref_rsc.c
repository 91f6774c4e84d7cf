/*
 * ref_rsc.c - CIM_ConcreteJob.RequestStateChange.
 *
 * The provider judges the request (parameters, caller, whether it makes
 * sense in the job's state) and hands a sensible one to the engine; the
 * job's state changes only through the engine's events, so a rejected
 * request never moves JobState or TimeOfLastStateChange.
 */
#include <stdbool.h>
#include <string.h>

#include "ref.h"

/* The code of a failed resolve (never 0: judge answers a resolved job
 * itself). RequestStateChange has no Access Denied code: a caller who may
 * not touch the job gets 4 Failed. */
static uint32_t rsc_of_resolve(uint32_t ge)
{
	switch (ge) {
	case CIM_GE_INVALID_PARAMETER:
		return CIM_RSC_INVALID_PARAMETER;
	case CIM_GE_UNSPECIFIED_ERROR:
		return CIM_RSC_UNKNOWN;
	default:
		return CIM_RSC_FAILED;
	}
}

/* Does the request make sense in state st? Start resumes a Suspended job
 * (or starts a New one); Service is not something this engine offers in
 * any state. */
static bool sensible(uint16_t st, uint16_t req)
{
	if (cim_job_state_is_final(st))
		return false;
	switch (req) {
	case CIM_RS_START:
		return st == CIM_JS_NEW || st == CIM_JS_SUSPENDED;
	case CIM_RS_SUSPEND:
		return st == CIM_JS_STARTING || st == CIM_JS_RUNNING;
	case CIM_RS_TERMINATE:
	case CIM_RS_KILL:
		return true;
	default:
		return false;
	}
}

static uint32_t rsc_of_host(int hr)
{
	switch (hr) {
	case PROV_HOST_OK:
		return CIM_RSC_COMPLETED;
	case PROV_HOST_STARTED:
		return CIM_RSC_STARTED;
	case PROV_HOST_REJECTED:
		return CIM_RSC_INVALID_STATE_TRANSITION;
	case PROV_HOST_UNSUPPORTED:
		return CIM_RSC_NOT_SUPPORTED;
	case PROV_HOST_NO_JOB:
		return CIM_RSC_INVALID_PARAMETER;
	default:
		return CIM_RSC_FAILED;
	}
}

/* With cache=0 the job is read from the store first; when that read fails
 * (ge: 2, 4 or the busy code), a job this provider knows to have ended is
 * still ended (final is final), so the request still gets 4097. Such a
 * failure comes after ref_resolve found the job in the table (under the
 * same lock): it is there. */
static bool ended_anyway(prov_ctx *p, const char *iid, uint32_t ge)
{
	char local[REF_LOCAL_ID_MAX + 1];

	if (ge == CIM_GE_INVALID_PARAMETER || ge == CIM_GE_ACCESS_DENIED ||
	    !ref_parse_iid(p, iid, local))
		return false;
	return ref_job_ended(ref_find(p, local));
}

static uint32_t judge(prov_ctx *p, const prov_principal *who, const char *iid, uint16_t req,
		      uint64_t timeout, char *id)
{
	ref_job *j = NULL;
	bool owned = false;
	uint32_t rc = CIM_RSC_COMPLETED;

	/* Vendor RequestedState values are legal CIM, but this provider
	 * defines none, so they name nothing it can do. */
	if (cim_vmap_class(&cim_vm_requested_state, req) != CIM_V_DEFINED)
		return CIM_RSC_INVALID_PARAMETER;
	uint32_t ge = ref_resolve(p, who, iid, &j, &owned);
	if (ge != CIM_GE_SUCCESS)
		return ended_anyway(p, iid, ge) ? CIM_RSC_INVALID_STATE_TRANSITION
						: rsc_of_resolve(ge);
	/* The state comes first: a request on an ended job is 4097 whatever
	 * else is wrong with it (contract.md invariant 10). */
	if (!sensible(j->state, req))
		rc = CIM_RSC_INVALID_STATE_TRANSITION;
	else if (timeout != 0)
		rc = CIM_RSC_TIMEOUT_NOT_SUPPORTED;
	else if (!p->host.request_state)
		rc = CIM_RSC_NOT_SUPPORTED;
	else
		memcpy(id, j->id, strlen(j->id) + 1);
	if (owned)
		ref_job_free(j);
	return rc;
}

uint32_t ref_request_state_change(prov_ctx *p, const prov_principal *who, const char *iid,
				  uint16_t requested_state, uint64_t timeout_period_ns)
{
	char id[REF_LOCAL_ID_MAX + 1];
	uint32_t rc;

	if (!p)
		return CIM_RSC_INVALID_PARAMETER;
	ref_lock(p);
	if (!(ref_capabilities(p) & PROV_CAP_REQUEST_STATE_CHANGE))
		rc = CIM_RSC_NOT_SUPPORTED;
	else
		rc = judge(p, who, iid, requested_state, timeout_period_ns, id);
	if (rc == CIM_RSC_COMPLETED)
		rc =
		    rsc_of_host(p->host.request_state(p->host.ctx, id, requested_state, who->name));
	ref_unlock(p);
	return rc;
}
