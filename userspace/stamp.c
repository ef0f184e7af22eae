// SPDX-License-Identifier: GPL-2.0
#include "stamp.h"

void stamper_init(struct stamper *st, double rate_hz)
{
	st->nominal = rate_hz > 0 ? 1e9 / rate_hz : 0;
	st->last = 0;
	st->have_last = false;
}

void stamper_batch(struct stamper *st, int64_t arrival, unsigned int n,
		   int64_t *first, double *period)
{
	double p = st->nominal;

	if (!n) {
		*first = arrival;
		*period = p;
		return;
	}
	if (st->have_last) {
		double measured = ((double)arrival - (double)st->last) / n;

		if (!st->nominal ||
		    (measured >= st->nominal / 2 && measured <= st->nominal * 2))
			p = measured;
	}
	if (p < 1)
		p = 1;
	*first = arrival - (int64_t)(p * (n - 1) + 0.5);
	if (st->have_last && *first <= st->last)
		*first = st->last + (int64_t)(p + 0.5);
	*period = p;
	st->last = stamper_at(*first, p, n - 1);
	st->have_last = true;
}
