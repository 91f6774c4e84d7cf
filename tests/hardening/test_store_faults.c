/*
 * Store faults through the provider's own libfiu points (srh/prov_faults.h):
 * a read of the job store failing as SQLITE_IOERR (prov/store/read), a
 * stored record read back damaged (prov/store/corrupt) and a busy store
 * (prov/store/busy). While armed, GetError/GetErrors/GetInstance give 4
 * Failed (busy: the provider's vendor code 32768, with its description)
 * and return nothing; disarmed, every job has exactly the Error it had
 * before (property by property), also after a restart: a fault never
 * corrupts a stored Error. A store file that is truncated or garbage fails
 * the open with one line naming the file.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>
#include <fiu.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sf.h"
#include "srh/prov_faults.h"

static void init_fiu(void)
{
	cr_assert_eq(fiu_init(0), 0);
}

TestSuite(store_faults, .init = init_fiu);

/* Every job, every read op, with point armed: fail_rc or (cached) the
 * reference. Returns how many calls failed. */
static int all_calls(sf *s, uint32_t fail_rc)
{
	int failed = 0;
	for (int k = 0; k < SF_N; k++) {
		failed += sf_get_error(s, k, fail_rc) != 0;
		failed += sf_get_errors(s, k, fail_rc) != 0;
		failed += sf_get_instance(s, k, fail_rc) != 0;
	}
	return failed;
}

static void armed_then_intact(const char *options, const char *point, uint32_t fail_rc,
			      int min_failed)
{
	sf s;

	sf_setup(&s, options);
	sf_restart(&s); /* nothing cached: the first reads go to the store */
	cr_assert_eq(fiu_enable(point, 1, NULL, 0), 0);
	int failed = all_calls(&s, fail_rc);
	cr_assert_eq(fiu_disable(point), 0);
	cr_expect_geq(failed, min_failed, "%s (%s): only %d calls failed", point, options, failed);
	sf_expect_intact(&s);
	sf_restart(&s);
	sf_expect_intact(&s);
	sf_teardown(&s);
}

Test(store_faults, read_error_gives_4_and_leaves_every_error_intact)
{
	/* cache=0: every call reads the job row: all 15 fail */
	armed_then_intact("cache=0", PROV_FP_STORE_READ, CIM_GE_FAILED, 3 * SF_N);
	/* cache=1: the first GetError of each ended job reads its record */
	armed_then_intact("cache=1", PROV_FP_STORE_READ, CIM_GE_FAILED, 3);
}

Test(store_faults, damaged_record_gives_4_and_leaves_every_error_intact)
{
	/* only the Error records are read back damaged: 3 jobs x 2 calls */
	armed_then_intact("cache=0", PROV_FP_STORE_CORRUPT, CIM_GE_FAILED, 6);
	armed_then_intact("cache=1", PROV_FP_STORE_CORRUPT, CIM_GE_FAILED, 3);
}

Test(store_faults, busy_store_gives_the_documented_vendor_code)
{
	sf s;

	armed_then_intact("cache=0", PROV_FP_STORE_BUSY, PROV_RC_STORE_BUSY, 3 * SF_N);
	sf_setup(&s, "cache=0");
	const char *d = s.p.ops->rc_description(s.p.ctx, PROV_RC_STORE_BUSY);
	cr_expect(d && d[0], "vendor code %u has a description", PROV_RC_STORE_BUSY);
	sf_teardown(&s);
}

/* libfiu's external trigger: fail exactly the nth time the point is hit. */
static int nth_left;
static int fail_nth(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void)name;
	(void)failnum;
	(void)failinfo;
	(void)flags;
	return --nth_left == 0;
}

Test(store_faults, a_read_error_at_any_point_of_a_call_sequence)
{
	sf s;
	int n, failed_total = 0;

	sf_setup(&s, "cache=0");
	for (n = 1; n < 200; n++) {
		nth_left = n;
		cr_assert_eq(fiu_enable_external(PROV_FP_STORE_READ, 1, NULL, 0, fail_nth), 0);
		int failed = all_calls(&s, CIM_GE_FAILED);
		cr_assert_eq(fiu_disable(PROV_FP_STORE_READ), 0);
		cr_expect_leq(failed, 1, "read %d: one failed read fails one call", n);
		failed_total += failed;
		sf_expect_intact(&s);
		if (failed == 0)
			break; /* n is past the last read of the sequence */
	}
	cr_expect_gt(n, 3 * SF_N, "every call reads the store at least once");
	cr_expect_eq(failed_total, n - 1);
	sf_restart(&s);
	sf_expect_intact(&s);
	sf_teardown(&s);
}

