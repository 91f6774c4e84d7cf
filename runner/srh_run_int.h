/*
 * srh_run_int.h - state of one run shared by the runner's files
 * (srh_run.c drives the stage (srh_stage.h); srh_sfault.c, srh_pfault.c, srh_when.c,
 * srh_call.c, srh_expect.c, srh_profile.c each do one part).
 */
#ifndef SRH_RUN_INT_H
#define SRH_RUN_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "scn.h"
#include "sim.h"
#include "srh/prov_abi.h"
#include "srh/prov_load.h"
#include "srh/prov_profile.h"
#include "srh_result.h"
#include "srh_run.h"
#include "srh_stage.h"
#include "srh_util.h"

#define SRH_IID_MAX 256
#define SRH_ERRMSG 512
/* Longest virtual time a wait for a job condition may take: past it, the
 * wait gives up (the watchdog bounds wall time; this bounds virtual time,
 * for --no-fork runs). */
#define SRH_WAIT_MAX_NS (30ull * 24 * 3600 * 1000000000ull)

/* Jobs of one scenario ("jobs:"), at most. */
#define SRH_JOBS_MAX 16

/* ---- the run ------------------------------------------------------------- */

/* One job of the scenario and what the engine told the provider of it
 * (timeline and profile check). */
typedef struct srh_rjob {
	const scn_job *spec;
	bool submitted;
	uint64_t job_id;
	const char *job_key;
	char iid[SRH_IID_MAX];
	uint16_t js;	/* JobState last sent */
	uint64_t js_ns; /* when the engine set it */
	uint16_t pct;	/* PercentComplete last sent */
	char phase[SIM_NAME_MAX];
	bool ended;
	uint16_t end_state;
	int end_class; /* prov_fault_class of the end, PROV_FC_NONE */
	uint64_t ended_ns;
	/* The values the Error's MessageArguments must take, by placeholder
	 * (PROV_PLACEHOLDER_MAP), from the fault that ended the job; "" with
	 * known false = not known (not compared). */
	char end_arg[PROV_PH_COUNT][256];
	bool end_arg_known[PROV_PH_COUNT];
} srh_rjob;

typedef struct srh_rt {
	const scn_scenario *sc;
	const srh_run_opts *o;
	srh_result *res;
	srh_stage *st; /* provider, simulator, jobs */
	sim *s;	       /* the stage's simulator */
	srh_checker *chk;
	size_t n_jobs;
	srh_rjob *j;	      /* the job the running action addresses */
	srh_rjob *submitting; /* the job being submitted (its events come
				 before its key is known) */
	int line;	      /* line of the action being run, 0 none */
	int *arms;	      /* sim arm ids, one per scn fault (-1: not yet) */
	void *profile;	      /* active fault profile (srh_profile.c) */
	size_t seen;	      /* checker violations already collected */
	bool pf_armed;	      /* provider fault points are enabled */
	bool stop;	      /* a fatal problem: skip the remaining actions */
	bool refused;	      /* a restart's reopen was refused (provider.refuses) */
	/* The scenario's jobs, in file order. Last, because only the first
	 * n_jobs are set (srh_jobs_init): zeroing all of them was a few
	 * percent of a run. jobs[0] is zeroed with the rest of the run. */
	srh_rjob jobs[SRH_JOBS_MAX];
} srh_rt;

/* Record a runner failure (not from the checker) at the current time. */
void srh_rt_fail(srh_rt *rt, const char *rule, int level, const char *property,
		 const char *expected, const char *observed);
