// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pure computations of the LIS3DH / LIS2DH12 / SC7A20 driver: the rate and
 * scale tables per power mode, FIFO_SRC decoding, the watermark level
 * programmed into the chip and the timestamps of a FIFO batch. Exported to
 * the KUnit suite (tests/kunit) only.
 */

#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <kunit/visibility.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_events.h"

/*
 * Headroom left in the FIFO above the watermark: the time the interrupt
 * thread may take to start reading before the FIFO fills up.
 */
#define LIS2DH_FIFO_SLACK_US		2000
#define LIS2DH_FIFO_SLACK		8U

static const int lis2dh_freqs_normal[] = {
	1, 10, 25, 50, 100, 200, 400, 1344,
};

/* Code 8 (1620 Hz) exists in low-power mode only; code 9 is 5376 Hz there */
static const int lis2dh_freqs_low_power[] = {
	1, 10, 25, 50, 100, 200, 400, 1620, 5376,
};

/* ODR field of CTRL_REG1 for each rate of the tables above */
static const u8 lis2dh_odr_codes_low_power[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const u8 lis2dh_odr_codes_normal[] = { 1, 2, 3, 4, 5, 6, 7, 9 };

const struct lis2dh_mode_info lis2dh_modes[LIS2DH_NUM_MODES] = {
	[LIS2DH_LOW_POWER] = {
		.bits = 8,
		.freqs = lis2dh_freqs_low_power,
		.odr_codes = lis2dh_odr_codes_low_power,
		.num_freqs = ARRAY_SIZE(lis2dh_freqs_low_power),
	},
	[LIS2DH_NORMAL] = {
		.bits = 10,
		.freqs = lis2dh_freqs_normal,
		.odr_codes = lis2dh_odr_codes_normal,
		.num_freqs = ARRAY_SIZE(lis2dh_freqs_normal),
	},
	[LIS2DH_HIGH_RES] = {
		.bits = 12,
		.freqs = lis2dh_freqs_normal,
		.odr_codes = lis2dh_odr_codes_normal,
		.num_freqs = ARRAY_SIZE(lis2dh_freqs_normal),
	},
};
EXPORT_SYMBOL_IF_KUNIT(lis2dh_modes);

/*
 * The SC7A20's ODR codes 8 and 9 run at other rates than ST's: 1.6 kHz
 * (low-power only), and 1.25 kHz in normal and high-resolution mode or
 * 5 kHz in low-power mode; codes 1-7 are the same.
 */
static const int lis2dh_sc7a20_freqs_normal[] = {
	1, 10, 25, 50, 100, 200, 400, 1250,
};

static const int lis2dh_sc7a20_freqs_low_power[] = {
	1, 10, 25, 50, 100, 200, 400, 1600, 5000,
};

const struct lis2dh_mode_info lis2dh_sc7a20_modes[LIS2DH_NUM_MODES] = {
	[LIS2DH_LOW_POWER] = {
		.bits = 8,
		.freqs = lis2dh_sc7a20_freqs_low_power,
		.odr_codes = lis2dh_odr_codes_low_power,
		.num_freqs = ARRAY_SIZE(lis2dh_sc7a20_freqs_low_power),
	},
	[LIS2DH_NORMAL] = {
		.bits = 10,
		.freqs = lis2dh_sc7a20_freqs_normal,
		.odr_codes = lis2dh_odr_codes_normal,
		.num_freqs = ARRAY_SIZE(lis2dh_sc7a20_freqs_normal),
	},
	[LIS2DH_HIGH_RES] = {
		.bits = 12,
		.freqs = lis2dh_sc7a20_freqs_normal,
		.odr_codes = lis2dh_odr_codes_normal,
		.num_freqs = ARRAY_SIZE(lis2dh_sc7a20_freqs_normal),
	},
};
EXPORT_SYMBOL_IF_KUNIT(lis2dh_sc7a20_modes);

/*
 * Sensitivity in m/s^2 per digit of the mode's resolution (integer and
 * nano parts): the mg/digit figures of datasheet table 4 at +-2, 4, 8 and
 * 16 g times 9.80665.
 */
const int lis2dh_scales[LIS2DH_NUM_MODES][LIS2DH_NUM_SCALES][2] = {
	/* 16, 32, 64, 192 mg/digit */
	[LIS2DH_LOW_POWER] = {
		{ 0, 156906400 }, { 0, 313812800 },
		{ 0, 627625600 }, { 1, 882876800 },
	},
	/* 4, 8, 16, 48 mg/digit */
	[LIS2DH_NORMAL] = {
		{ 0, 39226600 }, { 0, 78453200 },
		{ 0, 156906400 }, { 0, 470719200 },
	},
	/* 1, 2, 4, 12 mg/digit */
	[LIS2DH_HIGH_RES] = {
		{ 0, 9806650 }, { 0, 19613300 },
		{ 0, 39226600 }, { 0, 117679800 },
	},
};
EXPORT_SYMBOL_IF_KUNIT(lis2dh_scales);

/* Index of @hz in the rates of @mode in the chip's table @modes, or -EINVAL */
int lis2dh_find_freq(const struct lis2dh_mode_info *modes,
		     enum lis2dh_power_mode mode, int hz)
{
	const struct lis2dh_mode_info *info = &modes[mode];
	unsigned int i;

	for (i = 0; i < info->num_freqs; i++)
		if (info->freqs[i] == hz)
			return i;

	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_find_freq);

/* Index of the full-scale range with sensitivity @val.@val2, or -EINVAL */
int lis2dh_find_scale(enum lis2dh_power_mode mode, int val, int val2)
{
	unsigned int i;

	for (i = 0; i < LIS2DH_NUM_SCALES; i++)
		if (lis2dh_scales[mode][i][0] == val &&
		    lis2dh_scales[mode][i][1] == val2)
			return i;

	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_find_scale);

/*
 * The rate index to use after switching to @mode from a rate of @hz: the
 * same rate when @mode offers it, else the highest one below it, else the
 * lowest.
 */
unsigned int lis2dh_rate_for_mode(const struct lis2dh_mode_info *modes,
				  enum lis2dh_power_mode mode, int hz)
{
	const struct lis2dh_mode_info *info = &modes[mode];
	unsigned int i, idx = 0;

	for (i = 0; i < info->num_freqs && info->freqs[i] <= hz; i++)
		idx = i;

	return idx;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_rate_for_mode);

/*
 * Samples in the FIFO from FIFO_SRC: FSS has 5 bits, so a full FIFO reads
 * FSS 0 with OVRN set (AN3308 9.3); EMPTY wins over everything else.
 */
unsigned int lis2dh_fifo_count(unsigned int fifo_src)
{
	if (fifo_src & LIS2DH_FIFO_SRC_EMPTY)
		return 0;
	if (fifo_src & LIS2DH_FIFO_SRC_OVRN)
		return LIS2DH_FIFO_DEPTH;

	return FIELD_GET(LIS2DH_FIFO_SRC_FSS_MASK, fifo_src);
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_fifo_count);

/*
 * The watermark interrupt rises when the FIFO holds more than FTH samples
 * (datasheet 8.18). The level programmed is the one the buffer asked for,
 * lowered to leave room above it for at least LIS2DH_FIFO_SLACK samples and
 * LIS2DH_FIFO_SLACK_US at @odr_hz (at most half the FIFO), so that a late
 * interrupt thread does not lose samples.
 */
unsigned int lis2dh_fifo_hw_watermark(unsigned int watermark,
				      unsigned int odr_hz)
{
	unsigned int slack;

	slack = DIV_ROUND_UP(odr_hz * LIS2DH_FIFO_SLACK_US, USEC_PER_SEC);
	slack = clamp(slack, LIS2DH_FIFO_SLACK, LIS2DH_FIFO_DEPTH / 2U);

	return clamp(watermark, 1U, LIS2DH_FIFO_DEPTH - slack);
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_fifo_hw_watermark);

/**
 * lis2dh_fifo_stamps() - timestamps of the samples of one FIFO drain
 * @batch:	the drain; @batch->count must be at least 1
 * @prev:	stamp of the newest sample of the previous batch since the
 *		FIFO was (re)started, 0 if none
 * @last:	stamp of the last sample pushed since capture was enabled,
 *		0 if none
 * @first:	set to the stamp of the oldest sample of the batch
 *
 * The newest sample is stamped with the interrupt time when the FIFO holds
 * no more than the watermark level (the level the interrupt announced).
 * Otherwise (a flush, a late read) it was taken within one period before
 * FIFO_SRC was read: it is stamped one nominal period per sample after the
 * previous batch, kept within that window. Stamping it with the read time
 * itself would put up to a period of slack into the spacing, which for a
 * flush of one or two samples reads as a lost sample. The spacing is the
 * time since the previous batch divided by the number of samples; the
 * nominal period when there is no previous batch or samples were lost in
 * between (then the newest is stamped with the read time). Stamps stay
 * strictly increasing across batches.
 *
 * Return: the spacing of the stamps in ns, at least 1.
 */
s64 lis2dh_fifo_stamps(const struct lis2dh_fifo_batch *batch, s64 prev,
		       s64 last, s64 *first)
{
	unsigned int count = batch->count;
	s64 newest, period;

	if (batch->irq_ts && count <= batch->hw_watermark &&
	    batch->irq_ts > prev)
		newest = batch->irq_ts;
	else if (prev && !batch->overrun)
		newest = clamp_t(s64, prev + count * batch->period_ns,
				 batch->read_ts - batch->period_ns,
				 batch->read_ts);
	else
		newest = batch->read_ts;

	if (prev && !batch->overrun)
		period = div_s64(newest - prev, count);
	else
		period = batch->period_ns;

	if (last && newest - (count - 1) * period <= last)
		period = div_s64(newest - last, count);
	period = max_t(s64, period, 1);
	*first = newest - (count - 1) * period;

	return period;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_fifo_stamps);

/**
 * lis2dh_int1_index() - where INT1 is in a device's interrupt-names
 * @names:	the interrupt-names strings
 * @n:		how many there are
 *
 * Return: the index of "INT1"; -ENOENT when the list is "INT2" alone (the
 * chip is then served without an interrupt); -EINVAL when the list is not
 * one or two distinct names out of "INT1" and "INT2".
 */
int lis2dh_int1_index(const char * const *names, int n)
{
	static const char * const pins[] = { "INT1", "INT2" };
	int i;

	if (n < 1 || n > ARRAY_SIZE(pins))
		return -EINVAL;

	for (i = 0; i < n; i++)
		if (match_string(pins, ARRAY_SIZE(pins), names[i]) < 0)
			return -EINVAL;
	if (n == 2 && !strcmp(names[0], names[1]))
		return -EINVAL;

	i = match_string(names, n, "INT1");

	return i < 0 ? -ENOENT : i;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_int1_index);

/*
 * Whether CTRL_REG1 is written before CTRL_REG4 when the chip goes to
 * @mode. LPen (CTRL_REG1) and HR (CTRL_REG4) set together is a combination
 * the datasheet does not allow (table 10, "operating mode selection"), so
 * the register whose bit is cleared goes first.
 */
bool lis2dh_ctrl1_first(enum lis2dh_power_mode mode)
{
	/* LPen cleared before HR is set; HR cleared before LPen is set */
	return mode == LIS2DH_HIGH_RES;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ctrl1_first);

/*
 * Periods the watermark interrupt may stay silent, at FIFO level @level,
 * before the driver drains the FIFO itself: the interrupt is due after
 * @level periods, and the FIFO, emptied by the last drain, is full after
 * LIS2DH_FIFO_DEPTH: half the room between the two.
 */
unsigned int lis2dh_watchdog_periods(unsigned int level)
{
	level = min(level, LIS2DH_FIFO_DEPTH);

	return level + (LIS2DH_FIFO_DEPTH - level) / 2;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_watchdog_periods);

/**
 * lis2dh_fifo_lost() - samples the FIFO overwrote before a batch
 * @batch:	the drain, with @batch->overrun as FIFO_SRC showed OVRN_FIFO
 * @since:	stamp of the newest sample of the previous batch, or the time
 *		the FIFO was started, on the clock of @batch->read_ts; 0 if
 *		unknown
 *
 * OVRN_FIFO means that the FIFO holds 32 unread samples (datasheet 8.19),
 * not that any was lost: in stream mode the oldest is overwritten only
 * when one more arrives. The samples made since @since at the nominal
 * rate, less those the FIFO holds, are the ones overwritten.
 *
 * Return: the samples lost; 0 without OVRN; at least 1 with OVRN when
 * @since is unknown or not before the read.
 */
unsigned int lis2dh_fifo_lost(const struct lis2dh_fifo_batch *batch,
			      s64 since)
{
	s64 made;

	if (!batch->overrun)
		return 0;
	if (!since || batch->read_ts <= since)
		return 1;

	made = div64_s64(batch->read_ts - since, batch->period_ns);

	return made > batch->count ? made - batch->count : 0;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_fifo_lost);

/*
 * Resolution of the auxiliary ADC and the temperature sensor: 10 bits in
 * normal and high-resolution mode, 8 in low-power mode (LIS3DH datasheet
 * 3.7).
 */
unsigned int lis2dh_aux_bits(enum lis2dh_power_mode mode)
{
	return mode == LIS2DH_LOW_POWER ? 8 : 10;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_aux_bits);

/*
 * The ADC converts 1200 +- 400 mV (LIS3DH datasheet 3.7) to two's
 * complement codes of @bits: mV = (raw + offset) * scale with
 * scale = 800 / 2^bits mV and offset = 1200 mV / scale = 1.5 * 2^bits.
 * @val and @val2 are IIO_VAL_FRACTIONAL_LOG2's numerator and power of 2.
 */
void lis2dh_adc_scale(unsigned int bits, int *val, int *val2)
{
	*val = LIS2DH_ADC_SPAN_MV;
	*val2 = bits;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_adc_scale);

int lis2dh_adc_offset(unsigned int bits)
{
	return LIS2DH_ADC_MID_MV * (int)BIT(bits) / LIS2DH_ADC_SPAN_MV;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_adc_offset);

/*
 * Self-test: the mean of @n samples (@sum_on with CTRL_REG4 ST = 01,
 * @sum_off without) differs by the deflection, in digits of the mode the
 * test runs in; @mg_per_digit converts it. Returns |deflection| in mg.
 */
int lis2dh_selftest_mg(s32 sum_off, s32 sum_on, unsigned int n,
		       unsigned int mg_per_digit)
{
	s64 diff = (s64)sum_on - sum_off;

	if (!n)
		return 0;

	return (int)div_s64(abs(diff) * mg_per_digit + n / 2, n);
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_selftest_mg);

/*
 * The datasheet's judgement: every axis' deflection within [@min_mg,
 * @max_mg], the limits inclusive. Returns the mask of the axes outside
 * (bit 0 X, 1 Y, 2 Z), 0 for a pass.
 */
unsigned int lis2dh_selftest_judge(const int mg[3], int min_mg, int max_mg)
{
	unsigned int i, failed = 0;

	for (i = 0; i < 3; i++)
		if (mg[i] < min_mg || mg[i] > max_mg)
			failed |= BIT(i);

	return failed;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_selftest_judge);

/*
 * Threshold LSB of the interrupt generators (INT1_THS, INT2_THS) and of
 * the click detector (CLICK_THS) at each full scale, in mg: datasheet 8.21
 * and 8.25 (LIS3DH), 8.22 and 8.26 (LIS2DH12).
 */
static const unsigned int lis2dh_ev_ths_lsb_mg[LIS2DH_NUM_SCALES] = {
	16, 32, 62, 186,
};

/* nm/s^2 per mg of standard gravity (9.80665 m/s^2 per g) */
#define LIS2DH_NMS2_PER_MG		9806650ULL

/**
 * lis2dh_ev_ths_encode() - threshold register value for an acceleration
 * @fs_idx:	full-scale range index (0: +-2 g ... 3: +-16 g)
 * @um_s2:	threshold in micro m/s^2
 *
 * Return: the nearest THS code (0..LIS2DH_EV_THS_MAX), or -EINVAL when
 * @um_s2 is negative or beyond what the 7-bit field holds at this range.
 */
int lis2dh_ev_ths_encode(unsigned int fs_idx, s64 um_s2)
{
	u64 lsb_nm = lis2dh_ev_ths_lsb_mg[fs_idx] * LIS2DH_NMS2_PER_MG;
	u64 code;

	if (um_s2 < 0)
		return -EINVAL;
	code = div64_u64((u64)um_s2 * 1000 + lsb_nm / 2, lsb_nm);

	return code > LIS2DH_EV_THS_MAX ? -EINVAL : code;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_ths_encode);

/* The acceleration of THS code @code at range @fs_idx, in micro m/s^2 */
s64 lis2dh_ev_ths_decode(unsigned int fs_idx, unsigned int code)
{
	u64 lsb_nm = lis2dh_ev_ths_lsb_mg[fs_idx] * LIS2DH_NMS2_PER_MG;

	return div64_u64(code * lsb_nm + 500, 1000);
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_ths_decode);

/**
 * lis2dh_ev_time_encode() - duration or window register value for a time
 * @odr_hz:	output data rate; one LSB is one sample period (INTx_DURATION,
 *		TIME_LIMIT, TIME_LATENCY and TIME_WINDOW: datasheet 8.22,
 *		8.26-8.28)
 * @us:		the time in microseconds
 * @max:	the field's largest value (127 or 255)
 *
 * Return: the nearest number of periods, or -EINVAL when @us is negative
 * or longer than @max periods at @odr_hz.
 */
int lis2dh_ev_time_encode(unsigned int odr_hz, s64 us, unsigned int max)
{
	u64 code;

	if (us < 0 || !odr_hz)
		return -EINVAL;
	code = div64_u64((u64)us * odr_hz + USEC_PER_SEC / 2, USEC_PER_SEC);

	return code > max ? -EINVAL : code;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_time_encode);

/* The time of @code periods at @odr_hz, in microseconds */
s64 lis2dh_ev_time_decode(unsigned int odr_hz, unsigned int code)
{
	return div_u64((u64)code * USEC_PER_SEC + odr_hz / 2, odr_hz);
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_time_decode);

/**
 * lis2dh_ev_ia_cfg() - INTx_CFG for a set of axis conditions
 * @high:	axes (bit 0 x, 1 y, 2 z) whose magnitude above THS counts
 * @low:	axes whose magnitude below THS counts
 * @and:	all the enabled conditions at once (AOI=1, e.g. free-fall: all
 *		three below) rather than any of them (AOI=0)
 *
 * INTx_CFG (datasheet 8.20): AOI b7, 6D b6, then ZHIE ZLIE YHIE YLIE XHIE
 * XLIE, high above low for each axis.
 */
u8 lis2dh_ev_ia_cfg(unsigned int high, unsigned int low, bool and)
{
	u8 cfg = and ? LIS2DH_INT_CFG_AOI : 0;
	unsigned int axis;

	for (axis = 0; axis < 3; axis++) {
		if (high & BIT(axis))
			cfg |= BIT(2 * axis + 1);
		if (low & BIT(axis))
			cfg |= BIT(2 * axis);
	}

	return cfg;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_ia_cfg);

/*
 * The axes (bit 0 x, 1 y, 2 z) whose high (@high) or low condition
 * INTx_SRC @src reports; none unless IA is set.
 */
unsigned int lis2dh_ev_ia_axes(unsigned int src, bool high)
{
	unsigned int axis, axes = 0;

	if (!(src & LIS2DH_INT_SRC_IA))
		return 0;
	for (axis = 0; axis < 3; axis++)
		if (src & BIT(2 * axis + high))
			axes |= BIT(axis);

	return axes;
}
EXPORT_SYMBOL_IF_KUNIT(lis2dh_ev_ia_axes);
