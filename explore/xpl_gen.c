/*
 * xpl_gen.c - one random scenario from (seed, index), built as a model in
 * code and validated like a parsed file.
 *
 * Swarm testing (Groce et al.): each scenario first draws a feature mask,
 * and only the features it switched on may appear. A scenario with few
 * features goes deep into them (five faults on one point, RequestStateChange
 * after RequestStateChange) where an even mix of everything would almost
 * never get.
 *
 * Jobs are made in one place (gen_job): with the "jobs" feature two or three
 * are alive at once, on the same and on other groups, of one owner or two,
 * submitted at staggered times, and every fault and action is aimed at one
 * of them (job:), so an Error meant for one job reaching another is seen.
 * Times are chosen so that most moments come: actions at a time go forward,
 * and after an end-based moment only moments after an end are used.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "sim.h"
#include "srh/prov_faults.h"
#include "xpl.h"

#define MS SIM_NS_PER_MS
#define SEC SIM_NS_PER_S
#define MIB (1ull << 20)
#define GIB (1ull << 30)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	F_SFAULT = 1u << 0,	/* simulator faults */
	F_PFAULT = 1u << 1,	/* provider faults */
	F_RESTART = 1u << 2,	/* provider restarts */
	F_RSC = 1u << 3,	/* RequestStateChange */
	F_OTHER = 1u << 4,	/* calls as another principal */
	F_ADMIN = 1u << 5,	/* calls as an administrator */
	F_IID = 1u << 6,	/* instance_id variants */
	F_ADVANCE = 1u << 7,	/* advance actions */
	F_HOLD = 1u << 8,	/* job held New */
	F_LIMIT = 1u << 9,	/* a time limit */
	F_TBR = 1u << 10,	/* a TimeBeforeRemoval other than 5 min */
	F_KEEP = 1u << 11,	/* DeleteOnCompletion false */
	F_BIG = 1u << 12,	/* large volumes */
	F_ERRORS = 1u << 13,	/* GetErrors */
	F_READ = 1u << 14,	/* GetInstance, EnumerateInstances */
	F_EARLY = 1u << 15,	/* calls at times while the job runs */
	F_PROGRESS = 1u << 16,	/* at_percent, at_phase, at_state */
	F_ASYNC = 1u << 17,	/* asynchronous mode */
	F_HEARTBEAT = 1u << 18, /* a heartbeat deadline */
	F_OVERLAP = 1u << 19,	/* several faults on one point */
	F_JOBS = 1u << 20,	/* two or three jobs at once */
	F_NOCACHE = 1u << 21,	/* provider option cache=0 */
	F_COUNT = 22
};

#define GEN_JOBS 3

/* What the generator knows of one job while it writes actions. */
typedef struct gjob {
	scn_job *spec;
	int kind;
	bool ended;   /* an action waits for this job's end already */
	bool may_end; /* the job can end (not held without a Start) */
} gjob;

typedef struct gen {
	xpl_rng r;
	uint32_t feat;
	scn_scenario *s;
	gjob jobs[GEN_JOBS];
	size_t n_jobs;
	gjob *j;    /* the job the fault or action being made is aimed at */
	uint64_t t; /* the latest at: time used */
	bool late;  /* an end-based moment was used: at: times are no longer safe */
	bool moved; /* an earlier action moved the clock on */
	bool fail;  /* out of memory */
} gen;

static bool on(const gen *g, uint32_t f)
{
	return (g->feat & f) != 0;
}

static uint64_t pick_u64(gen *g, const uint64_t *v, size_t n)
{
	return v[xpl_rng_below(&g->r, n)];
}

static char *dup(gen *g, const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		g->fail = true;
	return d;
}

uint64_t xpl_run_seed(uint64_t seed, uint64_t index)
{
	xpl_rng r;

	xpl_rng_seed(&r, seed ^ (index * 0xd1342543de82ef95ull));
	(void)xpl_rng_next(&r);
	return xpl_rng_next(&r);
}

