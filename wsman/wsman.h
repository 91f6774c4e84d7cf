/*
 * wsman.h - WS-Management (DMTF DSP0226, CIM binding DSP0227, WS-CIM
 * mapping DSP0230) for the harness (library srwsman): the protocol Windows
 * and OMI clients reach CIM providers by.
 *
 * Parts, usable one without the other:
 *   envelope   a SOAP 1.2 request read with libxml2, hardened as the
 *              CIM-XML codec is (no network, no DTD, no entities, a size
 *              cap), into a wsman_request (wsman_parse_request);
 *   client     requests built and responses read back, offered to the
 *              live-target driver (runner/srh_target.h) as its client
 *              operations (wsman_target_ops): `srh run --target
 *              wsman+http://HOST:PORT/wsman`;
 *   server     the operations (Identify, Get, Enumerate / Pull / Release,
 *              Invoke of GetError, GetErrors, RequestStateChange) mapped
 *              onto the stage (runner/srh_stage.h), answered as SOAP
 *              envelopes or WS-Management faults (wsman_backend_*), and
 *              plugged into the http room's server layer (wsman_server_*).
 * HTTP itself (listening, TLS, Basic users to principals, limits) is the
 * http room's (http/http.h). The wire names (namespaces, action URIs,
 * fault subcodes, selector names) follow DSP0226/DSP0227/DSP0230 as OMI
 * and openwsman put them on the wire.
 *
 * Errors: functions returning int return 0 on success and -1 on failure
 * unless their comment says otherwise; a failed call leaves its outputs
 * NULL/empty.
 */
#ifndef SRH_WSMAN_H
#define SRH_WSMAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "proto.h"
#include "srh/cim.h"
#include "srh/prov_abi.h"
#include "srh_target.h"
#include "srh_text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- names on the wire ------------------------------------------------ */

#define WSMAN_NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define WSMAN_NS_WSA "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define WSMAN_NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define WSMAN_NS_WSEN "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define WSMAN_NS_WXF "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define WSMAN_NS_WSMID "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"
#define WSMAN_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define WSMAN_NS_CIM "http://schemas.dmtf.org/wbem/wscim/1/common"
#define WSMAN_NS_FAULT_DETAIL "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/"
#define WSMAN_WSA_ANONYMOUS "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
/* DSP0227: the ResourceURI of a CIM class is this prefix + the class name. */
#define WSMAN_CLASS_URI "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
/* WinRM's prefix for WMI classes: + the namespace in lower case + '/'. */
#define WSMAN_WMI_URI "http://schemas.microsoft.com/wbem/wsman/1/wmi/"

#define WSMAN_A_GET "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
#define WSMAN_A_ENUMERATE "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"
#define WSMAN_A_PULL "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"
#define WSMAN_A_RELEASE "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"

#define WSMAN_NAMESPACE "root/Microsoft/Windows/StorageReplica"
#define WSMAN_JOB_CLASS "SRSIM_ReplicaJob"
#define WSMAN_DEFAULT_PORT 5985
#define WSMAN_PATH "/wsman"
/* Largest request envelope the server reads (larger: wsman:EncodingLimit). */
#define WSMAN_MAX_BODY (512u << 10)
#define WSMAN_ERRLEN 512
#define WSMAN_MAX_SELECTORS 8
#define WSMAN_MAX_PARAMS 8

/* ---- growable text buffer --------------------------------------------- */

/* The wire-format writers' buffer (result/srh_text.h): appends never fail
 * loudly, a writer checks failed once at the end; wsman_buf_esc escapes
 * & < > " ' and turns what XML cannot carry (controls, bytes that are not
 * UTF-8) into '?', so every envelope written is well-formed. */
typedef srh_text wsman_buf;
#define wsman_buf_init srh_text_init
#define wsman_buf_free srh_text_free
#define wsman_buf_reset srh_text_reset
#define wsman_buf_add srh_text_add
#define wsman_buf_str srh_text_str
#define wsman_buf_printf srh_text_printf
#define wsman_buf_esc srh_text_esc

/* ---- the request envelope (server side) ------------------------------- */

