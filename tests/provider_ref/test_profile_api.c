/*
 * The public profile library (srh/prov_profile.h, srprofile), as the
 * harness uses it: the default profile loads, each class's expected Error
 * is contract.md's reference-profile row (numbers written out here from
 * contract.md and cim-valuemaps.md), the template's strings are fnmatch
 * patterns matching the profile's text literally, and a bad file fails
 * with "file:line: message".
 */
#include <criterion/criterion.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh/prov_profile.h"
#include "tpr.h"

/* contract.md, "The reference profile" (CIMStatusCodeDescription is the
 * CIMStatusCode's ValueMap name in cim-valuemaps.md). */
typedef struct api_row {
	const char *cls;
	uint16_t et;
	const char *other_et;
	uint16_t sev, pc;
	uint32_t sc;
	const char *scd;
} api_row;

static const api_row io_error_row = {"io_error", 5, NULL, 6, 24, 1, "CIM_ERR_FAILED"};
static const api_row terminate_row = {"client_terminate", 1, "Terminated by client", 2, 1, 1,
				      "CIM_ERR_FAILED"};
static const api_row auth_row = {"auth_refused", 7, NULL, 5, 117, 2, "CIM_ERR_ACCESS_DENIED"};

static prov_profile *load_ok(const char *path)
{
	char err[1024] = "";
	prov_profile *pf = prov_profile_load(path, err, sizeof err);

	cr_assert_not_null(pf, "load %s: %s", path ? path : "(default)", err);
	return pf;
}

/* The checker compares with fnmatch(pattern, observed, 0). */
static bool matches(const char *pattern, const char *s)
{
	return pattern && s && fnmatch(pattern, s, 0) == 0;
}

static void check_template(const prov_profile *pf, const api_row *r)
{
	int fc = prov_fault_class_find(r->cls);
	cr_assert_neq(fc, PROV_FC_NONE, "%s is a fault class", r->cls);
	const cim_error *t = prov_profile_template(pf, fc);

	cr_assert_not_null(t, "%s", r->cls);
	cr_expect_eq(t->error_type, r->et, "%s ErrorType", r->cls);
	if (r->other_et)
		cr_expect(matches(t->other_error_type, r->other_et), "%s OtherErrorType", r->cls);
	else
		cr_expect_null(t->other_error_type, "%s OtherErrorType", r->cls);
	cr_expect_eq(t->perceived_severity, r->sev, "%s PerceivedSeverity", r->cls);
	cr_expect_eq(t->probable_cause, r->pc, "%s ProbableCause", r->cls);
	cr_expect_eq(t->cim_status_code, r->sc, "%s CIMStatusCode", r->cls);
	cr_expect(matches(t->cim_status_code_description, r->scd), "%s CIMStatusCodeDescription",
		  r->cls);
	cr_expect(matches(t->owning_entity, "SRSIM"), "%s OwningEntity", r->cls);
	cr_expect(!matches(t->owning_entity, "SRSIMX"), "OwningEntity is exact");
	/* MessageID: SR<4 digits>, a literal (no pattern characters). */
	cr_assert_not_null(t->message_id);
	cr_expect_eq(fnmatch("SR[0-9][0-9][0-9][0-9]", t->message_id, 0), 0, "%s MessageID %s",
		     r->cls, t->message_id);
	cr_expect(matches(t->message_id, t->message_id));
	cr_expect_eq(t->error_source_format, 2, "ErrorSourceFormat 2 CIMObjectPath");
	cr_expect_geq(t->n_recommended_actions, 1u, "at least one RecommendedActions entry");
	cr_expect_eq(t->n_recommended_actions, pf->cls[fc].n_actions);
	/* Per-job text is not compared. */
	cr_expect_null(t->message);
	cr_expect_null(t->message_arguments);
	cr_expect_eq(t->n_message_arguments, 0u);
	cr_expect_null(t->error_source);
	cr_expect_null(t->other_error_source_format);
	cr_expect_null(t->probable_cause_description);
}

Test(profile_api, default_path_is_the_reference_profile)
{
	const char *p = prov_profile_default_path();
	const char *tail = "provider/profiles/reference.yaml";

	cr_assert_not_null(p);
	cr_assert_geq(strlen(p), strlen(tail));
	cr_expect_str_eq(p + strlen(p) - strlen(tail), tail);
	prov_profile *a = load_ok(NULL), *b = load_ok(p);
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		cr_expect(cim_error_equal(prov_profile_template(a, i), prov_profile_template(b, i)),
			  "NULL path loads the default file (class %d)", i);
	}
	prov_profile_free(a);
	prov_profile_free(b);
}

