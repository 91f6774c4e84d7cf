/*
 * srh_errcopy.c - bounded copies of a provider's CIM_Error.
 */
#include "srh_errcopy.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

static char *copy_str(const char *s, int *fail)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strnlen(s, SRH_CHECK_MAX_STR);
	d = malloc(n + 1);
	if (!d) {
		*fail = 1;
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char **copy_strv(char *const *v, size_t n, size_t *out_n, int *fail)
{
	char **d;

	*out_n = 0;
	if (!v || n == 0)
		return NULL;
	if (n > SRH_CHECK_MAX_ARRAY)
		n = SRH_CHECK_MAX_ARRAY;
	d = calloc(n, sizeof(*d));
	if (!d) {
		*fail = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = copy_str(v[i], fail);
	*out_n = n;
	return d;
}

cim_error *srh_error_copy(const cim_error *e)
{
	cim_error *d;
	int fail = 0;

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
	d->other_error_type = copy_str(e->other_error_type, &fail);
	d->owning_entity = copy_str(e->owning_entity, &fail);
	d->message_id = copy_str(e->message_id, &fail);
	d->message = copy_str(e->message, &fail);
	d->probable_cause_description = copy_str(e->probable_cause_description, &fail);
	d->error_source = copy_str(e->error_source, &fail);
	d->other_error_source_format = copy_str(e->other_error_source_format, &fail);
	d->cim_status_code_description = copy_str(e->cim_status_code_description, &fail);
	d->message_arguments =
	    copy_strv(e->message_arguments, e->n_message_arguments, &d->n_message_arguments, &fail);
	d->recommended_actions = copy_strv(e->recommended_actions, e->n_recommended_actions,
					   &d->n_recommended_actions, &fail);
	if (fail) {
		cim_error_free(d);
		return NULL;
	}
	return d;
}
