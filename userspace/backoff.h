/* SPDX-License-Identifier: GPL-2.0 */
/* Exponential reconnect backoff with "equal jitter" and a cap. */
#ifndef IIOFWD_BACKOFF_H
#define IIOFWD_BACKOFF_H

#include <stdint.h>

struct backoff {
	unsigned int min_ms, max_ms;
	unsigned int attempt;
	uint64_t rng;
};

void backoff_init(struct backoff *b, unsigned int min_ms, unsigned int max_ms,
		  uint64_t seed);
/* Delay before the next attempt: in [d/2, d] where d = min(max, min*2^n). */
unsigned int backoff_next(struct backoff *b);
void backoff_reset(struct backoff *b);

#endif
