/*
 * srh_stage_ops.c - the operations a client has, over the provider's ops,
 * and the one place a provider's answer is made safe: every string of an
 * Error or a job instance bounded, NUL-terminated and valid UTF-8, every
 * absurd array dropped, before anything past the stage reads it. The
 * provider's own objects stay in reply->raw for the checker only.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "srh_rcdesc.h"
#include "srh_stage_int.h"
#include "srprov_ref.h"

/* s (a bounded copy of ours) made valid UTF-8 in place. */
static void fix_str(char **s, bool *trunc)
{
	int fail = 0;
	char *safe;

	if (!*s || srh_check_text_ok(*s))
		return;
	safe = srh_text_safe(*s, &fail);
	if (fail)
		*trunc = true;
	free(*s);
	*s = safe;
}

static void fix_arr(char **a, size_t n, bool *trunc)
{
	for (size_t i = 0; a && i < n; i++)
		fix_str(&a[i], trunc);
}

static cim_error *safe_error(const cim_error *e, bool *trunc)
{
	cim_error *d = srh_check_error_copy(e);

	if (!d) {
		*trunc = *trunc || e != NULL;
		return NULL;
	}
	fix_str(&d->other_error_type, trunc);
	fix_str(&d->owning_entity, trunc);
	fix_str(&d->message_id, trunc);
	fix_str(&d->message, trunc);
	fix_arr(d->message_arguments, d->n_message_arguments, trunc);
	fix_str(&d->probable_cause_description, trunc);
	fix_arr(d->recommended_actions, d->n_recommended_actions, trunc);
	fix_str(&d->error_source, trunc);
	fix_str(&d->other_error_source_format, trunc);
	fix_str(&d->cim_status_code_description, trunc);
	return d;
}

static cim_job *safe_job(const cim_job *j, bool *trunc)
{
	cim_job *d = srh_check_job_copy(j);

	if (!d) {
		*trunc = *trunc || j != NULL;
		return NULL;
	}
	fix_str(&d->class_name, trunc);
	fix_str(&d->instance_id, trunc);
	fix_str(&d->name, trunc);
	fix_str(&d->owner, trunc);
	fix_str(&d->error_description, trunc);
	return d;
}

/* Safe copies of n items (a NULL item is left out). Returns the array
 * (n + 1 slots, so an empty one is not NULL), NULL for NULL raw. */
static void *safe_list(void *const *raw, size_t n, void *(*one)(const void *, bool *),
		       size_t *out_n, bool *trunc)
{
	void **d;

	*out_n = 0;
	if (!raw)
		return NULL;
	/* An absurd count is not read at all, as the checker does: the array
	 * may hold far fewer elements than it claims. */
	if (n > SRH_CHECK_MAX_ARRAY) {
		n = 0;
		*trunc = true;
	}
	d = calloc(n + 1, sizeof(*d));
	if (!d) {
		*trunc = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (raw[i] && (d[*out_n] = one(raw[i], trunc)))
			(*out_n)++;
	return d;
}

static void *one_error(const void *e, bool *trunc)
{
	return safe_error(e, trunc);
}

static void *one_job(const void *j, bool *trunc)
{
	return safe_job(j, trunc);
}

/*
 * Taking the provider's object over instead of copying it. The reference
 * provider linked into this program hands out libsrcim objects and frees
 * them with cim_error_free/cim_job_free, as the stage frees its own safe
 * copies; one that is safe as it is (every string within the checker's cap
 * and valid UTF-8, no array the copy would drop or cut) would copy byte for
 * byte, so the reply keeps it as its own (reply.adopted) and the provider's
 * free is not called. Any other provider's objects are copied.
 */
static bool frees_like_us(const srh_stage *st)
{
	const prov_ops *ref = srprov_ref_ops();

	return st->lib == NULL && st->ops->free_error == ref->free_error &&
	       st->ops->free_job == ref->free_job;
}

static bool arr_safe(char *const *a, size_t n)
{
	if (!a)
		return n == 0;
	if (n > SRH_CHECK_MAX_ARRAY)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!srh_check_text_ok(a[i]))
			return false;
	return true;
}

static bool error_safe(const cim_error *e)
{
	return srh_check_text_ok(e->other_error_type) && srh_check_text_ok(e->owning_entity) &&
	       srh_check_text_ok(e->message_id) && srh_check_text_ok(e->message) &&
	       arr_safe(e->message_arguments, e->n_message_arguments) &&
	       srh_check_text_ok(e->probable_cause_description) &&
	       arr_safe(e->recommended_actions, e->n_recommended_actions) &&
	       srh_check_text_ok(e->error_source) &&
	       srh_check_text_ok(e->other_error_source_format) &&
	       srh_check_text_ok(e->cim_status_code_description);
}

