/*
 * prx_upstream.c - one exchange with the upstream: the client's request
 * sent on unchanged (hop-by-hop headers aside), the answer taken as it
 * came, and the verdict when nothing usable came back (502, 504).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>

#include "proto.h"
#include "prx.h"

#define MAX_FWD_HEADERS 64

uint64_t prx_now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void prx_exchange_clear(prx_exchange *x)
{
	free(x->req_head);
	free(x->req_body);
	free(x->rsp_head);
	free(x->rsp_body);
	memset(x, 0, sizeof *x);
}

/* Headers that belong to one connection (RFC 9110 7.6.1) or that libcurl
 * writes itself; never forwarded, and never recorded as the message's. */
bool prx_header_hop(const char *name, size_t n)
{
	static const char *const hop[] = {"Connection",		 "Keep-Alive", "Proxy-Authenticate",
					  "Proxy-Authorization", "TE",	       "Trailer",
					  "Transfer-Encoding",	 "Upgrade",    "Host",
					  "Content-Length",	 "Expect",     "Date",
					  "Proxy-Connection"};

	for (size_t i = 0; i < sizeof hop / sizeof hop[0]; i++)
		if (strlen(hop[i]) == n && strncasecmp(name, hop[i], n) == 0)
			return true;
	return false;
}

/* The "Name: value" lines of head as a list for libcurl (pointers into
 * copies in lines[]). Returns the count. */
static size_t request_lines(const char *head, char **lines, size_t max, bool *has_ct,
			    bool *has_accept)
{
	size_t n = 0;

	for (const char *p = head; p && *p && n < max;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		const char *colon = memchr(p, ':', ll);

		if (colon && !prx_header_hop(p, (size_t)(colon - p)) &&
		    (lines[n] = strndup(p, ll)) != NULL) {
			*has_ct |=
			    (size_t)(colon - p) == 12 && strncasecmp(p, "Content-Type", 12) == 0;
			*has_accept |= (size_t)(colon - p) == 6 && strncasecmp(p, "Accept", 6) == 0;
			n++;
		}
		p = eol ? eol + 1 : p + ll;
	}
	return n;
}

/* Does the answer announce XML (its Content-Type)? */
static bool says_xml(const char *head)
{
	for (const char *p = head; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		if (ll > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
			for (size_t i = 13; i + 3 <= ll; i++)
				if (strncasecmp(p + i, "xml", 3) == 0)
					return true;
			return false;
		}
		p = eol ? eol + 1 : p + ll;
	}
	return false;
}

static void bad_gateway(prx_exchange *x, prx_verdict v, const char *why)
{
	free(x->rsp_head);
	free(x->rsp_body);
	x->rsp_head = x->rsp_body = NULL;
	x->rsp_head_len = x->rsp_len = 0;
	x->verdict = v;
	x->status = (int)v;
	snprintf(x->reason, sizeof x->reason, "%.250s", why);
}

void prx_forward_one(http_client *c, prx_exchange *x)
{
	char *lines[MAX_FWD_HEADERS + 2];
	bool has_ct = false, has_accept = false;
	size_t n = request_lines(x->req_head, lines, MAX_FWD_HEADERS, &has_ct, &has_accept);
	char err[PRX_ERRLEN];
	http_reply rep;
	uint64_t t0 = prx_now_us();
	int rc;

	/* libcurl adds these when the client sent none: an empty value
	 * tells it not to, so upstream sees what the client sent. */
	if (!has_ct && (lines[n] = strdup("Content-Type:")) != NULL)
		n++;
	if (!has_accept && (lines[n] = strdup("Accept:")) != NULL)
		n++;
	rc = http_client_request(c, x->method, x->path, (const char *const *)lines, n, x->req_body,
				 x->req_len, &rep, err, sizeof err);
	x->latency_us = prx_now_us() - t0;
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	if (rc != 0) {
		bad_gateway(x, http_client_timed_out(c) ? PRX_V_504 : PRX_V_502, err);
		return;
	}
	x->status = rep.status;
	x->rsp_head = rep.head;
	x->rsp_head_len = rep.head_len;
	x->rsp_body = rep.body;
	x->rsp_len = rep.len;
	x->verdict = PRX_V_OK;
	x->reason[0] = '\0';
	if (rep.status < 100 || rep.status > 599)
		bad_gateway(x, PRX_V_502, "upstream sent an HTTP status out of range");
	/* On the reply path: the syntax only (no tree); the answer is read and
	 * judged later, on the worker. */
	else if (says_xml(rep.head) && !proto_xml_well_formed(rep.body, rep.len))
		bad_gateway(x, PRX_V_502,
			    "upstream announced XML but sent a body that is not "
			    "well-formed XML");
}
