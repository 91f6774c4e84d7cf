/*
 * tpr.h - shared fixture of the provider_ref tests: the reference provider
 * (static library) on the fake host, and the principals the tests use.
 * Every helper cr_assert()s on failure, so a test body stays about the
 * behaviour it checks.
 */
#ifndef TPR_H
#define TPR_H

#include <stdbool.h>
#include <stddef.h>

#include "fake_host.h"
#include "srh/cim.h"
#include "srh/prov_abi.h"

extern const prov_principal tpr_owner; /* "alice", owns every test job */
extern const prov_principal tpr_admin; /* "root", administrator */
extern const prov_principal tpr_other; /* "mallory", neither */

typedef struct tpr {
	fh_host h;
	fh_prov p;
	char iid[128];
} tpr;

const prov_ops *tpr_ops(void);
/* Open the provider (store NULL = in memory) and init libfiu. */
void tpr_open(tpr *t, const char *store, const char *options);
/* Open with a profile file; returns 0 or -1 with err set (no assert). */
int tpr_try_open(tpr *t, const char *store, const char *profile, const char *options, char *err,
		 size_t errlen);
/* Open as a host of ABI version abi handing prov_config.flags. */
void tpr_open_flags(tpr *t, const char *store, uint32_t abi, uint32_t flags);
void tpr_close(tpr *t);
/* Open again on the same host (after a test changed it), closing first
 * if open. */
void tpr_reopen(tpr *t, const char *store, const char *options);

/* InstanceID of job (kept in t->iid). */
const char *tpr_iid(tpr *t, const char *job);
uint32_t tpr_get_error(tpr *t, const prov_principal *who, const char *job, cim_error **e);
/* The job instance as the admin reads it (asserts success). */
cim_job *tpr_instance(tpr *t, const char *job);
void tpr_free_error(tpr *t, cim_error *e);

/* Jobs on the paths of contract.md, owned by tpr_owner. */
void tpr_running(tpr *t, const char *job);
void tpr_completed(tpr *t, const char *job);
void tpr_failed(tpr *t, const char *job, const char *cls);

/* A temporary file path (mkstemp) holding content (NULL = empty file
 * removed, so a store is created fresh). Free with tpr_rm. */
char *tpr_tmp(const char *content);
void tpr_rm(char *path);

/* Is rc a code a GetError may return (0..6 or vendor)? */
bool tpr_rc_allowed(uint32_t rc);

#endif /* TPR_H */
