/*
 * srh_tgt_int.h - state of one target run shared by the driver's files:
 * srh_tgt_call.c (each operation through the protocol's table, observed
 * and recorded), srh_tgt_paths.c (which actions to take) and
 * srh_tgt_report.c (coverage, the printed report, the result record).
 */
#ifndef SRH_TGT_INT_H
#define SRH_TGT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "srh_target.h"

/* What a target run can cover; the report lists each, covered or not. */
enum {
	SRH_TC_RUNNING,
	SRH_TC_SUCCESS,
	SRH_TC_FAILURE,
	SRH_TC_STABLE,
	SRH_TC_GETERRORS,
	SRH_TC_INVALID,
	SRH_TC_ACCESS,
	SRH_TC_TRANSITION,
	SRH_TC_PROGRESS,
	SRH_TC_SUSPEND,
	SRH_TC_TERMINATE,
	SRH_TC_KILL,
	SRH_TC_FAULTS,
	SRH_TC_REMOVAL,
	SRH_TC_RESTART,
	SRH_TC_COUNT
};

#define SRH_TGT_NOTE 256

typedef struct srh_tgt {
	const srh_tgt_ops *ops;
	void *ctx;
	const srh_tgt_opts *o;
	FILE *f; /* o->out or stdout */
	srh_checker *chk;
	srh_result *res;
	uint64_t t;	     /* the provider's clock as estimated from job times */
	bool failed;	     /* a transport or protocol failure: no more calls */
	bool answered;	     /* the target answered at least once */
	unsigned long calls; /* operations made */
	int cov[SRH_TC_COUNT];
	char note[SRH_TC_COUNT][SRH_TGT_NOTE];
	int geterrors; /* -1 unknown, 0 the provider has none, 1 offered */
} srh_tgt;

/* A job of the enumeration: what is needed to address it. */
typedef struct srh_tjob {
	const char *iid, *cls, *owner;
	uint16_t state;
} srh_tjob;

/* ---- srh_tgt_report.c ------------------------------------------------------ */

/* A line about the run on g->f, unless quiet. */
void srh_tgt_say(const srh_tgt *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Mark c covered, with a note. */
void srh_tgt_cover(srh_tgt *g, int c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Say why c is not covered (unless it already is). */
void srh_tgt_uncover(srh_tgt *g, int c, const char *why);
/* Print the coverage, violations and rule table on g->f. */
void srh_tgt_report(const srh_tgt *g);
/* Move the coverage and violations into g->res and settle its verdict. */
void srh_tgt_finish(srh_tgt *g);

/* ---- srh_tgt_call.c ------------------------------------------------------------ */

/* JobState's name ("?" when undefined). */
const char *srh_tgt_state_name(uint16_t s);
/* The enumeration as o->me; judged and recorded. Returns 0 with *rep
 * filled (srh_tgt_reply_clear), or -1 (g->failed). */
int srh_tgt_enumerate(srh_tgt *g, srh_tgt_reply *rep);
/* Read a job as o->me, recorded. *job NULL when not returned (then *rc
 * says why: 4, 5, 6). Returns -1 on a failure. */
int srh_tgt_read_job(srh_tgt *g, const srh_tjob *j, cim_job **job, uint32_t *rc);
/* Judge a read (as o->me) as an instance observation. */
void srh_tgt_feed_read(srh_tgt *g, const srh_tjob *j, const cim_job *job, uint32_t rc);
/* GetInstance as who, judged and recorded. Returns 0, or -1. */
int srh_tgt_get_instance(srh_tgt *g, const prov_principal *who, const srh_tjob *j);
/* One GetError by who, judged with the job read just before and after it
 * (retried when the job moved in between; a bad request reads nothing).
 * Returns the rc, or -1 (g->failed). */
long srh_tgt_get_error(srh_tgt *g, const prov_principal *who, const srh_tjob *j, bool bad_request);
/* GetErrors by o->me with the job read after. The rc, or -1 when the
 * provider has none (g->geterrors 0) or on a failure (g->failed). */
long srh_tgt_get_errors(srh_tgt *g, const srh_tjob *j);
/* RequestStateChange by who, with the job read before and after. The rc,
 * -2 when it answered a fault, -1 on a failure. */
long srh_tgt_request(srh_tgt *g, const prov_principal *who, const srh_tjob *j, uint16_t state);
/* Poll the job until it is in state want (0: any final state) or o->wait_s
 * runs out. Returns the last JobState seen, 0 when unknown. */
uint16_t srh_tgt_wait_state(srh_tgt *g, const srh_tjob *j, uint16_t want);

/* ---- srh_tgt_paths.c --------------------------------------------------------- */

/* Every action, in order, stopping at the first failure. */
void srh_tgt_drive(srh_tgt *g);

#endif
