/*
 * http_client.c - the client layer on libcurl: one easy handle per client,
 * reused so the connection stays alive between requests; Basic
 * credentials; HTTPS with certificate and host name checks (a CA file, or
 * none at all only when asked with insecure); a deadline per exchange; the
 * response body and header lines capped.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "http_int.h"

#define MAX_HEAD (64u << 10)
#define MAX_URL 2048

typedef struct grow {
	char *data;
	size_t len, cap, max;
	bool over, oom;
} grow;

struct http_client {
	CURL *h;
	char base[MAX_URL];
	char *userpass, *cacert;
	char errbuf[CURL_ERROR_SIZE];
	unsigned long connects;
	bool timed_out; /* the last request hit its deadline */
	grow body, head;
};

static pthread_mutex_t global_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned global_users;

int http_global_init(void)
{
	int rc = 0;

	if (pthread_mutex_lock(&global_mu) != 0)
		return -1;
	if (global_users == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		rc = -1;
	else
		global_users++;
	(void)pthread_mutex_unlock(&global_mu);
	return rc;
}

void http_global_cleanup(void)
{
	if (pthread_mutex_lock(&global_mu) != 0)
		return;
	if (global_users && --global_users == 0)
		curl_global_cleanup();
	(void)pthread_mutex_unlock(&global_mu);
}

static bool global_ready(void)
{
	bool ok = false;

	if (pthread_mutex_lock(&global_mu) == 0) {
		ok = global_users > 0;
		(void)pthread_mutex_unlock(&global_mu);
	}
	return ok;
}

/* Append n bytes; false (and a flag saying why) past the cap or out of
 * memory, which makes libcurl stop the transfer. */
static bool grow_add(grow *g, const char *p, size_t n)
{
	if (n > g->max - g->len) {
		g->over = true;
		return false;
	}
	if (g->len + n + 1 > g->cap) {
		size_t cap = g->cap ? g->cap : 4096;
		char *d;

		while (cap < g->len + n + 1)
			cap *= 2;
		if (!(d = realloc(g->data, cap))) {
			g->oom = true;
			return false;
		}
		g->data = d;
		g->cap = cap;
	}
	memcpy(g->data + g->len, p, n);
	g->len += n;
	g->data[g->len] = '\0';
	return true;
}

static void grow_reset(grow *g)
{
	free(g->data);
	g->data = NULL;
	g->len = g->cap = 0;
	g->over = g->oom = false;
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	return grow_add(arg, p, size * n) ? size * n : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	grow *g = arg;

	/* A status line starts a new response (after a 100 Continue or a
	 * 401 answered with credentials): keep the last one's lines only. */
	if (size * n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		g->len = 0;
		if (g->data)
			g->data[0] = '\0';
	}
	return grow_add(g, p, size * n) ? size * n : 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*oom = true;
	return d;
}

#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if ((cc = curl_easy_setopt(c->h, opt, val)) != CURLE_OK)                           \
			goto bad_opt;                                                              \
	} while (0)

/* The options every request of this client shares. */
int http_auth_parse(const char *name, http_auth *a)
{
	static const char *const names[] = {"basic", "ntlm", "negotiate", "any"};

	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*a = (http_auth)i;
			return 0;
		}
	return -1;
}

/* The CURLAUTH_ bits of a, only those this libcurl was built with (0 when
 * it has none of them). */
static unsigned long auth_mask(http_auth a)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	unsigned long ntlm = v && (v->features & CURL_VERSION_NTLM) ? CURLAUTH_NTLM : 0;
	unsigned long nego = v && (v->features & CURL_VERSION_SPNEGO) ? CURLAUTH_NEGOTIATE : 0;

	switch (a) {
	case HTTP_AUTH_NTLM:
		return ntlm;
	case HTTP_AUTH_NEGOTIATE:
		return nego;
	case HTTP_AUTH_ANY:
		return CURLAUTH_BASIC | ntlm | nego;
	default:
		return CURLAUTH_BASIC;
	}
}

