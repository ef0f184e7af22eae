// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the lis2dh driver's pure computations: FIFO_SRC
 * decoding, the watermark level programmed into the chip, the timestamps
 * of FIFO batches, the rate and scale tables of each power mode, and the
 * reading of the firmware's interrupt-names.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/time64.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_events.h"

/* --- FIFO_SRC ------------------------------------------------------------ */

static void lis2dh_test_fifo_count_fss(struct kunit *test)
{
	unsigned int fss;

	for (fss = 1; fss < LIS2DH_FIFO_DEPTH; fss++) {
		KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(fss), fss);
		/* WTM does not change the count */
		KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_WTM | fss),
				fss);
	}
}

static void lis2dh_test_fifo_count_empty(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_EMPTY), 0U);
	/* EMPTY wins over stale FSS bits */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_EMPTY | 0x1f), 0U);
	/* FSS 0 without EMPTY or OVRN: nothing to read either */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(0), 0U);
}

static void lis2dh_test_fifo_count_overrun(struct kunit *test)
{
	/* A full FIFO reads FSS 0 with OVRN (and WTM) set */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_OVRN), 32U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_OVRN |
						LIS2DH_FIFO_SRC_WTM), 32U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_count(LIS2DH_FIFO_SRC_OVRN |
						LIS2DH_FIFO_SRC_WTM | 0x1f), 32U);
}

/* --- watermark ------------------------------------------------------------ */

static void lis2dh_test_watermark_values(struct kunit *test)
{
	/* Up to 1620 Hz the fixed minimum of 8 samples of room applies */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(32, 1), 24U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(32, 400), 24U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(32, 1344), 24U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(32, 1620), 24U);
	/* 2 ms at 5376 Hz is 10.75 samples: 11 of room */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(32, 5376), 21U);
	/* Requests below the limit are kept, 0 becomes 1 */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(10, 400), 10U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(1, 5376), 1U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(0, 400), 1U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_hw_watermark(1000, 100), 24U);
}

/* Every rate of every mode, every request: the invariants of the level */
static void lis2dh_test_watermark_room(struct kunit *test)
{
	unsigned int mode, i, wm, hw, room;

	for (mode = 0; mode < LIS2DH_NUM_MODES; mode++) {
		const struct lis2dh_mode_info *info = &lis2dh_modes[mode];

		for (i = 0; i < info->num_freqs; i++) {
			unsigned int hz = info->freqs[i];

			for (wm = 0; wm <= 40; wm++) {
				hw = lis2dh_fifo_hw_watermark(wm, hz);
				room = LIS2DH_FIFO_DEPTH - hw;
				KUNIT_EXPECT_GE(test, hw, 1U);
				KUNIT_EXPECT_LE(test, hw, max(wm, 1U));
				KUNIT_EXPECT_GE(test, room, 8U);
				KUNIT_EXPECT_LE(test, room, 31U);
				/* Room for 2 ms, or for half the FIFO if less */
				KUNIT_EXPECT_TRUE(test,
						  room * USEC_PER_SEC >= 2000ULL * hz ||
						  room >= LIS2DH_FIFO_DEPTH / 2);
			}
		}
	}
}

/* --- timestamps ----------------------------------------------------------- */

#define T0		(100 * NSEC_PER_SEC)
#define PERIOD_400HZ	(NSEC_PER_SEC / 400)

static struct lis2dh_fifo_batch lis2dh_test_batch(unsigned int count,
						  s64 irq_ts, s64 read_ts)
{
	return (struct lis2dh_fifo_batch){
		.count = count,
		.irq_ts = irq_ts,
		.read_ts = read_ts,
		.hw_watermark = 24,
		.period_ns = PERIOD_400HZ,
	};
}

/* First batch: nominal spacing back from the interrupt time */
static void lis2dh_test_stamps_first_batch(struct kunit *test)
{
	struct lis2dh_fifo_batch b = lis2dh_test_batch(24, T0, T0 + 300000);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, 0, 0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, T0 - 23 * (s64)PERIOD_400HZ);
}

