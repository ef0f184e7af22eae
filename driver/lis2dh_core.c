// SPDX-License-Identifier: GPL-2.0-only
/*
 * IIO driver core for the STMicroelectronics LIS3DH and LIS2DH12 and the
 * Silan SC7A20 three-axis accelerometers.
 *
 * Datasheets: LIS3DH DocID17530, LIS2DH12 DocID025056; FIFO usage from
 * application note AN3308.
 *
 * Buffered capture uses the 32-level FIFO in stream mode: a watermark
 * interrupt on INT1 (or, without an interrupt line, a delayed work at the
 * watermark period) drains every queued sample in one burst read. A
 * data-ready trigger is offered for triggered capture.
 */

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pm.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/regulator/consumer.h>
#include <linux/timekeeping.h>
#include <linux/units.h>
#include <linux/workqueue.h>

#include <linux/iio/buffer.h>
#include <linux/iio/iio.h>
#include <linux/iio/sysfs.h>
#include <linux/iio/trigger.h>
#include <linux/iio/trigger_consumer.h>
#include <linux/iio/triggered_buffer.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_compat.h"

/* Boot procedure after power-up or CTRL_REG5 BOOT: 5 ms (datasheet 3.2) */
#define LIS2DH_BOOT_US			5000
/* Turn-on time is 1/ODR + 1 ms (datasheet table 11); poll with margin */
#define LIS2DH_TURN_ON_MARGIN_US	10000
#define LIS2DH_AUTOSUSPEND_MS		2000
/* Shortest interval between two capture problem reports in the log */
#define LIS2DH_LOG_INTERVAL_MS		5000
/* Retry delay after a bus error during capture */
#define LIS2DH_RECOVER_MS		10
/* FIFO drains per interrupt before the work takes over */
#define LIS2DH_FIFO_REDRAINS		4
/* Shortest time the interrupt may stay silent before the work steps in */
#define LIS2DH_WATCHDOG_MIN_MS		20
/* Extra data-ready checks per interrupt in triggered mode */
#define LIS2DH_DRDY_RECHECKS		4

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

const struct lis2dh_chip_info lis2dh_lis3dh_info = {
	.name = "lis3dh",
	.whoami = 0x33,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_lis3dh_info, IIO_LIS2DH);

const struct lis2dh_chip_info lis2dh_lis2dh12_info = {
	.name = "lis2dh12",
	.whoami = 0x33,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_lis2dh12_info, IIO_LIS2DH);

const struct lis2dh_chip_info lis2dh_sc7a20_info = {
	.name = "sc7a20",
	.whoami = 0x11,
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

struct lis2dh_data {
	struct device *dev;
	struct regmap *regmap;
	const struct lis2dh_chip_info *info;
	/* A copy per device: the scan type follows the power mode */
	struct iio_chan_spec *channels;
	struct iio_mount_matrix orientation;
	struct iio_trigger *trig;
	/* FIFO drain without an interrupt line, and recovery after errors */
	struct delayed_work work;
	int irq;
	/* Level-triggered interrupt: it fires again while the line is active */
	bool irq_level;
	/* Samples per bus read, from the adapter's limits */
	unsigned int max_burst;

	/*
	 * Protects the configuration (mode, rate, range, watermark), the
	 * capture state and timestamps below, the burst buffer, and keeps
	 * multi-register sequences on the chip atomic.
	 */
	struct mutex lock;
	enum lis2dh_power_mode mode;
	unsigned int odr_idx;
	unsigned int fs_idx;
	/* Watermark asked for by the buffer, and the one in FIFO_CTRL */
	unsigned int watermark;
	unsigned int hw_watermark;
	bool fifo_running;
	bool trig_enabled;
	/* Output registers may hold a sample older than the configuration */
	bool need_fresh;
	/* The interrupt is disabled until the work recovers from a bus error */
	bool irq_masked;
	bool suspended;
	/* Error of the last runtime resume, 0 if it worked (lis2dh_pm_get()) */
	int resume_error;
	/* The register cache is still to be written back (lis2dh_resume()) */
	bool restore_pending;
	/* Stamps of the newest sample of the last batch and the last push */
	s64 ts_prev;
	/* When the FIFO was last started, on the IIO clock */
	s64 ts_fifo_start;
	s64 ts_last;
	unsigned int fifo_overruns;
	unsigned int bus_errors;
	int last_error;
	/* Rate-limited logging of the counters above */
	struct delayed_work log_work;
	unsigned long log_next;
	unsigned int logged_overruns;
	unsigned int logged_errors;

	/*
	 * Taken by the hard interrupt handler, used by its thread. An edge
	 * interrupt runs the handler again while the thread reads it: atomic,
	 * so that a 32-bit CPU never reads half of an old stamp.
	 */
	atomic64_t ts_irq;
	/* Stamp of the data-ready sample in @scan */
	s64 ts_trig;
	/*
	 * When the interrupt thread or the work last serviced the chip, on
	 * the monotonic clock: internal deadlines never use the IIO clock,
	 * which userspace picks and which may be stepped (CLOCK_REALTIME).
	 */
	s64 ts_service;

	struct {
		__le16 chan[3];
		aligned_s64 timestamp;
	} scan;

	u8 burst[LIS2DH_FIFO_DEPTH * LIS2DH_SAMPLE_BYTES] __aligned(IIO_DMA_MINALIGN);
};

static const struct lis2dh_mode_info *lis2dh_mode(const struct lis2dh_data *data)
{
	return &lis2dh_modes[data->mode];
}

static unsigned int lis2dh_odr_hz(const struct lis2dh_data *data)
{
	return lis2dh_mode(data)->freqs[data->odr_idx];
}

static u64 lis2dh_period_ns(const struct lis2dh_data *data)
{
	return div_u64(NSEC_PER_SEC, lis2dh_odr_hz(data));
}

/* Write CTRL_REG4 and CTRL_REG1 from the driver state; the caller locks. */
static int lis2dh_write_config(struct lis2dh_data *data, bool on)
{
	const struct lis2dh_mode_info *mode = lis2dh_mode(data);
	struct reg_sequence seq[2];
	unsigned int ctrl1, ctrl4, i;
	int ret;

	ctrl4 = LIS2DH_CTRL4_BDU | FIELD_PREP(LIS2DH_CTRL4_FS_MASK, data->fs_idx);
	if (data->mode == LIS2DH_HIGH_RES)
		ctrl4 |= LIS2DH_CTRL4_HR;

	ctrl1 = LIS2DH_CTRL1_XYZ_EN;
	if (on)
		ctrl1 |= FIELD_PREP(LIS2DH_CTRL1_ODR_MASK,
				    mode->odr_codes[data->odr_idx]);
	if (data->mode == LIS2DH_LOW_POWER)
		ctrl1 |= LIS2DH_CTRL1_LPEN;

	/* Never LPen and HR at once: clear one before setting the other */
	seq[0] = (struct reg_sequence){ LIS2DH_REG_CTRL4, ctrl4 };
	seq[1] = (struct reg_sequence){ LIS2DH_REG_CTRL1, ctrl1 };
	if (lis2dh_ctrl1_first(data->mode))
		swap(seq[0], seq[1]);

	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		ret = regmap_update_bits(data->regmap, seq[i].reg, 0xff,
					 seq[i].def);
		if (ret)
			return ret;
	}

	data->need_fresh = true;

	return 0;
}