static int configure(http_client *c, const http_client_opts *o, char *err, size_t errlen)
{
	size_t max = o->max_response ? o->max_response : HTTP_DEFAULT_MAX_RESPONSE;
	CURLcode cc;

	c->body.max = max;
	c->head.max = MAX_HEAD;
	SET(CURLOPT_ERRORBUFFER, c->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, &c->body);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, &c->head);
	SET(CURLOPT_TIMEOUT_MS, (long)(o->timeout_ms ? o->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS));
	SET(CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(o->connect_timeout_ms ? o->connect_timeout_ms
					 : HTTP_DEFAULT_CONNECT_TIMEOUT_MS));
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	SET(CURLOPT_TCP_NODELAY, 1L);
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	if (c->userpass) {
		unsigned long mask = auth_mask(o->auth);

		if (!mask) {
			http_err(err, errlen, "%s: this libcurl cannot authenticate with %s",
				 c->base, o->auth == HTTP_AUTH_NTLM ? "NTLM" : "Negotiate");
			return -1;
		}
		SET(CURLOPT_HTTPAUTH, (long)mask);
		SET(CURLOPT_USERPWD, c->userpass);
	}
	if (c->cacert)
		SET(CURLOPT_CAINFO, c->cacert);
	SET(CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	SET(CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	return 0;
bad_opt:
	http_err(err, errlen, "%s: libcurl refused an option: %s", c->base, curl_easy_strerror(cc));
	return -1;
}

http_client *http_client_new(const char *base, const http_client_opts *o, char *err, size_t errlen)
{
	static const http_client_opts none = {0};
	http_client *c = NULL;
	http_url u;
	bool oom = false;

	if (!o)
		o = &none;
	if (!global_ready()) {
		http_err(err, errlen, "http_global_init was not called");
		return NULL;
	}
	if (!base || http_url_split(base, &u, err, errlen) != 0)
		return NULL;
	if (strlen(base) >= MAX_URL / 2) {
		http_err(err, errlen, "%.64s...: URL too long", base);
		return NULL;
	}
	if (!(c = calloc(1, sizeof *c))) {
		http_err(err, errlen, "out of memory");
		return NULL;
	}
	strcpy(c->base, base);
	/* The path comes with each request. */
	while (c->base[0] && c->base[strlen(c->base) - 1] == '/')
		c->base[strlen(c->base) - 1] = '\0';
	c->userpass = dup_or_null(o->userpass, &oom);
	c->cacert = dup_or_null(o->cacert, &oom);
	if (oom || !(c->h = curl_easy_init())) {
		http_err(err, errlen, "out of memory");
		goto fail;
	}
	if (configure(c, o, err, errlen) != 0)
		goto fail;
	return c;
fail:
	http_client_free(c);
	return NULL;
}

void http_client_free(http_client *c)
{
	if (!c)
		return;
	if (c->h)
		curl_easy_cleanup(c->h);
	if (c->userpass) {
		memset(c->userpass, 0, strlen(c->userpass));
		free(c->userpass);
	}
	free(c->cacert);
	grow_reset(&c->body);
	grow_reset(&c->head);
	free(c);
}

unsigned long http_client_connects(const http_client *c)
{
	return c->connects;
}

bool http_client_timed_out(const http_client *c)
{
	return c->timed_out;
}

void http_reply_free(http_reply *r)
{
	if (!r)
		return;
	free(r->body);
	free(r->head);
	memset(r, 0, sizeof *r);
}

int http_reply_header(const http_reply *r, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);

	for (const char *p = r->head; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			size_t vl = ll - nl - 1;

			while (vl && (*v == ' ' || *v == '\t'))
				v++, vl--;
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			if (vl >= outlen)
				return -1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		p = eol ? eol + 1 : p + ll;
	}
	return -1;
}

