/*
 * srh_sweep.c - the sweep's runs: each is a small generated scenario, parsed
 * by the same parser as the files and run by the same runner, so a sweep
 * run and a scenario file cannot drift apart.
 */
#include "srh_sweep.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "srh_run.h"
#include "srh_sweep_int.h"
#include "srh_util.h"
#include "srh/cim_fmt.h"

/* A quick job: 1 GiB over 10 Gbps. GetError by the owner at once (the job
 * is New: the engine query path, sim/engine/busy) and when it ends, a provider restart, two minutes
 * (past a busy engine window: sim/engine/busy lasts 60 s by default, TimeBeforeRemoval 5 min),
 * GetError again, then the runner's final one, which must return 0. */
static int case_yaml(const sweep_case *k, char *buf, size_t len)
{
	char fault[512] = "";
	int n;

	if (k->point)
		cim_fmt(fault, sizeof(fault), "faults:\n  - point: %s\n    nth: %" PRIu64 "\n%s",
			k->point, k->nth, k->persistent ? "" : "    count: 1\n");
	n = cim_fmt(buf, len,
		    "name: %s\n"
		    "seed: 1\n"
		    "topology:\n"
		    "  source: {data_size: 1GiB, log_size: 1GiB}\n"
		    "  link: {bandwidth: 10Gbps, latency: 1ms}\n"
		    "job:\n"
		    "  kind: %s\n"
		    "  owner: alice\n"
		    "%s"
		    "actions:\n"
		    "  - call: GetError\n"
		    "  - at_end: true\n"
		    "    call: GetError\n"
		    "  - restart: provider\n"
		    "  - advance: 2m\n"
		    "  - call: GetError\n",
		    k->name, k->kind, fault);
	return n > 0 && (size_t)n < len ? n : -1;
}

static void case_name(sweep_case *k)
{
	char pt[96] = "clean";

	if (k->point) {
		cim_fmt(pt, sizeof(pt), "%s", k->point);
		for (char *p = pt; *p; p++)
			if (*p == '/')
				*p = '.';
	}
	if (k->point)
		cim_fmt(k->name, sizeof(k->name), "sweep.%s.%s.%" PRIu64 "%s", k->kind, pt, k->nth,
			k->persistent ? ".persistent" : "");
	else
		cim_fmt(k->name, sizeof(k->name), "sweep.%s.clean", k->kind);
}

/* ---- driving ------------------------------------------------------------- */

typedef struct sweep {
	const srh_sweep_opts *o;
	srh_out out;
	sweep_case *cases;
	size_t n, cap;
	size_t base; /* index of the pool's unit 0 in cases */
} sweep;

static int add_case(sweep *w, const char *kind, const char *point, uint64_t nth)
{
	sweep_case *k;

	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 64;
		sweep_case *nk = realloc(w->cases, nc * sizeof(*nk));
		if (!nk)
			return -1;
		w->cases = nk;
		w->cap = nc;
	}
	k = &w->cases[w->n++];
	*k = (sweep_case){kind, point, nth, w->o->persistent, ""};
	case_name(k);
	return 0;
}

static char *repro(const sweep *w, const sweep_case *k, char *buf, size_t len)
{
	int n;

	if (k->point)
		n = cim_fmt(buf, len, "srh sweep --kind %s --point %s --nth %" PRIu64 "%s", k->kind,
			    k->point, k->nth, k->persistent ? " --persistent" : "");
	else
		n = cim_fmt(buf, len, "srh sweep --kind %s --max-n 0", k->kind);
	if (n > 0 && (size_t)n < len && w->o->provider)
		cim_fmt(buf + n, len - (size_t)n, " --provider %s", w->o->provider);
	return buf;
}

static void on_done(void *ctx, size_t idx, const srh_result *r)
{
	sweep *w = ctx;
	char rp[512];

	if (w->o->pick && !w->o->pick(w->o->ctx, r->name))
		return; /* another shard's clean run: it only served planning */
	if (w->o->record)
		w->o->record(w->o->ctx, r);
	if (w->o->quiet)
		srh_tally_add(&w->out.t, r);
	else
		srh_out_result(&w->out, r, repro(w, &w->cases[w->base + idx], rp, sizeof(rp)));
}

