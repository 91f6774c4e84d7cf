/*
 * sl_conns.c - serve_load's raw connections: idle ones held (from a chosen
 * loopback address, for the per-address limit) and slow ones (slowloris:
 * a header line a second, reconnecting when the server cuts them).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_load.h"

int sl_connect(uint16_t port, const char *src)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)}, from = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	(void)inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	if (src) {
		from.sin_family = AF_INET;
		if (inet_pton(AF_INET, src, &from.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&from, sizeof from) != 0)
			goto fail;
	}
	if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0)
		goto fail;
	return fd;
fail:
	(void)close(fd);
	return -1;
}

int sl_closed(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;

	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLERR | POLLHUP))
		return 1;
	return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

int sl_hold(uint16_t port, unsigned n, unsigned secs, const char *src)
{
	int *fd = n ? malloc(n * sizeof *fd) : NULL;
	unsigned connected = 0, open = 0;

	if (!fd || !secs) {
		free(fd);
		return 2;
	}
	/* A thousand connections need a thousand descriptors. */
	(void)http_conn_budget();
	for (unsigned i = 0; i < n; i++)
		if ((fd[i] = sl_connect(port, src)) >= 0)
			connected++;
	printf("hold: connected %u\n", connected);
	fflush(stdout);
	sleep(secs);
	for (unsigned i = 0; i < n; i++)
		if (fd[i] >= 0) {
			open += !sl_closed(fd[i]);
			(void)close(fd[i]);
		}
	printf("hold: connected %u open %u\n", connected, open);
	free(fd);
	return 0;
}

/* A slow client's next move: connect and send the request line, or one
 * more header line. -1 when it was cut (the caller reconnects). */
static int slow_step(sl_slow *s, int *fd)
{
	static const char line[] = "POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\n";
	static const char more[] = "X-Slow: a\r\n";

	if (*fd >= 0 && sl_closed(*fd)) {
		(void)close(*fd);
		*fd = -1;
		s->reconnects++;
	}
	if (*fd < 0) {
		if ((*fd = sl_connect(s->port, NULL)) < 0)
			return -1;
		return send(*fd, line, sizeof line - 1, MSG_NOSIGNAL) < 0 ? -1 : 0;
	}
	return send(*fd, more, sizeof more - 1, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

void *sl_slow_run(void *arg)
{
	sl_slow *s = arg;
	int *fd = malloc(s->n * sizeof *fd);

	if (!fd)
		return NULL;
	for (unsigned i = 0; i < s->n; i++)
		fd[i] = -1;
	while (!s->stop) {
		for (unsigned i = 0; i < s->n && !s->stop; i++)
			if (slow_step(s, &fd[i]) != 0 && fd[i] >= 0) {
				(void)close(fd[i]);
				fd[i] = -1;
			}
		for (int t = 0; t < 10 && !s->stop; t++)
			(void)usleep(100000);
	}
	for (unsigned i = 0; i < s->n; i++)
		if (fd[i] >= 0)
			(void)close(fd[i]);
	free(fd);
	return NULL;
}