typedef enum wsman_action {
	WSMAN_ACT_UNKNOWN = 0, /* an Action this server does not offer */
	WSMAN_ACT_IDENTIFY,
	WSMAN_ACT_GET,
	WSMAN_ACT_ENUMERATE,
	WSMAN_ACT_PULL,
	WSMAN_ACT_RELEASE,
	WSMAN_ACT_INVOKE, /* Action = ResourceURI/Method */
} wsman_action;

typedef enum wsman_enum_mode {
	WSMAN_EM_OBJECT = 0, /* no EnumerationMode */
	WSMAN_EM_EPR,
	WSMAN_EM_OBJECT_AND_EPR,
} wsman_enum_mode;

typedef struct wsman_pair {
	char *name;
	char *value; /* NULL: xsi:nil (parameters) */
} wsman_pair;

typedef struct wsman_request {
	wsman_action action;
	char *action_uri;
	char *message_id;
	char *resource_uri;
	wsman_pair selectors[WSMAN_MAX_SELECTORS];
	size_t n_selectors;
	bool too_many_selectors;
	char *method; /* Invoke: the last segment of the Action */
	/* Invoke: the children of <p:METHOD_INPUT> */
	wsman_pair params[WSMAN_MAX_PARAMS];
	size_t n_params;
	bool has_input; /* a METHOD_INPUT element came */
	/* Enumerate */
	bool optimize;
	bool has_max_elements;
	uint32_t max_elements; /* Enumerate (wsman:) or Pull (wsen:) */
	wsman_enum_mode mode;
	/* Pull, Release */
	char *context;
} wsman_request;

/* Why a request is not one (each answered with its own fault). */
typedef enum wsman_perr {
	WSMAN_PE_OK = 0,
	WSMAN_PE_TOO_LARGE = -1,  /* over max_len: wsman:EncodingLimit */
	WSMAN_PE_NOT_XML = -2,	  /* not well-formed, a DTD: wsa:InvalidMessageInformationHeader */
	WSMAN_PE_NOT_SOAP12 = -3, /* root not a SOAP 1.2 Envelope: s:VersionMismatch */
	WSMAN_PE_NO_HEADER =
	    -4,		     /* no Header, Body or Action: wsa:MessageInformationHeaderRequired */
	WSMAN_PE_NOMEM = -5, /* wsman:InternalError */
} wsman_perr;

/*
 * Parse a SOAP 1.2 WS-Management request of len bytes (at most max_len;
 * 0 = WSMAN_MAX_BODY). Returns WSMAN_PE_OK and sets *out (free with
 * wsman_request_free); on error returns a wsman_perr, *out NULL and a
 * one-line reason in err. An unknown Action is not an error here
 * (action WSMAN_ACT_UNKNOWN): the dispatcher answers it.
 */
int wsman_parse_request(const char *body, size_t len, size_t max_len, wsman_request **out,
			char *err, size_t errlen);
void wsman_request_free(wsman_request *r);
/* The selector / parameter named name (case-insensitive), or NULL. */
const wsman_pair *wsman_request_selector(const wsman_request *r, const char *name);
const wsman_pair *wsman_request_param(const wsman_request *r, const char *name);

/* ---- faults ------------------------------------------------------------ */

typedef enum wsman_fault {
	WSMAN_F_DESTINATION_UNREACHABLE = 0,
	WSMAN_F_ACTION_NOT_SUPPORTED,
	WSMAN_F_INVALID_SELECTORS,
	WSMAN_F_INVALID_ENUMERATION_CONTEXT,
	WSMAN_F_ACCESS_DENIED,
	WSMAN_F_ENCODING_LIMIT,
	WSMAN_F_INTERNAL_ERROR,
	WSMAN_F_INVALID_MESSAGE_HEADER,
	WSMAN_F_HEADER_REQUIRED,
	WSMAN_F_VERSION_MISMATCH,
	WSMAN_F_INVALID_PARAMETER,
	WSMAN_F_COUNT
} wsman_fault;

/* The fault a subcode names ("wsman:InvalidSelectors", any prefix), or
 * WSMAN_F_COUNT when none of these. */
