/*
 * test_wsman_wire - the wire rules on WS-Management responses
 * (wsman_wire.c). What is right comes from DSP0226/DSP0227 (envelope,
 * Action RESOURCEURI/METHODResponse), DSP0230 (embedded instance with
 * xsi:type CLASS_Type, NULL as xsi:nil, arrays as repeated elements) and
 * the MOF types of shared/spec/cim-valuemaps.md (CIM_Error 2.22.1 table,
 * CIM_Job properties); each planted defect is one of issue 17's (an empty
 * element where xsi:nil belongs as openwsman's CIM plugin writes it, a
 * string for an embedded instance, a uint16 as a string, a scalar
 * repeated as an array).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wsman.h"
#include "wire_seen.h"

_Static_assert(WSMAN_WIRE_MAX <= WIRE_SEEN_MAX, "the recorder holds every finding");

static int check(const char *doc, seen *s)
{
	memset(s, 0, sizeof *s);
	return wsman_wire_check(doc, strlen(doc), sink, s);
}

#define RURI "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/SRSIM_ReplicaJob"
#define ENV_OPEN(action)                                                                           \
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "                         \
	"xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "                          \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "                                 \
	"xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\"><s:Header><wsa:Action>" action  \
	"</wsa:Action><wsa:MessageID>uuid:1</wsa:MessageID></s:Header><s:Body>"
#define ENV_CLOSE "</s:Body></s:Envelope>"
#define ERR_OPEN                                                                                   \
	"<p:Error xmlns:e=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Error\" "        \
	"xsi:type=\"e:CIM_Error_Type\">"
#define ERR_BODY                                                                                   \
	"<e:ErrorType>4</e:ErrorType><e:MessageID>SR1001</e:MessageID>"                            \
	"<e:MessageArguments>EIO</e:MessageArguments><e:MessageArguments>disk</"                   \
	"e:MessageArguments>"                                                                      \
	"<e:OtherErrorType xsi:nil=\"true\"/><e:CIMStatusCode>1</e:CIMStatusCode>"

/* A GetError output around the given Error element text (action given). */
static char *output(const char *action, const char *error, const char *rv)
{
	char *d;

	cr_assert(
	    asprintf(
		&d,
		ENV_OPEN("%s") "<p:GetError_OUTPUT xmlns:p=\"" RURI "\">%s"
			       "<p:ReturnValue>%s</p:ReturnValue></p:GetError_OUTPUT>" ENV_CLOSE,
		action, error, rv) > 0);
	return d;
}

static int check_out(const char *error, seen *s)
{
	char *d = output(RURI "/GetErrorResponse", error, "0");
	int n = check(d, s);

	free(d);
	return n;
}

Test(wsman_wire, clean_error_and_nil)
{
	seen s;

	cr_assert_eq(check_out(ERR_OPEN ERR_BODY "</p:Error>", &s), 0, "%d: %s", s.n, s.where[0]);
	cr_assert_eq(check_out("<p:Error xsi:nil=\"true\"/>", &s), 0);
}

