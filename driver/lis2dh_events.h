/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inertial events of the LIS3DH / LIS2DH12 / SC7A20: the registers of the
 * two interrupt generators (IA1, IA2) and of the click detector, and the
 * interface between lis2dh_events.c and the core.
 *
 * Datasheet: LIS3DH DocID17530 sections 8.7, 8.11, 8.20-8.33; application
 * note AN3308 sections 6 (interrupt generators) and 7 (click).
 */
#ifndef _LIS2DH_EVENTS_H_
#define _LIS2DH_EVENTS_H_

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/types.h>
#include <linux/iio/iio.h>

#define LIS2DH_CTRL3_I1_CLICK		BIT(7)
#define LIS2DH_CTRL3_I1_IA1		BIT(6)
#define LIS2DH_CTRL3_I1_IA2		BIT(5)
#define LIS2DH_CTRL3_I1_EVENTS		GENMASK(7, 5)

#define LIS2DH_CTRL5_LIR_INT1		BIT(3)
#define LIS2DH_CTRL5_LIR_INT2		BIT(1)

#define LIS2DH_CTRL6_I2_CLICK		BIT(7)
#define LIS2DH_CTRL6_I2_IA1		BIT(6)
#define LIS2DH_CTRL6_I2_IA2		BIT(5)
#define LIS2DH_CTRL6_I2_EVENTS		GENMASK(7, 5)

/* INT1_CFG..INT1_DURATION, then the same four for INT2, 4 apart */
#define LIS2DH_REG_IA_CFG(g)		(0x30 + 4 * (g))
#define LIS2DH_REG_IA_SRC(g)		(0x31 + 4 * (g))
#define LIS2DH_REG_IA_THS(g)		(0x32 + 4 * (g))
#define LIS2DH_REG_IA_DUR(g)		(0x33 + 4 * (g))
#define LIS2DH_INT_CFG_AOI		BIT(7)
#define LIS2DH_INT_SRC_IA		BIT(6)

#define LIS2DH_CLICK_CFG_SINGLE		(BIT(0) | BIT(2) | BIT(4))
#define LIS2DH_CLICK_CFG_DOUBLE		(BIT(1) | BIT(3) | BIT(5))
#define LIS2DH_CLICK_SRC_IA		BIT(6)
#define LIS2DH_CLICK_SRC_DCLICK		BIT(5)
#define LIS2DH_CLICK_SRC_SCLICK		BIT(4)
#define LIS2DH_CLICK_THS_LIR		BIT(7)
#define LIS2DH_REG_TIME_LIMIT		0x3b
#define LIS2DH_REG_TIME_LATENCY		0x3c
#define LIS2DH_REG_TIME_WINDOW		0x3d

/* The two interrupt generators, by what the driver uses each for */
enum lis2dh_ia {
	LIS2DH_IA_RISING,	/* IA1: magnitude above THS, any enabled axis */
	LIS2DH_IA_FALLING,	/* IA2: below THS, any axis, or all (free-fall) */
	LIS2DH_NUM_IA,
};

/**
 * struct lis2dh_events - event configuration and state
 * @irq:	the interrupt the events come on (INT2 when wired, else the
 *		core's INT1), 0 when events are not offered
 * @own_irq:	@irq is INT2, requested by lis2dh_events.c
 * @ts_irq:	INT2's hard handler stamp, on the IIO clock
 * @rising:	axes (bit 0 x ... 2 z) with mag rising enabled (IA1)
 * @falling:	axes with mag falling enabled (IA2, any of them)
 * @freefall:	x&y&z mag falling enabled (IA2, all three at once)
 * @tap:	single (bit 0) and double (bit 1) tap enabled
 * @ths_um:	requested thresholds in micro m/s^2: IA1, IA2 per-axis,
 *		IA2 free-fall, click
 * @dur_us:	requested durations in us: IA1, IA2 per-axis, free-fall
 * @click_us:	TIME_LIMIT, TIME_LATENCY, TIME_WINDOW requested, in us
 * @pm_held:	a runtime PM reference is held for the enabled events
 * @wake_armed: enable_irq_wake() was called for @irq at suspend
 *
 * All but @ts_irq under the core's lock.
 */
struct lis2dh_events {
	int irq;
	bool own_irq;
	atomic64_t ts_irq;
	unsigned int rising;
	unsigned int falling;
	bool freefall;
	unsigned int tap;
	s64 ths_um[4];
	s64 dur_us[3];
	s64 click_us[3];
	bool pm_held;
	bool wake_armed;
};

struct lis2dh_data;

#define LIS2DH_NUM_ACCEL_EVENTS		4
#define LIS2DH_NUM_FREEFALL_EVENTS	1
extern const struct iio_event_spec lis2dh_accel_events[LIS2DH_NUM_ACCEL_EVENTS];
extern const struct iio_event_spec lis2dh_freefall_events[LIS2DH_NUM_FREEFALL_EVENTS];
extern const struct attribute_group lis2dh_event_attr_group;

/* The event specs of each accel axis channel */
#define LIS2DH_ACCEL_EVENT_SPECS					\
	.event_spec = lis2dh_accel_events,				\
	.num_event_specs = LIS2DH_NUM_ACCEL_EVENTS

/* Free-fall: all three axes below the threshold at once (no data) */
#define LIS2DH_FREEFALL_CHANNEL {					\
	.type = IIO_ACCEL,						\
	.modified = 1,							\
	.channel2 = IIO_MOD_X_AND_Y_AND_Z,				\
	.scan_index = -1,						\
	.event_spec = lis2dh_freefall_events,				\
	.num_event_specs = LIS2DH_NUM_FREEFALL_EVENTS,			\
}

int lis2dh_events_setup(struct iio_dev *indio_dev, int int1, int int2);
int lis2dh_read_event_config(struct iio_dev *indio_dev,
			     const struct iio_chan_spec *chan,
			     enum iio_event_type type,
			     enum iio_event_direction dir);
int lis2dh_write_event_config(struct iio_dev *indio_dev,
			      const struct iio_chan_spec *chan,
			      enum iio_event_type type,
			      enum iio_event_direction dir, int state);
int lis2dh_read_event_value(struct iio_dev *indio_dev,
			    const struct iio_chan_spec *chan,
			    enum iio_event_type type,
			    enum iio_event_direction dir,
			    enum iio_event_info info, int *val, int *val2);
int lis2dh_write_event_value(struct iio_dev *indio_dev,
			     const struct iio_chan_spec *chan,
			     enum iio_event_type type,
			     enum iio_event_direction dir,
			     enum iio_event_info info, int val, int val2);
int lis2dh_events_reconfigure(struct lis2dh_data *data);
bool lis2dh_events_on_int1(const struct lis2dh_data *data);
bool lis2dh_events_service(struct iio_dev *indio_dev, s64 ts);
bool lis2dh_events_suspend(struct lis2dh_data *data);
void lis2dh_events_resume(struct lis2dh_data *data);

#endif /* _LIS2DH_EVENTS_H_ */