static int lis2dh_power_off_locked(struct lis2dh_data *data)
{
	return regmap_update_bits(data->regmap, LIS2DH_REG_CTRL1,
				  LIS2DH_CTRL1_ODR_MASK, 0);
}

/*
 * A runtime resume that fails on the bus leaves the chip powered down, but
 * the PM core latches the error and fails every later resume with -EINVAL.
 * The bus error is transient: report it and mark the device suspended,
 * which clears the latch, so the next access tries again.
 */
static int lis2dh_pm_get(struct lis2dh_data *data)
{
	int ret = pm_runtime_resume_and_get(data->dev);

	if (ret < 0 && ret == READ_ONCE(data->resume_error))
		pm_runtime_set_suspended(data->dev);

	return ret;
}

static void lis2dh_pm_put(struct lis2dh_data *data)
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
		ret = lis2dh_read_axis(data, chan, val);
		iio_device_release_direct_mode(indio_dev);
		return ret;

	case IIO_CHAN_INFO_SCALE:
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
		*vals = lis2dh_modes[mode].freqs;
		*length = lis2dh_modes[mode].num_freqs;
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
		idx = val2 ? -EINVAL : lis2dh_find_freq(data->mode, val);
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
	data->odr_idx = lis2dh_rate_for_mode(mode, lis2dh_odr_hz(data));
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
}

static const struct iio_chan_spec lis2dh_channels[] = {
	LIS2DH_ACCEL_CHANNEL(X, LIS2DH_AXIS_X),
	LIS2DH_ACCEL_CHANNEL(Y, LIS2DH_AXIS_Y),
	LIS2DH_ACCEL_CHANNEL(Z, LIS2DH_AXIS_Z),
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

static unsigned int lis2dh_hw_watermark(const struct lis2dh_data *data)
{
	return lis2dh_fifo_hw_watermark(data->watermark, lis2dh_odr_hz(data));
}

static int lis2dh_set_watermark(struct iio_dev *indio_dev, unsigned int val)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	mutex_lock(&data->lock);
	data->watermark = clamp(val, 1U, (unsigned int)LIS2DH_FIFO_DEPTH);
	mutex_unlock(&data->lock);

	return 0;
}

/*
 * Capture problems are logged from a work item, at most once per
 * LIS2DH_LOG_INTERVAL_MS: a console write from the interrupt thread can
 * take longer than the FIFO lasts at high rates and cause the next overrun.
 */
static void lis2dh_log_work(struct work_struct *work)
{
	struct lis2dh_data *data = container_of(to_delayed_work(work),
						struct lis2dh_data, log_work);
	unsigned int overruns = READ_ONCE(data->fifo_overruns);
	unsigned int errors = READ_ONCE(data->bus_errors);
	int err = READ_ONCE(data->last_error);

	if (overruns != data->logged_overruns)
		dev_warn(data->dev, "FIFO overrun, samples lost (%u overruns so far)\n",
			 overruns);
	if (errors != data->logged_errors)
		dev_err(data->dev, "bus error during capture: %pe (%u so far)\n",
			ERR_PTR(err), errors);
	data->logged_overruns = overruns;
	data->logged_errors = errors;
	WRITE_ONCE(data->log_next,
		   jiffies + msecs_to_jiffies(LIS2DH_LOG_INTERVAL_MS));
}

