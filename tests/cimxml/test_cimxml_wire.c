/*
 * test_cimxml_wire - the wire rules on CIM-XML responses (cimxml_wire.c).
 * What is right comes from DMTF's DTD (DSP0203 2.4.0) and the MOF types of
 * shared/spec/cim-valuemaps.md (CIM_Error 2.22.1 table, CIM_Job
 * properties); each planted defect is one a real client tripped over
 * (issue 17: VALUE.NAMEDINSTANCE for INSTANCE, INSTANCE without CLASSNAME,
 * a uint16 written as a string, an empty value where NULL belongs, a
 * scalar for an array, KEYVALUE without TYPE).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml.h"
#include "wire_seen.h"

_Static_assert(CIMXML_WIRE_MAX <= WIRE_SEEN_MAX, "the recorder holds every finding");

static int check(const char *doc, seen *s)
{
	memset(s, 0, sizeof *s);
	return cimxml_wire_check(doc, strlen(doc), sink, s);
}

/* A METHODRESPONSE GetError around one PARAMVALUE (text as given). */
static char *method_doc(const char *method, const char *rettype, const char *param)
{
	char *d;

	cr_assert(asprintf(&d,
			   "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
			   "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" "
			   "PROTOCOLVERSION=\"1.0\"><SIMPLERSP><METHODRESPONSE NAME=\"%s\">"
			   "<RETURNVALUE PARAMTYPE=\"%s\"><VALUE>0</VALUE></RETURNVALUE>%s"
			   "</METHODRESPONSE></SIMPLERSP></MESSAGE></CIM>",
			   method, rettype, param) > 0);
	return d;
}

/* The escaped text of a CIM_Error INSTANCE with the given head and one
 * property list (already escaped). */
#define ERR_HEAD "&lt;INSTANCE CLASSNAME=&quot;CIM_Error&quot;&gt;"
#define ERR_TAIL "&lt;/INSTANCE&gt;"
#define P_ETYPE                                                                                    \
	"&lt;PROPERTY NAME=&quot;ErrorType&quot; TYPE=&quot;uint16&quot;&gt;&lt;VALUE&gt;5&lt;/"   \
	"VALUE&gt;&lt;/PROPERTY&gt;"
#define P_MSGID                                                                                    \
	"&lt;PROPERTY NAME=&quot;MessageID&quot; "                                                 \
	"TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;SR1001&lt;"                                       \
	"/VALUE&gt;&lt;/PROPERTY&gt;"
#define P_ARGS                                                                                     \
	"&lt;PROPERTY.ARRAY NAME=&quot;MessageArguments&quot; TYPE=&quot;string&quot;&gt;&lt;"     \
	"VALUE.ARRAY&gt;&lt;VALUE&gt;EIO&lt;/VALUE&gt;&lt;/VALUE.ARRAY&gt;&lt;/PROPERTY.ARRAY&gt;"
#define PV_OPEN "<PARAMVALUE NAME=\"Error\" PARAMTYPE=\"string\" EmbeddedObject=\"instance\">"

static char *error_doc(const char *props)
{
	char *param, *d;

	cr_assert(asprintf(&param, PV_OPEN "<VALUE>" ERR_HEAD "%s" ERR_TAIL "</VALUE></PARAMVALUE>",
			   props) > 0);
	d = method_doc("GetError", "uint32", param);
	free(param);
	return d;
}

Test(wire, hand_written_valid_error_is_clean)
{
	seen s;
	char *d = error_doc(P_ETYPE P_MSGID P_ARGS);

	cr_expect_eq(check(d, &s), 0, "findings: %d (first rule %d at %s)", s.n, s.rules[0],
		     s.where[0]);
	free(d);
}

Test(wire, null_error_as_paramvalue_without_value_is_clean)
{
	seen s;
	char *d = method_doc("GetError", "uint32",
			     "<PARAMVALUE NAME=\"Error\" PARAMTYPE=\"string\" "
			     "EmbeddedObject=\"instance\"></PARAMVALUE>");

	cr_expect_eq(check(d, &s), 0);
	free(d);
}

