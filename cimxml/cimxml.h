/*
 * cimxml.h - CIM-XML over HTTP (DMTF DSP0200 / DSP0201) for the harness
 * (library srcimxml).
 *
 * Four parts, usable one without the other:
 *   encoding   a cim_job as INSTANCE / INSTANCENAME / VALUE.NAMEDINSTANCE of
 *              class SRSIM_ReplicaJob (key InstanceID), a cim_error as an
 *              embedded CIM_Error INSTANCE, and whole response messages;
 *   parsing    CIM-XML requests (server side) and responses (client side)
 *              with libxml2, hardened: no network, no DTD, no entities, a
 *              size cap and libxml2's depth limit, so hostile input is an
 *              error, never a crash;
 *   server     a CIMOM in front of the simulator and a provider loaded
 *              through the ABI, plugged into the http room's server layer
 *              (cimxml_server_*), and the `srh serve` command
 *              (cimxml_serve_main);
 *   client     CIM operations over the http room's client layer, offered
 *              to the live-target driver (runner/srh_target.h) as its
 *              client operations (cimxml_target_ops): `srh run --target`.
 * HTTP itself (listening, TLS, Basic auth, limits, libcurl) is the http
 * room's (http/http.h); this library only builds and reads CIM-XML.
 *
 * The wire format follows what real clients accept: Debian's sblim-wbemcli
 * parses every element it reads against a fixed attribute list, so the
 * encoder writes only the DSP0201 attributes that client knows (e.g. no
 * xml:lang, PROPERTY always with an end tag, a NULL Error as an empty
 * PARAMVALUE element).
 *
 * Errors: functions returning int return 0 on success and -1 on failure
 * unless their comment says otherwise; a failed call leaves its outputs
 * NULL/empty.
 */
#ifndef SRH_CIMXML_H
#define SRH_CIMXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "http.h"
#include "proto.h"
#include "srh/cim.h"
#include "srh/prov_abi.h"
#include "srh_target.h"
#include "srh_text.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CIMXML_NAMESPACE "root/Microsoft/Windows/StorageReplica"
#define CIMXML_JOB_CLASS "SRSIM_ReplicaJob"
#define CIMXML_DEFAULT_LISTEN "127.0.0.1:5988"
/* Largest request body the server reads (and response the client reads). */
#define CIMXML_MAX_BODY (1u << 20)
/* Largest response the client reads (an enumeration of many jobs). */
#define CIMXML_MAX_RESPONSE (64u << 20)
#define CIMXML_ERRLEN 512

/* ---- growable text buffer -------------------------------------------- */

/* The wire-format writers' buffer (result/srh_text.h): appends never fail
 * loudly, a writer checks failed once at the end; cimxml_buf_esc escapes
 * & < > " ' and turns what XML cannot carry into '?'. */
typedef srh_text cimxml_buf;
#define cimxml_buf_init srh_text_init
#define cimxml_buf_free srh_text_free
#define cimxml_buf_reset srh_text_reset
#define cimxml_buf_add srh_text_add
#define cimxml_buf_str srh_text_str
#define cimxml_buf_printf srh_text_printf
#define cimxml_buf_esc srh_text_esc

/* ---- encoding (DSP0201) ------------------------------------------------ */

/* <INSTANCE CLASSNAME="CIM_Error"> with all 15 properties (NULL ones as
 * PROPERTY without VALUE). Returns 0, or -1 when the buffer failed. */
int cimxml_enc_error(cimxml_buf *b, const cim_error *e);
/* <INSTANCE CLASSNAME="<class>"> of a job (CIM_ConcreteJob properties). */
int cimxml_enc_job(cimxml_buf *b, const cim_job *j);
/* <INSTANCENAME CLASSNAME="<class>"><KEYBINDING NAME="InstanceID">... */
/* INSTANCENAME of CLASS with key InstanceID = IID (NULL: empty), as
 * DSP0203 2.4.0 writes it; a failed append sets b->failed. */
void cimxml_enc_instancename(cimxml_buf *b, const char *class_name, const char *iid);
int cimxml_enc_job_name(cimxml_buf *b, const cim_job *j);
/* <VALUE.NAMEDINSTANCE> = INSTANCENAME + INSTANCE. */
int cimxml_enc_named_job(cimxml_buf *b, const cim_job *j);

/* ---- wire rules (check.h: MUST-wire, SHOULD-wire) ------------------------ */

/* At most this many findings are reported per message. */
#define CIMXML_WIRE_MAX 32
/* Where a finding goes: the rule broken, the element or property it was
 * seen on ("response", "Error", "Error.ErrorType", "Job.JobState", ...), what
 * the rule expects and what the message holds (one line each). */
