/*
 * http_int.h - what the files of libsrhttp share and nobody else sees.
 */
#ifndef SRH_HTTP_INT_H
#define SRH_HTTP_INT_H

#include <sys/socket.h>

#include "http.h"

/* Format one line into err (errlen bytes; nothing when err is NULL). */
void http_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "HOST:PORT" or "[V6]:PORT" into a socket address. Returns 0, or -1 with
 * a reason naming --listen. */
int http_listen_parse(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
		      size_t errlen);

/* Read a PEM file of at most HTTP_MAX_PEM bytes, NUL-terminated, into
 * *out (free with http_pem_free, which wipes it). Returns 0, or -1 with a
 * reason naming the file. */
int http_pem_read(const char *path, const char *what, char **out, char *err, size_t errlen);
void http_pem_free(char *pem);

#endif
