/*
 * cimxml_int.h - what the files of libsrcimxml share and nobody else sees:
 * the hardened libxml2 reader and its element helpers, value decoding, and
 * the backend's state (a stage, runner/srh_stage.h).
 */
#ifndef SRH_CIMXML_INT_H
#define SRH_CIMXML_INT_H

#include <pthread.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cimxml.h"
#include "sim.h"
#include "srh_stage.h"

/* ---- cimxml_xml.c --------------------------------------------------------- */

/*
 * Parse len bytes (at most max_len; 0 = CIMXML_MAX_BODY) as a standalone
 * XML document: no network, no DTD (a DOCTYPE is refused before parsing,
 * so no entity can be declared or expanded), libxml2's default depth and
 * size limits. Returns the document (xmlFreeDoc), or NULL with a reason.
 */
xmlDoc *cimxml_xml_read(const char *body, size_t len, size_t max_len, char *err, size_t errlen);

/* cimxml_wire_check on a message already read into doc (a client or the
 * proxy reads it once for the rules and for its values; the DTD check
 * leaves doc as it was). Returns as cimxml_wire_check. */
int cimxml_wire_check_doc(xmlDoc *doc, cimxml_wire_sink sink, void *ctx);

/* Is n an element named name? */
bool cimxml_xml_is(const xmlNode *n, const char *name);
/* First element child of n (named name, or any when name is NULL). */
xmlNode *cimxml_xml_child(const xmlNode *n, const char *name);
/* Next element sibling after n (named name, or any when NULL). */
xmlNode *cimxml_xml_next(const xmlNode *n, const char *name);
/* Attribute value as a malloc'ed string (free()), or NULL when absent or
 * out of memory (*oom set then). */
char *cimxml_xml_attr(const xmlNode *n, const char *name, bool *oom);
/* Text content as a malloc'ed string (free()); NULL when out of memory. */
char *cimxml_xml_text(const xmlNode *n);
/* Case-insensitive ASCII equality (CIM names are case-insensitive). */
bool cimxml_name_eq(const char *a, const char *b);
/* Copy of s into err (errlen bytes). */
void cimxml_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- cimxml_decode.c -------------------------------------------------------- */

/* Decimal (or 0x hex) unsigned integer text, at most max. */
int cimxml_parse_uint(const char *text, uint64_t max, uint64_t *v);
/* An INSTANCE element as a job / as a CIM_Error. NULL on allocation
 * failure (an unknown or malformed property is skipped or left NULL/0). */
cim_job *cimxml_decode_job(const xmlNode *inst);
cim_error *cimxml_decode_error(const xmlNode *inst);
/* The InstanceID key of an INSTANCENAME, malloc'ed; NULL when it has none
 * (*oom set when memory ran out). *n_keys counts its key bindings. */
char *cimxml_instancename_iid(const xmlNode *in, size_t *n_keys, bool *oom);

/* ---- cimxml_http.c ----------------------------------------------------------- */

/* 1 when listen ("HOST:PORT") is a loopback address, 0 when not, -1 when
 * it does not parse. */
int cimxml_listen_is_loopback(const char *listen);

/* ---- cimxml_remote.c: CIM operations over a connection (target mode) ---- */

typedef struct cimxml_remote {
	cimxml_conn *c;
	const char *ns;
	prov_principal who;
	char err[CIMXML_ERRLEN]; /* last transport / protocol problem */
	unsigned long calls;
	unsigned long answered; /* calls the server answered (any status) */
	/* Where the wire findings on each 200 answer go (NULL: not judged). */
	cimxml_wire_sink wire;
	void *wire_ctx;
} cimxml_remote;

/* Outcome of one remote call: -1 transport or protocol failure (r->err),
 * else 0 with *resp set (free with cimxml_response_free). An ERROR element
 * is a normal outcome (resp->is_error). */
int cimxml_remote_enum(cimxml_remote *r, const char *class_name, cimxml_response **resp);
int cimxml_remote_get_instance(cimxml_remote *r, const char *class_name, const char *iid,
			       cimxml_response **resp);
int cimxml_remote_method(cimxml_remote *r, const char *class_name, const char *iid,
			 const char *method, const cimxml_arg *args, size_t n,
			 cimxml_response **resp);

/* ---- the backend (cimxml_backend.c, cimxml_dispatch.c) ------------------ */

struct cimxml_backend {
	cimxml_backend_opts o;
	srh_stage *st; /* provider, simulator, jobs */
	uint64_t requests;
	/* Every user of st takes it: this server's requests and another
	 * protocol's server sharing the stage (cimxml_backend_lock). */
	pthread_mutex_t mu;
	bool mu_init;
};

#endif
