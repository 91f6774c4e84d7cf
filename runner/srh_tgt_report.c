/*
 * srh_tgt_report.c - a target run from start to end: set-up, the printed
 * report (coverage, violations, the rule table) and the result record the
 * caller stores like any run's (violations as failures, coverage as
 * timeline notes).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srh_tgt_int.h"
#include "srh_util.h"
#include "srh/cim_fmt.h"

static const char *const cov_name[SRH_TC_COUNT] = {
    "GetError on a running job",
    "GetError on a job completed with OK",
    "GetError on a failed job (Exception)",
    "Error stable across two calls",
    "GetErrors",
    "invalid parameter (bogus and malformed InstanceID)",
    "access denied (another user)",
    "RequestStateChange that makes no sense (4097)",
    "PercentComplete of a running job watched",
    "suspend and resume",
    "terminate by a client",
    "kill by a client",
    "injected engine faults",
    "removal after TimeBeforeRemoval",
    "provider restart",
};

void srh_tgt_say(const srh_tgt *g, const char *fmt, ...)
{
	va_list ap;

	if (g->o->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(g->f, fmt, ap);
	va_end(ap);
	fputc('\n', g->f);
}

void srh_tgt_cover(srh_tgt *g, int c, const char *fmt, ...)
{
	va_list ap;

	g->cov[c] = 1;
	va_start(ap, fmt);
	vsnprintf(g->note[c], sizeof(g->note[c]), fmt, ap);
	va_end(ap);
}

void srh_tgt_uncover(srh_tgt *g, int c, const char *why)
{
	if (!g->cov[c])
		cim_fmt(g->note[c], sizeof(g->note[c]), "%s", why);
}

/* Rules no call of this run could exercise are "n/a", not "ok"; the reason
 * or NULL. */
static const char *not_applicable(const srh_tgt *g, int r)
{
	if (r == SRH_R_PROFILE)
		return "no fault profile in target mode";
	if (r == SRH_R_GETERRORS && g->geterrors != 1)
		return "the provider has no GetErrors";
	return NULL;
}

void srh_tgt_report(const srh_tgt *g)
{
	size_t nv = srh_check_count(g->chk), must = srh_check_count_level(g->chk, SRH_MUST);
	FILE *f = g->f;
	char line[1024];

	fprintf(f, "coverage:\n");
	for (int c = 0; c < SRH_TC_COUNT; c++)
		fprintf(f, "  %-12s %s%s%s\n", g->cov[c] ? "covered" : "NOT COVERED", cov_name[c],
			g->note[c][0] ? ": " : "", g->note[c]);
	fprintf(f, "violations: %zu (%zu MUST)\n", nv, must);
	for (size_t i = 0; i < nv; i++) {
		srh_violation_format(srh_check_violation(g->chk, i), line, sizeof(line));
		fprintf(f, "  %s\n", line);
	}
	fprintf(f, "rules:\n");
	for (int r = 0; r < SRH_R_COUNT; r++) {
		size_t k = srh_check_count_rule(g->chk, (srh_rule_id)r);
		const char *na = not_applicable(g, r);

		fprintf(f, "  %-4s %s%s%s%s\n",
			k    ? "FAIL"
			: na ? "n/a"
			     : "ok",
			srh_rules[r].id, srh_rules[r].level == SRH_SHOULD ? " (SHOULD)" : "",
			na && !k ? ": " : "", na && !k ? na : "");
	}
	fprintf(f, "result: %s (%lu calls)\n", must ? "FAIL" : "PASS (every MUST check)", g->calls);
}

void srh_tgt_finish(srh_tgt *g)
{
	srh_result *res = g->res;
	size_t nv = srh_check_count(g->chk);

	for (int c = 0; c < SRH_TC_COUNT; c++)
		srh_result_event(res, g->t, SRH_TL_NOTE, 0, 0, "%s %s%s%s",
				 g->cov[c] ? "covered:" : "NOT COVERED:", cov_name[c],
				 g->note[c][0] ? ": " : "", g->note[c]);
	for (size_t i = 0; i < nv; i++) {
		const srh_violation *v = srh_check_violation(g->chk, i);

		if (v)
			srh_result_fail(res, v->id, v->level, false, v->property, v->expected,
					v->observed, v->time_ns, 0);
	}
	if (srh_check_dropped(g->chk))
		res->truncated = true;
	res->end_ns = g->t;
	if (g->failed)
		res->verdict = SRH_ERROR;
	else
		srh_result_settle(res);
}

static double now_s(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

srh_tgt_end srh_tgt_run(const srh_tgt_ops *ops, void *ctx, const srh_tgt_opts *o, srh_result *res)
{
	srh_tgt g;
	double t0 = now_s();
	int oom = 0;
	srh_tgt_end end;

	memset(&g, 0, sizeof(g));
	srh_result_init(res);
	res->name = srh_strdup(o->name ? o->name : "target", &oom);
	res->job_kind = srh_strdup("target", &oom);
	if (oom)
		res->truncated = true;
	g.ops = ops;
	g.ctx = ctx;
	g.o = o;
	g.f = o->out ? o->out : stdout;
	g.res = res;
	g.geterrors = -1;
	if (!(g.chk = srh_checker_new())) {
		fprintf(stderr, "%s: out of memory\n", o->prog ? o->prog : "srh run");
		srh_result_reason(res, "out of memory");
		res->verdict = SRH_ERROR;
		return SRH_TGT_BROKEN;
	}
	srh_tgt_say(&g, "srh target: %s as %s%s%s", o->name ? o->name : "?", o->me.name,
		    o->other ? ", other user " : "", o->other ? o->other->name : "");
	srh_tgt_uncover(&g, SRH_TC_FAULTS,
			"engine faults (io_error, disk_failure, log_full, partition, "
			"conn_reset, timeout, partner_crash, auth_refused, engine_oom, "
			"engine_bug) cannot be injected into a live provider");
	srh_tgt_uncover(&g, SRH_TC_REMOVAL, "would need waiting out TimeBeforeRemoval");
	srh_tgt_uncover(&g, SRH_TC_RESTART, "a live provider is not restarted from outside");
	srh_tgt_drive(&g);
	/* Nothing answered (refused, TLS, certificate): the one line that
	 * said why is the whole story. */
	if (g.answered)
		srh_tgt_report(&g);
	srh_tgt_finish(&g);
	res->wall_s = now_s() - t0;
	end = !g.failed ? SRH_TGT_DONE : g.answered ? SRH_TGT_BROKEN : SRH_TGT_UNREACHED;
	srh_checker_free(g.chk);
	return end;
}
