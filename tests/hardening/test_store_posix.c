/*
 * Store faults below SQLite: real I/O errors from the C library, through
 * libfiu's POSIX preload (fiu_posix_preload.so). CTest runs this binary
 * under `fiu-run -x -f ''`, which preloads it; each test arms
 * posix/io/rw/pread, posix/io/rw/pwrite or posix/io/sync/fdatasync
 * in-process (fiu_enable) at a chosen moment, with failinfo EIO, so
 * SQLite's own pread64/pwrite64 fail as a dying disk's would.
 *
 * Then: a read error gives GetError 4 and nothing returned; a write error
 * does not lose the event (on_event 0: the job is kept in memory, dirty,
 * and written whole at the next read from the store or the close), never
 * half of it; and once the fault is disarmed, after a restart too, every
 * job has exactly the Error it had (cim_error property by property), and a
 * job whose end was being written is either still running or ended with
 * the complete Error.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <fiu-control.h>
#include <fiu.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sf.h"

#define PT_PREAD "posix/io/rw/pread"
#define PT_PWRITE "posix/io/rw/pwrite"
#define PT_FDATASYNC "posix/io/sync/fdatasync"
#define EIO_INFO ((void *)(intptr_t)EIO)

/* Without the preload, arming a posix/ point changes nothing: say so
 * instead of passing vacuously. */
static void require_preload(void)
{
	char buf[8];
	int fd = open("/proc/self/stat", O_RDONLY);

	cr_assert_eq(fiu_init(0), 0);
	cr_assert_geq(fd, 0);
	cr_assert_eq(fiu_enable(PT_PREAD, 1, EIO_INFO, 0), 0);
	errno = 0;
	ssize_t r = pread(fd, buf, sizeof buf, 0);
	int e = errno;
	cr_assert_eq(fiu_disable(PT_PREAD), 0);
	close(fd);
	cr_assert(r == -1 && e == EIO,
		  "libfiu's POSIX preload is not active: run under `fiu-run -x -f ''` "
		  "(Debian fiu-utils)");
}

TestSuite(store_posix, .init = require_preload);

/* Two commits by another connection: a value changed and changed back
 * (SQLite writes nothing for an UPDATE that changes no value). */
static void touch_store(const char *path)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
				  "UPDATE job SET percent = percent + 1; "
				  "UPDATE job SET percent = percent - 1;",
				  NULL, NULL, &msg),
		     SQLITE_OK, "%s", msg ? msg : "");
	cr_assert_eq(sqlite3_close(db), SQLITE_OK);
}

Test(store_posix, read_errors_give_4_then_every_error_is_intact)
{
	sf s;
	int failed = 0;

	sf_setup(&s, "cache=0");
	/* The open read every page (quick_check): another writer makes the
	 * provider's connection drop its page cache, so the Error records must
	 * come from the disk again. */
	touch_store(s.path);
	cr_assert_eq(fiu_enable(PT_PREAD, 1, EIO_INFO, 0), 0);
	for (int k = 0; k <= SF_KILL; k++)
		failed += sf_get_error(&s, k, CIM_GE_FAILED) != 0;
	cr_assert_eq(fiu_disable(PT_PREAD), 0);
	cr_expect_eq(failed, SF_KILL + 1, "every Error record read failed with 4 (%d did)", failed);
	sf_expect_intact(&s);
	sf_restart(&s);
	sf_expect_intact(&s);
	sf_teardown(&s);
}

/* The Error of job after created, Running and an Exception end with f, on
 * a provider that saw no fault (an in-memory twin). Free with
 * cim_error_free (the reference provider's Errors are libsrcim's). */
static cim_error *twin_error(const char *options, const char *job, const prov_fault *f)
{
	hz_host th;
	hz_prov twin;
	char err[256] = "", iid[96];
	cim_error *e = NULL;

	hz_host_init(&th);
	cr_assert_eq(hz_open(&twin, &th, NULL, options, err, sizeof err), 0, "%s", err);
	cr_assert_eq(hz_created(&twin, job), 0);
	cr_assert_eq(hz_state(&twin, job, CIM_JS_RUNNING), 0);
	cr_assert_eq(hz_end(&twin, job, CIM_JS_EXCEPTION, f, NULL), 0);
	cr_assert_eq(twin.ops->instance_id(twin.ctx, job, iid, sizeof iid), 0);
	cr_assert_eq(twin.ops->get_error(twin.ctx, &hz_admin, iid, &e), 0);
	cr_assert_not_null(e);
	hz_close(&twin);
	return e;
}

/* The end of a new job, with point failing: the event is kept (the engine
 * never sends it again) and, disarmed, the next read writes it whole. */
