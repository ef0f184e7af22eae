// SPDX-License-Identifier: GPL-2.0
/*
 * Sample times without a timestamp channel: the samples of one read are
 * spread back from its arrival, each a period apart, strictly increasing
 * across reads, so no two samples share a time (InfluxDB would keep only
 * one point per series and time).
 */
#include "unit.h"

#include "stamp.h"

#define MS 1000000ll

static void times(struct stamper *st, int64_t arrival, unsigned int n, int64_t *t)
{
	int64_t first;
	double period;
	unsigned int i;

	stamper_batch(st, arrival, n, &first, &period);
	for (i = 0; i < n; i++)
		t[i] = stamper_at(first, period, i);
}

static void t_nominal_then_measured(void **state)
{
	struct stamper st;
	int64_t t[10];

	(void)state;
	stamper_init(&st, 100.0);		/* 10 ms */
	times(&st, 1000 * MS, 10, t);
	assert_int_equal(t[9], 1000 * MS);	/* the newest at arrival */
	assert_int_equal(t[0], 910 * MS);	/* nominal period back */
	assert_int_equal(t[1], 920 * MS);
	/* next read 100 ms later with 10 samples: continues 10 ms apart */
	times(&st, 1100 * MS, 10, t);
	assert_int_equal(t[0], 1010 * MS);
	assert_int_equal(t[9], 1100 * MS);
	/* the device clock runs 1 % fast: the measured period follows it */
	times(&st, 1199 * MS, 10, t);
	assert_int_equal(t[0], 1100 * MS + 9900000);
	assert_int_equal(t[9], 1199 * MS);
}

static void t_after_a_pause(void **state)
{
	struct stamper st;
	int64_t t[4];

	(void)state;
	stamper_init(&st, 100.0);
	times(&st, 1000 * MS, 4, t);
	/* 5 s later (device away): nominal spacing back from the arrival */
	times(&st, 6000 * MS, 4, t);
	assert_int_equal(t[0], 5970 * MS);
	assert_int_equal(t[3], 6000 * MS);
}

static void t_strictly_increasing(void **state)
{
	struct stamper st;
	int64_t t[64], last;
	unsigned int i, r;

	(void)state;
	/* unknown rate, reads bunched together: still no duplicate time */
	stamper_init(&st, 0);
	last = INT64_MIN;
	for (r = 0; r < 5; r++) {
		times(&st, 1000 * MS + r, 64, t);
		for (i = 0; i < 64; i++) {
			assert_true(t[i] > last);
			last = t[i];
		}
	}
	/* a clock step backwards does not reorder either */
	stamper_init(&st, 1000.0);
	times(&st, 1000 * MS, 8, t);
	last = t[7];
	times(&st, 500 * MS, 8, t);
	assert_true(t[0] > last);
	for (i = 1; i < 8; i++)
		assert_true(t[i] > t[i - 1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_nominal_then_measured),
		cmocka_unit_test(t_after_a_pause),
		cmocka_unit_test(t_strictly_increasing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
