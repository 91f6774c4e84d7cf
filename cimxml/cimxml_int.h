/*
 * cimxml_int.h - what the files of libsrcimxml share and nobody else sees:
 * value decoding, the remote calls of the target mode, and
 * the backend's state (a stage, runner/srh_stage.h).
 */
#ifndef SRH_CIMXML_INT_H
#define SRH_CIMXML_INT_H

#include <pthread.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cimxml.h"
#include "proto.h"
#include "sim.h"
#include "srh_stage.h"

/* The hardened libxml2 reader, its element helpers (a CIM-XML element has
 * no namespace: ns NULL) and proto_err are proto/'s (proto.h), shared with
 * wsman/; CIM-XML reads with the cap CIMXML_MAX_BODY. */

/* The embedded Error texts the wire rules read, kept for the decoder of
 * the same response so that each is parsed once (a read of one costs as
 * much as the whole envelope's): the VALUE element each came from and its
 * document (NULL: the text did not read). At most CIMXML_EMB_MAX; more
 * are read twice. */
#define CIMXML_EMB_MAX 8
typedef struct cimxml_emb {
	size_t n;
	const xmlNode *value[CIMXML_EMB_MAX];
	xmlDoc *doc[CIMXML_EMB_MAX];
} cimxml_emb;

/* cimxml_wire_check on a message already read into doc (a client or the
 * proxy reads it once for the rules and for its values; the DTD check
 * leaves doc as it was). With emb non-NULL, the embedded Error documents
 * read are kept there (the caller frees them: cimxml_emb_free). Returns as
 * cimxml_wire_check. */
int cimxml_wire_check_doc(xmlDoc *doc, cimxml_wire_sink sink, void *ctx, cimxml_emb *emb);
/* Whether value's text was read into emb; *doc is then its document
 * (NULL: it did not read). */
bool cimxml_emb_find(const cimxml_emb *emb, const xmlNode *value, xmlDoc **doc);
void cimxml_emb_free(cimxml_emb *emb);

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
