/* test_cim_mof.c - MOF text of CIM_Error and job instances. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "srh/cim.h"
#include "test_fixture_cim.h"

static void expect_line(const char *mof, const char *line)
{
	cr_expect_not_null(strstr(mof, line), "missing line:\n%s\nin:\n%s", line, mof);
}

Test(mof, error_has_every_property)
{
	cim_error *e = fx_error();
	char *mof = cim_error_mof(e);

	cr_assert_not_null(mof);
	cr_expect_eq(strncmp(mof, "instance of CIM_Error {\n", 24), 0, "%s", mof);
	cr_expect_str_eq(mof + strlen(mof) - 3, "};\n");
	expect_line(mof, "\n    ErrorType = 5; // Hardware Error\n");
	expect_line(mof, "\n    OtherErrorType = NULL;\n");
	expect_line(mof, "\n    OwningEntity = \"SRSIM\";\n");
	expect_line(mof, "\n    MessageID = \"SR1001\";\n");
	expect_line(mof, "\n    Message = \"I/O error on D: at offset 4096 (EIO)\";\n");
	expect_line(mof, "\n    MessageArguments = {\"D:\", \"node-b\", \"4096\", \"EIO\"};\n");
	expect_line(mof, "\n    PerceivedSeverity = 6; // Critical\n");
	expect_line(mof, "\n    ProbableCause = 24; // I/O Device Error\n");
	expect_line(mof, "\n    ProbableCauseDescription = NULL;\n");
	expect_line(
	    mof,
	    "\n    RecommendedActions = {\"Check the disk.\", \"Resume the partnership.\"};\n");
	expect_line(mof,
		    "\n    ErrorSource = \"SRSIM_ReplicaJob.InstanceID=\\\"SRSIM:job-1\\\"\";\n");
	expect_line(mof, "\n    ErrorSourceFormat = 2; // CIMObjectPath\n");
	expect_line(mof, "\n    OtherErrorSourceFormat = NULL;\n");
	expect_line(mof, "\n    CIMStatusCode = 1; // CIM_ERR_FAILED\n");
	expect_line(mof, "\n    CIMStatusCodeDescription = \"CIM_ERR_FAILED\";\n");
	free(mof);
	cim_error_free(e);
}

Test(mof, error_escapes_and_nulls)
{
	cim_error *e = fx_error();
	char *mof;

	free(e->message);
	e->message = fx_str("say \"hi\" to C:\\vol\nnext\tline\x01");
	for (size_t i = 0; i < e->n_message_arguments; i++)
		free(e->message_arguments[i]);
	free(e->message_arguments);
	e->message_arguments = NULL;
	e->n_message_arguments = 0;
	for (size_t i = 0; i < e->n_recommended_actions; i++)
		free(e->recommended_actions[i]);
	e->n_recommended_actions = 0;
	e->probable_cause = 131; /* DMTF reserved */
	e->cim_status_code = 0;	 /* no 0 in CIMStatusCode */
	mof = cim_error_mof(e);
	cr_assert_not_null(mof);
	expect_line(mof, "\n    Message = \"say \\\"hi\\\" to C:\\\\vol\\nnext\\tline\\x0001\";\n");
	expect_line(mof, "\n    MessageArguments = NULL;\n");
	expect_line(mof, "\n    RecommendedActions = {};\n");
	expect_line(mof, "\n    ProbableCause = 131; // (reserved)\n");
	expect_line(mof, "\n    CIMStatusCode = 0; // (reserved)\n");
	cr_expect_null(cim_error_mof(NULL));
	free(mof);
	cim_error_free(e);
}

Test(mof, job_has_every_property)
{
	cim_job *j = fx_job();
	char *mof = cim_job_mof(j);

	cr_assert_not_null(mof);
	cr_expect_eq(strncmp(mof, "instance of SRSIM_ReplicaJob {\n", 31), 0, "%s", mof);
	cr_expect_str_eq(mof + strlen(mof) - 3, "};\n");
	expect_line(mof, "\n    InstanceID = \"SRSIM:job-1\";\n");
	expect_line(mof, "\n    Name = \"initial sync rg1\";\n");
	expect_line(mof, "\n    JobState = 10; // Exception\n");
	expect_line(mof, "\n    OperationalStatus = {6, 17}; // Error, Completed\n");
	expect_line(mof, "\n    TimeSubmitted = \"20260101000000.000000+000\";\n");
	expect_line(mof, "\n    StartTime = \"20260101000001.000000+000\";\n");
	expect_line(mof, "\n    ElapsedTime = \"00000000000500.000000:000\";\n");
	expect_line(mof, "\n    TimeOfLastStateChange = \"20260101000501.000000+000\";\n");
	expect_line(mof, "\n    TimeBeforeRemoval = \"00000000000500.000000:000\";\n");
	expect_line(mof, "\n    PercentComplete = 42;\n");
	expect_line(mof, "\n    Owner = \"CONTOSO\\\\alice\";\n");
	expect_line(mof, "\n    ErrorCode = 1;\n");
	expect_line(mof, "\n    ErrorDescription = \"I/O error\";\n");
	expect_line(mof, "\n    DeleteOnCompletion = TRUE;\n");
	free(mof);
	cim_job_free(j);
}

Test(mof, job_defaults_and_nulls)
{
	cim_job *j = fx_job();
	char *mof;

	free(j->class_name);
	j->class_name = NULL;
	j->start_time = CIM_TIME_NULL;
	j->elapsed_time = CIM_TIME_NULL;
	j->job_state = 32768; /* vendor */
	j->op_status[0] = 0x8001;
	j->n_op_status = 1;
	j->delete_on_completion = false;
	mof = cim_job_mof(j);
	cr_assert_not_null(mof);
	cr_expect_eq(strncmp(mof, "instance of CIM_ConcreteJob {\n", 30), 0, "%s", mof);
	expect_line(mof, "\n    StartTime = NULL;\n");
	expect_line(mof, "\n    ElapsedTime = NULL;\n");
	expect_line(mof, "\n    JobState = 32768; // (vendor specific)\n");
	expect_line(mof, "\n    OperationalStatus = {32769}; // (vendor specific)\n");
	expect_line(mof, "\n    DeleteOnCompletion = FALSE;\n");
	cr_expect_null(cim_job_mof(NULL));
	free(mof);
	cim_job_free(j);
}
