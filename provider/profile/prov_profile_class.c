/* prov_profile_class.c - fault class ids <-> prov_fault_class indexes. */
#include <string.h>

#include "srh/prov_profile.h"

static const char *const fc_ids[] = {
#define FC_ID_(id, str, what) str,
    PROV_FAULT_CLASS_MAP(FC_ID_)
#undef FC_ID_
};

int prov_fault_class_find(const char *id)
{
	if (!id)
		return PROV_FC_NONE;
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		if (strcmp(fc_ids[i], id) == 0)
			return i;
	}
	return PROV_FC_NONE;
}

const char *prov_fault_class_id(int fc)
{
	return (fc >= 0 && fc < PROV_FC_COUNT) ? fc_ids[fc] : NULL;
}