/* Report the counters at once, or when the last report is old enough */
static void lis2dh_log_later(struct lis2dh_data *data)
{
	unsigned long next = READ_ONCE(data->log_next);
	unsigned long delay = 0;

	if (time_before(jiffies, next))
		delay = next - jiffies;
	schedule_delayed_work(&data->log_work, delay);
}

static void lis2dh_count_bus_error(struct lis2dh_data *data, int err)
{
	data->bus_errors++;
	data->last_error = err;
	lis2dh_log_later(data);
}

/*
 * Push the oldest @limit samples the FIFO holds, each with its own
 * timestamp (see lis2dh_fifo_stamps()); the rest stay queued. @irq_ts is
 * when the interrupt announced the watermark level, or 0.
 *
 * @t_start is set to the monotonic time just before FIFO_SRC was read,
 * @above to
 * whether FIFO_SRC showed the watermark (or overrun) condition.
 *
 * Returns the number of samples pushed or a negative errno. Called with the
 * lock held.
 */
static int lis2dh_fifo_drain_max(struct iio_dev *indio_dev, s64 irq_ts,
				 unsigned int limit, s64 *t_start, bool *above)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	struct lis2dh_fifo_batch batch;
	unsigned int src, count, todo, done, n, i;
	s64 tstamp, period;
	int ret;

	*t_start = ktime_get_ns();
	ret = regmap_read(data->regmap, LIS2DH_REG_FIFO_SRC, &src);
	if (ret) {
		lis2dh_count_bus_error(data, ret);
		return ret;
	}
	batch.read_ts = iio_get_time_ns(indio_dev);
	*above = src & (LIS2DH_FIFO_SRC_WTM | LIS2DH_FIFO_SRC_OVRN);

	count = lis2dh_fifo_count(src);
	if (!count)
		return 0;

	batch.count = count;
	batch.overrun = src & LIS2DH_FIFO_SRC_OVRN;
	batch.irq_ts = irq_ts;
	batch.hw_watermark = data->hw_watermark;
	batch.period_ns = lis2dh_period_ns(data);
	/* A full FIFO (OVRN) has lost samples only if more were made */
	batch.overrun = lis2dh_fifo_lost(&batch, data->ts_prev ?:
						 data->ts_fifo_start);
	if (batch.overrun) {
		data->fifo_overruns++;
		lis2dh_log_later(data);
	}
	period = lis2dh_fifo_stamps(&batch, data->ts_prev, data->ts_last,
				    &tstamp);

	todo = min(count, limit);
	for (done = 0; done < todo; done += n) {
		n = min(todo - done, data->max_burst);
		ret = regmap_noinc_read(data->regmap, LIS2DH_REG_OUT_X_L,
					data->burst, n * LIS2DH_SAMPLE_BYTES);
		if (ret) {
			lis2dh_count_bus_error(data, ret);
			/* The rest stays queued for the next drain */
			data->ts_prev = data->ts_last;
			return ret;
		}

		for (i = 0; i < n; i++) {
			memcpy(data->scan.chan,
			       &data->burst[i * LIS2DH_SAMPLE_BYTES],
			       sizeof(data->scan.chan));
			iio_push_to_buffers_with_timestamp(indio_dev,
							   &data->scan, tstamp);
			data->ts_last = tstamp;
			tstamp += period;
		}
	}
	data->ts_prev = data->ts_last;

	return todo;
}

/* Push every sample the FIFO holds; see lis2dh_fifo_drain_max() */
static int lis2dh_fifo_drain(struct iio_dev *indio_dev, s64 irq_ts,
			     s64 *t_start, bool *above)
{
	return lis2dh_fifo_drain_max(indio_dev, irq_ts, UINT_MAX, t_start,
				     above);
}

/*
 * Whether more than FTH samples may have arrived since @t_start. With an
 * edge interrupt the watermark line may then have stayed high through the
 * whole drain, and no new edge would ever come.
 */
static bool lis2dh_fifo_may_be_above(struct iio_dev *indio_dev, s64 t_start)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	s64 elapsed = ktime_get_ns() - t_start;

	if (!data->irq || data->irq_level)
		return false;

	return data->hw_watermark <= 2 ||
	       elapsed > (s64)(data->hw_watermark - 2) * lis2dh_period_ns(data);
}

/*
 * Drain the FIFO until the watermark line was seen low. Returns 0, 1 when
 * the FIFO may still be above the watermark after LIS2DH_FIFO_REDRAINS
 * rounds, or a negative errno. Called with the lock held.
 */
static int lis2dh_fifo_service(struct iio_dev *indio_dev, s64 irq_ts)
{
	unsigned int i;
	s64 t_start;
	bool above;
	int ret;

	for (i = 0; i < LIS2DH_FIFO_REDRAINS; i++) {
		ret = lis2dh_fifo_drain(indio_dev, i ? 0 : irq_ts, &t_start,
					&above);
		if (ret < 0)
			return ret;
		/* FIFO_SRC showed the line low: the next crossing is an edge */
		if (!above || !lis2dh_fifo_may_be_above(indio_dev, t_start))
			return 0;
	}

	return 1;
}

