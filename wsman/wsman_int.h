/*
 * wsman_int.h - what the files of libsrwsman share and nobody else sees:
 * xsi:nil, the envelope writer's pieces, the
 * enumeration contexts and the backend's state (a stage, srh_stage.h).
 */
#ifndef SRH_WSMAN_INT_H
#define SRH_WSMAN_INT_H

#include <pthread.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "srh_stage.h"
#include "wsman.h"

/* The hardened libxml2 reader (the caller checks the envelope's size),
 * the element helpers and proto_err are proto/'s (proto.h), shared with
 * cimxml/; WS-Man's text is read trimmed (proto_xml_trimmed). */

/* ---- wsman_decode.c: values ------------------------------------------------ */

/* wsman_wire_check on a response already read into doc (the client and
 * the proxy parse it once for the rules and for its values), or, doc
 * NULL, the one finding that it is not well-formed (why: the reader's
 * reason). Returns as wsman_wire_check. */
int wsman_wire_check_doc(const xmlDoc *doc, const char *why, wsman_wire_sink sink, void *ctx);
/* Is the element xsi:nil="true"? */
bool wsman_xml_nil(const xmlNode *n);

/* ---- wsman_write.c: envelopes ------------------------------------------- */

/* A fresh "uuid:..." (MessageIDs, enumeration contexts). */
void wsman_new_uuid(char out[64]);
/* <s:Envelope ...><s:Header> with Action, MessageID (a fresh uuid:),
 * RelatesTo (when relates_to) and To anonymous, </s:Header><s:Body>. */
void wsman_env_open(wsman_buf *b, const char *action, const char *relates_to);
/* </s:Body></s:Envelope> */
void wsman_env_close(wsman_buf *b);
/* A job as <p:CLASS xmlns:p="CLASS URI"> with its CIM_ConcreteJob
 * properties (DSP0230: NULL as xsi:nil, datetimes as cim:CIM_DateTime,
 * arrays as repeated elements). */
void wsman_write_job(wsman_buf *b, const cim_job *j);
/* The job's wsa:EndpointReference (Address, ResourceURI, SelectorSet with
 * InstanceID and __cimnamespace), element name elem ("wsa:EndpointReference"). */
void wsman_write_epr(wsman_buf *b, const cim_job *j, const char *elem);
/* A CIM_Error as the embedded instance element <prefix:name> (DSP0230:
 * xsi:type CIM_Error_Type in the CIM_Error class namespace), or
 * <prefix:name xsi:nil="true"/> when e is NULL. */
void wsman_write_error(wsman_buf *b, const char *prefix, const char *name, const cim_error *e);
/* class_name when it is a valid class (element) name, else
 * "CIM_ConcreteJob": a hostile provider's class name never breaks the XML. */
const char *wsman_class_name(const char *class_name);
/* The class URI of a class name (wsman_class_name applied). */
void wsman_class_uri(wsman_buf *b, const char *class_name);

/* ---- wsman_reqbuild.c: request envelopes (client side) ----------------- */

/* Envelope and headers up to <s:Body>: to the URL to, Action action,
 * ResourceURI of class cls, selectors __cimnamespace and (unless NULL)
 * InstanceID iid. */
void wsman_req_open(wsman_buf *b, const char *to, const char *action, const char *cls,
		    const char *iid);
/* Whole requests: an optimized Enumerate of max items; a Pull of max (or
 * with release, a Release) of context ctx; an Invoke of method with at
 * most one argument (arg_name NULL: none). */
void wsman_req_enumerate(wsman_buf *b, const char *to, const char *cls, uint32_t max);
void wsman_req_pull(wsman_buf *b, const char *to, const char *cls, const char *ctx, uint32_t max,
		    bool release);
void wsman_req_invoke(wsman_buf *b, const char *to, const char *cls, const char *iid,
		      const char *method, const char *arg_name, const char *arg_value);

/* ---- wsman_decode.c: instances in a response (client side) ------------ */

/* A job element (class = its local name) / an embedded CIM_Error element.
 * NULL when memory ran out; unknown or malformed properties are skipped. */
cim_job *wsman_decode_job(const xmlNode *inst);
cim_error *wsman_decode_error(const xmlNode *inst);

/* ---- wsman_enum.c: enumeration contexts --------------------------------- */

typedef struct wsman_ctx {
	char id[64];
	char owner[128]; /* the principal that made it */
	bool admin;
	cim_job **jobs; /* snapshot, owned */
	size_t n_jobs, next;
	wsman_enum_mode mode;
	uint64_t expires_s; /* monotonic seconds */
} wsman_ctx;

#define WSMAN_MAX_CTX 64
/* Items a client keeps from one enumeration (the checker cuts at 4096). */
#define SRH_WSMAN_MAX_ITEMS 4096

/* ---- the backend ---------------------------------------------------------- */

struct wsman_backend {
	wsman_backend_opts o;
	pthread_mutex_t mu; /* when o.lock is NULL */
	bool mu_init;
	uint64_t requests;
	uint64_t ctx_serial;
	wsman_ctx ctx[WSMAN_MAX_CTX];
};

/* What one operation wrote: 200 and an envelope, or a fault. */
typedef struct wsman_answer {
	wsman_buf *out;
	int status;
	const wsman_request *req;
} wsman_answer;

/* Write fault f (detail, reason may be NULL) as the answer. */
void wsman_answer_fault(wsman_answer *a, wsman_fault f, const char *detail, const char *reason);

/* The class named by a ResourceURI (a pointer into uri), or NULL when the
 * URI is not one this server serves. */
const char *wsman_uri_class(const char *uri);
/* Does class name requested cover job class job_class (itself or one of
 * CIM_ConcreteJob's superclasses)? */
bool wsman_class_covers(const char *requested, const char *job_class);

/* The class the ResourceURI names, or NULL after writing the fault
 * (wsa:DestinationUnreachable). */
const char *wsman_resource_class(wsman_backend *b, wsman_answer *a);

/* wsman_enum.c */
void wsman_op_enumerate(wsman_backend *b, const prov_principal *who, wsman_answer *a);
void wsman_op_pull(wsman_backend *b, const prov_principal *who, wsman_answer *a);
void wsman_op_release(wsman_backend *b, const prov_principal *who, wsman_answer *a);
void wsman_ctx_clear(wsman_ctx *c);

/* wsman_ops.c */
void wsman_op_identify(wsman_answer *a);
void wsman_op_get(wsman_backend *b, const prov_principal *who, wsman_answer *a);
void wsman_op_invoke(wsman_backend *b, const prov_principal *who, wsman_answer *a);

#endif
