/*
 * prx_util.c - the small shared pieces: error lines, protocol names, the
 * upstream URL's scheme, --user roles.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "prx_int.h"

void prx_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *prx_proto_name(prx_proto p)
{
	return p == PRX_WSMAN ? "wsman" : "cimxml";
}

int prx_url(const char *url, prx_proto *p, char *base, size_t baselen, char *err, size_t errlen)
{
	const char *plain = url;
	http_url u;

	if (!url) {
		prx_err(err, errlen, "no URL");
		return -1;
	}
	*p = PRX_CIMXML;
	if (strncmp(url, "wsman+", 6) == 0) {
		*p = PRX_WSMAN;
		plain = url + 6;
	}
	if (http_url_split(plain, &u, err, errlen) != 0)
		return -1;
	/* The path is the client's: only scheme, host and port are kept. */
	if ((size_t)snprintf(base, baselen, "%s://%s%s%s%s", u.scheme,
			     strchr(u.host, ':') ? "[" : "", u.host, strchr(u.host, ':') ? "]" : "",
			     u.port ? ":" : "") >= baselen) {
		prx_err(err, errlen, "%s: URL too long", url);
		return -1;
	}
	if (u.port) {
		size_t n = strlen(base);

		if ((size_t)snprintf(base + n, baselen - n, "%u", (unsigned)u.port) >=
		    baselen - n) {
			prx_err(err, errlen, "%s: URL too long", url);
			return -1;
		}
	}
	return 0;
}

int prx_role_parse(const char *text, prx_role *r)
{
	const char *colon = strchr(text, ':');
	size_t n = colon ? (size_t)(colon - text) : strlen(text);

	memset(r, 0, sizeof *r);
	if (n == 0 || n >= sizeof r->name || (colon && strcmp(colon, ":admin") != 0))
		return -1;
	memcpy(r->name, text, n);
	r->admin = colon != NULL;
	return 0;
}