static int lis2dh_flush_to_buffer(struct iio_dev *indio_dev,
				  unsigned int count)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	s64 t_start;
	bool above;
	int ret = 0;

	mutex_lock(&data->lock);
	if (data->fifo_running && !data->suspended)
		ret = lis2dh_fifo_drain_max(indio_dev, 0, count, &t_start,
					    &above);
	mutex_unlock(&data->lock);

	return ret;
}

static ssize_t hwfifo_enabled_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));

	return sysfs_emit(buf, "%d\n", READ_ONCE(data->fifo_running));
}

static ssize_t hwfifo_watermark_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	unsigned int wm;

	mutex_lock(&data->lock);
	wm = data->fifo_running ? data->hw_watermark :
				  lis2dh_hw_watermark(data);
	mutex_unlock(&data->lock);

	return sysfs_emit(buf, "%u\n", wm);
}

static ssize_t fifo_overruns_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));

	return sysfs_emit(buf, "%u\n", READ_ONCE(data->fifo_overruns));
}

static ssize_t bus_errors_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));

	return sysfs_emit(buf, "%u\n", READ_ONCE(data->bus_errors));
}

/*
 * Buffer attributes are copied into new iio_dev_attr wrappers by the core,
 * so constant ones need a show function of their own.
 */
static ssize_t hwfifo_watermark_min_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	return sysfs_emit(buf, "1\n");
}

/* The highest level lis2dh_fifo_hw_watermark() programs at this rate */
static ssize_t hwfifo_watermark_max_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	unsigned int max;

	mutex_lock(&data->lock);
	max = lis2dh_fifo_hw_watermark(LIS2DH_FIFO_DEPTH, lis2dh_odr_hz(data));
	mutex_unlock(&data->lock);

	return sysfs_emit(buf, "%u\n", max);
}

static IIO_DEVICE_ATTR_RO(hwfifo_watermark_min, 0);
static IIO_DEVICE_ATTR_RO(hwfifo_watermark_max, 0);
static IIO_DEVICE_ATTR_RO(hwfifo_enabled, 0);
static IIO_DEVICE_ATTR_RO(hwfifo_watermark, 0);
static IIO_DEVICE_ATTR_RO(fifo_overruns, 0);
static IIO_DEVICE_ATTR_RO(bus_errors, 0);

static const LIS2DH_BUFFER_ATTR_TYPE *lis2dh_buffer_attrs[] = {
	LIS2DH_BUFFER_ATTR(hwfifo_watermark_min),
	LIS2DH_BUFFER_ATTR(hwfifo_watermark_max),
	LIS2DH_BUFFER_ATTR(hwfifo_enabled),
	LIS2DH_BUFFER_ATTR(hwfifo_watermark),
	LIS2DH_BUFFER_ATTR(fifo_overruns),
	LIS2DH_BUFFER_ATTR(bus_errors),
	NULL
};

/*
 * How long the interrupt may stay silent during capture before the work
 * services the chip itself, at least LIS2DH_WATCHDOG_MIN_MS. FIFO capture:
 * the level's period plus half the room above the level, so that a lost
 * edge is caught before the FIFO fills (32 periods after the last drain).
 * Data-ready: four periods.
 */
static s64 lis2dh_watchdog_ns(const struct lis2dh_data *data)
{
	s64 ns = lis2dh_period_ns(data);

	ns *= data->fifo_running ? lis2dh_watchdog_periods(data->hw_watermark) :
				   4;

	return max_t(s64, ns, LIS2DH_WATCHDOG_MIN_MS * NSEC_PER_MSEC);
}

static unsigned long lis2dh_poll_delay(const struct lis2dh_data *data)
{
	u64 us = div_u64((u64)data->hw_watermark * USEC_PER_SEC,
			 lis2dh_odr_hz(data));

	return max(usecs_to_jiffies(us), 1UL);
}

/*
 * Queue the work for its next poll, or for the watchdog deadline counted
 * from the last service (not from now: a check that just missed it would
 * otherwise come a whole interval late). The caller locks.
 */
static void lis2dh_queue_work(struct lis2dh_data *data)
{
	unsigned long delay;
	s64 left;

	if (data->irq) {
		left = data->ts_service + lis2dh_watchdog_ns(data) -
		       ktime_get_ns();
		delay = nsecs_to_jiffies(max_t(s64, left, 0));
	} else {
		delay = lis2dh_poll_delay(data);
	}
	queue_delayed_work(system_highpri_wq, &data->work, max(delay, 1UL));
}

/* Start the work for a capture that (re)starts now; the caller locks. */
static void lis2dh_kick_work(struct lis2dh_data *data)
{
	data->ts_service = ktime_get_ns();
	lis2dh_queue_work(data);
}

