/*
 * cimxml_msg.c - whole CIM-XML response documents (DSP0201 MESSAGE /
 * SIMPLERSP): intrinsic results, extrinsic method results with the
 * embedded CIM_Error, ERROR, and the class definition a client such as
 * wbemcli fetches (GetClass) before it invokes a method.
 */
#include <inttypes.h>
#include <string.h>

#include "cimxml.h"
#include "srh_test_hooks.h"

static void msg_begin(cimxml_buf *b, const char *msg_id)
{
	cimxml_buf_str(b, "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n"
			  "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">\n<MESSAGE ID=\"");
	cimxml_buf_esc(b, msg_id ? msg_id : "0");
	cimxml_buf_str(b, "\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP>");
}

static int msg_end(cimxml_buf *b)
{
	cimxml_buf_str(b, "</SIMPLERSP></MESSAGE></CIM>\n");
	return b->failed ? -1 : 0;
}

static void rsp_begin(cimxml_buf *b, const char *msg_id, bool intrinsic, const char *method)
{
	msg_begin(b, msg_id);
	cimxml_buf_str(b, intrinsic ? "<IMETHODRESPONSE NAME=\"" : "<METHODRESPONSE NAME=\"");
	cimxml_buf_esc(b, method);
	cimxml_buf_str(b, "\">\n");
}

static int rsp_end(cimxml_buf *b, bool intrinsic)
{
	cimxml_buf_str(b, intrinsic ? "</IMETHODRESPONSE>" : "</METHODRESPONSE>");
	return msg_end(b);
}

int cimxml_rsp_error(cimxml_buf *b, const char *msg_id, bool intrinsic, const char *method,
		     uint32_t code, const char *description)
{
	rsp_begin(b, msg_id, intrinsic, method ? method : "");
	cimxml_buf_printf(b, "<ERROR CODE=\"%" PRIu32 "\" DESCRIPTION=\"", code);
	cimxml_buf_esc(b, description ? description : cim_vmap_name(&cim_vm_status_code, code));
	cimxml_buf_str(b, "\"/>\n");
	return rsp_end(b, intrinsic);
}

int cimxml_rsp_instances(cimxml_buf *b, const char *msg_id, const char *method,
			 cim_job *const *jobs, size_t n, bool named)
{
	rsp_begin(b, msg_id, true, method);
	cimxml_buf_str(b, "<IRETURNVALUE>\n");
	for (size_t i = 0; i < n; i++) {
		if (named)
			cimxml_enc_named_job(b, jobs[i]);
		else
			cimxml_enc_job(b, jobs[i]);
	}
	cimxml_buf_str(b, "</IRETURNVALUE>\n");
	return rsp_end(b, true);
}

int cimxml_rsp_names(cimxml_buf *b, const char *msg_id, cim_job *const *jobs, size_t n)
{
	rsp_begin(b, msg_id, true, "EnumerateInstanceNames");
	cimxml_buf_str(b, "<IRETURNVALUE>\n");
	for (size_t i = 0; i < n; i++)
		cimxml_enc_job_name(b, jobs[i]);
	cimxml_buf_str(b, "</IRETURNVALUE>\n");
	return rsp_end(b, true);
}

/* ---- GetClass ----------------------------------------------------------- */

static void qual(cimxml_buf *b, const char *name, const char *type, const char *value)
{
	cimxml_buf_printf(b, "<QUALIFIER NAME=\"%s\" TYPE=\"%s\"><VALUE>%s</VALUE></QUALIFIER>",
			  name, type, value);
}

static void cls_prop(cimxml_buf *b, const char *name, const char *type, bool array)
{
	const char *tag = array ? "PROPERTY.ARRAY" : "PROPERTY";

	cimxml_buf_printf(b, "<%s NAME=\"%s\" TYPE=\"%s\">", tag, name, type);
	if (name[0] == 'I' && name[1] == 'n') /* InstanceID */
		qual(b, "Key", "boolean", "TRUE");
	cimxml_buf_printf(b, "</%s>\n", tag);
}

static void cls_param(cimxml_buf *b, const char *name, const char *type, bool array, bool out)
{
	const char *tag = array ? "PARAMETER.ARRAY" : "PARAMETER";

	cimxml_buf_printf(b, "<%s NAME=\"%s\" TYPE=\"%s\">", tag, name, type);
	qual(b, out ? "Out" : "In", "boolean", "TRUE");
	if (out)
		qual(b, "EmbeddedInstance", "string", "CIM_Error");
	cimxml_buf_printf(b, "</%s>\n", tag);
}

