/*
 * test_cimxml_parse - the hardened readers: requests as real clients send
 * them (the texts below are what sblim-wbemcli 1.6.3 sent to a listener),
 * hostile documents (entity bombs, external entities, depth, size,
 * garbage) that must be errors and never crashes, and responses (ERROR,
 * an Error returned as a free string instead of an embedded CIM_Error, the
 * field divergence contract.md names).
 */
#include "xml_util.h"

#define NS_XML                                                                                     \
	"<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"></NAMESPACE><NAMESPACE "                     \
	"NAME=\"Microsoft\"></NAMESPACE><NAMESPACE NAME=\"Windows\"></NAMESPACE><NAMESPACE "       \
	"NAME=\"StorageReplica\"></NAMESPACE></LOCALNAMESPACEPATH>"
#define HEAD                                                                                       \
	"<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<CIM CIMVERSION=\"2.0\" "                    \
	"DTDVERSION=\"2.0\">\n<MESSAGE ID=\"4711\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>"
#define TAIL "</SIMPLEREQ>\n</MESSAGE></CIM>"

static const char wbemcli_gi[] =
    HEAD "<IMETHODCALL NAME=\"GetInstance\">" NS_XML
	 "\n<IPARAMVALUE NAME=\"LocalOnly\"><VALUE>FALSE</VALUE></IPARAMVALUE>\n"
	 "<IPARAMVALUE NAME=\"InstanceName\"><INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\">"
	 "<KEYBINDING NAME=\"InstanceID\"><KEYVALUE VALUETYPE=\"string\">SRSIM:1</KEYVALUE>"
	 "</KEYBINDING></INSTANCENAME></IPARAMVALUE>\n</IMETHODCALL>" TAIL;

static const char wbemcli_ei[] =
    HEAD "<IMETHODCALL NAME=\"EnumerateInstances\">" NS_XML
	 "\n<IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"CIM_ConcreteJob\"/></IPARAMVALUE>\n"
	 "<IPARAMVALUE NAME=\"DeepInheritance\"><VALUE>TRUE</VALUE></IPARAMVALUE>\n"
	 "</IMETHODCALL>" TAIL;

static const char wbemcli_rsc[] =
    HEAD "<METHODCALL NAME=\"RequestStateChange\"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH>"
	 "<NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"Microsoft\"/><NAMESPACE NAME=\"Windows\"/>"
	 "<NAMESPACE NAME=\"StorageReplica\"/></LOCALNAMESPACEPATH>"
	 "<INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\"><KEYBINDING NAME=\"InstanceID\">"
	 "<KEYVALUE VALUETYPE=\"string\">SRSIM:5</KEYVALUE></KEYBINDING></INSTANCENAME>"
	 "</LOCALINSTANCEPATH><PARAMVALUE NAME=\"RequestedState\"><VALUE>4</VALUE></PARAMVALUE>"
	 "</METHODCALL>" TAIL;

TestSuite(parse, .init = xmlInitParser);

static cimxml_request *parse_ok(const char *text)
{
	cimxml_request *r = NULL;
	char err[CIMXML_ERRLEN] = "";

	cr_assert_eq(cimxml_parse_request(text, strlen(text), 0, &r, err, sizeof err), CIMXML_PE_OK,
		     "%s", err);
	cr_assert_not_null(r);
	return r;
}

static int parse_rc(const char *text, size_t len, size_t max)
{
	cimxml_request *r = NULL;
	char err[CIMXML_ERRLEN] = "";
	int rc = cimxml_parse_request(text, len, max, &r, err, sizeof err);

	cr_expect((rc == CIMXML_PE_OK) == (r != NULL));
	if (rc != CIMXML_PE_OK)
		cr_expect_neq(err[0], '\0', "an error has a reason");
	cimxml_request_free(r);
	return rc;
}

Test(parse, wbemcli_get_instance)
{
	cimxml_request *r = parse_ok(wbemcli_gi);

	cr_expect(r->intrinsic);
	cr_expect_str_eq(r->method, "GetInstance");
	cr_expect_str_eq(r->msg_id, "4711");
	cr_expect_str_eq(r->ns, "root/Microsoft/Windows/StorageReplica");
	cr_expect_str_eq(r->class_name, "SRSIM_ReplicaJob");
	cr_expect(r->has_instance);
	cr_expect_str_eq(r->instance_id, "SRSIM:1");
	cr_expect_eq(r->n_keys, 1);
	cr_assert_not_null(cimxml_request_param(r, "localonly"), "names are case-insensitive");
	cr_expect_str_eq(cimxml_request_param(r, "LocalOnly")->value, "FALSE");
	cimxml_request_free(r);
}