/* More samples than the interrupt announced: stamp from the FIFO_SRC read */
static void lis2dh_test_stamps_late_read(struct kunit *test)
{
	struct lis2dh_fifo_batch b = lis2dh_test_batch(26, T0, T0 + 5000000);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, 0, 0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, T0 + 5000000 - 25 * (s64)PERIOD_400HZ);
}

/*
 * Steady state: the spacing follows the chip's real rate (here 0.1 % fast
 * against the nominal one), batches join without a gap or an overlap.
 */
static void lis2dh_test_stamps_steady(struct kunit *test)
{
	s64 real_period = PERIOD_400HZ - PERIOD_400HZ / 1000;
	s64 prev = T0, last = T0, irq = T0, first, period;
	unsigned int n;

	for (n = 0; n < 5; n++) {
		struct lis2dh_fifo_batch b;

		irq += 24 * real_period;
		b = lis2dh_test_batch(24, irq, irq + 200000);
		period = lis2dh_fifo_stamps(&b, prev, last, &first);
		KUNIT_EXPECT_EQ(test, period, real_period);
		KUNIT_EXPECT_EQ(test, first, last + real_period);
		last = first + 23 * period;
		KUNIT_EXPECT_EQ(test, last, irq);
		prev = last;
	}
}

/*
 * After an overrun the samples before this batch were lost: the time since
 * the previous batch says nothing about the spacing, so it is nominal, and
 * the newest sample is stamped with the read time.
 */
static void lis2dh_test_stamps_overrun(struct kunit *test)
{
	s64 read = T0 + 80 * (s64)PERIOD_400HZ;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(32, read - 1000, read);
	s64 first, period;

	b.overrun = true;
	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, read - 31 * (s64)PERIOD_400HZ);
	/* The gap before the batch shows the lost samples */
	KUNIT_EXPECT_GT(test, first - T0, 40 * (s64)PERIOD_400HZ);
}

/*
 * OVRN is a full FIFO: samples are lost only when more than 32 were made
 * since the previous batch's newest one.
 */
static void lis2dh_test_fifo_lost(struct kunit *test)
{
	s64 read = T0 + 32 * (s64)PERIOD_400HZ + PERIOD_400HZ / 2;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(32, 0, read);

	KUNIT_EXPECT_EQ(test, lis2dh_fifo_lost(&b, T0), 0U);
	b.overrun = true;
	/* full, nothing lost: 32 made, 32 read */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_lost(&b, T0), 0U);
	/* 40 made since: 8 overwritten */
	b.read_ts = T0 + 40 * (s64)PERIOD_400HZ + 1000;
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_lost(&b, T0), 8U);
	/* nothing to count from: at least one */
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_lost(&b, 0), 1U);
	KUNIT_EXPECT_EQ(test, lis2dh_fifo_lost(&b, b.read_ts + 1), 1U);
}

/* Overrun soon after the last batch: still strictly after its last stamp */
static void lis2dh_test_stamps_overrun_monotonic(struct kunit *test)
{
	s64 read = T0 + 20 * (s64)PERIOD_400HZ;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(32, 0, read);
	s64 first, period;

	b.overrun = true;
	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_GT(test, first, T0);
	KUNIT_EXPECT_LE(test, first + 31 * period, read);
	KUNIT_EXPECT_EQ(test, period, (s64)(20 * PERIOD_400HZ / 32));
}

/*
 * Flush (hwfifo_flush_to_buffer, or disabling the buffer): no interrupt,
 * fewer samples than the watermark; the newest is stamped with the read
 * time and the spacing spans the time since the previous batch.
 */
static void lis2dh_test_stamps_flush(struct kunit *test)
{
	s64 read = T0 + 5 * (s64)PERIOD_400HZ;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(5, 0, read);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, T0 + (s64)PERIOD_400HZ);

	/* The batch after the flush joins on to it */
	b = lis2dh_test_batch(24, read + 24 * (s64)PERIOD_400HZ, read + 6000000);
	period = lis2dh_fifo_stamps(&b, read, read, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, read + (s64)PERIOD_400HZ);
}

/*
 * A flush of one sample read late in the period after it was taken: it is
 * stamped one period after the previous batch, not at the read time, which
 * would make the spacing look like a lost sample. The read time bounds the
 * stamp either way.
 */
