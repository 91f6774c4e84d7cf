/*
 * proto_target.c - what both protocols' live-target clients (runner's
 * srh_target.h) hold alike: the server's base URL with the protocol's
 * default ports, the users and their Basic credentials, libcurl and
 * libxml2 started for the target's life, the principal's user looked up,
 * the wire findings added to the driver's reply.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "proto.h"

int proto_target_base(proto_target *t, const char *url, const http_url *u, unsigned port,
		      unsigned tls_port, char *err, size_t errlen)
{
	bool tls = strcmp(u->scheme, "https") == 0;
	unsigned p = u->port ? (unsigned)u->port : tls ? tls_port : port;

	/* an IPv6 literal goes back in brackets */
	if ((size_t)snprintf(t->base, sizeof t->base,
			     strchr(u->host, ':') ? "%s://[%s]:%u" : "%s://%s:%u", u->scheme,
			     u->host, p) >= sizeof t->base) {
		proto_err(err, errlen, "%s: host name too long", url);
		return -1;
	}
	return 0;
}

int proto_target_start(proto_target *t, const http_user *users, size_t n_users, size_t max,
		       char *err, size_t errlen)
{
	if (max > PROTO_TARGET_MAX_USERS)
		max = PROTO_TARGET_MAX_USERS;
	if (n_users == 0 || n_users > max) {
		proto_err(err, errlen, "%zu users (1 to %zu)", n_users, max);
		return -1;
	}
	if (http_global_init() != 0) {
		proto_err(err, errlen, "libcurl does not start");
		return -1;
	}
	t->global = true;
	xmlInitParser();
	for (size_t i = 0; i < n_users; i++) {
		proto_tuser *u = &t->user[i];

		snprintf(u->name, sizeof u->name, "%s", users[i].name);
		u->admin = users[i].admin;
		snprintf(u->cred, sizeof u->cred, "%s:%s", users[i].name, users[i].pass);
	}
	t->n_users = n_users;
	return 0;
}

void proto_target_stop(proto_target *t)
{
	/* the passwords are no business of the heap's next owner */
	for (size_t i = 0; i < t->n_users; i++)
		memset(t->user[i].cred, 0, sizeof t->user[i].cred);
	if (t->global) {
		xmlCleanupParser();
		http_global_cleanup();
		t->global = false;
	}
}

int proto_target_user(const proto_target *t, const prov_principal *who, char *err, size_t errlen)
{
	for (size_t i = 0; who && who->name && i < t->n_users; i++)
		if (strcmp(t->user[i].name, who->name) == 0)
			return (int)i;
	proto_err(err, errlen, "no credentials for the principal %s",
		  who && who->name ? who->name : "(none)");
	return -1;
}

void proto_reply_wire(void *ctx, srh_rule_id rule, const char *where, const char *expected,
		      const char *observed)
{
	/* Out of memory loses the finding, never the answer. */
	(void)srh_tgt_reply_wire(ctx, rule, where, expected, observed);
}