/* ---- topology and job ----------------------------------------------------- */

static void gen_topology(gen *g)
{
	static const uint64_t small[] = {16 * MIB, 64 * MIB, 256 * MIB, 1 * GIB};
	static const uint64_t big[] = {4 * GIB, 16 * GIB, 100 * GIB};
	static const uint64_t logs[] = {64 * MIB, 1 * GIB, 8 * GIB};
	static const uint64_t bw[] = {100000000ull, 1000000000ull, 10000000000ull};
	static const uint64_t lat[] = {0, 1 * MS, 20 * MS};
	scn_topology *t = &g->s->topology;

	t->source.node = dup(g, "SR-SRV01");
	t->source.group = dup(g, "RG01");
	t->destination.node = dup(g, "SR-SRV02");
	t->destination.group = dup(g, "RG02");
	t->source.data_size =
	    on(g, F_BIG) ? pick_u64(g, big, COUNT(big)) : pick_u64(g, small, COUNT(small));
	t->destination.data_size = t->source.data_size;
	t->source.log_size = pick_u64(g, logs, COUNT(logs));
	t->destination.log_size = 8 * GIB;
	t->bandwidth_bps = pick_u64(g, bw, COUNT(bw));
	t->latency_ns = pick_u64(g, lat, COUNT(lat));
	t->mode = on(g, F_ASYNC) ? SCN_MODE_ASYNCHRONOUS : SCN_MODE_SYNCHRONOUS;
}

/* One job; gj->kind is its kind. Only the last job may remove its group:
 * the simulator refuses a job on a removed group, and a job of "group:
 * other" after it may share that second group. */
static void gen_job(gen *g, gjob *gj, scn_job *j, bool last)
{
	static const uint64_t limits[] = {1 * SEC, 10 * SEC, 60 * SEC, 600 * SEC};
	static const uint64_t tbrs[] = {0, 1 * MS, 1 * SEC, 30 * SEC, 3600 * SEC};
	static const uint64_t hbs[] = {1 * SEC, 5 * SEC, 30 * SEC};

	gj->spec = j;
	gj->kind = (int)xpl_rng_below(&g->r, SIM_JOB_KIND_COUNT);
	if (!last && gj->kind == SIM_JOB_REMOVE_GROUP)
		gj->kind = SIM_JOB_INITIAL_SYNC;
	j->kind = dup(g, sim_job_kind_name((sim_job_kind)gj->kind));
	j->owner = dup(g, "alice");
	j->time_before_removal_ns = 5 * 60 * SEC;
	j->delete_on_completion = !on(g, F_KEEP);
	if (on(g, F_LIMIT))
		j->time_limit_ns = pick_u64(g, limits, COUNT(limits));
	if (on(g, F_TBR))
		j->time_before_removal_ns = pick_u64(g, tbrs, COUNT(tbrs));
	if (on(g, F_HEARTBEAT))
		j->heartbeat_deadline_ns = pick_u64(g, hbs, COUNT(hbs));
	j->hold = on(g, F_HOLD) && xpl_rng_chance(&g->r, 50);
	if (gj->kind == SIM_JOB_RESYNC && xpl_rng_chance(&g->r, 30))
		j->dirty_size = 32 * MIB;
	if (gj->kind == SIM_JOB_TEST_TOPOLOGY && xpl_rng_chance(&g->r, 30))
		j->test_size = 16 * MIB;
}

/* A later job of jobs:: submitted a little after the one before it (or at
 * the same time), beside the first job or on a group of its own, of the
 * same owner most of the time (the case an Error keyed by owner breaks). */
static void gen_more_job(gen *g, size_t i, size_t n, uint64_t prev_at)
{
	scn_job *j = &g->s->more_jobs[i - 1];
	char id[24];

	gen_job(g, &g->jobs[i], j, i + 1 == n);
	snprintf(id, sizeof(id), "j%zu", i + 1);
	j->id = dup(g, id);
	j->at_ns = xpl_rng_chance(&g->r, 20)
		       ? prev_at
		       : prev_at + xpl_rng_below(&g->r, 10) * SEC + xpl_rng_below(&g->r, 1000) * MS;
	j->other_group = xpl_rng_chance(&g->r, 40);
	if (xpl_rng_chance(&g->r, 30)) {
		free(j->owner);
		j->owner = dup(g, "bob");
	}
}

