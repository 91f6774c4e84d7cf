/*
 * sim_phase.c - the job kinds as phase lists, and their names. Planning is
 * in sim_plan.c, the step loop in sim_step.c, a step's fault points in
 * sim_step_fault.c.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define NET SIM_F_NET
#define CONN SIM_F_CONNECT
#define AUTH SIM_F_AUTH
#define RD SIM_F_READ
#define WR SIM_F_WRITE
#define LOG SIM_F_LOG
#define PROBES SIM_N_RTT_PROBES

#define PH_CONNECT                                                                                 \
	{                                                                                          \
		"connect", NET | CONN, SIM_W_FIXED, SIM_B_NONE, 2                                  \
	}
#define PH_AUTH                                                                                    \
	{                                                                                          \
		"authenticate", NET | AUTH, SIM_W_FIXED, SIM_B_NONE, 1                             \
	}
#define PH_COPY                                                                                    \
	{                                                                                          \
		"copy", NET | RD | WR | LOG, SIM_W_COPY, SIM_B_NONE, 0                             \
	}
#define PH_REPLAY                                                                                  \
	{                                                                                          \
		"log_replay", NET | WR, SIM_W_NET, SIM_B_LOG, 0                                    \
	}
#define PH_FIX(n, f, r)                                                                            \
	{                                                                                          \
		n, f, SIM_W_FIXED, SIM_B_NONE, r                                                   \
	}

static const sim_phase_def ph_initial[] = {
    PH_CONNECT, PH_AUTH, PH_COPY, PH_REPLAY, PH_FIX("finalize", NET, 1),
};
static const sim_phase_def ph_resync[] = {
    PH_CONNECT, PH_AUTH,   {"scan", RD, SIM_W_DISK, SIM_B_BITMAP, 0},
    PH_COPY,	PH_REPLAY, PH_FIX("finalize", NET, 1),
};
static const sim_phase_def ph_test[] = {
    PH_CONNECT,
    PH_AUTH,
    PH_FIX("probe_latency", NET, PROBES),
    {"probe_throughput", NET, SIM_W_NET, SIM_B_TEST, 0},
    {"probe_io", RD | WR, SIM_W_DISK, SIM_B_TEST, 0},
    PH_FIX("report", 0, 0),
};
static const sim_phase_def ph_create[] = {
    PH_CONNECT,
    PH_AUTH,
    PH_FIX("validate", NET, 1),
    {"format_log", LOG, SIM_W_DISK, SIM_B_LOG_CAP, 0},
    PH_FIX("register", NET, 2),
    PH_FIX("commit", NET, 1),
};
static const sim_phase_def ph_switch[] = {
    PH_CONNECT,
    PH_AUTH,
    {"drain", NET | WR, SIM_W_NET, SIM_B_LOG, 0},
    PH_FIX("demote", NET, 1),
    PH_FIX("promote", NET, 1),
    PH_FIX("reverse", NET, 1),
    PH_FIX("resume", NET, 1),
};
static const sim_phase_def ph_remove[] = {
    PH_CONNECT,
    PH_FIX("stop", NET, 1),
    {"flush_log", WR, SIM_W_DISK, SIM_B_LOG, 0},
    PH_FIX("delete_log", 0, 0),
    PH_FIX("unregister", NET, 1),
};

#define N_(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const sim_phase_def *defs;
	size_t n;
} kind_phases[SIM_JOB_KIND_COUNT] = {
    [SIM_JOB_INITIAL_SYNC] = {ph_initial, N_(ph_initial)},
    [SIM_JOB_RESYNC] = {ph_resync, N_(ph_resync)},
    [SIM_JOB_TEST_TOPOLOGY] = {ph_test, N_(ph_test)},
    [SIM_JOB_CREATE_PARTNERSHIP] = {ph_create, N_(ph_create)},
    [SIM_JOB_SWITCH_DIRECTION] = {ph_switch, N_(ph_switch)},
    [SIM_JOB_REMOVE_GROUP] = {ph_remove, N_(ph_remove)},
};

const sim_phase_def *sim_kind_phases(sim_job_kind k, size_t *n)
{
	if ((unsigned)k >= SIM_JOB_KIND_COUNT)
		return NULL;
	*n = kind_phases[k].n;
	return kind_phases[k].defs;
}

const char *sim_job_phase(const sim_job *j)
{
	if (!j->in_phase || !j->phases)
		return "";
	if (j->phase_idx >= j->n_phases)
		return j->phases[j->n_phases - 1].name;
	return j->phases[j->phase_idx].name;
}

/* ---- public phase names ------------------------------------------------------------------ */

static const char *const names_initial[] = {"connect",	  "authenticate", "copy",
					    "log_replay", "finalize",	  NULL};
static const char *const names_resync[] = {"connect",	 "authenticate", "scan", "copy",
					   "log_replay", "finalize",	 NULL};
static const char *const names_test[] = {
    "connect", "authenticate", "probe_latency", "probe_throughput", "probe_io", "report", NULL};
static const char *const names_create[] = {"connect",  "authenticate", "validate", "format_log",
					   "register", "commit",       NULL};
static const char *const names_switch[] = {"connect", "authenticate", "drain",	"demote",
					   "promote", "reverse",      "resume", NULL};
static const char *const names_remove[] = {"connect",	 "stop",       "flush_log",
					   "delete_log", "unregister", NULL};

const char *const *sim_job_kind_phases(sim_job_kind k)
{
	static const char *const *const names[SIM_JOB_KIND_COUNT] = {
	    names_initial, names_resync, names_test, names_create, names_switch, names_remove,
	};

	return (unsigned)k < SIM_JOB_KIND_COUNT ? names[k] : NULL;
}
