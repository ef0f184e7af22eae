// SPDX-License-Identifier: GPL-2.0-only
/*
 * IIO driver core for the STMicroelectronics LIS3DH and LIS2DH12 and the
 * Silan SC7A20 three-axis accelerometers.
 *
 * Datasheets: LIS3DH DocID17530, LIS2DH12 DocID025056; FIFO usage from
 * application note AN3308.
 *
 * This file holds the IIO device: channels, direct reads, rate, range and
 * power mode, the firmware description, probe and power management.
 * Buffered capture (FIFO, trigger, interrupt) is in lis2dh_buffer.c.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pm.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/regulator/consumer.h>

#include <linux/iio/iio.h>
#include <linux/iio/sysfs.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_compat.h"

/* Boot procedure after power-up or CTRL_REG5 BOOT: 5 ms (datasheet 3.2) */
#define LIS2DH_BOOT_US			5000
/* Turn-on time is 1/ODR + 1 ms (datasheet table 11); poll with margin */
#define LIS2DH_TURN_ON_MARGIN_US	10000
#define LIS2DH_AUTOSUSPEND_MS		2000

enum lis2dh_axis {
	LIS2DH_AXIS_X,
	LIS2DH_AXIS_Y,
	LIS2DH_AXIS_Z,
	LIS2DH_AXIS_TS,
};

static const char * const lis2dh_power_modes[] = {
	[LIS2DH_LOW_POWER] = "low_power",
	[LIS2DH_NORMAL] = "normal",
	[LIS2DH_HIGH_RES] = "high_resolution",
};

/*
 * Auxiliary channels, not in the scan: in_voltage1-3 are OUT_ADC1..3. The
 * ADC converts 1200 +- 400 mV (LIS3DH datasheet 3.7): raw values of the
 * mode's resolution, scale and offset from lis2dh_calc.c.
 */
#define LIS2DH_ADC_CHANNEL(num) {					\
	.type = IIO_VOLTAGE,						\
	.indexed = 1,							\
	.channel = (num),						\
	.info_mask_separate = BIT(IIO_CHAN_INFO_RAW),			\
	.info_mask_shared_by_type = BIT(IIO_CHAN_INFO_SCALE) |		\
				    BIT(IIO_CHAN_INFO_OFFSET),		\
	.scan_index = -1,						\
}

/*
 * The temperature sensor, in OUT_ADC3 (LIS3DH, with ADC_EN) or OUT_TEMP
 * (LIS2DH12, the same address): 1 digit/°C at 8 bits in every mode. The
 * datasheets specify the slope only, for delta measurements: no absolute
 * offset is known, so there is no offset attribute (see the ABI file).
 */
#define LIS2DH_TEMP_CHANNEL {						\
	.type = IIO_TEMP,						\
	.info_mask_separate = BIT(IIO_CHAN_INFO_RAW) |			\
			      BIT(IIO_CHAN_INFO_SCALE),			\
	.scan_index = -1,						\
}

static const struct iio_chan_spec lis2dh_lis3dh_aux[] = {
	LIS2DH_ADC_CHANNEL(1),
	LIS2DH_ADC_CHANNEL(2),
	LIS2DH_ADC_CHANNEL(3),
	LIS2DH_TEMP_CHANNEL,
};

/* The LIS2DH12 has no ADC pins, but the temperature sensor */
static const struct iio_chan_spec lis2dh_lis2dh12_aux[] = {
	LIS2DH_TEMP_CHANNEL,
};

/*
 * Self-test limits of LIS3DH and LIS2DH12 (datasheets, table 4): 17 to 360
 * LSb at 10 bits, +-2 g, 4 mg/LSb.
 */
#define LIS2DH_ST_MIN_MG		(17 * 4)
#define LIS2DH_ST_MAX_MG		(360 * 4)

const struct lis2dh_chip_info lis2dh_lis3dh_info = {
	.name = "lis3dh",
	.whoami = 0x33,
	.modes = lis2dh_modes,
	.aux_channels = lis2dh_lis3dh_aux,
	.num_aux_channels = ARRAY_SIZE(lis2dh_lis3dh_aux),
	.st_min_mg = LIS2DH_ST_MIN_MG,
	.st_max_mg = LIS2DH_ST_MAX_MG,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_lis3dh_info, IIO_LIS2DH);

const struct lis2dh_chip_info lis2dh_lis2dh12_info = {
	.name = "lis2dh12",
	.whoami = 0x33,
	.modes = lis2dh_modes,
	.aux_channels = lis2dh_lis2dh12_aux,
	.num_aux_channels = ARRAY_SIZE(lis2dh_lis2dh12_aux),
	.st_min_mg = LIS2DH_ST_MIN_MG,
	.st_max_mg = LIS2DH_ST_MAX_MG,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_lis2dh12_info, IIO_LIS2DH);

/*
 * No ADC or temperature channel and no self-test limits are known for the
 * SC7A20: none is offered. Its rates differ at ODR codes 8 and 9.
 */
const struct lis2dh_chip_info lis2dh_sc7a20_info = {
	.name = "sc7a20",
	.whoami = 0x11,
	.modes = lis2dh_sc7a20_modes,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_sc7a20_info, IIO_LIS2DH);

static const struct regmap_range lis2dh_readable_ranges[] = {
	regmap_reg_range(LIS2DH_REG_STATUS_AUX, LIS2DH_REG_OUT_ADC3_H),
	regmap_reg_range(LIS2DH_REG_WHO_AM_I, LIS2DH_REG_WHO_AM_I),
	regmap_reg_range(LIS2DH_REG_CTRL0, LIS2DH_REG_ACT_DUR),
};

static const struct regmap_access_table lis2dh_readable_table = {
	.yes_ranges = lis2dh_readable_ranges,
	.n_yes_ranges = ARRAY_SIZE(lis2dh_readable_ranges),
};

/*
 * CTRL_REG0 (SDO pull-up) is left out: the driver never changes it, and on
 * the SC7A20 that address may hold non-volatile settings, so a value read
 * through debugfs must not be written back by a cache sync on resume.
 */
