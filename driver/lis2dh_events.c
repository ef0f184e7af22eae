// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inertial events of the LIS3DH / LIS2DH12 / SC7A20 through the IIO events
 * ABI, and wake-up.
 *
 * Datasheet: LIS3DH DocID17530 sections 8.7 (CTRL_REG3), 8.9 (CTRL_REG5),
 * 8.11 (CTRL_REG6), 8.20-8.33 (interrupt generators, click); application
 * note AN3308 sections 6 and 7.
 *
 * The chip has two interrupt generators and a click detector, each of
 * which can be routed to either pin. The driver uses them as:
 *  - IA1: magnitude rising on any enabled axis (in_accel_{x,y,z}_mag_rising),
 *    the motion / wake-up detector (OR of the high conditions);
 *  - IA2: magnitude falling, either on any enabled axis
 *    (in_accel_{x,y,z}_mag_falling, OR of the low conditions) or on all
 *    three at once (in_accel_x&y&z_mag_falling, AND: free-fall); one of the
 *    two at a time, the other is refused with -EBUSY;
 *  - click: single and double tap on any axis (in_accel_gesture_*).
 * Thresholds are kept as asked in m/s^2 and times in seconds, and encoded
 * for the current full scale and rate (lis2dh_calc.c) whenever either
 * changes; a value the registers cannot hold at the new setting is clamped
 * to the largest they can, and reads show what the chip uses.
 *
 * Data-ready, watermark and overrun can go to INT1 only: when INT2 is wired
 * the events go there, with an interrupt of their own; with INT1 alone they
 * share it with the FIFO, and the core's interrupt thread calls
 * lis2dh_events_service(). The sources are latched (LIR) so that an edge
 * interrupt sees every event; reading INTx_SRC / CLICK_SRC clears them.
 * While the condition holds the generator latches again at the next sample,
 * so a held condition gives an event per read, at most one per sample.
 *
 * An enabled event keeps the chip converting (a runtime PM reference), and,
 * when the device may wake the system, keeps it so across system suspend
 * with the event interrupt armed for wake-up.
 */

#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/pm_wakeirq.h>
#include <linux/pm_wakeup.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/sysfs.h>

#include <linux/iio/events.h>
#include <linux/iio/iio.h>
#include <linux/iio/sysfs.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_compat.h"
#include "lis2dh_events.h"

/* Indices of lis2dh_events.ths_um and .dur_us */
enum {
	LIS2DH_EV_RISING,
	LIS2DH_EV_FALLING,
	LIS2DH_EV_FREEFALL,
	LIS2DH_EV_CLICK,
};

/* Indices of lis2dh_events.click_us */
enum {
	LIS2DH_CLICK_LIMIT,
	LIS2DH_CLICK_LATENCY,
	LIS2DH_CLICK_WINDOW,
};

#define LIS2DH_TAP_SINGLE		BIT(0)
#define LIS2DH_TAP_DOUBLE		BIT(1)
#define LIS2DH_ALL_AXES			GENMASK(2, 0)

const struct iio_event_spec lis2dh_accel_events[LIS2DH_NUM_ACCEL_EVENTS] = {
	{
		.type = IIO_EV_TYPE_MAG,
		.dir = IIO_EV_DIR_RISING,
		.mask_separate = BIT(IIO_EV_INFO_ENABLE),
		.mask_shared_by_type = BIT(IIO_EV_INFO_VALUE) |
				       BIT(IIO_EV_INFO_PERIOD),
	},
	{
		.type = IIO_EV_TYPE_MAG,
		.dir = IIO_EV_DIR_FALLING,
		.mask_separate = BIT(IIO_EV_INFO_ENABLE),
		.mask_shared_by_type = BIT(IIO_EV_INFO_VALUE) |
				       BIT(IIO_EV_INFO_PERIOD),
	},
	{
		.type = IIO_EV_TYPE_GESTURE,
		.dir = IIO_EV_DIR_SINGLETAP,
		.mask_shared_by_type = BIT(IIO_EV_INFO_ENABLE) |
				       BIT(IIO_EV_INFO_VALUE),
	},
	{
		.type = IIO_EV_TYPE_GESTURE,
		.dir = IIO_EV_DIR_DOUBLETAP,
		.mask_shared_by_type = BIT(IIO_EV_INFO_ENABLE) |
				       BIT(IIO_EV_INFO_VALUE) |
				       BIT(IIO_EV_INFO_RESET_TIMEOUT) |
				       BIT(IIO_EV_INFO_TAP2_MIN_DELAY),
	},
};
EXPORT_SYMBOL_NS_GPL(lis2dh_accel_events, IIO_LIS2DH);