static void lis2dh_test_stamps_flush_one(struct kunit *test)
{
	s64 read = T0 + 19 * (s64)PERIOD_400HZ / 10;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(1, 0, read);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, first, T0 + (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);

	/* Two samples where one period was expected: the chip runs fast */
	b = lis2dh_test_batch(2, 0, read);
	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, first + period, read);

	/* One sample much later than expected: at most a period before the read */
	read = T0 + 3 * (s64)PERIOD_400HZ;
	b = lis2dh_test_batch(1, 0, read);
	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, first, read - (s64)PERIOD_400HZ);
}

/* An interrupt stamp not newer than the previous batch is stale */
static void lis2dh_test_stamps_stale_irq(struct kunit *test)
{
	s64 read = T0 + 10 * (s64)PERIOD_400HZ;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(10, T0, read);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, T0, T0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first + 9 * period, read);
}

/*
 * FIFO restarted (bus error recovery) within a capture: no previous batch
 * but stamps already pushed. Nominal spacing, never at or before the last.
 */
static void lis2dh_test_stamps_restart(struct kunit *test)
{
	s64 irq = T0 + 100 * (s64)PERIOD_400HZ;
	struct lis2dh_fifo_batch b = lis2dh_test_batch(24, irq, irq + 1000);
	s64 first, period;

	period = lis2dh_fifo_stamps(&b, 0, T0, &first);
	KUNIT_EXPECT_EQ(test, period, (s64)PERIOD_400HZ);
	KUNIT_EXPECT_EQ(test, first, irq - 23 * (s64)PERIOD_400HZ);

	/* Restarted right after the last stamp: squeezed in after it */
	b = lis2dh_test_batch(24, T0 + 12 * (s64)PERIOD_400HZ, T0 + 13 * (s64)PERIOD_400HZ);
	period = lis2dh_fifo_stamps(&b, 0, T0, &first);
	KUNIT_EXPECT_GT(test, first, T0);
	KUNIT_EXPECT_LE(test, first + 23 * period, T0 + 12 * (s64)PERIOD_400HZ);
	KUNIT_EXPECT_GE(test, period, 1LL);
}

/* --- rate and scale tables ----------------------------------------------- */

/* Datasheet table 31 (CTRL_REG1 ODR) and table 4 (sensitivity) */
static void lis2dh_test_tables_rates(struct kunit *test)
{
	static const int normal[] = { 1, 10, 25, 50, 100, 200, 400, 1344 };
	static const int low_power[] = { 1, 10, 25, 50, 100, 200, 400, 1620, 5376 };
	const struct lis2dh_mode_info *lp = &lis2dh_modes[LIS2DH_LOW_POWER];
	unsigned int mode, i;

	KUNIT_EXPECT_EQ(test, lis2dh_modes[LIS2DH_LOW_POWER].bits, 8U);
	KUNIT_EXPECT_EQ(test, lis2dh_modes[LIS2DH_NORMAL].bits, 10U);
	KUNIT_EXPECT_EQ(test, lis2dh_modes[LIS2DH_HIGH_RES].bits, 12U);

	KUNIT_ASSERT_EQ(test, lp->num_freqs, (unsigned int)ARRAY_SIZE(low_power));
	for (i = 0; i < lp->num_freqs; i++) {
		KUNIT_EXPECT_EQ(test, lp->freqs[i], low_power[i]);
		KUNIT_EXPECT_EQ(test, lp->odr_codes[i], (u8)(i + 1));
	}

	for (mode = LIS2DH_NORMAL; mode <= LIS2DH_HIGH_RES; mode++) {
		const struct lis2dh_mode_info *info = &lis2dh_modes[mode];

		KUNIT_ASSERT_EQ(test, info->num_freqs, (unsigned int)ARRAY_SIZE(normal));
		for (i = 0; i < info->num_freqs; i++)
			KUNIT_EXPECT_EQ(test, info->freqs[i], normal[i]);
		/* 1344 Hz is code 9; code 8 exists in low power only */
		for (i = 0; i < 7; i++)
			KUNIT_EXPECT_EQ(test, info->odr_codes[i], (u8)(i + 1));
		KUNIT_EXPECT_EQ(test, info->odr_codes[7], 9);

		KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, mode, 1344), 7);
		KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, mode, 1620), -EINVAL);
		KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, mode, 5376), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, LIS2DH_LOW_POWER, 5376), 8);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, LIS2DH_LOW_POWER, 1344), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, LIS2DH_NORMAL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(lis2dh_modes, LIS2DH_NORMAL, -400), -EINVAL);
}

