/*
 * srh_stage.h - the stage: one protocol-neutral back end for every driver
 * of a provider (the runner behind `srh run/replay/sweep`, `srh serve`
 * behind CIM-XML, and any later protocol).
 *
 * A stage owns a provider (the built-in reference one or a .so through the
 * ABI loader), the simulator the provider sits on, and the jobs set up on
 * it (a scenario's or the demo set). It offers what a client has, as plain
 * C calls over the cim_ types: enumerate the jobs, get one instance, invoke
 * GetError / GetErrors / RequestStateChange; and what a driver has: advance
 * virtual time, restart the provider on its store.
 *
 * A provider may be hostile. Everything it hands over (the reason its
 * open() leaves, a vendor rc's description, every string and array of a
 * CIM_Error and a job instance) is made safe here, once: strings bounded to
 * SRH_CHECK_MAX_STR bytes, NUL-terminated, valid UTF-8 (a string that is
 * not is rewritten with \xNN escapes, see srh_text_safe), arrays with an
 * absurd count dropped. A reply carries these safe copies for clients and
 * records, and the provider's own objects (raw) only for the checker, which
 * must see a hostile value to judge it.
 *
 * Not thread-safe: one caller at a time (srh serve serializes requests).
 */
#ifndef SRH_STAGE_H
#define SRH_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scn.h"
#include "sim.h"
#include "srh/cim.h"
#include "srh/prov_abi.h"

#define SRH_STAGE_ERRLEN 512

typedef struct srh_stage srh_stage;

typedef struct srh_stage_opts {
	const char *provider_path;    /* provider .so; NULL = built-in reference */
	const char *provider_options; /* used when a scenario sets none */
	const char *profile_path;     /* handed to the provider's open() */
	const char *store_path;	      /* job store file the caller owns; NULL: see persist */
	bool persist;		      /* no store_path: a store file (in workdir, or a
					 private temporary directory) that survives
					 srh_stage_restart, removed by srh_stage_free */
	/* With persist: a file the store starts as (a ".sql" file: the
	 * database its SQL text makes), copied in at srh_stage_open only, so
	 * the file itself is never written; NULL: an empty store. */
	const char *store_from;
	const char *workdir;
	/* The caller arms no provider fault point while the stage lives: the
	 * provider is told so (PROV_CFG_NO_FAULTS, prov_abi.h), unless libfiu's
	 * fiu-run environment is set (then it may be driven from outside). */
	bool no_faults;
	bool has_seed; /* seed overrides a scenario's; the demo's seed */
	uint64_t seed;
	FILE *trace; /* simulator trace, or NULL */
	int trace_level;
	/* Every job event, before the provider gets it (NULL: none). */
	void (*on_event)(void *arg, const prov_event *ev);
	void *event_arg;
} srh_stage_opts;

/* Principals a client may act as. */
typedef enum srh_stage_role {
	SRH_STAGE_OWNER, /* the owner of the set-up's jobs */
	SRH_STAGE_OTHER, /* an ordinary user who owns none of them */
	SRH_STAGE_ADMIN, /* an administrator of the system */
} srh_stage_role;

/* What one operation returned. The safe copies belong to the reply; raw
 * points into the provider's objects (hostile: read them only with the
 * checker) until srh_stage_reply_done. */
typedef struct srh_stage_reply {
	uint32_t rc;
	char *rc_desc;	    /* a vendor rc's description (safe), or NULL */
	cim_error **errors; /* safe copies: GetError (0 or 1), GetErrors */
	size_t n_errors;    /* more than SRH_CHECK_MAX_ARRAY: cut, truncated set */
	cim_job **jobs;	    /* safe copies: GetInstance (1), EnumerateInstances */
	size_t n_jobs;
	bool has_errors; /* GetErrors answered an array (maybe empty), not NULL */
	bool truncated;	 /* a copy was cut short or memory ran out */
	/* raw.error (raw.job) is errors[0] (jobs[0]): the reference provider's
	 * object, safe as it was, taken over instead of copied; it is freed
	 * once, as the stage's own (srh_stage_ops.c). */
	bool adopted;
	struct {
		cim_error *error; /* GetError's */
		cim_error **errors;
		size_t n_errors;
		cim_job *job; /* GetInstance's */
		cim_job **jobs;
		size_t n_jobs;
	} raw;
} srh_stage_reply;

/* Defaults: reference provider, in-memory store, seed 1. */
void srh_stage_opts_default(srh_stage_opts *o);

