/*
 * sim_rng.c - the simulator's only source of randomness: xoshiro256**
 * (Blackman & Vigna), its state filled by splitmix64 from the seed so that
 * any 64-bit seed (even 0) gives a good state.
 */
#include "sim_internal.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void sim_rng_seed(sim_rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

uint64_t sim_rng_next(sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double sim_rng_double(sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Rejection sampling: no modulo bias, so replays do not depend on it. */
uint64_t sim_rng_upto(sim_rng *r, uint64_t n)
{
	uint64_t range, limit, x;

	if (n == UINT64_MAX)
		return sim_rng_next(r);
	range = n + 1;
	limit = UINT64_MAX - (UINT64_MAX % range);
	do {
		x = sim_rng_next(r);
	} while (x >= limit);
	return x % range;
}
