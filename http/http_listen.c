/*
 * http_listen.c - "HOST:PORT" / "[V6]:PORT" listen addresses: parsing into
 * a socket address and the loopback test that guards --listen.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "http_int.h"

int http_listen_parse(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
		      size_t errlen)
{
	char host[256];
	const char *colon, *h = listen;
	size_t hl;
	struct addrinfo hints = {.ai_flags = AI_NUMERICSERV, .ai_socktype = SOCK_STREAM},
			*ai = NULL;
	int rc;

	colon = listen ? strrchr(listen, ':') : NULL;
	if (!colon || colon == listen) {
		http_err(err, errlen, "--listen %s: expected HOST:PORT", listen ? listen : "");
		return -1;
	}
	hl = (size_t)(colon - listen);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof host) {
		http_err(err, errlen, "--listen: host name too long");
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0 || !ai) {
		http_err(err, errlen, "--listen %s: %s", listen, gai_strerror(rc));
		if (ai)
			freeaddrinfo(ai);
		return -1;
	}
	memset(ss, 0, sizeof *ss);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*v6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;
}

int http_listen_is_loopback(const char *listen)
{
	struct sockaddr_storage ss;
	bool v6 = false;

	if (http_listen_parse(listen, &ss, &v6, NULL, 0) != 0)
		return -1;
	if (v6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)&ss)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ? 1 : 0;
	}
	return (ntohl(((const struct sockaddr_in *)&ss)->sin_addr.s_addr) >> 24) == 127 ? 1 : 0;
}

int http_write_port_file(const char *path, uint16_t port)
{
	char tmp[4096];
	FILE *f;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(f = fopen(tmp, "w")))
		return -1;
	if (fprintf(f, "%u\n", (unsigned)port) < 0 || fclose(f) != 0) {
		(void)remove(tmp);
		return -1;
	}
	return rename(tmp, path);
}