static void gen_jobs(gen *g)
{
	size_t n = on(g, F_JOBS) ? 2 + xpl_rng_below(&g->r, GEN_JOBS - 1) : 1;

	gen_job(g, &g->jobs[0], &g->s->job, n == 1);
	g->n_jobs = 1;
	if (n == 1)
		return;
	if (!(g->s->more_jobs = calloc(n - 1, sizeof(*g->s->more_jobs)))) {
		g->fail = true;
		return;
	}
	g->s->job.id = dup(g, "j1");
	for (; g->n_jobs < n; g->n_jobs++, g->s->n_more_jobs++)
		gen_more_job(g, g->n_jobs, n, g->jobs[g->n_jobs - 1].spec->at_ns);
	if (xpl_rng_chance(&g->r, 70)) /* the final GetError on any job */
		g->s->final_job = dup(g, g->jobs[xpl_rng_below(&g->r, n)].spec->id);
}

/* Aim the next fault or action at a job: g->j; its id into *id (NULL for
 * the first job of a one-job scenario). */
static void aim(gen *g, char **id)
{
	g->j = &g->jobs[g->n_jobs > 1 ? xpl_rng_below(&g->r, g->n_jobs) : 0];
	if (g->n_jobs > 1)
		*id = dup(g, g->j->spec->id);
}

/* ---- simulator faults ----------------------------------------------------- */

static const char *pick_phase(gen *g)
{
	const char *const *ph = sim_job_kind_phases((sim_job_kind)g->j->kind);
	size_t n = 0;

	while (ph && ph[n])
		n++;
	return n ? ph[xpl_rng_below(&g->r, n)] : NULL;
}

static void gen_trigger(gen *g, scn_fault *f)
{
	static const double probs[] = {0.001, 0.01, 0.1, 0.5, 1.0};

	f->trigger = (scn_trigger)xpl_rng_below(&g->r, 5);
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		f->at_ns = xpl_rng_below(&g->r, 120) * SEC + xpl_rng_below(&g->r, 1000) * MS;
		break;
	case SCN_TRIG_AT_PHASE:
		if (!(f->phase = dup(g, pick_phase(g))))
			f->trigger = SCN_TRIG_NTH, f->nth = 1;
		break;
	case SCN_TRIG_AT_PERCENT:
		f->percent = (uint16_t)xpl_rng_below(&g->r, 101);
		break;
	case SCN_TRIG_NTH:
		f->nth = 1 + xpl_rng_below(&g->r, 20);
		break;
	default:
		f->probability = probs[xpl_rng_below(&g->r, COUNT(probs))];
		break;
	}
}

static void gen_fault(gen *g, scn_fault *f, const scn_fault *prev)
{
	static const uint64_t durs[] = {10 * MS, 1 * SEC, 10 * SEC, 120 * SEC};
	static const int errs[] = {EIO, ENOSPC, ECONNRESET, ETIMEDOUT, EHOSTUNREACH};
	const char *const *pts = srh_scn_names()->sim_points;
	size_t n = 0;
	uint64_t c;

	while (pts[n])
		n++;
	aim(g, &f->job);
	if (prev && on(g, F_OVERLAP) && xpl_rng_chance(&g->r, 50))
		f->point = dup(g, prev->point);
	else
		f->point = dup(g, pts[xpl_rng_below(&g->r, n)]);
	gen_trigger(g, f);
	/* the engine is queried only by calls while the job runs: few hits */
	if (f->trigger == SCN_TRIG_NTH && strcmp(f->point, "sim/engine/busy") == 0)
		f->nth = 1 + xpl_rng_below(&g->r, 3);
	if (xpl_rng_chance(&g->r, 40))
		f->has_duration = true, f->duration_ns = pick_u64(g, durs, COUNT(durs));
	if (xpl_rng_chance(&g->r, 10))
		f->has_failinfo = true, f->failinfo = errs[xpl_rng_below(&g->r, COUNT(errs))];
	c = xpl_rng_below(&g->r, 10);
	f->count = c < 4 ? SCN_COUNT_FOREVER : c < 8 ? 1 : (uint32_t)(2 + xpl_rng_below(&g->r, 4));
	/* A partition that heals, on every hit forever, keeps the engine
	 * resending the same step: the job never ends and the run hangs (the
	 * link is never down long enough for the heartbeat deadline). That is
	 * the simulator's limit, not a provider bug: not generated. */
	if (f->count == SCN_COUNT_FOREVER && f->has_duration &&
	    strcmp(f->point, "sim/net/partition") == 0)
		f->count = 3;
	f->recover = f->count != SCN_COUNT_FOREVER;
}

