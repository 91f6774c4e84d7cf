/*
 * http.h - the http room (library srhttp): one HTTP server layer on
 * libmicrohttpd and one HTTP client layer on libcurl, for every protocol
 * the harness speaks (CIM-XML today, WS-Management later).
 *
 * What it owns: listening (loopback by default), TLS (GnuTLS through
 * libmicrohttpd, PEM key and certificate files), HTTP Basic credentials
 * mapped to a principal (a user name and whether it is an administrator),
 * body and response size caps, timeouts, keep-alive, certificate checks on
 * the client side, and error lines that name the URL.
 *
 * What it must never know: CIM, XML, or any protocol carried over HTTP. A
 * protocol plugs in a request handler (server) or builds its own bodies and
 * headers (client); it never calls libmicrohttpd or libcurl itself.
 *
 * Errors: functions returning int return 0 on success and -1 on failure
 * with one line in err (errlen bytes) unless their comment says otherwise.
 */
#ifndef SRH_HTTP_H
#define SRH_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HTTP_ERRLEN 512
/* Defaults of the limits (each a field of the options below). */
#define HTTP_DEFAULT_MAX_BODY (1u << 20)      /* request body the server reads */
#define HTTP_DEFAULT_MAX_RESPONSE (64u << 20) /* response body the client reads */
#define HTTP_DEFAULT_CONN_TIMEOUT_S 30u	      /* server: idle connection */
#define HTTP_DEFAULT_MAX_CONNS 0u	  /* server: open connections; 0 = from the file limit */
#define HTTP_DEFAULT_HEADER_TIMEOUT_S 10u /* server: request line + headers */
#define HTTP_DEFAULT_MIN_BODY_RATE 1024u  /* server: body bytes/s after the grace */
#define HTTP_DEFAULT_WRITE_TIMEOUT_S 10u  /* server: sending one response */
#define HTTP_DEFAULT_PER_IP_REMOTE 128u	  /* server: per address, beyond loopback */
#define HTTP_FD_RESERVE 64u		  /* file descriptors kept for the process itself */
#define HTTP_DEFAULT_TIMEOUT_MS 30000u	  /* client: one whole exchange */
#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#define HTTP_MAX_HEADERS 16 /* response headers a handler may add */
#define HTTP_MAX_PEM (1u << 20)

/* ---- users and principals ---------------------------------------------- */

/* One HTTP Basic user and the principal it maps to. */
typedef struct http_user {
	char name[64];
	char pass[128];
	bool admin;
} http_user;

/* Who a request comes from once its credentials matched a user. */
typedef struct http_principal {
	const char *name;
	bool admin;
} http_principal;

/* "name:password" or "name:password:admin". Returns 0, or -1 (u zeroed)
 * when the text has no name, is too long or holds a newline. */
int http_user_parse(const char *text, http_user *u);

/* The user of users[0..n) whose name and password are exactly name and
 * pass (the password compared in constant time), or NULL. */
const http_user *http_user_find(const http_user *users, size_t n, const char *name,
				const char *pass);

/* 1 when listen ("HOST:PORT" or "[V6]:PORT") is a loopback address, 0
 * when it is not, -1 when it does not parse. */
int http_listen_is_loopback(const char *listen);

/* Write port and a newline to path through path.tmp and a rename, so a
 * script waiting for the file never reads it half written. Returns 0; on
 * failure -1 with errno set (path untouched). */
int http_write_port_file(const char *path, uint16_t port);

/* ---- server ---------------------------------------------------------------- */

typedef struct http_server http_server;

/* One request as a handler sees it. Strings live until the handler returns. */
typedef struct http_request {
	const char *method; /* "POST", "GET", ... */
	const char *path;   /* "/cimom" (no query string) */
	const char *body;   /* NULL in the admit call; NUL-terminated otherwise */
	size_t len;
	const http_principal *who; /* NULL in the admit call */
	void *impl_;		   /* the server's own; use http_request_header */
	/* The connection's slot for the handler's own state (e.g. a client of
	 * an upstream server, one per client connection): NULL at first, kept
	 * across the requests of one connection, handed to opts.conn_free
	 * when the connection closes. NULL in the admit call. */
	void **conn_slot;
} http_request;

/* Value of request header name (case-insensitive), or NULL when absent. */
const char *http_request_header(const http_request *r, const char *name);
/* Call fn once per request header, in the order received. Never fails. */
void http_request_each_header(const http_request *r,
			      void (*fn)(void *arg, const char *name, const char *value),
			      void *arg);
/* The user name of the request's Basic credentials into out (outlen
 * bytes), the password never read. Returns 0, or -1 when there are none
 * or the name is too long (out empty). */
int http_request_basic_user(const http_request *r, char *out, size_t outlen);

typedef struct http_header {
	char name[64];
	char value[1024];
} http_header;

/* What a handler answers. The server frees body (malloc'ed) unless
 * body_static; content_type NULL = text/plain. */
