/*
 * srh_text.h - a growing text buffer for every writer of a wire format
 * (CIM-XML, WS-Management), and the one XML text escape they share.
 *
 * Appends never fail loudly: the first allocation failure sets failed and
 * every later append is a no-op, so a writer checks once at the end.
 */
#ifndef SRH_TEXT_H
#define SRH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct srh_text {
	char *data; /* NUL-terminated when len > 0 */
	size_t len, cap;
	bool failed;
} srh_text;

void srh_text_init(srh_text *b);
void srh_text_free(srh_text *b);
/* len 0, keeps the memory and clears failed. */
void srh_text_reset(srh_text *b);
void srh_text_add(srh_text *b, const char *s, size_t n);
/* s (NULL adds nothing). */
void srh_text_str(srh_text *b, const char *s);
void srh_text_printf(srh_text *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal (a tenth of what srh_text_printf costs for it: a response
 * writes several per answer). */
void srh_text_u64(srh_text *b, uint64_t v);
/*
 * s as XML text or attribute value: & < > " ' as entities, CR as &#13;
 * (a literal one would be normalized away), and what XML 1.0 cannot carry
 * at all (other control characters, bytes that are not UTF-8 — a parser's
 * message may quote them —, U+FFFE/U+FFFF) as '?'. NULL adds nothing.
 */
void srh_text_esc(srh_text *b, const char *s);

#endif
