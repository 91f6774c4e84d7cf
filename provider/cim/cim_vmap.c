/*
 * cim_vmap.c - ValueMap tables, generated from the X-macro lists in
 * srh/cim.h so the enum and the names cannot drift, and their lookups.
 * Reserved and vendor ranges follow shared/spec/cim-valuemaps.md: anything
 * that is neither a defined value nor in the map's vendor range is reserved
 * (DMTF Reserved, or Method Reserved for RequestStateChange 4100..32767).
 */
#include "srh/cim.h"

#include <strings.h>

#define CIM_VM_ENTRY_(v, id, n) {(v), (n)},
#define CIM_VM_LEN_(a) (sizeof(a) / sizeof((a)[0]))
/* No vendor range: lo above hi, so no value is ever inside it. */
#define CIM_NO_VENDOR_LO 1u
#define CIM_NO_VENDOR_HI 0u

#define CIM_VM_DEFINE_(var, list, label, lo, hi)                                                   \
	static const cim_vmap_entry var##_entries[] = {list(CIM_VM_ENTRY_)};                       \
	const cim_valuemap var = {label, var##_entries, CIM_VM_LEN_(var##_entries), (lo), (hi)}

CIM_VM_DEFINE_(cim_vm_job_state, CIM_JOB_STATE_MAP, "JobState", CIM_VENDOR_LO, CIM_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_op_status, CIM_OP_STATUS_MAP, "OperationalStatus", 0x8000u, 0xFFFFu);
CIM_VM_DEFINE_(cim_vm_geterror_rc, CIM_GETERROR_RC_MAP, "GetErrorReturn", CIM_VENDOR_LO,
	       CIM_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_requested_state, CIM_REQUESTED_STATE_MAP, "RequestedState", CIM_VENDOR_LO,
	       CIM_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_rsc_rc, CIM_RSC_RC_MAP, "RequestStateChangeReturn", CIM_VENDOR_LO,
	       CIM_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_error_type, CIM_ERROR_TYPE_MAP, "ErrorType", CIM_NO_VENDOR_LO,
	       CIM_NO_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_severity, CIM_SEVERITY_MAP, "PerceivedSeverity", CIM_NO_VENDOR_LO,
	       CIM_NO_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_probable_cause, CIM_PROBABLE_CAUSE_MAP, "ProbableCause", CIM_NO_VENDOR_LO,
	       CIM_NO_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_status_code, CIM_STATUS_CODE_MAP, "CIMStatusCode", CIM_NO_VENDOR_LO,
	       CIM_NO_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_error_source_format, CIM_ERROR_SOURCE_FORMAT_MAP, "ErrorSourceFormat",
	       CIM_NO_VENDOR_LO, CIM_NO_VENDOR_HI);
CIM_VM_DEFINE_(cim_vm_recovery_action, CIM_RECOVERY_ACTION_MAP, "RecoveryAction", CIM_NO_VENDOR_LO,
	       CIM_NO_VENDOR_HI);

const cim_valuemap *const cim_valuemaps[] = {
    &cim_vm_job_state,	     &cim_vm_op_status,
    &cim_vm_geterror_rc,     &cim_vm_requested_state,
    &cim_vm_rsc_rc,	     &cim_vm_error_type,
    &cim_vm_severity,	     &cim_vm_probable_cause,
    &cim_vm_status_code,     &cim_vm_error_source_format,
    &cim_vm_recovery_action, NULL,
};

#define CIM_CALL_NAME_(v, id, n) [v] = (n),
#define CIM_CALL_COUNT_(v, id, n) +1
/* One slot per call, NULL at 0 and a NULL after the last. */
const char *const cim_client_calls[1 + (0 CIM_CLIENT_CALL_MAP(CIM_CALL_COUNT_)) + 1] = {
    CIM_CLIENT_CALL_MAP(CIM_CALL_NAME_)};

const char *cim_client_call_name(unsigned c)
{
	return c < CIM_VM_LEN_(cim_client_calls) ? cim_client_calls[c] : NULL;
}

const char *cim_vmap_name(const cim_valuemap *m, uint32_t v)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->n_entries; i++) {
		if (m->entries[i].value == v)
			return m->entries[i].name;
	}
	return NULL;
}

cim_vclass cim_vmap_class(const cim_valuemap *m, uint32_t v)
{
	if (cim_vmap_name(m, v))
		return CIM_V_DEFINED;
	if (m && m->vendor_lo <= v && v <= m->vendor_hi)
		return CIM_V_VENDOR;
	return CIM_V_RESERVED;
}

/* Strict unsigned decimal: digits only, no sign or space, fits uint32. */
static int cim_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long acc = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		acc = acc * 10 + (unsigned)(*s - '0');
		if (acc > UINT32_MAX)
			return -1;
	}
	*v = (uint32_t)acc;
	return 0;
}

int cim_vmap_parse(const cim_valuemap *m, const char *name, uint32_t *v)
{
	uint32_t n;

	if (!m || !name || !v)
		return -1;
	for (size_t i = 0; i < m->n_entries; i++) {
		if (strcasecmp(m->entries[i].name, name) == 0) {
			*v = m->entries[i].value;
			return 0;
		}
	}
	if (cim_parse_u32(name, &n) != 0 || !cim_vmap_name(m, n))
		return -1;
	*v = n;
	return 0;
}

const cim_valuemap *cim_vmap_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; cim_valuemaps[i]; i++) {
		if (strcasecmp(cim_valuemaps[i]->name, name) == 0)
			return cim_valuemaps[i];
	}
	return NULL;
}
