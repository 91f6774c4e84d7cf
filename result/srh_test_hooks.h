/*
 * srh_test_hooks.h - encoder switches for tests only: a build with
 * -DSRH_TEST_HOOKS (tests/hooks: srh-serve-hooks) lets the codecs write
 * one known wire defect on purpose, chosen by the environment variable
 * SRH_TEST_ENCODER (a comma-separated list of switch names, see
 * cimxml/README.md and wsman/README.md). Without SRH_TEST_HOOKS nothing
 * here exists, so the release binaries (build/cli/srh, srh-serve) have no
 * switch at all: header-only on purpose.
 */
#ifndef SRH_TEST_HOOKS_H
#define SRH_TEST_HOOKS_H

#ifdef SRH_TEST_HOOKS
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Is switch name on in SRH_TEST_ENCODER? */
static inline bool srh_test_hook(const char *name)
{
	const char *v = getenv("SRH_TEST_ENCODER");
	size_t n = strlen(name);

	for (const char *p = v; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}
#define SRH_HOOK(name) srh_test_hook(name)
#else
#define SRH_HOOK(name) 0
#endif

#endif