typedef void (*cimxml_wire_sink)(void *ctx, srh_rule_id rule, const char *where,
				 const char *expected, const char *observed);
/*
 * Judge one CIM-XML response message (len bytes) under the wire rules:
 * validity against DSP0203 2.4.0 (compiled in), an embedded CIM_Error as
 * one INSTANCE with CLASSNAME in a PARAMVALUE marked EmbeddedObject=
 * "instance" (and itself valid), every CIM_Error and job property with the
 * type and array-ness of its MOF declaration (cim_decl_find), NULL as a
 * PARAMVALUE without VALUE. Calls sink (may be NULL) once per finding, at
 * most CIMXML_WIRE_MAX times. Returns the number of findings (0 = clean),
 * or -1 when memory ran out (the findings so far were reported).
 */
int cimxml_wire_check(const char *body, size_t len, cimxml_wire_sink sink, void *ctx);

/* Response messages: a whole document from <?xml to </CIM>. msg_id is the
 * request's MESSAGE ID (NULL -> "0"). Each returns 0 or -1 (buffer). */
int cimxml_rsp_error(cimxml_buf *b, const char *msg_id, bool intrinsic, const char *method,
		     uint32_t code, const char *description);
/* EnumerateInstances (named) or GetInstance (one INSTANCE): method is the
 * intrinsic method name. */
int cimxml_rsp_instances(cimxml_buf *b, const char *msg_id, const char *method,
			 cim_job *const *jobs, size_t n, bool named);
int cimxml_rsp_names(cimxml_buf *b, const char *msg_id, cim_job *const *jobs, size_t n);
/* GetClass of a job class (its properties, Key qualifier, the methods
 * GetError, RequestStateChange and, when geterrors, GetErrors). */
int cimxml_rsp_class(cimxml_buf *b, const char *msg_id, const char *class_name, bool geterrors);
/* METHODRESPONSE GetError: RETURNVALUE PARAMTYPE="uint32" and the Error
 * PARAMVALUE (PARAMTYPE="string" EmbeddedObject="instance"), its VALUE the
 * escaped CIM_Error INSTANCE. A NULL Error (e NULL) is, per DSP0201, the
 * PARAMVALUE with no child; with omit_null it is left out instead, because
 * sblim-wbemcli 1.6.3 crashes (NULL dereference copying the parameter) on
 * a PARAMVALUE without VALUE. Only one spelling of the attribute:
 * sblim-wbemcli rejects a PARAMVALUE with both EmbeddedObject and
 * EMBEDDEDOBJECT. */
int cimxml_rsp_geterror(cimxml_buf *b, const char *msg_id, uint32_t rc, const cim_error *e,
			bool omit_null);
/* METHODRESPONSE GetErrors: Errors as VALUE.ARRAY of escaped instances;
 * NULL (errs NULL and n 0) as for GetError. */
int cimxml_rsp_geterrors(cimxml_buf *b, const char *msg_id, uint32_t rc, cim_error *const *errs,
			 size_t n, bool omit_null);
/* METHODRESPONSE with only a uint32 RETURNVALUE (RequestStateChange). */
int cimxml_rsp_rc(cimxml_buf *b, const char *msg_id, const char *method, uint32_t rc);

/* ---- CIM datetime text back to virtual time ---------------------------- */

/* Inverse of cim_datetime (timestamp, UTC offset must be +000/-000) and
 * cim_interval. Returns 0 and sets *ns; -1 on text that is not one, or a
 * time before CIM_EPOCH. "" parses as CIM_TIME_NULL. */
int cimxml_parse_datetime(const char *text, uint64_t *ns);
int cimxml_parse_interval(const char *text, uint64_t *ns);

/* ---- request parsing (server side) ------------------------------------- */

typedef enum cimxml_perr {
	CIMXML_PE_OK = 0,
	CIMXML_PE_NOT_WELL_FORMED = -1, /* not XML, DTD/entities, too large */
	CIMXML_PE_NOT_VALID = -2,	/* XML, but not a CIM-XML request */
	CIMXML_PE_NOMEM = -3,
} cimxml_perr;

typedef struct cimxml_param {
	char *name;
	char *value;   /* text of VALUE; NULL when the parameter is NULL */
	bool is_array; /* came as VALUE.ARRAY (value then holds the first) */
} cimxml_param;

