/*
 * test_cimxml_codec - DSP0201 encoding of the job and of CIM_Error, the
 * GetError / GetErrors responses, CIM datetimes, and the round trip
 * through the client-side decoder. Expected values are from shared/spec:
 * cim-valuemaps.md (ValueMaps, the CIM-XML encoding of the Error output,
 * TimeBeforeRemoval's default) and contract.md (the reference profile's
 * io_error Error; path table OperationalStatus sets).
 */
#include "xml_util.h"

/* The io_error Error of the reference profile (contract.md): Hardware
 * Error, Critical, I/O Device Error, CIM_ERR_FAILED, OwningEntity SRSIM,
 * ErrorSource the job's object path with format CIMObjectPath. */
static cim_error io_error(void)
{
	static char *args[] = {"EIO", "D:", "4096"};
	static char *acts[] = {"Check the disk & <volume> \"D:\""};
	cim_error e = {
	    .error_type = 5,
	    .owning_entity = "SRSIM",
	    .message_id = "SR1001",
	    .message = "I/O error EIO on data volume D: at offset 4096.",
	    .message_arguments = args,
	    .n_message_arguments = 3,
	    .perceived_severity = 6,
	    .probable_cause = 24,
	    .recommended_actions = acts,
	    .n_recommended_actions = 1,
	    .error_source = "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob."
			    "InstanceID=\"SRSIM:1\"",
	    .error_source_format = 2,
	    .cim_status_code = 1,
	    .cim_status_code_description = "CIM_ERR_FAILED",
	};
	return e;
}

/* A failed job: JobState 10 Exception, OperationalStatus {6 Error,
 * 17 Completed} (contract.md path table). */
static cim_job failed_job(void)
{
	cim_job j = {
	    .class_name = "SRSIM_ReplicaJob",
	    .instance_id = "SRSIM:1",
	    .name = "initial sync",
	    .job_state = 10,
	    .op_status = {6, 17},
	    .n_op_status = 2,
	    .time_submitted = 0,
	    .start_time = 1000000000ull,
	    .elapsed_time = 61500000000ull,
	    .time_of_last_state_change = 62500000000ull,
	    .time_before_removal = 300000000000ull,
	    .percent_complete = 50,
	    .owner = "alice",
	    .error_code = 5,
	    .error_description = "I/O error",
	    .delete_on_completion = true,
	};
	return j;
}

TestSuite(codec, .init = xmlInitParser);

Test(codec, datetime_text_back_to_virtual_time)
{
	uint64_t ns = 1;
	char buf[CIM_DATETIME_LEN + 1];

	/* cim.h: virtual time 0 is CIM_EPOCH "20260101000000.000000+000". */
	cr_assert_eq(cimxml_parse_datetime("20260101000000.000000+000", &ns), 0);
	cr_expect_eq(ns, 0);
	/* cim-valuemaps.md: TimeBeforeRemoval defaults to 5 minutes. */
	cr_assert_eq(cimxml_parse_interval("00000000000500.000000:000", &ns), 0);
	cr_expect_eq(ns, 300ull * 1000000000ull);
	/* 2026-03-01 is day 59 after the epoch (2026 is no leap year). */
	cr_assert_eq(cimxml_parse_datetime("20260301000000.000001+000", &ns), 0);
	cr_expect_eq(ns, 59ull * 86400 * 1000000000ull + 1000);
	cr_assert_eq(cimxml_parse_datetime("", &ns), 0);
	cr_expect_eq(ns, CIM_TIME_NULL);
	/* round trips with libsrcim's writer */
	for (uint64_t v = 0; v < 4000000000000000000ull; v = v * 7 + 123456789000ull) {
		uint64_t back = 0;

		cr_assert_eq(cimxml_parse_datetime(cim_datetime(v, buf), &back), 0, "%s", buf);
		cr_expect_eq(back, v / 1000 * 1000, "%s", buf);
		cr_assert_eq(cimxml_parse_interval(cim_interval(v, buf), &back), 0, "%s", buf);
		cr_expect_eq(back, v / 1000 * 1000, "%s", buf);
	}
}