static void lis2dh_test_tables_scales(struct kunit *test)
{
	/* mg/digit at +-2 g per mode; 4, 8, 16 g are 2, 4 and 12 times that */
	static const unsigned int mg_2g[] = {
		[LIS2DH_LOW_POWER] = 16, [LIS2DH_NORMAL] = 4, [LIS2DH_HIGH_RES] = 1,
	};
	static const unsigned int factor[LIS2DH_NUM_SCALES] = { 1, 2, 4, 12 };
	unsigned int mode, fs;

	for (mode = 0; mode < LIS2DH_NUM_MODES; mode++) {
		for (fs = 0; fs < LIS2DH_NUM_SCALES; fs++) {
			const int *s = lis2dh_scales[mode][fs];
			/* 1 mg = 9.80665e-3 m/s^2 = 9806650 nm/s^2 */
			u64 expect = (u64)mg_2g[mode] * factor[fs] * 9806650;

			KUNIT_EXPECT_EQ(test, (u64)s[0] * NSEC_PER_SEC + s[1], expect);
			KUNIT_EXPECT_LT(test, s[1], (int)NSEC_PER_SEC);
			KUNIT_EXPECT_EQ(test, lis2dh_find_scale(mode, s[0], s[1]), (int)fs);
		}
	}
	/* A scale of another mode is not one of this mode */
	KUNIT_EXPECT_EQ(test, lis2dh_find_scale(LIS2DH_HIGH_RES, 1, 882876800), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_scale(LIS2DH_NORMAL, 0, 9806650), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_scale(LIS2DH_NORMAL, 0, 0), -EINVAL);
}

/* Switching power mode keeps the rate if offered, else the next lower one */
static void lis2dh_test_rate_for_mode(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_NORMAL, 400), 6U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_NORMAL, 5376), 7U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_HIGH_RES, 1620), 7U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_LOW_POWER, 1344), 6U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_LOW_POWER, 5376), 8U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_LOW_POWER, 1), 0U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(lis2dh_modes, LIS2DH_NORMAL, 0), 0U);
}

/* --- power mode switch --------------------------------------------------- */

/*
 * Every switch between two power modes, CTRL_REG1 and CTRL_REG4 written in
 * the order the driver uses: LPen and HR are never set together, not even
 * between the two writes.
 */
static void lis2dh_test_mode_switch_order(struct kunit *test)
{
	enum lis2dh_power_mode from, to;
	bool lpen, hr;

	for (from = 0; from < LIS2DH_NUM_MODES; from++) {
		for (to = 0; to < LIS2DH_NUM_MODES; to++) {
			lpen = from == LIS2DH_LOW_POWER;
			hr = from == LIS2DH_HIGH_RES;
			/* the state after the first of the two writes */
			if (lis2dh_ctrl1_first(to))
				lpen = to == LIS2DH_LOW_POWER;
			else
				hr = to == LIS2DH_HIGH_RES;
			KUNIT_EXPECT_FALSE_MSG(test, lpen && hr,
					       "mode %d to %d sets LPen and HR",
					       from, to);
		}
	}
}

/* --- firmware description ----------------------------------------------- */

static void lis2dh_test_int1_index(struct kunit *test)
{
	static const char * const int1[] = { "INT1" };
	static const char * const both[] = { "INT1", "INT2" };
	static const char * const swapped[] = { "INT2", "INT1" };

	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(int1, 1), 0);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(both, 2), 0);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(swapped, 2), 1);
}

static void lis2dh_test_int1_index_int2_only(struct kunit *test)
{
	static const char * const int2[] = { "INT2" };

	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(int2, 1), -ENOENT);
}