static void gen_faults(gen *g)
{
	size_t n = on(g, F_SFAULT) ? 1 + xpl_rng_below(&g->r, 4) : 0;
	scn_scenario *s = g->s;

	if (!n)
		return;
	if (!(s->faults = calloc(n, sizeof(*s->faults)))) {
		g->fail = true;
		return;
	}
	for (size_t i = 0; i < n; i++, s->n_faults++)
		gen_fault(g, &s->faults[i], i ? &s->faults[i - 1] : NULL);
}

/* ---- provider faults (after the actions: at_action names one) ------------- */

/* Explore cannot judge a refused open (a refusal is the scenario's
 * expectation, not a run it can check against the contract), so the points
 * of the open are left out. */
static size_t pfault_count(const prov_fault_point *pts, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += pts[i].events != PROV_FP_AT_OPEN;
	return k;
}

/* The k-th point of pts that explore arms. */
static const prov_fault_point *pick_pfault(const prov_fault_point *pts, size_t n, uint64_t k)
{
	for (size_t i = 0; i < n; i++) {
		if (pts[i].events == PROV_FP_AT_OPEN)
			continue;
		if (k-- == 0)
			return &pts[i];
	}
	return &pts[0];
}

static void gen_pfault(gen *g, scn_prov_fault *f)
{
	static const uint64_t slow[] = {100 * MS, 1 * SEC, 10 * SEC};
	/* SQLITE_BUSY, SQLITE_NOMEM, SQLITE_FULL: each a code of its own */
	static const uint64_t wcode[] = {5, 7, 13};
	size_t n;
	const prov_fault_point *pts = prov_fault_points(&n);
	scn_scenario *s = g->s;
	uint64_t t = xpl_rng_below(&g->r, 10);
	size_t a;
	char id[16];

	const prov_fault_point *pt =
	    pick_pfault(pts, n, xpl_rng_below(&g->r, pfault_count(pts, n)));

	f->point = dup(g, pt->name);
	/* A point on the event path fails one hit: a transient failure, which
	 * the provider retries (prov_faults.h). Failing every write, a restart
	 * loses what the close could not write, which the contract does not
	 * promise to survive. */
	f->trigger = t < 5 || pt->events ? SCN_PTRIG_NTH
		     : t < 7		 ? SCN_PTRIG_ALWAYS
					 : SCN_PTRIG_AT_ACTION;
	f->nth = 1 + xpl_rng_below(&g->r, 8);
	if (f->trigger == SCN_PTRIG_AT_ACTION) {
		a = (size_t)xpl_rng_below(&g->r, s->n_actions);
		if (!s->actions[a].id) {
			snprintf(id, sizeof(id), "a%zu", a + 1);
			s->actions[a].id = dup(g, id);
		}
		f->action = a;
	}
	if (f->trigger != SCN_PTRIG_NTH)
		f->nth = 0;
	if (strcmp(f->point, PROV_FP_ENGINE_SLOW) == 0 && xpl_rng_chance(&g->r, 50))
		f->has_failinfo = true, f->failinfo = pick_u64(g, slow, COUNT(slow));
	if ((strcmp(f->point, PROV_FP_STORE_WRITE) == 0 ||
	     strcmp(f->point, PROV_FP_STORE_PREPARE) == 0) &&
	    xpl_rng_chance(&g->r, 50))
		f->has_failinfo = true, f->failinfo = pick_u64(g, wcode, COUNT(wcode));
}