static const struct regmap_range lis2dh_writable_ranges[] = {
	regmap_reg_range(LIS2DH_REG_TEMP_CFG, LIS2DH_REG_REFERENCE),
	regmap_reg_range(LIS2DH_REG_FIFO_CTRL, LIS2DH_REG_FIFO_CTRL),
	regmap_reg_range(LIS2DH_REG_INT1_CFG, LIS2DH_REG_INT1_CFG),
	regmap_reg_range(LIS2DH_REG_INT1_THS, LIS2DH_REG_INT2_CFG),
	regmap_reg_range(LIS2DH_REG_INT2_SRC + 1, LIS2DH_REG_CLICK_CFG),
	regmap_reg_range(LIS2DH_REG_CLICK_THS, LIS2DH_REG_ACT_DUR),
};

static const struct regmap_access_table lis2dh_writable_table = {
	.yes_ranges = lis2dh_writable_ranges,
	.n_yes_ranges = ARRAY_SIZE(lis2dh_writable_ranges),
};

/* Status, data, FIFO and interrupt-source registers change on their own */
static const struct regmap_range lis2dh_volatile_ranges[] = {
	regmap_reg_range(LIS2DH_REG_STATUS_AUX, LIS2DH_REG_OUT_ADC3_H),
	regmap_reg_range(LIS2DH_REG_STATUS, LIS2DH_REG_OUT_Z_H),
	regmap_reg_range(LIS2DH_REG_FIFO_SRC, LIS2DH_REG_FIFO_SRC),
	regmap_reg_range(LIS2DH_REG_INT1_SRC, LIS2DH_REG_INT1_SRC),
	regmap_reg_range(LIS2DH_REG_INT2_SRC, LIS2DH_REG_INT2_SRC),
	regmap_reg_range(LIS2DH_REG_CLICK_SRC, LIS2DH_REG_CLICK_SRC),
};

static const struct regmap_access_table lis2dh_volatile_table = {
	.yes_ranges = lis2dh_volatile_ranges,
	.n_yes_ranges = ARRAY_SIZE(lis2dh_volatile_ranges),
};

/*
 * Reading the output registers pops a sample when the FIFO is enabled, and
 * reading an interrupt source register clears a latched interrupt.
 */
static const struct regmap_range lis2dh_precious_ranges[] = {
	regmap_reg_range(LIS2DH_REG_OUT_X_L, LIS2DH_REG_OUT_Z_H),
	regmap_reg_range(LIS2DH_REG_INT1_SRC, LIS2DH_REG_INT1_SRC),
	regmap_reg_range(LIS2DH_REG_INT2_SRC, LIS2DH_REG_INT2_SRC),
	regmap_reg_range(LIS2DH_REG_CLICK_SRC, LIS2DH_REG_CLICK_SRC),
};

static const struct regmap_access_table lis2dh_precious_table = {
	.yes_ranges = lis2dh_precious_ranges,
	.n_yes_ranges = ARRAY_SIZE(lis2dh_precious_ranges),
};

/*
 * FIFO bursts start at OUT_X_L: in FIFO mode the address rolls back from
 * OUT_Z_H to OUT_X_L (AN3308 section 9.4), so one read returns n samples.
 */
static const struct regmap_range lis2dh_noinc_ranges[] = {
	regmap_reg_range(LIS2DH_REG_OUT_X_L, LIS2DH_REG_OUT_X_L),
};

static const struct regmap_access_table lis2dh_noinc_table = {
	.yes_ranges = lis2dh_noinc_ranges,
	.n_yes_ranges = ARRAY_SIZE(lis2dh_noinc_ranges),
};

const struct regmap_config lis2dh_regmap_config = {
	.reg_bits = 8,
	.val_bits = 8,
	.max_register = LIS2DH_REG_MAX,
	.rd_table = &lis2dh_readable_table,
	.wr_table = &lis2dh_writable_table,
	.volatile_table = &lis2dh_volatile_table,
	.precious_table = &lis2dh_precious_table,
	.rd_noinc_table = &lis2dh_noinc_table,
	.cache_type = REGCACHE_RBTREE,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_regmap_config, IIO_LIS2DH);

/* Interrupt and FIFO configuration after a reboot of the chip */
static const struct reg_sequence lis2dh_init_regs[] = {
	{ LIS2DH_REG_CTRL1, LIS2DH_CTRL1_XYZ_EN },
	{ LIS2DH_REG_CTRL2, 0 },
	{ LIS2DH_REG_CTRL3, 0 },
	{ LIS2DH_REG_CTRL4, LIS2DH_CTRL4_BDU },
	{ LIS2DH_REG_CTRL5, 0 },
	{ LIS2DH_REG_CTRL6, 0 },
	{ LIS2DH_REG_FIFO_CTRL, 0 },
	{ LIS2DH_REG_INT1_CFG, 0 },
	{ LIS2DH_REG_INT2_CFG, 0 },
	{ LIS2DH_REG_CLICK_CFG, 0 },
};

static const struct reg_field lis2dh_reg_fields[LIS2DH_NUM_FIELDS] = {
	[LIS2DH_F_ODR] = REG_FIELD(LIS2DH_REG_CTRL1, 4, 7),
	[LIS2DH_F_FIFO_EN] = REG_FIELD(LIS2DH_REG_CTRL5, 6, 6),
	[LIS2DH_F_INT_POLARITY] = REG_FIELD(LIS2DH_REG_CTRL6, 1, 1),
};

/*
 * Write the rate, power mode and range from the driver state; the caller
 * locks. ODR and LPen (CTRL_REG1), range and HR (CTRL_REG4) change in one
 * write per register: a rate valid in one mode only (1620 Hz) must never
 * meet the other mode's LPen.
 */