typedef struct cimxml_request {
	char *msg_id;
	bool intrinsic; /* IMETHODCALL; else METHODCALL */
	char *method;
	char *ns;	      /* NAMESPACE names joined with '/' */
	char *class_name;     /* ClassName, or the INSTANCENAME / CLASSNAME path */
	bool has_instance;    /* an INSTANCENAME was given */
	char *instance_id;    /* its InstanceID key (NULL: no such key) */
	size_t n_keys;	      /* KEYBINDINGs in the INSTANCENAME */
	cimxml_param *params; /* METHODCALL PARAMVALUEs / IMETHODCALL extras */
	size_t n_params;
} cimxml_request;

/*
 * Parse a CIM-XML request (MESSAGE/SIMPLEREQ/IMETHODCALL or METHODCALL on a
 * LOCALINSTANCEPATH or LOCALCLASSPATH). At most max_len bytes are accepted
 * (0 = CIMXML_MAX_BODY). Returns CIMXML_PE_OK and sets *out (free with
 * cimxml_request_free); on error returns a cimxml_perr, *out NULL and a
 * one-line reason in err.
 */
int cimxml_parse_request(const char *body, size_t len, size_t max_len, cimxml_request **out,
			 char *err, size_t errlen);
void cimxml_request_free(cimxml_request *r);
/* The parameter named name (case-insensitive), or NULL. */
const cimxml_param *cimxml_request_param(const cimxml_request *r, const char *name);

/* ---- request building and response parsing (client side) ------------- */

/* An argument of an extrinsic method call; value NULL = a NULL argument. */
typedef struct cimxml_arg {
	const char *name;
	const char *type; /* PARAMTYPE, e.g. "uint16", "datetime" */
	const char *value;
} cimxml_arg;

/* Whole request documents. iid NULL on a method: a static (class) call. */
int cimxml_req_enum(cimxml_buf *b, const char *ns, const char *method, const char *class_name);
int cimxml_req_get_instance(cimxml_buf *b, const char *ns, const char *class_name, const char *iid);
int cimxml_req_get_class(cimxml_buf *b, const char *ns, const char *class_name);
int cimxml_req_method(cimxml_buf *b, const char *ns, const char *class_name, const char *iid,
		      const char *method, const cimxml_arg *args, size_t n_args);

typedef struct cimxml_response {
	bool is_error; /* an ERROR element */
	uint32_t cim_code;
	char *description;
	/* IMETHODRESPONSE: instances (GetInstance, EnumerateInstances) and
	 * names (EnumerateInstanceNames: the InstanceID of each). */
	cim_job **jobs;
	size_t n_jobs;
	char **names;
	size_t n_names;
	/* METHODRESPONSE */
	bool has_rc;
	uint32_t rc;
	bool has_error_param; /* a PARAMVALUE "Error" came (NULL or not) */
	cim_error *error;     /* its value, or NULL */
	bool has_errors_param;
	cim_error **errors;
	size_t n_errors;
	/* An Error value that was not an embedded CIM_Error INSTANCE (a free
	 * string): kept as an Error with only Message set, and flagged. */
	bool error_not_embedded;
} cimxml_response;

/* Parse a response document (at most max_len bytes, 0 = CIMXML_MAX_BODY).
 * Returns CIMXML_PE_OK and *out, or a cimxml_perr with a reason. */
int cimxml_parse_response(const char *body, size_t len, size_t max_len, cimxml_response **out,
			  char *err, size_t errlen);
/* cimxml_parse_response and, when check, cimxml_wire_check on the same
 * bytes, read once (a client or a proxy wants both). Returns as
 * cimxml_parse_response; the findings go to sink as cimxml_wire_check's
 * do (out of memory loses findings only). */
int cimxml_parse_response_wire(const char *body, size_t len, size_t max_len, bool check,
			       cimxml_wire_sink sink, void *ctx, cimxml_response **out, char *err,
			       size_t errlen);
void cimxml_response_free(cimxml_response *r);

/* Decode the text of an embedded CIM_Error INSTANCE (unescaped XML).
 * Returns a new error (cim_error_free), or NULL when it is not one. */
cim_error *cimxml_decode_error_text(const char *xml, size_t len);

/* ---- the CIM-XML client (on the http room's client) -------------------- */

typedef struct cimxml_conn cimxml_conn;

/* A client of the CIMOM at base ("http[s]://HOST:PORT"), with the http
 * room's options (credentials, CA file, --insecure, timeouts, response
 * cap; o->max_response 0 = CIMXML_MAX_RESPONSE). Connecting is lazy (on
 * the first post). On error returns NULL with a reason. */
