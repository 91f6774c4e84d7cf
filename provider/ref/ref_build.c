/*
 * ref_build.c - profile entry + fault details -> CIM_Error, and the checks a
 * stored Error record must pass before a client sees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

void ref_object_path(const char *iid, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s.InstanceID=\"%s\"", REF_NAMESPACE, REF_CLASS_NAME, iid);
}

static int build_texts(cim_error *e, const prov_profile *pf, const prov_profile_class *cp,
		       const ref_cause *c, const char *iid)
{
	char path[REF_PATH_MAX];
	const char *scd = cim_vmap_name(&cim_vm_status_code, cp->status_code);

	ref_object_path(iid, path, sizeof path);
	if (!(e->owning_entity = ref_estrdup(pf->owning_entity)) ||
	    !(e->message_id = ref_estrdup(cp->message_id)) ||
	    !(e->error_source = ref_estrdup(path)) ||
	    !(e->cim_status_code_description = ref_estrdup(scd ? scd : "CIM_ERR_FAILED")))
		return -1;
	if (cp->other_error_type && !(e->other_error_type = ref_estrdup(cp->other_error_type)))
		return -1;
	if (cp->pcd &&
	    !(e->probable_cause_description = ref_tmpl_render(cp->pcd, c, iid, NULL, NULL)))
		return -1;
	e->message =
	    ref_tmpl_render(cp->message, c, iid, &e->message_arguments, &e->n_message_arguments);
	return e->message ? 0 : -1;
}

static int build_actions(cim_error *e, const prov_profile_class *cp, const ref_cause *c,
			 const char *iid)
{
	e->recommended_actions = ref_ealloc(cp->n_actions * sizeof *e->recommended_actions);
	if (!e->recommended_actions)
		return -1;
	for (size_t i = 0; i < cp->n_actions; i++) {
		e->recommended_actions[i] = ref_tmpl_render(cp->actions[i], c, iid, NULL, NULL);
		if (!e->recommended_actions[i])
			return -1;
		e->n_recommended_actions++;
	}
	return 0;
}

cim_error *ref_error_build(const prov_profile *pf, const ref_cause *c, const char *job_iid)
{
	if (c->fc == PROV_FC_NONE)
		return NULL;
	const prov_profile_class *cp = &pf->cls[c->fc];
	cim_error *e = ref_ealloc(sizeof *e);

	if (!e)
		return NULL;
	e->error_type = cp->error_type;
	e->perceived_severity = cp->severity;
	e->probable_cause = cp->probable_cause;
	e->cim_status_code = cp->status_code;
	e->error_source_format = CIM_ESF_CIM_OBJECT_PATH;
	if (build_texts(e, pf, cp, c, job_iid) != 0 || build_actions(e, cp, c, job_iid) != 0) {
		cim_error_free(e);
		return NULL;
	}
	return e;
}

static bool defined(const cim_valuemap *m, uint32_t v)
{
	return cim_vmap_class(m, v) == CIM_V_DEFINED;
}

/* The MUST properties of contract.md invariant 5, so a damaged record is
 * reported as 4 Failed instead of reaching a client as a bad instance. The
 * store's read never leaves a NULL in MessageArguments or
 * RecommendedActions (a list row without its text is refused there). */
bool ref_error_valid(const cim_error *e)
{
	if (!e->message_id || e->message_id[0] == '\0')
		return false;
	if (!defined(&cim_vm_error_type, e->error_type) ||
	    !defined(&cim_vm_severity, e->perceived_severity) ||
	    !defined(&cim_vm_probable_cause, e->probable_cause) ||
	    !defined(&cim_vm_status_code, e->cim_status_code) ||
	    !defined(&cim_vm_error_source_format, e->error_source_format))
		return false;
	return (e->error_source_format == CIM_ESF_OTHER) == (e->other_error_source_format != NULL);
}
