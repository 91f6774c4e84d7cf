/*
 * cim_util.h - libsrcim internals: NULL-aware string and string-array
 * helpers, and a growing text buffer for the MOF writer. Not installed.
 */
#ifndef SRH_CIM_UTIL_H
#define SRH_CIM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Copy of s cut at max bytes (s is never read further), or NULL for NULL.
 * Sets *fail on allocation failure. */
char *cim_str_dup(const char *s, size_t max, bool *fail);
/* NULL-aware string equality (NULL equals only NULL). */
bool cim_str_eq(const char *a, const char *b);

/*
 * Deep copy of a string array. A NULL array stays NULL (n 0), an empty
 * non-NULL array stays empty and non-NULL: CIM tells a NULL array property
 * from an empty one. Each string is cut at max_str bytes; a count above
 * max_arr is not read and copies as a NULL array. Returns 0, or -1 on
 * allocation failure with *out NULL.
 */
int cim_strv_dup(char *const *v, size_t n, size_t max_str, size_t max_arr, char ***out,
		 size_t *out_n);
void cim_strv_free(char **v, size_t n);
bool cim_strv_eq(char *const *a, size_t na, char *const *b, size_t nb);

/* Text buffer: once an append fails, every later one is a no-op and
 * cim_sb_finish() returns NULL, so callers check only once at the end. */
typedef struct cim_sb {
	char *buf;
	size_t len, cap;
	bool failed;
} cim_sb;

void cim_sb_init(cim_sb *sb);
void cim_sb_add(cim_sb *sb, const char *s);
__attribute__((format(printf, 2, 3))) void cim_sb_addf(cim_sb *sb, const char *fmt, ...);
/* The text (caller frees), or NULL if any append failed (buffer freed). */
char *cim_sb_finish(cim_sb *sb);

#endif /* SRH_CIM_UTIL_H */
