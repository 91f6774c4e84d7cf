/*
 * The reference profile (contract.md, "The reference profile"): every
 * fault class gives the CIM_Error properties of the table, written out
 * here from contract.md. And profile files that break the rules fail the
 * open with "file:line: message".
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpr.h"

typedef struct prof_row {
	const char *cls;
	uint16_t et;
	const char *other_et;
	uint16_t sev, pc;
	uint32_t sc;
	const char *scd;
} prof_row;

/* contract.md's table; CIMStatusCodeDescription from cim-valuemaps.md. */
static const prof_row contract_table[] = {
    {"io_error", 5, NULL, 6, 24, 1, "CIM_ERR_FAILED"},
    {"disk_failure", 5, NULL, 7, 86, 1, "CIM_ERR_FAILED"},
    {"log_full", 9, NULL, 5, 50, 1, "CIM_ERR_FAILED"},
    {"partition", 2, NULL, 5, 5, 1, "CIM_ERR_FAILED"},
    {"conn_reset", 2, NULL, 5, 69, 1, "CIM_ERR_FAILED"},
    {"timeout", 3, NULL, 5, 111, 1, "CIM_ERR_FAILED"},
    {"partner_crash", 2, NULL, 6, 72, 1, "CIM_ERR_FAILED"},
    {"auth_refused", 7, NULL, 5, 117, 2, "CIM_ERR_ACCESS_DENIED"},
    {"engine_oom", 8, NULL, 6, 33, 1, "CIM_ERR_FAILED"},
    {"engine_bug", 4, NULL, 7, 47, 1, "CIM_ERR_FAILED"},
    {"client_terminate", 1, "Terminated by client", 2, 1, 1, "CIM_ERR_FAILED"},
    {"client_kill", 1, "Killed by client", 3, 1, 1, "CIM_ERR_FAILED"},
};
#define N_CLASSES (sizeof contract_table / sizeof contract_table[0])

static void end_with(tpr *t, const char *job, const char *cls)
{
	bool term = strcmp(cls, "client_terminate") == 0, kill = strcmp(cls, "client_kill") == 0;
	if (!term && !kill) {
		tpr_failed(t, job, cls);
		return;
	}
	prov_fault f = {.fault_class = cls};
	tpr_running(t, job);
	cr_assert_eq(fh_end(&t->p, job, term ? CIM_JS_TERMINATED : CIM_JS_KILLED, &f, "alice"), 0);
}

static bool is_message_id(const char *m)
{
	return m && strlen(m) == 6 && m[0] == 'S' && m[1] == 'R' &&
	       strspn(m + 2, "0123456789") == 4;
}

static bool has_arg(const cim_error *e, const char *v)
{
	for (size_t i = 0; i < e->n_message_arguments; i++) {
		if (strcmp(e->message_arguments[i], v) == 0)
			return true;
	}
	return false;
}

static void check_row(const prof_row *r, const cim_error *e, const char *job)
{
	char path[256];

	cr_expect_eq(e->error_type, r->et, "%s ErrorType", r->cls);
	if (r->other_et)
		cr_expect_str_eq(e->other_error_type ? e->other_error_type : "", r->other_et);
	else
		cr_expect_null(e->other_error_type, "%s OtherErrorType only with Other", r->cls);
	cr_expect_eq(e->perceived_severity, r->sev, "%s PerceivedSeverity", r->cls);
	cr_expect_eq(e->probable_cause, r->pc, "%s ProbableCause", r->cls);
	if (r->pc == 1) {
		cr_assert_not_null(e->probable_cause_description, "%s", r->cls);
		cr_expect(strstr(e->probable_cause_description, "alice"), "names the request");
	}
	cr_expect_eq(e->cim_status_code, r->sc, "%s CIMStatusCode", r->cls);
	cr_expect_str_eq(e->cim_status_code_description, r->scd);
	cr_expect(is_message_id(e->message_id), "%s MessageID %s", r->cls, e->message_id);
	cr_expect_str_eq(e->owning_entity, "SRSIM");
	cr_expect_geq(e->n_recommended_actions, 1u, "%s", r->cls);
	for (size_t i = 0; i < e->n_recommended_actions; i++)
		cr_expect_gt(strlen(e->recommended_actions[i]), 0u);
	snprintf(path, sizeof path,
		 "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"SRSIM:%s\"",
		 job);
	cr_expect_str_eq(e->error_source, path);
	cr_expect_eq(e->error_source_format, 2);
	cr_expect_null(e->other_error_source_format);
	cr_assert_not_null(e->message);
	cr_expect_geq(e->n_message_arguments, 1u, "%s", r->cls);
	/* The Message is the template filled with its arguments, in order. */
	const char *at = e->message;
	for (size_t i = 0; i < e->n_message_arguments; i++) {
		const char *hit = strstr(at, e->message_arguments[i]);
		cr_expect_not_null(hit, "%s: argument '%s' in order in \"%s\"", r->cls,
				   e->message_arguments[i], e->message);
		if (hit)
			at = hit + strlen(e->message_arguments[i]);
	}
}

