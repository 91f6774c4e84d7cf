/*
 * cim_decl.c - the MOF declarations (CIM type, scalar or array) of the
 * properties a client reads: CIM_Error 2.22.1 and the CIM_ConcreteJob
 * properties of a Storage Replica job. Transcribed from
 * shared/spec/cim-valuemaps.md (the CIM_Error table, "CIM_Job properties a
 * client reads", the JobState, OperationalStatus and TimeBeforeRemoval
 * sections) and, for InstanceID and Name, CIM_ManagedElement and
 * CIM_ManagedSystemElement (string). Wire checks compare what a server
 * writes against this table, never against what our own encoder writes.
 */
#include <string.h>

#include "srh/cim.h"

static const cim_prop_decl error_props[] = {
    {"ErrorType", "uint16", false},
    {"OtherErrorType", "string", false},
    {"OwningEntity", "string", false},
    {"MessageID", "string", false},
    {"Message", "string", false},
    {"MessageArguments", "string", true},
    {"PerceivedSeverity", "uint16", false},
    {"ProbableCause", "uint16", false},
    {"ProbableCauseDescription", "string", false},
    {"RecommendedActions", "string", true},
    {"ErrorSource", "string", false},
    {"ErrorSourceFormat", "uint16", false},
    {"OtherErrorSourceFormat", "string", false},
    {"CIMStatusCode", "uint32", false},
    {"CIMStatusCodeDescription", "string", false},
    {NULL, NULL, false},
};

static const cim_prop_decl job_props[] = {
    {"InstanceID", "string", false},
    {"Name", "string", false},
    {"JobState", "uint16", false},
    {"TimeOfLastStateChange", "datetime", false},
    {"TimeBeforeRemoval", "datetime", false},
    {"OperationalStatus", "uint16", true},
    {"JobStatus", "string", false},
    {"TimeSubmitted", "datetime", false},
    {"StartTime", "datetime", false},
    {"ElapsedTime", "datetime", false},
    {"Owner", "string", false},
    {"Priority", "uint32", false},
    {"PercentComplete", "uint16", false},
    {"DeleteOnCompletion", "boolean", false},
    {"ErrorCode", "uint16", false},
    {"ErrorDescription", "string", false},
    {"RecoveryAction", "uint16", false},
    {"OtherRecoveryAction", "string", false},
    {NULL, NULL, false},
};

const cim_prop_decl *cim_decl_find(cim_decl_class cls, const char *name)
{
	const cim_prop_decl *t = cls == CIM_DECL_ERROR ? error_props : job_props;

	if (!name)
		return NULL;
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