Test(parse, wbemcli_enumerate_and_method)
{
	cimxml_request *r = parse_ok(wbemcli_ei);

	cr_expect_str_eq(r->method, "EnumerateInstances");
	cr_expect_str_eq(r->class_name, "CIM_ConcreteJob");
	cr_expect_not(r->has_instance);
	cimxml_request_free(r);

	r = parse_ok(wbemcli_rsc);
	cr_expect_not(r->intrinsic);
	cr_expect_str_eq(r->method, "RequestStateChange");
	cr_expect_str_eq(r->instance_id, "SRSIM:5");
	cr_assert_eq(r->n_params, 1);
	cr_expect_str_eq(cimxml_request_param(r, "RequestedState")->value, "4");
	cimxml_request_free(r);
}

Test(parse, client_requests_read_back)
{
	cimxml_arg args[] = {{"RequestedState", "uint16", "3"},
			     {"TimeoutPeriod", "datetime", NULL}};
	cimxml_buf b;
	cimxml_request *r;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_req_method(&b, CIMXML_NAMESPACE, "SRSIM_ReplicaJob", "SRSIM:\"1&2\"",
				       "RequestStateChange", args, 2),
		     0);
	r = parse_ok(b.data);
	cr_expect_str_eq(r->ns, CIMXML_NAMESPACE);
	cr_expect_str_eq(r->instance_id, "SRSIM:\"1&2\"");
	cr_expect_str_eq(cimxml_request_param(r, "RequestedState")->value, "3");
	cr_assert_not_null(cimxml_request_param(r, "TimeoutPeriod"));
	cr_expect_null(cimxml_request_param(r, "TimeoutPeriod")->value, "a NULL argument");
	cimxml_request_free(r);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_req_enum(&b, CIMXML_NAMESPACE, "EnumerateInstanceNames", "CIM_Job"), 0);
	r = parse_ok(b.data);
	cr_expect_str_eq(r->method, "EnumerateInstanceNames");
	cr_expect_str_eq(r->class_name, "CIM_Job");
	cimxml_request_free(r);
	cimxml_buf_free(&b);
}