wsman_fault wsman_fault_by_name(const char *subcode);
/* The fault's subcode as "prefix:Name" (e.g. "wsman:InvalidSelectors"). */
const char *wsman_fault_name(wsman_fault f);
/* The HTTP status it travels with (openwsman: Sender 400, Receiver 500). */
int wsman_fault_status(wsman_fault f);
/* The CIM status code a client reports it as (CIM_SC_*). */
uint32_t wsman_fault_cim_status(wsman_fault f);
/* A whole fault envelope: relates_to the request's MessageID (or NULL),
 * detail a faultDetail name ("InvalidResourceURI") or NULL, reason a line
 * of text (NULL: the fault's own). Returns 0, or -1 when the buffer failed. */
int wsman_write_fault(wsman_buf *b, wsman_fault f, const char *relates_to, const char *detail,
		      const char *reason);

/* ---- the server ---------------------------------------------------------- */

struct srh_stage;

typedef struct wsman_backend wsman_backend;

typedef struct wsman_backend_opts {
	struct srh_stage *stage; /* the one back end (not owned) */
	uint64_t tick_ns;	 /* virtual time added before each request */
	size_t max_body;	 /* 0 = WSMAN_MAX_BODY */
	unsigned enum_expiry_s;	 /* idle enumeration contexts expire (0 = 60) */
	/* Serialize with the stage's other users (another protocol's server in
	 * the same process); NULL: the backend's own mutex. */
	void (*lock)(void *arg);
	void (*unlock)(void *arg);
	void *lock_arg;
} wsman_backend_opts;

/* A backend on o->stage. On error returns -1, *out NULL and a reason. */
int wsman_backend_new(const wsman_backend_opts *o, wsman_backend **out, char *err, size_t errlen);
/* Free the contexts and the backend (not the stage). NULL is ignored. */
void wsman_backend_free(wsman_backend *b);

/* What the HTTP layer hands over and gets back for one POST. */
typedef struct wsman_exchange {
	const prov_principal *who;
	const char *body;
	size_t len;
	/* out */
	int status;    /* HTTP status */
	wsman_buf out; /* the response envelope (caller inits and frees) */
} wsman_exchange;

/* Handle one request: take the lock, advance virtual time by the tick,
 * parse, run the operation on the stage, write the envelope or fault.
 * Never fails: every problem is a fault in x->out (status 500 and an empty
 * body when even that could not be written). */
void wsman_backend_handle(wsman_backend *b, wsman_exchange *x);

/* The server is proto/'s protocol server (proto.h) with this protocol's
 * exchange as its handler; port, http and stop are proto/'s. */
typedef struct proto_server wsman_server;

typedef struct wsman_server_opts {
	const char *listen;		/* "HOST:PORT"; port 0 = any free port */
	const char *tls_cert, *tls_key; /* PEM files: HTTPS; NULL: HTTP */
	const http_user *users;
	size_t n_users;
	wsman_backend *backend; /* not owned */
	unsigned conn_timeout_s;
	http_limits limits; /* the http room's; all 0 = its defaults */
	/* Called with every XML answer's bytes before they are sent (srh serve
	 * --self-check), from the server's threads at once; NULL: none. */
	void (*answered)(void *arg, const char *body, size_t len);
	void *answered_arg;
} wsman_server_opts;

/* Serve POST /wsman on o->listen through the http room's server (Basic
 * users to principals; a request without credentials gets 401). On error
 * returns NULL with a reason and nothing is left running. */
wsman_server *wsman_server_start(const wsman_server_opts *o, char *err, size_t errlen);
#define wsman_server_port proto_server_port
/* Its http room server: to quiesce, drain and count it (never fails). */
#define wsman_server_http proto_server_http
/* Stop (waits for the request being handled) and free. NULL is ignored. */
#define wsman_server_stop proto_server_stop

/* ---- responses (client side) ------------------------------------------- */

typedef struct wsman_response {
	bool is_fault;
	char *fault_subcode; /* "wsman:InvalidSelectors" as sent (or the Code) */
	uint32_t cim_code;   /* the fault as a CIM status code */
	char *reason;
	/* GetResponse (1), EnumerateResponse / PullResponse items */
	cim_job **jobs;
	size_t n_jobs;
	char *context; /* the enumeration context to Pull with, or NULL */
	bool end_of_sequence;
	/* METHOD_OUTPUT */
	bool has_rc;
	uint32_t rc;
	bool has_error_param; /* an Error / Errors element came (nil or not) */
	cim_error **errors;
	size_t n_errors;
	/* An Error that was a free string, not an embedded CIM_Error: kept as
	 * an Error with only Message set, and flagged. */
	bool error_not_embedded;
} wsman_response;