static void lis2dh_test_int1_index_invalid(struct kunit *test)
{
	static const char * const twice[] = { "INT1", "INT1" };
	static const char * const twice2[] = { "INT2", "INT2" };
	static const char * const unknown[] = { "INT1", "DRDY" };
	static const char * const lower[] = { "int1" };
	static const char * const three[] = { "INT1", "INT2", "INT1" };

	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(twice, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(twice2, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(unknown, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(lower, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(three, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_int1_index(three, 0), -EINVAL);
}

/* --- event thresholds and times ------------------------------------------ */

/* 16, 32, 62 and 186 mg per LSB at +-2, 4, 8 and 16 g (datasheet 8.21) */
static void lis2dh_test_ev_ths_lsb(struct kunit *test)
{
	static const s64 lsb_um[] = { 156906, 313813, 608012, 1824037 };
	unsigned int fs;

	for (fs = 0; fs < LIS2DH_NUM_SCALES; fs++) {
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_decode(fs, 1), lsb_um[fs]);
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_decode(fs, 0), 0LL);
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(fs, lsb_um[fs]), 1);
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(fs, 0), 0);
	}
	/* 1 g is 62.5 LSB at +-2 g: rounded to the nearest, 63 */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(0, 9806650), 63);
	/* 1 g at +-16 g: 5.38 LSB */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(3, 9806650), 5);
	/* 0.35 g (free-fall) at +-2 g: 21.9 LSB */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(0, 3432328), 22);
}

/* The 7-bit field: 127 LSB is the top, a negative value is refused */
static void lis2dh_test_ev_ths_range(struct kunit *test)
{
	unsigned int fs, code;
	s64 top;

	for (fs = 0; fs < LIS2DH_NUM_SCALES; fs++) {
		top = lis2dh_ev_ths_decode(fs, LIS2DH_EV_THS_MAX);
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(fs, top),
				LIS2DH_EV_THS_MAX);
		/* Up to half an LSB above still rounds to the top code */
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(fs, top + 1000),
				LIS2DH_EV_THS_MAX);
		KUNIT_EXPECT_EQ(test,
				lis2dh_ev_ths_encode(fs, lis2dh_ev_ths_decode(fs, 128)),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(fs, -1), -EINVAL);
		/* Each code comes back from its own value */
		for (code = 0; code <= LIS2DH_EV_THS_MAX; code++)
			KUNIT_EXPECT_EQ(test,
					lis2dh_ev_ths_encode(fs, lis2dh_ev_ths_decode(fs, code)),
					(int)code);
	}
	/* +-2 g tops out at 127 x 16 mg = 19.93 m/s^2, +-16 g at 231.6 */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_decode(0, 127), 19927113LL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_decode(3, 127), 231652686LL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(0, 20100000), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ths_encode(1, 20100000), 64);
}

/* One LSB of a duration or window is one sample period */
static void lis2dh_test_ev_time(struct kunit *test)
{
	/* 100 Hz: 10 ms per LSB */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 50000, 127), 5);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 54999, 127), 5);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 55000, 127), 6);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_decode(100, 5), 50000LL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 0, 127), 0);
	/* 127 periods at 100 Hz is 1.27 s; 255 fit the 8-bit windows */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 1270000, 127), 127);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 1280000, 127), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 1280000, 255), 128);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, 2560000, 255), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(100, -1, 255), -EINVAL);
	/* 1 Hz: whole seconds; 400 Hz: 2.5 ms */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(1, 2000000, 127), 2);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_decode(1, 127), 127000000LL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(400, 10000, 127), 4);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_decode(400, 3), 7500LL);
	/* 1344 Hz: 744 us per LSB, rounded to the microsecond */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_decode(1344, 1), 744LL);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(1344, 744, 127), 1);
	/* The same request at a new rate: 50 ms at 400 Hz is 20 periods */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(400, 50000, 127), 20);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_time_encode(10, 50000, 127), 1);
}