static void end_under_fault(sf *s, const char *point, const char *job)
{
	prov_fault f = hz_fault_of("disk_failure", 0);
	char iid[96];
	cim_error *e = NULL, *twin_e = NULL;
	cim_job *j = NULL;

	cr_assert_eq(hz_created(&s->p, job), 0);
	cr_assert_eq(hz_state(&s->p, job, CIM_JS_RUNNING), 0);
	cr_assert_eq(s->p.ops->instance_id(s->p.ctx, job, iid, sizeof iid), 0);
	cr_assert_eq(fiu_enable(point, 1, EIO_INFO, 0), 0);
	int rc = hz_end(&s->p, job, CIM_JS_EXCEPTION, &f, NULL);
	cr_assert_eq(fiu_disable(point), 0);
	cr_expect_eq(rc, 0, "%s: the end's write fails, but the event is kept", point);
	cr_assert_eq(s->p.ops->get_instance(s->p.ctx, &hz_admin, iid, &j), 0);
	cr_assert_eq(s->p.ops->get_error(s->p.ctx, &hz_admin, iid, &e), 0);
	cr_expect_eq(j->job_state, CIM_JS_EXCEPTION, "%s: the end is not lost", point);
	cr_expect_not_null(e, "%s: the ended job has its Error", point);
	s->p.ops->free_error(s->p.ctx, e);
	s->p.ops->free_job(s->p.ctx, j);

	/* The Error it has now equals the one of a provider that saw no
	 * fault (an in-memory twin fed the same events). */
	twin_e = twin_error(s->options, job, &f);
	cr_assert_eq(s->p.ops->get_error(s->p.ctx, &hz_admin, iid, &e), 0);
	char diff[256];
	cr_expect_eq(hz_error_diff(twin_e, e, diff, sizeof diff), 0, "%s: differs in %s", point,
		     diff);
	cim_error_free(twin_e);
	s->p.ops->free_error(s->p.ctx, e);
}

Test(store_posix, write_errors_keep_the_event_and_corrupt_nothing)
{
	sf s;

	sf_setup(&s, "cache=0");
	end_under_fault(&s, PT_PWRITE, "w1");
	sf_expect_intact(&s);
	sf_restart(&s);
	sf_expect_intact(&s);
	sf_teardown(&s);
}

/* libfiu's external trigger: fail the nth hit of the armed point only. */
static int nth_left;
static int fail_nth(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void)name;
	(void)failnum;
	(void)flags;
	*failinfo = EIO_INFO;
	return --nth_left == 0;
}

/*
 * The nth pread, pwrite or fdatasync fails, for every n, while a job is
 * created, runs and ends in Exception, and a checkpoint is forced by a
 * restart. Whatever failed: the open after it works; the jobs that had
 * ended keep their Error; the new job is absent, running, or ended with
 * the complete Error - never ended without one.
 */
static void sweep(const char *point)
{
	prov_fault f = hz_fault_of("log_full", 0);
	cim_error *want = twin_error("cache=0", "sw", &f);
	int n, hits = 0;

	/* contract.md, the reference profile: log volume full */
	cr_assert_eq(want->error_type, 9);
	cr_assert_eq(want->probable_cause, 50);

	for (n = 1; n < 400; n++) {
		sf s;
		char err[512] = "", iid[96];
		cim_error *e = NULL;
		cim_job *j = NULL;

		sf_setup(&s, "cache=0");
		nth_left = n;
		cr_assert_eq(fiu_enable_external(point, 1, EIO_INFO, 0, fail_nth), 0);
		(void)hz_created(&s.p, "sw");
		(void)hz_state(&s.p, "sw", CIM_JS_RUNNING);
		(void)hz_end(&s.p, "sw", CIM_JS_EXCEPTION, &f, NULL);
		int reopened = sf_try_reopen(&s, err, sizeof err);
		cr_assert_eq(fiu_disable(point), 0);
		bool hit = nth_left <= 0;
		hits += hit;
		if (reopened != 0) { /* the fault hit the open itself */
			cr_expect(sf_one_line_naming(err, s.path), "%s #%d: %s", point, n, err);
			sf_restart(&s);
		}
		sf_expect_intact(&s);
		snprintf(iid, sizeof iid, "SRSIM:%s", "sw"); /* the default OrgID */
		uint32_t rc = s.p.ops->get_instance(s.p.ctx, &hz_admin, iid, &j);
		cr_expect(rc == 0 || rc == CIM_GE_INVALID_PARAMETER, "%s #%d: rc %u", point, n, rc);
		cr_assert_eq(s.p.ops->get_error(s.p.ctx, &hz_admin, iid, &e), rc);
		char diff[256];
		if (j && cim_job_state_is_final(j->job_state))
			cr_expect(j->job_state == CIM_JS_EXCEPTION &&
				      hz_error_diff(want, e, diff, sizeof diff) == 0,
				  "%s #%d: the new job ended without its complete Error (%s)",
				  point, n, e ? diff : "none");
		else
			cr_expect_null(e, "%s #%d: an Error for a job not ended", point, n);
		s.p.ops->free_error(s.p.ctx, e);
		s.p.ops->free_job(s.p.ctx, j);
		sf_teardown(&s);
		if (!hit)
			break; /* past the last hit of the sequence */
	}
	cim_error_free(want);
	cr_expect_gt(hits, 0, "%s was never hit", point);
	cr_log_info("%s: a fault at each of %d hits survived", point, hits);
}

Test(store_posix, a_write_error_at_any_write)
{
	sweep(PT_PWRITE);
}

Test(store_posix, a_read_error_at_any_read)
{
	sweep(PT_PREAD);
}

Test(store_posix, a_sync_error_at_any_sync)
{
	sweep(PT_FDATASYNC);
}
