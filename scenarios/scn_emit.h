/*
 * scn_emit.h - the canonical spelling of each kind of value, for the
 * scenario writer (scn_write.c). Internal to srscn.
 *
 * Every function appends to a scn_buf; running out of memory sets
 * buf->oom and later appends do nothing, so the writer checks once.
 */
#ifndef SRH_SCN_EMIT_H
#define SRH_SCN_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srh/cim.h"

#define SCN_WIDTH 100 /* a line longer than this is folded where it can be */
#define SCN_FOLD 80   /* folded text lines end by this column */

typedef struct scn_buf {
	char *b;
	size_t n, cap;
	bool oom;
} scn_buf;

void scn_put(scn_buf *w, const char *s);
void scn_putf(scn_buf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The column after the last newline. */
size_t scn_col(const scn_buf *w);

/* s on one line: plain when YAML reads it back as the same string (in a
 * flow collection when flow), else double-quoted with escapes. */
void scn_put_str(scn_buf *w, const char *s, bool flow);
/* "key: text" at indent (the key is already indented by the caller): on
 * one line when it fits SCN_WIDTH or cannot be folded, else as a folded
 * block scalar (">-", or ">" when the text ends in one newline). */
void scn_put_text(scn_buf *w, size_t indent, const char *key, const char *s);

void scn_put_duration(scn_buf *w, uint64_t ns);
void scn_put_size(scn_buf *w, uint64_t bytes);
void scn_put_bandwidth(scn_buf *w, uint64_t bps);
/* Shortest decimal that reads back as the same double. */
void scn_put_double(scn_buf *w, double d);
/* The ValueMap name of v (any case reads back), else the number. */
void scn_put_vmap(scn_buf *w, const cim_valuemap *m, uint32_t v, bool flow);

#endif /* SRH_SCN_EMIT_H */
