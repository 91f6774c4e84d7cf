/*
 * sim_trace.c - the readable trace: one line per event, virtual time first
 * (seconds.nanoseconds, zero padded so lines sort and diff well). Only
 * virtual time and model values appear: two runs of one seed give the same
 * bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "sim_internal.h"
#include "srh/cim_fmt.h"

void sim_set_trace(sim *s, FILE *f, int level)
{
	s->trace = f;
	s->trace_level = f ? level : 0;
}

void sim_tracef(sim *s, int level, const char *fmt, ...)
{
	va_list ap;

	if (!s->trace || level > s->trace_level)
		return;
	/* A failed write to the trace stream must not change the run, so
	 * the return values only feed ferror(), which the caller may check. */
	(void)fprintf(s->trace, "%09" PRIu64 ".%09" PRIu64 " ", s->now / SIM_NS_PER_S,
		      s->now % SIM_NS_PER_S);
	va_start(ap, fmt);
	(void)vfprintf(s->trace, fmt, ap);
	va_end(ap);
	(void)fputc('\n', s->trace);
}

/* clang-format off */
#define SIM_ERRNO_MAP(X)                                                       \
	X(EIO) X(ENOSPC) X(ENODEV) X(EHOSTUNREACH) X(ECONNRESET) X(EHOSTDOWN)  \
	X(EACCES) X(ENOMEM) X(ENOTRECOVERABLE) X(EBUSY) X(ETIMEDOUT)           \
	X(ECANCELED) X(EROFS) X(EPERM) X(EAGAIN) X(EPIPE) X(ECONNREFUSED)      \
	X(ENETUNREACH) X(ECONNABORTED) X(EINTR) X(ENXIO) X(EFAULT)
/* clang-format on */

/* Names, not strerror(): the text must not depend on the locale. */
const char *sim_errno_name(int e)
{
	static _Thread_local char buf[24];

	switch (e) {
	case 0:
		return "0";
#define SIM_ERRNO_CASE_(n)                                                                         \
	case n:                                                                                    \
		return #n;
		SIM_ERRNO_MAP(SIM_ERRNO_CASE_)
#undef SIM_ERRNO_CASE_
	default:
		(void)cim_fmt(buf, sizeof buf, "errno%d", e);
		return buf;
	}
}

const char *sim_state_name(uint16_t js)
{
	switch (js) {
#define SIM_JS_CASE_(v, id, name)                                                                  \
	case v:                                                                                    \
		return name;
		CIM_JOB_STATE_MAP(SIM_JS_CASE_)
#undef SIM_JS_CASE_
	default:
		return "?";
	}
}