/* Every rate of every mode: a decoded code encodes back to itself */
static void lis2dh_test_ev_time_roundtrip(struct kunit *test)
{
	unsigned int mode, i, code, hz;
	s64 us;

	for (mode = 0; mode < LIS2DH_NUM_MODES; mode++) {
		const struct lis2dh_mode_info *info = &lis2dh_modes[mode];

		for (i = 0; i < info->num_freqs; i++) {
			hz = info->freqs[i];
			for (code = 0; code <= LIS2DH_EV_WIN_MAX; code++) {
				us = lis2dh_ev_time_decode(hz, code);
				KUNIT_EXPECT_EQ(test,
						lis2dh_ev_time_encode(hz, us,
								      LIS2DH_EV_WIN_MAX),
						(int)code);
			}
		}
	}
}

/* INTx_CFG: AOI b7, then ZHIE ZLIE YHIE YLIE XHIE XLIE */
static void lis2dh_test_ev_ia_cfg(struct kunit *test)
{
	/* wake-up on any axis above */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(0x7, 0, false), 0x2a);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(BIT(0), 0, false), 0x02);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(BIT(2), 0, false), 0x20);
	/* any axis below */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(0, 0x7, false), 0x15);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(0, BIT(1), false), 0x04);
	/* free-fall: all three below at once (AN3308 6.3.3: 0x95) */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(0, 0x7, true), 0x95);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_cfg(0, 0, false), 0x00);
}

/* INTx_SRC: IA b6, then ZH ZL YH YL XH XL */
static void lis2dh_test_ev_ia_axes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x42, true), 0x1U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x42, false), 0x0U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x60, true), 0x4U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x55, false), 0x7U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x55, true), 0x0U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x6a, true), 0x7U);
	/* no IA, nothing: the axis bits of a generator that did not fire */
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x2a, true), 0x0U);
	KUNIT_EXPECT_EQ(test, lis2dh_ev_ia_axes(0x15, false), 0x0U);
}

static struct kunit_case lis2dh_fifo_src_cases[] = {
	KUNIT_CASE(lis2dh_test_fifo_count_fss),
	KUNIT_CASE(lis2dh_test_fifo_count_empty),
	KUNIT_CASE(lis2dh_test_fifo_count_overrun),
	{}
};

static struct kunit_case lis2dh_watermark_cases[] = {
	KUNIT_CASE(lis2dh_test_watermark_values),
	KUNIT_CASE(lis2dh_test_watermark_room),
	{}
};

static struct kunit_case lis2dh_stamps_cases[] = {
	KUNIT_CASE(lis2dh_test_stamps_first_batch),
	KUNIT_CASE(lis2dh_test_stamps_late_read),
	KUNIT_CASE(lis2dh_test_stamps_steady),
	KUNIT_CASE(lis2dh_test_stamps_overrun),
	KUNIT_CASE(lis2dh_test_fifo_lost),
	KUNIT_CASE(lis2dh_test_stamps_overrun_monotonic),
	KUNIT_CASE(lis2dh_test_stamps_flush),
	KUNIT_CASE(lis2dh_test_stamps_flush_one),
	KUNIT_CASE(lis2dh_test_stamps_stale_irq),
	KUNIT_CASE(lis2dh_test_stamps_restart),
	{}
};

/* --- SC7A20 rates, auxiliary ADC and temperature, self-test -------------- */

