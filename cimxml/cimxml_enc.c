/*
 * cimxml_enc.c - DSP0201 encoding of the two instances a client reads: the
 * job (CIM_ConcreteJob properties of SRSIM_ReplicaJob, key InstanceID) and
 * the CIM_Error 2.22.1 instance.
 *
 * A NULL property is a PROPERTY element without VALUE; it always has an
 * end tag, because sblim-wbemcli finds the end of a property by searching
 * for "</PROPERTY>".
 */
#include <inttypes.h>

#include "cimxml.h"
#include "srh_test_hooks.h"

static void prop_open(cimxml_buf *b, const char *tag, const char *name, const char *type)
{
	cimxml_buf_printf(b, "<%s NAME=\"%s\" TYPE=\"%s\">", tag, name, type);
}

static void prop_str(cimxml_buf *b, const char *name, const char *v)
{
	prop_open(b, "PROPERTY", name, "string");
	if (v) {
		cimxml_buf_str(b, "<VALUE>");
		cimxml_buf_esc(b, v);
		cimxml_buf_str(b, "</VALUE>");
	}
	cimxml_buf_str(b, "</PROPERTY>\n");
}

static void prop_num(cimxml_buf *b, const char *name, const char *type, uint64_t v)
{
	prop_open(b, "PROPERTY", name, type);
	cimxml_buf_printf(b, "<VALUE>%" PRIu64 "</VALUE></PROPERTY>\n", v);
}

static void prop_bool(cimxml_buf *b, const char *name, bool v)
{
	prop_open(b, "PROPERTY", name, "boolean");
	cimxml_buf_printf(b, "<VALUE>%s</VALUE></PROPERTY>\n", v ? "TRUE" : "FALSE");
}

static void prop_time(cimxml_buf *b, const char *name, uint64_t ns, bool interval)
{
	char t[CIM_DATETIME_LEN + 1];

	prop_open(b, "PROPERTY", name, "datetime");
	if (ns != CIM_TIME_NULL)
		cimxml_buf_printf(b, "<VALUE>%s</VALUE>",
				  interval ? cim_interval(ns, t) : cim_datetime(ns, t));
	cimxml_buf_str(b, "</PROPERTY>\n");
}

/* A string array; NULL (no VALUE.ARRAY) when there is no array at all. */
static void prop_strs(cimxml_buf *b, const char *name, char *const *v, size_t n)
{
	prop_open(b, "PROPERTY.ARRAY", name, "string");
	if (v || n) {
		cimxml_buf_str(b, "<VALUE.ARRAY>");
		for (size_t i = 0; i < n; i++) {
			cimxml_buf_str(b, "<VALUE>");
			cimxml_buf_esc(b, v[i] ? v[i] : "");
			cimxml_buf_str(b, "</VALUE>");
		}
		cimxml_buf_str(b, "</VALUE.ARRAY>");
	}
	cimxml_buf_str(b, "</PROPERTY.ARRAY>\n");
}

static void prop_u16s(cimxml_buf *b, const char *name, const uint16_t *v, size_t n)
{
	prop_open(b, "PROPERTY.ARRAY", name, "uint16");
	cimxml_buf_str(b, "<VALUE.ARRAY>");
	for (size_t i = 0; i < n; i++)
		cimxml_buf_printf(b, "<VALUE>%u</VALUE>", (unsigned)v[i]);
	cimxml_buf_str(b, "</VALUE.ARRAY></PROPERTY.ARRAY>\n");
}

/* Test builds only (srh_test_hooks.h): MessageArguments as a scalar
 * PROPERTY with its first value ("scalar-array"). */
static void prop_args(cimxml_buf *b, char *const *v, size_t n)
{
	if (!SRH_HOOK("scalar-array")) {
		prop_strs(b, "MessageArguments", v, n);
		return;
	}
	prop_str(b, "MessageArguments", v && n ? v[0] : NULL);
}

/* Test builds only: the instance's head as the switches say
 * ("named-instance": inside a VALUE.NAMEDINSTANCE; "no-classname"). */
static void error_open(cimxml_buf *b)
{
	if (SRH_HOOK("named-instance"))
		cimxml_buf_str(b, "<VALUE.NAMEDINSTANCE><INSTANCENAME CLASSNAME=\"CIM_Error\"/>");
	cimxml_buf_str(b, SRH_HOOK("no-classname") ? "<INSTANCE>\n"
						   : "<INSTANCE CLASSNAME=\"CIM_Error\">\n");
}

