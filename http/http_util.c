/*
 * http_util.c - small helpers of the http room: error lines, PEM files,
 * response headers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

void http_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* One line: a newline from a library's message would split it. */
	for (char *p = err; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

int http_pem_read(const char *path, const char *what, char **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	int rc = -1;

	*out = NULL;
	if (!f) {
		http_err(err, errlen, "%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (!(buf = malloc(HTTP_MAX_PEM + 1))) {
		http_err(err, errlen, "%s %s: out of memory", what, path);
		goto out;
	}
	n = fread(buf, 1, HTTP_MAX_PEM + 1, f);
	if (ferror(f)) {
		http_err(err, errlen, "%s %s: read error", what, path);
		goto out;
	}
	if (n > HTTP_MAX_PEM || n == 0 || memchr(buf, '\0', n)) {
		http_err(err, errlen, "%s %s: not a PEM file (empty, binary or over %u bytes)",
			 what, path, HTTP_MAX_PEM);
		goto out;
	}
	buf[n] = '\0';
	if (!strstr(buf, "-----BEGIN ")) {
		http_err(err, errlen, "%s %s: no PEM block in it", what, path);
		goto out;
	}
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	if (buf) {
		memset(buf, 0, n);
		free(buf);
	}
	(void)fclose(f);
	return rc;
}

void http_pem_free(char *pem)
{
	if (!pem)
		return;
	/* A key should not outlive the server in freed memory. */
	volatile char *p = pem;

	while (*p)
		*p++ = '\0';
	free(pem);
}

static bool clean_token(const char *s, size_t max)
{
	size_t n = strlen(s);

	return n > 0 && n < max && !strpbrk(s, "\r\n");
}

int http_response_header(http_response *r, const char *name, const char *value)
{
	http_header *h;

	if (r->n_headers >= HTTP_MAX_HEADERS || !clean_token(name, sizeof h->name) ||
	    strchr(name, ':') || strlen(value) >= sizeof h->value || strpbrk(value, "\r\n"))
		return -1;
	h = &r->headers[r->n_headers++];
	strcpy(h->name, name);
	strcpy(h->value, value);
	return 0;
}

void http_response_text(http_response *r, int status, const char *text)
{
	r->status = status;
	r->body = (char *)text;
	r->len = strlen(text);
	r->body_static = true;
	r->content_type = NULL;
}