static int lis2dh_write_config(struct lis2dh_data *data, bool on)
{
	const struct lis2dh_mode_info *mode = lis2dh_mode(data);
	unsigned int reg[2] = { LIS2DH_REG_CTRL4, LIS2DH_REG_CTRL1 };
	unsigned int mask[2] = {
		LIS2DH_CTRL4_FS_MASK | LIS2DH_CTRL4_HR,
		LIS2DH_CTRL1_ODR_MASK | LIS2DH_CTRL1_LPEN,
	};
	unsigned int val[2], i;
	int ret;

	val[0] = FIELD_PREP(LIS2DH_CTRL4_FS_MASK, data->fs_idx);
	if (data->mode == LIS2DH_HIGH_RES)
		val[0] |= LIS2DH_CTRL4_HR;

	val[1] = 0;
	if (on)
		val[1] |= FIELD_PREP(LIS2DH_CTRL1_ODR_MASK,
				     mode->odr_codes[data->odr_idx]);
	if (data->mode == LIS2DH_LOW_POWER)
		val[1] |= LIS2DH_CTRL1_LPEN;

	/* Never LPen and HR at once: clear one before setting the other */
	if (lis2dh_ctrl1_first(data->mode)) {
		swap(reg[0], reg[1]);
		swap(mask[0], mask[1]);
		swap(val[0], val[1]);
	}

	for (i = 0; i < ARRAY_SIZE(reg); i++) {
		ret = regmap_update_bits(data->regmap, reg[i], mask[i], val[i]);
		if (ret)
			return ret;
	}

	data->need_fresh = true;

	/* Event thresholds and times follow the range and the rate */
	return lis2dh_events_reconfigure(data);
}

static int lis2dh_power_off_locked(struct lis2dh_data *data)
{
	return regmap_field_write(data->fields[LIS2DH_F_ODR], 0);
}

/*
 * A runtime resume that fails on the bus leaves the chip powered down, but
 * the PM core latches the error and fails every later resume with -EINVAL.
 * The bus error is transient: report it and mark the device suspended,
 * which clears the latch, so the next access tries again.
 */
int lis2dh_pm_get(struct lis2dh_data *data)
{
	int ret = pm_runtime_resume_and_get(data->dev);

	if (ret < 0 && ret == READ_ONCE(data->resume_error))
		pm_runtime_set_suspended(data->dev);

	return ret;
}

void lis2dh_pm_put(struct lis2dh_data *data)
{
	pm_runtime_mark_last_busy(data->dev);
	pm_runtime_put_autosuspend(data->dev);
}

/* Scan type of the accel channels for the current power mode. */
static void lis2dh_update_scan_type(struct lis2dh_data *data)
{
	unsigned int bits = lis2dh_mode(data)->bits;
	int i;

	for (i = LIS2DH_AXIS_X; i <= LIS2DH_AXIS_Z; i++) {
		data->channels[i].scan_type.realbits = bits;
		data->channels[i].scan_type.shift = 16 - bits;
	}
}

/*
 * Wait for a conversion made with the current configuration: read out
 * whatever the output registers hold, then poll ZYXDA for at most the
 * turn-on time at this rate plus a margin.
 */
static int lis2dh_wait_sample(struct lis2dh_data *data)
{
	unsigned int period_us = USEC_PER_SEC / lis2dh_odr_hz(data);
	unsigned int sleep_us = clamp(period_us / 8, 200U, 20000U);
	unsigned int status;
	int ret;

	ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L, data->burst,
			       LIS2DH_SAMPLE_BYTES);
	if (ret)
		return ret;

	return regmap_read_poll_timeout(data->regmap, LIS2DH_REG_STATUS,
					status, status & LIS2DH_STATUS_ZYXDA,
					sleep_us,
					2 * period_us + LIS2DH_TURN_ON_MARGIN_US);
}

static int lis2dh_read_axis(struct lis2dh_data *data,
			    const struct iio_chan_spec *chan, int *val)
{
	int ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	if (data->need_fresh) {
		ret = lis2dh_wait_sample(data);
		if (ret)
			goto out_unlock;
		data->need_fresh = false;
	}

	ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L, data->burst,
			       LIS2DH_SAMPLE_BYTES);
	if (ret)
		goto out_unlock;

	*val = sign_extend32(get_unaligned_le16(&data->burst[2 * chan->scan_index]) >>
			     chan->scan_type.shift,
			     chan->scan_type.realbits - 1);
	ret = IIO_VAL_INT;

out_unlock:
	mutex_unlock(&data->lock);
	lis2dh_pm_put(data);

	return ret;
}

/*
 * Wait for a conversion of OUT_ADCx channel @ch after the call: read out
 * what the channel holds (clearing its xDA), then poll xDA.
 */
static int lis2dh_wait_aux(struct lis2dh_data *data, unsigned int ch)
{
	unsigned int period_us = USEC_PER_SEC / lis2dh_odr_hz(data);
	unsigned int sleep_us = clamp(period_us / 8, 200U, 20000U);
	unsigned int status;
	int ret;

	ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_ADC1_L + 2 * ch,
			       data->burst, 2);
	if (ret)
		return ret;

	return regmap_read_poll_timeout(data->regmap, LIS2DH_REG_STATUS_AUX,
					status,
					status & LIS2DH_STATUS_AUX_DA(ch),
					sleep_us,
					2 * period_us + LIS2DH_TURN_ON_MARGIN_US);
}

/*
 * One ADC or temperature reading. TEMP_CFG_REG selects what converts:
 * ADC_EN for the three inputs, temperature (which takes over channel 3 on
 * the LIS3DH) with both bits. Conversions run at the ODR, left-justified
 * like the axes; BDU (always set) keeps the two bytes of one conversion
 * together (datasheet 3.8). After a change of TEMP_CFG_REG the first
 * conversion may still be of the old input: it is skipped.
 */
static int lis2dh_read_aux(struct lis2dh_data *data,
			   const struct iio_chan_spec *chan, int *val)
{
	unsigned int ch, cfg, old, bits, n;
	int ret;

	/* OUT_ADCx channel 0-2; the temperature is in the third */
	ch = chan->type == IIO_TEMP ? 2 : chan->channel - 1;

	cfg = chan->type == IIO_TEMP ? LIS2DH_TEMP_CFG_TEMP_ON :
				       LIS2DH_TEMP_CFG_ADC_EN;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	ret = regmap_read(data->regmap, LIS2DH_REG_TEMP_CFG, &old);
	if (ret)
		goto out_unlock;
	if (old != cfg) {
		ret = regmap_write(data->regmap, LIS2DH_REG_TEMP_CFG, cfg);
		if (ret)
			goto out_unlock;
	}

	for (n = old != cfg ? 2 : 1; n; n--) {
		ret = lis2dh_wait_aux(data, ch);
		if (ret)
			goto out_unlock;
	}

	ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_ADC1_L + 2 * ch,
			       data->burst, 2);
	if (ret)
		goto out_unlock;

	bits = chan->type == IIO_TEMP ? 8 : lis2dh_aux_bits(data->mode);
	*val = sign_extend32(get_unaligned_le16(data->burst) >> (16 - bits),
			     bits - 1);
	ret = IIO_VAL_INT;