static void gen_pfaults(gen *g)
{
	size_t n = on(g, F_PFAULT) && g->s->n_actions ? 1 + xpl_rng_below(&g->r, 2) : 0;
	scn_scenario *s = g->s;

	if (!n)
		return;
	if (!(s->prov_faults = calloc(n, sizeof(*s->prov_faults)))) {
		g->fail = true;
		return;
	}
	for (size_t i = 0; i < n; i++, s->n_prov_faults++)
		gen_pfault(g, &s->prov_faults[i]);
}

/* cache=0: every call reads the job and its Error from the provider's store,
 * so the store's read paths (and their fault points) are reached on every
 * call, not only on the first after the end. */
static void gen_options(gen *g)
{
	if (on(g, F_NOCACHE))
		g->s->provider_options = dup(g, "cache=0");
}

/* ---- actions -------------------------------------------------------------- */

/* A moment after the end: at least every time the clock was pushed to
 * (g->t: at: times and advances before the end, advances after it), so it
 * has not passed when its turn comes (with several jobs another job's later
 * end may still have passed it: the runner skips such a moment). */
static void after_end(gen *g, scn_when *w, uint64_t extra)
{
	w->kind = SCN_WHEN_AFTER_END;
	w->time_ns = g->t + extra;
	g->t = w->time_ns;
}

/* A moment of the job's progress. A phase or a state passes once: only
 * while no earlier action moved the clock on may it still be ahead, so
 * later ones wait for a percent (one already passed comes at once). */
static void progress_when(gen *g, scn_when *w)
{
	uint64_t k = g->moved ? 0 : xpl_rng_below(&g->r, 3);

	w->kind = SCN_WHEN_AT_PERCENT;
	if (k == 1 && (w->phase = dup(g, pick_phase(g))))
		w->kind = SCN_WHEN_AT_PHASE;
	else if (k == 2)
		w->kind = SCN_WHEN_AT_STATE, w->state = 4; /* Running: every started job */
	else
		w->percent = (uint16_t)xpl_rng_below(&g->r, 101);
	g->moved = true;
}

/* An action on a job not yet submitted waits for it: the clock is then at
 * least the job's submit time. */
static void reach_job(gen *g)
{
	if (g->j->spec->at_ns > g->t) {
		g->t = g->j->spec->at_ns;
		g->moved = true;
	}
}

static void gen_when(gen *g, scn_action *a)
{
	uint64_t tbr = g->j->spec->time_before_removal_ns, k = xpl_rng_below(&g->r, 10);
	scn_when *w = &a->when;

	*w = (scn_when){0};
	if (g->j->ended || k < 3) {	  /* right after the previous action */
		if (g->j->ended && k < 5) /* later after the end: across removal */
			after_end(g, w, k < 2 ? tbr : 1 * SEC);
		return;
	}
	if (k < 6 && on(g, F_EARLY) && !g->late) {
		g->moved = true;
		w->kind = SCN_WHEN_AT_TIME;
		w->time_ns =
		    g->t + xpl_rng_below(&g->r, 30) * SEC + xpl_rng_below(&g->r, 1000) * MS;
		g->t = w->time_ns;
	} else if (k < 8 && on(g, F_PROGRESS) && g->j->may_end) {
		progress_when(g, w);
	} else if (g->j->may_end) {
		k = xpl_rng_below(&g->r, 6);
		g->j->ended = g->late = g->moved = true;
		if (k < 3)
			w->kind = SCN_WHEN_AT_END;
		else
			after_end(g, w, k == 3 ? (tbr ? tbr - 1 : 0) : k == 4 ? tbr : tbr + SEC);
	}
}

