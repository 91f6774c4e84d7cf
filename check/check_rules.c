/* check_rules.c - the one rule table (generated from SRH_RULE_MAP). */
#include "check.h"

#include <string.h>

#define SRH_RULE_ROW_(sym, lvl, id, text) [SRH_R_##sym] = {SRH_R_##sym, lvl, id, text},
const srh_rule srh_rules[SRH_R_COUNT] = {SRH_RULE_MAP(SRH_RULE_ROW_)};
#undef SRH_RULE_ROW_

const srh_rule *srh_rule_get(srh_rule_id r)
{
	if ((int)r < 0 || r >= SRH_R_COUNT)
		return NULL;
	return &srh_rules[r];
}

const srh_rule *srh_rule_find(const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < SRH_R_COUNT; i++) {
		const char *full = srh_rules[i].id;
		size_t first = strcspn(full, " ");

		if (strcmp(full, id) == 0)
			return &srh_rules[i];
		/* "MUST-5" alone is ambiguous (two MUST-5 rules): the first wins,
		 * so callers that need one exactly pass the full id. */
		if (strlen(id) == first && strncmp(full, id, first) == 0)
			return &srh_rules[i];
	}
	return NULL;
}

const char *srh_level_name(srh_level l)
{
	return l == SRH_SHOULD ? "SHOULD" : "MUST";
}
