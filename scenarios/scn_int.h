/*
 * scn_int.h - internals of the scenario parser shared by its files.
 * Not part of the face (scn.h).
 *
 * Every helper that can fail writes "file:line: message" through the parse
 * context and returns -1; the parser stops at the first error.
 */
#ifndef SRH_SCN_INT_H
#define SRH_SCN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "scn.h"
#include "srh/cim.h"

/* An at_action reference, resolved once every action id is known. */
typedef struct scn_pending {
	size_t fault; /* index into prov_faults */
	char *id;
	int line;
} scn_pending;

/* Where each value of a parsed model was read: the address of its field in
 * the model and the line (scn_scenario.src). Arrays of the model are
 * allocated once at their final size, so the addresses hold. */
typedef struct scn_srcmap {
	struct scn_srcpos {
		const void *at;
		int line;
	} * v;
	size_t n, cap;
} scn_srcmap;

typedef struct scn_p {
	yaml_document_t *doc;
	scn_srcmap *src; /* NULL: nothing recorded */
	const char *file;
	const scn_names *names;
	char *err;
	size_t errlen;
	scn_pending *pending;
	size_t n_pending;
} scn_p;

#define SCN_ALLOWED_LEN 6144

/* ---- errors (scn_yaml.c) ---- */
int scn_line(const yaml_node_t *n);
int scn_fail(scn_p *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "a, b, c" into buf (truncated with "..." if it does not fit). */
void scn_join(const char *const *names, char *buf, size_t len);
/* "New (2), Starting (3), ..." plus the vendor range if vendor and the map
 * has one. */
void scn_join_vmap(const cim_valuemap *m, bool vendor, char *buf, size_t len);

/* ---- source positions (scn_src.c) ---- */
/* Records that the field at `at` was read from line. On error (out of
 * memory) returns -1 with the message written. */
int scn_src_note(scn_p *p, const void *at, int line);
/* The line recorded for at, or 0. m may be NULL. Never fails. */
int scn_src_line(const scn_srcmap *m, const void *at);
void scn_src_free(scn_srcmap *m);

/* ---- nodes (scn_yaml.c) ---- */
yaml_node_t *scn_node(scn_p *p, int id);
const char *scn_text(const yaml_node_t *n); /* scalar text, "" otherwise */
bool scn_is_null(const yaml_node_t *n);
const char *scn_kind_name(const yaml_node_t *n); /* "a mapping", ... */
/* n must be a mapping whose keys are distinct scalars from allowed. what
 * names the mapping in messages ("job", "fault"). */
int scn_map_check(scn_p *p, yaml_node_t *n, const char *what, const char *const *allowed);
/* The value for key in mapping n, or NULL; *kline gets the key's line. */
yaml_node_t *scn_map_get(scn_p *p, yaml_node_t *n, const char *key, int *kline);
/* Like scn_map_get, but a missing key is an error reported at line. */
int scn_map_need(scn_p *p, yaml_node_t *n, const char *key, int line, const char *what,
		 yaml_node_t **out);
/* At most one (optional) or exactly one of keys is in mapping n; *which
 * gets its index, or -1 when none is and optional. what/role word the
 * message: "fault has two triggers". line: where a missing one is told. */
int scn_one_of(scn_p *p, yaml_node_t *n, const char *what, const char *role,
	       const char *const *keys, int line, bool optional, int *which);
size_t scn_map_size(const yaml_node_t *n);
size_t scn_seq_size(const yaml_node_t *n);
yaml_node_t *scn_seq_item(scn_p *p, const yaml_node_t *n, size_t i);

/* ---- typed values (scn_value.c); key names the value in messages ---- */
int scn_want(scn_p *p, const yaml_node_t *n, yaml_node_type_t t, const char *key);
int scn_get_str(scn_p *p, const yaml_node_t *n, const char *key, char **out);
int scn_get_str_or_null(scn_p *p, const yaml_node_t *n, const char *key, char **out);
int scn_get_id(scn_p *p, const yaml_node_t *n, const char *key, char **out);
int scn_get_bool(scn_p *p, const yaml_node_t *n, const char *key, bool *out);
int scn_get_uint(scn_p *p, const yaml_node_t *n, const char *key, uint64_t min, uint64_t max,
		 uint64_t *out);
int scn_get_percent(scn_p *p, const yaml_node_t *n, const char *key, uint16_t *out);
int scn_get_duration(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out);
int scn_get_size(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out);
int scn_get_bandwidth(scn_p *p, const yaml_node_t *n, const char *key, uint64_t *out);
/* A whole number <= max or an errno name; with durations, also "3s" (ns). */
int scn_get_failinfo(scn_p *p, const yaml_node_t *n, const char *key, uint64_t max, bool durations,
		     uint64_t *out);
/* A non-empty name; scn_validate checks it against the tables. */
int scn_get_name(scn_p *p, const yaml_node_t *n, const char *what, char **out);

#define SCN_VM_VENDOR 1u     /* the vendor range of the map is allowed */
#define SCN_VM_ANY_NUMBER 2u /* any number <= max (a deliberate bad input) */
/* A name of m or a number <= max; flags say (in messages) which numbers
 * scn_validate will accept. */
int scn_get_vmap(scn_p *p, const yaml_node_t *n, const char *key, const cim_valuemap *m,
		 unsigned flags, uint32_t max, uint32_t *out);

/* ---- sections ---- */
int scn_parse_topology(scn_p *p, yaml_node_t *n, int kline, scn_topology *t);
void scn_topology_defaults(scn_topology *t);
int scn_parse_job(scn_p *p, yaml_node_t *n, int kline, scn_job *j);
/* "jobs:", a list of jobs each with an id (the first into s->job). */
int scn_parse_jobs(scn_p *p, yaml_node_t *n, int kline, scn_scenario *s);
/* A job's strings (not j itself). */
void scn_job_free(scn_job *j);
int scn_parse_faults(scn_p *p, yaml_node_t *n, scn_scenario *s);
int scn_parse_provider(scn_p *p, yaml_node_t *n, scn_scenario *s);
int scn_resolve_actions(scn_p *p, scn_scenario *s);
int scn_parse_actions(scn_p *p, yaml_node_t *n, scn_scenario *s);
int scn_parse_final(scn_p *p, yaml_node_t *n, scn_scenario *s);

/* What kind of value each expectation property takes. */
typedef enum scn_etype {
	SCN_T_RC,      /* the call's return ValueMap */
	SCN_T_ERROR,   /* null | present */
	SCN_T_COUNT,   /* a count */
	SCN_T_VMAP,    /* a value of pdef.vm */
	SCN_T_OPSTAT,  /* a list of OperationalStatus values */
	SCN_T_PERCENT, /* 0..100 */
	SCN_T_U16,     /* 0..65535 */
	SCN_T_STR,     /* string matcher */
	SCN_T_STRS,    /* string list matcher */
} scn_etype;

typedef struct scn_pdef {
	scn_etype t;
	const cim_valuemap *vm;
	uint32_t max;
	unsigned where; /* SCN_W_* */
} scn_pdef;

/* The definition of property p (p < SCN_P_COUNT). */
const scn_pdef *scn_pdef_of(scn_prop p);

/* Where an expectation block sits: which keys apply there. */
typedef struct scn_ectx {
	const char *what;	    /* "GetError", "final", ... for messages */
	unsigned where;		    /* SCN_W_* bits */
	const cim_valuemap *rc_map; /* NULL: no rc */
} scn_ectx;
#define SCN_W_RC 1u   /* a call with a return code */
#define SCN_W_ERR 2u  /* an Error to look at */
#define SCN_W_ERRS 4u /* GetErrors: the count of errors */
#define SCN_W_JOB 8u  /* the job instance */

/* Parse the "expect" (MUST) and "should" (SHOULD) blocks of mapping n, if
 * present, into *out / *n_out. */
int scn_parse_expects(scn_p *p, yaml_node_t *n, const scn_ectx *ctx, scn_expect **out,
		      size_t *n_out);

void scn_expect_free(scn_expect *e);
void scn_action_free(scn_action *a);

/* The expectation context of an action, and of "final". */
void scn_action_ectx(const scn_action *a, scn_ectx *ctx);
extern const scn_ectx scn_final_ectx;

/* errno names a failinfo may use: the name of value e, or NULL. */
const char *scn_errno_name(uint64_t e);

#endif /* SRH_SCN_INT_H */