int cimxml_enc_error(cimxml_buf *b, const cim_error *e)
{
	error_open(b);
	prop_num(b, "ErrorType", SRH_HOOK("uint16-string") ? "string" : "uint16", e->error_type);
	prop_str(b, "OtherErrorType", e->other_error_type);
	prop_str(b, "OwningEntity", e->owning_entity);
	prop_str(b, "MessageID", e->message_id);
	prop_str(b, "Message", e->message);
	prop_args(b, e->message_arguments, e->n_message_arguments);
	prop_num(b, "PerceivedSeverity", "uint16", e->perceived_severity);
	prop_num(b, "ProbableCause", "uint16", e->probable_cause);
	prop_str(b, "ProbableCauseDescription", e->probable_cause_description);
	prop_strs(b, "RecommendedActions", e->recommended_actions, e->n_recommended_actions);
	prop_str(b, "ErrorSource", e->error_source);
	prop_num(b, "ErrorSourceFormat", "uint16", e->error_source_format);
	prop_str(b, "OtherErrorSourceFormat", e->other_error_source_format);
	prop_num(b, "CIMStatusCode", "uint32", e->cim_status_code);
	prop_str(b, "CIMStatusCodeDescription", e->cim_status_code_description);
	cimxml_buf_str(b, "</INSTANCE>");
	if (SRH_HOOK("named-instance"))
		cimxml_buf_str(b, "</VALUE.NAMEDINSTANCE>");
	return b->failed ? -1 : 0;
}

static const char *job_class(const cim_job *j)
{
	return j->class_name && j->class_name[0] ? j->class_name : CIMXML_JOB_CLASS;
}

int cimxml_enc_job(cimxml_buf *b, const cim_job *j)
{
	size_t nos = j->n_op_status <= CIM_OPSTATUS_MAX ? j->n_op_status : CIM_OPSTATUS_MAX;

	cimxml_buf_str(b, "<INSTANCE CLASSNAME=\"");
	cimxml_buf_esc(b, job_class(j));
	cimxml_buf_str(b, "\">\n");
	prop_str(b, "InstanceID", j->instance_id);
	prop_str(b, "Name", j->name);
	prop_num(b, "JobState", "uint16", j->job_state);
	prop_u16s(b, "OperationalStatus", j->op_status, nos);
	prop_time(b, "TimeSubmitted", j->time_submitted, false);
	prop_time(b, "StartTime", j->start_time, false);
	prop_time(b, "ElapsedTime", j->elapsed_time, true);
	prop_time(b, "TimeOfLastStateChange", j->time_of_last_state_change, false);
	prop_time(b, "TimeBeforeRemoval", j->time_before_removal, true);
	prop_num(b, "PercentComplete", "uint16", j->percent_complete);
	prop_str(b, "Owner", j->owner);
	prop_num(b, "ErrorCode", "uint16", j->error_code);
	prop_str(b, "ErrorDescription", j->error_description);
	prop_bool(b, "DeleteOnCompletion", j->delete_on_completion);
	cimxml_buf_str(b, "</INSTANCE>\n");
	return b->failed ? -1 : 0;
}

/* DSP0203 2.4.0 requires TYPE on KEYVALUE (2.3.1 did not): a strict
 * client validating against the DTD rejects a KEYVALUE without it. */
void cimxml_enc_instancename(cimxml_buf *b, const char *class_name, const char *iid)
{
	cimxml_buf_str(b, "<INSTANCENAME CLASSNAME=\"");
	cimxml_buf_esc(b, class_name);
	cimxml_buf_str(b, "\"><KEYBINDING NAME=\"InstanceID\">"
			  "<KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">");
	cimxml_buf_esc(b, iid ? iid : "");
	cimxml_buf_str(b, "</KEYVALUE></KEYBINDING></INSTANCENAME>");
}

int cimxml_enc_job_name(cimxml_buf *b, const cim_job *j)
{
	cimxml_enc_instancename(b, job_class(j), j->instance_id);
	cimxml_buf_str(b, "\n");
	return b->failed ? -1 : 0;
}

int cimxml_enc_named_job(cimxml_buf *b, const cim_job *j)
{
	cimxml_buf_str(b, "<VALUE.NAMEDINSTANCE>\n");
	cimxml_enc_job_name(b, j);
	cimxml_enc_job(b, j);
	cimxml_buf_str(b, "</VALUE.NAMEDINSTANCE>\n");
	return b->failed ? -1 : 0;
}