typedef struct http_response {
	int status;
	char *body;
	size_t len;
	bool body_static;
	const char *content_type;
	bool no_content_type; /* send no Content-Type at all (pass-through) */
	http_header headers[HTTP_MAX_HEADERS];
	size_t n_headers;
} http_response;

/* Add a response header. Returns 0, or -1 (nothing added) when the table
 * is full, a name or value is too long or holds CR/LF. */
int http_response_header(http_response *r, const char *name, const char *value);
/* Set a static text body (not copied, not freed) and the status. */
void http_response_text(http_response *r, int status, const char *text);

/*
 * Called once the request line and headers are in, before the body is
 * read and before credentials are checked: return 0 to go on, or fill
 * *resp (e.g. 405 with an Allow header) to answer at once. Optional.
 */
typedef int (*http_admit_fn)(void *arg, const http_request *req, http_response *resp);
/*
 * Called with the whole body of an authenticated request; fills *resp
 * (empty on entry: every field 0 but the header table past n_headers). A
 * handler that leaves status 0 gets a 500. Calls come from the server's
 * HTTP threads (limits.threads of them), several at once: a handler
 * serializes what it must itself.
 */
typedef void (*http_handler_fn)(void *arg, const http_request *req, http_response *resp);

/*
 * The limits that keep a server available under slow, many and hostile
 * clients (docs/HARDENING.md). Every field 0 = its default. Deadlines are
 * absolute (from the first byte of a phase), not idle timeouts: a client
 * that trickles one byte at a time is cut all the same.
 */
typedef struct http_limits {
	unsigned max_conns;	   /* open connections; 0 = http_conn_budget() */
	unsigned per_ip;	   /* per client address; 0 = none */
	unsigned header_timeout_s; /* request line + headers (and the grace
				      before min_body_rate applies) */
	unsigned min_body_rate;	   /* average body bytes/s after the grace */
	unsigned write_timeout_s;  /* one response, queued to fully sent */
	unsigned threads;	   /* HTTP threads; 0 = http_default_threads() */
} http_limits;

/*
 * Raise the soft RLIMIT_NOFILE to the hard limit (where allowed) and
 * return the connections a server may hold: the soft limit less
 * HTTP_FD_RESERVE (at least 16). Never fails: when the limit cannot be
 * read or raised it works from what is in force.
 */
unsigned http_conn_budget(void);
/* The HTTP threads of a server by default: the CPUs, 2 to 8. */
unsigned http_default_threads(void);
/*
 * One command-line flag of the limits: --max-conns N, --per-ip N,
 * --header-timeout DURATION, --min-body-rate N, --write-timeout DURATION,
 * --threads N (DURATION: seconds, or N with s/m). Returns 1 when opt is not
 * one of them (nothing changed), 0 when set, -1 with a reason on a bad
 * value.
 */
int http_limits_flag(http_limits *l, const char *opt, const char *val, char *err, size_t errlen);
/* The --help lines of those flags (with this process's budget) into buf;
 * cut to buflen. */
void http_limits_help(char *buf, size_t buflen);

/* What a running server counts (for logs, tests and the bench). */
typedef struct http_server_stats {
	unsigned long open;	  /* connections open now */
	unsigned long in_flight;  /* requests whose headers are in and whose
				     answer is not yet sent */
	unsigned long cut_header; /* connections cut by the header deadline */
	unsigned long cut_body;	  /* ... by the minimum body rate */
	unsigned long cut_write;  /* ... by the write deadline */
	unsigned long cut_idle;	  /* ... idle past the keep-alive timeout */
	unsigned long max_conns;  /* the cap in force */
	unsigned threads;
} http_server_stats;

typedef struct http_server_opts {
	const char *listen;		/* "HOST:PORT"; port 0 = any free port */
	const char *tls_cert, *tls_key; /* PEM files; both or neither (HTTP) */
	const http_user *users;		/* copied; n_users 0 = every request
					   is refused with 401 */
	size_t n_users;
	const char *realm;	 /* Basic realm; NULL = "srh" */
	size_t max_body;	 /* 0 = HTTP_DEFAULT_MAX_BODY; larger: 413 */
	unsigned conn_timeout_s; /* 0 = HTTP_DEFAULT_CONN_TIMEOUT_S */
	unsigned max_conns;	 /* 0 = limits.max_conns */
	http_admit_fn admit;	 /* may be NULL */
	http_handler_fn handle;	 /* required */
	void *arg;		 /* for admit and handle */
	http_limits limits;	 /* all 0 = the defaults */
	/* Pass-through: credentials are not checked here (users ignored);
	 * every request reaches the handler, who->name being the Basic user
	 * name or "" (a proxy whose upstream checks them). */
	bool pass_auth;
	/* A connection closed with a non-NULL conn_slot: free it. May be NULL. */
	void (*conn_free)(void *arg, void *slot);
} http_server_opts;