cimxml_conn *cimxml_conn_new(const char *base, const http_client_opts *o, char *err, size_t errlen);
void cimxml_conn_free(cimxml_conn *c);
/*
 * POST /cimom with the DSP0200 headers (CIMOperation: MethodCall,
 * CIMMethod, CIMObject), keeping the connection alive. Sets *status (HTTP
 * code) and *resp (malloc'ed, NUL-terminated; free()) of *resp_len bytes.
 * Returns 0, or -1 on a transport error (one line naming the URL in err)
 * with *resp NULL.
 */
int cimxml_conn_post(cimxml_conn *c, const char *cim_method, const char *cim_object,
		     const char *body, size_t len, int *status, char **resp, size_t *resp_len,
		     char *err, size_t errlen);

/* TCP connections opened so far (1 when keep-alive held throughout). */
unsigned long cimxml_conn_connects(const cimxml_conn *c);

/* ---- the server ------------------------------------------------------------ */

/* The CIMOM core, without HTTP: the simulator, the provider, the jobs. */
typedef struct cimxml_backend cimxml_backend;

typedef struct cimxml_backend_opts {
	const char *provider_path; /* provider .so; NULL = built-in reference */
	const char *provider_options;
	const char *store_path;	   /* job store; NULL = in memory */
	const char *scenario_path; /* NULL = the built-in demo jobs */
	uint64_t seed;		   /* demo seed (a scenario has its own) */
	uint64_t tick_ns;	   /* virtual time added before each request */
	uint64_t warp_ns;	   /* virtual time run once after set-up */
	size_t max_body;	   /* 0 = CIMXML_MAX_BODY */
	bool omit_null_params;	   /* leave NULL output parameters out (see
				      cimxml_rsp_geterror) */
} cimxml_backend_opts;

/* Fill *o with the defaults (tick 100 ms, no warp, seed 1). */
void cimxml_backend_opts_default(cimxml_backend_opts *o);
/* Load and open the provider, build the simulator and the jobs. On error
 * returns -1, *out NULL and a reason. */
int cimxml_backend_new(const cimxml_backend_opts *o, cimxml_backend **out, char *err,
		       size_t errlen);
void cimxml_backend_free(cimxml_backend *b);
/* One line per job: "InstanceID owner JobState name" (for the console). */
void cimxml_backend_describe(cimxml_backend *b, void (*line)(void *arg, const char *text),
			     void *arg);
/* The owner the set-up gave its jobs ("alice" for the demo). */
const char *cimxml_backend_owner(const cimxml_backend *b);
/* The stage behind the backend, for another protocol's server in the same
 * process (one back end, two codecs): use it only between
 * cimxml_backend_lock and cimxml_backend_unlock, which every CIM-XML
 * request takes too. The tick is the virtual time each request adds. */
struct srh_stage *cimxml_backend_stage(cimxml_backend *b);
void cimxml_backend_lock(cimxml_backend *b);
void cimxml_backend_unlock(cimxml_backend *b);
uint64_t cimxml_backend_tick(const cimxml_backend *b);
/* GetError straight through the provider ABI, no XML and no virtual time
 * (the in-process baseline of the bench). Returns the method's rc and sets
 * *has_error. Not thread-safe, like cimxml_backend_handle. */
uint32_t cimxml_backend_get_error(cimxml_backend *b, const prov_principal *who, const char *iid,
				  bool *has_error);

/* What the HTTP layer hands over and gets back for one POST. */
typedef struct cimxml_exchange {
	const prov_principal *who;
	const char *cim_operation; /* CIMOperation header, NULL when absent */
	const char *cim_method;	   /* CIMMethod header */
	const char *body;
	size_t len;
	/* out */
	int status;	       /* HTTP status */
	const char *cim_error; /* CIMError header value, or NULL */
	cimxml_buf out;	       /* response body (caller inits and frees) */
} cimxml_exchange;

/* Handle one CIM operation request: advance virtual time by the tick,
 * parse, dispatch to the provider, encode. Never fails: every problem is
 * an HTTP status and/or a CIM-XML ERROR in x->out (500 when even that could
 * not be built). Not thread-safe: callers serialize. */
void cimxml_backend_handle(cimxml_backend *b, cimxml_exchange *x);

/* The server is proto/'s protocol server (proto.h) with this protocol's
 * exchange as its handler; port, http and stop are proto/'s. */
typedef struct proto_server cimxml_server;

