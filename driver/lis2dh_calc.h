/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver's pure computations: rate and scale tables, FIFO_SRC decoding,
 * the watermark level and the FIFO timestamps. No I/O and no locking here,
 * so that tests/kunit can check them on their own.
 */
#ifndef _LIS2DH_CALC_H_
#define _LIS2DH_CALC_H_

#include <linux/types.h>

enum lis2dh_power_mode {
	LIS2DH_LOW_POWER,
	LIS2DH_NORMAL,
	LIS2DH_HIGH_RES,
	LIS2DH_NUM_MODES,
};

/* Full-scale ranges: +-2, 4, 8 and 16 g */
#define LIS2DH_NUM_SCALES		4

/**
 * struct lis2dh_mode_info - what a power mode offers
 * @bits:	resolution of a sample
 * @freqs:	output data rates in Hz, ascending
 * @odr_codes:	CTRL_REG1 ODR field for each rate
 * @num_freqs:	number of rates
 */
struct lis2dh_mode_info {
	unsigned int bits;
	const int *freqs;
	const u8 *odr_codes;
	unsigned int num_freqs;
};

extern const struct lis2dh_mode_info lis2dh_modes[LIS2DH_NUM_MODES];
extern const struct lis2dh_mode_info lis2dh_sc7a20_modes[LIS2DH_NUM_MODES];
/* m/s^2 per digit, integer and nano parts, per mode and full-scale range */
extern const int lis2dh_scales[LIS2DH_NUM_MODES][LIS2DH_NUM_SCALES][2];

int lis2dh_find_freq(const struct lis2dh_mode_info *modes,
		     enum lis2dh_power_mode mode, int hz);
int lis2dh_find_scale(enum lis2dh_power_mode mode, int val, int val2);
unsigned int lis2dh_rate_for_mode(const struct lis2dh_mode_info *modes,
				  enum lis2dh_power_mode mode, int hz);

unsigned int lis2dh_fifo_count(unsigned int fifo_src);
unsigned int lis2dh_fifo_hw_watermark(unsigned int watermark,
				      unsigned int odr_hz);
unsigned int lis2dh_watchdog_periods(unsigned int level);

/**
 * struct lis2dh_fifo_batch - one FIFO drain, as the timestamps see it
 * @count:	samples read out
 * @overrun:	samples were lost before these (lis2dh_fifo_lost())
 * @irq_ts:	when the watermark interrupt fired; 0 for a drain without one
 * @read_ts:	when FIFO_SRC was read
 * @hw_watermark: the FIFO level the interrupt announces
 * @period_ns:	nominal sample period at the configured rate
 */
struct lis2dh_fifo_batch {
	unsigned int count;
	bool overrun;
	s64 irq_ts;
	s64 read_ts;
	unsigned int hw_watermark;
	s64 period_ns;
};

bool lis2dh_ctrl1_first(enum lis2dh_power_mode mode);
int lis2dh_int1_index(const char * const *names, int n);

unsigned int lis2dh_fifo_lost(const struct lis2dh_fifo_batch *batch,
			      s64 since);
s64 lis2dh_fifo_stamps(const struct lis2dh_fifo_batch *batch, s64 prev,
		       s64 last, s64 *first);

/* Auxiliary ADC (LIS3DH datasheet 3.7): 1200 +- 400 mV */
#define LIS2DH_ADC_MID_MV		1200
#define LIS2DH_ADC_SPAN_MV		800

unsigned int lis2dh_aux_bits(enum lis2dh_power_mode mode);
void lis2dh_adc_scale(unsigned int bits, int *val, int *val2);
int lis2dh_adc_offset(unsigned int bits);

int lis2dh_selftest_mg(s32 sum_off, s32 sum_on, unsigned int n,
		       unsigned int mg_per_digit);
unsigned int lis2dh_selftest_judge(const int mg[3], int min_mg, int max_mg);

/* Largest INTx_THS / CLICK_THS code (7 bits) */
#define LIS2DH_EV_THS_MAX		127
/* Largest INTx_DURATION / TIME_LIMIT code (7 bits) */
#define LIS2DH_EV_DUR_MAX		127
/* Largest TIME_LATENCY / TIME_WINDOW code (8 bits) */
#define LIS2DH_EV_WIN_MAX		255

int lis2dh_ev_ths_encode(unsigned int fs_idx, s64 um_s2);
s64 lis2dh_ev_ths_decode(unsigned int fs_idx, unsigned int code);
int lis2dh_ev_time_encode(unsigned int odr_hz, s64 us, unsigned int max);
s64 lis2dh_ev_time_decode(unsigned int odr_hz, unsigned int code);
u8 lis2dh_ev_ia_cfg(unsigned int high, unsigned int low, bool and);
unsigned int lis2dh_ev_ia_axes(unsigned int src, bool high);

#endif /* _LIS2DH_CALC_H_ */
