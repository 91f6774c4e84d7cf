/*
 * check_wire.c - wire findings: a codec that read the bytes of an exchange
 * reports what broke the protocol's encoding rules, and the checker records
 * it like any other violation, so runs, the proxy and reports share one
 * rule table.
 */
#include "check_int.h"

bool srh_rule_is_wire(srh_rule_id r)
{
	return r == SRH_R_WIRE_SCHEMA || r == SRH_R_WIRE_EMBEDDED || r == SRH_R_WIRE_TYPE ||
	       r == SRH_R_WIRE_NULL || r == SRH_R_WIRE_NULL_OMITTED;
}

int srh_check_wire(srh_checker *c, srh_rule_id rule, uint64_t time_ns, const char *instance_id,
		   const char *property, const char *expected, const char *observed)
{
	if (!c || !expected || !observed || !srh_rule_is_wire(rule))
		return -1;
	return chk_add(c, rule, property, time_ns, instance_id, expected, observed);
}