Test(codec, datetime_rejects_what_is_not_one)
{
	static const char *bad[] = {
	    "20261301000000.000000+000", /* month 13 */
	    "20260230000000.000000+000", /* Feb 30 */
	    "20260101240000.000000+000", /* hour 24 */
	    "20260101000000.000000+060", /* not UTC */
	    "20251231235959.999999+000", /* before the epoch */
	    "2026010100000.000000+000",	 /* short */
	    "20260101000000,000000+000", /* no dot */
	    "2026010100000*.000000+000", /* wildcards */
	    "00000000000500.000000:000", /* an interval is no timestamp */
	};
	uint64_t ns;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_neq(cimxml_parse_datetime(bad[i], &ns), 0, "%s", bad[i]);
	cr_expect_neq(cimxml_parse_interval("20260101000000.000000+000", &ns), 0);
	cr_expect_neq(cimxml_parse_interval("00000000000500.000000:001", &ns), 0);
	cr_expect_neq(cimxml_parse_interval("99999999000000.000000:000", &ns), 0, "overflows");
	cr_expect_neq(cimxml_parse_datetime(NULL, &ns), 0);
}

Test(codec, cim_error_instance_has_all_15_properties)
{
	cim_error e = io_error();
	cimxml_buf b;
	xmlDoc *d;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_enc_error(&b, &e), 0);
	d = xu_parse(b.data, b.len);
	cr_expect_eq(xu_count(d, "/INSTANCE[@CLASSNAME='CIM_Error']"), 1);
	cr_expect_eq(xu_count(d, "/INSTANCE/PROPERTY | /INSTANCE/PROPERTY.ARRAY"), 15);
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='MessageID'][@TYPE='string']/VALUE", "SR1001");
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='ErrorType'][@TYPE='uint16']/VALUE", "5");
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='PerceivedSeverity'][@TYPE='uint16']/VALUE",
		      "6");
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='ProbableCause'][@TYPE='uint16']/VALUE", "24");
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='CIMStatusCode'][@TYPE='uint32']/VALUE", "1");
	xu_expect_str(d, "/INSTANCE/PROPERTY[@NAME='ErrorSourceFormat']/VALUE", "2");
	xu_expect_str(
	    d, "/INSTANCE/PROPERTY[@NAME='ErrorSource']/VALUE",
	    "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"SRSIM:1\"");
	/* NULL properties have no VALUE (DSP0201) */
	cr_expect_eq(xu_count(d, "/INSTANCE/PROPERTY[@NAME='OtherErrorType']"), 1);
	cr_expect_eq(xu_count(d, "/INSTANCE/PROPERTY[@NAME='OtherErrorType']/VALUE"), 0);
	cr_expect_eq(xu_count(d, "/INSTANCE/PROPERTY[@NAME='OtherErrorSourceFormat']/VALUE"), 0);
	/* arrays */
	cr_expect_eq(xu_count(d,
			      "/INSTANCE/PROPERTY.ARRAY[@NAME='MessageArguments'][@TYPE='string']"
			      "/VALUE.ARRAY/VALUE"),
		     3);
	xu_expect_str(d,
		      "/INSTANCE/PROPERTY.ARRAY[@NAME='RecommendedActions']/VALUE.ARRAY/VALUE[1]",
		      "Check the disk & <volume> \"D:\"");
	xmlFreeDoc(d);
	cimxml_buf_free(&b);
}

Test(codec, cim_error_round_trips_through_the_client_decoder)
{
	cim_error e = io_error(), *back;
	cimxml_buf b;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_enc_error(&b, &e), 0);
	back = cimxml_decode_error_text(b.data, b.len);
	cr_assert_not_null(back);
	cr_expect(cim_error_equal(&e, back), "decoded Error differs:\n%s", b.data);
	cr_expect_null(back->other_error_type, "a NULL property stays NULL");
	cim_error_free(back);
	cimxml_buf_free(&b);
}