Test(profile, every_fault_class_gives_the_contract_table)
{
	tpr t;
	char *ids[N_CLASSES] = {0};

	tpr_open(&t, NULL, NULL);
	for (size_t i = 0; i < N_CLASSES; i++) {
		char job[8];
		cim_error *e = NULL;
		snprintf(job, sizeof job, "%zu", i + 1);
		end_with(&t, job, contract_table[i].cls);
		cr_assert_eq(tpr_get_error(&t, &tpr_owner, job, &e), 0, "%s",
			     contract_table[i].cls);
		cr_assert_not_null(e, "%s", contract_table[i].cls);
		check_row(&contract_table[i], e, job);
		ids[i] = strdup(e->message_id);
		for (size_t j = 0; j < i; j++)
			cr_expect_str_neq(ids[i], ids[j], "MessageID unique per class");
		tpr_free_error(&t, e);
	}
	for (size_t i = 0; i < N_CLASSES; i++)
		free(ids[i]);
	tpr_close(&t);
}

Test(profile, message_arguments_carry_the_fault_details)
{
	tpr t;
	cim_error *e = NULL;

	tpr_open(&t, NULL, NULL);
	tpr_failed(&t, "1", "io_error"); /* EIO on D: at offset 1048576 */
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
	cr_expect(has_arg(e, "EIO"));
	cr_expect(has_arg(e, "D:"));
	cr_expect(has_arg(e, "1048576"));
	tpr_free_error(&t, e);
	tpr_failed(&t, "2", "partition");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "2", &e), 0);
	cr_expect(has_arg(e, "sr-node-b"));
	tpr_free_error(&t, e);
	tpr_failed(&t, "3", "log_full");
	cr_assert_eq(tpr_get_error(&t, &tpr_owner, "3", &e), 0);
	cr_expect(has_arg(e, "ENOSPC"));
	cr_expect(has_arg(e, "L:"));
	tpr_free_error(&t, e);
	tpr_close(&t);
}

/* ---- profile files ------------------------------------------------------ */

#define LINES_PER_CLASS 9
#define FIRST_CLASS_LINE 3 /* 1 OwningEntity, 2 Classes: */

/* Line numbers in a generated profile (1-based). */
static int class_line(int cls)
{
	return FIRST_CLASS_LINE + LINES_PER_CLASS * cls;
}
static int field_line(int cls, int field)
{
	return class_line(cls) + 1 + field;
}
enum { F_ET, F_SEV, F_PC, F_SC, F_MID, F_MSG, F_RA, F_RA0 };

static const char *fc_ids[] = {"io_error",   "disk_failure", "log_full",	 "partition",
			       "conn_reset", "timeout",	     "partner_crash",	 "auth_refused",
			       "engine_oom", "engine_bug",   "client_terminate", "client_kill"};

/* A valid profile with numbers (names=false) or names, with line
 * `line` replaced by `text` (line 0: no change) and line `line2` by text2. */