Test(parse, not_xml_is_not_well_formed)
{
	static const char *bad[] = {
	    "",
	    "<",
	    "not xml at all",
	    "<CIM><MESSAGE ID=\"1\">",
	    "<CIM></cim>",
	    HEAD "<IMETHODCALL NAME=\"x\"",
	    "<?xml version=\"1.0\"?><CIM>&undefined;</CIM>",
	    "<CIM a=\"1\" a=\"2\"/>",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(parse_rc(bad[i], strlen(bad[i]), 0), CIMXML_PE_NOT_WELL_FORMED, "%s",
			     bad[i]);
	/* NUL bytes inside */
	cr_expect_eq(parse_rc("<CIM>\0</CIM>", 12, 0), CIMXML_PE_NOT_WELL_FORMED);
}

Test(parse, entity_bombs_and_external_entities_are_refused, .timeout = 10)
{
	static const char laughs[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
	    "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
	    "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
	    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
	    "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
	    "]><CIM>&g;</CIM>";
	static const char xxe[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE CIM [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	    "<CIM><MESSAGE ID=\"&x;\"/></CIM>";
	static const char dtd[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE CIM SYSTEM \"http://127.0.0.1:1/cim.dtd\"><CIM/>";

	cr_expect_eq(parse_rc(laughs, strlen(laughs), 0), CIMXML_PE_NOT_WELL_FORMED);
	cr_expect_eq(parse_rc(xxe, strlen(xxe), 0), CIMXML_PE_NOT_WELL_FORMED);
	cr_expect_eq(parse_rc(dtd, strlen(dtd), 0), CIMXML_PE_NOT_WELL_FORMED);
}

Test(parse, size_cap_and_depth, .timeout = 20)
{
	size_t depth = 100000, len = depth * 7 + 64, n = 0;
	char *deep = malloc(len);

	cr_assert_not_null(deep);
	n += (size_t)sprintf(deep, "<CIM>");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(deep + n, "<V>");
	cr_expect_eq(parse_rc(deep, n, 0), CIMXML_PE_NOT_WELL_FORMED, "depth 100000");
	/* over the cap, checked before any parsing */
	cr_expect_eq(parse_rc(wbemcli_gi, strlen(wbemcli_gi), 100), CIMXML_PE_NOT_WELL_FORMED);
	cr_expect_eq(parse_rc(wbemcli_gi, strlen(wbemcli_gi), 0), CIMXML_PE_OK);
	free(deep);
}

Test(parse, xml_that_is_no_cim_request_is_not_valid)
{
	static const char *bad[] = {
	    "<html/>",
	    "<CIM/>",
	    "<CIM><MESSAGE/></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><MULTIREQ/></MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ/></MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><IMETHODCALL/></SIMPLEREQ></MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><IMETHODCALL NAME=\"GetInstance\"/></SIMPLEREQ>"
	    "</MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><METHODCALL NAME=\"GetError\"/></SIMPLEREQ>"
	    "</MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><METHODCALL NAME=\"GetError\"><LOCALINSTANCEPATH>"
	    "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/></LOCALNAMESPACEPATH>"
	    "</LOCALINSTANCEPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>",
	    "<CIM><MESSAGE ID=\"1\"><SIMPLEREQ><IMETHODCALL NAME=\"X\"><LOCALNAMESPACEPATH>"
	    "<NAMESPACE/></LOCALNAMESPACEPATH></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(parse_rc(bad[i], strlen(bad[i]), 0), CIMXML_PE_NOT_VALID, "%s",
			     bad[i]);
}

/* Deterministic mutations of valid requests: every outcome is a clean
 * error or a request, never a crash (Criterion reports a signal). */
Test(parse, mutated_requests_never_crash, .timeout = 60)
{
	const char *seeds[] = {wbemcli_gi, wbemcli_ei, wbemcli_rsc};
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (int round = 0; round < 3000; round++) {
		const char *s = seeds[round % 3];
		size_t len = strlen(s);
		char *m = malloc(len + 1);

		cr_assert_not_null(m);
		memcpy(m, s, len + 1);
		for (int k = 0; k < 1 + round % 8; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			m[x % len] = (char)(x >> 32);
		}
		(void)parse_rc(m, (x >> 40) % 4 ? len : (x >> 20) % len, 0);
		free(m);
	}
}

Test(parse, response_error_and_free_string)
{
	static const char err_doc[] =
	    "<?xml version=\"1.0\" encoding=\"utf-8\" ?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">"
	    "<MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP><METHODRESPONSE "
	    "NAME=\"GetError\">"
	    "<ERROR CODE=\"17\" DESCRIPTION=\"CIM_ERR_METHOD_NOT_FOUND\"/></METHODRESPONSE>"
	    "</SIMPLERSP></MESSAGE></CIM>";
	/* A provider that returns its Error as text, not an embedded CIM_Error. */
	static const char free_string[] =
	    "<?xml version=\"1.0\" encoding=\"utf-8\" ?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">"
	    "<MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLERSP><METHODRESPONSE "
	    "NAME=\"GetError\">"
	    "<RETURNVALUE PARAMTYPE=\"uint32\"><VALUE>0</VALUE></RETURNVALUE>"
	    "<PARAMVALUE NAME=\"Error\" PARAMTYPE=\"string\"><VALUE>disk on "
	    "fire</VALUE></PARAMVALUE>"
	    "</METHODRESPONSE></SIMPLERSP></MESSAGE></CIM>";
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];

	cr_assert_eq(cimxml_parse_response(err_doc, strlen(err_doc), 0, &r, err, sizeof err), 0);
	cr_expect(r->is_error);
	cr_expect_eq(r->cim_code, 17);
	cr_expect_str_eq(r->description, "CIM_ERR_METHOD_NOT_FOUND");
	cimxml_response_free(r);

	cr_assert_eq(
	    cimxml_parse_response(free_string, strlen(free_string), 0, &r, err, sizeof err), 0);
	cr_expect(r->has_rc);
	cr_expect_eq(r->rc, 0);
	cr_expect(r->has_error_param);
	cr_expect(r->error_not_embedded);
	cr_assert_not_null(r->error);
	cr_expect_null(r->error->message_id, "no MessageID: the checker flags MUST-5");
	cr_expect_str_eq(r->error->message, "disk on fire");
	cimxml_response_free(r);
}