Test(profile_api, templates_are_the_contract_rows)
{
	prov_profile *pf = load_ok(NULL);

	cr_expect(matches(pf->owning_entity, "SRSIM"));
	check_template(pf, &io_error_row);
	check_template(pf, &terminate_row);
	check_template(pf, &auth_row);
	/* MessageIDs are unique per class. */
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		for (int j = 0; j < i; j++)
			cr_expect_str_neq(prov_profile_template(pf, i)->message_id,
					  prov_profile_template(pf, j)->message_id);
	}
	prov_profile_free(pf);
}

Test(profile_api, template_is_a_well_formed_error)
{
	prov_profile *pf = load_ok(NULL);
	const cim_error *t = prov_profile_template(pf, prov_fault_class_find("disk_failure"));
	cim_error *d = cim_error_dup(t);

	cr_assert_not_null(d, "a template can be copied like any Error");
	cr_expect(cim_error_equal(t, d));
	cim_error_free(d);
	prov_profile_free(pf);
}

Test(profile_api, out_of_range_class_has_no_template)
{
	prov_profile *pf = load_ok(NULL);

	cr_expect_null(prov_profile_template(pf, PROV_FC_NONE));
	cr_expect_null(prov_profile_template(pf, PROV_FC_COUNT));
	cr_expect_null(prov_profile_template(pf, 1000));
	cr_expect_null(prov_profile_template(NULL, 0));
	cr_expect_not_null(prov_profile_template(pf, PROV_FC_COUNT - 1));
	prov_profile_free(pf);
	prov_profile_free(NULL);
}

Test(profile_api, fault_class_ids_round_trip)
{
	static const char *const ids[] = {"io_error",	   "disk_failure",     "log_full",
					  "partition",	   "conn_reset",       "timeout",
					  "partner_crash", "auth_refused",     "engine_oom",
					  "engine_bug",	   "client_terminate", "client_kill"};

	cr_assert_eq(PROV_FC_COUNT, (int)(sizeof ids / sizeof ids[0]));
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		cr_expect_eq(prov_fault_class_find(ids[i]), i, "%s", ids[i]);
		cr_expect_str_eq(prov_fault_class_id(i), ids[i]);
	}
	cr_expect_eq(prov_fault_class_find("io"), PROV_FC_NONE);
	cr_expect_eq(prov_fault_class_find(NULL), PROV_FC_NONE);
	cr_expect_null(prov_fault_class_id(PROV_FC_NONE));
	cr_expect_null(prov_fault_class_id(PROV_FC_COUNT));
}

Test(profile_api, template_placeholders)
{
	char err[256] = "";

	cr_expect_eq(prov_profile_tmpl_check("on {volume} at {offset} by {requested_by} ({job})",
					     err, sizeof err),
		     0, "%s", err);
	cr_expect_eq(prov_profile_tmpl_check("a literal {{ brace", err, sizeof err), 0, "%s", err);
	cr_expect_eq(prov_profile_tmpl_check("{host}", err, sizeof err), -1);
	cr_expect(strstr(err, "{host}"), "names the bad placeholder: %s", err);
	cr_expect(strstr(err, "{volume}"), "lists the allowed ones: %s", err);
	cr_expect_eq(prov_profile_tmpl_check("a } b", err, sizeof err), -1);
	cr_expect_eq(prov_profile_tmpl_check("a {volume", err, sizeof err), -1);
	cr_expect_eq(prov_profile_placeholder("errno", 5), PROV_PH_ERRNO);
	cr_expect_eq(prov_profile_placeholder("errnox", 5), PROV_PH_ERRNO);
	cr_expect_eq(prov_profile_placeholder("err", 3), -1);
}

/* ---- other files -------------------------------------------------------- */

