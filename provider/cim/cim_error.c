/* cim_error.c - deep copy, free and equality of CIM_Error instances. */
#include "srh/cim.h"

#include <stdint.h>
#include <stdlib.h>

#include "cim_util.h"

void cim_error_free(cim_error *e)
{
	if (!e)
		return;
	free(e->other_error_type);
	free(e->owning_entity);
	free(e->message_id);
	free(e->message);
	cim_strv_free(e->message_arguments, e->n_message_arguments);
	free(e->probable_cause_description);
	cim_strv_free(e->recommended_actions, e->n_recommended_actions);
	free(e->error_source);
	free(e->other_error_source_format);
	free(e->cim_status_code_description);
	free(e);
}

cim_error *cim_error_dup(const cim_error *e)
{
	return cim_error_dup_capped(e, SIZE_MAX, SIZE_MAX);
}

cim_error *cim_error_dup_capped(const cim_error *e, size_t max_str, size_t max_arr)
{
	bool fail = false;
	cim_error *d = NULL;

	if (!e)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->error_type = e->error_type;
	d->perceived_severity = e->perceived_severity;
	d->probable_cause = e->probable_cause;
	d->error_source_format = e->error_source_format;
	d->cim_status_code = e->cim_status_code;
	d->other_error_type = cim_str_dup(e->other_error_type, max_str, &fail);
	d->owning_entity = cim_str_dup(e->owning_entity, max_str, &fail);
	d->message_id = cim_str_dup(e->message_id, max_str, &fail);
	d->message = cim_str_dup(e->message, max_str, &fail);
	d->probable_cause_description = cim_str_dup(e->probable_cause_description, max_str, &fail);
	d->error_source = cim_str_dup(e->error_source, max_str, &fail);
	d->other_error_source_format = cim_str_dup(e->other_error_source_format, max_str, &fail);
	d->cim_status_code_description =
	    cim_str_dup(e->cim_status_code_description, max_str, &fail);
	if (cim_strv_dup(e->message_arguments, e->n_message_arguments, max_str, max_arr,
			 &d->message_arguments, &d->n_message_arguments) != 0)
		fail = true;
	if (cim_strv_dup(e->recommended_actions, e->n_recommended_actions, max_str, max_arr,
			 &d->recommended_actions, &d->n_recommended_actions) != 0)
		fail = true;
	if (fail) {
		cim_error_free(d);
		d = NULL;
	}
	return d;
}

bool cim_error_equal(const cim_error *a, const cim_error *b)
{
	if (!a || !b)
		return a == b;
	return a->error_type == b->error_type && a->perceived_severity == b->perceived_severity &&
	       a->probable_cause == b->probable_cause &&
	       a->error_source_format == b->error_source_format &&
	       a->cim_status_code == b->cim_status_code &&
	       cim_str_eq(a->other_error_type, b->other_error_type) &&
	       cim_str_eq(a->owning_entity, b->owning_entity) &&
	       cim_str_eq(a->message_id, b->message_id) && cim_str_eq(a->message, b->message) &&
	       cim_strv_eq(a->message_arguments, a->n_message_arguments, b->message_arguments,
			   b->n_message_arguments) &&
	       cim_str_eq(a->probable_cause_description, b->probable_cause_description) &&
	       cim_strv_eq(a->recommended_actions, a->n_recommended_actions, b->recommended_actions,
			   b->n_recommended_actions) &&
	       cim_str_eq(a->error_source, b->error_source) &&
	       cim_str_eq(a->other_error_source_format, b->other_error_source_format) &&
	       cim_str_eq(a->cim_status_code_description, b->cim_status_code_description);
}