const struct iio_event_spec lis2dh_freefall_events[LIS2DH_NUM_FREEFALL_EVENTS] = {
	{
		.type = IIO_EV_TYPE_MAG,
		.dir = IIO_EV_DIR_FALLING,
		.mask_separate = BIT(IIO_EV_INFO_ENABLE) |
				 BIT(IIO_EV_INFO_VALUE) |
				 BIT(IIO_EV_INFO_PERIOD),
	},
};
EXPORT_SYMBOL_NS_GPL(lis2dh_freefall_events, IIO_LIS2DH);

static struct lis2dh_data *lis2dh_ev_data(struct iio_dev *indio_dev)
{
	return iio_priv(indio_dev);
}

static bool lis2dh_events_any(const struct lis2dh_events *ev)
{
	return ev->rising || ev->falling || ev->freefall || ev->tap;
}

/* THS code for request @i at the current range, clamped to the field */
static unsigned int lis2dh_ev_ths(const struct lis2dh_data *data, int i)
{
	int code = lis2dh_ev_ths_encode(data->fs_idx, data->ev.ths_um[i]);

	return code < 0 ? LIS2DH_EV_THS_MAX : code;
}

/* Time code for @us at the current rate, clamped to @max */
static unsigned int lis2dh_ev_time(const struct lis2dh_data *data, s64 us,
				   unsigned int max)
{
	int code = lis2dh_ev_time_encode(lis2dh_odr_hz(data), us, max);

	return code < 0 ? max : code;
}

static const unsigned int lis2dh_click_max[] = {
	[LIS2DH_CLICK_LIMIT] = LIS2DH_EV_DUR_MAX,
	[LIS2DH_CLICK_LATENCY] = LIS2DH_EV_WIN_MAX,
	[LIS2DH_CLICK_WINDOW] = LIS2DH_EV_WIN_MAX,
};

/* A register, written only when it changes (no bus traffic otherwise) */
static int lis2dh_ev_write(struct lis2dh_data *data, unsigned int reg,
			   unsigned int val)
{
	return regmap_update_bits(data->regmap, reg, 0xff, val);
}

/*
 * Write the whole event configuration to the chip from the state: the
 * generators' thresholds and durations for the current range and rate,
 * their axis conditions, the click detector, and the routing to the event
 * pin. Routing is dropped first and set last, so that no half-written
 * generator interrupts. Called with the lock held.
 */