Test(codec, job_instance_and_name)
{
	cim_job j = failed_job(), *back;
	cimxml_buf b;
	xmlDoc *d;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_enc_named_job(&b, &j), 0);
	d = xu_parse(b.data, b.len);
	cr_expect_eq(xu_count(d, "/VALUE.NAMEDINSTANCE/INSTANCENAME[@CLASSNAME='SRSIM_ReplicaJob']"
				 "/KEYBINDING[@NAME='InstanceID']/KEYVALUE[@VALUETYPE='string']"),
		     1);
	xu_expect_str(d, "/VALUE.NAMEDINSTANCE/INSTANCENAME/KEYBINDING/KEYVALUE", "SRSIM:1");
	xu_expect_str(d, "//INSTANCE/PROPERTY[@NAME='JobState'][@TYPE='uint16']/VALUE", "10");
	cr_expect_eq(xu_count(d, "//INSTANCE/PROPERTY.ARRAY[@NAME='OperationalStatus']"
				 "[@TYPE='uint16']/VALUE.ARRAY/VALUE"),
		     2);
	xu_expect_str(d, "//PROPERTY.ARRAY[@NAME='OperationalStatus']//VALUE[1]", "6");
	xu_expect_str(d, "//PROPERTY.ARRAY[@NAME='OperationalStatus']//VALUE[2]", "17");
	xu_expect_str(d, "//PROPERTY[@NAME='TimeSubmitted'][@TYPE='datetime']/VALUE",
		      "20260101000000.000000+000");
	xu_expect_str(d, "//PROPERTY[@NAME='TimeBeforeRemoval'][@TYPE='datetime']/VALUE",
		      "00000000000500.000000:000");
	xu_expect_str(d, "//PROPERTY[@NAME='DeleteOnCompletion'][@TYPE='boolean']/VALUE", "TRUE");
	xmlFreeDoc(d);
	cimxml_buf_free(&b);

	/* back through the client decoder */
	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_instances(&b, "7", "GetInstance", &(cim_job *){&j}, 1, false), 0);
	{
		cimxml_response *r = NULL;
		char err[CIMXML_ERRLEN];

		cr_assert_eq(cimxml_parse_response(b.data, b.len, 0, &r, err, sizeof err), 0, "%s",
			     err);
		cr_assert_eq(r->n_jobs, 1);
		back = r->jobs[0];
		cr_expect_str_eq(back->instance_id, "SRSIM:1");
		cr_expect_str_eq(back->class_name, "SRSIM_ReplicaJob");
		cr_expect_eq(back->job_state, 10);
		cr_expect_eq(back->n_op_status, 2);
		cr_expect_eq(back->op_status[0], 6);
		cr_expect_eq(back->op_status[1], 17);
		cr_expect_eq(back->time_submitted, 0);
		cr_expect_eq(back->elapsed_time, 61500000000ull);
		cr_expect_eq(back->time_of_last_state_change, 62500000000ull);
		cr_expect_eq(back->time_before_removal, 300000000000ull);
		cr_expect_eq(back->percent_complete, 50);
		cr_expect_str_eq(back->owner, "alice");
		cr_expect_eq(back->error_code, 5);
		cr_expect(back->delete_on_completion);
		cimxml_response_free(r);
	}
	cimxml_buf_free(&b);
}

/* cim-valuemaps.md, "CIM-XML encoding of the Error output". */
Test(codec, geterror_response_embeds_the_error)
{
	cim_error e = io_error(), *back;
	cimxml_buf b;
	xmlDoc *d;
	char *text;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "42", 0, &e, false), 0);
	d = xu_parse(b.data, b.len);
	xu_expect_str(d, "/CIM/MESSAGE/@ID", "42");
	cr_expect_eq(xu_count(d, "/CIM/MESSAGE/SIMPLERSP/METHODRESPONSE[@NAME='GetError']"), 1);
	xu_expect_str(d, "//METHODRESPONSE/RETURNVALUE[@PARAMTYPE='uint32']/VALUE", "0");
	cr_expect_eq(xu_count(d, "//METHODRESPONSE/PARAMVALUE[@NAME='Error'][@PARAMTYPE='string']"
				 "[@EmbeddedObject='instance']"),
		     1);
	/* the VALUE holds the INSTANCE as escaped text, not as elements */
	cr_expect_eq(xu_count(d, "//PARAMVALUE/VALUE/*"), 0);
	text = xu_str(d, "//PARAMVALUE[@NAME='Error']/VALUE");
	back = cimxml_decode_error_text(text, strlen(text));
	cr_assert_not_null(back, "VALUE is not an embedded instance: %s", text);
	cr_expect(cim_error_equal(&e, back));
	cim_error_free(back);
	free(text);
	xmlFreeDoc(d);
	cimxml_buf_free(&b);
}

