// SPDX-License-Identifier: GPL-2.0
#include "backoff.h"

void backoff_init(struct backoff *b, unsigned int min_ms, unsigned int max_ms,
		  uint64_t seed)
{
	b->min_ms = min_ms ? min_ms : 1;
	b->max_ms = max_ms < b->min_ms ? b->min_ms : max_ms;
	b->attempt = 0;
	b->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

unsigned int backoff_next(struct backoff *b)
{
	uint64_t d = b->min_ms;
	unsigned int i, half;

	for (i = 0; i < b->attempt && d < b->max_ms; i++)
		d *= 2;
	if (d > b->max_ms)
		d = b->max_ms;
	if (b->attempt < 64)
		b->attempt++;
	half = (unsigned int)(d / 2);
	return half + (unsigned int)(xorshift(&b->rng) % (d - half + 1));
}

void backoff_reset(struct backoff *b)
{
	b->attempt = 0;
}