static scn_call pick_call(gen *g)
{
	for (;;) {
		uint64_t k = xpl_rng_below(&g->r, 10);
		if (k < 4)
			return SCN_CALL_GET_ERROR;
		if (k == 4 && on(g, F_ERRORS))
			return SCN_CALL_GET_ERRORS;
		if (k == 5 && on(g, F_READ))
			return SCN_CALL_GET_INSTANCE;
		if (k == 6 && on(g, F_READ))
			return SCN_CALL_ENUMERATE_INSTANCES;
		if (k >= 7 && on(g, F_RSC))
			return SCN_CALL_REQUEST_STATE_CHANGE;
	}
}

static void gen_caller(gen *g, scn_action *a)
{
	static const char *const others[] = {"bob", "mallory"};
	static const char *const iids[] = {"SRSIM:999", "srsim:1", " SRSIM:1", "SRSIM:1 ", "x"};

	/* a call is made as the job's owner unless it says otherwise (the
	 * parser fills the owner in the same way) */
	if (on(g, F_OTHER) && xpl_rng_chance(&g->r, 30))
		a->principal = dup(g, others[xpl_rng_below(&g->r, COUNT(others))]);
	else
		a->principal = dup(g, g->j->spec->owner);
	a->admin = on(g, F_ADMIN) && xpl_rng_chance(&g->r, 30);
	if (on(g, F_IID) && xpl_rng_chance(&g->r, 25)) {
		uint64_t k = xpl_rng_below(&g->r, COUNT(iids) + 1);
		a->has_instance_id = true;
		a->instance_id = k < COUNT(iids) ? dup(g, iids[k]) : NULL;
	}
}

static void gen_call(gen *g, scn_action *a)
{
	static const uint16_t rs[] = {2, 3, 4, 5, 6, 3, 4, 5, 0, 1, 7, 99, 32768};
	static const uint64_t tos[] = {1 * MS, 1 * SEC, 60 * SEC};

	a->kind = SCN_ACT_CALL;
	a->call = pick_call(g);
	if (a->call == SCN_CALL_REQUEST_STATE_CHANGE) {
		a->requested_state = rs[xpl_rng_below(&g->r, COUNT(rs))];
		if (xpl_rng_chance(&g->r, 20))
			a->timeout_period_ns = pick_u64(g, tos, COUNT(tos));
	}
	gen_caller(g, a);
}

static void gen_action(gen *g, scn_action *a)
{
	static const uint64_t adv[] = {1 * SEC, 60 * SEC, 5 * 60 * SEC, 3600 * SEC};
	uint64_t k = xpl_rng_below(&g->r, 10), tbr;

	aim(g, &a->job);
	reach_job(g);
	gen_when(g, a);
	if (k == 0 && on(g, F_RESTART)) {
		a->kind = SCN_ACT_RESTART;
	} else if (k == 1 && on(g, F_ADVANCE)) {
		tbr = g->j->spec->time_before_removal_ns;
		a->kind = SCN_ACT_ADVANCE;
		a->advance_ns =
		    xpl_rng_chance(&g->r, 50) && tbr ? tbr : pick_u64(g, adv, COUNT(adv));
		g->t += a->advance_ns;
		g->moved = true;
	} else {
		gen_call(g, a);
	}
	/* restart and advance take no job: the moment is still this job's */
	if (a->kind != SCN_ACT_CALL && a->when.kind == SCN_WHEN_NEXT) {
		free(a->job);
		a->job = NULL;
	}
}

/* A held job gets its Start most of the time, early, so it can run. */
static void gen_start(gen *g, scn_action *a)
{
	if (g->n_jobs > 1)
		a->job = dup(g, g->j->spec->id);
	reach_job(g);
	a->when.kind = SCN_WHEN_NEXT;
	a->kind = SCN_ACT_CALL;
	a->call = SCN_CALL_REQUEST_STATE_CHANGE;
	a->requested_state = 2;
	a->principal = dup(g, g->j->spec->owner);
}

