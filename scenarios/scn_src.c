/*
 * scn_src.c - the parser's record of where each value came from, so that
 * scn_validate (which sees only the model) can cite file:line.
 */
#include <stdlib.h>

#include "scn_int.h"

int scn_src_note(scn_p *p, const void *at, int line)
{
	scn_srcmap *m = p->src;

	if (!m)
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct scn_srcpos *nv = realloc(m->v, cap * sizeof(*nv));

		if (!nv)
			return scn_fail(p, line, "out of memory");
		m->v = nv;
		m->cap = cap;
	}
	m->v[m->n].at = at;
	m->v[m->n].line = line;
	m->n++;
	return 0;
}

int scn_src_line(const scn_srcmap *m, const void *at)
{
	/* The last record wins (a getter may first read into a scratch
	 * value the caller then records at its field). */
	for (size_t i = m ? m->n : 0; i > 0; i--)
		if (m->v[i - 1].at == at)
			return m->v[i - 1].line;
	return 0;
}

void scn_src_free(scn_srcmap *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}
