/*
 * srh_wire_buf.c - the write buffer, read cursor and frame shared by the
 * wire messages (srh_wire_int.h).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "srh_wire.h"
#include "srh_wire_int.h"

void srh_wput(srh_wbuf *b, const void *src, size_t len)
{
	if (b->err)
		return;
	while (b->n + len > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 4096;
		unsigned char *np = realloc(b->p, nc);
		if (!np) {
			b->err = 1;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	if (len)
		memcpy(b->p + b->n, src, len);
	b->n += len;
}

void srh_wput_uint(srh_wbuf *b, uint64_t v, unsigned bytes)
{
	unsigned char t[8];

	for (unsigned i = 0; i < bytes; i++)
		t[i] = (unsigned char)(v >> (8 * i));
	srh_wput(b, t, bytes);
}

void srh_wput_str(srh_wbuf *b, const char *s)
{
	size_t n = s ? strnlen(s, SRH_WIRE_STR_MAX) : 0;

	if (!s) {
		put_u32(b, SRH_WIRE_NULL);
		return;
	}
	put_u32(b, n);
	srh_wput(b, s, n);
}

void srh_wbad(srh_rbuf *b, const char *why)
{
	if (!b->err)
		b->err = why;
}

uint64_t srh_wget_uint(srh_rbuf *b, unsigned bytes)
{
	uint64_t v = 0;

	if (b->err || b->n - b->off < bytes) {
		srh_wbad(b, "truncated");
		return 0;
	}
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)b->p[b->off + i] << (8 * i);
	b->off += bytes;
	return v;
}

char *srh_wget_str(srh_rbuf *b)
{
	uint32_t n = get_u32(b);
	char *s;

	if (b->err || n == SRH_WIRE_NULL)
		return NULL;
	if (n > SRH_WIRE_STR_MAX || b->n - b->off < n) {
		srh_wbad(b, "string length out of bounds");
		return NULL;
	}
	if (memchr(b->p + b->off, '\0', n)) {
		srh_wbad(b, "NUL inside a string");
		return NULL;
	}
	s = malloc((size_t)n + 1);
	if (!s) {
		srh_wbad(b, "out of memory");
		return NULL;
	}
	memcpy(s, b->p + b->off, n);
	s[n] = '\0';
	b->off += n;
	return s;
}

size_t srh_wget_count(srh_rbuf *b, size_t cap, size_t min_el)
{
	uint32_t n = get_u32(b);

	if (b->err)
		return 0;
	if (n > cap || (size_t)n * min_el > b->n - b->off) {
		srh_wbad(b, "count out of bounds");
		return 0;
	}
	return n;
}

int srh_wire_wrap(srh_wbuf *body, const char *magic, uint32_t version, unsigned char **out,
		  size_t *len)
{
	srh_wbuf all = {0};

	*out = NULL;
	*len = 0;
	srh_wput(&all, magic, 4);
	put_u32(&all, version);
	put_u64(&all, body->n);
	srh_wput(&all, body->p, body->n);
	if (body->err || all.err) {
		free(body->p);
		free(all.p);
		return -1;
	}
	free(body->p);
	*out = all.p;
	*len = all.n;
	return 0;
}

void srh_wire_unwrap(srh_rbuf *b, const unsigned char *buf, size_t len, const char *magic,
		     uint32_t version)
{
	bool req = memcmp(magic, SRH_WIRE_MAGIC_REQUEST, 4) == 0;

	*b = (srh_rbuf){buf, len, 0, NULL};
	if (len < SRH_WIRE_HEADER || memcmp(buf, magic, 4) != 0) {
		srh_wbad(b, req ? "no request header" : "no result header");
		return;
	}
	b->off = 4;
	if (get_u32(b) != version)
		srh_wbad(b, req ? "unknown request version" : "unknown result version");
	if (!b->err && get_u64(b) != len - SRH_WIRE_HEADER)
		srh_wbad(b, req ? "request length does not match" : "result length does not match");
}

int srh_wire_frame(const unsigned char *buf, size_t n, size_t *total)
{
	srh_rbuf b = {buf, n, 4, NULL};
	uint64_t body;

	*total = 0;
	if (n < SRH_WIRE_HEADER)
		return 1;
	if (memcmp(buf, SRH_WIRE_MAGIC_RESULT, 4) != 0 &&
	    memcmp(buf, SRH_WIRE_MAGIC_REQUEST, 4) != 0)
		return -1;
	(void)get_u32(&b);
	body = get_u64(&b);
	if (body > SRH_WIRE_MAX - SRH_WIRE_HEADER)
		return -1;
	*total = SRH_WIRE_HEADER + (size_t)body;
	return 0;
}