/* Reset the FIFO and start stream mode; the caller locks. */
static int lis2dh_fifo_start(struct lis2dh_data *data)
{
	int ret;

	/* Bypass mode empties the FIFO (datasheet 8.18) */
	ret = regmap_write(data->regmap, LIS2DH_REG_FIFO_CTRL,
			   FIELD_PREP(LIS2DH_FIFO_CTRL_FM_MASK,
				      LIS2DH_FIFO_MODE_BYPASS));
	if (ret)
		return ret;

	ret = regmap_set_bits(data->regmap, LIS2DH_REG_CTRL5,
			      LIS2DH_CTRL5_FIFO_EN);
	if (ret)
		return ret;

	ret = regmap_write(data->regmap, LIS2DH_REG_FIFO_CTRL,
			   FIELD_PREP(LIS2DH_FIFO_CTRL_FM_MASK,
				      LIS2DH_FIFO_MODE_STREAM) |
			   FIELD_PREP(LIS2DH_FIFO_CTRL_FTH_MASK,
				      data->hw_watermark - 1));
	if (ret)
		return ret;

	data->ts_prev = 0;
	data->ts_fifo_start = iio_get_time_ns(dev_get_drvdata(data->dev));

	if (!data->irq)
		return 0;

	return regmap_write(data->regmap, LIS2DH_REG_CTRL3,
			    LIS2DH_CTRL3_I1_WTM | LIS2DH_CTRL3_I1_OVERRUN);
}

/*
 * Undo lis2dh_fifo_start() after it failed: INT1 routing off, bypass mode,
 * FIFO off, so that direct reads see the output registers again and not
 * stale FIFO entries. Best effort: the bus has just failed. Locked.
 */
static void lis2dh_fifo_undo_start(struct lis2dh_data *data)
{
	regmap_write(data->regmap, LIS2DH_REG_CTRL3, 0);
	regmap_write(data->regmap, LIS2DH_REG_FIFO_CTRL,
		     FIELD_PREP(LIS2DH_FIFO_CTRL_FM_MASK,
				LIS2DH_FIFO_MODE_BYPASS));
	regmap_clear_bits(data->regmap, LIS2DH_REG_CTRL5,
			  LIS2DH_CTRL5_FIFO_EN);
}

static int lis2dh_fifo_enable(struct lis2dh_data *data)
{
	int ret;

	mutex_lock(&data->lock);
	data->hw_watermark = lis2dh_hw_watermark(data);
	data->ts_last = 0;
	ret = lis2dh_fifo_start(data);
	if (ret) {
		lis2dh_fifo_undo_start(data);
		goto out_unlock;
	}

	data->fifo_running = true;
	lis2dh_kick_work(data);
out_unlock:
	mutex_unlock(&data->lock);

	return ret;
}

/*
 * Wait for the interrupt thread and the work to finish; give the line
 * back if a bus error had masked it.
 */
static void lis2dh_quiesce(struct lis2dh_data *data)
{
	if (data->irq)
		synchronize_irq(data->irq);
	cancel_delayed_work_sync(&data->work);

	mutex_lock(&data->lock);
	if (data->irq_masked) {
		data->irq_masked = false;
		enable_irq(data->irq);
	}
	mutex_unlock(&data->lock);
}

static int lis2dh_fifo_disable(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	s64 t_start;
	bool above;
	int ret, ret2;

	mutex_lock(&data->lock);
	data->fifo_running = false;
	ret = regmap_write(data->regmap, LIS2DH_REG_CTRL3, 0);
	mutex_unlock(&data->lock);

	lis2dh_quiesce(data);

	mutex_lock(&data->lock);
	/* Deliver what the FIFO still holds */
	ret2 = lis2dh_fifo_drain(indio_dev, 0, &t_start, &above);
	if (ret2 < 0 && !ret)
		ret = ret2;

	ret2 = regmap_write(data->regmap, LIS2DH_REG_FIFO_CTRL,
			    FIELD_PREP(LIS2DH_FIFO_CTRL_FM_MASK,
				       LIS2DH_FIFO_MODE_BYPASS));
	if (ret2 && !ret)
		ret = ret2;

	ret2 = regmap_clear_bits(data->regmap, LIS2DH_REG_CTRL5,
				 LIS2DH_CTRL5_FIFO_EN);
	if (ret2 && !ret)
		ret = ret2;
	mutex_unlock(&data->lock);

	return ret;
}

static int lis2dh_buffer_preenable(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	return lis2dh_pm_get(data);
}

static int lis2dh_buffer_postenable(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	/* Triggered capture is driven by the trigger's state */
	if (iio_device_get_current_mode(indio_dev) == INDIO_BUFFER_TRIGGERED)
		return 0;

	return lis2dh_fifo_enable(data);
}

static int lis2dh_buffer_predisable(struct iio_dev *indio_dev)
{
	if (iio_device_get_current_mode(indio_dev) == INDIO_BUFFER_TRIGGERED)
		return 0;

	return lis2dh_fifo_disable(indio_dev);
}

static int lis2dh_buffer_postdisable(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	lis2dh_pm_put(data);

	return 0;
}

static const struct iio_buffer_setup_ops lis2dh_buffer_ops = {
	.preenable = lis2dh_buffer_preenable,
	.postenable = lis2dh_buffer_postenable,
	.predisable = lis2dh_buffer_predisable,
	.postdisable = lis2dh_buffer_postdisable,
};

/* Pushes the sample that lis2dh_trigger_service() read for the trigger */
static irqreturn_t lis2dh_trigger_handler(int irq, void *p)
{
	struct iio_poll_func *pf = p;
	struct iio_dev *indio_dev = pf->indio_dev;
	struct lis2dh_data *data = iio_priv(indio_dev);

	iio_push_to_buffers_with_timestamp(indio_dev, &data->scan,
					   data->ts_trig);
	iio_trigger_notify_done(indio_dev->trig);

	return IRQ_HANDLED;
}