out_unlock:
	mutex_unlock(&data->lock);
	lis2dh_pm_put(data);

	return ret;
}

static int lis2dh_read_raw(struct iio_dev *indio_dev,
			   const struct iio_chan_spec *chan,
			   int *val, int *val2, long mask)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	int ret;

	switch (mask) {
	case IIO_CHAN_INFO_RAW:
		ret = iio_device_claim_direct_mode(indio_dev);
		if (ret)
			return ret;
		if (chan->type == IIO_ACCEL)
			ret = lis2dh_read_axis(data, chan, val);
		else
			ret = lis2dh_read_aux(data, chan, val);
		iio_device_release_direct_mode(indio_dev);
		return ret;

	case IIO_CHAN_INFO_OFFSET:
		*val = lis2dh_adc_offset(lis2dh_aux_bits(READ_ONCE(data->mode)));
		return IIO_VAL_INT;

	case IIO_CHAN_INFO_SCALE:
		if (chan->type == IIO_VOLTAGE) {
			lis2dh_adc_scale(lis2dh_aux_bits(READ_ONCE(data->mode)),
					 val, val2);
			return IIO_VAL_FRACTIONAL_LOG2;
		}
		if (chan->type == IIO_TEMP) {
			/* milli-degrees Celsius per digit */
			*val = 1000;
			return IIO_VAL_INT;
		}
		mutex_lock(&data->lock);
		*val = lis2dh_scales[data->mode][data->fs_idx][0];
		*val2 = lis2dh_scales[data->mode][data->fs_idx][1];
		mutex_unlock(&data->lock);
		return IIO_VAL_INT_PLUS_NANO;

	case IIO_CHAN_INFO_SAMP_FREQ:
		mutex_lock(&data->lock);
		*val = lis2dh_odr_hz(data);
		mutex_unlock(&data->lock);
		return IIO_VAL_INT;

	default:
		return -EINVAL;
	}
}

static int lis2dh_read_avail(struct iio_dev *indio_dev,
			     const struct iio_chan_spec *chan,
			     const int **vals, int *type, int *length,
			     long mask)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	enum lis2dh_power_mode mode = READ_ONCE(data->mode);

	switch (mask) {
	case IIO_CHAN_INFO_SCALE:
		*vals = &lis2dh_scales[mode][0][0];
		*length = LIS2DH_NUM_SCALES * 2;
		*type = IIO_VAL_INT_PLUS_NANO;
		return IIO_AVAIL_LIST;

	case IIO_CHAN_INFO_SAMP_FREQ:
		*vals = data->info->modes[mode].freqs;
		*length = data->info->modes[mode].num_freqs;
		*type = IIO_VAL_INT;
		return IIO_AVAIL_LIST;

	default:
		return -EINVAL;
	}
}

/*
 * Changes of rate, range and mode are refused while a buffer runs: the
 * samples already queued would no longer match the channel attributes.
 */
static int lis2dh_write_raw(struct iio_dev *indio_dev,
			    const struct iio_chan_spec *chan,
			    int val, int val2, long mask)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	int idx, ret;

	ret = iio_device_claim_direct_mode(indio_dev);
	if (ret)
		return ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		goto out_release;

	mutex_lock(&data->lock);
	switch (mask) {
	case IIO_CHAN_INFO_SAMP_FREQ:
		idx = val2 ? -EINVAL : lis2dh_find_freq(data->info->modes,
							data->mode, val);
		if (idx < 0) {
			ret = idx;
			break;
		}
		data->odr_idx = idx;
		ret = lis2dh_write_config(data, true);
		break;

	case IIO_CHAN_INFO_SCALE:
		idx = lis2dh_find_scale(data->mode, val, val2);
		if (idx < 0) {
			ret = idx;
			break;
		}
		data->fs_idx = idx;
		ret = lis2dh_write_config(data, true);
		break;

	default:
		ret = -EINVAL;
		break;
	}
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);
out_release:
	iio_device_release_direct_mode(indio_dev);

	return ret;
}

static int lis2dh_write_raw_get_fmt(struct iio_dev *indio_dev,
				    const struct iio_chan_spec *chan,
				    long mask)
{
	switch (mask) {
	case IIO_CHAN_INFO_SCALE:
		return IIO_VAL_INT_PLUS_NANO;
	case IIO_CHAN_INFO_SAMP_FREQ:
		return IIO_VAL_INT_PLUS_MICRO;
	default:
		return -EINVAL;
	}
}

static int lis2dh_get_power_mode(struct iio_dev *indio_dev,
				 const struct iio_chan_spec *chan)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	return READ_ONCE(data->mode);
}

/*
 * A new power mode keeps the rate when the mode offers it; otherwise the
 * highest rate of the new mode below the current one is taken.
 */
static int lis2dh_set_power_mode(struct iio_dev *indio_dev,
				 const struct iio_chan_spec *chan,
				 unsigned int mode)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	int ret;

	ret = iio_device_claim_direct_mode(indio_dev);
	if (ret)
		return ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		goto out_release;

	mutex_lock(&data->lock);
	data->odr_idx = lis2dh_rate_for_mode(data->info->modes, mode,
					     lis2dh_odr_hz(data));
	data->mode = mode;
	lis2dh_update_scan_type(data);
	ret = lis2dh_write_config(data, true);
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);
out_release:
	iio_device_release_direct_mode(indio_dev);

	return ret;
}

static const struct iio_enum lis2dh_power_mode_enum = {
	.items = lis2dh_power_modes,
	.num_items = ARRAY_SIZE(lis2dh_power_modes),
	.get = lis2dh_get_power_mode,
	.set = lis2dh_set_power_mode,
};

static const struct iio_mount_matrix *
lis2dh_get_mount_matrix(const struct iio_dev *indio_dev,
			const struct iio_chan_spec *chan)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	return &data->orientation;
}

