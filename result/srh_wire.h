/*
 * srh_wire.h - the two messages between the parent and a worker process,
 * as bytes: a request (srh_request.h, parent to worker) and a run's result
 * (srh_result.h, worker to parent).
 *
 * Frame: 4-byte magic ("SRHQ" request, "SRHR" result), u32 version, u64
 * payload length, payload; so a stream of messages on one pipe cuts itself
 * (srh_wire_frame). Integers are little-endian fixed width; a string is u32
 * length (0xFFFFFFFF = NULL) and its bytes. The decoders trust nothing:
 * every length, count and enum is checked against the buffer and the
 * caps, and a string with a NUL inside is refused, so a worker that died
 * half-way or a provider that scribbled on the pipe gives an error, never
 * a bad result.
 */
#ifndef SRH_WIRE_H
#define SRH_WIRE_H

#include <stddef.h>

#include "srh_request.h"
#include "srh_result.h"

/* Longest message either side accepts, frame included. */
#define SRH_WIRE_MAX (64u << 20)
#define SRH_WIRE_HEADER 16u
#define SRH_WIRE_MAGIC_RESULT "SRHR"
#define SRH_WIRE_MAGIC_REQUEST "SRHQ"

/* Encode r into a new buffer (*out, *len; free with free()). Returns 0; on
 * allocation failure -1 with *out NULL. */
int srh_wire_encode(const srh_result *r, unsigned char **out, size_t *len);
/* Decode len bytes into *r (initialized here). Returns 0; on a malformed
 * or truncated buffer returns -1, leaves *r empty and writes a one-line
 * reason into err. */
int srh_wire_decode(const unsigned char *buf, size_t len, srh_result *r, char *err, size_t errlen);

/* Encode a request. Returns 0; -1 with *out NULL on allocation failure, a
 * request without a name or a text over the string cap (1 MiB). */
int srh_wire_encode_request(const srh_request *rq, unsigned char **out, size_t *len);
/* Decode a request into *rq (its strings owned: srh_request_free). Returns
 * 0; on a malformed buffer -1, *rq empty, a one-line reason in err. */
int srh_wire_decode_request(const unsigned char *buf, size_t len, srh_request *rq, char *err,
			    size_t errlen);

/* How long the message starting at buf is, from its first n bytes: 0 and
 * *total when the header is there; 1 when fewer than SRH_WIRE_HEADER bytes
 * have come; -1 when it is no message of ours or longer than SRH_WIRE_MAX. */
int srh_wire_frame(const unsigned char *buf, size_t n, size_t *total);

#endif