Test(codec, null_error_is_a_paramvalue_without_child_or_left_out)
{
	cimxml_buf b;
	xmlDoc *d;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 0, NULL, false), 0);
	d = xu_parse(b.data, b.len);
	cr_expect_eq(xu_count(d, "//PARAMVALUE[@NAME='Error'][@PARAMTYPE='string']"), 1);
	cr_expect_eq(xu_count(d, "//PARAMVALUE[@NAME='Error']/node()"), 0);
	xmlFreeDoc(d);
	cimxml_buf_reset(&b);
	/* 6 Access Denied, NULL Error, the wbemcli-compatible form */
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 6, NULL, true), 0);
	d = xu_parse(b.data, b.len);
	xu_expect_str(d, "//RETURNVALUE/VALUE", "6");
	cr_expect_eq(xu_count(d, "//PARAMVALUE"), 0);
	xmlFreeDoc(d);
	cimxml_buf_free(&b);
}

Test(codec, geterrors_is_a_value_array)
{
	cim_error e1 = io_error(), e2 = io_error();
	cim_error *v[] = {&e1, &e2};
	cimxml_buf b;
	cimxml_response *r = NULL;
	char err[CIMXML_ERRLEN];
	xmlDoc *d;

	e2.message_id = "SR1002";
	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_geterrors(&b, "1", 0, v, 2, false), 0);
	d = xu_parse(b.data, b.len);
	cr_expect_eq(xu_count(d, "//PARAMVALUE[@NAME='Errors'][@PARAMTYPE='string']"
				 "[@EmbeddedObject='instance']/VALUE.ARRAY/VALUE"),
		     2);
	xmlFreeDoc(d);
	cr_assert_eq(cimxml_parse_response(b.data, b.len, 0, &r, err, sizeof err), 0, "%s", err);
	cr_assert_eq(r->n_errors, 2);
	cr_expect_str_eq(r->errors[1]->message_id, "SR1002");
	cr_expect(cim_error_equal(&e1, r->errors[0]));
	cimxml_response_free(r);
	cimxml_buf_free(&b);
}

Test(codec, error_message_and_class)
{
	cimxml_buf b;
	xmlDoc *d;

	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_error(&b, "3", true, "DeleteInstance", 7, NULL), 0);
	d = xu_parse(b.data, b.len);
	xu_expect_str(d, "//IMETHODRESPONSE[@NAME='DeleteInstance']/ERROR/@CODE", "7");
	xu_expect_str(d, "//ERROR/@DESCRIPTION", "CIM_ERR_NOT_SUPPORTED");
	xmlFreeDoc(d);
	cimxml_buf_reset(&b);
	cr_assert_eq(cimxml_rsp_class(&b, "3", "SRSIM_ReplicaJob", false), 0);
	d = xu_parse(b.data, b.len);
	cr_expect_eq(
	    xu_count(d, "//CLASS[@NAME='SRSIM_ReplicaJob'][@SUPERCLASS='CIM_ConcreteJob']"), 1);
	cr_expect_eq(xu_count(d, "//CLASS/PROPERTY[@NAME='InstanceID']/QUALIFIER[@NAME='Key']"), 1);
	cr_expect_eq(xu_count(d,
			      "//METHOD[@NAME='GetError'][@TYPE='uint32']/PARAMETER[@NAME='Error']"
			      "/QUALIFIER[@NAME='EmbeddedInstance']"),
		     1);
	cr_expect_eq(xu_count(d, "//METHOD[@NAME='GetErrors']"), 0, "2.22.0 has no GetErrors");
	cr_expect_eq(xu_count(d, "//METHOD[@NAME='RequestStateChange']/PARAMETER"
				 "[@NAME='RequestedState'][@TYPE='uint16']"),
		     1);
	xmlFreeDoc(d);
	cimxml_buf_free(&b);
}

Test(codec, escaping_keeps_text_exact)
{
	cim_error e = io_error(), *back;
	cimxml_buf b;

	e.message = "a&b<c>d\"e'f\r\ng\th";
	cimxml_buf_init(&b);
	cr_assert_eq(cimxml_rsp_geterror(&b, "1", 0, &e, false), 0);
	{
		cimxml_response *r = NULL;
		char err[CIMXML_ERRLEN];

		cr_assert_eq(cimxml_parse_response(b.data, b.len, 0, &r, err, sizeof err), 0, "%s",
			     err);
		back = r->error;
		cr_assert_not_null(back);
		cr_expect_str_eq(back->message, "a&b<c>d\"e'f\r\ng\th");
		cr_expect_not(r->error_not_embedded);
		cimxml_response_free(r);
	}
	cimxml_buf_free(&b);
}
