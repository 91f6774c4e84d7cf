/*
 * sim_heap.c - binary min-heap of events ordered by (time, sequence). The
 * sequence number is unique and increases with each schedule call, so
 * events with equal times come out in the order they were scheduled: the
 * run does not depend on how the heap happens to break ties.
 */
#include <errno.h>
#include <stdlib.h>

#include "sim_internal.h"

static inline bool ev_less(const sim_ev *a, const sim_ev *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

int sim_heap_push(sim_heap *h, const sim_ev *e)
{
	size_t i;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		sim_ev *v = realloc(h->v, cap * sizeof *v);

		if (!v) {
			errno = ENOMEM;
			return -1;
		}
		h->v = v;
		h->cap = cap;
	}
	i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!ev_less(e, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = *e;
	return 0;
}

int sim_heap_pop(sim_heap *h, sim_ev *out)
{
	sim_ev last;
	size_t i = 0;

	if (h->n == 0)
		return -1;
	*out = h->v[0];
	last = h->v[--h->n];
	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && ev_less(&h->v[c + 1], &h->v[c]))
			c++;
		if (!ev_less(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n > 0)
		h->v[i] = last;
	return 0;
}

const sim_ev *sim_heap_peek(const sim_heap *h)
{
	return h->n ? &h->v[0] : NULL;
}

void sim_heap_free(sim_heap *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}
