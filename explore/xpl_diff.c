/*
 * xpl_diff.c - differential runs: the same scenario on two providers, and
 * every difference a client could see, call by call. The simulator and the
 * client are the same in both runs (same seed, same scenario), so call i
 * of one run and call i of the other were made at the same virtual instant
 * with the same arguments; where the providers answer alike, both runs stay
 * in step.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srh_util.h"
#include "xpl.h"

typedef struct dctx {
	xpl_key_fn fn;
	void *ctx;
	size_t n;
	char seen[16][48]; /* kinds reported, each once */
	size_t n_seen;
} dctx;

static void report(dctx *d, const char *key, const char *detail)
{
	for (size_t i = 0; i < d->n_seen; i++)
		if (strcmp(d->seen[i], key) == 0)
			return;
	if (d->n_seen < 16)
		snprintf(d->seen[d->n_seen++], sizeof(d->seen[0]), "%s", key);
	if (d->fn)
		d->fn(d->ctx, key, detail);
	d->n++;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool strs_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return false;
	return true;
}

/* The first Error property that differs, or NULL. */
static const char *error_diff(const cim_error *a, const cim_error *b)
{
	if (a->error_type != b->error_type)
		return "Error.ErrorType";
	if (!str_eq(a->other_error_type, b->other_error_type))
		return "Error.OtherErrorType";
	if (!str_eq(a->owning_entity, b->owning_entity))
		return "Error.OwningEntity";
	if (!str_eq(a->message_id, b->message_id))
		return "Error.MessageID";
	if (!str_eq(a->message, b->message))
		return "Error.Message";
	if (!strs_eq(a->message_arguments, a->n_message_arguments, b->message_arguments,
		     b->n_message_arguments))
		return "Error.MessageArguments";
	if (a->perceived_severity != b->perceived_severity)
		return "Error.PerceivedSeverity";
	if (a->probable_cause != b->probable_cause)
		return "Error.ProbableCause";
	if (!str_eq(a->probable_cause_description, b->probable_cause_description))
		return "Error.ProbableCauseDescription";
	if (!strs_eq(a->recommended_actions, a->n_recommended_actions, b->recommended_actions,
		     b->n_recommended_actions))
		return "Error.RecommendedActions";
	if (!str_eq(a->error_source, b->error_source))
		return "Error.ErrorSource";
	if (a->error_source_format != b->error_source_format)
		return "Error.ErrorSourceFormat";
	if (!str_eq(a->other_error_source_format, b->other_error_source_format))
		return "Error.OtherErrorSourceFormat";
	if (a->cim_status_code != b->cim_status_code)
		return "Error.CIMStatusCode";
	if (!str_eq(a->cim_status_code_description, b->cim_status_code_description))
		return "Error.CIMStatusCodeDescription";
	return NULL;
}

static bool ops_eq(const srh_call_rec *a, const srh_call_rec *b)
{
	uint16_t seen = 0;

	if (a->n_op_status != b->n_op_status)
		return false;
	for (size_t i = 0; i < a->n_op_status; i++) {
		bool found = false;
		for (size_t k = 0; k < b->n_op_status; k++)
			found = found || a->op_status[i] == b->op_status[k];
		if (!found)
			return false;
		seen++;
	}
	return seen == a->n_op_status;
}

static const char *call_name(const srh_call_rec *c)
{
	return c->call ? scn_call_name((scn_call)c->call) : "final GetError";
}

static void one_call(dctx *d, const srh_call_rec *a, const srh_call_rec *b)
{
	char det[256], t[32];
	const char *p;

	srh_vtime(a->time_ns, t, sizeof(t));
	if (a->rc != b->rc) {
		snprintf(det, sizeof(det), "%s at %s (line %d): rc %" PRIu32 ", reference %" PRIu32,
			 call_name(a), t, a->line, a->rc, b->rc);
		report(d, "DIFF rc", det);
	}
	if ((a->n_errors > 0) != (b->n_errors > 0)) {
		snprintf(det, sizeof(det), "%s at %s (line %d): Error %s, reference %s",
			 call_name(a), t, a->line, a->n_errors ? "present" : "NULL",
			 b->n_errors ? "present" : "NULL");
		report(d, "DIFF error", det);
	} else if (a->n_errors && a->errors[0] && b->errors[0] &&
		   (p = error_diff(a->errors[0], b->errors[0]))) {
		snprintf(det, sizeof(det), "%s at %s (line %d): %s differs", call_name(a), t,
			 a->line, p);
		char key[64];
		snprintf(key, sizeof(key), "DIFF %s", p);
		report(d, key, det);
	}
	if (a->has_job && b->has_job && a->job_state != b->job_state) {
		snprintf(det, sizeof(det), "%s at %s (line %d): JobState %u, reference %u",
			 call_name(a), t, a->line, (unsigned)a->job_state, (unsigned)b->job_state);
		report(d, "DIFF JobState", det);
	}
	if (a->has_job && b->has_job && !ops_eq(a, b)) {
		snprintf(det, sizeof(det), "%s at %s (line %d): OperationalStatus differs",
			 call_name(a), t, a->line);
		report(d, "DIFF OperationalStatus", det);
	}
}

size_t xpl_diff(const srh_result *a, const srh_result *ref, xpl_key_fn fn, void *ctx)
{
	dctx d = {fn, ctx, 0, {{0}}, 0};
	size_t n = a->n_calls < ref->n_calls ? a->n_calls : ref->n_calls;
	char det[128];

	if (a->verdict > SRH_FAIL || ref->verdict > SRH_FAIL)
		return 0; /* a run that did not finish has its own key */
	for (size_t i = 0; i < n; i++) {
		if (a->calls[i].call != ref->calls[i].call ||
		    a->calls[i].time_ns != ref->calls[i].time_ns) {
			report(&d, "DIFF calls", "the runs went out of step (call times differ)");
			break;
		}
		one_call(&d, &a->calls[i], &ref->calls[i]);
	}
	if (a->n_calls != ref->n_calls) {
		snprintf(det, sizeof(det), "%zu calls, reference %zu", a->n_calls, ref->n_calls);
		report(&d, "DIFF calls", det);
	}
	if (a->final_state != ref->final_state) {
		snprintf(det, sizeof(det), "final JobState %u, reference %u",
			 (unsigned)a->final_state, (unsigned)ref->final_state);
		report(&d, "DIFF JobState", det);
	}
	return d.n;
}
