/*
 * prx.h - the proxy room (library srproxy): passive checking of live
 * exchanges between a real client (wbemcli, wsl, PowerShell, pywbem) and a
 * live provider, over CIM-XML or WS-Management.
 *
 *   forward   a reverse proxy on the http room's server and client layers:
 *             every request goes upstream unchanged, the client gets the
 *             upstream's status, headers and body (hop-by-hop headers
 *             aside); one upstream connection per client connection; an
 *             upstream that fails gives 502, one that stalls 504;
 *   session   each exchange decoded with the codecs' own parsers and judged
 *             by the one checker (check.h): the wire rules (CIM-XML:
 *             cimxml_wire_check) and the contract rules an observer can
 *             know; every job seen becomes one result (srh_result.h);
 *   record    the session kept in a file (docs/PROXY.md: a strict,
 *             length-prefixed text format, credentials removed) and read
 *             back for `srh check-wire` and `srh replay-wire`.
 *
 * It reads both codecs (cimxml.h, wsman.h); they never read it.
 * Errors: functions returning int return 0 on success and -1 on failure
 * with one line in err (errlen bytes) unless their comment says otherwise.
 */
#ifndef SRH_PRX_H
#define SRH_PRX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "http.h"
#include "srh_result.h"

#define PRX_ERRLEN 512
#define PRX_MAX_ROLES 16
/* Bytes of one recorded header block or body the reader accepts. */
#define PRX_REC_MAX_PART (64u << 20)
/* Upstream response bodies above this get 502 (a runaway upstream). */
#define PRX_DEFAULT_MAX_RESPONSE (8u << 20)
#define PRX_DEFAULT_TIMEOUT_MS 30000u

typedef enum prx_proto {
	PRX_CIMXML = 0,
	PRX_WSMAN = 1,
} prx_proto;

/* "cimxml" or "wsman". */
const char *prx_proto_name(prx_proto p);
/* The protocol of an upstream URL (http[s]:// CIM-XML, wsman+http[s]://
 * WS-Management) and the plain http[s] URL into base (baselen bytes).
 * Returns 0, or -1 with a reason. */
int prx_url(const char *url, prx_proto *p, char *base, size_t baselen, char *err, size_t errlen);

/* What became of an exchange on the proxy's side. */
typedef enum prx_verdict {
	PRX_V_OK = 0,	 /* the upstream answered; forwarded as it was */
	PRX_V_502 = 502, /* refused, reset, garbage or over the cap */
	PRX_V_504 = 504, /* stalled past the deadline */
} prx_verdict;

/* One exchange as the proxy saw it. Strings are NUL-terminated; head
 * blocks are "Name: value\n" lines. */
typedef struct prx_exchange {
	uint64_t seq;	     /* 1, 2, ... in the order answered */
	uint64_t t_us;	     /* since the session started */
	uint64_t latency_us; /* the upstream's round trip */
	char principal[64];  /* Basic user name, "" when none */
	char method[8];
	char path[512];
	int status; /* what the client got */
	prx_verdict verdict;
	char reason[256]; /* 502/504: why ("" when OK) */
	char *req_head, *req_body;
	size_t req_head_len, req_len;
	char *rsp_head, *rsp_body;
	size_t rsp_head_len, rsp_len;
} prx_exchange;

/* Free what x owns and zero it. */
void prx_exchange_clear(prx_exchange *x);

/* ---- the session: checker, jobs, results -------------------------------- */

/* A principal whose role the proxy is told (--user NAME[:admin]). */
typedef struct prx_role {
	char name[64];
	bool admin;
} prx_role;

/* "NAME" or "NAME:admin". 0, or -1 (empty, too long, another suffix). */
int prx_role_parse(const char *text, prx_role *r);

typedef struct prx_session prx_session;

typedef struct prx_stats {
	unsigned long exchanges, jobs, must, should, bad_gateway;
} prx_stats;

/* A session judging protocol p for upstream (the results' name prefix).
 * roles: who is an administrator (a principal not named is not judged for
 * access). NULL when out of memory. */