int lis2dh_events_reconfigure(struct lis2dh_data *data)
{
	struct lis2dh_events *ev = &data->ev;
	unsigned int route = 0, reg, mask, i, ff = ev->freefall;
	u8 click = 0;
	int ret;

	if (!ev->irq)
		return 0;

	if (ev->rising)
		route |= LIS2DH_CTRL3_I1_IA1;
	if (ev->falling || ev->freefall)
		route |= LIS2DH_CTRL3_I1_IA2;
	if (ev->tap)
		route |= LIS2DH_CTRL3_I1_CLICK;
	/* CTRL_REG6 has I2_CLICK, I2_IA1, I2_IA2 at the same bits */
	if (ev->own_irq) {
		reg = LIS2DH_REG_CTRL6;
		mask = LIS2DH_CTRL6_I2_EVENTS;
	} else {
		reg = LIS2DH_REG_CTRL3;
		mask = LIS2DH_CTRL3_I1_EVENTS;
	}

	ret = regmap_update_bits(data->regmap, reg, mask & ~route, 0);
	if (ret)
		return ret;

	/*
	 * The enabled generators' sources latched until read, so that an
	 * edge interrupt sees each event; CTRL_REG5 as before without events
	 */
	ret = regmap_update_bits(data->regmap, LIS2DH_REG_CTRL5,
				 LIS2DH_CTRL5_LIR_INT1 | LIS2DH_CTRL5_LIR_INT2,
				 (ev->rising ? LIS2DH_CTRL5_LIR_INT1 : 0) |
				 (ev->falling || ev->freefall ?
				  LIS2DH_CTRL5_LIR_INT2 : 0));
	if (ret)
		return ret;

	ret = lis2dh_ev_write(data, LIS2DH_REG_IA_THS(0),
			      lis2dh_ev_ths(data, LIS2DH_EV_RISING));
	if (!ret)
		ret = lis2dh_ev_write(data, LIS2DH_REG_IA_DUR(0),
				      lis2dh_ev_time(data, ev->dur_us[LIS2DH_EV_RISING],
						     LIS2DH_EV_DUR_MAX));
	if (!ret)
		ret = lis2dh_ev_write(data, LIS2DH_REG_IA_CFG(0),
				      lis2dh_ev_ia_cfg(ev->rising, 0, false));
	if (ret)
		return ret;

	i = ff ? LIS2DH_EV_FREEFALL : LIS2DH_EV_FALLING;
	ret = lis2dh_ev_write(data, LIS2DH_REG_IA_THS(1), lis2dh_ev_ths(data, i));
	if (!ret)
		ret = lis2dh_ev_write(data, LIS2DH_REG_IA_DUR(1),
				      lis2dh_ev_time(data, ev->dur_us[i],
						     LIS2DH_EV_DUR_MAX));
	if (!ret)
		ret = lis2dh_ev_write(data, LIS2DH_REG_IA_CFG(1),
				      lis2dh_ev_ia_cfg(0, ff ? LIS2DH_ALL_AXES :
							   ev->falling, ff));
	if (ret)
		return ret;

	ret = lis2dh_ev_write(data, LIS2DH_REG_CLICK_THS,
			      LIS2DH_CLICK_THS_LIR |
			      lis2dh_ev_ths(data, LIS2DH_EV_CLICK));
	for (i = 0; i < ARRAY_SIZE(lis2dh_click_max) && !ret; i++)
		ret = lis2dh_ev_write(data, LIS2DH_REG_TIME_LIMIT + i,
				      lis2dh_ev_time(data, ev->click_us[i],
						     lis2dh_click_max[i]));
	if (ev->tap & LIS2DH_TAP_SINGLE)
		click |= LIS2DH_CLICK_CFG_SINGLE;
	if (ev->tap & LIS2DH_TAP_DOUBLE)
		click |= LIS2DH_CLICK_CFG_DOUBLE;
	if (!ret)
		ret = lis2dh_ev_write(data, LIS2DH_REG_CLICK_CFG, click);
	if (ret)
		return ret;

	return regmap_update_bits(data->regmap, reg, mask, route);
}

bool lis2dh_events_on_int1(const struct lis2dh_data *data)
{
	return data->ev.irq && !data->ev.own_irq;
}

int lis2dh_read_event_config(struct iio_dev *indio_dev,
			     const struct iio_chan_spec *chan,
			     enum iio_event_type type,
			     enum iio_event_direction dir)
{
	struct lis2dh_data *data = lis2dh_ev_data(indio_dev);
	struct lis2dh_events *ev = &data->ev;
	unsigned int axis = chan->channel2 - IIO_MOD_X;
	int ret;

	mutex_lock(&data->lock);
	switch (dir) {
	case IIO_EV_DIR_RISING:
		ret = !!(ev->rising & BIT(axis));
		break;
	case IIO_EV_DIR_FALLING:
		if (chan->channel2 == IIO_MOD_X_AND_Y_AND_Z)
			ret = ev->freefall;
		else
			ret = !!(ev->falling & BIT(axis));
		break;
	case IIO_EV_DIR_SINGLETAP:
		ret = !!(ev->tap & LIS2DH_TAP_SINGLE);
		break;
	case IIO_EV_DIR_DOUBLETAP:
		ret = !!(ev->tap & LIS2DH_TAP_DOUBLE);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	mutex_unlock(&data->lock);

	return ret;
}

/* Change the enable state of one event in @ev; the caller locks */
static int lis2dh_ev_set(struct lis2dh_events *ev,
			 const struct iio_chan_spec *chan,
			 enum iio_event_direction dir, bool on)
{
	unsigned int bit, *set;

