/*
 * srh_wire_int.h - the byte-level pieces the two wire messages share (the
 * result, srh_wire.c, and the request, srh_wire_req.c): a growing write
 * buffer, a bounds-checked read cursor, and the frame around each message.
 * Private to result/.
 */
#ifndef SRH_WIRE_INT_H
#define SRH_WIRE_INT_H

#include <stddef.h>
#include <stdint.h>

#define SRH_WIRE_NULL 0xFFFFFFFFu
#define SRH_WIRE_STR_MAX (1u << 20)

typedef struct srh_wbuf {
	unsigned char *p;
	size_t n, cap;
	int err; /* allocation failed or a string was too long: the buffer is void */
} srh_wbuf;

typedef struct srh_rbuf {
	const unsigned char *p;
	size_t n, off;
	const char *err; /* first problem, NULL = none */
} srh_rbuf;

/* Append len bytes; on allocation failure sets b->err and appends nothing
 * more. */
void srh_wput(srh_wbuf *b, const void *src, size_t len);
/* Append v little-endian in bytes (1..8) bytes. */
void srh_wput_uint(srh_wbuf *b, uint64_t v, unsigned bytes);
/* Append a string: u32 length (SRH_WIRE_NULL for NULL) and its bytes; one
 * longer than SRH_WIRE_STR_MAX is cut there. */
void srh_wput_str(srh_wbuf *b, const char *s);

/* Record the first problem; later reads then return zero/NULL. */
void srh_wbad(srh_rbuf *b, const char *why);
/* Read an integer of bytes bytes; 0 and "truncated" past the end. */
uint64_t srh_wget_uint(srh_rbuf *b, unsigned bytes);
/* Read a string (new, NUL-terminated); NULL for a NULL string or on a
 * problem (length past the end or the cap, a NUL inside, no memory). */
char *srh_wget_str(srh_rbuf *b);
/* Read a count, checked against cap and against the bytes left (each
 * element takes at least min_el bytes) before anything is allocated. */
size_t srh_wget_count(srh_rbuf *b, size_t cap, size_t min_el);

/* Wrap body in magic (4 bytes), version and length into a new buffer.
 * Returns 0; on allocation failure (or body->err) -1 with *out NULL. Frees
 * body either way. */
int srh_wire_wrap(srh_wbuf *body, const char *magic, uint32_t version, unsigned char **out,
		  size_t *len);
/* Check the frame of len bytes at buf and leave b at its body. Sets b->err
 * ("no result header", ...) when it is not a whole frame of this kind. */
void srh_wire_unwrap(srh_rbuf *b, const unsigned char *buf, size_t len, const char *magic,
		     uint32_t version);

#define put_u8(b, v) srh_wput_uint(b, (uint64_t)(v), 1)
#define put_u16(b, v) srh_wput_uint(b, (uint64_t)(v), 2)
#define put_u32(b, v) srh_wput_uint(b, (uint64_t)(v), 4)
#define put_u64(b, v) srh_wput_uint(b, (uint64_t)(v), 8)
#define get_u8(b) ((uint8_t)srh_wget_uint(b, 1))
#define get_u16(b) ((uint16_t)srh_wget_uint(b, 2))
#define get_u32(b) ((uint32_t)srh_wget_uint(b, 4))
#define get_u64(b) srh_wget_uint(b, 8)

#endif