Test(store_faults, unreadable_store_at_open_is_one_line_naming_the_file)
{
	sf s;
	char err[512] = "";

	sf_setup(&s, "cache=0");
	cr_assert_eq(fiu_enable(PROV_FP_STORE_READ, 1, NULL, 0), 0);
	int rc = sf_try_reopen(&s, err, sizeof err);
	cr_assert_eq(fiu_disable(PROV_FP_STORE_READ), 0);
	cr_expect_neq(rc, 0, "the open reads every job: it must fail");
	cr_expect(sf_one_line_naming(err, s.path), "message: %s", err);
	sf_restart(&s);
	sf_expect_intact(&s);
	sf_teardown(&s);
}

/* ---- damaged files at open -------------------------------------------- */

static void open_refused(sf *s, const char *what)
{
	char err[512] = "";

	cr_expect_neq(sf_try_reopen(s, err, sizeof err), 0, "%s: the open must fail", what);
	cr_expect(sf_one_line_naming(err, s->path), "%s: one line naming the file: %s", what, err);
	cr_log_info("%s: %s", what, err);
}

static off_t file_size(const char *path)
{
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	return st.st_size;
}

/* A store of several pages, closed cleanly (WAL checkpointed away). */
static void big_store(sf *s)
{
	char job[32];

	sf_setup(s, "cache=0");
	for (int i = 0; i < 150; i++) {
		prov_fault f = hz_fault_of(i % 2 ? "io_error" : "partition", 0);
		snprintf(job, sizeof job, "more-%d", i);
		cr_assert_eq(hz_created(&s->p, job), 0);
		cr_assert_eq(hz_end(&s->p, job, CIM_JS_EXCEPTION, &f, NULL), 0);
	}
	hz_close(&s->p);
	cr_assert_gt(file_size(s->path), 8 * 4096, "the store spans many pages");
}

Test(store_faults, truncated_store_files_are_refused_at_open)
{
	static const double cut[] = {0.5, 0.9};
	static const off_t cut_bytes[] = {4096, 100};
	sf s;

	for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
		big_store(&s);
		off_t size = file_size(s.path);
		cr_assert_eq(truncate(s.path, (off_t)((double)size * cut[i]) / 4096 * 4096 + 17),
			     0);
		open_refused(&s, "truncated mid-page");
		sf_teardown(&s);
	}
	for (size_t i = 0; i < sizeof cut_bytes / sizeof cut_bytes[0]; i++) {
		big_store(&s);
		cr_assert_eq(truncate(s.path, cut_bytes[i]), 0);
		open_refused(&s, cut_bytes[i] == 4096 ? "truncated to its first page"
						      : "truncated inside the header");
		sf_teardown(&s);
	}
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

Test(store_faults, garbage_store_files_are_refused_at_open)
{
	static unsigned char junk[64 * 1024];
	uint64_t rng = 42;
	sf s;

	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)hz_rand(&rng);
	big_store(&s);
	write_file(s.path, junk, sizeof junk);
	open_refused(&s, "random bytes");
	/* The SQLite magic, then garbage: gets past the first check. */
	memcpy(junk, "SQLite format 3", 16);
	write_file(s.path, junk, sizeof junk);
	open_refused(&s, "SQLite header, then garbage");
	/* A real store with its pages after the first overwritten. */
	sf_teardown(&s);
	big_store(&s);
	FILE *f = fopen(s.path, "r+b");
	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 4096 * 2, SEEK_SET), 0);
	cr_assert_eq(fwrite(junk + 100, 1, 4096 * 3, f), 4096 * 3);
	cr_assert_eq(fclose(f), 0);
	open_refused(&s, "pages overwritten with garbage");
	sf_teardown(&s);
}
