/*
 * srh_stage_int.h - the stage's state, shared by its files (srh_stage.c:
 * provider and life cycle; srh_stage_build.c: scenario and demo set-up;
 * srh_stage_ops.c: the operations and the safe copies).
 */
#ifndef SRH_STAGE_INT_H
#define SRH_STAGE_INT_H

#include <limits.h>

#include "scn.h"
#include "srh/prov_load.h"
#include "srh_stage.h"

struct srh_stage {
	srh_stage_opts o;
	prov_lib *lib;	     /* NULL: the built-in reference provider */
	const prov_ops *ops; /* validated table */
	prov_ctx *ctx;	     /* open instance, or NULL */
	bool refused;	     /* the provider's open() refused (last try) */
	prov_ops wrap;	     /* what the simulator calls: on_event through us */
	prov_config cfg;
	/* The host the provider is opened with: the simulator's, changed as
	 * the scenario's provider.host says (srh_stage_host.c). */
	prov_host host;
	scn_host want;	   /* the scenario's provider.host (all zero: the simulator's) */
	uint16_t ev_state; /* repeat_state: the JobState the engine last set */
	sim *s;
	bool own_dir; /* dir made by us: removed at the end */
	char owner[64];
	char other[80];
	uint64_t job_id;
	char iid[256];
	/* The scenario's topology (owned by the scenario) and its
	 * partnership; the second group's, built when a job asks for it. */
	const scn_topology *topo;
	int pship;
	int pship_other; /* -1: not built */
	/* Last, and not zeroed when the stage is made (only their first
	 * bytes): some 9 KB a run that are only ever read as strings. */
	char dir[PATH_MAX]; /* directory holding a store we made */
	char store[PATH_MAX];
	char options[1024];
};

/* Make the job store file to from the file from (a ".sql" file: run its
 * SQL text on a new SQLite database; any other: copy it byte for byte).
 * Returns 0, or -1 with a one-line reason naming the file
 * (srh_stage_store.c). */
int srh_stage_store_from(const char *from, const char *to, char *err, size_t errlen);

/* The host st's provider is opened with (st->host, st->cfg.abi_version):
 * the simulator's, with the ABI major and optional callbacks st->want
 * ask for (srh_stage_host.c). Cannot fail. */
void srh_stage_host(srh_stage *st);

/* Pass ev to the driver's event hook (the run's timeline) and to the
 * provider. Returns the provider's answer, -1 when none is open. */
int srh_stage_forward(srh_stage *st, const prov_event *ev);

/* Pass the simulator's event ev on as st's scenario's engine sends it
 * (provider.host.events): as it is, or with one misbehaviour; events the
 * engine adds go to the provider only, not to the driver's timeline.
 * Returns the provider's answer for ev (0 for an event this engine does
 * not send), -1 when none is open (srh_stage_events.c). */
int srh_stage_events(srh_stage *st, const prov_event *ev);

/* Open the provider on the simulator with options (NULL: none) and attach
 * it. Returns 0, or -1 with a safe one-line reason. */
int srh_stage_open(srh_stage *st, const char *options, char *err, size_t errlen);

#endif