Test(wire, uint16_written_as_string_is_cim_type)
{
	seen s;
	char *d = error_doc("&lt;PROPERTY NAME=&quot;ErrorType&quot; TYPE=&quot;string&quot;&gt;"
			    "&lt;VALUE&gt;5&lt;/VALUE&gt;&lt;/PROPERTY&gt;" P_MSGID);

	cr_expect_gt(check(d, &s), 0);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "Error.ErrorType"));
	free(d);
}

Test(wire, uint16_out_of_range_is_cim_type)
{
	seen s;
	char *d = error_doc("&lt;PROPERTY NAME=&quot;ErrorType&quot; TYPE=&quot;uint16&quot;&gt;"
			    "&lt;VALUE&gt;70000&lt;/VALUE&gt;&lt;/PROPERTY&gt;" P_MSGID);

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "Error.ErrorType"));
	free(d);
}

Test(wire, scalar_for_array_is_cim_type)
{
	seen s;
	char *d = error_doc(P_MSGID "&lt;PROPERTY NAME=&quot;MessageArguments&quot; "
				    "TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;EIO&lt;/VALUE&gt;&lt;/"
				    "PROPERTY&gt;");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "Error.MessageArguments"));
	free(d);
}

Test(wire, named_instance_for_instance_is_embedded)
{
	seen s;
	char *d = method_doc(
	    "GetError", "uint32",
	    PV_OPEN
	    "<VALUE>&lt;VALUE.NAMEDINSTANCE&gt;&lt;INSTANCENAME CLASSNAME=&quot;CIM_Error&quot;"
	    "/&gt;" ERR_HEAD P_MSGID ERR_TAIL "&lt;/VALUE.NAMEDINSTANCE&gt;</VALUE></PARAMVALUE>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
	free(d);
}

Test(wire, instance_without_classname_is_embedded)
{
	seen s;
	char *d =
	    method_doc("GetError", "uint32",
		       PV_OPEN "<VALUE>&lt;INSTANCE&gt;" P_MSGID ERR_TAIL "</VALUE></PARAMVALUE>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
	cr_expect(has(&s, SRH_R_WIRE_SCHEMA, "Error"), "the DTD requires CLASSNAME too");
	free(d);
}

Test(wire, missing_embedded_marking_is_embedded)
{
	seen s;
	char *d = method_doc(
	    "GetError", "uint32",
	    "<PARAMVALUE NAME=\"Error\" PARAMTYPE=\"string\"><VALUE>" ERR_HEAD P_MSGID ERR_TAIL
	    "</VALUE></PARAMVALUE>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
	free(d);
}

Test(wire, empty_value_for_null_is_null_form)
{
	seen s;
	char *d = method_doc("GetError", "uint32", PV_OPEN "<VALUE></VALUE></PARAMVALUE>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_NULL, "Error"));
	free(d);
}

Test(wire, omitted_null_is_a_should)
{
	seen s;
	char *d = method_doc("GetError", "uint32", "");

	cr_expect_eq(check(d, &s), 1);
	cr_expect(has(&s, SRH_R_WIRE_NULL_OMITTED, NULL));
	cr_expect_eq(srh_rule_get(SRH_R_WIRE_NULL_OMITTED)->level, SRH_SHOULD);
	free(d);
}

Test(wire, returnvalue_not_uint32_is_cim_type)
{
	seen s;
	char *d = method_doc("GetError", "uint16", "<PARAMVALUE NAME=\"Error\"/>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "ReturnValue"));
	free(d);
}

Test(wire, scalar_value_for_errors_array_is_cim_type)
{
	seen s;
	char *d = method_doc("GetErrors", "uint32",
			     "<PARAMVALUE NAME=\"Errors\" PARAMTYPE=\"string\" "
			     "EmbeddedObject=\"instance\"><VALUE>" ERR_HEAD P_MSGID ERR_TAIL
			     "</VALUE></PARAMVALUE>");

	check(d, &s);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "Errors"));
	free(d);
}

Test(wire, keyvalue_without_type_breaks_the_dtd)
{
	seen s;
	const char *d =
	    "<?xml version=\"1.0\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" "
	    "PROTOCOLVERSION=\"1.0\"><SIMPLERSP><IMETHODRESPONSE NAME=\"EnumerateInstanceNames\">"
	    "<IRETURNVALUE><INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\"><KEYBINDING "
	    "NAME=\"InstanceID\"><KEYVALUE VALUETYPE=\"string\">SRSIM:1</KEYVALUE></KEYBINDING>"
	    "</INSTANCENAME></IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>";

	cr_expect_eq(check(d, &s), 1);
	cr_expect(has(&s, SRH_R_WIRE_SCHEMA, "response"));
}

Test(wire, job_state_as_string_is_cim_type)
{
	seen s;
	const char *d =
	    "<?xml version=\"1.0\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" "
	    "PROTOCOLVERSION=\"1.0\"><SIMPLERSP><IMETHODRESPONSE NAME=\"GetInstance\">"
	    "<IRETURNVALUE><INSTANCE CLASSNAME=\"SRSIM_ReplicaJob\">"
	    "<PROPERTY NAME=\"JobState\" TYPE=\"string\"><VALUE>Running</VALUE></PROPERTY>"
	    "<PROPERTY.ARRAY NAME=\"OperationalStatus\" TYPE=\"uint16\"><VALUE.ARRAY><VALUE>2"
	    "</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"
	    "</INSTANCE></IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>";

	cr_expect_eq(check(d, &s), 1);
	cr_expect(has(&s, SRH_R_WIRE_TYPE, "Job.JobState"));
}

Test(wire, not_well_formed_is_schema)
{
	seen s;

	cr_expect_eq(check("<CIM><MESSAGE>", &s), 1);
	cr_expect(has(&s, SRH_R_WIRE_SCHEMA, "response"));
}

/* The library's own encoder, judged like any server's. */
Test(wire, encoder_responses_are_clean)
{
	static char *args[] = {"EIO", "D:", "4096"};
	cim_error e = {.error_type = 5,
		       .owning_entity = "SRSIM",
		       .message_id = "SR1001",
		       .message = "I/O error <EIO> & \"D:\"",
		       .message_arguments = args,
		       .n_message_arguments = 3,
		       .perceived_severity = 6,
		       .probable_cause = 24,
		       .error_source_format = 2,
		       .error_source = "x",
		       .cim_status_code = 1};
	cim_error *errs[] = {&e, &e};
	cim_job j = {.instance_id = "SRSIM:1",
		     .name = "job",
		     .class_name = "SRSIM_ReplicaJob",
		     .job_state = 10,
		     .op_status = {6, 17},
		     .n_op_status = 2,
		     .time_submitted = 0,
		     .start_time = 0,
		     .elapsed_time = 1000,
		     .time_of_last_state_change = 1000,
		     .time_before_removal = 300000000000ULL,
		     .owner = "alice",
		     .error_code = 1,
		     .error_description = "failed"};
	cim_job *jobs[] = {&j, &j};
	cimxml_buf b;
	seen s;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 0, &e, false), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 0,
		     "GetError: %d findings, first at %s", s.n, s.where[0]);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 0, NULL, false), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 0);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_geterrors(&b, "1", 0, errs, 2, false), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 0,
		     "GetErrors: %d findings, first at %s", s.n, s.where[0]);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_instances(&b, "1", "EnumerateInstances", jobs, 2, true), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 0,
		     "EnumerateInstances: %d findings, first at %s", s.n, s.where[0]);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_names(&b, "1", jobs, 2), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 0,
		     "EnumerateInstanceNames: %d findings, first at %s", s.n, s.where[0]);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 0, NULL, true), 0);
	cr_expect_eq(cimxml_wire_check(b.data, b.len, sink, (memset(&s, 0, sizeof s), &s)), 1,
		     "--omit-null-params is the declared deviation");
	cr_expect(has(&s, SRH_R_WIRE_NULL_OMITTED, NULL));
	cimxml_buf_free(&b);
}

