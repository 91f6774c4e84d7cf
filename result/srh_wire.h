/*
 * srh_wire.h - a run's result as bytes, from a forked child to its parent.
 *
 * Format: "SRHR", u32 version, u64 payload length, payload. Integers are
 * little-endian fixed width; a string is u32 length (0xFFFFFFFF = NULL) and
 * its bytes. The decoder trusts nothing: every length, count and enum is
 * checked against the buffer and the result caps, and a string with a NUL
 * inside is refused, so a child that died half-way or a provider that
 * scribbled on the pipe gives an error, never a bad result.
 */
#ifndef SRH_WIRE_H
#define SRH_WIRE_H

#include <stddef.h>

#include "srh_result.h"

/* Longest encoded result the parent accepts. */
#define SRH_WIRE_MAX (64u << 20)

/* Encode r into a new buffer (*out, *len; free with free()). Returns 0; on
 * allocation failure -1 with *out NULL. */
int srh_wire_encode(const srh_result *r, unsigned char **out, size_t *len);
/* Decode len bytes into *r (initialized here). Returns 0; on a malformed
 * or truncated buffer returns -1, leaves *r empty and writes a one-line
 * reason into err. */
int srh_wire_decode(const unsigned char *buf, size_t len, srh_result *r, char *err, size_t errlen);

#endif
