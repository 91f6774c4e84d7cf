/*
 * contract.md invariants 1 and 2 over many calls: no GetError/GetErrors
 * ever returns 7..32767, and a non-zero return never carries an Error.
 * Also the same from several client threads while events arrive.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "srh/prov_faults.h"
#include "tpr.h"

#define N_JOBS 24

static const char *const classes[] = {"io_error",   "disk_failure", "log_full",	     "partition",
				      "conn_reset", "timeout",	    "partner_crash", "auth_refused",
				      "engine_oom", "engine_bug"};

/* Jobs on every path: new, running, suspended, completed, failed (each
 * class), terminated, killed, removed. */
static void populate(tpr *t)
{
	char job[16];
	for (int i = 0; i < N_JOBS; i++) {
		snprintf(job, sizeof job, "%d", i);
		switch (i % 8) {
		case 0:
			cr_assert_eq(fh_created(&t->p, job, "alice", 0, 0), 0);
			break;
		case 1:
			tpr_running(t, job);
			break;
		case 2:
			tpr_running(t, job);
			cr_assert_eq(fh_state(&t->p, job, 5), 0);
			break;
		case 3:
			tpr_completed(t, job);
			break;
		case 4:
		case 5:
			tpr_failed(t, job, classes[i % 10]);
			break;
		case 6:
			tpr_running(t, job);
			cr_assert_eq(fh_end(&t->p, job, i % 2 ? 9 : 8, NULL, "alice"), 0);
			break;
		default:
			cr_assert_eq(fh_created(&t->p, job, "alice", 1, 1), 0);
			cr_assert_eq(fh_end(&t->p, job, 7, NULL, NULL), 0);
			break;
		}
	}
}

static void check_call(tpr *t, const prov_principal *who, const char *iid, int *n_calls)
{
	cim_error *e = NULL;
	cim_error **v = NULL;
	size_t n = 0;

	uint32_t rc = t->p.ops->get_error(t->p.ctx, who, iid, &e);
	cr_expect(tpr_rc_allowed(rc), "GetError(%s) = %u is DMTF reserved", iid ? iid : "-", rc);
	if (rc != 0)
		cr_expect_null(e, "rc %u with an Error", rc);
	if (e)
		cr_expect(e->message_id && e->message_id[0], "MessageID required");
	tpr_free_error(t, e);
	rc = t->p.ops->get_errors(t->p.ctx, who, iid, &v, &n);
	cr_expect(tpr_rc_allowed(rc), "GetErrors(%s) = %u", iid ? iid : "-", rc);
	if (rc != 0)
		cr_expect(v == NULL && n == 0);
	t->p.ops->free_errors(t->p.ctx, v, n);
	*n_calls += 2;
}

Test(invariants, no_call_returns_a_reserved_code)
{
	const prov_principal *who[] = {&tpr_owner, &tpr_admin, &tpr_other, NULL};
	const char *opts[] = {NULL, "cache=0", "caps=geterrors", "deadline_ms=1"};
	size_t n_fp = 0;
	const prov_fault_point *fp = prov_fault_points(&n_fp);
	int calls = 0;

	for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
		for (size_t f = 0; f <= n_fp; f++) {
			tpr t;
			char iid[64];
			tpr_open(&t, NULL, opts[o]);
			populate(&t);
			t.h.latency_ns = (f % 3) * 1000000ull;
			t.h.now += 2000000ull; /* past the removable jobs' TBR */
			if (f < n_fp)
				cr_assert_eq(fiu_enable(fp[f].name, 1, NULL, 0), 0);
			for (int j = -2; j < N_JOBS; j++) {
				snprintf(iid, sizeof iid, "SRSIM:%d", j);
				for (size_t w = 0; w < 4; w++)
					check_call(&t, who[w], j == -2 ? "junk" : iid, &calls);
			}
			if (f < n_fp)
				fiu_disable(fp[f].name);
			tpr_close(&t);
		}
	}
	cr_expect_gt(calls, 4000);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct worker {
	tpr *t;
	int bad;
} worker;

static void *client(void *arg)
{
	worker *w = arg;
	char iid[32];
	for (int i = 0; i < 400; i++) {
		cim_error *e = NULL;
		snprintf(iid, sizeof iid, "SRSIM:%d", i % N_JOBS);
		uint32_t rc = w->t->p.ops->get_error(w->t->p.ctx, &tpr_owner, iid, &e);
		if (!tpr_rc_allowed(rc) || (rc != 0 && e) || (e && !e->message_id))
			w->bad++;
		w->t->p.ops->free_error(w->t->p.ctx, e);
	}
	return NULL;
}

Test(invariants, clients_on_threads_while_events_arrive)
{
	tpr t;
	pthread_t th[4];
	worker w[4];
	char job[16];

	tpr_open(&t, NULL, NULL);
	t.h.host.query = NULL; /* the fake host's counters are not thread-safe */
	tpr_reopen(&t, NULL, NULL);
	for (int i = 0; i < 4; i++) {
		w[i] = (worker){&t, 0};
		cr_assert_eq(pthread_create(&th[i], NULL, client, &w[i]), 0);
	}
	/* The engine thread: jobs start, progress and end meanwhile. The
	 * virtual clock is only advanced here; readers only read it. */
	for (int i = 0; i < N_JOBS; i++) {
		snprintf(job, sizeof job, "%d", i);
		if (i % 2)
			tpr_failed(&t, job, classes[i % 10]);
		else
			tpr_completed(&t, job);
	}
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pthread_join(th[i], NULL), 0);
		cr_expect_eq(w[i].bad, 0, "thread %d", i);
	}
	tpr_close(&t);
}