/* cimxml_parse_response_wire reads each embedded Error once for the rules
 * and the values: the values must be what a read without the rules gives,
 * and the findings what cimxml_wire_check gives. */
static void same_values(const char *d, bool embedded)
{
	cimxml_response *plain = NULL, *checked = NULL;
	char err[256];
	seen s, alone;

	cr_assert_eq(cimxml_parse_response(d, strlen(d), 0, &plain, err, sizeof err), 0, "%s", err);
	memset(&s, 0, sizeof s);
	cr_assert_eq(
	    cimxml_parse_response_wire(d, strlen(d), 0, true, sink, &s, &checked, err, sizeof err),
	    0, "%s", err);
	cr_expect_eq(check(d, &alone), s.n, "findings: %d alone, %d with the values", alone.n, s.n);
	cr_expect_eq(plain->error_not_embedded, checked->error_not_embedded);
	cr_expect_eq(plain->error_not_embedded, !embedded);
	cr_assert_eq(!plain->error, !checked->error);
	cr_assert_eq(plain->n_errors, checked->n_errors);
	for (size_t i = 0; i <= plain->n_errors; i++) {
		const cim_error *a = i < plain->n_errors ? plain->errors[i] : plain->error;
		const cim_error *b = i < plain->n_errors ? checked->errors[i] : checked->error;

		if (!a)
			continue;
		cr_expect_eq(a->error_type, b->error_type);
		cr_expect_str_eq(a->message_id ? a->message_id : "-",
				 b->message_id ? b->message_id : "-");
		cr_expect_str_eq(a->message ? a->message : "-", b->message ? b->message : "-");
		cr_expect_eq(a->n_message_arguments, b->n_message_arguments);
		if (embedded) /* the values written into the test's text */
			cr_expect_str_eq(b->message_id ? b->message_id : "-", "SR1001");
	}
	cimxml_response_free(plain);
	cimxml_response_free(checked);
}

