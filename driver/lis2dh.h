/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STMicroelectronics LIS3DH / LIS2DH12 and Silan SC7A20 accelerometers:
 * register map and the interface between the core and the bus glue.
 *
 * Datasheets: LIS3DH DocID17530, LIS2DH12 DocID025056, application note
 * AN3308 (LIS3DH FIFO).
 */
#ifndef _LIS2DH_H_
#define _LIS2DH_H_

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/iio/iio.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/regmap.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "lis2dh_calc.h"
#include "lis2dh_events.h"

struct device;
struct iio_trigger;

#define LIS2DH_REG_STATUS_AUX		0x07
/* xDA of OUT_ADCx (LIS2DH12: TDA is bit 2, the OUT_TEMP channel) */
#define LIS2DH_STATUS_AUX_DA(ch)	BIT(ch)
#define LIS2DH_REG_OUT_ADC1_L		0x08
#define LIS2DH_REG_OUT_ADC3_H		0x0d
#define LIS2DH_REG_WHO_AM_I		0x0f
#define LIS2DH_REG_CTRL0		0x1e
#define LIS2DH_REG_TEMP_CFG		0x1f
#define LIS2DH_TEMP_CFG_ADC_EN		BIT(7)
/* LIS3DH: ADC_EN | TEMP_EN; LIS2DH12: TEMP_EN[1:0] = 11 */
#define LIS2DH_TEMP_CFG_TEMP_ON		GENMASK(7, 6)

#define LIS2DH_REG_CTRL1		0x20
#define LIS2DH_CTRL1_ODR_MASK		GENMASK(7, 4)
#define LIS2DH_CTRL1_LPEN		BIT(3)
#define LIS2DH_CTRL1_XYZ_EN		GENMASK(2, 0)

#define LIS2DH_REG_CTRL2		0x21

#define LIS2DH_REG_CTRL3		0x22
#define LIS2DH_CTRL3_I1_ZYXDA		BIT(4)
#define LIS2DH_CTRL3_I1_WTM		BIT(2)
#define LIS2DH_CTRL3_I1_OVERRUN		BIT(1)
/* The capture's INT1 sources; the other bits route events (IA1, IA2, CLICK) */
#define LIS2DH_CTRL3_I1_CAPTURE		(LIS2DH_CTRL3_I1_ZYXDA | \
					 LIS2DH_CTRL3_I1_WTM | \
					 LIS2DH_CTRL3_I1_OVERRUN)

#define LIS2DH_REG_CTRL4		0x23
#define LIS2DH_CTRL4_BDU		BIT(7)
#define LIS2DH_CTRL4_FS_MASK		GENMASK(5, 4)
#define LIS2DH_CTRL4_HR			BIT(3)
#define LIS2DH_CTRL4_ST_MASK		GENMASK(2, 1)
#define LIS2DH_CTRL4_ST_POSITIVE	1

#define LIS2DH_REG_CTRL5		0x24
#define LIS2DH_CTRL5_BOOT		BIT(7)
#define LIS2DH_CTRL5_FIFO_EN		BIT(6)

#define LIS2DH_REG_CTRL6		0x25
#define LIS2DH_CTRL6_INT_POLARITY	BIT(1)

#define LIS2DH_REG_REFERENCE		0x26

#define LIS2DH_REG_STATUS		0x27
#define LIS2DH_STATUS_ZYXDA		BIT(3)

#define LIS2DH_REG_OUT_X_L		0x28
#define LIS2DH_REG_OUT_Z_H		0x2d

#define LIS2DH_REG_FIFO_CTRL		0x2e
#define LIS2DH_FIFO_CTRL_FM_MASK	GENMASK(7, 6)
#define LIS2DH_FIFO_CTRL_FTH_MASK	GENMASK(4, 0)
#define LIS2DH_FIFO_MODE_BYPASS		0
#define LIS2DH_FIFO_MODE_STREAM		2

#define LIS2DH_REG_FIFO_SRC		0x2f
#define LIS2DH_FIFO_SRC_WTM		BIT(7)
#define LIS2DH_FIFO_SRC_OVRN		BIT(6)
#define LIS2DH_FIFO_SRC_EMPTY		BIT(5)
#define LIS2DH_FIFO_SRC_FSS_MASK	GENMASK(4, 0)

