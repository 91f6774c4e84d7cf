/*
 * prx_record.c - the session recording (docs/PROXY.md): a header line,
 * then one block per exchange whose byte parts are length-prefixed, so
 * any body (binary, huge, hostile) is kept exactly and read back without
 * escaping. The reader is strict: every line in its place, every number
 * in range, every length within the data and PRX_REC_MAX_PART; anything
 * else is "line N: reason".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prx_int.h"

#define REC_MAGIC "srh-proxy-recording 1"
#define REC_MAX_FILE (1u << 30)

struct prx_rec {
	FILE *f;
	pthread_mutex_t mu;
	bool failed;
	char path[1024];
};

/* One line field as written: control characters become '?'. */
static void put_line(FILE *f, const char *key, const char *text)
{
	fputs(key, f);
	fputc(' ', f);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
	fputc('\n', f);
}

static void put_part(FILE *f, const char *key, const char *data, size_t len)
{
	fprintf(f, "%s %zu\n", key, len);
	if (len)
		fwrite(data, 1, len, f);
	fputc('\n', f);
}

/* The request's header lines without credentials. */
static void put_req_head(FILE *f, const char *head, size_t len)
{
	size_t keep = 0;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			fprintf(f, "req_head %zu\n", keep);
		for (const char *p = head; p && p < head + len;) {
			const char *eol = memchr(p, '\n', (size_t)(head + len - p));
			size_t ll = eol ? (size_t)(eol - p) + 1 : (size_t)(head + len - p);
			bool cred = (ll >= 14 && strncasecmp(p, "Authorization:", 14) == 0) ||
				    (ll >= 20 && strncasecmp(p, "Proxy-Authorization:", 20) == 0);

			if (!cred) {
				if (pass == 0)
					keep += ll;
				else
					fwrite(p, 1, ll, f);
			}
			p += ll;
		}
	}
	fputc('\n', f);
}

