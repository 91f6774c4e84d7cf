/*
 * ref_entry.c - the ops table of the reference provider and the one symbol
 * libsrprov_ref.so exports.
 */
#include <stdlib.h>

#include "ref.h"
#include "srh/prov_faults.h"
#include "srprov_ref.h"

static uint32_t op_capabilities(prov_ctx *p)
{
	return p ? ref_capabilities(p) : 0;
}

static const char *op_rc_description(prov_ctx *p, uint32_t rc)
{
	(void)p;
	return rc == PROV_RC_STORE_BUSY ? "SRSIM: job store busy" : NULL;
}

static void op_free_error(prov_ctx *p, cim_error *e)
{
	(void)p;
	cim_error_free(e);
}

static void op_free_errors(prov_ctx *p, cim_error **v, size_t n)
{
	(void)p;
	for (size_t i = 0; v && i < n; i++)
		cim_error_free(v[i]);
	free(v);
}

static void op_free_job(prov_ctx *p, cim_job *j)
{
	(void)p;
	cim_job_free(j);
}

static void op_free_jobs(prov_ctx *p, cim_job **v, size_t n)
{
	(void)p;
	for (size_t i = 0; v && i < n; i++)
		cim_job_free(v[i]);
	free(v);
}

static const prov_ops ref_ops = {
    .abi_version = PROV_ABI_VERSION,
    .struct_size = sizeof(prov_ops),
    .name = "srsim-reference",
    .version = "1.0",
    .open = ref_open,
    .close = ref_close,
    .capabilities = op_capabilities,
    .on_event = ref_on_event,
    .instance_id = ref_instance_id,
    .get_error = ref_get_error,
    .get_errors = ref_get_errors,
    .request_state_change = ref_request_state_change,
    .get_instance = ref_get_instance,
    .enumerate_instances = ref_enumerate_instances,
    .rc_description = op_rc_description,
    .free_error = op_free_error,
    .free_errors = op_free_errors,
    .free_job = op_free_job,
    .free_jobs = op_free_jobs,
};

const prov_ops *srprov_ref_ops(void)
{
	return &ref_ops;
}

__attribute__((visibility("default"))) const prov_ops *srh_provider_entry(uint32_t host_abi_version)
{
	return (host_abi_version >> 16) == PROV_ABI_MAJOR ? &ref_ops : NULL;
}