static const struct iio_chan_spec_ext_info lis2dh_ext_info[] = {
	IIO_ENUM("power_mode", IIO_SHARED_BY_TYPE, &lis2dh_power_mode_enum),
	IIO_ENUM_AVAILABLE("power_mode", IIO_SHARED_BY_TYPE,
			   &lis2dh_power_mode_enum),
	IIO_MOUNT_MATRIX(IIO_SHARED_BY_TYPE, lis2dh_get_mount_matrix),
	{ }
};

/*
 * Output words are little-endian and left-justified; the resolution, and
 * so realbits and shift, follow the power mode (lis2dh_update_scan_type).
 */
#define LIS2DH_ACCEL_CHANNEL(axis, index) {				\
	.type = IIO_ACCEL,						\
	.modified = 1,							\
	.channel2 = IIO_MOD_##axis,					\
	.info_mask_separate = BIT(IIO_CHAN_INFO_RAW),			\
	.info_mask_shared_by_type = BIT(IIO_CHAN_INFO_SCALE),		\
	.info_mask_shared_by_type_available = BIT(IIO_CHAN_INFO_SCALE),	\
	.info_mask_shared_by_all = BIT(IIO_CHAN_INFO_SAMP_FREQ),	\
	.info_mask_shared_by_all_available =				\
		BIT(IIO_CHAN_INFO_SAMP_FREQ),				\
	.scan_index = index,						\
	.scan_type = {							\
		.sign = 's',						\
		.realbits = 10,						\
		.storagebits = 16,					\
		.shift = 6,						\
		.endianness = IIO_LE,					\
	},								\
	.ext_info = lis2dh_ext_info,					\
	LIS2DH_ACCEL_EVENT_SPECS,					\
}

static const struct iio_chan_spec lis2dh_channels[] = {
	LIS2DH_ACCEL_CHANNEL(X, LIS2DH_AXIS_X),
	LIS2DH_ACCEL_CHANNEL(Y, LIS2DH_AXIS_Y),
	LIS2DH_ACCEL_CHANNEL(Z, LIS2DH_AXIS_Z),
	LIS2DH_FREEFALL_CHANNEL,
	IIO_CHAN_SOFT_TIMESTAMP(LIS2DH_AXIS_TS),
};

static const unsigned long lis2dh_scan_masks[] = {
	BIT(LIS2DH_AXIS_X) | BIT(LIS2DH_AXIS_Y) | BIT(LIS2DH_AXIS_Z),
	0
};

/*
 * debugfs register access, powered and serialised like any other access.
 * During capture a read of the outputs or of an interrupt source is
 * refused: it would pop a FIFO entry or clear a latch the capture needs.
 */
static int lis2dh_reg_access(struct iio_dev *indio_dev, unsigned int reg,
			     unsigned int writeval, unsigned int *readval)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	int ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	if (!readval)
		ret = regmap_write(data->regmap, reg, writeval);
	else if ((data->fifo_running || data->trig_enabled) &&
		 regmap_reg_in_ranges(reg, lis2dh_precious_ranges,
				      ARRAY_SIZE(lis2dh_precious_ranges)))
		ret = -EBUSY;
	else
		ret = regmap_read(data->regmap, reg, readval);
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);

	return ret;
}

/*
 * Self-test, as the datasheets' procedure and ST's example code run it:
 * normal mode, +-2 g, 50 Hz, BDU; after 90 ms the first sample is dropped
 * and LIS2DH_ST_SAMPLES are averaged, with CTRL_REG4 ST = 00 and then 01.
 */
#define LIS2DH_ST_ODR_CODE		4	/* 50 Hz */
#define LIS2DH_ST_SETTLE_MS		90
#define LIS2DH_ST_SAMPLES		5
#define LIS2DH_ST_PERIOD_US		20000
#define LIS2DH_ST_MG_PER_DIGIT		4	/* normal mode, +-2 g */

/* Sum LIS2DH_ST_SAMPLES fresh samples per axis (10-bit digits) */
static int lis2dh_st_sum(struct lis2dh_data *data, s32 sum[3])
{
	unsigned int status, n, i;
	int ret;

	memset(sum, 0, 3 * sizeof(*sum));
	/* n = 0 reads out and drops the first sample */
	for (n = 0; n <= LIS2DH_ST_SAMPLES; n++) {
		ret = regmap_read_poll_timeout(data->regmap, LIS2DH_REG_STATUS,
					       status,
					       status & LIS2DH_STATUS_ZYXDA,
					       LIS2DH_ST_PERIOD_US / 8,
					       2 * LIS2DH_ST_PERIOD_US +
					       LIS2DH_TURN_ON_MARGIN_US);
		if (ret)
			return ret;

		ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L,
				       data->burst, LIS2DH_SAMPLE_BYTES);
		if (ret)
			return ret;

		for (i = 0; n && i < 3; i++)
			sum[i] += (s16)get_unaligned_le16(&data->burst[2 * i]) >> 6;
	}

	return 0;
}

/* Run the self-test; the caller locks. @mg: |deflection| per axis. */
static int lis2dh_selftest_run(struct lis2dh_data *data, int mg[3])
{
	unsigned int ctrl4_mask = LIS2DH_CTRL4_BDU | LIS2DH_CTRL4_FS_MASK |
				  LIS2DH_CTRL4_HR | LIS2DH_CTRL4_ST_MASK;
	s32 off[3], on[3];
	int ret, ret2, i;

	/*
	 * Only the fields the test sets are written (the event bits beside
	 * them stay). CTRL_REG1 first: LPen is cleared before HR, never
	 * both set.
	 */
	ret = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL1,
				 LIS2DH_CTRL1_ODR_MASK | LIS2DH_CTRL1_LPEN |
				 LIS2DH_CTRL1_XYZ_EN,
				 FIELD_PREP(LIS2DH_CTRL1_ODR_MASK,
					    LIS2DH_ST_ODR_CODE) |
				 LIS2DH_CTRL1_XYZ_EN);
	if (!ret)
		ret = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL4,
					 ctrl4_mask, LIS2DH_CTRL4_BDU);
	if (ret)
		goto restore;

	msleep(LIS2DH_ST_SETTLE_MS);
	ret = lis2dh_st_sum(data, off);
	if (ret)
		goto restore;

	ret = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL4,
				 LIS2DH_CTRL4_ST_MASK,
				 FIELD_PREP(LIS2DH_CTRL4_ST_MASK,
					    LIS2DH_CTRL4_ST_POSITIVE));
	if (ret)
		goto restore;

	msleep(LIS2DH_ST_SETTLE_MS);
	ret = lis2dh_st_sum(data, on);
	if (ret)
		goto restore;

	for (i = 0; i < 3; i++)
		mg[i] = lis2dh_selftest_mg(off[i], on[i], LIS2DH_ST_SAMPLES,
					   LIS2DH_ST_MG_PER_DIGIT);