static int run_cases(sweep *w, size_t from, srh_result *res)
{
	size_t n = w->n - from;
	srh_request *u = calloc(n, sizeof(*u));
	char(*yaml)[SWEEP_YAML] = calloc(n, sizeof(*yaml));
	sweep_models ms = {0};
	bool models;
	int rc = -1;

	if (!u || !yaml)
		goto out;
	w->base = from;
	/* Generated here, parsed like any scenario file: here, once per
	 * shape, for the workers to inherit (srh_sweep_model.c); by the
	 * worker itself only when that could not be done. */
	for (size_t i = from; i < w->n; i++)
		if (case_yaml(&w->cases[i], yaml[i - from], SWEEP_YAML) < 0)
			goto out;
	models = srh_sweep_models(&w->cases[from], n, (const char(*)[SWEEP_YAML])yaml, &ms) == 0;
	for (size_t i = from; i < w->n; i++) {
		const sweep_case *k = &w->cases[i];
		u[i - from] = (srh_request){k->name,
					    k->name,
					    k->kind,
					    yaml[i - from],
					    1,
					    false,
					    true,
					    w->o->provider,
					    w->o->profile,
					    models ? &ms.m[i - from] : NULL};
	}
	rc = srh_pool_run(u, n, &w->o->pool, res, on_done, w);
out:
	srh_sweep_models_free(&ms);
	free(u);
	free(yaml);
	return rc;
}

static bool point_wanted(const srh_sweep_opts *o, const char *p)
{
	return !o->point || strcmp(o->point, p) == 0 || fnmatch(o->point, p, 0) == 0;
}

/* The Nth-hit runs of one kind, from its clean run's hit counts. */
static int plan_kind(sweep *w, const char *kind, const srh_result *r)
{
	const srh_sweep_opts *o = w->o;

	for (size_t i = 0; i < sim_fault_point_count(); i++) {
		const char *p = sim_fault_point_at(i)->name;
		uint64_t hits = 0, hi;
		for (size_t h = 0; h < r->n_hits; h++)
			if (strcmp(r->hits[h].point, p) == 0)
				hits = r->hits[h].hits;
		if (!hits || !point_wanted(o, p))
			continue;
		hi = hits < o->max_n ? hits : o->max_n;
		for (uint64_t n = o->nth ? o->nth : 1; n <= (o->nth ? o->nth : hi); n++) {
			if (add_case(w, kind, p, n) != 0)
				return -1;
			if (o->pick && !o->pick(o->ctx, w->cases[w->n - 1].name))
				w->n--; /* another shard's */
		}
	}
	return 0;
}

static int sweep_phase2(sweep *w, size_t n_clean, srh_result *clean_res)
{
	srh_result *res = NULL;
	size_t from;
	int rc = 0;

	for (size_t i = 0; i < n_clean; i++)
		if (clean_res[i].verdict <= SRH_FAIL &&
		    plan_kind(w, w->cases[i].kind, &clean_res[i]) != 0)
			return -1;
	from = n_clean;
	if (w->n == from)
		return 0;
	if (!(res = calloc(w->n - from, sizeof(*res))))
		return -1;
	w->out.total = w->n;
	rc = run_cases(w, from, res);
	for (size_t i = 0; i < w->n - from; i++)
		srh_result_free(&res[i]);
	free(res);
	return rc;
}

int srh_sweep_run(const srh_sweep_opts *o, srh_tally *t)
{
	sweep w = {o, {0}, NULL, 0, 0, 0};
	srh_result *clean = NULL;
	size_t n_clean;
	int rc = -1;

	for (int k = 0; k < SIM_JOB_KIND_COUNT; k++) {
		const char *name = sim_job_kind_name((sim_job_kind)k);
		if ((!o->kind || strcmp(o->kind, name) == 0) && add_case(&w, name, NULL, 0) != 0)
			goto out;
	}
	n_clean = w.n;
	srh_out_init(&w.out, o->out ? o->out : stdout, o->verbose, n_clean);
	if (!(clean = calloc(n_clean, sizeof(*clean))))
		goto out;
	if (run_cases(&w, 0, clean) != 0)
		goto done;
	if (o->max_n > 0 && sweep_phase2(&w, n_clean, clean) != 0)
		goto done;
	rc = 0;
done:
	if (!o->quiet)
		srh_out_totals(&w.out, "sweep");
	*t = w.out.t;
	for (size_t i = 0; i < n_clean; i++)
		srh_result_free(&clean[i]);
out:
	if (rc != 0 && !o->quiet)
		fprintf(stderr, "srh sweep: could not finish (out of memory or interrupted)\n");
	free(clean);
	free(w.cases);
	return rc;
}