	switch (dir) {
	case IIO_EV_DIR_RISING:
		set = &ev->rising;
		bit = BIT(chan->channel2 - IIO_MOD_X);
		break;
	case IIO_EV_DIR_FALLING:
		/* IA2 serves either the per-axis events or free-fall */
		if (chan->channel2 == IIO_MOD_X_AND_Y_AND_Z) {
			if (on && ev->falling)
				return -EBUSY;
			ev->freefall = on;
			return 0;
		}
		if (on && ev->freefall)
			return -EBUSY;
		set = &ev->falling;
		bit = BIT(chan->channel2 - IIO_MOD_X);
		break;
	case IIO_EV_DIR_SINGLETAP:
		set = &ev->tap;
		bit = LIS2DH_TAP_SINGLE;
		break;
	case IIO_EV_DIR_DOUBLETAP:
		set = &ev->tap;
		bit = LIS2DH_TAP_DOUBLE;
		break;
	default:
		return -EINVAL;
	}

	if (on)
		*set |= bit;
	else
		*set &= ~bit;

	return 0;
}

/* Read the sources of the enabled events: a stale latch is not an event */
static void lis2dh_ev_clear_latches(struct lis2dh_data *data)
{
	unsigned int src;

	regmap_read(data->regmap, LIS2DH_REG_IA_SRC(0), &src);
	regmap_read(data->regmap, LIS2DH_REG_IA_SRC(1), &src);
	regmap_read(data->regmap, LIS2DH_REG_CLICK_SRC, &src);
}

/*
 * Enabling or disabling an event works during capture too. While any event
 * is enabled a runtime PM reference keeps the chip converting.
 */
int lis2dh_write_event_config(struct iio_dev *indio_dev,
			      const struct iio_chan_spec *chan,
			      enum iio_event_type type,
			      enum iio_event_direction dir, int state)
{
	struct lis2dh_data *data = lis2dh_ev_data(indio_dev);
	struct lis2dh_events *ev = &data->ev;
	struct lis2dh_events old;
	bool keep = false, drop = false, was_any;
	int ret;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	old = *ev;
	was_any = lis2dh_events_any(ev);
	ret = lis2dh_ev_set(ev, chan, dir, state);
	if (ret)
		goto out_unlock;

	if (!was_any && lis2dh_events_any(ev))
		lis2dh_ev_clear_latches(data);
	ret = lis2dh_events_reconfigure(data);
	if (ret) {
		/* Back to what was enabled, as far as the bus lets us */
		ev->rising = old.rising;
		ev->falling = old.falling;
		ev->freefall = old.freefall;
		ev->tap = old.tap;
		lis2dh_events_reconfigure(data);
		goto out_unlock;
	}

	if (lis2dh_events_any(ev) && !ev->pm_held) {
		ev->pm_held = true;
		keep = true;
	} else if (!lis2dh_events_any(ev) && ev->pm_held) {
		ev->pm_held = false;
		drop = true;
	}
out_unlock:
	mutex_unlock(&data->lock);

	if (!keep)
		lis2dh_pm_put(data);
	if (drop)
		lis2dh_pm_put(data);

	return ret;
}

/* Which request of ths_um / dur_us a mag event's value or period is */
static int lis2dh_ev_index(const struct iio_chan_spec *chan,
			   enum iio_event_type type,
			   enum iio_event_direction dir)
{
	if (type == IIO_EV_TYPE_GESTURE)
		return LIS2DH_EV_CLICK;
	if (dir == IIO_EV_DIR_RISING)
		return LIS2DH_EV_RISING;
	if (chan->channel2 == IIO_MOD_X_AND_Y_AND_Z)
		return LIS2DH_EV_FREEFALL;

	return LIS2DH_EV_FALLING;
}

/* The click time register behind a gesture attribute, or -EINVAL */
static int lis2dh_click_index(enum iio_event_info info)
{
	switch (info) {
	case IIO_EV_INFO_TAP2_MIN_DELAY:
		return LIS2DH_CLICK_LATENCY;
	case IIO_EV_INFO_RESET_TIMEOUT:
		return LIS2DH_CLICK_WINDOW;
	default:
		return -EINVAL;
	}
}

static int lis2dh_ev_val(s64 us, int *val, int *val2)
{
	*val = div_s64_rem(us, USEC_PER_SEC, val2);

	return IIO_VAL_INT_PLUS_MICRO;
}

int lis2dh_read_event_value(struct iio_dev *indio_dev,
			    const struct iio_chan_spec *chan,
			    enum iio_event_type type,
			    enum iio_event_direction dir,
			    enum iio_event_info info, int *val, int *val2)
{
	struct lis2dh_data *data = lis2dh_ev_data(indio_dev);
	int i = lis2dh_ev_index(chan, type, dir);
	unsigned int hz, code;
	s64 v;

