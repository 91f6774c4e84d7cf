/*
 * srh_util.h - small helpers every srh source uses: NULL-safe string
 * copies, printf into malloc'ed text, growing arrays, virtual time text.
 */
#ifndef SRH_UTIL_H
#define SRH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* strdup that passes NULL through. On allocation failure returns NULL and
 * sets *fail (when fail is given). */
char *srh_strdup(const char *s, int *fail);
/* printf into a new string. On failure returns NULL. */
char *srh_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *srh_vasprintf(const char *fmt, va_list ap);
/* Make room for one more element of size el in *arr (n used, *cap
 * allocated). Returns 0; on failure -1 and changes nothing. */
int srh_grow(void **arr, size_t *cap, size_t n, size_t el);
/* "12.345678901s" (virtual ns as seconds). Returns buf (len >= 32). */
char *srh_vtime(uint64_t ns, char *buf, size_t len);
/* Parse a whole decimal number in [lo, hi]. Returns 0 and sets *out, or -1
 * and changes nothing. */
int srh_parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
/* Where a run's job store and captured output go: $TMPDIR when set, else
 * /dev/shm when it is a writable directory (a provider's store syncs on
 * every commit; in memory a run costs CPU, not disk flushes), else /tmp. */
const char *srh_tmpdir(void);
/* Seconds of the monotonic wall clock (the runner's watchdog and bench
 * only: simulation never reads it). */
double srh_wall_now(void);
/* Write all n bytes of buf to fd (EINTR retried). Returns 0, or -1 when
 * a write fails or writes nothing. */
int srh_write_all(int fd, const void *buf, size_t n);
/* Read exactly n bytes from fd into buf (EINTR retried). Returns 0; 1 when
 * fd ends before the first byte (a clean end); -1 on an error or an end
 * after some bytes. */
int srh_read_all(int fd, void *buf, size_t n);

#endif