/* Move the checker's new violations into the result (with rt->line). */
void srh_rt_collect(srh_rt *rt);
/* One trace line ("<vtime> srh <text>") when tracing. */
void srh_rt_trace(srh_rt *rt, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- srh_events.c: the stage's event hook ------------------------------- */

/* Record a job event on the timeline (arg: the srh_rt) before the stage
 * forwards it to the provider. */
void srh_events_hook(void *arg, const prov_event *ev);

/* ---- srh_sfault.c / srh_pfault.c: fault arming ---------------------------- */

/* Make room for the arms (none armed yet). Returns 0, or -1 (out of
 * memory, the reason recorded). */
int srh_sfault_init(srh_rt *rt);
/* Arm the scenario faults of job j in the simulator. Returns 0, or -1 with
 * a failure recorded (the scenario names a point the simulator refused). */
int srh_sfault_arm(srh_rt *rt, const srh_rjob *j);
/* Record how often each arm fired. */
void srh_sfault_report(srh_rt *rt);

/* Arm the scenario's provider fault points in libfiu: with at_open, those
 * of the provider's open (PROV_FP_AT_OPEN), before the first open, else the
 * others, after the first job's creation. Returns 0, or -1 with a reason
 * (everything armed so far is disarmed). */
int srh_pfault_arm(srh_rt *rt, bool at_open, char *err, size_t errlen);
/* The action now running (SIZE_MAX: none), for at_action arms. */
void srh_pfault_action(size_t idx);
/* Arms decide (and count hits) only while the gate is open: around the
 * scenario's own client calls, never the runner's instance reads, event
 * delivery or a restart. */
void srh_pfault_gate(bool open);
/* Disable every point armed, record fired counts. Safe to call twice. */
void srh_pfault_disarm(srh_rt *rt);
/* Does sc arm no provider fault point? Then the stage tells the provider
 * so (PROV_CFG_NO_FAULTS, unless libfiu's fiu-run environment is set: see
 * srh_stage.c) and it may skip its fault checks. */
bool srh_pfault_none(const scn_scenario *sc);

/* ---- srh_jobs.c: the scenario's jobs --------------------------------------- */

/* Set up rt->jobs from the scenario; the first job was submitted by the
 * stage's build. Returns 0, or -1 with the reason (too many jobs). */
int srh_jobs_init(srh_rt *rt, char *err, size_t errlen);
/* The job the event of engine key key is about (the one being submitted
 * when no job has that key yet), or NULL. */
srh_rjob *srh_jobs_of_key(srh_rt *rt, const char *key);
/* The job of id (NULL = the first), or the first when there is none. */
srh_rjob *srh_jobs_of_id(srh_rt *rt, const char *id);
/* Is iid the InstanceID of a job of the run, or of one the scenario says
 * its store fixture holds (provider.store_jobs)? */
bool srh_jobs_known_iid(const srh_rt *rt, const char *iid);
/* Job j was submitted (job_id and iid set): tell the checker its owner,
 * removal times and state, and arm its faults. Returns 0, or -1 with a
 * failure recorded. */
int srh_jobs_submitted(srh_rt *rt, srh_rjob *j);
/* Submit every job whose submit time has come (at <= now), arming its
 * faults and telling the checker its facts. Returns 0, or -1 with a
 * failure recorded (rt->stop set). */
int srh_jobs_due(srh_rt *rt);
/* Submit time of the next job not yet submitted, or UINT64_MAX. */
uint64_t srh_jobs_next_at(const srh_rt *rt);
/* sim_run_until(t), submitting jobs whose time comes on the way. */
long srh_jobs_run_until(srh_rt *rt, uint64_t t);
/* sim_run_until_job for job j, submitting jobs whose time comes on the way
 * (same returns). */
int srh_jobs_run_until_job(srh_rt *rt, srh_rjob *j, const sim_until *u, uint64_t max_ns);

/* ---- srh_when.c ----------------------------------------------------------- */

/* Advance the simulator to the moment of a. Returns 0 reached, 1 not
 * reached (a failure is recorded), -1 simulator error. */
int srh_when(srh_rt *rt, const scn_action *a);
/* Run until the job ends or nothing more can happen. */
void srh_run_to_end(srh_rt *rt);

/* ---- srh_call.c / srh_expect.c --------------------------------------------- */

/* What one action observed, for its expectations. */
typedef struct srh_obs {
	bool is_call;
	scn_call call;
	uint32_t rc;
	const cim_error *error; /* first Error returned (our copy), or NULL */
	size_t n_errors;
	const cim_job *job;  /* instance read by an administrator at the
				same instant (our copy), or NULL */
	uint32_t job_rc;     /* rc of that read */
	const char *rc_desc; /* the provider's text for a vendor rc, or NULL */
} srh_obs;

/* Perform the action's client call (a), feed the checker, record the call,
 * compare a's expectations. Returns 0, or -1 on a runner error. */
int srh_call_action(srh_rt *rt, const scn_action *a);
/* The final GetError by the job's owner (and the final: expectations). */
int srh_call_final(srh_rt *rt);
/* Read the job as an administrator (for restart/advance expectations) and
 * compare expects against it. */
void srh_call_expect_job(srh_rt *rt, const scn_expect *e, size_t n);

/* Compare expectations with an observation, recording failures. */
void srh_expect_check(srh_rt *rt, const scn_expect *e, size_t n, const srh_obs *o);

/* ---- srh_profile.c: SHOULD checks against the active profile ---------------- */

/* Take the active profile (srh_profile_preload's cache). Returns 0, or -1
 * with the reason it does not load. */
int srh_profile_open(srh_rt *rt, char *err, size_t errlen);
/* Judge an Error observed at t for the job, when the job ended with a
 * fault class. */
void srh_profile_check(srh_rt *rt, uint64_t t, const cim_error *observed);
/* The profile's JobError: the job instance j (read at t with GetError's
 * answer e, NULL = no Error) carries its Error. */
void srh_profile_job(srh_rt *rt, uint64_t t, const cim_job *j, const cim_error *e);
/* Remember what job j's MessageArguments must be: the cause that ended it
 * (c, NULL = none) and who asked (requested_by, NULL = nobody). */
void srh_profile_cause(srh_rjob *j, const prov_fault *c, const char *requested_by);
void srh_profile_close(srh_rt *rt);

#endif