	mutex_lock(&data->lock);
	hz = lis2dh_odr_hz(data);
	switch (info) {
	case IIO_EV_INFO_VALUE:
		v = lis2dh_ev_ths_decode(data->fs_idx, lis2dh_ev_ths(data, i));
		break;
	case IIO_EV_INFO_PERIOD:
		code = lis2dh_ev_time(data, data->ev.dur_us[i], LIS2DH_EV_DUR_MAX);
		v = lis2dh_ev_time_decode(hz, code);
		break;
	default:
		i = lis2dh_click_index(info);
		if (i < 0) {
			mutex_unlock(&data->lock);
			return i;
		}
		code = lis2dh_ev_time(data, data->ev.click_us[i],
				      lis2dh_click_max[i]);
		v = lis2dh_ev_time_decode(hz, code);
		break;
	}
	mutex_unlock(&data->lock);

	return lis2dh_ev_val(v, val, val2);
}

/*
 * A threshold beyond what THS holds at the current full scale, or a time
 * beyond what the duration or window holds at the current rate, is
 * refused with -EINVAL, as is a negative one.
 */
int lis2dh_write_event_value(struct iio_dev *indio_dev,
			     const struct iio_chan_spec *chan,
			     enum iio_event_type type,
			     enum iio_event_direction dir,
			     enum iio_event_info info, int val, int val2)
{
	struct lis2dh_data *data = lis2dh_ev_data(indio_dev);
	struct lis2dh_events *ev = &data->ev;
	int i = lis2dh_ev_index(chan, type, dir);
	s64 v = (s64)val * USEC_PER_SEC + val2;
	int ret;

	if (val < 0 || val2 < 0)
		return -EINVAL;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	switch (info) {
	case IIO_EV_INFO_VALUE:
		ret = lis2dh_ev_ths_encode(data->fs_idx, v);
		if (ret >= 0)
			ev->ths_um[i] = v;
		break;
	case IIO_EV_INFO_PERIOD:
		ret = lis2dh_ev_time_encode(lis2dh_odr_hz(data), v,
					    LIS2DH_EV_DUR_MAX);
		if (ret >= 0)
			ev->dur_us[i] = v;
		break;
	default:
		i = lis2dh_click_index(info);
		if (i < 0) {
			ret = i;
			break;
		}
		ret = lis2dh_ev_time_encode(lis2dh_odr_hz(data), v,
					    lis2dh_click_max[i]);
		if (ret >= 0)
			ev->click_us[i] = v;
		break;
	}
	if (ret >= 0)
		ret = lis2dh_events_reconfigure(data);
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);

	return ret;
}

/*
 * in_accel_gesture_tap_maxtomin_time: TIME_LIMIT, the longest a click may
 * stay above the threshold (AN3308 7.2), in seconds.
 */
static ssize_t in_accel_gesture_tap_maxtomin_time_show(struct device *dev,
						       struct device_attribute *attr,
						       char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	unsigned int code;
	int vals[2];
	s64 us;

	mutex_lock(&data->lock);
	code = lis2dh_ev_time(data, data->ev.click_us[LIS2DH_CLICK_LIMIT],
			      LIS2DH_EV_DUR_MAX);
	us = lis2dh_ev_time_decode(lis2dh_odr_hz(data), code);
	mutex_unlock(&data->lock);

	lis2dh_ev_val(us, &vals[0], &vals[1]);

	return iio_format_value(buf, IIO_VAL_INT_PLUS_MICRO, 2, vals);
}

static ssize_t in_accel_gesture_tap_maxtomin_time_store(struct device *dev,
							struct device_attribute *attr,
							const char *buf,
							size_t len)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	int val, val2, ret;
	s64 us;

	ret = iio_str_to_fixpoint(buf, 100000, &val, &val2);
	if (ret)
		return ret;
	if (val < 0 || val2 < 0)
		return -EINVAL;
	us = (s64)val * USEC_PER_SEC + val2;

	ret = lis2dh_pm_get(data);
	if (ret)
		return ret;

	mutex_lock(&data->lock);
	ret = lis2dh_ev_time_encode(lis2dh_odr_hz(data), us, LIS2DH_EV_DUR_MAX);
	if (ret >= 0) {
		data->ev.click_us[LIS2DH_CLICK_LIMIT] = us;
		ret = lis2dh_events_reconfigure(data);
	}
	mutex_unlock(&data->lock);

	lis2dh_pm_put(data);

	return ret < 0 ? ret : len;
}

