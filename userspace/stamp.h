/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample times without a timestamp channel. A read returns n samples at
 * once; the newest is given the read's arrival time and the others are
 * spread back from it one period apart (kx022a's way with FIFO stamps):
 * the period measured since the previous read's newest sample when it is
 * within half and twice the nominal one (1/rate), the nominal one
 * otherwise (first read, after a pause). Times strictly increase, so no
 * two samples share one.
 */
#ifndef IIOFWD_STAMP_H
#define IIOFWD_STAMP_H

#include <stdbool.h>
#include <stdint.h>

struct stamper {
	double nominal;			/* ns, 0 if the rate is unknown */
	int64_t last;			/* time given to the newest sample */
	bool have_last;
};

void stamper_init(struct stamper *st, double rate_hz);
/* Time of the first of n samples read at arrival (ns), and the period. */
void stamper_batch(struct stamper *st, int64_t arrival, unsigned int n,
		   int64_t *first, double *period);

static inline int64_t stamper_at(int64_t first, double period, unsigned int i)
{
	return first + (int64_t)(period * i + 0.5);
}

#endif
