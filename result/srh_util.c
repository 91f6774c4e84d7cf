/*
 * srh_util.c - NULL-safe copies, allocated printf, growing arrays, whole
 * reads and writes of a descriptor.
 */
#include "srh_util.h"

#include "srh/cim_fmt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "srh/cim_fmt.h"

char *srh_strdup(const char *s, int *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d && fail)
		*fail = 1;
	return d;
}

char *srh_vasprintf(const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	char *buf;
	int n;

	/* Formatted once into small, which holds most texts (timeline lines,
	 * reasons); formatted again only when it is longer. */
	va_copy(cp, ap);
	n = cim_vfmt(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	buf = malloc((size_t)n + 1);
	if (!buf)
		return NULL;
	if ((size_t)n < sizeof(small)) {
		memcpy(buf, small, (size_t)n + 1);
		return buf;
	}
	if (cim_vfmt(buf, (size_t)n + 1, fmt, ap) != n) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *srh_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = srh_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int srh_grow(void **arr, size_t *cap, size_t n, size_t el)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 8;
	if (nc > SIZE_MAX / el)
		return -1;
	p = realloc(*arr, nc * el);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

char *srh_vtime(uint64_t ns, char *buf, size_t len)
{
	cim_fmt(buf, len, "%" PRIu64 ".%09" PRIu64 "s", ns / 1000000000u, ns % 1000000000u);
	return buf;
}

int srh_parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (!text || text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

double srh_wall_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *srh_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t)
		return t;
	if (access("/dev/shm", W_OK | X_OK) == 0)
		return "/dev/shm";
	return "/tmp";
}

int srh_write_all(int fd, const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int srh_read_all(int fd, void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return got == 0 && r == 0 ? 1 : -1;
		got += (size_t)r;
	}
	return 0;
}
