/*
 * srh_names.c - parse a scenario with the names of scn_sim.h.
 */
#include "scn_sim.h"
#include "srh_run.h"

int srh_parse_scenario(const char *path, scn_scenario **out, char *err, size_t errlen)
{
	return scn_parse_file(path, srh_scn_names(), out, err, errlen);
}
