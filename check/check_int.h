/*
 * check_int.h - internals of libsrh_check shared by its files: the checker
 * state, per-job history, violation recording and safe text helpers for
 * hostile input. Not installed.
 */
#ifndef SRH_CHECK_INT_H
#define SRH_CHECK_INT_H

#include "check.h"

/* Room for one rendered value, expected or observed text. */
#define CHK_TXT 768
/* Longest rendering of one hostile string inside a text. */
#define CHK_SHOW 160

/* What the checker remembers of one job across calls and restarts. */
typedef struct chk_hist {
	char *instance_id; /* key (capped copy) */
	char *owner;	   /* access context fact, NULL = unknown */
	cim_job *last;	   /* last instance observed (capped copy), NULL = none */
	uint64_t last_time;
	/* First rc-0 GetError on the ended job: its Error (NULL = NULL). */
	bool ge_known;
	cim_error *ge_error;
	uint64_t ge_time;
	unsigned ge_restarts; /* restart count when it was seen */
	/* First rc-0 GetErrors on the ended job: its first error. */
	bool ges_known;
	cim_error *ges_first;
	uint64_t ges_time;
	bool removed;
	uint64_t removed_time;
	/* Driver facts for contract.md's Removal paragraph and invariant 6:
	 * DeleteOnCompletion and TimeBeforeRemoval as submitted, and the end
	 * instant E with the cause that ended the job (NULL = no fault). */
	bool rm_known;
	bool rm_doc;
	uint64_t rm_tbr;
	bool end_known;
	uint64_t end_time;
	char *end_cause;
	/* Driver facts for invariant 9: the engine's JobState and the
	 * instant it last changed. */
	bool st_known;
	uint16_t st_state;
	uint64_t st_time;
} chk_hist;

struct srh_checker {
	srh_violation *v;
	size_t n_v, cap_v;
	size_t dropped;
	chk_hist **jobs;
	size_t n_jobs, cap_jobs;
	unsigned restarts;
	uint64_t last_restart_ns;
};

/* Who is calling, relative to the job's owner. */
typedef enum chk_access {
	CHK_ACC_UNKNOWN = 0, /* no principal, or no owner fact */
	CHK_ACC_AUTHORIZED,  /* owner or administrator */
	CHK_ACC_STRANGER,    /* neither */
} chk_access;

/* ---- check_core.c ------------------------------------------------------ */

/* Record a violation (copies every string, renders hostile text safely).
 * Returns 0, or -1 (counted as dropped) when memory ran out. */
int chk_add(srh_checker *c, srh_rule_id r, const char *property, uint64_t t, const char *iid,
	    const char *expected, const char *observed);
/* History of a job; created when create is set. NULL for a NULL id or when
 * memory ran out. */
chk_hist *chk_hist_get(srh_checker *c, const char *iid, bool create);
chk_access chk_access_of(srh_checker *c, const char *iid, const prov_principal *who);
/* The instant from which the job must be gone (contract.md Removal: the
 * end instant E plus TimeBeforeRemoval T, with DeleteOnCompletion), into
 * *at. E and T come from the driver's facts, else from now (the instance
 * read at this observation, may be NULL), else from the job's last read;
 * a removed fact gives its time. False when that instant is not known or
 * never comes (DeleteOnCompletion false, job not ended). */
bool chk_removal_at(const chk_hist *h, const cim_job *now, uint64_t *at);
/* Must the job be gone at t (t >= chk_removal_at)? */
bool chk_removal_due(const chk_hist *h, const cim_job *now, uint64_t t);
/* The rule a job seen at its removal instant or later breaks: MUST-removal
 * gone-after-restart when the provider was restarted since that instant
 * (what came back came out of its store), else MUST-rc5 invalid-parameter. */
srh_rule_id chk_removed_rule(const srh_checker *c, const chk_hist *h, const cim_job *now);
/* "5 Invalid Parameter (job removed at t=...)" for a job due at t. */
char *chk_removed_text(char *buf, size_t len, const chk_hist *h, const cim_job *now);

/* ---- check_text.c ------------------------------------------------------ */

/* strlen bounded to SRH_CHECK_MAX_STR + 1 (never reads further). */
size_t chk_strlen(const char *s);
/* Does p start with the key binding name "InstanceID=\"" (any case)? The
 * first byte is compared before the rest: object paths are scanned at
 * every offset. */
bool chk_iid_key_at(const char *p);
/* Is s (NULL ok) valid UTF-8 of at most SRH_CHECK_MAX_STR bytes? On false,
 * *why (if given) says which. */
bool chk_str_ok(const char *s, const char **why);
/* s escaped (non-printable and non-UTF-8 bytes as \xNN) and truncated,
 * without quotes; "NULL" for NULL. Returns buf. */
char *chk_esc(char *buf, size_t len, const char *s);
/* Like chk_esc but quoted: "\"text\"", or NULL. */
char *chk_quote(char *buf, size_t len, const char *s);
/* "10 Exception", "13 (DMTF reserved)", "32768 (vendor)". */
char *chk_val(char *buf, size_t len, const cim_valuemap *m, uint32_t v);
/* "{2 OK, 17 Completed}" (count capped at CIM_OPSTATUS_MAX). */
char *chk_opstatus(char *buf, size_t len, const cim_job *j);
/* Capped copy of s (NULL for NULL); sets *fail on allocation failure. */
char *chk_strdup(const char *s, bool *fail);

/* ---- check_error.c ----------------------------------------------------- */

/* Judge a present Error: MUST-5 (properties, well-formedness) and SHOULD-5.
 * iid is the job it is about (for ErrorSource), may be NULL. */
int chk_error(srh_checker *c, uint64_t t, const char *iid, const cim_error *e);
/* Properties that differ between a and b (both non-NULL), comma-separated
 * into names; returns how many differ. Hostile-safe. */
size_t chk_error_diff(const cim_error *a, const cim_error *b, char *names, size_t len);
/* Short identity of an Error for texts: "Error MessageID \"SR0001\"". */
char *chk_error_show(char *buf, size_t len, const cim_error *e);

/* ---- check_own.c ------------------------------------------------------- */

/* Invariant 6, second sentence: is e, the Error returned for job iid in
 * state j (may be NULL), this job's own? Records MUST-6 error-own
 * violations; returns 0, or -1 when one could not be stored. */
int chk_error_own(srh_checker *c, uint64_t t, const char *iid, const cim_job *j,
		  const cim_error *e);

/* ---- check_job.c ------------------------------------------------------- */

bool chk_job_has(const cim_job *j, uint16_t status);
/* Ended without error: Completed with OK and without Error. */
bool chk_job_ended_ok(const cim_job *j);
/* Judge an instance read (MUST-8, MUST-9, paths) and make it the job's
 * latest in the history. key is the InstanceID asked for, or NULL to use
 * the instance's own. */
int chk_job(srh_checker *c, uint64_t t, const char *key, const cim_job *j);

#endif /* SRH_CHECK_INT_H */