/*
 * One burst from STATUS_REG through OUT_Z_H tells whether a new sample is
 * there and reads it; a read that finds ZYXDA clear (the sample was taken
 * already) pushes nothing. Data-ready stays asserted until the sample is
 * read, so when the next sample may have arrived during the read (the read
 * ended more than half a period after the interrupt) read again: an edge
 * that never came would otherwise stall capture. Called with the lock held.
 */
static int lis2dh_trigger_service(struct lis2dh_data *data, s64 ts)
{
	struct iio_dev *indio_dev = dev_get_drvdata(data->dev);
	s64 half_period = lis2dh_period_ns(data) / 2;
	/* Time since the interrupt: its lag now, then the monotonic clock */
	s64 lag = max_t(s64, iio_get_time_ns(indio_dev) - ts, 0);
	s64 start = ktime_get_ns();
	unsigned int i;
	int ret;

	for (i = 0; i < LIS2DH_DRDY_RECHECKS; i++) {
		ret = regmap_bulk_read(data->regmap, LIS2DH_REG_STATUS,
				       data->burst, 1 + LIS2DH_SAMPLE_BYTES);
		if (ret)
			return ret;
		if (!(data->burst[0] & LIS2DH_STATUS_ZYXDA))
			return 0;

		memcpy(data->scan.chan, &data->burst[1], sizeof(data->scan.chan));
		/* An interrupt stamp older than a re-read sample's: take now */
		if (ts <= data->ts_trig)
			ts = iio_get_time_ns(indio_dev);
		data->ts_trig = ts;
		lis2dh_trigger_poll_nested(data->trig);

		if (lag + ktime_get_ns() - start < half_period)
			return 0;
		ts = iio_get_time_ns(indio_dev);
		lag = 0;
		start = ktime_get_ns();
	}

	return 0;
}

static irqreturn_t lis2dh_irq_handler(int irq, void *p)
{
	struct iio_dev *indio_dev = p;
	struct lis2dh_data *data = iio_priv(indio_dev);

	atomic64_set(&data->ts_irq, iio_get_time_ns(indio_dev));

	return IRQ_WAKE_THREAD;
}

/* Mask the line and let the work retry after a bus error; locked. */
static void lis2dh_defer_recovery(struct lis2dh_data *data)
{
	if (!data->irq_masked) {
		data->irq_masked = true;
		disable_irq_nosync(data->irq);
	}
	/* Sooner than the watchdog deadline the work may be pending for */
	mod_delayed_work(system_highpri_wq, &data->work,
			 msecs_to_jiffies(LIS2DH_RECOVER_MS));
}

static irqreturn_t lis2dh_irq_thread(int irq, void *p)
{
	struct iio_dev *indio_dev = p;
	struct lis2dh_data *data = iio_priv(indio_dev);
	irqreturn_t handled = IRQ_HANDLED;
	int ret = 0;
	s64 ts_irq;

	mutex_lock(&data->lock);
	ts_irq = atomic64_read(&data->ts_irq);
	if (data->suspended) {
		handled = IRQ_NONE;
	} else if (data->fifo_running) {
		ret = lis2dh_fifo_service(indio_dev, ts_irq);
		if (ret > 0)
			mod_delayed_work(system_highpri_wq, &data->work, 0);
	} else if (data->trig_enabled) {
		ret = lis2dh_trigger_service(data, ts_irq);
		if (ret)
			lis2dh_count_bus_error(data, ret);
	} else {
		handled = IRQ_NONE;
	}

	if (ret < 0)
		lis2dh_defer_recovery(data);
	else if (handled == IRQ_HANDLED)
		data->ts_service = ktime_get_ns();
	mutex_unlock(&data->lock);

	return handled;
}

/*
 * Services the chip when there is no interrupt line (the FIFO is drained
 * at the watermark period), after a bus error masked the interrupt, and
 * when the interrupt went silent during capture (an edge lost in a way the
 * interrupt thread could not see).
 */
static void lis2dh_work(struct work_struct *work)
{
	struct lis2dh_data *data = container_of(to_delayed_work(work),
						struct lis2dh_data, work);
	struct iio_dev *indio_dev = dev_get_drvdata(data->dev);
	int ret;

	mutex_lock(&data->lock);
	if (data->suspended || !(data->fifo_running || data->trig_enabled))
		goto out_unlock;

	if (data->irq && !data->irq_masked &&
	    ktime_get_ns() - data->ts_service < lis2dh_watchdog_ns(data))
		goto requeue;

	if (data->fifo_running) {
		ret = lis2dh_fifo_service(indio_dev, 0);
	} else {
		ret = lis2dh_trigger_service(data, iio_get_time_ns(indio_dev));
		if (ret)
			lis2dh_count_bus_error(data, ret);
	}
	if (ret < 0) {
		queue_delayed_work(system_highpri_wq, &data->work,
				   msecs_to_jiffies(LIS2DH_RECOVER_MS));
		goto out_unlock;
	}
	data->ts_service = ktime_get_ns();

	if (data->irq_masked) {
		data->irq_masked = false;
		enable_irq(data->irq);
	}
	if (ret > 0) {
		queue_delayed_work(system_highpri_wq, &data->work, 0);
		goto out_unlock;
	}

requeue:
	lis2dh_queue_work(data);
out_unlock:
	mutex_unlock(&data->lock);
}