/* Silan's ODR codes 8 and 9: 1.6 kHz (low power), 1.25 kHz / 5 kHz */
static void lis2dh_test_sc7a20_rates(struct kunit *test)
{
	static const int normal[] = { 1, 10, 25, 50, 100, 200, 400, 1250 };
	static const int low_power[] = { 1, 10, 25, 50, 100, 200, 400, 1600, 5000 };
	const struct lis2dh_mode_info *m = lis2dh_sc7a20_modes;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, m[LIS2DH_NORMAL].num_freqs, (unsigned int)ARRAY_SIZE(normal));
	KUNIT_ASSERT_EQ(test, m[LIS2DH_HIGH_RES].num_freqs, (unsigned int)ARRAY_SIZE(normal));
	KUNIT_ASSERT_EQ(test, m[LIS2DH_LOW_POWER].num_freqs, (unsigned int)ARRAY_SIZE(low_power));
	for (i = 0; i < ARRAY_SIZE(normal); i++) {
		KUNIT_EXPECT_EQ(test, m[LIS2DH_NORMAL].freqs[i], normal[i]);
		KUNIT_EXPECT_EQ(test, m[LIS2DH_HIGH_RES].freqs[i], normal[i]);
	}
	for (i = 0; i < ARRAY_SIZE(low_power); i++)
		KUNIT_EXPECT_EQ(test, m[LIS2DH_LOW_POWER].freqs[i], low_power[i]);
	/* the same codes as ST's parts, other rates */
	KUNIT_EXPECT_EQ(test, m[LIS2DH_NORMAL].odr_codes[7], 9);
	KUNIT_EXPECT_EQ(test, m[LIS2DH_LOW_POWER].odr_codes[7], 8);
	KUNIT_EXPECT_EQ(test, m[LIS2DH_LOW_POWER].odr_codes[8], 9);
	KUNIT_EXPECT_EQ(test, m[LIS2DH_LOW_POWER].bits, 8U);
	KUNIT_EXPECT_EQ(test, m[LIS2DH_HIGH_RES].bits, 12U);

	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(m, LIS2DH_NORMAL, 1250), 7);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(m, LIS2DH_NORMAL, 1344), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(m, LIS2DH_LOW_POWER, 5376), -EINVAL);
	KUNIT_EXPECT_EQ(test, lis2dh_find_freq(m, LIS2DH_LOW_POWER, 5000), 8);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(m, LIS2DH_NORMAL, 5000), 7U);
	KUNIT_EXPECT_EQ(test, lis2dh_rate_for_mode(m, LIS2DH_LOW_POWER, 1250), 6U);
}

/*
 * ADC: 1200 +- 400 mV over 2^bits codes; (raw + offset) * scale in mV gives
 * back the input, 1200 mV is code 0, the ends of the range +-2^(bits-1).
 */
static void lis2dh_test_adc_scale(struct kunit *test)
{
	static const struct {
		enum lis2dh_power_mode mode;
		unsigned int bits;
		int offset;
	} cases[] = {
		{ LIS2DH_LOW_POWER, 8, 384 },
		{ LIS2DH_NORMAL, 10, 1536 },
		{ LIS2DH_HIGH_RES, 10, 1536 },
	};
	unsigned int i;
	int val, val2;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int bits = lis2dh_aux_bits(cases[i].mode);
		int half = 1 << (bits - 1);

		KUNIT_EXPECT_EQ(test, bits, cases[i].bits);
		lis2dh_adc_scale(bits, &val, &val2);
		KUNIT_EXPECT_EQ(test, val, 800);
		KUNIT_EXPECT_EQ(test, val2, (int)bits);
		KUNIT_EXPECT_EQ(test, lis2dh_adc_offset(bits), cases[i].offset);
		/* in uV: (raw + offset) * 800000 / 2^bits */
		KUNIT_EXPECT_EQ(test, (0 + cases[i].offset) * 800000 >> bits, 1200000);
		KUNIT_EXPECT_EQ(test, (-half + cases[i].offset) * 800000 >> bits, 800000);
		KUNIT_EXPECT_EQ(test, (half + cases[i].offset) * 800000 >> bits, 1600000);
	}
}

/* |mean(on) - mean(off)| in mg, rounded; either direction */
static void lis2dh_test_selftest_mg(struct kunit *test)
{
	/* 5 samples of 250 digits (1 g) then 410: 160 digits, 640 mg */
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(5 * 250, 5 * 410, 5, 4), 640);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(5 * 410, 5 * 250, 5, 4), 640);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(-5 * 90, 0, 5, 4), 360);
	/* 3 digits over 5 samples: 2.4 mg rounds to 2, 7 digits 5.6 to 6 */
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(0, 3, 5, 4), 2);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(0, 7, 5, 4), 6);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(7, 0, 5, 4), 6);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(7, 7, 5, 4), 0);
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(0, 100, 0, 4), 0);
	/* the extremes of 10-bit sums do not overflow */
	KUNIT_EXPECT_EQ(test, lis2dh_selftest_mg(-5 * 512, 5 * 511, 5, 4), 4092);
}

