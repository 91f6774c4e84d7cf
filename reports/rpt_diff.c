/*
 * rpt_diff.c - what changed between a base run and a new run (of the same
 * or of two databases): scenarios that now fail or now pass, rules that
 * newly fail, scenarios that appeared or vanished, and, call by call, the
 * return codes and CIM_Error properties that differ. Scenarios are matched
 * by name, calls by their index within the scenario.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "rpt_int.h"

typedef struct differ {
	FILE *out; /* NULL: count only */
	rpt_diff_counts c;
	bool regressed;
} differ;

/* A name from the database, with control characters made harmless. */
static void plain(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : "?"); *p; p++)
		fputc(*p < 0x20 || *p == 0x7F ? '?' : *p, f);
}

static void head(differ *d, const char *tag, const char *name)
{
	fprintf(d->out, "%-12s ", tag);
	plain(d->out, name);
}

/* Worse verdicts rank higher: PASS < FAIL < CRASH/HANG/ERROR. */
static int rank(srh_verdict v)
{
	return v == SRH_PASS ? 0 : v == SRH_FAIL ? 1 : 2;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_failure(const srh_failure *a, const srh_failure *b)
{
	return a->level == b->level && same_str(a->rule, b->rule) &&
	       same_str(a->property, b->property);
}

static const srh_failure *nth_failure(const srh_result *r, size_t i)
{
	return i < r->n_must ? &r->must[i] : &r->should[i - r->n_must];
}

/* Has r a failure of the same rule (and property) as x? */
static bool has_failure(const srh_result *r, const srh_failure *x)
{
	for (size_t i = 0; i < r->n_must + r->n_should; i++)
		if (same_failure(nth_failure(r, i), x))
			return true;
	return false;
}

static void print_rule(differ *d, const srh_failure *x)
{
	fprintf(d->out, "%s ", x->level ? "SHOULD" : "MUST");
	plain(d->out, x->rule);
	if (x->property) {
		fputs(" (", d->out);
		plain(d->out, x->property);
		fputc(')', d->out);
	}
}

/* Rules failing in b and not in a (new failures), and the reverse. */
static void diff_rules(differ *d, const srh_result *a, const srh_result *b)
{
	for (size_t i = 0; i < b->n_must + b->n_should; i++) {
		const srh_failure *x = nth_failure(b, i);
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = same_failure(nth_failure(b, k), x);
		if (dup || has_failure(a, x))
			continue;
		d->c.new_failures++;
		d->regressed = true;
		if (d->out) {
			head(d, "NEW FAILURE", b->name);
			fputs(": now failing: ", d->out);
			print_rule(d, x);
			fputc('\n', d->out);
		}
	}
	for (size_t i = 0; i < a->n_must + a->n_should; i++) {
		const srh_failure *x = nth_failure(a, i);
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = same_failure(nth_failure(a, k), x);
		if (dup || has_failure(b, x))
			continue;
		d->c.fixes++;
		if (d->out) {
			head(d, "FIXED", b->name);
			fputs(": no longer failing: ", d->out);
			print_rule(d, x);
			fputc('\n', d->out);
		}
	}
}

/* ---- CIM_Error properties -------------------------------------------------- */

typedef enum ptype { P_U16, P_U32, P_STR, P_STRV } ptype;

typedef struct prop {
	const char *name;
	ptype t;
	size_t off, noff;
} prop;

#define PU(n, f)                                                                                   \
	{                                                                                          \
		n, P_U16, offsetof(cim_error, f), 0                                                \
	}
#define PS(n, f)                                                                                   \
	{                                                                                          \
		n, P_STR, offsetof(cim_error, f), 0                                                \
	}
#define PV(n, f)                                                                                   \
	{                                                                                          \
		n, P_STRV, offsetof(cim_error, f), offsetof(cim_error, n_##f)                      \
	}

static const prop props[] = {
    PU("ErrorType", error_type),
    PS("OtherErrorType", other_error_type),
    PS("OwningEntity", owning_entity),
    PS("MessageID", message_id),
    PS("Message", message),
    PV("MessageArguments", message_arguments),
    PU("PerceivedSeverity", perceived_severity),
    PU("ProbableCause", probable_cause),
    PS("ProbableCauseDescription", probable_cause_description),
    PV("RecommendedActions", recommended_actions),
    PS("ErrorSource", error_source),
    PU("ErrorSourceFormat", error_source_format),
    PS("OtherErrorSourceFormat", other_error_source_format),
    {"CIMStatusCode", P_U32, offsetof(cim_error, cim_status_code), 0},
    PS("CIMStatusCodeDescription", cim_status_code_description),
};

static const void *at(const cim_error *e, size_t off)
{
	return (const char *)e + off;
}

static bool prop_equal(const prop *p, const cim_error *a, const cim_error *b)
{
	switch (p->t) {
	case P_U16:
		return *(const uint16_t *)at(a, p->off) == *(const uint16_t *)at(b, p->off);
	case P_U32:
		return *(const uint32_t *)at(a, p->off) == *(const uint32_t *)at(b, p->off);
	case P_STR:
		return same_str(*(char *const *)at(a, p->off), *(char *const *)at(b, p->off));
	default: {
		char *const *va = *(char *const *const *)at(a, p->off);
		char *const *vb = *(char *const *const *)at(b, p->off);
		size_t na = va ? *(const size_t *)at(a, p->noff) : 0;
		size_t nb = vb ? *(const size_t *)at(b, p->noff) : 0;
		if (na != nb)
			return false;
		for (size_t i = 0; i < na; i++)
			if (!same_str(va[i], vb[i]))
				return false;
		return true;
	}
	}
}

static void prop_print(FILE *f, const prop *p, const cim_error *e)
{
	switch (p->t) {
	case P_U16:
		fprintf(f, "%u", *(const uint16_t *)at(e, p->off));
		break;
	case P_U32:
		fprintf(f, "%" PRIu32, *(const uint32_t *)at(e, p->off));
		break;
	case P_STR:
		rpt_term_str(f, *(char *const *)at(e, p->off));
		break;
	default: {
		char *const *v = *(char *const *const *)at(e, p->off);
		size_t n = v ? *(const size_t *)at(e, p->noff) : 0;
		fputc('[', f);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputs(", ", f);
			rpt_term_str(f, v[i]);
		}
		fputc(']', f);
	}
	}
}

/* ---- calls ----------------------------------------------------------------- */

static void call_head(differ *d, const srh_result *b, size_t i, const srh_call_rec *c, bool *shown)
{
	char t[32];

	if (!*shown)
		d->c.changed_calls++;
	*shown = true;
	if (!d->out)
		return;
	head(d, "CHANGED", b->name);
	fprintf(d->out, " call #%zu %s t=%s: ", i + 1, rpt_call_name(c->call),
		rpt_vtime(c->time_ns, t, sizeof(t)));
}

static void diff_errors(differ *d, const srh_result *b, size_t i, const srh_call_rec *ca,
			const srh_call_rec *cb, bool *shown)
{
	size_t na = ca->errors ? ca->n_errors : 0, nb = cb->errors ? cb->n_errors : 0;

	for (size_t k = 0; k < (na > nb ? na : nb); k++) {
		const cim_error *ea = k < na ? ca->errors[k] : NULL;
		const cim_error *eb = k < nb ? cb->errors[k] : NULL;
		if (!ea || !eb) {
			if (!ea && !eb)
				continue;
			call_head(d, b, i, cb, shown);
			if (d->out)
				fprintf(d->out, "Error[%zu] %s -> %s\n", k,
					ea ? "present" : "absent", eb ? "present" : "absent");
			continue;
		}
		for (size_t p = 0; p < sizeof(props) / sizeof(props[0]); p++) {
			if (prop_equal(&props[p], ea, eb))
				continue;
			call_head(d, b, i, cb, shown);
			if (!d->out)
				continue;
			fprintf(d->out, "Error[%zu].%s ", k, props[p].name);
			prop_print(d->out, &props[p], ea);
			fputs(" -> ", d->out);
			prop_print(d->out, &props[p], eb);
			fputc('\n', d->out);
		}
	}
}

static void diff_calls(differ *d, const srh_result *a, const srh_result *b)
{
	size_t n = a->n_calls < b->n_calls ? a->n_calls : b->n_calls;

	for (size_t i = 0; i < n; i++) {
		const srh_call_rec *ca = &a->calls[i], *cb = &b->calls[i];
		bool shown = false;
		if (ca->call != cb->call) {
			call_head(d, b, i, cb, &shown);
			if (d->out)
				fprintf(d->out, "call was %s\n", rpt_call_name(ca->call));
			continue;
		}
		if (ca->rc != cb->rc) {
			call_head(d, b, i, cb, &shown);
			if (d->out)
				fprintf(d->out, "rc %" PRIu32 " -> %" PRIu32 "\n", ca->rc, cb->rc);
		}
		diff_errors(d, b, i, ca, cb, &shown);
	}
	if (a->n_calls != b->n_calls && d->out) {
		head(d, "CHANGED", b->name);
		fprintf(d->out, " %zu calls -> %zu calls\n", a->n_calls, b->n_calls);
	}
}

/* ---- scenarios --------------------------------------------------------------- */

static void first_problem(differ *d, const srh_result *r)
{
	char buf[512];

	fputs(rpt_summary(r, buf, sizeof(buf)), d->out);
}

static void diff_one(differ *d, const srh_result *a, const srh_result *b)
{
	if (!a) {
		d->c.new_scenarios++;
		if (b->verdict != SRH_PASS) {
			d->c.new_failures++;
			d->regressed = true;
		}
		if (d->out) {
			head(d, b->verdict == SRH_PASS ? "NEW" : "NEW FAILURE", b->name);
			fprintf(d->out, ": new scenario, %s\n", rpt_verdict_name(b->verdict));
		}
		return;
	}
	if (!b) {
		d->c.vanished++;
		if (d->out) {
			head(d, "VANISHED", a->name);
			fprintf(d->out, ": was %s\n", rpt_verdict_name(a->verdict));
		}
		return;
	}
	if (rank(b->verdict) > rank(a->verdict) ||
	    (a->verdict != b->verdict && rank(b->verdict) == 2)) {
		d->c.new_failures++;
		d->regressed = true;
		if (d->out) {
			head(d, "NEW FAILURE", b->name);
			fprintf(d->out, ": %s -> ", rpt_verdict_name(a->verdict));
			first_problem(d, b);
			fputc('\n', d->out);
		}
	} else if (a->verdict != SRH_PASS && b->verdict == SRH_PASS) {
		d->c.fixes++;
		if (d->out) {
			head(d, "FIXED", b->name);
			fprintf(d->out, ": %s -> PASS\n", rpt_verdict_name(a->verdict));
		}
	} else if (a->verdict == SRH_FAIL && b->verdict == SRH_FAIL) {
		diff_rules(d, a, b);
	} else if (a->verdict != b->verdict && d->out) {
		head(d, "CHANGED", b->name);
		fprintf(d->out, ": %s -> %s\n", rpt_verdict_name(a->verdict),
			rpt_verdict_name(b->verdict));
	}
	diff_calls(d, a, b);
}

int rpt_diff(rpt_db *db_a, int64_t run_a, rpt_db *db_b, int64_t run_b, FILE *out,
	     rpt_diff_counts *counts)
{
	rpt_set a, b;
	differ d = {out, {0}, false};
	size_t i = 0, k = 0;

	if (rpt_set_load(db_a, run_a, RPT_LOAD_FAILURES | RPT_LOAD_CALLS, &a) != 0)
		return -1;
	if (rpt_set_load(db_b, run_b, RPT_LOAD_FAILURES | RPT_LOAD_CALLS, &b) != 0) {
		rpt_set_free(&a);
		return -1;
	}
	if (out) {
		fprintf(out, "diff: base run %" PRId64 " (", run_a);
		plain(out, rpt_db_path(db_a));
		fprintf(out, ", %zu results) -> run %" PRId64 " (", a.n, run_b);
		plain(out, rpt_db_path(db_b));
		fprintf(out, ", %zu results)\n", b.n);
		if (a.run.provider_hash && b.run.provider_hash &&
		    strcmp(a.run.provider_hash, b.run.provider_hash) != 0)
			fputs("note: the provider differs (SHA-256)\n", out);
	}
	while (i < a.n || k < b.n) {
		int c = i >= a.n ? 1 : k >= b.n ? -1 : strcmp(a.items[i].r.name, b.items[k].r.name);
		diff_one(&d, c <= 0 ? &a.items[i].r : NULL, c >= 0 ? &b.items[k].r : NULL);
		i += c <= 0;
		k += c >= 0;
	}
	if (out)
		fprintf(out,
			"diff: %zu new failures, %zu fixes, %zu new scenarios, %zu vanished, "
			"%zu changed calls: %s\n",
			d.c.new_failures, d.c.fixes, d.c.new_scenarios, d.c.vanished,
			d.c.changed_calls, d.regressed ? "REGRESSED" : "no regression");
	if (counts)
		*counts = d.c;
	rpt_set_free(&a);
	rpt_set_free(&b);
	if (out && ferror(out)) {
		rpt_err(db_b, "writing the diff failed");
		return -1;
	}
	return d.regressed ? 1 : 0;
}