static int lis2dh_trigger_set_state(struct iio_trigger *trig, bool state)
{
	struct iio_dev *indio_dev = iio_trigger_get_drvdata(trig);
	struct lis2dh_data *data = iio_priv(indio_dev);
	int ret;

	mutex_lock(&data->lock);
	data->trig_enabled = state;
	if (state) {
		/* Read out a pending sample so that the next one makes an edge */
		ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L,
				       data->burst, LIS2DH_SAMPLE_BYTES);
		if (!ret)
			ret = regmap_write(data->regmap, LIS2DH_REG_CTRL3,
					   LIS2DH_CTRL3_I1_ZYXDA);
		if (ret) {
			data->trig_enabled = false;
		} else {
			data->ts_trig = 0;
			lis2dh_kick_work(data);
		}
		mutex_unlock(&data->lock);
		return ret;
	}

	ret = regmap_write(data->regmap, LIS2DH_REG_CTRL3, 0);
	mutex_unlock(&data->lock);

	lis2dh_quiesce(data);

	return ret;
}

static const struct iio_trigger_ops lis2dh_trigger_ops = {
	.set_trigger_state = lis2dh_trigger_set_state,
	.validate_device = iio_trigger_validate_own_device,
};

static int lis2dh_validate_trigger(struct iio_dev *indio_dev,
				   struct iio_trigger *trig)
{
	struct lis2dh_data *data = iio_priv(indio_dev);

	return data->trig && data->trig == trig ? 0 : -EINVAL;
}

static const struct iio_info lis2dh_info = {
	.read_raw = lis2dh_read_raw,
	.write_raw = lis2dh_write_raw,
	.write_raw_get_fmt = lis2dh_write_raw_get_fmt,
	.read_avail = lis2dh_read_avail,
	.validate_trigger = lis2dh_validate_trigger,
	.debugfs_reg_access = lis2dh_reg_access,
	.hwfifo_set_watermark = lis2dh_set_watermark,
	.hwfifo_flush_to_buffer = lis2dh_flush_to_buffer,
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

static void lis2dh_cancel_work(void *arg)
{
	struct lis2dh_data *data = arg;

	cancel_delayed_work_sync(&data->work);
	cancel_delayed_work_sync(&data->log_work);
}

static int lis2dh_setup_irq(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	struct device *dev = data->dev;
	unsigned int type;
	int ret;

	/* INT1 polarity follows the trigger type given by firmware */
	type = irq_get_trigger_type(data->irq);
	data->irq_level = type & IRQ_TYPE_LEVEL_MASK;
	ret = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL6,
				 LIS2DH_CTRL6_INT_POLARITY,
				 type & (IRQ_TYPE_LEVEL_LOW | IRQ_TYPE_EDGE_FALLING) ?
				 LIS2DH_CTRL6_INT_POLARITY : 0);
	if (ret)
		return ret;

	data->trig = devm_iio_trigger_alloc(dev, "%s-dev%d", indio_dev->name,
					    iio_device_id(indio_dev));
	if (!data->trig)
		return -ENOMEM;

	data->trig->ops = &lis2dh_trigger_ops;
	iio_trigger_set_drvdata(data->trig, indio_dev);

	ret = devm_request_threaded_irq(dev, data->irq, lis2dh_irq_handler,
					lis2dh_irq_thread, IRQF_ONESHOT,
					indio_dev->name, indio_dev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request IRQ %d\n",
				     data->irq);

	ret = devm_iio_trigger_register(dev, data->trig);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register trigger\n");

	return 0;
}

/*
 * Which interrupt serves the chip, from the firmware description
 * (st,st-sensors.yaml: interrupts with optional interrupt-names "INT1",
 * "INT2"). Data-ready, FIFO watermark and overrun can be routed to INT1
 * only (datasheet 8.7, CTRL_REG3; CTRL_REG6 routes none of them to INT2):
 * the interrupt named INT1 is used, the first one when they are unnamed
 * (the bus code's @irq), and none when only INT2 is wired.
 */
static int lis2dh_fw_irq(struct device *dev, int irq)
{
	const char *names[2];
	int n, int1;

	/* The chip has two pins: a third interrupt is a wiring error */
	if (fwnode_irq_get(dev_fwnode(dev), ARRAY_SIZE(names)) > 0)
		return dev_err_probe(dev, -EINVAL,
				     "interrupts: more than two (INT1, INT2)\n");

	if (!device_property_present(dev, "interrupt-names"))
		return irq;

	n = device_property_read_string_array(dev, "interrupt-names", names,
					      ARRAY_SIZE(names));
	if (n < 0)
		return dev_err_probe(dev, n, "interrupt-names: cannot read\n");
	if (device_property_string_array_count(dev, "interrupt-names") != n)
		n = 0;

	int1 = lis2dh_int1_index(names, n);
	if (int1 == -ENOENT) {
		dev_notice(dev,
			   "interrupt-names: INT2 only, but data-ready and FIFO interrupts are on INT1 only: FIFO polled without an interrupt\n");
		return 0;
	}
	if (int1 < 0)
		return dev_err_probe(dev, int1,
				     "interrupt-names: one or two distinct names of INT1, INT2 expected\n");
	if (int1 == 0)
		return irq;

	irq = fwnode_irq_get_byname(dev_fwnode(dev), "INT1");
	if (irq < 0)
		return dev_err_probe(dev, irq,
				     "interrupt-names: cannot get the INT1 interrupt\n");

	return irq;
}