/* Datasheet limits 17-360 LSb at 4 mg/LSb: 68-1440 mg, inclusive */
static void lis2dh_test_selftest_judge(struct kunit *test)
{
	static const struct {
		int mg[3];
		unsigned int failed;
	} cases[] = {
		{ { 360, 400, 640 }, 0 },
		{ { 68, 1440, 68 }, 0 },
		{ { 67, 400, 640 }, BIT(0) },
		{ { 360, 1441, 640 }, BIT(1) },
		{ { 360, 400, 40 }, BIT(2) },
		{ { 0, 0, 0 }, BIT(0) | BIT(1) | BIT(2) },
		{ { 2000, 2000, 2000 }, BIT(0) | BIT(1) | BIT(2) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, lis2dh_selftest_judge(cases[i].mg, 68, 1440),
				    cases[i].failed, "case %u", i);
}

static struct kunit_case lis2dh_analog_cases[] = {
	KUNIT_CASE(lis2dh_test_sc7a20_rates),
	KUNIT_CASE(lis2dh_test_adc_scale),
	KUNIT_CASE(lis2dh_test_selftest_mg),
	KUNIT_CASE(lis2dh_test_selftest_judge),
	{}
};

static struct kunit_suite lis2dh_analog_suite = {
	.name = "lis2dh_analog",
	.test_cases = lis2dh_analog_cases,
};

static struct kunit_case lis2dh_tables_cases[] = {
	KUNIT_CASE(lis2dh_test_tables_rates),
	KUNIT_CASE(lis2dh_test_tables_scales),
	KUNIT_CASE(lis2dh_test_rate_for_mode),
	{}
};

static struct kunit_case lis2dh_mode_switch_cases[] = {
	KUNIT_CASE(lis2dh_test_mode_switch_order),
	{}
};

static struct kunit_case lis2dh_firmware_cases[] = {
	KUNIT_CASE(lis2dh_test_int1_index),
	KUNIT_CASE(lis2dh_test_int1_index_int2_only),
	KUNIT_CASE(lis2dh_test_int1_index_invalid),
	{}
};

static struct kunit_case lis2dh_events_cases[] = {
	KUNIT_CASE(lis2dh_test_ev_ths_lsb),
	KUNIT_CASE(lis2dh_test_ev_ths_range),
	KUNIT_CASE(lis2dh_test_ev_time),
	KUNIT_CASE(lis2dh_test_ev_time_roundtrip),
	KUNIT_CASE(lis2dh_test_ev_ia_cfg),
	KUNIT_CASE(lis2dh_test_ev_ia_axes),
	{}
};

static struct kunit_suite lis2dh_fifo_src_suite = {
	.name = "lis2dh_fifo_src",
	.test_cases = lis2dh_fifo_src_cases,
};

static struct kunit_suite lis2dh_watermark_suite = {
	.name = "lis2dh_watermark",
	.test_cases = lis2dh_watermark_cases,
};

static struct kunit_suite lis2dh_stamps_suite = {
	.name = "lis2dh_timestamps",
	.test_cases = lis2dh_stamps_cases,
};

static struct kunit_suite lis2dh_tables_suite = {
	.name = "lis2dh_tables",
	.test_cases = lis2dh_tables_cases,
};

static struct kunit_suite lis2dh_firmware_suite = {
	.name = "lis2dh_firmware",
	.test_cases = lis2dh_firmware_cases,
};

static struct kunit_suite lis2dh_mode_switch_suite = {
	.name = "lis2dh_mode_switch",
	.test_cases = lis2dh_mode_switch_cases,
};

static struct kunit_suite lis2dh_events_suite = {
	.name = "lis2dh_events",
	.test_cases = lis2dh_events_cases,
};

kunit_test_suites(&lis2dh_fifo_src_suite, &lis2dh_watermark_suite,
		  &lis2dh_stamps_suite, &lis2dh_tables_suite,
		  &lis2dh_firmware_suite, &lis2dh_mode_switch_suite,
		  &lis2dh_analog_suite, &lis2dh_events_suite);

MODULE_DESCRIPTION("KUnit tests for the LIS3DH/LIS2DH12/SC7A20 IIO driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
