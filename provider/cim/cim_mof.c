/*
 * cim_mof.c - MOF-style text of CIM_Error and job instances, for reports,
 * traces and humans. One property per line, in schema order; every
 * property is written, NULL ones as "= NULL", so two renderings diff well.
 */
#include "srh/cim.h"

#include <inttypes.h>
#include <stdio.h>

#include "cim_util.h"

#define MOF_INDENT "    "

/* MOF string literal: escapes per DSP0221 (\" \\ \n \r \t \b \f and
 * \xHHHH for other control characters). */
static void mof_quoted(cim_sb *sb, const char *s)
{
	cim_sb_add(sb, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char tmp[2] = {(char)*p, '\0'};

		switch (*p) {
		case '"':
			cim_sb_add(sb, "\\\"");
			break;
		case '\\':
			cim_sb_add(sb, "\\\\");
			break;
		case '\n':
			cim_sb_add(sb, "\\n");
			break;
		case '\r':
			cim_sb_add(sb, "\\r");
			break;
		case '\t':
			cim_sb_add(sb, "\\t");
			break;
		case '\b':
			cim_sb_add(sb, "\\b");
			break;
		case '\f':
			cim_sb_add(sb, "\\f");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				cim_sb_addf(sb, "\\x%04X", (unsigned)*p);
			else
				cim_sb_add(sb, tmp);
		}
	}
	cim_sb_add(sb, "\"");
}

static void mof_string(cim_sb *sb, const char *prop, const char *s)
{
	cim_sb_addf(sb, MOF_INDENT "%s = ", prop);
	if (s)
		mof_quoted(sb, s);
	else
		cim_sb_add(sb, "NULL");
	cim_sb_add(sb, ";\n");
}

static void mof_strings(cim_sb *sb, const char *prop, char *const *v, size_t n)
{
	cim_sb_addf(sb, MOF_INDENT "%s = ", prop);
	if (!v) {
		cim_sb_add(sb, "NULL;\n");
		return;
	}
	cim_sb_add(sb, "{");
	for (size_t i = 0; i < n; i++) {
		if (i)
			cim_sb_add(sb, ", ");
		if (v[i])
			mof_quoted(sb, v[i]);
		else
			cim_sb_add(sb, "NULL");
	}
	cim_sb_add(sb, "};\n");
}

/* The comment naming a value: its ValueMap name, or its range. */
static const char *mof_value_note(const cim_valuemap *m, uint32_t v)
{
	const char *name = cim_vmap_name(m, v);

	if (name)
		return name;
	return cim_vmap_class(m, v) == CIM_V_VENDOR ? "(vendor specific)" : "(reserved)";
}

static void mof_enum(cim_sb *sb, const char *prop, const cim_valuemap *m, uint32_t v)
{
	cim_sb_addf(sb, MOF_INDENT "%s = %" PRIu32 "; // %s\n", prop, v, mof_value_note(m, v));
}

static void mof_uint(cim_sb *sb, const char *prop, uint64_t v)
{
	cim_sb_addf(sb, MOF_INDENT "%s = %" PRIu64 ";\n", prop, v);
}

static void mof_time(cim_sb *sb, const char *prop, uint64_t ns, bool interval)
{
	char buf[CIM_DATETIME_LEN + 1];

	if (ns == CIM_TIME_NULL) {
		mof_string(sb, prop, NULL);
		return;
	}
	mof_string(sb, prop, interval ? cim_interval(ns, buf) : cim_datetime(ns, buf));
}

static void mof_op_status(cim_sb *sb, const uint16_t *os, size_t n)
{
	/* A count past the fixed array is a caller bug: never read beyond it. */
	if (n > CIM_OPSTATUS_MAX)
		n = CIM_OPSTATUS_MAX;
	cim_sb_add(sb, MOF_INDENT "OperationalStatus = {");
	for (size_t i = 0; i < n; i++)
		cim_sb_addf(sb, "%s%u", i ? ", " : "", (unsigned)os[i]);
	cim_sb_add(sb, "};");
	for (size_t i = 0; i < n; i++)
		cim_sb_addf(sb, "%s%s", i ? ", " : " // ",
			    mof_value_note(&cim_vm_op_status, os[i]));
	cim_sb_add(sb, "\n");
}

char *cim_error_mof(const cim_error *e)
{
	cim_sb sb;

	if (!e)
		return NULL;
	cim_sb_init(&sb);
	cim_sb_add(&sb, "instance of CIM_Error {\n");
	mof_enum(&sb, "ErrorType", &cim_vm_error_type, e->error_type);
	mof_string(&sb, "OtherErrorType", e->other_error_type);
	mof_string(&sb, "OwningEntity", e->owning_entity);
	mof_string(&sb, "MessageID", e->message_id);
	mof_string(&sb, "Message", e->message);
	mof_strings(&sb, "MessageArguments", e->message_arguments, e->n_message_arguments);
	mof_enum(&sb, "PerceivedSeverity", &cim_vm_severity, e->perceived_severity);
	mof_enum(&sb, "ProbableCause", &cim_vm_probable_cause, e->probable_cause);
	mof_string(&sb, "ProbableCauseDescription", e->probable_cause_description);
	mof_strings(&sb, "RecommendedActions", e->recommended_actions, e->n_recommended_actions);
	mof_string(&sb, "ErrorSource", e->error_source);
	mof_enum(&sb, "ErrorSourceFormat", &cim_vm_error_source_format, e->error_source_format);
	mof_string(&sb, "OtherErrorSourceFormat", e->other_error_source_format);
	mof_enum(&sb, "CIMStatusCode", &cim_vm_status_code, e->cim_status_code);
	mof_string(&sb, "CIMStatusCodeDescription", e->cim_status_code_description);
	cim_sb_add(&sb, "};\n");
	return cim_sb_finish(&sb);
}

char *cim_job_mof(const cim_job *j)
{
	cim_sb sb;

	if (!j)
		return NULL;
	cim_sb_init(&sb);
	cim_sb_addf(&sb, "instance of %s {\n", j->class_name ? j->class_name : "CIM_ConcreteJob");
	mof_string(&sb, "InstanceID", j->instance_id);
	mof_string(&sb, "Name", j->name);
	mof_enum(&sb, "JobState", &cim_vm_job_state, j->job_state);
	mof_op_status(&sb, j->op_status, j->n_op_status);
	mof_time(&sb, "TimeSubmitted", j->time_submitted, false);
	mof_time(&sb, "StartTime", j->start_time, false);
	mof_time(&sb, "ElapsedTime", j->elapsed_time, true);
	mof_time(&sb, "TimeOfLastStateChange", j->time_of_last_state_change, false);
	mof_time(&sb, "TimeBeforeRemoval", j->time_before_removal, true);
	mof_uint(&sb, "PercentComplete", j->percent_complete);
	mof_string(&sb, "Owner", j->owner);
	mof_uint(&sb, "ErrorCode", j->error_code);
	mof_string(&sb, "ErrorDescription", j->error_description);
	cim_sb_addf(&sb, MOF_INDENT "DeleteOnCompletion = %s;\n",
		    j->delete_on_completion ? "TRUE" : "FALSE");
	cim_sb_add(&sb, "};\n");
	return cim_sb_finish(&sb);
}
