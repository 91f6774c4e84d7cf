/*
 * proto.h - what the two protocols (cimxml/, wsman/) share, written once:
 * the hardened libxml2 reader and its element helpers (proto_xml.c), the
 * protocol server on the http room's server layer (proto_server.c) and the
 * live-target client's users and base URL (proto_target.c).
 *
 * Library: srproto (layer 9, below both protocols). Prefix proto_. It
 * knows XML and HTTP, never CIM-XML or WS-Management.
 */
#ifndef SRH_PROTO_H
#define SRH_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "http.h"
#include "srh/prov_abi.h"
#include "srh_target.h"
#include "srh_text.h"

/* Format a one-line reason into err (errlen bytes; NULL or 0: nothing). */
void proto_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- proto_xml.c: the one place libxml2 reads untrusted bytes ------------ */

/*
 * Parse len bytes (at most max_len; 0 = no cap but INT_MAX, the caller has
 * checked the size) as a standalone XML document named name (libxml2's
 * messages): no network, no DTD (a DOCTYPE or ENTITY is refused before
 * libxml2 sees the text, so no entity can be declared, expanded or
 * fetched), libxml2's default depth and size limits. Returns the document
 * (xmlFreeDoc), or NULL with a one-line reason.
 */
xmlDoc *proto_xml_read(const char *body, size_t len, size_t max_len, const char *name, char *err,
		       size_t errlen);
/* Whether len bytes are well-formed XML, read without the network and
 * without building a tree (half the cost of proto_xml_read: what the
 * proxy checks before it passes an answer on). No DOCTYPE refusal here: a
 * reader of the document refuses it. False when out of memory too. */
bool proto_xml_well_formed(const char *body, size_t len);
/* Is n an element named name in namespace ns (NULL: any name / any ns)? */
bool proto_xml_is(const xmlNode *n, const char *ns, const char *name);
/* First element child of n that proto_xml_is(ns, name), or NULL. */
xmlNode *proto_xml_child(const xmlNode *n, const char *ns, const char *name);
/* Next element sibling after n that proto_xml_is(ns, name), or NULL. */
xmlNode *proto_xml_next(const xmlNode *n, const char *ns, const char *name);
/* Attribute value as a malloc'ed string (free()), or NULL when absent or
 * out of memory (*oom set then). */
char *proto_xml_attr(const xmlNode *n, const char *name, bool *oom);
/* Text content as a malloc'ed string (free()); NULL when out of memory. */
char *proto_xml_text(const xmlNode *n);
/* The same, trimmed of surrounding white space; NULL when out of memory. */
char *proto_xml_trimmed(const xmlNode *n);
/* Case-insensitive ASCII equality (CIM names); false when either is NULL. */
bool proto_name_eq(const char *a, const char *b);
/* "a.b" into buf of size (>= 2), cut to fit: a finding's place (Error.Message)
 * written for every property checked, without snprintf's cost. */
void proto_dotted(char *buf, size_t size, const char *a, const char *b);

/* ---- proto_server.c: a protocol served on the http room's server -------- */

typedef struct proto_server proto_server;

/* One exchange of the protocol: the answer's bytes into out (empty or
 * failed: the client gets 500 "internal error"), the content type and
 * headers into resp; returns the HTTP status. */
typedef int (*proto_handle_fn)(void *arg, const http_request *req, const prov_principal *who,
			       srh_text *out, http_response *resp);

typedef struct proto_server_opts {
	/* Listening, TLS, users, realm, body cap, timeouts, limits (admit,
	 * handle and arg are the protocol server's own, ignored here). */
	http_server_opts http;
	const char *path;      /* the one path served ("/cimom") */
	const char *not_post;  /* 405 text (Allow: POST) for another method */
	const char *not_found; /* 404 text for another path */
	bool mpost_501;	       /* DSP0200: M-POST gets 501, the client falls back to POST */
	proto_handle_fn handle;
	void *arg;
	/* Called with every XML answer's bytes before they are sent, from the
	 * server's threads at once; NULL: none. */
	void (*answered)(void *arg, const char *body, size_t len);
	void *answered_arg;
} proto_server_opts;

/* Serve POST o->path: other methods and paths are refused before the body
 * is read. On error returns NULL with a reason and nothing is left running. */
proto_server *proto_server_start(const proto_server_opts *o, char *err, size_t errlen);
/* The bound port (the real one when 0 was asked). */
uint16_t proto_server_port(const proto_server *s);
/* The http room's server under it (quiesce, drain, counters). */
http_server *proto_server_http(proto_server *s);
/* Stop (waits for the request being handled) and free. NULL is ignored. */
void proto_server_stop(proto_server *s);

/* ---- proto_target.c: the live-target client's users ---------------------- */

#define PROTO_TARGET_MAX_USERS 4

typedef struct proto_tuser {
	char name[128];
	bool admin;
	char cred[256]; /* "name:pass" for Basic auth */
} proto_tuser;

typedef struct proto_target {
	char base[300]; /* http[s]://HOST:PORT */
	proto_tuser user[PROTO_TARGET_MAX_USERS];
	size_t n_users;
	bool global; /* libcurl and libxml2 were started */
} proto_target;

/* u's scheme, host and port (port, or tls_port for https, when u names
 * none) into t->base. Returns 0, or -1 with a reason naming url. */
int proto_target_base(proto_target *t, const char *url, const http_url *u, unsigned port,
		      unsigned tls_port, char *err, size_t errlen);
/* Copy users (1 to max, max <= PROTO_TARGET_MAX_USERS) into t and start
 * libcurl and libxml2. Returns 0, or -1 with a reason; proto_target_stop
 * undoes what was done either way. */
int proto_target_start(proto_target *t, const http_user *users, size_t n_users, size_t max,
		       char *err, size_t errlen);
/* Wipe the credentials and stop libcurl and libxml2 when they were started. */
void proto_target_stop(proto_target *t);
/* The index of principal who's credentials, or -1 with a reason. */
int proto_target_user(const proto_target *t, const prov_principal *who, char *err, size_t errlen);
/* A wire-finding sink that adds each finding to the srh_tgt_reply ctx
 * (out of memory loses the finding, never the answer). */
void proto_reply_wire(void *ctx, srh_rule_id rule, const char *where, const char *expected,
		      const char *observed);

#endif /* SRH_PROTO_H */
