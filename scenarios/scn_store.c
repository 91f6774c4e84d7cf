/*
 * scn_store.c - where provider.store's file is: beside the scenario, so a
 * suite keeps its store fixtures next to the scenarios that open them and
 * runs from any directory.
 */
#include <stdio.h>
#include <string.h>

#include "scn.h"

int scn_store_path(const scn_scenario *s, char *buf, size_t len)
{
	const char *f = s->provider_store, *slash;
	int n;

	if (!f || len == 0)
		return -1;
	slash = s->file ? strrchr(s->file, '/') : NULL;
	if (f[0] == '/' || !slash)
		n = snprintf(buf, len, "%s", f);
	else
		n = snprintf(buf, len, "%.*s/%s", (int)(slash - s->file), s->file, f);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
