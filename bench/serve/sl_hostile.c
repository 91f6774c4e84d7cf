/*
 * sl_hostile.c - serve_load's hostile requests, one per connection, round
 * after round: the bad-input set srh serve already refuses (XXE, entity
 * expansion, a 2 MiB body, deep nesting, 100 KiB headers, bad Basic
 * credentials) and what a broken network sends (random bytes, a request
 * cut off, a reset in the middle of the body). Nothing is checked here but
 * that the server can be reached; the tests check the normal clients.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_load.h"

/* The request line and headers of either protocol. */
static const char *const head[2] = {
    "POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
    "CIMOperation: MethodCall\r\nCIMMethod: GetError\r\n",
    "POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/soap+xml;charset=UTF-8\r\n"};
#define ALICE "Authorization: Basic YWxpY2U6YWxpY2U=\r\n"
#define BIG (2u << 20)

typedef struct hbuf {
	char *p;
	size_t n, cap;
} hbuf;

static void put(hbuf *b, const char *s, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = (b->n + n) * 2;
		char *p = realloc(b->p, cap);

		if (!p)
			return;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void puts_(hbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A request with this body and extra header text. */
static void request(hbuf *b, const char *hdr, const char *extra, const char *body, size_t len)
{
	char cl[64];

	puts_(b, hdr);
	puts_(b, extra);
	snprintf(cl, sizeof cl, "Content-Length: %zu\r\n\r\n", len);
	puts_(b, cl);
	put(b, body, len);
}

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Build hostile request number k; *reset: close with RST after sending. */
static void build(const char *hdr, unsigned k, hbuf *b, uint64_t *x, bool *reset)
{
	static const char xxe[] = "<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY x SYSTEM "
				  "\"file:///etc/passwd\">]><CIM>&x;</CIM>";
	static const char bomb[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY a \"aaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;\">]>"
	    "<CIM>&c;</CIM>";
	char *big = NULL;

	*reset = false;
	switch (k % 9) {
	case 0:
		request(b, hdr, ALICE, xxe, sizeof xxe - 1);
		break;
	case 1:
		request(b, hdr, ALICE, bomb, sizeof bomb - 1);
		break;
	case 2: /* 2 MiB body: refused by its Content-Length */
		if ((big = malloc(BIG)))
			memset(big, 'a', BIG);
		request(b, hdr, ALICE, big ? big : "", big ? BIG : 0);
		break;
	case 3: /* nesting 100k deep */
		if ((big = malloc(600000))) {
			for (size_t i = 0; i < 100000; i++)
				memcpy(big + i * 5, "<CIM>", 5);
			request(b, hdr, ALICE, big, 500000);
		}
		break;
	case 4: /* 100 KiB of headers */
		puts_(b, hdr);
		puts_(b, ALICE "X-Big: ");
		for (int i = 0; i < 100 * 1024 / 8; i++)
			puts_(b, "aaaaaaaa");
		puts_(b, "\r\nContent-Length: 0\r\n\r\n");
		break;
	case 5:
		request(b, hdr, "Authorization: Basic YWxpY2U6d3Jvbmc=\r\n", "<CIM/>", 6);
		break;
	case 6: /* random bytes */
		for (int i = 0; i < 512; i++) {
			char c = (char)(next(x) & 0xff);

			put(b, &c, 1);
		}
		break;
	case 7: /* truncated: headers promise more than comes */
		puts_(b, hdr);
		puts_(b, ALICE "Content-Length: 900\r\n\r\n<?xml version=\"1.0\"?><CIM");
		break;
	default: /* reset mid-body */
		puts_(b, hdr);
		puts_(b, ALICE "Content-Length: 900\r\n\r\n<?xml version=\"1.0\"?><CIM CIMV");
		*reset = true;
	}
	free(big);
}

/* Send b on a new connection; read what comes for a moment; close. */
static void fire(uint16_t port, const hbuf *b, bool reset)
{
	int fd = sl_connect(port, NULL);
	char sink[4096];
	struct pollfd p;

	if (fd < 0)
		return;
	(void)send(fd, b->p, b->n, MSG_NOSIGNAL);
	if (reset) {
		struct linger l = {1, 0};

		(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	} else {
		(void)shutdown(fd, SHUT_WR);
		p = (struct pollfd){.fd = fd, .events = POLLIN};
		while (poll(&p, 1, 500) > 0 && recv(fd, sink, sizeof sink, 0) > 0)
			;
	}
	(void)close(fd);
}

int sl_hostile(bool wsman, uint16_t port, unsigned secs)
{
	uint64_t until = sl_mono_ns() + (uint64_t)secs * 1000000000ull, x = 0x9e3779b97f4a7c15ull;
	unsigned long sent = 0;
	/* SL_ONLY=K: only hostile request K (0-8), to look at one. */
	const char *only = getenv("SL_ONLY");

	if (!secs)
		return 2;
	while (sl_mono_ns() < until) {
		hbuf b = {0};
		bool reset;

		build(head[wsman], only ? (unsigned)atoi(only) : (unsigned)sent, &b, &x, &reset);
		if (b.p)
			fire(port, &b, reset);
		free(b.p);
		sent++;
	}
	printf("hostile: %lu requests\n", sent);
	return 0;
}
