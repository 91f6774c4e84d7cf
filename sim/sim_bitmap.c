/*
 * sim_bitmap.c - dirty-block bitmap of one volume. Blocks are coarse (the
 * engine picks the block size so a volume has at most max_blocks bits), so
 * a 100 TB volume costs about 1.5 MB and a copy chunk is a handful of bits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static uint64_t words_of(uint64_t nblocks)
{
	return (nblocks + 63) / 64;
}

int sim_bitmap_init(sim_bitmap *b, uint64_t size, uint64_t block)
{
	memset(b, 0, sizeof *b);
	if (block == 0 || size == 0) {
		errno = EINVAL;
		return -1;
	}
	b->nblocks = size / block + (size % block != 0);
	b->w = calloc(words_of(b->nblocks), sizeof *b->w);
	if (!b->w) {
		errno = ENOMEM;
		return -1;
	}
	b->block = block;
	b->size = size;
	return 0;
}

void sim_bitmap_free(sim_bitmap *b)
{
	free(b->w);
	b->w = NULL;
}

void sim_bitmap_set_all(sim_bitmap *b)
{
	uint64_t nw = words_of(b->nblocks);
	unsigned tail = (unsigned)(b->nblocks % 64);

	memset(b->w, 0xff, nw * sizeof *b->w);
	if (tail)
		b->w[nw - 1] = (1ull << tail) - 1;
	b->dirty = b->nblocks;
}

/* Bresenham: k marks over n blocks, evenly, the same for every run. Block i
 * is marked when (i + 1) * k first reaches m * n (mark m = 1..k), so mark m
 * is block ceil(m * n / k) - 1: the loop visits the k marks, not the n
 * blocks, with m * n / k kept as a quotient and remainder (no overflow). */
void sim_bitmap_set_spread(sim_bitmap *b, uint64_t k)
{
	const uint64_t n = b->nblocks, dq = n / k, dr = n % k;
	uint64_t q = 0, r = 0; /* m * n = q * k + r */

	if (k >= b->nblocks) {
		sim_bitmap_set_all(b);
		return;
	}
	memset(b->w, 0, words_of(b->nblocks) * sizeof *b->w);
	for (uint64_t m = 1; m <= k; m++) {
		uint64_t i;

		q += dq;
		r += dr;
		if (r >= k) {
			q++;
			r -= k;
		}
		i = q + (r != 0) - 1;
		b->w[i >> 6] |= 1ull << (i & 63);
	}
	b->dirty = k;
}

static uint64_t short_tail(const sim_bitmap *b)
{
	return b->nblocks * b->block - b->size;
}

uint64_t sim_bitmap_take(const sim_bitmap *b, uint64_t from, uint64_t max_dirty, uint64_t *end)
{
	uint64_t i = from, got = 0, last = 0, bytes;

	while (i < b->nblocks && got < max_dirty) {
		uint64_t w = b->w[i >> 6] >> (i & 63);
		uint64_t pc;

		if (w == 0) {
			i = (i | 63) + 1;
			continue;
		}
		pc = (uint64_t)__builtin_popcountll(w);
		if (got + pc <= max_dirty) {
			got += pc;
			last = i + (uint64_t)(63 - __builtin_clzll(w));
			i = (i | 63) + 1;
			continue;
		}
		for (uint64_t r = max_dirty - got; r > 1; r--)
			w &= w - 1;
		last = i + (uint64_t)__builtin_ctzll(w);
		got = max_dirty;
	}
	if (got == 0) {
		*end = b->nblocks;
		return 0;
	}
	*end = last + 1;
	bytes = got * b->block;
	if (last == b->nblocks - 1)
		bytes -= short_tail(b);
	return bytes;
}

static uint64_t range_mask(unsigned lo, unsigned hi) /* bits [lo, hi) */
{
	uint64_t m = hi == 64 ? ~0ull : (1ull << hi) - 1;

	return m & ~((1ull << lo) - 1);
}

void sim_bitmap_clear(sim_bitmap *b, uint64_t from, uint64_t end)
{
	if (end > b->nblocks)
		end = b->nblocks;
	while (from < end) {
		uint64_t wi = from >> 6;
		unsigned lo = (unsigned)(from & 63);
		unsigned hi = (end - (wi << 6)) >= 64 ? 64 : (unsigned)(end - (wi << 6));
		uint64_t m = range_mask(lo, hi) & b->w[wi];

		b->dirty -= (uint64_t)__builtin_popcountll(m);
		b->w[wi] &= ~m;
		from = (wi + 1) << 6;
	}
}

uint64_t sim_bitmap_dirty_bytes(const sim_bitmap *b)
{
	uint64_t bytes = b->dirty * b->block;
	uint64_t nb = b->nblocks;

	if (b->dirty && (b->w[(nb - 1) >> 6] >> ((nb - 1) & 63)) & 1u)
		bytes -= short_tail(b);
	return bytes;
}

uint64_t sim_bitmap_count(const sim_bitmap *b)
{
	uint64_t n = 0, nw = words_of(b->nblocks);

	for (uint64_t i = 0; i < nw; i++)
		n += (uint64_t)__builtin_popcountll(b->w[i]);
	return n;
}
