/*
 * cimxml_time.c - CIM datetime text back to virtual nanoseconds, as the
 * CIM-XML codec names it: libsrcim's inverse of cim_datetime() and
 * cim_interval() (cim_parse_datetime, shared with WS-Management).
 */
#include "cimxml.h"

int cimxml_parse_datetime(const char *text, uint64_t *ns)
{
	return cim_parse_datetime(text, ns);
}

int cimxml_parse_interval(const char *text, uint64_t *ns)
{
	return cim_parse_interval(text, ns);
}