#define LIS2DH_REG_INT1_CFG		0x30
#define LIS2DH_REG_INT1_SRC		0x31
#define LIS2DH_REG_INT1_THS		0x32
#define LIS2DH_REG_INT1_DURATION	0x33
#define LIS2DH_REG_INT2_CFG		0x34
#define LIS2DH_REG_INT2_SRC		0x35
#define LIS2DH_REG_INT2_DURATION	0x37
#define LIS2DH_REG_CLICK_CFG		0x38
#define LIS2DH_REG_CLICK_SRC		0x39
#define LIS2DH_REG_CLICK_THS		0x3a
#define LIS2DH_REG_ACT_DUR		0x3f
#define LIS2DH_REG_MAX			LIS2DH_REG_ACT_DUR

/* Single fields, written through regmap_field (lis2dh_data.fields) */
enum lis2dh_field {
	LIS2DH_F_ODR,
	LIS2DH_F_FIFO_EN,
	LIS2DH_F_INT_POLARITY,
	LIS2DH_NUM_FIELDS,
};

/* The FIFO holds 32 samples of three axes, 16 bits each. */
#define LIS2DH_FIFO_DEPTH		32
#define LIS2DH_SAMPLE_BYTES		6

struct iio_chan_spec;
struct lis2dh_mode_info;

/**
 * struct lis2dh_chip_info - what differs between the supported parts
 * @name:	chip name, also the IIO device name
 * @whoami:	expected WHO_AM_I value
 * @modes:	rates and resolution per power mode (lis2dh_calc.c)
 * @aux_channels: ADC and temperature channels after the accel ones
 * @num_aux_channels: their number
 * @st_min_mg:	self-test limits, |deflection| per axis in mg, inclusive;
 * @st_max_mg:	both 0 when none are published (no selftest attribute)
 */
struct lis2dh_chip_info {
	const char *name;
	u8 whoami;
	const struct lis2dh_mode_info *modes;
	const struct iio_chan_spec *aux_channels;
	unsigned int num_aux_channels;
	int st_min_mg;
	int st_max_mg;
};

extern const struct lis2dh_chip_info lis2dh_lis3dh_info;
extern const struct lis2dh_chip_info lis2dh_lis2dh12_info;
extern const struct lis2dh_chip_info lis2dh_sc7a20_info;

extern const struct regmap_config lis2dh_regmap_config;
extern const struct dev_pm_ops lis2dh_pm_ops;

int lis2dh_probe(struct device *dev, struct regmap *regmap, int irq,
		 const struct lis2dh_chip_info *info);

/*
 * The core's state, shared by lis2dh_core.c (device, channels, direct
 * reads, power management) and lis2dh_buffer.c (FIFO, buffer, trigger,
 * interrupt).
 */
struct lis2dh_data {
	struct device *dev;
	struct regmap *regmap;
	struct regmap_field *fields[LIS2DH_NUM_FIELDS];
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
	/*
	 * Samples per FIFO read, from the adapter's read limit; 0: a sample
	 * takes more than one read
	 */
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

	/* Inertial events and wake-up (lis2dh_events.c), under @lock */
	struct lis2dh_events ev;

	struct {
		__le16 chan[3];
		aligned_s64 timestamp;
	} scan;

	u8 burst[LIS2DH_FIFO_DEPTH * LIS2DH_SAMPLE_BYTES] __aligned(IIO_DMA_MINALIGN);
};

static inline const struct lis2dh_mode_info *
lis2dh_mode(const struct lis2dh_data *data)
{
	return &data->info->modes[data->mode];
}

static inline unsigned int lis2dh_odr_hz(const struct lis2dh_data *data)
{
	return lis2dh_mode(data)->freqs[data->odr_idx];
}

static inline u64 lis2dh_period_ns(const struct lis2dh_data *data)
{
	return div_u64(NSEC_PER_SEC, lis2dh_odr_hz(data));
}

/* lis2dh_core.c */
int lis2dh_pm_get(struct lis2dh_data *data);
void lis2dh_pm_put(struct lis2dh_data *data);

/* lis2dh_buffer.c */
int lis2dh_buffer_setup(struct iio_dev *indio_dev);
int lis2dh_set_watermark(struct iio_dev *indio_dev, unsigned int val);
int lis2dh_flush_to_buffer(struct iio_dev *indio_dev, unsigned int count);
void lis2dh_capture_pause(struct lis2dh_data *data);
void lis2dh_capture_unpause(struct lis2dh_data *data);
void lis2dh_capture_flush(struct lis2dh_data *data);
int lis2dh_capture_resume(struct lis2dh_data *data, bool powered);

#endif /* _LIS2DH_H_ */
