/*
 * xpl_file.c - where found scenarios go: the output folder (made when
 * missing), a file name from the failure key, the canonical text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "xpl_int.h"

int xpl_mkdirs(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

void xpl_slug(const char *text, char *out, size_t len)
{
	size_t n = 0;
	bool dash = false;

	for (const char *p = text; *p && n + 1 < len; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			out[n++] = c;
			dash = false;
		} else if (!dash && n > 0) {
			out[n++] = '-';
			dash = true;
		}
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

int xpl_write_file(const scn_scenario *sc, const char *path)
{
	FILE *f = fopen(path, "w");
	int rc = -1, e;

	if (!f)
		return -1;
	if (scn_write(sc, f) == 0)
		rc = 0;
	e = errno;
	if (fclose(f) != 0 && rc == 0)
		return -1;
	errno = e;
	return rc;
}