Test(wsman_wire, empty_error_is_null_form)
{
	seen s;

	cr_assert_gt(check_out("<p:Error/>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_NULL, "Error"));
	cr_assert_gt(check_out("<p:Error xsi:nil=\"true\">x</p:Error>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_NULL, "Error"));
}

Test(wsman_wire, string_error_is_not_embedded)
{
	seen s;

	cr_assert_gt(check_out("<p:Error>the disk failed</p:Error>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
}

Test(wsman_wire, embedded_type)
{
	seen s;

	/* no xsi:type */
	cr_assert_gt(check_out("<p:Error xmlns:e=\"http://schemas.dmtf.org/wbem/wscim/1/"
			       "cim-schema/2/CIM_Error\">" ERR_BODY "</p:Error>",
			       &s),
		     0);
	cr_assert(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
	/* the type's prefix bound to another class's namespace */
	cr_assert_gt(check_out("<p:Error xmlns:e=\"http://schemas.dmtf.org/wbem/wscim/1/"
			       "cim-schema/2/CIM_Error\" xmlns:o=\"urn:other\" "
			       "xsi:type=\"o:CIM_Error_Type\">" ERR_BODY "</p:Error>",
			       &s),
		     0);
	cr_assert(has(&s, SRH_R_WIRE_EMBEDDED, "Error"));
}

Test(wsman_wire, cim_types)
{
	seen s;

	/* uint16 as text, and typed as a string */
	cr_assert_gt(check_out(ERR_OPEN "<e:ErrorType>Other</e:ErrorType></p:Error>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Error.ErrorType"));
	cr_assert_gt(
	    check_out(ERR_OPEN "<e:ErrorType xsi:type=\"xs:string\">4</e:ErrorType></p:Error>", &s),
	    0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Error.ErrorType"));
	/* typed as DSP0230's common types, as OMI writes them: right, then wrong */
	cr_assert_eq(check_out(ERR_OPEN
			       "<e:ErrorType xsi:type=\"cim:cimUnsignedShort\">4</e:ErrorType>"
			       "<e:Message xsi:type=\"cim:cimString\">m</e:Message></p:Error>",
			       &s),
		     0, "%d: %s", s.n, s.where[0]);
	cr_assert_gt(check_out(ERR_OPEN
			       "<e:ErrorType xsi:type=\"cim:cimUnsignedInt\">4</e:ErrorType>"
			       "</p:Error>",
			       &s),
		     0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Error.ErrorType"));
	/* uint16 out of range */
	cr_assert_gt(
	    check_out(ERR_OPEN "<e:PerceivedSeverity>65536</e:PerceivedSeverity></p:Error>", &s),
	    0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Error.PerceivedSeverity"));
	/* a scalar repeated */
	cr_assert_gt(
	    check_out(ERR_OPEN "<e:Message>a</e:Message><e:Message>b</e:Message></p:Error>", &s),
	    0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Error.Message"));
	/* an empty uint32 without nil */
	cr_assert_gt(check_out(ERR_OPEN "<e:CIMStatusCode/></p:Error>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_NULL, "Error.CIMStatusCode"));
}

Test(wsman_wire, return_value_and_action)
{
	seen s;
	char *d = output(RURI "/GetErrorResponse", "<p:Error xsi:nil=\"true\"/>", "-1");

	cr_assert_gt(check(d, &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "ReturnValue"));
	free(d);
	d = output(RURI "/GetError", "<p:Error xsi:nil=\"true\"/>", "0");
	cr_assert_gt(check(d, &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_SCHEMA, "Action"));
	free(d);
}

Test(wsman_wire, error_left_out_is_should)
{
	seen s;

	cr_assert_eq(check_out("", &s), 1);
	cr_assert(has(&s, SRH_R_WIRE_NULL_OMITTED, "GetError"));
}

Test(wsman_wire, envelope_shape)
{
	seen s;

	cr_assert_gt(check("not xml", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_SCHEMA, "response"));
	cr_assert_gt(check("<Envelope/>", &s), 0);
	cr_assert(has(&s, SRH_R_WIRE_SCHEMA, "Envelope"));
	cr_assert_gt(check("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
			   "<s:Body/></s:Envelope>",
			   &s),
		     0);
	cr_assert(has(&s, SRH_R_WIRE_SCHEMA, "Header"));
	/* DSP0226 section 11: an IdentifyResponse has no addressing headers */
	cr_assert_eq(check("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
			   "xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/"
			   "wsmanidentity.xsd\"><s:Header/><s:Body><wsmid:IdentifyResponse/>"
			   "</s:Body></s:Envelope>",
			   &s),
		     0);
}

Test(wsman_wire, job_instance)
{
	seen s;
	const char *ok = ENV_OPEN(
	    "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse") "<p:SRSIM_ReplicaJob "
									  "xmlns:p=\"" RURI
									  "\"><p:JobState>10</"
									  "p:JobState>"
									  "<p:OperationalStatus>6</"
									  "p:OperationalStatus><p:"
									  "OperationalStatus>17</"
									  "p:OperationalStatus><p:"
									  "StartTime><cim:CIM_"
									  "DateTime>20260101000000."
									  "000000+000</"
									  "cim:CIM_DateTime></"
									  "p:StartTime><p:"
									  "DeleteOnCompletion>"
									  "false</"
									  "p:DeleteOnCompletion>"
									  "<p:ErrorDescription "
									  "xsi:nil=\"true\"/></"
									  "p:SRSIM_"
									  "ReplicaJob>" ENV_CLOSE;
	const char *bad = ENV_OPEN(
	    "http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse") "<p:SRSIM_ReplicaJob "
									  "xmlns:p=\"" RURI
									  "\"><p:JobState>10</"
									  "p:JobState>"
									  "<p:JobState>7</"
									  "p:JobState><p:StartTime>"
									  "yesterday</p:StartTime>"
									  "<p:DeleteOnCompletion>"
									  "no</"
									  "p:DeleteOnCompletion></"
									  "p:SRSIM_"
									  "ReplicaJob>" ENV_CLOSE;

	cr_assert_eq(check(ok, &s), 0, "%d: %s", s.n, s.where[0]);
	cr_assert_eq(check(bad, &s), 3);
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Job.JobState"));
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Job.StartTime"));
	cr_assert(has(&s, SRH_R_WIRE_TYPE, "Job.DeleteOnCompletion"));
}

Test(wsman_wire, fault_is_envelope_only)
{
	seen s;

	cr_assert_eq(
	    check(ENV_OPEN("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault") "<s:Fault><s:Code><"
									       "s:Value>s:Sender</"
									       "s:Value></s:Code></"
									       "s:Fault>" ENV_CLOSE,
		  &s),
	    0);
}