/* The text of the reference profile (malloc'd). */
static char *reference_text(void)
{
	FILE *f = fopen(prov_profile_default_path(), "rb");
	cr_assert_not_null(f);
	char *buf = calloc(1, 65536);
	cr_assert_not_null(buf);
	size_t n = fread(buf, 1, 65535, f);
	cr_assert(n > 0 && n < 65535);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

/* The reference text with the first `from` replaced by `to`; *line gets
 * the 1-based line of the replacement. */
static char *reference_with(const char *from, const char *to, int *line)
{
	char *ref = reference_text();
	char *at = strstr(ref, from);
	cr_assert_not_null(at, "'%s' in reference.yaml", from);
	size_t len = strlen(ref) - strlen(from) + strlen(to) + 1;
	char *out = malloc(len);
	cr_assert_not_null(out);
	snprintf(out, len, "%.*s%s%s", (int)(at - ref), ref, to, at + strlen(from));
	*line = 1;
	for (const char *s = ref; s < at; s++)
		*line += *s == '\n';
	free(ref);
	char *path = tpr_tmp(out);
	free(out);
	return path;
}

static void expect_error_at(const char *path, int line, const char *needle)
{
	char err[1024] = "", prefix[512];
	prov_profile *pf = prov_profile_load(path, err, sizeof err);

	cr_expect_null(pf, "the profile must be refused");
	prov_profile_free(pf);
	snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	cr_expect_eq(strncmp(err, prefix, strlen(prefix)), 0, "expected '%s...', got '%s'", prefix,
		     err);
	cr_expect(strstr(err, needle), "'%s' not in '%s'", needle, err);
}

Test(profile_api, bad_value_is_refused_with_file_and_line)
{
	int line = 0;
	/* cim-valuemaps.md: PerceivedSeverity 8.. is DMTF Reserved. */
	char *path = reference_with("PerceivedSeverity: Critical", "PerceivedSeverity: 8", &line);

	cr_assert_gt(line, 20, "the io_error entry is below the header comment");
	expect_error_at(path, line, "PerceivedSeverity 8");
	tpr_rm(path);
}

Test(profile_api, unknown_key_and_yaml_syntax_errors_name_the_line)
{
	char *path = tpr_tmp("OwningEntity: ACME\nVendorNotes: hi\nClasses: {}\n");

	expect_error_at(path, 2, "unknown key 'VendorNotes'");
	tpr_rm(path);
	path = tpr_tmp("OwningEntity: ACME\nClasses:\n  io_error: [\n");
	char err[512] = "";
	cr_expect_null(prov_profile_load(path, err, sizeof err));
	cr_expect_eq(strncmp(err, path, strlen(path)), 0, "%s", err);
	cr_expect_eq(err[strlen(path)], ':', "file:line: %s", err);
	tpr_rm(path);
}

Test(profile_api, missing_file_names_the_file)
{
	char err[512] = "";

	cr_expect_null(prov_profile_load("/nonexistent/srh-profile.yaml", err, sizeof err));
	cr_expect(strstr(err, "/nonexistent/srh-profile.yaml"), "%s", err);
}

Test(profile_api, template_strings_match_the_profile_text_literally)
{
	int line = 0;
	const char *odd = "Stopped [by] *client?";
	char *path = reference_with("OtherErrorType: Terminated by client",
				    "OtherErrorType: \"Stopped [by] *client?\"", &line);
	prov_profile *pf = load_ok(path);
	const cim_error *t = prov_profile_template(pf, prov_fault_class_find("client_terminate"));

	cr_assert_not_null(t);
	cr_expect(matches(t->other_error_type, odd), "pattern %s", t->other_error_type);
	cr_expect(!matches(t->other_error_type, "Stopped b xclient!"), "no wildcards");
	cr_expect_str_eq(pf->cls[prov_fault_class_find("client_terminate")].other_error_type, odd,
			 "the class keeps the text itself");
	prov_profile_free(pf);
	tpr_rm(path);
}

/* Copy the reference profile to a temp file so the test can change it. */
static void copy_file(const char *from, const char *to)
{
	char buf[4096];
	size_t n;
	FILE *in = fopen(from, "rb");
	FILE *out = fopen(to, "wb");

	cr_assert(in && out, "cannot copy %s to %s", from, to);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		cr_assert_eq(fwrite(buf, 1, n, out), n);
	cr_assert_eq(fclose(in), 0);
	cr_assert_eq(fclose(out), 0);
}

Test(profile_api, acquire_shares_an_unchanged_file_and_rereads_an_edited_one)
{
	char err[512] = "", path[] = "/tmp/srh-profile-XXXXXX";
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(close(fd), 0);
	copy_file(prov_profile_default_path(), path);

	prov_profile *a = prov_profile_acquire(path, err, sizeof err);
	prov_profile *b = prov_profile_acquire(path, err, sizeof err);
	cr_assert(a && b, "%s", err);
	cr_expect_eq(a, b, "an unchanged file is parsed once");

	/* An edit (size and mtime change) must be seen by the next open. */
	FILE *f = fopen(path, "ab");
	cr_assert(f);
	cr_assert_geq(fputs("\n# edited\n", f), 0);
	cr_assert_eq(fclose(f), 0);
	prov_profile *c = prov_profile_acquire(path, err, sizeof err);
	cr_assert(c, "%s", err);
	cr_expect_neq(c, a, "an edited file is parsed again");
	cr_expect_str_eq(c->owning_entity, "SRSIM");

	prov_profile_release(a);
	prov_profile_release(b);
	prov_profile_release(c);
	prov_profile_release(NULL);

	/* A file that does not parse is an error, as with prov_profile_load. */
	f = fopen(path, "wb");
	cr_assert(f);
	cr_assert_geq(fputs("OwningEntity: [\n", f), 0);
	cr_assert_eq(fclose(f), 0);
	cr_expect_null(prov_profile_acquire(path, err, sizeof err));
	cr_expect(strstr(err, path) != NULL, "error names the file: %s", err);
	cr_assert_eq(unlink(path), 0);
}