/* "[min step max]" of a time field of @max periods at the current rate */
static ssize_t lis2dh_time_avail(struct device *dev, char *buf,
				 unsigned int max)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	unsigned int hz;
	int vals[4];

	mutex_lock(&data->lock);
	hz = lis2dh_odr_hz(data);
	mutex_unlock(&data->lock);

	lis2dh_ev_val(lis2dh_ev_time_decode(hz, 1), &vals[0], &vals[1]);
	lis2dh_ev_val(lis2dh_ev_time_decode(hz, max), &vals[2], &vals[3]);

	return sysfs_emit(buf, "[0 %d.%06d %d.%06d]\n", vals[0], vals[1],
			  vals[2], vals[3]);
}

static ssize_t in_accel_gesture_tap_maxtomin_time_available_show(struct device *dev,
								 struct device_attribute *attr,
								 char *buf)
{
	return lis2dh_time_avail(dev, buf, LIS2DH_EV_DUR_MAX);
}

/* TIME_WINDOW and TIME_LATENCY have the same range */
static ssize_t in_accel_gesture_tap_reset_timeout_available_show(struct device *dev,
								 struct device_attribute *attr,
								 char *buf)
{
	return lis2dh_time_avail(dev, buf, LIS2DH_EV_WIN_MAX);
}

static ssize_t
in_accel_gesture_doubletap_tap2_min_delay_available_show(struct device *dev,
							 struct device_attribute *attr,
							 char *buf)
{
	return lis2dh_time_avail(dev, buf, LIS2DH_EV_WIN_MAX);
}

/* "[min step max]" of the click threshold at the current full scale */
static ssize_t in_accel_gesture_tap_value_available_show(struct device *dev,
							 struct device_attribute *attr,
							 char *buf)
{
	struct lis2dh_data *data = iio_priv(dev_to_iio_dev(dev));
	unsigned int fs;
	int vals[4];

	mutex_lock(&data->lock);
	fs = data->fs_idx;
	mutex_unlock(&data->lock);

	lis2dh_ev_val(lis2dh_ev_ths_decode(fs, 1), &vals[0], &vals[1]);
	lis2dh_ev_val(lis2dh_ev_ths_decode(fs, LIS2DH_EV_THS_MAX), &vals[2],
		      &vals[3]);

	return sysfs_emit(buf, "[0 %d.%06d %d.%06d]\n", vals[0], vals[1],
			  vals[2], vals[3]);
}

static IIO_DEVICE_ATTR_RW(in_accel_gesture_tap_maxtomin_time, 0);
static IIO_DEVICE_ATTR_RO(in_accel_gesture_tap_maxtomin_time_available, 0);
static IIO_DEVICE_ATTR_RO(in_accel_gesture_tap_reset_timeout_available, 0);
static IIO_DEVICE_ATTR_RO(in_accel_gesture_doubletap_tap2_min_delay_available, 0);
static IIO_DEVICE_ATTR_RO(in_accel_gesture_tap_value_available, 0);

static struct attribute *lis2dh_event_attrs[] = {
	&iio_dev_attr_in_accel_gesture_tap_maxtomin_time.dev_attr.attr,
	&iio_dev_attr_in_accel_gesture_tap_maxtomin_time_available.dev_attr.attr,
	&iio_dev_attr_in_accel_gesture_tap_reset_timeout_available.dev_attr.attr,
	&iio_dev_attr_in_accel_gesture_doubletap_tap2_min_delay_available.dev_attr.attr,
	&iio_dev_attr_in_accel_gesture_tap_value_available.dev_attr.attr,
	NULL
};

const struct attribute_group lis2dh_event_attr_group = {
	.attrs = lis2dh_event_attrs,
};
EXPORT_SYMBOL_NS_GPL(lis2dh_event_attr_group, IIO_LIS2DH);

static void lis2dh_push_mag(struct iio_dev *indio_dev, unsigned int axes,
			    enum iio_event_direction dir, s64 ts)
{
	unsigned int axis, mod;

	for (axis = 0; axis < 3; axis++) {
		if (!(axes & BIT(axis)))
			continue;
		mod = IIO_MOD_X + axis;
		iio_push_event(indio_dev,
			       IIO_MOD_EVENT_CODE(IIO_ACCEL, 0, mod,
						  IIO_EV_TYPE_MAG, dir),
			       ts);
	}
}