/* Parse a response envelope of len bytes (at most max_len; 0 =
 * HTTP_DEFAULT_MAX_RESPONSE), hardened as requests are. Returns 0 and
 * *out (wsman_response_free), or -1 with a reason when it is not a SOAP
 * 1.2 envelope with a fault or a result this client knows. */
int wsman_parse_response(const char *body, size_t len, size_t max_len, wsman_response **out,
			 char *err, size_t errlen);
void wsman_response_free(wsman_response *r);

/* ---- wire rules (check.h: MUST-wire, SHOULD-wire) ------------------------ */

/* Most findings one response yields (the rest are dropped). */
#define WSMAN_WIRE_MAX 32

/* Where wire findings go: rule, where in the response ("Error",
 * "Error.ErrorType", "Action"), what the rule expects, what was seen. The
 * same shape as cimxml_wire_sink, so one sink serves both protocols. */
typedef void (*wsman_wire_sink)(void *ctx, srh_rule_id rule, const char *where,
				const char *expected, const char *observed);

/*
 * Judge one WS-Management response envelope (len bytes) under the wire
 * rules: the SOAP 1.2 envelope shape and a method output's Action (MUST-wire
 * schema), the GetError/GetErrors output's ReturnValue and Error as an
 * embedded instance with xsi:type (MUST-wire embedded-error), each
 * CIM_Error and job property lexically of its MOF type, scalar or array as
 * declared (MUST-wire cim-type), NULL as xsi:nil="true", never an empty
 * element (MUST-wire null-form), an Error output left out (SHOULD-wire
 * null-omitted). Calls sink (may be NULL) once per finding, at most
 * WSMAN_WIRE_MAX times. Returns the number of findings (0 = clean), or -1
 * when memory ran out (findings so far were delivered). A SOAP fault is
 * judged on its envelope only.
 */
int wsman_wire_check(const char *body, size_t len, wsman_wire_sink sink, void *ctx);
/*
 * wsman_parse_response and, when check, wsman_wire_check on the same
 * bytes, read once (a client or a proxy wants both: this halves the XML
 * parsing of an answer). Returns as wsman_parse_response; the findings go
 * to sink as wsman_wire_check's do (out of memory loses findings only).
 */
int wsman_parse_response_wire(const char *body, size_t len, size_t max_len, bool check,
			      wsman_wire_sink sink, void *ctx, wsman_response **out, char *err,
			      size_t errlen);

/* ---- the live-target driver's client operations ------------------------ */

#define WSMAN_TARGET_MAX_USERS 4

typedef struct wsman_target wsman_target;

/*
 * The WS-Management service at url (wsman+http[s]://HOST[:PORT]/PATH, the
 * port 5985 or 5986 by default, the path /wsman by default) for users (1
 * to WSMAN_TARGET_MAX_USERS, each the principal the driver names and its
 * Basic credentials), with the http room's options (--cacert,
 * --insecure). The jobs are looked for in namespace WSMAN_NAMESPACE.
 * Starts libcurl and libxml2 (wsman_target_free stops them). Connects
 * lazily. On error returns -1, *out NULL and a one-line reason.
 */
int wsman_target_open(const char *url, const http_client_opts *o, const http_user *users,
		      size_t n_users, wsman_target **out, char *err, size_t errlen);
void wsman_target_free(wsman_target *t);
/* "http[s]://HOST:PORT/PATH" with the port filled in. */
const char *wsman_target_url(const wsman_target *t);
/* The driver's client operations over WS-Management; ctx is a
 * wsman_target. A SOAP fault is a fault with the CIM status code of its
 * subcode (wsa:DestinationUnreachable 6, wsman:AccessDenied 2, ...); a
 * connection or TLS failure is SRH_TGT_NO_ANSWER; an HTTP status without
 * a SOAP envelope, or a body that does not parse, is SRH_TGT_BAD_ANSWER. */
extern const srh_tgt_ops wsman_target_ops;

#ifdef __cplusplus
}
#endif
#endif /* SRH_WSMAN_H */
