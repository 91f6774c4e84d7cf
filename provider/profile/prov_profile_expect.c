/*
 * prov_profile_expect.c - the expected Error of each fault class, as the
 * checker's srh_check_profile compares it (check/check.h).
 *
 * Its string fields are fnmatch(3) patterns, so a profile value is escaped
 * to match itself literally; per-job text (Message and its arguments,
 * ErrorSource, the ProbableCauseDescription template) stays NULL, i.e. not
 * compared. RecommendedActions holds n_actions "*" patterns: the checker
 * reads only the count (a minimum), and a well-formed array keeps the
 * template safe for cim_error_dup/cim_error_free.
 */
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

/* A pattern matching s literally (NULL in -> NULL out); NULL with *fail
 * set when memory runs out. */
static char *literal(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *p = malloc(2 * strlen(s) + 1), *o = p;
	if (!p) {
		*fail = true;
		return NULL;
	}
	for (; *s; s++) {
		if (strchr("*?[\\", *s))
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return p;
}

static int any_actions(cim_error *e, size_t n)
{
	e->recommended_actions = calloc(n ? n : 1, sizeof *e->recommended_actions);
	if (!e->recommended_actions)
		return -1;
	for (size_t i = 0; i < n; i++) {
		e->recommended_actions[i] = strdup("*");
		if (!e->recommended_actions[i])
			return -1;
		e->n_recommended_actions++;
	}
	return 0;
}

static cim_error *expect_class(const prov_profile *pf, const prov_profile_class *cp)
{
	const char *scd = cim_vmap_name(&cim_vm_status_code, cp->status_code);
	cim_error *e = calloc(1, sizeof *e);
	bool fail = false;

	if (!e)
		return NULL;
	e->error_type = cp->error_type;
	e->perceived_severity = cp->severity;
	e->probable_cause = cp->probable_cause;
	e->cim_status_code = cp->status_code;
	e->error_source_format = CIM_ESF_CIM_OBJECT_PATH;
	e->other_error_type = literal(cp->other_error_type, &fail);
	e->cim_status_code_description = literal(scd, &fail);
	e->owning_entity = literal(pf->owning_entity, &fail);
	e->message_id = literal(cp->message_id, &fail);
	if (fail || any_actions(e, cp->n_actions) != 0) {
		cim_error_free(e);
		return NULL;
	}
	return e;
}

int pf_build_templates(prov_profile *pf)
{
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		pf->tmpl[i] = expect_class(pf, &pf->cls[i]);
		if (!pf->tmpl[i])
			return -1;
	}
	return 0;
}

void pf_free_templates(prov_profile *pf)
{
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		cim_error_free(pf->tmpl[i]);
		pf->tmpl[i] = NULL;
	}
}

const cim_error *prov_profile_template(const prov_profile *pf, int fault_class)
{
	if (!pf || fault_class < 0 || fault_class >= PROV_FC_COUNT)
		return NULL;
	return pf->tmpl[fault_class];
}