static bool job_safe(const cim_job *j)
{
	return j->n_op_status <= CIM_OPSTATUS_MAX && srh_check_text_ok(j->class_name) &&
	       srh_check_text_ok(j->instance_id) && srh_check_text_ok(j->name) &&
	       srh_check_text_ok(j->owner) && srh_check_text_ok(j->error_description);
}

/* The one raw object as the reply's list (n + 1 slots, as safe_list). */
static void *adopt(void *raw, size_t *out_n, bool *adopted)
{
	void **d = calloc(2, sizeof(*d));

	if (!d)
		return NULL;
	d[0] = raw;
	*out_n = 1;
	*adopted = true;
	return d;
}

/* Start a reply; false when there is no provider to ask (closed after a
 * failed restart, or nothing built). */
static bool begin(srh_stage *st, srh_stage_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->rc = CIM_GE_FAILED;
	return st->ctx != NULL;
}

/* A vendor rc's description, asked right after the call: the provider's
 * pointer need not outlive its next op. */
static void end(srh_stage *st, srh_stage_reply *r)
{
	int fail = 0;

	r->rc_desc = srh_rc_desc_get(st->ops, st->ctx, r->rc, &fail);
	if (fail)
		r->truncated = true;
}

void srh_stage_enumerate(srh_stage *st, const prov_principal *who, srh_stage_reply *r)
{
	if (!begin(st, r))
		return;
	r->rc = st->ops->enumerate_instances(st->ctx, who, &r->raw.jobs, &r->raw.n_jobs);
	end(st, r);
	r->jobs = safe_list((void *const *)r->raw.jobs, r->raw.n_jobs, one_job, &r->n_jobs,
			    &r->truncated);
}

void srh_stage_get_instance(srh_stage *st, const prov_principal *who, const char *iid,
			    srh_stage_reply *r)
{
	if (!begin(st, r))
		return;
	r->rc = st->ops->get_instance(st->ctx, who, iid, &r->raw.job);
	end(st, r);
	if (r->raw.job && frees_like_us(st) && job_safe(r->raw.job) &&
	    (r->jobs = adopt(r->raw.job, &r->n_jobs, &r->adopted)))
		return;
	r->jobs = safe_list((void *const *)&r->raw.job, r->raw.job ? 1 : 0, one_job, &r->n_jobs,
			    &r->truncated);
}

void srh_stage_get_error(srh_stage *st, const prov_principal *who, const char *iid,
			 srh_stage_reply *r)
{
	if (!begin(st, r))
		return;
	r->rc = st->ops->get_error(st->ctx, who, iid, &r->raw.error);
	end(st, r);
	if (r->raw.error && frees_like_us(st) && error_safe(r->raw.error) &&
	    (r->errors = adopt(r->raw.error, &r->n_errors, &r->adopted)))
		return;
	if (r->raw.error)
		r->errors = safe_list((void *const *)&r->raw.error, 1, one_error, &r->n_errors,
				      &r->truncated);
}

void srh_stage_get_errors(srh_stage *st, const prov_principal *who, const char *iid,
			  srh_stage_reply *r)
{
	if (!begin(st, r))
		return;
	if (!st->ops->get_errors) {
		r->rc = CIM_GE_NOT_SUPPORTED;
		return;
	}
	r->rc = st->ops->get_errors(st->ctx, who, iid, &r->raw.errors, &r->raw.n_errors);
	end(st, r);
	r->has_errors = r->raw.errors != NULL;
	r->errors = safe_list((void *const *)r->raw.errors, r->raw.n_errors, one_error,
			      &r->n_errors, &r->truncated);
}

void srh_stage_request_state_change(srh_stage *st, const prov_principal *who, const char *iid,
				    uint16_t requested_state, uint64_t timeout_ns,
				    srh_stage_reply *r)
{
	if (!begin(st, r))
		return;
	r->rc = st->ops->request_state_change(st->ctx, who, iid, requested_state, timeout_ns);
	end(st, r);
}

void srh_stage_reply_done(srh_stage *st, srh_stage_reply *r)
{
	for (size_t i = 0; i < r->n_errors; i++)
		cim_error_free(r->errors[i]);
	for (size_t i = 0; i < r->n_jobs; i++)
		cim_job_free(r->jobs[i]);
	free(r->errors);
	free(r->jobs);
	free(r->rc_desc);
	/* Only an open provider takes its objects back; a driver finishes
	 * each reply before it restarts the provider. */
	if (st->ctx) {
		if (r->raw.error && !r->adopted)
			st->ops->free_error(st->ctx, r->raw.error);
		if (r->raw.errors && st->ops->free_errors)
			st->ops->free_errors(st->ctx, r->raw.errors, r->raw.n_errors);
		if (r->raw.job && !r->adopted)
			st->ops->free_job(st->ctx, r->raw.job);
		if (r->raw.jobs)
			st->ops->free_jobs(st->ctx, r->raw.jobs, r->raw.n_jobs);
	}
	memset(r, 0, sizeof(*r));
}
