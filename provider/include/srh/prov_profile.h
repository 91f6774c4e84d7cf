/*
 * srh/prov_profile.h - fault profiles (library srprofile): which CIM_Error
 * each fault class of PROV_FAULT_CLASS_MAP makes.
 *
 * A profile is a YAML file; provider/profiles/reference.yaml is ours and its
 * header comment is the format. The reference provider builds its Errors
 * from a profile, and the harness reads the same file to know what a
 * provider should return (the SHOULD-profile check), so both sides parse it
 * with this one library and never drift apart.
 *
 * Host side: not part of the vendor SDK (a vendor ships a profile file, not
 * code that reads it).
 */
#ifndef SRH_PROV_PROFILE_H
#define SRH_PROV_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"
#include "srh/prov_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One fault class as the file gives it. Numbers are defined values of their
 * ValueMaps; the text fields marked "template" may hold the placeholders
 * of prov_profile_tmpl_check, which the provider substitutes per job. */
typedef struct prov_profile_class {
	uint16_t error_type;
	uint16_t severity;
	uint16_t probable_cause;
	uint32_t status_code;
	char *other_error_type; /* NULL unless ErrorType = 1 Other */
	char *pcd;		/* ProbableCauseDescription template or NULL */
	char *message_id;
	char *message;	/* Message template */
	char **actions; /* RecommendedActions templates, at least one */
	size_t n_actions;
} prov_profile_class;

typedef struct prov_profile {
	char *owning_entity;
	/* "JobError: Message": the job instance carries its Error: an ended
	 * job's ErrorDescription is its Error's Message and its ErrorCode is
	 * not 0 while it has an Error; without one, ErrorDescription is empty
	 * and ErrorCode 0 (the SHOULD-profile job-error check). */
	bool job_error_message;
	prov_profile_class cls[PROV_FC_COUNT]; /* indexed by prov_fault_class */
	/* The expected Errors, built at load: read them with
	 * prov_profile_template(). */
	cim_error *tmpl[PROV_FC_COUNT];
} prov_profile;

/* Path of provider/profiles/reference.yaml in the source tree this library
 * was built from. Never fails. */
const char *prov_profile_default_path(void);

/* Load and check the profile file at path (NULL = the default above). The
 * check is strict: an unknown key, a missing field or class, or a value that
 * is not a defined value of its ValueMap is an error. On error returns NULL
 * and writes "file:line: message" (naming what is allowed) into err. */
prov_profile *prov_profile_load(const char *path, char *err, size_t errlen);
/* Free a loaded profile. NULL is ignored. */
void prov_profile_free(prov_profile *pf);

/*
 * A shared, read-only profile: the same as prov_profile_load, but a process
 * that asks again for an unchanged file (same path, device, inode, size and
 * mtime) gets the profile it already parsed. Give it back with
 * prov_profile_release, never prov_profile_free. Thread-safe. On error
 * returns NULL and writes "file:line: message", like prov_profile_load.
 */
prov_profile *prov_profile_acquire(const char *path, char *err, size_t errlen);
/* Give back a profile from prov_profile_acquire. NULL is ignored. */
void prov_profile_release(prov_profile *pf);

/* Index of a fault class id ("io_error"); PROV_FC_NONE for NULL or an
 * unknown id. */
int prov_fault_class_find(const char *id);
/* The id of fault class fc; NULL when fc is out of range. */
const char *prov_fault_class_id(int fc);

/* The placeholders a template may hold, as {name}; "{{" is a literal '{'.
 * X(symbol, name) */
#define PROV_PLACEHOLDER_MAP(X)                                                                    \
	X(VOLUME, "volume")                                                                        \
	X(PARTNER, "partner")                                                                      \
	X(OFFSET, "offset")                                                                        \
	X(PERCENT, "percent")                                                                      \
	X(ERRNO, "errno")                                                                          \
	X(DETAIL, "detail")                                                                        \
	X(REQUESTED_BY, "requested_by")                                                            \
	X(JOB, "job")

#define PROV_PH_ENUM_(sym, name) PROV_PH_##sym,
typedef enum prov_placeholder {
	PROV_PLACEHOLDER_MAP(PROV_PH_ENUM_) PROV_PH_COUNT
} prov_placeholder;
#undef PROV_PH_ENUM_

/* The placeholder whose name is the len bytes at name (no braces), or -1
 * when there is none. */
int prov_profile_placeholder(const char *name, size_t len);

/* Check a template's placeholders. Returns 0, or -1 with the fault (an
 * unknown name, a stray '}', an unclosed '{') in err. */
int prov_profile_tmpl_check(const char *tmpl, char *err, size_t errlen);

/*
 * The Error a provider running this profile should return for fault class
 * fault_class, as the expected argument of srh_check_profile (check/
 * check.h): ErrorType, OtherErrorType, PerceivedSeverity, ProbableCause,
 * CIMStatusCode, CIMStatusCodeDescription (its ValueMap name),
 * OwningEntity, MessageID, ErrorSourceFormat 2 CIMObjectPath, and
 * n_recommended_actions = the profile's action count (a minimum; each
 * entry is the pattern "*"). String fields are fnmatch(3) patterns matching
 * the profile's text literally; the per-job ones (Message,
 * MessageArguments, ErrorSource, ProbableCauseDescription) are NULL, i.e.
 * not compared. Owned by pf. Returns NULL for a NULL pf or an out-of-range
 * class.
 */
const cim_error *prov_profile_template(const prov_profile *pf, int fault_class);

#ifdef __cplusplus
}
#endif
#endif /* SRH_PROV_PROFILE_H */