restore:
	/* ST = 00, then the user's mode, rate and range, whatever happened */
	ret2 = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL4,
				  LIS2DH_CTRL4_ST_MASK, 0);
	if (!ret2)
		ret2 = lis2dh_write_config(data, true);

	return ret ?: ret2;
}

/*
 * Reading "selftest" runs the test (about 0.5 s) and shows "OK" or "FAIL"
 * and the deflection of X, Y and Z in mg, as lis3lv02d's attribute does.
 * It needs direct mode: -EBUSY while a buffer captures.
 */
static ssize_t selftest_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct iio_dev *indio_dev = dev_to_iio_dev(dev);
	struct lis2dh_data *data = iio_priv(indio_dev);
	const struct lis2dh_chip_info *info = data->info;
	int mg[3], ret;

	ret = iio_device_claim_direct_mode(indio_dev);
	if (ret)
		return ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		goto out_release;

	mutex_lock(&data->lock);
	ret = lis2dh_selftest_run(data, mg);
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);
out_release:
	iio_device_release_direct_mode(indio_dev);
	if (ret)
		return ret;

	return sysfs_emit(buf, "%s %d %d %d\n",
			  lis2dh_selftest_judge(mg, info->st_min_mg,
						info->st_max_mg) ? "FAIL" : "OK",
			  mg[0], mg[1], mg[2]);
}

/* Root only: a run takes the chip over for half a second */
static IIO_DEVICE_ATTR(selftest, 0400, selftest_show, NULL, 0);

static struct attribute *lis2dh_attrs[] = {
	&iio_dev_attr_selftest.dev_attr.attr,
	NULL
};

/* The selftest attribute only for a chip with published limits */
static umode_t lis2dh_attr_visible(struct kobject *kobj, struct attribute *attr,
				   int n)
{
	struct iio_dev *indio_dev = dev_to_iio_dev(kobj_to_dev(kobj));
	struct lis2dh_data *data = iio_priv(indio_dev);

	if (attr == &iio_dev_attr_selftest.dev_attr.attr &&
	    !data->info->st_max_mg)
		return 0;

	return attr->mode;
}

static const struct attribute_group lis2dh_attr_group = {
	.attrs = lis2dh_attrs,
	.is_visible = lis2dh_attr_visible,
};

#define LIS2DH_INFO_COMMON						\
	.attrs = &lis2dh_attr_group,					\
	.read_raw = lis2dh_read_raw,					\
	.write_raw = lis2dh_write_raw,					\
	.write_raw_get_fmt = lis2dh_write_raw_get_fmt,			\
	.read_avail = lis2dh_read_avail,				\
	.validate_trigger = lis2dh_validate_own_trigger,		\
	.debugfs_reg_access = lis2dh_reg_access,			\
	.hwfifo_set_watermark = lis2dh_set_watermark,			\
	.hwfifo_flush_to_buffer = lis2dh_flush_to_buffer

static const struct iio_info lis2dh_info = {
	LIS2DH_INFO_COMMON,
	.event_attrs = &lis2dh_event_attr_group,
	.read_event_config = lis2dh_read_event_config,
	.write_event_config = lis2dh_write_event_config,
	.read_event_value = lis2dh_read_event_value,
	.write_event_value = lis2dh_write_event_value,
};

/* Without an interrupt line there are no events */
static const struct iio_info lis2dh_info_noevents = {
	LIS2DH_INFO_COMMON,
};

/*
 * There is no soft reset: BOOT reloads the trimming values, then every
 * register the driver relies on is written to a known state.
 */
static int lis2dh_chip_reset(struct lis2dh_data *data)
{
	int ret;

	ret = regmap_write(data->regmap, LIS2DH_REG_CTRL5, LIS2DH_CTRL5_BOOT);
	if (ret)
		return ret;

	fsleep(LIS2DH_BOOT_US);

	return regmap_multi_reg_write(data->regmap, lis2dh_init_regs,
				      ARRAY_SIZE(lis2dh_init_regs));
}

static void lis2dh_power_off(void *arg)
{
	struct lis2dh_data *data = arg;

	mutex_lock(&data->lock);
	lis2dh_power_off_locked(data);
	mutex_unlock(&data->lock);
}

/*
 * Which interrupt serves the chip, from the firmware description
 * (st,st-sensors.yaml: interrupts with optional interrupt-names "INT1",
 * "INT2"). Data-ready, FIFO watermark and overrun can be routed to INT1
 * only (datasheet 8.7, CTRL_REG3; CTRL_REG6 routes none of them to INT2):
 * the interrupt named INT1 is used, the first one when they are unnamed
 * (the bus code's @irq), and none when only INT2 is wired. @int2 is set
 * to the interrupt named INT2, or the second one when they are unnamed
 * (INT1 first, then INT2, as the binding lists them), 0 when none: the
 * events go there (lis2dh_events.c).
 */