static char *gen_profile2(bool names, int line, const char *text, int line2, const char *text2)
{
	char buf[8192];
	size_t off = 0;
	int ln = 0;
#define PUT(...)                                                                                   \
	do {                                                                                       \
		char l_[256];                                                                      \
		snprintf(l_, sizeof l_, __VA_ARGS__);                                              \
		ln++;                                                                              \
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s\n",                       \
					ln == line    ? text                                       \
					: ln == line2 ? text2                                      \
						      : l_);                                       \
	} while (0)
	PUT("OwningEntity: TESTCO");
	PUT("Classes:");
	for (int i = 0; i < 12; i++) {
		PUT("  %s:", fc_ids[i]);
		PUT("    ErrorType: %s", names ? "Communications Error" : "2");
		PUT("    PerceivedSeverity: %s", names ? "major" : "5");
		PUT("    ProbableCause: %s", names ? "Connection Establishment Error" : "5");
		PUT("    CIMStatusCode: %s", names ? "CIM_ERR_FAILED" : "1");
		PUT("    MessageID: T%04d", i);
		PUT("    Message: \"partner {partner} gone at {percent}%%\"");
		PUT("    RecommendedActions:");
		PUT("      - \"check {partner}\"");
	}
#undef PUT
	return tpr_tmp(buf);
}

static char *gen_profile(bool names, int line, const char *text)
{
	return gen_profile2(names, line, text, 0, NULL);
}

static void open_fails(const char *path, int line, const char *const *needles)
{
	tpr t;
	char err[1024] = "", prefix[512];

	cr_assert_neq(tpr_try_open(&t, NULL, path, NULL, err, sizeof err), 0,
		      "the profile must be refused");
	snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	cr_expect_eq(strncmp(err, prefix, strlen(prefix)), 0, "expected '%s...', got '%s'", prefix,
		     err);
	cr_expect_null(strchr(err, '\n'), "one line");
	for (; needles && *needles; needles++)
		cr_expect(strstr(err, *needles), "'%s' not in '%s'", *needles, err);
}

Test(profile_file, generated_profile_loads_with_numbers_or_names)
{
	for (int names = 0; names < 2; names++) {
		char *path = gen_profile(names, 0, NULL);
		tpr t;
		char err[512] = "";
		cim_error *e = NULL;
		cr_assert_eq(tpr_try_open(&t, NULL, path, NULL, err, sizeof err), 0, "%s", err);
		tpr_failed(&t, "1", "partition");
		cr_assert_eq(tpr_get_error(&t, &tpr_owner, "1", &e), 0);
		cr_expect_eq(e->error_type, 2);
		cr_expect_eq(e->perceived_severity, 5);
		cr_expect_eq(e->probable_cause, 5);
		cr_expect_str_eq(e->owning_entity, "TESTCO");
		cr_expect_str_eq(e->message_id, "T0003");
		cr_expect_str_eq(e->message, "partner sr-node-b gone at 37%");
		cr_assert_eq(e->n_message_arguments, 2u);
		cr_expect_str_eq(e->message_arguments[0], "sr-node-b");
		cr_expect_str_eq(e->message_arguments[1], "37");
		tpr_free_error(&t, e);
		tpr_close(&t);
		tpr_rm(path);
	}
}

typedef struct bad_case {
	int line;	       /* line replaced */
	const char *text;      /* its new text */
	int err_line;	       /* line the error must name */
	const char *needle[4]; /* NULL-terminated */
} bad_case;

Test(profile_file, broken_profiles_name_file_and_line)
{
	const bad_case cases[] = {
	    {field_line(0, F_SEV),
	     "    Colour: 5",
	     field_line(0, F_SEV),
	     {"unknown key 'Colour'", "PerceivedSeverity", NULL}},
	    {field_line(0, F_ET),
	     "    ErrorType: 11",
	     field_line(0, F_ET),
	     {"DMTF Reserved", "0 Unknown", "10 Unsupported Operation Error"}},
	    {field_line(1, F_SC),
	     "    CIMStatusCode: 0",
	     field_line(1, F_SC),
	     {"CIMStatusCode 0", "1 CIM_ERR_FAILED", NULL}},
	    {field_line(2, F_PC),
	     "    ProbableCause: 131",
	     field_line(2, F_PC),
	     {"DMTF Reserved", "130 Unexpected Information", NULL}},
	    {field_line(3, F_SEV),
	     "    PerceivedSeverity: 8",
	     field_line(3, F_SEV),
	     {"7 Fatal/NonRecoverable", NULL, NULL}},
	    {field_line(0, F_ET),
	     "    ErrorType: Hardware Failure",
	     field_line(0, F_ET),
	     {"Hardware Failure", "5 Hardware Error", NULL}},
	    {field_line(4, F_MID),
	     "    # no MessageID",
	     class_line(4) + 1,
	     {"missing field MessageID", "conn_reset", NULL}},
	    {class_line(0),
	     "  io_errors:",
	     class_line(0),
	     {"unknown fault class 'io_errors'", NULL, NULL}},
	    {class_line(1), "  io_error:", class_line(1), {"given twice", NULL, NULL}},
	    {field_line(5, F_MSG),
	     "    Message: \"lost {disk}\"",
	     field_line(5, F_MSG),
	     {"{disk}", "{volume}", NULL}},
	    {1, "Owner: TESTCO", 1, {"unknown key 'Owner'", NULL, NULL}},
	    {field_line(6, F_ET),
	     "    ErrorType: Other",
	     class_line(6) + 1,
	     {"OtherErrorType", NULL, NULL}},
	    {field_line(7, F_MID),
	     "    MessageID: T0000",
	     class_line(0) + 0 /* Classes map */,
	     {"unique", NULL, NULL}},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = gen_profile(false, cases[i].line, cases[i].text);
		int want = cases[i].err_line;
		/* A duplicate MessageID is only known once all classes are
		 * read: it is reported on the Classes mapping. */
		if (strstr(cases[i].text, "T0000"))
			want = FIRST_CLASS_LINE;
		open_fails(path, want, cases[i].needle);
		tpr_rm(path);
	}
}

Test(profile_file, recommended_actions_must_be_a_non_empty_list)
{
	const char *n1[] = {"at least one", NULL}, *n2[] = {"list of strings", NULL};
	char *path = gen_profile2(false, field_line(8, F_RA), "    RecommendedActions: []",
				  field_line(8, F_RA0), "    # none");
	open_fails(path, field_line(8, F_RA), n1);
	tpr_rm(path);
	path = gen_profile2(false, field_line(9, F_RA), "    RecommendedActions: none",
			    field_line(9, F_RA0), "    # none");
	open_fails(path, field_line(9, F_RA), n2);
	tpr_rm(path);
}

Test(profile_file, a_missing_class_and_a_missing_file_are_refused)
{
	char text[64];
	tpr t;
	char err[512] = "";

	/* Rename the last class to a comment: all its fields become part of
	 * client_terminate's mapping, so the file is cut after class 10. */
	char *full = gen_profile(false, 0, NULL);
	FILE *f = fopen(full, "r");
	cr_assert_not_null(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *cut = strstr(buf, "  client_kill:");
	cr_assert_not_null(cut);
	*cut = '\0';
	char *path = tpr_tmp(buf);
	snprintf(text, sizeof text, "missing fault class 'client_kill'");
	const char *needles[] = {text, NULL};
	open_fails(path, FIRST_CLASS_LINE, needles);
	tpr_rm(path);
	tpr_rm(full);

	cr_expect_neq(tpr_try_open(&t, NULL, "/nonexistent/profile.yaml", NULL, err, sizeof err),
		      0);
	cr_expect(strstr(err, "/nonexistent/profile.yaml"), "%s", err);
}

Test(profile_file, yaml_syntax_errors_name_the_line)
{
	char *path = gen_profile(false, field_line(0, F_SEV), "    PerceivedSeverity: [5");
	tpr t;
	char err[512] = "", prefix[300];

	cr_assert_neq(tpr_try_open(&t, NULL, path, NULL, err, sizeof err), 0);
	snprintf(prefix, sizeof prefix, "%s:", path);
	cr_expect_eq(strncmp(err, prefix, strlen(prefix)), 0, "%s", err);
	tpr_rm(path);
}