prx_session *prx_session_new(prx_proto p, const char *upstream, const prx_role *roles,
			     size_t n_roles);
void prx_session_free(prx_session *s);
/* Judge one exchange (thread-safe: one lock per session). Returns 0, or
 * -1 when memory ran out (the findings so far are kept). */
int prx_session_observe(prx_session *s, const prx_exchange *x);
void prx_session_stats(prx_session *s, prx_stats *st);
/*
 * The results: one per job seen (named "UPSTREAM job INSTANCEID"), and one
 * for the session itself ("UPSTREAM session": findings tied to no job,
 * 502/504 exchanges as an ERROR). fn takes each result (it is freed after
 * the call). Returns the number of results; -1 when memory ran out.
 */
long prx_session_results(prx_session *s, void (*fn)(void *arg, const srh_result *r), void *arg);
/* The verdict lines ("RESULT name: FAIL" and one line per failure), in a
 * stable order, on f: what the live proxy and check-wire both print. */
void prx_session_report(prx_session *s, FILE *f);

/* ---- the recording ------------------------------------------------------- */

typedef struct prx_rec prx_rec;

/* Create path (truncated) and write the header line. NULL with a reason. */
prx_rec *prx_rec_create(const char *path, prx_proto p, const char *upstream, char *err,
			size_t errlen);
/* Append one exchange (Authorization and Proxy-Authorization lines of its
 * headers removed), flushed to the file when flush (the proxy's worker
 * flushes once a batch). Thread-safe. 0, or -1 with a reason. */
int prx_rec_write(prx_rec *r, const prx_exchange *x, bool flush, char *err, size_t errlen);
/* Close; 0, or -1 when a write failed (reason). NULL ignored. */
int prx_rec_close(prx_rec *r, char *err, size_t errlen);

/* What the reader found in the header line. */
typedef struct prx_rec_info {
	prx_proto proto;
	char upstream[1024];
} prx_rec_info;

/*
 * Read a recording held in memory (data, len bytes) strictly: the header
 * line, then exchanges in the documented order, each length checked; fn
 * gets each exchange (freed after the call; return non-zero to stop).
 * Returns the number of exchanges, or -1 with "line N: reason".
 */
long prx_rec_parse(const char *data, size_t len, prx_rec_info *info,
		   int (*fn)(void *arg, const prx_exchange *x), void *arg, char *err,
		   size_t errlen);
/* The same from a file (at most 1 GiB). */
long prx_rec_load(const char *path, prx_rec_info *info, int (*fn)(void *arg, const prx_exchange *x),
		  void *arg, char *err, size_t errlen);

/* ---- the proxy ----------------------------------------------------------- */

typedef struct prx_proxy prx_proxy;

typedef struct prx_opts {
	const char *listen;    /* "HOST:PORT" (port 0: any) */
	const char *upstream;  /* URL with its scheme */
	http_client_opts http; /* --cacert, --insecure; timeout: the 504 deadline */
	http_limits limits;
	prx_session *session; /* judged into (not owned) */
	prx_rec *rec;	      /* recorded into, or NULL (not owned) */
	size_t max_body;      /* request bodies; 0 = HTTP_DEFAULT_MAX_BODY */
} prx_opts;

/* Start the proxy. On error returns NULL with a reason. */
prx_proxy *prx_start(const prx_opts *o, char *err, size_t errlen);
uint16_t prx_port(const prx_proxy *p);
/* Recording failures so far (the first one is printed on stderr). */
unsigned long prx_rec_failures(const prx_proxy *p);
/* Stop (waits for the exchanges in flight) and free. NULL ignored. */
void prx_stop(prx_proxy *p);

/*
 * Send x's request (method, path, its header lines but the hop-by-hop
 * ones, body) upstream through client c and fill x's answer: status,
 * response head and body, latency, and the verdict (502 when nothing or
 * no well-formed XML came back where XML was announced, 504 on the
 * deadline, with the reason). Never fails: out of memory is a 502.
 */
void prx_forward_one(http_client *c, prx_exchange *x);
/* Microseconds of CLOCK_MONOTONIC. */
uint64_t prx_now_us(void);

#endif