static int lis2dh_fw_irq(struct device *dev, int irq, int *int2)
{
	struct fwnode_handle *fwnode = dev_fwnode(dev);
	const char *names[2];
	int n, int1;

	*int2 = 0;

	/* The chip has two pins: a third interrupt is a wiring error */
	if (fwnode_irq_get(dev_fwnode(dev), ARRAY_SIZE(names)) > 0)
		return dev_err_probe(dev, -EINVAL,
				     "interrupts: more than two (INT1, INT2)\n");

	if (!device_property_present(dev, "interrupt-names")) {
		if (irq > 0)
			*int2 = max(fwnode_irq_get(fwnode, 1), 0);
		return irq;
	}

	n = device_property_read_string_array(dev, "interrupt-names", names,
					      ARRAY_SIZE(names));
	if (n < 0)
		return dev_err_probe(dev, n, "interrupt-names: cannot read\n");
	if (device_property_string_array_count(dev, "interrupt-names") != n)
		n = 0;

	int1 = lis2dh_int1_index(names, n);
	if (int1 < 0 && int1 != -ENOENT)
		return dev_err_probe(dev, int1,
				     "interrupt-names: one or two distinct names of INT1, INT2 expected\n");
	if (n == 2) {
		*int2 = fwnode_irq_get_byname(fwnode, "INT2");
		if (*int2 < 0)
			return dev_err_probe(dev, *int2,
					     "interrupt-names: cannot get the INT2 interrupt\n");
	}
	if (int1 == -ENOENT) {
		/* INT2 alone: the only interrupt, the bus code's @irq */
		*int2 = irq;
		dev_notice(dev,
			   "interrupt-names: INT2 only, but data-ready and FIFO interrupts are on INT1 only: FIFO polled without an interrupt, events on INT2\n");
		return 0;
	}
	if (int1 == 0)
		return irq;

	irq = fwnode_irq_get_byname(fwnode, "INT1");
	if (irq < 0)
		return dev_err_probe(dev, irq,
				     "interrupt-names: cannot get the INT1 interrupt\n");

	return irq;
}

/*
 * The properties of st,st-sensors.yaml that apply to this family, checked
 * before the chip is touched. Returns the interrupt to use (0 for none) or
 * a negative errno; @int2 as lis2dh_fw_irq() sets it.
 */
static int lis2dh_fw_parse(struct device *dev, int irq, int *int2)
{
	u32 pin;
	int ret;

	/*
	 * The INT pins are push-pull only: CTRL_REG6 has an INT_POLARITY bit
	 * and no PP_OD bit (LIS3DH datasheet 8.11, LIS2DH12 datasheet 8.11).
	 */
	if (device_property_read_bool(dev, "drive-open-drain"))
		return dev_err_probe(dev, -EINVAL,
				     "drive-open-drain: the INT pins of this chip are push-pull only\n");

	if (device_property_present(dev, "st,drdy-int-pin")) {
		ret = device_property_read_u32(dev, "st,drdy-int-pin", &pin);
		if (ret)
			return dev_err_probe(dev, ret,
					     "st,drdy-int-pin: cannot read\n");
		if (pin == 2)
			return dev_err_probe(dev, -EINVAL,
					     "st,drdy-int-pin = 2: data-ready and FIFO are on INT1 only\n");
		if (pin != 1)
			return dev_err_probe(dev, -EINVAL,
					     "st,drdy-int-pin = %u: 1 is the only valid value\n",
					     pin);
	}

	return lis2dh_fw_irq(dev, irq, int2);
}

/*
 * WHO_AM_I decides the chip. A value that is not the described chip's but
 * another supported chip's is driven as that chip, with a warning (boards
 * sold as "LIS3DH" carry an SC7A20). 0x33 is both LIS3DH and LIS2DH12: an
 * SC7A20 description that reads it is taken as a LIS2DH12, the one of the
 * two without ADC inputs. NULL: the value is no supported chip's.
 */
static const struct lis2dh_chip_info *
lis2dh_identify(struct device *dev, const struct lis2dh_chip_info *info,
		unsigned int whoami)
{
	static const struct lis2dh_chip_info * const by_whoami[] = {
		&lis2dh_sc7a20_info,
		&lis2dh_lis2dh12_info,
	};
	unsigned int i;

	if (whoami == info->whoami)
		return info;

	for (i = 0; i < ARRAY_SIZE(by_whoami); i++) {
		if (by_whoami[i]->whoami != whoami)
			continue;
		dev_warn(dev,
			 "WHO_AM_I is 0x%02x, not 0x%02x as for %s: driving it as %s\n",
			 whoami, info->whoami, info->name, by_whoami[i]->name);
		return by_whoami[i];
	}

	return NULL;
}