/**
 * lis2dh_events_service() - push the events the chip latched
 * @indio_dev:	the device
 * @ts:		when the event interrupt fired, on the IIO clock
 *
 * Reads the source register of each enabled generator (which clears its
 * latch, and so the pin) and pushes an event per enabled condition it
 * reports. Called with the lock held, from the event interrupt's thread:
 * the core's (INT1, shared with the FIFO) or this file's (INT2).
 *
 * Return: whether any enabled event was found.
 */
bool lis2dh_events_service(struct iio_dev *indio_dev, s64 ts)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	struct lis2dh_events *ev = &data->ev;
	unsigned int src, axes;
	bool found = false;

	if (ev->rising &&
	    !regmap_read(data->regmap, LIS2DH_REG_IA_SRC(0), &src)) {
		axes = lis2dh_ev_ia_axes(src, true) & ev->rising;
		lis2dh_push_mag(indio_dev, axes, IIO_EV_DIR_RISING, ts);
		found |= axes;
	}

	if ((ev->falling || ev->freefall) &&
	    !regmap_read(data->regmap, LIS2DH_REG_IA_SRC(1), &src)) {
		if (ev->freefall && (src & LIS2DH_INT_SRC_IA)) {
			iio_push_event(indio_dev,
				       IIO_MOD_EVENT_CODE(IIO_ACCEL, 0,
							  IIO_MOD_X_AND_Y_AND_Z,
							  IIO_EV_TYPE_MAG,
							  IIO_EV_DIR_FALLING),
				       ts);
			found = true;
		} else if (!ev->freefall) {
			axes = lis2dh_ev_ia_axes(src, false) & ev->falling;
			lis2dh_push_mag(indio_dev, axes, IIO_EV_DIR_FALLING, ts);
			found |= axes;
		}
	}

	if (ev->tap &&
	    !regmap_read(data->regmap, LIS2DH_REG_CLICK_SRC, &src) &&
	    (src & LIS2DH_CLICK_SRC_IA)) {
		if ((ev->tap & LIS2DH_TAP_SINGLE) &&
		    (src & LIS2DH_CLICK_SRC_SCLICK)) {
			iio_push_event(indio_dev,
				       IIO_MOD_EVENT_CODE(IIO_ACCEL, 0,
							  IIO_MOD_X_OR_Y_OR_Z,
							  IIO_EV_TYPE_GESTURE,
							  IIO_EV_DIR_SINGLETAP),
				       ts);
			found = true;
		}
		if ((ev->tap & LIS2DH_TAP_DOUBLE) &&
		    (src & LIS2DH_CLICK_SRC_DCLICK)) {
			iio_push_event(indio_dev,
				       IIO_MOD_EVENT_CODE(IIO_ACCEL, 0,
							  IIO_MOD_X_OR_Y_OR_Z,
							  IIO_EV_TYPE_GESTURE,
							  IIO_EV_DIR_DOUBLETAP),
				       ts);
			found = true;
		}
	}

	return found;
}

static irqreturn_t lis2dh_events_irq_handler(int irq, void *p)
{
	struct iio_dev *indio_dev = p;
	struct lis2dh_data *data = iio_priv(indio_dev);

	atomic64_set(&data->ev.ts_irq, iio_get_time_ns(indio_dev));

	return IRQ_WAKE_THREAD;
}

static irqreturn_t lis2dh_events_irq_thread(int irq, void *p)
{
	struct iio_dev *indio_dev = p;
	struct lis2dh_data *data = iio_priv(indio_dev);
	bool found = false;

	mutex_lock(&data->lock);
	if (!data->suspended)
		found = lis2dh_events_service(indio_dev,
					      atomic64_read(&data->ev.ts_irq));
	mutex_unlock(&data->lock);

	return found ? IRQ_HANDLED : IRQ_NONE;
}

static void lis2dh_events_wakeup_off(void *arg)
{
	device_init_wakeup(arg, false);
}

/* Unbind: the reference of the events still enabled goes with them */
static void lis2dh_events_release(void *arg)
{
	struct lis2dh_data *data = arg;

	if (data->ev.pm_held) {
		data->ev.pm_held = false;
		pm_runtime_put_noidle(data->dev);
	}
}

