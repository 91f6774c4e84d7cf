/*
 * srh_out.c - progress, failure details and totals on the terminal.
 */
#include "srh_out.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "srh_util.h"

#define OUT_TAIL_LINES 8

void srh_out_init(srh_out *o, FILE *f, bool verbose, size_t total)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->verbose = verbose;
	o->tty = isatty(fileno(f)) == 1;
	o->total = total;
	o->t0 = srh_wall_now();
}

void srh_tally_add(srh_tally *t, const srh_result *r)
{
	t->runs++;
	t->must_failures += r->n_must;
	t->should_failures += r->n_should;
	switch (r->verdict) {
	case SRH_PASS:
		t->passed++;
		break;
	case SRH_FAIL:
		if (r->n_must)
			t->failed_must++;
		else
			t->failed_should++;
		break;
	case SRH_CRASH:
		t->crashed++;
		break;
	case SRH_HANG:
		t->hung++;
		break;
	default:
		t->errors++;
		break;
	}
}

int srh_tally_status(const srh_tally *t)
{
	return t->passed == t->runs ? 0 : 1;
}

static void failure_lines(FILE *f, const srh_failure *x, const char *file)
{
	char t[40];

	fprintf(f, "  %-6s %s at t=%s", x->level == SRH_SHOULD ? "SHOULD" : "MUST", x->rule,
		srh_vtime(x->time_ns, t, sizeof(t)));
	if (x->line > 0)
		fprintf(f, " (%s:%d)", file ? file : "?", x->line);
	fprintf(f, "\n         %s%sexpected %s\n         %*sobserved %s\n",
		x->property ? x->property : "", x->property ? ": " : "", x->expected,
		x->property ? (int)strlen(x->property) + 2 : 0, "", x->observed);
}

/* The end of what a crashed or hung run printed, indented. */
static void output_tail(FILE *f, const char *out)
{
	const char *p = out + strlen(out);
	int lines = 0;

	while (p > out && lines <= OUT_TAIL_LINES)
		if (*--p == '\n' && p[1] != '\0')
			lines++;
	if (*p == '\n')
		p++;
	fprintf(f, "  output of the run (last lines):\n");
	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);
		fprintf(f, "    | %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
}

void srh_out_failures(FILE *f, const srh_result *r, const char *repro)
{
	if (r->reason)
		fprintf(f, "  %s\n", r->reason);
	for (size_t i = 0; i < r->n_must; i++)
		failure_lines(f, &r->must[i], r->file);
	for (size_t i = 0; i < r->n_should; i++)
		failure_lines(f, &r->should[i], r->file);
	if (r->truncated)
		fprintf(f, "  (some observations were not recorded: limits or memory)\n");
	if (r->output && *r->output)
		output_tail(f, r->output);
	if (repro)
		fprintf(f, "  repro: %s\n", repro);
}

static void counter(srh_out *o)
{
	fprintf(o->f, "\r[%zu/%zu] %zu passed, %zu failed", o->t.runs, o->total, o->t.passed,
		o->t.runs - o->t.passed);
	fflush(o->f);
	o->counter_shown = true;
}

static void counter_clear(srh_out *o)
{
	if (!o->counter_shown)
		return;
	fprintf(o->f, "\r\033[K");
	o->counter_shown = false;
}

void srh_out_result(srh_out *o, const srh_result *r, const char *repro)
{
	bool bad = r->verdict != SRH_PASS;

	srh_tally_add(&o->t, r);
	if (bad || o->verbose) {
		counter_clear(o);
		fprintf(o->f, "%-5s %s  %.3fs", srh_verdict_name(r->verdict),
			r->name ? r->name : "?", r->wall_s);
		if (r->verdict == SRH_FAIL)
			fprintf(o->f, "  (%zu MUST, %zu SHOULD)", r->n_must, r->n_should);
		fputc('\n', o->f);
		if (bad)
			srh_out_failures(o->f, r, repro);
	}
	if (o->tty && !o->verbose)
		counter(o);
	fflush(o->f);
}

void srh_out_totals(srh_out *o, const char *what)
{
	const srh_tally *t = &o->t;

	counter_clear(o);
	fprintf(o->f,
		"%s: %zu run%s, %zu passed, %zu failed (MUST %zu, SHOULD only %zu), %zu crashed, "
		"%zu hung, %zu errors; %zu MUST and %zu SHOULD failures; %.2fs\n",
		what, t->runs, t->runs == 1 ? "" : "s", t->passed,
		t->failed_must + t->failed_should, t->failed_must, t->failed_should, t->crashed,
		t->hung, t->errors, t->must_failures, t->should_failures, srh_wall_now() - o->t0);
	fflush(o->f);
}
