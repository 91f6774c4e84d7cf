/*
 * cim_fmt.h - printf for the short texts of a run (timeline lines, check
 * messages, tags), without stdio's per-call setup. Part of libsrcim, used
 * by the harness's rooms; not installed with the SDK.
 */
#ifndef SRH_CIM_FMT_H
#define SRH_CIM_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vsnprintf's contract, byte for byte: writes at most cap bytes (the text
 * cut, always NUL-terminated when cap > 0) and returns the length the whole
 * text has. Conversions %s %d %i %u %x %c %% with the lengths l, ll and z,
 * and %s with a precision (.N or .*), are done here; anything else (flags,
 * widths, floats, a NULL %s) is handed whole to vsnprintf. Returns -1 when
 * vsnprintf fails or the length exceeds INT_MAX.
 */
int cim_vfmt(char *buf, size_t cap, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4))) int cim_fmt(char *buf, size_t cap, const char *fmt, ...);

#endif