static bool is_rsc(const scn_action *a, uint16_t rs)
{
	return a->kind == SCN_ACT_CALL && a->call == SCN_CALL_REQUEST_STATE_CHANGE &&
	       a->requested_state == rs;
}

/* Start after a Suspend, some virtual time later (same job: g->j). */
static void gen_resume(gen *g, scn_action *a)
{
	gen_start(g, a);
	if (!g->j->ended && !g->late) {
		a->when.kind = SCN_WHEN_AT_TIME;
		a->when.time_ns = g->t + (1 + xpl_rng_below(&g->r, 20)) * SEC;
		g->t = a->when.time_ns;
	}
}

/* The held jobs' Starts (most of the time), first; which jobs can end. */
static size_t gen_starts(gen *g, scn_action *acts)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n_jobs; i++) {
		gjob *gj = &g->jobs[i];
		bool start = gj->spec->hold && xpl_rng_chance(&g->r, 70);

		gj->may_end = !gj->spec->hold || start;
		if (start) {
			g->j = gj;
			gen_start(g, &acts[n++]);
		}
	}
	return n;
}

static void gen_actions(gen *g)
{
	size_t n = 1 + xpl_rng_below(&g->r, 8 + 2 * (g->n_jobs - 1)), i = 0, starts;
	scn_scenario *s = g->s;

	if (!(s->actions = calloc(n + g->n_jobs, sizeof(*s->actions)))) {
		g->fail = true;
		return;
	}
	i = starts = gen_starts(g, s->actions);
	for (; i < n + starts; i++) {
		gen_action(g, &s->actions[i]);
		/* a Suspend is often followed by its Resume (Start), for the
		 * contract's "suspended, then resumed" path */
		if (is_rsc(&s->actions[i], 3) && i + 1 < n && xpl_rng_chance(&g->r, 60))
			gen_resume(g, &s->actions[++i]);
	}
	s->n_actions = i;
}

/* ---- the scenario --------------------------------------------------------- */

static int finish(gen *g, uint64_t seed, uint64_t index, char *err, size_t errlen)
{
	char name[64];

	snprintf(name, sizeof(name), "explore.%" PRIu64 ".%" PRIu64, seed, index);
	g->s->name = dup(g, name);
	g->s->file = dup(g, name);
	if (g->fail) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	return scn_validate(g->s, srh_scn_names(), err, errlen);
}

int xpl_gen(uint64_t seed, uint64_t index, scn_scenario **out, char *err, size_t errlen)
{
	gen g = {0};
	int rc = -1;

	*out = NULL;
	xpl_rng_seed(&g.r, xpl_run_seed(seed, index));
	if (!(g.s = calloc(1, sizeof(*g.s)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	g.feat = (uint32_t)(xpl_rng_next(&g.r) & ((1u << F_COUNT) - 1));
	g.s->seed = 1 + xpl_rng_below(&g.r, 1000000);
	gen_topology(&g);
	gen_jobs(&g);
	gen_faults(&g);
	gen_actions(&g);
	gen_pfaults(&g);
	gen_options(&g);
	if ((rc = finish(&g, seed, index, err, errlen)) != 0) {
		scn_free(g.s);
		return -1;
	}
	*out = g.s;
	return 0;
}

scn_scenario *xpl_copy(const scn_scenario *sc, const char *name)
{
	char *text = NULL, err[SCN_ERRLEN];
	size_t len;
	scn_scenario *c = NULL;
	char *nm;

	if (scn_write_string(sc, &text, &len) != 0)
		return NULL;
	if (scn_parse_string(sc->file ? sc->file : "explore", text, len, srh_scn_names(), &c, err,
			     sizeof(err)) != 0)
		c = NULL;
	free(text);
	if (c && name) {
		if (!(nm = strdup(name))) {
			scn_free(c);
			return NULL;
		}
		free(c->name);
		c->name = nm;
	}
	return c;
}
