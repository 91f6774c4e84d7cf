/*
 * ref_geterror.c - CIM_ConcreteJob.GetError and GetErrors.
 *
 * Order of the checks, each with the code it gives (contract.md):
 *   out pointer missing 5, capability 1, InstanceID malformed/unknown 5,
 *   caller not owner/admin 6, engine slower than the deadline 3 (engine
 *   failure 4), store read 4 / busy 32768, record invalid 4, memory 2.
 * A non-zero return leaves every out pointer NULL/0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"

#include "ref.h"
#include "srh/prov_faults.h"

#define REF_SLOW_EXTRA_NS 1000000000ull

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The latency prov/engine/slow adds: its failinfo as ns, else enough to
 * miss the deadline. */
static uint64_t slow_latency(const prov_ctx *p)
{
	void *fi = fiu_failinfo();
	return fi ? (uint64_t)(uintptr_t)fi : add_sat(p->opts.deadline_ns, REF_SLOW_EXTRA_NS);
}

/* Ask the live engine first (find_job calls it only with a host.query); a
 * job it no longer knows is answered from the store. */
static uint32_t engine_check(prov_ctx *p, const char *id)
{
	uint64_t lat = 0;
	int hr = p->host.query(p->host.ctx, id, &lat);
	ref_fiu_do_on(PROV_FP_ENGINE_SLOW, lat = add_sat(lat, slow_latency(p)));
	if (lat > p->opts.deadline_ns)
		return CIM_GE_TIMEOUT;
	if (hr == PROV_HOST_OK || hr == PROV_HOST_NO_JOB)
		return CIM_GE_SUCCESS;
	return CIM_GE_FAILED;
}

static void release(ref_job *j, bool owned)
{
	if (owned)
		ref_job_free(j);
}

/* Resolve, consult the engine, then resolve again: the engine may have
 * delivered events meanwhile (the job may have ended during the query). */
static uint32_t find_job(prov_ctx *p, const prov_principal *who, const char *iid, ref_job **j,
			 bool *owned)
{
	char id[REF_LOCAL_ID_MAX + 1];
	uint32_t rc = ref_resolve(p, who, iid, j, owned);

	if (rc != CIM_GE_SUCCESS || !p->host.query)
		return rc;
	memcpy(id, (*j)->id, strlen((*j)->id) + 1);
	release(*j, *owned);
	*j = NULL;
	rc = engine_check(p, id);
	if (rc != CIM_GE_SUCCESS)
		return rc;
	return ref_resolve(p, who, iid, j, owned);
}

/* No stored record for an ended job (its build ran out of memory when it
 * ended): build it now and store it, so later calls read the same one. A
 * job whose end left no cause (memory ran out copying it) has none: the
 * provider tried and failed, 4. If the write fails the record is kept in
 * memory as the job's unsaved Error (the next calls hand out that one)
 * and the client gets a copy. mem is j's entry in the table (j itself, or
 * what a cache=0 read copied). */
static ref_rc materialize(prov_ctx *p, const ref_job *j, ref_job *mem, cim_error **out)
{
	char iid[REF_IID_MAX];

	*out = NULL;
	if (j->cause.fc == PROV_FC_NONE)
		return REF_FAIL;
	ref_make_iid(p, j->id, iid, sizeof iid);
	cim_error *e = ref_error_build(p->profile, &j->cause, iid);
	if (!e)
		return REF_NOMEM;
	if (!mem->error_desc) /* a built Error always has its Message */
		mem->error_desc = ref_estrdup(e->message);
	if (ref_store_save(p->store, mem, e) == REF_OK) {
		mem->dirty = false;
		*out = e;
		return REF_OK;
	}
	mem->unsaved = e;
	mem->dirty = true;
	*out = ref_error_clone(e);
	return *out ? REF_OK : REF_NOMEM;
}

/* The client's copy of the job's stored Error. An Error whose write failed
 * is newer than the store: the read retries the write, and while it fails
 * the client gets a copy of that Error. j is the job ref_resolve found
 * (owned: a copy read from the store, so cache=0), still in the table
 * under the lock. */
static uint32_t job_error(prov_ctx *p, ref_job *j, bool owned, cim_error **out)
{
	ref_job *mem = ref_find(p, j->id);
	cim_error *loaded = NULL;

	if (mem->unsaved && ref_save(p, mem) != REF_OK) {
		*out = ref_error_clone(mem->unsaved);
		return *out ? CIM_GE_SUCCESS : CIM_GE_UNSPECIFIED_ERROR;
	}
	const cim_error *rec = j->err;
	if (owned || !rec) {
		ref_rc r = ref_store_load_error(p->store, j->id, &loaded);
		if (r == REF_NONE)
			r = materialize(p, j, mem, &loaded);
		if (r != REF_OK)
			return ref_rc_code(r);
		rec = loaded;
		if (!owned) {
			j->err = loaded;
			loaded = NULL;
		}
	}
	*out = ref_error_clone(rec);
	cim_error_free(loaded);
	return *out ? CIM_GE_SUCCESS : CIM_GE_UNSPECIFIED_ERROR;
}

static uint32_t error_of(prov_ctx *p, const prov_principal *who, const char *iid, cim_error **out)
{
	ref_job *j = NULL;
	bool owned = false;
	uint32_t rc = find_job(p, who, iid, &j, &owned);

	if (rc == CIM_GE_SUCCESS && ref_job_has_error(j))
		rc = job_error(p, j, owned, out);
	if (j)
		release(j, owned);
	return rc;
}

/* GetError (or GetErrors) is not offered: 1 Not Supported is "for this
 * job" (contract.md), so a reference that names no job is still 5 and a
 * stranger still 6; only a job the caller may see gets 1. */
static uint32_t unsupported(prov_ctx *p, const prov_principal *who, const char *iid)
{
	ref_job *j = NULL;
	bool owned = false;
	uint32_t rc = ref_resolve(p, who, iid, &j, &owned);

	if (j)
		release(j, owned);
	return rc == CIM_GE_SUCCESS ? CIM_GE_NOT_SUPPORTED : rc;
}

uint32_t ref_get_error(prov_ctx *p, const prov_principal *who, const char *iid, cim_error **error)
{
	uint32_t rc;

	if (!error)
		return CIM_GE_INVALID_PARAMETER;
	*error = NULL;
	if (!p)
		return CIM_GE_INVALID_PARAMETER;
	ref_lock(p);
	if (!(ref_capabilities(p) & PROV_CAP_GET_ERROR))
		rc = unsupported(p, who, iid);
	else
		rc = error_of(p, who, iid, error);
	ref_unlock(p);
	return rc;
}

uint32_t ref_get_errors(prov_ctx *p, const prov_principal *who, const char *iid,
			cim_error ***errors, size_t *n_errors)
{
	cim_error *e = NULL;
	uint32_t rc;

	if (!errors || !n_errors)
		return CIM_GE_INVALID_PARAMETER;
	*errors = NULL;
	*n_errors = 0;
	if (!p)
		return CIM_GE_INVALID_PARAMETER;
	ref_lock(p);
	if (!(ref_capabilities(p) & PROV_CAP_GET_ERRORS))
		rc = unsupported(p, who, iid);
	else
		rc = error_of(p, who, iid, &e);
	if (rc == CIM_GE_SUCCESS && e) {
		*errors = ref_ealloc(sizeof **errors);
		if (*errors) {
			(*errors)[0] = e;
			*n_errors = 1;
		} else {
			cim_error_free(e);
			rc = CIM_GE_UNSPECIFIED_ERROR;
		}
	}
	ref_unlock(p);
	return rc;
}