prx_rec *prx_rec_create(const char *path, prx_proto p, const char *upstream, char *err,
			size_t errlen)
{
	prx_rec *r = calloc(1, sizeof *r);

	if (!r || pthread_mutex_init(&r->mu, NULL) != 0) {
		free(r);
		prx_err(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(r->path, sizeof r->path, "%s", path);
	if (!(r->f = fopen(path, "w"))) {
		prx_err(err, errlen, "%s: %s", path, strerror(errno));
		pthread_mutex_destroy(&r->mu);
		free(r);
		return NULL;
	}
	fprintf(r->f, "%s %s", REC_MAGIC, prx_proto_name(p));
	put_line(r->f, "", upstream); /* " URL\n": the URL last */
	if (fflush(r->f) != 0)
		r->failed = true;
	return r;
}

int prx_rec_write(prx_rec *r, const prx_exchange *x, bool flush, char *err, size_t errlen)
{
	int rc = 0;

	pthread_mutex_lock(&r->mu);
	fprintf(r->f, "exchange %" PRIu64 " %" PRIu64 " %" PRIu64 " %d %d\n", x->seq, x->t_us,
		x->latency_us, x->status, (int)x->verdict);
	put_line(r->f, "principal", x->principal);
	put_line(r->f, "method", x->method);
	put_line(r->f, "path", x->path);
	put_line(r->f, "reason", x->reason);
	put_req_head(r->f, x->req_head, x->req_head_len);
	put_part(r->f, "req_body", x->req_body, x->req_len);
	put_part(r->f, "rsp_head", x->rsp_head, x->rsp_head_len);
	put_part(r->f, "rsp_body", x->rsp_body, x->rsp_len);
	if ((flush && fflush(r->f) != 0) || ferror(r->f)) {
		r->failed = true;
		prx_err(err, errlen, "%s: %s", r->path, strerror(errno));
		rc = -1;
	}
	pthread_mutex_unlock(&r->mu);
	return rc;
}

int prx_rec_close(prx_rec *r, char *err, size_t errlen)
{
	int rc;

	if (!r)
		return 0;
	rc = r->failed ? -1 : 0;
	if (fclose(r->f) != 0)
		rc = -1;
	if (rc != 0)
		prx_err(err, errlen, "%s: a write failed", r->path);
	pthread_mutex_destroy(&r->mu);
	free(r);
	return rc;
}

/* ---- the strict reader ---------------------------------------------------- */

typedef struct rd {
	const char *p, *end;
	unsigned long line;
	char *err;
	size_t errlen;
} rd;

static int bad(rd *r, const char *why)
{
	prx_err(r->err, r->errlen, "line %lu: %s", r->line, why);
	return -1;
}

/* The next line (without '\n') into *s, *n. */
static int next_line(rd *r, const char **s, size_t *n)
{
	const char *eol = r->p < r->end ? memchr(r->p, '\n', (size_t)(r->end - r->p)) : NULL;

	if (!eol)
		return bad(r, "unexpected end (a line without its newline)");
	*s = r->p;
	*n = (size_t)(eol - r->p);
	r->p = eol + 1;
	r->line++;
	return 0;
}

/* "KEY TEXT": TEXT (printable, may be empty) into out. */
static int text_field(rd *r, const char *key, char *out, size_t outlen)
{
	const char *s;
	size_t n, kl = strlen(key);
	char why[96];

	if (next_line(r, &s, &n) != 0)
		return -1;
	snprintf(why, sizeof why, "expected \"%s ...\"", key);
	if (n < kl + 1 || memcmp(s, key, kl) != 0 || s[kl] != ' ')
		return bad(r, why);
	s += kl + 1;
	n -= kl + 1;
	if (n >= outlen)
		return bad(r, "field too long");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return bad(r, "control character in a text field");
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* A decimal number of at most 20 digits, at most max. */
static int number(const char **s, const char *end, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = *s;

	if (p >= end || *p < '0' || *p > '9' ||
	    (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9'))
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (x > (max - (uint64_t)(*p - '0')) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*s = p;
	*v = x;
	return 0;
}

/* "KEY LEN\n" LEN bytes "\n": a malloc'ed NUL-terminated copy. */
static int part(rd *r, const char *key, char **out, size_t *len)
{
	const char *s, *e;
	size_t n, kl = strlen(key);
	uint64_t v;
	char why[96];

	if (next_line(r, &s, &n) != 0)
		return -1;
	e = s + n;
	snprintf(why, sizeof why, "expected \"%s LENGTH\"", key);
	if (n < kl + 2 || memcmp(s, key, kl) != 0 || s[kl] != ' ')
		return bad(r, why);
	s += kl + 1;
	if (number(&s, e, PRX_REC_MAX_PART, &v) != 0 || s != e)
		return bad(r, "bad or too large length");
	if (v + 1 > (uint64_t)(r->end - r->p) || r->p[v] != '\n')
		return bad(r, "length runs past the data or its newline");
	if (!(*out = malloc((size_t)v + 1)))
		return bad(r, "out of memory");
	memcpy(*out, r->p, (size_t)v);
	(*out)[v] = '\0';
	*len = (size_t)v;
	for (size_t i = 0; i < (size_t)v; i++)
		r->line += r->p[i] == '\n';
	r->p += v + 1;
	r->line++;
	return 0;
}

/* "exchange SEQ T LATENCY STATUS VERDICT". */
static int exchange_line(rd *r, prx_exchange *x)
{
	const char *s, *e;
	size_t n;
	uint64_t v[5], max[5] = {UINT64_MAX, UINT64_MAX, UINT64_MAX, 599, 504};

	if (next_line(r, &s, &n) != 0)
		return -1;
	e = s + n;
	if (n < 9 || memcmp(s, "exchange ", 9) != 0)
		return bad(r, "expected \"exchange SEQ T_US LATENCY_US STATUS VERDICT\"");
	s += 9;
	for (int i = 0; i < 5; i++) {
		if ((i > 0 && (s >= e || *s++ != ' ')) || number(&s, e, max[i], &v[i]) != 0)
			return bad(r, "bad number in the exchange line");
	}
	if (s != e || v[3] < 100 || (v[4] != 0 && v[4] != 502 && v[4] != 504))
		return bad(r, "bad exchange line (status 100..599, verdict 0, 502 or 504)");
	x->seq = v[0];
	x->t_us = v[1];
	x->latency_us = v[2];
	x->status = (int)v[3];
	x->verdict = (prx_verdict)v[4];
	return 0;
}

static int one_exchange(rd *r, prx_exchange *x)
{
	if (exchange_line(r, x) != 0 ||
	    text_field(r, "principal", x->principal, sizeof x->principal) != 0 ||
	    text_field(r, "method", x->method, sizeof x->method) != 0 ||
	    text_field(r, "path", x->path, sizeof x->path) != 0 ||
	    text_field(r, "reason", x->reason, sizeof x->reason) != 0 ||
	    part(r, "req_head", &x->req_head, &x->req_head_len) != 0 ||
	    part(r, "req_body", &x->req_body, &x->req_len) != 0 ||
	    part(r, "rsp_head", &x->rsp_head, &x->rsp_head_len) != 0 ||
	    part(r, "rsp_body", &x->rsp_body, &x->rsp_len) != 0)
		return -1;
	return 0;
}

static int header_line(rd *r, prx_rec_info *info)
{
	const char *s;
	size_t n, ml = strlen(REC_MAGIC);
	char rest[1100];

	if (next_line(r, &s, &n) != 0)
		return -1;
	if (n < ml + 1 || memcmp(s, REC_MAGIC, ml) != 0 || s[ml] != ' ')
		return bad(r,
			   "not an srh proxy recording (expected \"" REC_MAGIC " PROTOCOL URL\")");
	s += ml + 1;
	n -= ml + 1;
	if (n >= sizeof rest)
		return bad(r, "header line too long");
	memcpy(rest, s, n);
	rest[n] = '\0';
	if (strncmp(rest, "cimxml ", 7) == 0)
		info->proto = PRX_CIMXML;
	else if (strncmp(rest, "wsman ", 6) == 0)
		info->proto = PRX_WSMAN;
	else
		return bad(r, "unknown protocol (cimxml or wsman)");
	snprintf(info->upstream, sizeof info->upstream, "%s",
		 rest + (info->proto == PRX_WSMAN ? 6 : 7));
	for (const char *p = info->upstream; *p; p++)
		if ((unsigned char)*p < 0x20)
			return bad(r, "control character in the URL");
	return 0;
}

long prx_rec_parse(const char *data, size_t len, prx_rec_info *info,
		   int (*fn)(void *arg, const prx_exchange *x), void *arg, char *err, size_t errlen)
{
	rd r = {data, data + len, 0, err, errlen};
	prx_rec_info dummy;
	long count = 0;

	if (!info)
		info = &dummy;
	memset(info, 0, sizeof *info);
	if (header_line(&r, info) != 0)
		return -1;
	while (r.p < r.end) {
		prx_exchange x = {0};
		int stop;

		if (one_exchange(&r, &x) != 0) {
			prx_exchange_clear(&x);
			return -1;
		}
		count++;
		stop = fn ? fn(arg, &x) : 0;
		prx_exchange_clear(&x);
		if (stop)
			break;
	}
	return count;
}

long prx_rec_load(const char *path, prx_rec_info *info, int (*fn)(void *arg, const prx_exchange *x),
		  void *arg, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, le[PRX_ERRLEN];
	size_t len = 0, cap = 0;
	long rc = -1;

	if (!f) {
		prx_err(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			char *d;

			cap = cap ? cap * 2 : 65536;
			if (cap > REC_MAX_FILE + 1u || !(d = realloc(data, cap))) {
				prx_err(err, errlen, "%s: too large or out of memory", path);
				goto out;
			}
			data = d;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		prx_err(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = prx_rec_parse(data, len, info, fn, arg, le, sizeof le);
	if (rc < 0)
		prx_err(err, errlen, "%s:%s", path, le + 5); /* "file:N: reason" */
out:
	free(data);
	fclose(f);
	return rc;
}
