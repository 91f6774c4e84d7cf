/*
 * cimxml_client.c - a small HTTP/1.1 client for CIM-XML: POST /cimom on a
 * kept-alive TCP connection (plain sockets, TCP_NODELAY so a request is
 * not held back waiting for an ACK), Basic credentials, Content-Length or
 * chunked responses up to CIMXML_MAX_RESPONSE bytes, 30 s socket timeouts.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cimxml_int.h"

#define IO_TIMEOUT_S 30

struct cimxml_conn {
	char host[256];
	uint16_t port;
	int fd;
	char auth[512]; /* "Basic ..." or "" */
	unsigned long connects;
	/* bytes read past the last response */
	char *in;
	size_t in_len, in_cap;
};

static void b64(const char *s, char *out, size_t outlen)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), o = 0;

	for (size_t i = 0; i < n && o + 5 < outlen; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)s[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

cimxml_conn *cimxml_conn_new(const char *host, uint16_t port, char *err, size_t errlen)
{
	cimxml_conn *c;

	if (!host || strlen(host) >= sizeof c->host || port == 0) {
		cimxml_err(err, errlen, "bad host or port");
		return NULL;
	}
	if (!(c = calloc(1, sizeof *c))) {
		cimxml_err(err, errlen, "out of memory");
		return NULL;
	}
	strcpy(c->host, host);
	c->port = port;
	c->fd = -1;
	return c;
}

static void conn_drop(cimxml_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->in_len = 0;
}

unsigned long cimxml_conn_connects(const cimxml_conn *c)
{
	return c->connects;
}

void cimxml_conn_free(cimxml_conn *c)
{
	if (!c)
		return;
	conn_drop(c);
	free(c->in);
	free(c);
}

int cimxml_conn_auth(cimxml_conn *c, const char *userpass)
{
	char enc[400];

	c->auth[0] = '\0';
	if (!userpass)
		return 0;
	if (strlen(userpass) > 280)
		return -1;
	b64(userpass, enc, sizeof enc);
	snprintf(c->auth, sizeof c->auth, "Basic %s", enc);
	return 0;
}

static int conn_open(cimxml_conn *c, char *err, size_t errlen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV},
			*ai = NULL;
	struct timeval tv = {IO_TIMEOUT_S, 0};
	char port[8];
	int one = 1, rc;

	snprintf(port, sizeof port, "%u", (unsigned)c->port);
	rc = getaddrinfo(c->host, port, &hints, &ai);
	if (rc != 0) {
		cimxml_err(err, errlen, "%s: %s", c->host, gai_strerror(rc));
		return -1;
	}
	for (struct addrinfo *a = ai; a && c->fd < 0; a = a->ai_next) {
		c->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (c->fd < 0)
			continue;
		if (connect(c->fd, a->ai_addr, a->ai_addrlen) != 0) {
			rc = errno;
			close(c->fd);
			c->fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (c->fd < 0) {
		cimxml_err(err, errlen, "connect %s:%u: %s", c->host, (unsigned)c->port,
			   strerror(rc ? rc : ECONNREFUSED));
		return -1;
	}
	c->connects++;
	(void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	c->in_len = 0;
	return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Head and body in one system call, so they leave in one segment. */
static int send_req(int fd, const cimxml_buf *head, const char *body, size_t len)
{
	struct iovec v[2] = {{head->data, head->len}, {(void *)body, len}};
	struct msghdr m = {.msg_iov = v, .msg_iovlen = 2};
	ssize_t w;

	do
		w = sendmsg(fd, &m, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return -1;
	if ((size_t)w >= head->len)
		return send_all(fd, body + ((size_t)w - head->len), len - ((size_t)w - head->len));
	if (send_all(fd, head->data + w, head->len - (size_t)w) != 0)
		return -1;
	return send_all(fd, body, len);
}

/* Read more bytes into c->in. Returns bytes read, 0 on EOF, -1 on error. */
static ssize_t fill(cimxml_conn *c)
{
	ssize_t r;

	if (c->in_cap - c->in_len < 16384) {
		size_t cap = c->in_cap ? c->in_cap * 2 : 65536;
		char *p;

		if (cap > CIMXML_MAX_RESPONSE + 65536 || !(p = realloc(c->in, cap)))
			return -1;
		c->in = p;
		c->in_cap = cap;
	}
	do
		r = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len - 1, 0);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		c->in_len += (size_t)r;
		c->in[c->in_len] = '\0';
	}
	return r;
}

/* Index just past "\r\n\r\n" from `from`, or 0 when not there yet. */
static size_t header_end(const cimxml_conn *c)
{
	for (size_t i = 3; i < c->in_len; i++)
		if (c->in[i] == '\n' && c->in[i - 1] == '\r' && c->in[i - 2] == '\n' &&
		    c->in[i - 3] == '\r')
			return i + 1;
	return 0;
}

/* Value of header name in the header block, or NULL. */
static const char *header(const char *h, size_t hlen, const char *name, size_t *vlen)
{
	size_t nl = strlen(name);

	for (const char *p = h; p && p < h + hlen;) {
		const char *eol = memchr(p, '\n', (size_t)(h + hlen - p));

		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			*vlen = (size_t)(eol - v);
			while (*vlen && (v[*vlen - 1] == '\r' || v[*vlen - 1] == ' '))
				(*vlen)--;
			return v;
		}
		p = eol + 1;
	}
	return NULL;
}

/* Make sure at least need bytes are buffered. */
static int need(cimxml_conn *c, size_t need_len)
{
	while (c->in_len < need_len) {
		if (need_len > CIMXML_MAX_RESPONSE + 65536 || fill(c) <= 0)
			return -1;
	}
	return 0;
}

/* Decode a chunked body starting at off into out; *used = bytes consumed. */
static int read_chunked(cimxml_conn *c, size_t off, cimxml_buf *out, size_t *used)
{
	for (;;) {
		char *eol;
		unsigned long long sz;

		while (!(eol = memchr(c->in + off, '\n', c->in_len - off)))
			if (fill(c) <= 0)
				return -1;
		sz = strtoull(c->in + off, NULL, 16);
		off = (size_t)(eol - c->in) + 1;
		if (sz > CIMXML_MAX_RESPONSE || out->len + sz > CIMXML_MAX_RESPONSE)
			return -1;
		if (sz == 0) {
			/* trailers end with an empty line */
			for (;;) {
				while (!(eol = memchr(c->in + off, '\n', c->in_len - off)))
					if (fill(c) <= 0)
						return -1;
				if (eol == c->in + off ||
				    (eol == c->in + off + 1 && c->in[off] == '\r')) {
					*used = (size_t)(eol - c->in) + 1;
					return 0;
				}
				off = (size_t)(eol - c->in) + 1;
			}
		}
		if (need(c, off + sz + 2) != 0)
			return -1;
		cimxml_buf_add(out, c->in + off, sz);
		off += sz + 2;
	}
}

/* One response; *keep false when the server will close. */
static int read_response(cimxml_conn *c, int *status, cimxml_buf *out, bool *keep, char *err,
			 size_t errlen)
{
	size_t he, vl, used = 0;
	const char *v;
	int st;

	while (!(he = header_end(c))) {
		if (c->in_len > 65536 || fill(c) <= 0) {
			cimxml_err(err, errlen,
				   "no HTTP response (connection closed or timed out)");
			return -1;
		}
	}
	if (sscanf(c->in, "HTTP/1.%*d %d", &st) != 1) {
		cimxml_err(err, errlen, "not an HTTP response");
		return -1;
	}
	*status = st;
	v = header(c->in, he, "Connection", &vl);
	*keep = !(v && vl >= 5 && strncasecmp(v, "close", 5) == 0);
	if ((v = header(c->in, he, "Transfer-Encoding", &vl)) && vl >= 7 &&
	    strncasecmp(v, "chunked", 7) == 0) {
		if (read_chunked(c, he, out, &used) != 0) {
			cimxml_err(err, errlen, "bad or oversized chunked body");
			return -1;
		}
	} else if ((v = header(c->in, he, "Content-Length", &vl))) {
		unsigned long long n = strtoull(v, NULL, 10);

		if (n > CIMXML_MAX_RESPONSE || need(c, he + n) != 0) {
			cimxml_err(err, errlen, "response body truncated or over %u bytes",
				   CIMXML_MAX_RESPONSE);
			return -1;
		}
		cimxml_buf_add(out, c->in + he, n);
		used = he + n;
	} else {
		/* body until close */
		while (fill(c) > 0)
			;
		cimxml_buf_add(out, c->in + he, c->in_len - he);
		used = c->in_len;
		*keep = false;
	}
	memmove(c->in, c->in + used, c->in_len - used);
	c->in_len -= used;
	return out->failed ? -1 : 0;
}

/* 0 done, -1 failed, 1 failed on a kept-alive connection the server may
 * have closed before reading anything: worth one retry on a new one. */
static int post_once(cimxml_conn *c, const cimxml_buf *req, const char *body, size_t len,
		     int *status, cimxml_buf *out, char *err, size_t errlen)
{
	bool keep = true, reused = c->fd >= 0;

	if (!reused && conn_open(c, err, errlen) != 0)
		return -1;
	if (send_req(c->fd, req, body, len) != 0) {
		cimxml_err(err, errlen, "send: %s", strerror(errno));
		conn_drop(c);
		return reused ? 1 : -1;
	}
	if (read_response(c, status, out, &keep, err, errlen) != 0) {
		bool nothing = c->in_len == 0;

		conn_drop(c);
		return reused && nothing ? 1 : -1;
	}
	if (!keep)
		conn_drop(c);
	return 0;
}

int cimxml_conn_post(cimxml_conn *c, const char *cim_method, const char *cim_object,
		     const char *body, size_t len, int *status, char **resp, size_t *resp_len,
		     char *err, size_t errlen)
{
	cimxml_buf req, out;
	int rc = -1;

	*resp = NULL;
	*resp_len = 0;
	cimxml_buf_init(&req);
	cimxml_buf_init(&out);
	cimxml_buf_printf(&req,
			  "POST /cimom HTTP/1.1\r\nHost: %s:%u\r\n"
			  "Content-Type: application/xml; charset=\"utf-8\"\r\n"
			  "Content-Length: %zu\r\nCIMProtocolVersion: 1.0\r\n"
			  "CIMOperation: MethodCall\r\nCIMMethod: %s\r\nCIMObject: %s\r\n",
			  c->host, (unsigned)c->port, len, cim_method, cim_object);
	if (c->auth[0])
		cimxml_buf_printf(&req, "Authorization: %s\r\n", c->auth);
	cimxml_buf_str(&req, "\r\n");
	if (req.failed) {
		cimxml_err(err, errlen, "out of memory");
		goto out;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		int r;

		cimxml_buf_reset(&out);
		r = post_once(c, &req, body, len, status, &out, err, errlen);
		if (r == 0) {
			if (!out.data && !(out.data = calloc(1, 1))) {
				cimxml_err(err, errlen, "out of memory");
				goto out;
			}
			*resp = out.data;
			*resp_len = out.len;
			out.data = NULL;
			rc = 0;
			goto out;
		}
		if (r < 0)
			goto out;
	}
out:
	cimxml_buf_free(&req);
	cimxml_buf_free(&out);
	return rc;
}