int lis2dh_probe(struct device *dev, struct regmap *regmap, int irq,
		 const struct lis2dh_chip_info *info)
{
	static const char * const supplies[] = { "vdd", "vddio" };
	struct iio_dev *indio_dev;
	struct lis2dh_data *data;
	const struct lis2dh_chip_info *chip;
	unsigned int whoami, max_read, nch, i;
	int ret, int2;

	indio_dev = devm_iio_device_alloc(dev, sizeof(*data));
	if (!indio_dev)
		return -ENOMEM;

	data = iio_priv(indio_dev);
	data->dev = dev;
	data->regmap = regmap;
	data->info = info;
	data->mode = LIS2DH_NORMAL;
	data->odr_idx = 4;	/* 100 Hz */
	data->fs_idx = 0;	/* +-2 g */
	data->watermark = LIS2DH_FIFO_DEPTH / 2;
	mutex_init(&data->lock);

	/*
	 * FIFO reads in whole samples within the adapter's read limit (regmap
	 * splits a longer read, and each part of a FIFO read starts again at
	 * OUT_X_L); 0 when the limit is less than one sample.
	 */
	max_read = regmap_get_raw_read_max(regmap);
	data->max_burst = LIS2DH_FIFO_DEPTH;
	if (max_read)
		data->max_burst = min(max_read / LIS2DH_SAMPLE_BYTES,
				      (unsigned int)LIS2DH_FIFO_DEPTH);

	dev_set_drvdata(dev, indio_dev);

	ret = devm_regmap_field_bulk_alloc(dev, regmap, data->fields,
					   lis2dh_reg_fields,
					   ARRAY_SIZE(lis2dh_reg_fields));
	if (ret)
		return ret;

	irq = lis2dh_fw_parse(dev, max(irq, 0), &int2);
	if (irq < 0)
		return irq;
	data->irq = irq;

	ret = iio_read_mount_matrix(dev, &data->orientation);
	if (ret)
		return dev_err_probe(dev, ret, "mount-matrix: invalid\n");

	ret = devm_regulator_bulk_get_enable(dev, ARRAY_SIZE(supplies),
					     supplies);
	if (ret)
		return dev_err_probe(dev, ret,
				     "cannot enable vdd-supply, vddio-supply\n");

	fsleep(LIS2DH_BOOT_US);

	ret = regmap_read(regmap, LIS2DH_REG_WHO_AM_I, &whoami);
	if (ret)
		return dev_err_probe(dev, ret, "cannot read WHO_AM_I\n");

	chip = lis2dh_identify(dev, info, whoami);
	if (!chip)
		return dev_err_probe(dev, -ENODEV,
				     "WHO_AM_I is 0x%02x, expected 0x%02x for %s\n",
				     whoami, info->whoami, info->name);
	data->info = chip;

	/* The accel channels and timestamp, then the chip's own */
	nch = ARRAY_SIZE(lis2dh_channels) + chip->num_aux_channels;
	data->channels = devm_kcalloc(dev, nch, sizeof(*data->channels),
				      GFP_KERNEL);
	if (!data->channels)
		return -ENOMEM;
	memcpy(data->channels, lis2dh_channels, sizeof(lis2dh_channels));
	if (chip->num_aux_channels)
		memcpy(&data->channels[ARRAY_SIZE(lis2dh_channels)],
		       chip->aux_channels,
		       chip->num_aux_channels * sizeof(*data->channels));
	lis2dh_update_scan_type(data);

	indio_dev->name = chip->name;
	indio_dev->info = &lis2dh_info;
	indio_dev->channels = data->channels;
	indio_dev->num_channels = nch;
	indio_dev->available_scan_masks = lis2dh_scan_masks;
	indio_dev->modes = INDIO_DIRECT_MODE | INDIO_BUFFER_SOFTWARE;

	ret = lis2dh_chip_reset(data);
	if (ret)
		return dev_err_probe(dev, ret, "cannot reset the chip\n");

	mutex_lock(&data->lock);
	ret = lis2dh_write_config(data, true);
	mutex_unlock(&data->lock);
	if (ret)
		return dev_err_probe(dev, ret, "cannot power on\n");

	ret = devm_add_action_or_reset(dev, lis2dh_power_off, data);
	if (ret)
		return ret;

	pm_runtime_set_autosuspend_delay(dev, LIS2DH_AUTOSUSPEND_MS);
	pm_runtime_use_autosuspend(dev);
	ret = pm_runtime_set_active(dev);
	if (ret)
		return ret;

	ret = devm_pm_runtime_enable(dev);
	if (ret)
		return ret;
	pm_runtime_mark_last_busy(dev);

	ret = lis2dh_buffer_setup(indio_dev);
	if (ret)
		return ret;

	ret = lis2dh_events_setup(indio_dev, data->irq, int2);
	if (ret)
		return ret;
	if (!data->ev.irq) {
		for (i = 0; i < ARRAY_SIZE(lis2dh_channels); i++)
			data->channels[i].num_event_specs = 0;
		indio_dev->info = &lis2dh_info_noevents;
	}

	return devm_iio_device_register(dev, indio_dev);
}
EXPORT_SYMBOL_NS_GPL(lis2dh_probe, IIO_LIS2DH);

static int lis2dh_runtime_suspend(struct device *dev)
{
	struct lis2dh_data *data = iio_priv(dev_get_drvdata(dev));
	int ret;

	mutex_lock(&data->lock);
	ret = lis2dh_power_off_locked(data);
	mutex_unlock(&data->lock);

	if (ret) {
		/*
		 * The chip stays powered. -EAGAIN keeps the PM core from
		 * latching the error; it retries one delay later.
		 */
		pm_runtime_mark_last_busy(dev);
		return -EAGAIN;
	}

	return 0;
}

/* Write the whole register cache back to the chip; the caller locks. */
static int lis2dh_restore_regs(struct lis2dh_data *data)
{
	int ret;

	regcache_mark_dirty(data->regmap);
	ret = regcache_sync(data->regmap);
	data->restore_pending = ret < 0;

	return ret;
}

static int lis2dh_runtime_resume(struct device *dev)
{
	struct lis2dh_data *data = iio_priv(dev_get_drvdata(dev));
	int ret = 0;

	mutex_lock(&data->lock);
	if (data->restore_pending)
		ret = lis2dh_restore_regs(data);
	if (!ret)
		ret = lis2dh_write_config(data, true);
	mutex_unlock(&data->lock);
	WRITE_ONCE(data->resume_error, ret);

	return ret;
}

static int lis2dh_suspend(struct device *dev)
{
	struct lis2dh_data *data = iio_priv(dev_get_drvdata(dev));
	bool wake;
	int ret;

	/*
	 * An enabled event that may wake the system keeps the chip
	 * converting: runtime PM is only stopped (force_resume starts it).
	 */
	wake = lis2dh_events_suspend(data);
	lis2dh_capture_pause(data);

	if (wake) {
		pm_runtime_disable(dev);
	} else {
		ret = pm_runtime_force_suspend(dev);
		if (ret) {
			lis2dh_capture_unpause(data);
			lis2dh_events_resume(data);
			return ret;
		}
	}

	lis2dh_capture_flush(data);

	return 0;
}

/*
 * The supplies may have been cut: write the whole cached configuration
 * back, then restart a capture that was running.
 */
static int lis2dh_resume(struct device *dev)
{
	struct lis2dh_data *data = iio_priv(dev_get_drvdata(dev));
	int ret, ret2;

	mutex_lock(&data->lock);
	ret = lis2dh_restore_regs(data);
	mutex_unlock(&data->lock);
	if (ret)
		dev_err(dev, "cannot restore registers: %pe\n", ERR_PTR(ret));

	/*
	 * Runtime PM comes back whatever happened: the suspend disabled it,
	 * and the next runtime resume retries a failed restore first.
	 */
	ret = pm_runtime_force_resume(dev);
	ret2 = lis2dh_capture_resume(data, !ret);
	lis2dh_events_resume(data);

	return ret ?: ret2;
}

EXPORT_NS_GPL_DEV_PM_OPS(lis2dh_pm_ops, IIO_LIS2DH) = {
	SYSTEM_SLEEP_PM_OPS(lis2dh_suspend, lis2dh_resume)
	RUNTIME_PM_OPS(lis2dh_runtime_suspend, lis2dh_runtime_resume, NULL)
};

MODULE_DESCRIPTION("LIS3DH/LIS2DH12/SC7A20 accelerometer IIO driver core");
MODULE_LICENSE("GPL");