/**
 * lis2dh_events_setup() - offer the events, on INT2 if wired, else INT1
 * @indio_dev:	the device, not registered yet
 * @int1:	the core's interrupt (INT1), 0 if none
 * @int2:	the interrupt named INT2 by firmware, 0 if none
 *
 * Without any interrupt no event is offered (the caller drops the event
 * specs). The device may wake the system when it has an event interrupt;
 * it does by default with the firmware property wakeup-source.
 *
 * Return: 0 or a negative errno.
 */
int lis2dh_events_setup(struct iio_dev *indio_dev, int int1, int int2)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	struct lis2dh_events *ev = &data->ev;
	struct device *dev = data->dev;
	unsigned int type;
	int ret;

	/* Wake-up (AN3308 6.3.1): 1.1 g on any axis; free-fall 0.35 g, 30 ms */
	ev->ths_um[LIS2DH_EV_RISING] = 10787315;
	ev->ths_um[LIS2DH_EV_FALLING] = 3432327;
	ev->ths_um[LIS2DH_EV_FREEFALL] = 3432327;
	ev->dur_us[LIS2DH_EV_FREEFALL] = 30000;
	/* Click: 1.5 g, at most 50 ms above it, 100 ms dead, 300 ms window */
	ev->ths_um[LIS2DH_EV_CLICK] = 14709975;
	ev->click_us[LIS2DH_CLICK_LIMIT] = 50000;
	ev->click_us[LIS2DH_CLICK_LATENCY] = 100000;
	ev->click_us[LIS2DH_CLICK_WINDOW] = 300000;

	ev->irq = int2 ?: int1;
	ev->own_irq = int2 > 0;
	if (!ev->irq)
		return 0;

	if (ev->own_irq) {
		/* One polarity bit for both pins: INT1's type sets it if wired */
		if (!int1) {
			type = irq_get_trigger_type(int2);
			ret = regmap_field_write(data->fields[LIS2DH_F_INT_POLARITY],
						 !!(type & (IRQ_TYPE_LEVEL_LOW |
							    IRQ_TYPE_EDGE_FALLING)));
			if (ret)
				return ret;
		}
		ret = devm_request_threaded_irq(dev, int2,
						lis2dh_events_irq_handler,
						lis2dh_events_irq_thread,
						IRQF_ONESHOT, indio_dev->name,
						indio_dev);
		if (ret)
			return dev_err_probe(dev, ret,
					     "cannot request the INT2 interrupt %d\n",
					     int2);
	}

	/*
	 * The driver arms its event interrupt for wake-up itself, and only
	 * while an event is enabled (lis2dh_events_suspend()); the I2C core's
	 * wake IRQ for wakeup-source (the first interrupt, always armed) is
	 * dropped for that.
	 */
	dev_pm_clear_wake_irq(dev);
	device_set_wakeup_capable(dev, true);
	if (device_property_read_bool(dev, "wakeup-source"))
		device_wakeup_enable(dev);

	ret = devm_add_action_or_reset(dev, lis2dh_events_wakeup_off, dev);
	if (ret)
		return ret;

	return devm_add_action_or_reset(dev, lis2dh_events_release, data);
}

/**
 * lis2dh_events_suspend() - arm the event interrupt for wake-up
 * @data:	the device's state
 *
 * Return: true when the chip must keep converting through the suspend (an
 * event is enabled and the device may wake the system).
 */
bool lis2dh_events_suspend(struct lis2dh_data *data)
{
	struct lis2dh_events *ev = &data->ev;
	bool arm;

	mutex_lock(&data->lock);
	arm = ev->irq && lis2dh_events_any(ev) && device_may_wakeup(data->dev);
	if (arm && !enable_irq_wake(ev->irq))
		ev->wake_armed = true;
	mutex_unlock(&data->lock);

	/*
	 * No event service until resume (the core pauses INT1 likewise); an
	 * interrupt armed for wake-up still wakes the system when disabled.
	 */
	if (ev->own_irq)
		disable_irq(ev->irq);

	return arm;
}

/* Undo lis2dh_events_suspend() */
void lis2dh_events_resume(struct lis2dh_data *data)
{
	struct lis2dh_events *ev = &data->ev;

	mutex_lock(&data->lock);
	if (ev->wake_armed) {
		disable_irq_wake(ev->irq);
		ev->wake_armed = false;
	}
	mutex_unlock(&data->lock);

	if (ev->own_irq)
		enable_irq(ev->irq);
}