/* Why the exchange failed, as one line naming the URL. */
static void transfer_error(const http_client *c, const char *url, CURLcode cc, char *err,
			   size_t errlen)
{
	if (c->body.over || cc == CURLE_FILESIZE_EXCEEDED)
		http_err(err, errlen, "%s: response body over %zu bytes", url, c->body.max);
	else if (c->head.over)
		http_err(err, errlen, "%s: response headers over %u bytes", url, MAX_HEAD);
	else if (c->body.oom || c->head.oom)
		http_err(err, errlen, "%s: out of memory", url);
	else
		http_err(err, errlen, "%s: %s", url,
			 c->errbuf[0] ? c->errbuf : curl_easy_strerror(cc));
}

/* Set the per-request options and run the exchange. */
static CURLcode perform(http_client *c, const char *url, const char *method, struct curl_slist *hl,
			const char *body, size_t len)
{
	CURLcode cc;

	if ((cc = curl_easy_setopt(c->h, CURLOPT_URL, url)) != CURLE_OK ||
	    (cc = curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hl)) != CURLE_OK)
		return cc;
	if (strcmp(method, "POST") == 0) {
		if ((cc = curl_easy_setopt(c->h, CURLOPT_POST, 1L)) != CURLE_OK ||
		    (cc = curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len)) !=
			CURLE_OK ||
		    (cc = curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body ? body : "")) != CURLE_OK)
			return cc;
	} else if ((cc = curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L)) != CURLE_OK) {
		return cc;
	}
	c->errbuf[0] = '\0';
	cc = curl_easy_perform(c->h);
	/* The list is the caller's: libcurl must not keep a pointer to it. */
	(void)curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	return cc;
}

int http_client_request(http_client *c, const char *method, const char *path,
			const char *const *headers, size_t n, const char *body, size_t len,
			http_reply *out, char *err, size_t errlen)
{
	char url[MAX_URL];
	struct curl_slist *hl = NULL, *t;
	long status = 0, conns = 0;
	CURLcode cc;
	int rc = -1;

	memset(out, 0, sizeof *out);
	c->timed_out = false;
	grow_reset(&c->body);
	grow_reset(&c->head);
	if (strcmp(method, "POST") != 0 && strcmp(method, "GET") != 0) {
		http_err(err, errlen, "%s%s: method %s not supported", c->base, path, method);
		return -1;
	}
	if ((size_t)snprintf(url, sizeof url, "%s%s", c->base, path) >= sizeof url) {
		http_err(err, errlen, "%s: path too long", c->base);
		return -1;
	}
	/* No "Expect: 100-continue" round trip before a large body. */
	if (!(t = curl_slist_append(hl, "Expect:")))
		goto oom;
	hl = t;
	for (size_t i = 0; i < n; i++) {
		if (strpbrk(headers[i], "\r\n")) {
			http_err(err, errlen, "%s: a header holds CR or LF", url);
			goto out;
		}
		if (!(t = curl_slist_append(hl, headers[i])))
			goto oom;
		hl = t;
	}
	cc = perform(c, url, method, hl, body, len);
	if (curl_easy_getinfo(c->h, CURLINFO_NUM_CONNECTS, &conns) == CURLE_OK && conns > 0)
		c->connects += (unsigned long)conns;
	if (cc != CURLE_OK) {
		c->timed_out = cc == CURLE_OPERATION_TIMEDOUT;
		transfer_error(c, url, cc, err, errlen);
		goto out;
	}
	if ((cc = curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status)) != CURLE_OK) {
		http_err(err, errlen, "%s: %s", url, curl_easy_strerror(cc));
		goto out;
	}
	if ((!c->body.data && !grow_add(&c->body, "", 0)) ||
	    (!c->head.data && !grow_add(&c->head, "", 0)))
		goto oom;
	out->status = (int)status;
	out->body = c->body.data;
	out->len = c->body.len;
	out->head = c->head.data;
	out->head_len = c->head.len;
	c->body.data = c->head.data = NULL;
	grow_reset(&c->body);
	grow_reset(&c->head);
	rc = 0;
	goto out;
oom:
	http_err(err, errlen, "%s: out of memory", url);
out:
	curl_slist_free_all(hl);
	return rc;
}