/*
 * Listen on o->listen and serve until http_server_stop. The order of
 * answers: admit's answer; 413 when the declared Content-Length is over
 * max_body (a chunked body over it drops the connection: no answer can be
 * queued mid-body); 401 with WWW-Authenticate when the Basic credentials
 * match no user; else the handler's answer. HTTP/1.1 keep-alive is kept.
 * On error (bad address, port in use, unreadable or bad PEM, no TLS in
 * libmicrohttpd) returns NULL with a reason and nothing is left running.
 */
http_server *http_server_start(const http_server_opts *o, char *err, size_t errlen);
/* The bound port (the real one when 0 was asked). */
uint16_t http_server_port(const http_server *s);
/* Whether the server speaks TLS. */
bool http_server_tls(const http_server *s);
/* Stop (waits for the request being handled) and free. NULL is ignored. */
void http_server_stop(http_server *s);
/*
 * Stop accepting connections (the listening socket is closed); requests in
 * flight go on, and every answer from now on says Connection: close.
 * Returns 0, or -1 when libmicrohttpd refuses (then the server is as it
 * was). A second call does nothing.
 */
int http_server_quiesce(http_server *s);
/* Fill *st with the counters. */
void http_server_get_stats(http_server *s, http_server_stats *st);

/* ---- client ---------------------------------------------------------------- */

/*
 * libcurl's global set-up, once per process before the first client
 * (counted: every successful call needs one http_global_cleanup). Returns
 * 0, or -1 when libcurl cannot start (no client may then be made).
 */
int http_global_init(void);
void http_global_cleanup(void);

/* URL parts (from libcurl's own URL parser). */
typedef struct http_url {
	char scheme[8]; /* "http" or "https" */
	char host[256]; /* without the brackets of an IPv6 address */
	uint16_t port;	/* 0 when the URL names none */
	char path[1024];
} http_url;

/* Split an http:// or https:// URL. Returns 0, or -1 with a reason (not a
 * URL, another scheme, user info or query in it, a part too long). */
int http_url_split(const char *url, http_url *u, char *err, size_t errlen);

/* How the client authenticates with userpass. Basic is what srh serve
 * offers; WinRM also offers NTLM and Negotiate (SPNEGO: Kerberos or NTLM),
 * which libcurl speaks when it was built with them. */
typedef enum http_auth {
	HTTP_AUTH_BASIC = 0,
	HTTP_AUTH_NTLM,
	HTTP_AUTH_NEGOTIATE,
	HTTP_AUTH_ANY, /* libcurl picks among those it has, from the server's
			  WWW-Authenticate (costs a first round trip) */
} http_auth;

/* "basic", "ntlm", "negotiate" or "any". Returns 0, or -1 (*a unchanged). */
int http_auth_parse(const char *name, http_auth *a);

typedef struct http_client_opts {
	const char *userpass;	     /* "user:password"; NULL = none */
	http_auth auth;		     /* with userpass; default Basic */
	const char *cacert;	     /* PEM CA bundle to verify the server with;
					NULL = the system's */
	bool insecure;		     /* no certificate or host name check */
	unsigned timeout_ms;	     /* one whole exchange; 0 = default */
	unsigned connect_timeout_ms; /* 0 = default */
	size_t max_response;	     /* 0 = HTTP_DEFAULT_MAX_RESPONSE */
} http_client_opts;

typedef struct http_client http_client;

/* A client of one server: base ("http[s]://HOST[:PORT]") is prefixed to
 * every path. Its one libcurl handle keeps the connection alive between
 * requests. On error returns NULL with a reason. */
http_client *http_client_new(const char *base, const http_client_opts *o, char *err, size_t errlen);
void http_client_free(http_client *c);

/* A response as the client got it. */
typedef struct http_reply {
	int status;
	char *body; /* malloc'ed, NUL-terminated (free with http_reply_free) */
	size_t len;
	char *head; /* the header lines of the final response, NUL-terminated */
	size_t head_len;
} http_reply;

void http_reply_free(http_reply *r);
/* Value of response header name (case-insensitive, trimmed) copied into
 * out (outlen bytes). Returns 0, or -1 when absent or too long. */
int http_reply_header(const http_reply *r, const char *name, char *out, size_t outlen);

/*
 * One exchange: method "POST" (with body, len) or "GET" (body NULL) of
 * path, with the extra header lines ("Name: value", n of them). Fills
 * *out (status, body, header lines; http_reply_free) and returns 0 for any
 * HTTP status; returns -1 with one line "URL: curl's reason" (connection,
 * TLS or certificate failure, timeout, response over max_response) and
 * *out empty.
 */
int http_client_request(http_client *c, const char *method, const char *path,
			const char *const *headers, size_t n, const char *body, size_t len,
			http_reply *out, char *err, size_t errlen);

/* TCP connections opened so far (1 when keep-alive held throughout). */
unsigned long http_client_connects(const http_client *c);
/* Whether the last http_client_request failed on its deadline (timeout_ms
 * or connect_timeout_ms), as opposed to any other failure. */
bool http_client_timed_out(const http_client *c);

#ifdef __cplusplus
}
#endif
#endif /* SRH_HTTP_H */