/*
 * The properties of st,st-sensors.yaml that apply to this family, checked
 * before the chip is touched. Returns the interrupt to use (0 for none) or
 * a negative errno.
 */
static int lis2dh_fw_parse(struct device *dev, int irq)
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

	return lis2dh_fw_irq(dev, irq);
}

int lis2dh_probe(struct device *dev, struct regmap *regmap, int irq,
		 const struct lis2dh_chip_info *info)
{
	static const char * const supplies[] = { "vdd", "vddio" };
	struct iio_dev *indio_dev;
	struct lis2dh_data *data;
	unsigned int whoami, max_read;
	int ret;

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
	INIT_DELAYED_WORK(&data->work, lis2dh_work);
	INIT_DELAYED_WORK(&data->log_work, lis2dh_log_work);
	data->log_next = jiffies;

	max_read = regmap_get_raw_read_max(regmap);
	data->max_burst = LIS2DH_FIFO_DEPTH;
	if (max_read)
		data->max_burst = clamp(max_read / LIS2DH_SAMPLE_BYTES, 1U,
					(unsigned int)LIS2DH_FIFO_DEPTH);

	dev_set_drvdata(dev, indio_dev);

	irq = lis2dh_fw_parse(dev, max(irq, 0));
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

	if (whoami != info->whoami)
		return dev_err_probe(dev, -ENODEV,
				     "WHO_AM_I is 0x%02x, expected 0x%02x for %s\n",
				     whoami, info->whoami, info->name);

	data->channels = devm_kmemdup(dev, lis2dh_channels,
				      sizeof(lis2dh_channels), GFP_KERNEL);
	if (!data->channels)
		return -ENOMEM;
	lis2dh_update_scan_type(data);

	indio_dev->name = info->name;
	indio_dev->info = &lis2dh_info;
	indio_dev->channels = data->channels;
	indio_dev->num_channels = ARRAY_SIZE(lis2dh_channels);
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

	ret = devm_iio_triggered_buffer_setup_ext(dev, indio_dev, NULL,
						  lis2dh_trigger_handler,
						  IIO_BUFFER_DIRECTION_IN,
						  &lis2dh_buffer_ops,
						  lis2dh_buffer_attrs);
	if (ret)
		return dev_err_probe(dev, ret, "cannot set up the buffer\n");

	ret = devm_add_action_or_reset(dev, lis2dh_cancel_work, data);
	if (ret)
		return ret;

	if (data->irq) {
		ret = lis2dh_setup_irq(indio_dev);
		if (ret)
			return ret;
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
	struct iio_dev *indio_dev = dev_get_drvdata(dev);
	struct lis2dh_data *data = iio_priv(indio_dev);
	s64 t_start;
	bool above;
	int ret;

	if (data->irq)
		disable_irq(data->irq);

	mutex_lock(&data->lock);
	data->suspended = true;
	mutex_unlock(&data->lock);

	cancel_delayed_work_sync(&data->work);

	ret = pm_runtime_force_suspend(dev);
	if (ret) {
		mutex_lock(&data->lock);
		data->suspended = false;
		if (data->fifo_running || data->trig_enabled)
			lis2dh_kick_work(data);
		mutex_unlock(&data->lock);
		if (data->irq)
			enable_irq(data->irq);
		return ret;
	}

	/*
	 * Powered down, the chip adds nothing to the FIFO: deliver what it
	 * holds now, as resume starts the FIFO afresh.
	 */
	mutex_lock(&data->lock);
	if (data->fifo_running)
		lis2dh_fifo_drain(indio_dev, 0, &t_start, &above);
	mutex_unlock(&data->lock);

	return 0;
}

/*
 * The supplies may have been cut: write the whole cached configuration
 * back, then restart a capture that was running.
 */
static int lis2dh_resume(struct device *dev)
{
	struct lis2dh_data *data = iio_priv(dev_get_drvdata(dev));
	int ret;

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

	mutex_lock(&data->lock);
	data->suspended = false;
	/* A recovery from a bus error was cancelled by the suspend */
	if (data->irq_masked) {
		data->irq_masked = false;
		enable_irq(data->irq);
	}
	if (!ret && data->fifo_running)
		ret = lis2dh_fifo_start(data);
	if (!ret && data->trig_enabled)
		ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L,
				       data->burst, LIS2DH_SAMPLE_BYTES);
	if (data->fifo_running || data->trig_enabled)
		lis2dh_kick_work(data);
	mutex_unlock(&data->lock);

	if (data->irq)
		enable_irq(data->irq);

	return ret;
}

EXPORT_NS_GPL_DEV_PM_OPS(lis2dh_pm_ops, IIO_LIS2DH) = {
	SYSTEM_SLEEP_PM_OPS(lis2dh_suspend, lis2dh_resume)
	RUNTIME_PM_OPS(lis2dh_runtime_suspend, lis2dh_runtime_resume, NULL)
};

MODULE_DESCRIPTION("LIS3DH/LIS2DH12/SC7A20 accelerometer IIO driver core");
MODULE_LICENSE("GPL");