/* Load the provider (nothing opened yet). On error returns -1, *out NULL
 * and a one-line reason. */
int srh_stage_new(const srh_stage_opts *o, srh_stage **out, char *err, size_t errlen);
/* Close the provider, remove a store the stage made, free. NULL ignored. */
void srh_stage_free(srh_stage *st);
/* The provider's name (from its validated ops table). */
const char *srh_stage_provider_name(const srh_stage *st);

/* Build the scenario's simulator (its seed unless opts override, its
 * heartbeat deadline), topology, provider (opened and attached) and job.
 * Its faults are armed with srh_stage_arm_fault; its actions are the
 * driver's. Returns 0, or -1 with a reason (the stage is then only fit for
 * srh_stage_free). */
int srh_stage_build_scenario(srh_stage *st, const scn_scenario *sc, char *err, size_t errlen);
/* Build the demo set of `srh serve`: one pair and, owned by "alice", a job
 * on each path (completed, failed, terminated, killed, running x3). Same
 * contract as srh_stage_build_scenario. */
int srh_stage_build_demo(srh_stage *st, char *err, size_t errlen);
/* Arm one scenario fault on the scenario's job. Returns the arm id, or -1
 * with errno set (nothing armed). */
int srh_stage_arm_fault(srh_stage *st, const scn_fault *f);
/* The same on the simulator job job_id (a later job of "jobs:"). */
int srh_stage_arm_fault_on(srh_stage *st, const scn_fault *f, uint64_t job_id);
/* Submit a further job of the scenario now: on the topology's group, or
 * (j->other_group) on a second pair like the topology's, its nodes and
 * groups named with a "-2" suffix. Sets *job_id and the InstanceID the
 * provider gives it (iid, len bytes). The scenario the stage was built from
 * must still be alive (its topology is read). Returns 0, or -1 with a
 * reason. */
int srh_stage_submit_job(srh_stage *st, const scn_job *j, uint64_t *job_id, char *iid, size_t len,
			 char *err, size_t errlen);

/* The simulator (NULL before a build). */
sim *srh_stage_sim(srh_stage *st);
/* Did the provider's open() itself refuse, on the last open or reopen (its
 * reason is then in the error of the call that failed)? false for NULL. */
bool srh_stage_refused(const srh_stage *st);
/* The scenario job's simulator id and InstanceID ("" for the demo). */
uint64_t srh_stage_job_id(const srh_stage *st);
const char *srh_stage_job_iid(const srh_stage *st);
/* The set-up's job owner ("alice" for the demo; "" before a build). */
const char *srh_stage_owner(const srh_stage *st);
/* The principal of role r (strings live as long as the stage). */
prov_principal srh_stage_who(const srh_stage *st, srh_stage_role r);
/* Does the provider offer GetErrors? */
bool srh_stage_has_get_errors(const srh_stage *st);

/* Advance virtual time by ns. Returns 0, or -1 with errno set. */
int srh_stage_advance(srh_stage *st, uint64_t ns);
/* Close the provider and open it again on its store, attached as before.
 * Returns 0, or -1 with a reason (the provider is then closed, and every
 * operation answers CIM_GE_FAILED). */
int srh_stage_restart(srh_stage *st, char *err, size_t errlen);

/* The operations. Each fills *r (never fails: a provider that cannot be
 * asked answers CIM_GE_FAILED; memory that runs out sets r->truncated);
 * give it back with srh_stage_reply_done. A provider without GetErrors
 * answers CIM_GE_NOT_SUPPORTED, as a CIM server would. */
void srh_stage_enumerate(srh_stage *st, const prov_principal *who, srh_stage_reply *r);
void srh_stage_get_instance(srh_stage *st, const prov_principal *who, const char *iid,
			    srh_stage_reply *r);
void srh_stage_get_error(srh_stage *st, const prov_principal *who, const char *iid,
			 srh_stage_reply *r);
void srh_stage_get_errors(srh_stage *st, const prov_principal *who, const char *iid,
			  srh_stage_reply *r);
void srh_stage_request_state_change(srh_stage *st, const prov_principal *who, const char *iid,
				    uint16_t requested_state, uint64_t timeout_ns,
				    srh_stage_reply *r);
/* Free the safe copies, give raw back to the provider. */
void srh_stage_reply_done(srh_stage *st, srh_stage_reply *r);

/* The InstanceID the provider gives the simulator's job key (safe), in
 * buf. Returns 0, or -1 when it gives none. */
int srh_stage_instance_id(srh_stage *st, const char *job_key, char *buf, size_t len);

#endif