Test(wire, values_read_with_the_rules_match_a_plain_read)
{
	char *ok = error_doc(P_ETYPE P_MSGID P_ARGS);
	char *bad_type = error_doc("&lt;PROPERTY NAME=&quot;ErrorType&quot; TYPE=&quot;string&quot;"
				   "&gt;&lt;VALUE&gt;5&lt;/VALUE&gt;&lt;/PROPERTY&gt;" P_MSGID);
	char *free_string =
	    method_doc("GetError", "uint32", PV_OPEN "<VALUE>I/O error on D:</VALUE></PARAMVALUE>");
	char *not_instance =
	    method_doc("GetError", "uint32", PV_OPEN "<VALUE>&lt;CLASS/&gt;</VALUE></PARAMVALUE>");
	char *two =
	    method_doc("GetErrors", "uint32",
		       "<PARAMVALUE NAME=\"Errors\" PARAMTYPE=\"string\" "
		       "EmbeddedObject=\"instance\"><VALUE.ARRAY><VALUE>" ERR_HEAD P_MSGID ERR_TAIL
		       "</VALUE><VALUE>" ERR_HEAD P_ETYPE P_MSGID ERR_TAIL
		       "</VALUE></VALUE.ARRAY></PARAMVALUE>");

	same_values(ok, true);
	same_values(bad_type, true);
	same_values(free_string, false);
	same_values(not_instance, false);
	same_values(two, true);
	free(ok);
	free(bad_type);
	free(free_string);
	free(not_instance);
	free(two);
}
