/*
 * http_url.c - http:// and https:// URLs split with libcurl's own parser,
 * so the client and its callers agree on what a URL means.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "http_int.h"

/* Copy part p of h into out (outlen bytes); absent parts are "" when
 * optional. Returns 0 or -1 with a reason. */
static int part(CURLU *h, CURLUPart p, const char *what, bool optional, char *out, size_t outlen,
		char *err, size_t errlen)
{
	char *v = NULL;
	CURLUcode rc = curl_url_get(h, p, &v, 0);
	int ret = -1;

	out[0] = '\0';
	if (rc != CURLUE_OK) {
		if (optional)
			return 0;
		http_err(err, errlen, "no %s in it (%s)", what, curl_url_strerror(rc));
		return -1;
	}
	if (strlen(v) >= outlen)
		http_err(err, errlen, "%s too long", what);
	else {
		strcpy(out, v);
		ret = 0;
	}
	curl_free(v);
	return ret;
}

/* Does h have part p? */
static bool has(CURLU *h, CURLUPart p)
{
	char *v = NULL;
	bool yes = curl_url_get(h, p, &v, 0) == CURLUE_OK;

	curl_free(v);
	return yes;
}

int http_url_split(const char *url, http_url *u, char *err, size_t errlen)
{
	char why[HTTP_ERRLEN] = "", port[8];
	CURLU *h = curl_url();
	CURLUcode rc;
	int ret = -1;

	memset(u, 0, sizeof *u);
	if (!h) {
		http_err(err, errlen, "%s: out of memory", url);
		return -1;
	}
	if ((rc = curl_url_set(h, CURLUPART_URL, url, 0)) != CURLUE_OK) {
		http_err(err, errlen, "%s: %s", url, curl_url_strerror(rc));
		goto out;
	}
	if (part(h, CURLUPART_SCHEME, "scheme", false, u->scheme, sizeof u->scheme, why,
		 sizeof why) != 0 ||
	    (strcmp(u->scheme, "http") != 0 && strcmp(u->scheme, "https") != 0)) {
		http_err(err, errlen, "%s: not an http:// or https:// URL", url);
		goto out;
	}
	if (has(h, CURLUPART_USER) || has(h, CURLUPART_QUERY) || has(h, CURLUPART_FRAGMENT)) {
		http_err(err, errlen, "%s: user, query or fragment in the URL", url);
		goto out;
	}
	if (part(h, CURLUPART_HOST, "host", false, u->host, sizeof u->host, why, sizeof why) != 0 ||
	    part(h, CURLUPART_PORT, "port", true, port, sizeof port, why, sizeof why) != 0 ||
	    part(h, CURLUPART_PATH, "path", true, u->path, sizeof u->path, why, sizeof why) != 0) {
		http_err(err, errlen, "%s: %s", url, why);
		goto out;
	}
	if (u->host[0] == '[') {
		size_t n = strlen(u->host);
		if (n < 3 || u->host[n - 1] != ']') {
			http_err(err, errlen, "%s: bad IPv6 host", url);
			goto out;
		}

		memmove(u->host, u->host + 1, n - 2);
		u->host[n - 2] = '\0';
	}
	/* libcurl has checked the port: digits, 1..65535. */
	u->port = port[0] ? (uint16_t)strtoul(port, NULL, 10) : 0;
	ret = 0;
out:
	curl_url_cleanup(h);
	return ret;
}