int cimxml_rsp_class(cimxml_buf *b, const char *msg_id, const char *class_name, bool geterrors)
{
	static const struct {
		const char *name, *type;
		bool array;
	} props[] = {
	    {"InstanceID", "string", false},
	    {"Name", "string", false},
	    {"JobState", "uint16", false},
	    {"OperationalStatus", "uint16", true},
	    {"TimeSubmitted", "datetime", false},
	    {"StartTime", "datetime", false},
	    {"ElapsedTime", "datetime", false},
	    {"TimeOfLastStateChange", "datetime", false},
	    {"TimeBeforeRemoval", "datetime", false},
	    {"PercentComplete", "uint16", false},
	    {"Owner", "string", false},
	    {"ErrorCode", "uint16", false},
	    {"ErrorDescription", "string", false},
	    {"DeleteOnCompletion", "boolean", false},
	};

	rsp_begin(b, msg_id, true, "GetClass");
	cimxml_buf_str(b, "<IRETURNVALUE>\n<CLASS NAME=\"");
	cimxml_buf_esc(b, class_name);
	cimxml_buf_printf(b, "\" SUPERCLASS=\"%s\">\n",
			  strcmp(class_name, "CIM_ConcreteJob") == 0 ? "CIM_Job"
								     : "CIM_ConcreteJob");
	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
		cls_prop(b, props[i].name, props[i].type, props[i].array);
	cimxml_buf_str(b, "<METHOD NAME=\"GetError\" TYPE=\"uint32\">\n");
	cls_param(b, "Error", "string", false, true);
	cimxml_buf_str(b, "</METHOD>\n");
	if (geterrors) {
		cimxml_buf_str(b, "<METHOD NAME=\"GetErrors\" TYPE=\"uint32\">\n");
		cls_param(b, "Errors", "string", true, true);
		cimxml_buf_str(b, "</METHOD>\n");
	}
	cimxml_buf_str(b, "<METHOD NAME=\"RequestStateChange\" TYPE=\"uint32\">\n");
	cls_param(b, "RequestedState", "uint16", false, false);
	cls_param(b, "TimeoutPeriod", "datetime", false, false);
	cimxml_buf_str(b, "</METHOD>\n</CLASS>\n</IRETURNVALUE>\n");
	return rsp_end(b, true);
}

/* ---- extrinsic method results ------------------------------------------- */

static void rsp_rc(cimxml_buf *b, uint32_t rc)
{
	cimxml_buf_printf(
	    b, "<RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>%" PRIu32 "</VALUE></RETURNVALUE>\n", rc);
}

/* The embedded instance as escaped text inside a VALUE. */
static void embedded_value(cimxml_buf *b, const cim_error *e)
{
	cimxml_buf inst;

	cimxml_buf_init(&inst);
	if (cimxml_enc_error(&inst, e) != 0) {
		b->failed = true;
	} else {
		cimxml_buf_str(b, "<VALUE>");
		cimxml_buf_esc(b, inst.data);
		cimxml_buf_str(b, "</VALUE>");
	}
	cimxml_buf_free(&inst);
}

/* DSP0201's EmbeddedObject attribute only: sblim-wbemcli 1.6.3 matches
 * attribute names case-insensitively and rejects a PARAMVALUE carrying
 * both EmbeddedObject and the older EMBEDDEDOBJECT spelling ("Unknown
 * attribute in list for PARAMVALUE"). Readers of either spelling match
 * this one case-insensitively. */
static void embedded_param_open(cimxml_buf *b, const char *name, const char *type)
{
	cimxml_buf_printf(b, "<PARAMVALUE NAME=\"%s\" PARAMTYPE=\"%s\" EmbeddedObject=\"instance\"",
			  name, type);
}

int cimxml_rsp_geterror(cimxml_buf *b, const char *msg_id, uint32_t rc, const cim_error *e,
			bool omit_null)
{
	rsp_begin(b, msg_id, false, "GetError");
	rsp_rc(b, rc);
	if (e) {
		embedded_param_open(b, "Error", "string");
		cimxml_buf_str(b, ">");
		embedded_value(b, e);
		cimxml_buf_str(b, "</PARAMVALUE>\n");
	} else if (!omit_null) {
		embedded_param_open(b, "Error", "string");
		/* Test builds only: an empty VALUE where NULL belongs. */
		cimxml_buf_str(b,
			       SRH_HOOK("empty-nil") ? "><VALUE></VALUE></PARAMVALUE>\n" : "/>\n");
	}
	return rsp_end(b, false);
}

int cimxml_rsp_geterrors(cimxml_buf *b, const char *msg_id, uint32_t rc, cim_error *const *errs,
			 size_t n, bool omit_null)
{
	rsp_begin(b, msg_id, false, "GetErrors");
	rsp_rc(b, rc);
	if (errs || n) {
		embedded_param_open(b, "Errors", "string");
		cimxml_buf_str(b, "><VALUE.ARRAY>");
		for (size_t i = 0; i < n; i++)
			embedded_value(b, errs[i]);
		cimxml_buf_str(b, "</VALUE.ARRAY></PARAMVALUE>\n");
	} else if (!omit_null) {
		embedded_param_open(b, "Errors", "string");
		cimxml_buf_str(b, "/>\n");
	}
	return rsp_end(b, false);
}

int cimxml_rsp_rc(cimxml_buf *b, const char *msg_id, const char *method, uint32_t rc)
{
	rsp_begin(b, msg_id, false, method);
	rsp_rc(b, rc);
	return rsp_end(b, false);
}