typedef struct cimxml_server_opts {
	const char *listen;		/* "HOST:PORT"; NULL = CIMXML_DEFAULT_LISTEN; port 0 =
					   any free port */
	const char *tls_cert, *tls_key; /* PEM files: HTTPS; NULL: HTTP */
	const http_user *users;
	size_t n_users;
	cimxml_backend *backend; /* not owned */
	unsigned conn_timeout_s; /* idle keep-alive timeout, 0 = 30 */
	http_limits limits;	 /* the http room's limits; all 0 = defaults */
	/* Called with every XML answer's bytes before they are sent (srh serve
	 * --self-check), from the server's threads at once; NULL: none. */
	void (*answered)(void *arg, const char *body, size_t len);
	void *answered_arg;
} cimxml_server_opts;

/* Start serving on o->listen (the http room's server; every request is
 * handled under one mutex). On error returns NULL with a reason and
 * nothing is left running. */
cimxml_server *cimxml_server_start(const cimxml_server_opts *o, char *err, size_t errlen);
/* The bound port (the real one when 0 was asked). */
#define cimxml_server_port proto_server_port
/* Stop (waits for the request being handled) and free. NULL is ignored. */
#define cimxml_server_stop proto_server_stop
/* The http room's server under it (quiesce, counters). */
#define cimxml_server_http proto_server_http

/* ---- the commands ------------------------------------------------------ */

/* `srh serve [--listen HOST:PORT] [--scenario FILE] [--provider PATH.so]
 * ...`: serve until SIGINT/SIGTERM. argv[0] is the command name. Returns
 * the exit status: 0 clean stop, 2 usage or set-up error. */
int cimxml_serve_main(int argc, char **argv);

/* What the CIM-XML server of `srh serve` was given, for a server beside
 * it: the same address (its host), TLS files, users and limits. */
typedef struct cimxml_serve_base {
	const char *listen; /* "HOST:PORT" of the CIM-XML server */
	const char *tls_cert, *tls_key;
	const http_user *users;
	size_t n_users;
	http_limits limits; /* the --max-conns ... --threads flags */
} cimxml_serve_base;

/* Another protocol's server run beside the CIM-XML one on the same
 * backend (the command line wires it; this room knows none). */
typedef struct cimxml_serve_extra {
	const char *usage; /* lines added to the usage text */
	const char *name;  /* "WS-Management": names its counters */
	/* Start once the backend is up, with the CIM-XML server's base.
	 * Returns 0, or -1 with a reason. */
	int (*start)(void *arg, cimxml_backend *b, const cimxml_serve_base *base, char *err,
		     size_t errlen);
	void (*banner)(void *arg); /* a line for the console (unless --quiet) */
	/* Its http room server once started (NULL: none): quiesced and
	 * drained with the CIM-XML one on the first signal, its counters in
	 * the farewell line. May be NULL. */
	http_server *(*http)(void *arg);
	void (*stop)(void *arg); /* before the backend is freed; NULL ignored */
	/* The CIM-XML server's answered hook (cimxml_server_opts); NULL: none. */
	void (*answered)(void *arg, const char *body, size_t len);
	/* Appends to the farewell line (no newline); NULL: nothing. */
	void (*farewell)(void *arg);
	void *arg;
} cimxml_serve_extra;

/* cimxml_serve_main with x (NULL: none) started beside the server. */
int cimxml_serve_main_with(int argc, char **argv, const cimxml_serve_extra *x);
/* ---- the live-target driver's client operations ------------------------ */

#define CIMXML_TARGET_MAX_USERS 4

/* A CIMOM as a target: one kept-alive connection per user. */
typedef struct cimxml_target cimxml_target;

/*
 * The CIMOM at url (http[s]://HOST[:PORT]/NAMESPACE; the port defaults to
 * 5988, or 5989 for https) for users (1 to CIMXML_TARGET_MAX_USERS, each
 * the principal the driver names and its Basic credentials), with the http
 * room's options (--cacert, --insecure). Starts libcurl and libxml2 (one
 * target at a time per process; cimxml_target_free stops them). Connects
 * lazily. On error returns -1, *out NULL and a one-line reason.
 */
int cimxml_target_open(const char *url, const http_client_opts *o, const http_user *users,
		       size_t n_users, cimxml_target **out, char *err, size_t errlen);
void cimxml_target_free(cimxml_target *t);
/* "http[s]://HOST:PORT/NAMESPACE" with the port filled in. */
const char *cimxml_target_url(const cimxml_target *t);
/* The driver's client operations over CIM-XML; ctx is a cimxml_target.
 * A CIM-XML ERROR answer is a fault with its CIM status code; a
 * connection or TLS failure is SRH_TGT_NO_ANSWER; an HTTP error status or
 * a body that does not parse is SRH_TGT_BAD_ANSWER. */
extern const srh_tgt_ops cimxml_target_ops;

#ifdef __cplusplus
}
#endif
#endif /* SRH_CIMXML_H */
