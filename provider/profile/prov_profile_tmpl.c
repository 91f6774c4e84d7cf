/*
 * prov_profile_tmpl.c - template placeholders: "I/O error {errno} on
 * {volume}". The list is part of the profile format, so a profile is
 * judged by the same rule whoever reads it; substitution is the provider's.
 */
#include <stdio.h>
#include <string.h>

#include "srh/prov_profile.h"

static const char *const ph_names[] = {
#define PH_NAME_(sym, name) name,
    PROV_PLACEHOLDER_MAP(PH_NAME_)
#undef PH_NAME_
};

int prov_profile_placeholder(const char *name, size_t len)
{
	for (int i = 0; i < PROV_PH_COUNT; i++) {
		if (strlen(ph_names[i]) == len && memcmp(ph_names[i], name, len) == 0)
			return i;
	}
	return -1;
}

/* "{volume} {partner} ..." */
static void allowed_text(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < PROV_PH_COUNT && off < len; i++) {
		int w = snprintf(buf + off, len - off, "%s{%s}", i ? " " : "", ph_names[i]);
		if (w < 0)
			return;
		off += (size_t)w;
	}
}

int prov_profile_tmpl_check(const char *tmpl, char *err, size_t errlen)
{
	char allowed[128];

	for (const char *s = tmpl; *s; s++) {
		if (s[0] == '{' && s[1] == '{') {
			s++;
			continue;
		}
		if (*s == '}') {
			snprintf(err, errlen, "stray '}' in template \"%s\"", tmpl);
			return -1;
		}
		if (*s != '{')
			continue;
		const char *end = strchr(s, '}');
		if (!end) {
			snprintf(err, errlen, "unclosed '{' in template \"%s\"", tmpl);
			return -1;
		}
		if (prov_profile_placeholder(s + 1, (size_t)(end - s - 1)) < 0) {
			allowed_text(allowed, sizeof allowed);
			snprintf(err, errlen, "unknown placeholder {%.*s} (allowed: %s)",
				 (int)(end - s - 1), s + 1, allowed);
			return -1;
		}
		s = end;
	}
	return 0;
}
