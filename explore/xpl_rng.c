/*
 * xpl_rng.c - the explorer's own PRNG: splitmix64 (Steele, Lea, Flood),
 * small, fast and fully determined by its seed, so a seed names one
 * exploration on every machine. sim/'s PRNG is private to sim/.
 */
#include "xpl.h"

void xpl_rng_seed(xpl_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t xpl_rng_next(xpl_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t xpl_rng_below(xpl_rng *r, uint64_t n)
{
	/* Modulo bias is below 2^-40 for the small n used here. */
	return n ? xpl_rng_next(r) % n : 0;
}

bool xpl_rng_chance(xpl_rng *r, unsigned pct)
{
	return xpl_rng_below(r, 100) < pct;
}
