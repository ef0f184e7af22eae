// SPDX-License-Identifier: GPL-2.0-only
/*
 * LIS3DH / LIS2DH12 / SC7A20 buffered capture: the 32-level FIFO in stream
 * mode with watermark interrupts on INT1 (or, without an interrupt line, a
 * delayed work at the watermark period) drained in bursts with a timestamp
 * per sample, and a data-ready trigger for triggered capture. Also the
 * recovery that keeps a capture running through bus errors and lost edges.
 */

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/regmap.h>
#include <linux/timekeeping.h>

#include <linux/iio/buffer.h>
#include <linux/iio/iio.h>
#include <linux/iio/sysfs.h>
#include <linux/iio/trigger.h>
#include <linux/iio/trigger_consumer.h>
#include <linux/iio/triggered_buffer.h>

#include "lis2dh.h"
#include "lis2dh_calc.h"
#include "lis2dh_compat.h"

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

static unsigned int lis2dh_hw_watermark(const struct lis2dh_data *data)
{
	return lis2dh_fifo_hw_watermark(data->watermark, lis2dh_odr_hz(data));
}

int lis2dh_set_watermark(struct iio_dev *indio_dev, unsigned int val)
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
		n = min(todo - done, max(data->max_burst, 1U));
		/*
		 * Each read of a burst starts at OUT_X_L, so it must hold whole
		 * samples. When the adapter cannot read a whole sample at once,
		 * one sample is a bulk read, which regmap splits into parts at
		 * advancing sub-addresses: the entry pops when the last part
		 * reads OUT_Z_H.
		 */
		if (data->max_burst)
			ret = regmap_noinc_read(data->regmap,
						LIS2DH_REG_OUT_X_L, data->burst,
						n * LIS2DH_SAMPLE_BYTES);
		else
			ret = regmap_bulk_read(data->regmap,
					       LIS2DH_REG_OUT_X_L, data->burst,
					       LIS2DH_SAMPLE_BYTES);
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

int lis2dh_flush_to_buffer(struct iio_dev *indio_dev, unsigned int count)
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

/*
 * FIFO_CTRL back to its reset value: bypass mode, no threshold. Written even
 * when the cache holds that already: a write that failed on the bus still
 * updated the cache. Locked.
 */
static int lis2dh_fifo_bypass(struct lis2dh_data *data)
{
	return regmap_write_bits(data->regmap, LIS2DH_REG_FIFO_CTRL,
				 LIS2DH_FIFO_CTRL_FM_MASK |
				 LIS2DH_FIFO_CTRL_FTH_MASK, 0);
}

/* Reset the FIFO and start stream mode; the caller locks. */
static int lis2dh_fifo_start(struct lis2dh_data *data)
{
	int ret;

	/* Bypass mode empties the FIFO (datasheet 8.18) */
	ret = lis2dh_fifo_bypass(data);
	if (ret)
		return ret;

	ret = regmap_field_write(data->fields[LIS2DH_F_FIFO_EN], 1);
	if (ret)
		return ret;

	/* Stream mode and its threshold in one write */
	ret = regmap_update_bits(data->regmap, LIS2DH_REG_FIFO_CTRL,
				 LIS2DH_FIFO_CTRL_FM_MASK |
				 LIS2DH_FIFO_CTRL_FTH_MASK,
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

	return regmap_update_bits(data->regmap, LIS2DH_REG_CTRL3,
				  LIS2DH_CTRL3_I1_CAPTURE,
				  LIS2DH_CTRL3_I1_WTM | LIS2DH_CTRL3_I1_OVERRUN);
}

/*
 * Undo lis2dh_fifo_start() after it failed: INT1 routing off, bypass mode,
 * FIFO off, so that direct reads see the output registers again and not
 * stale FIFO entries. Best effort: the bus has just failed. Locked.
 */
static void lis2dh_fifo_undo_start(struct lis2dh_data *data)
{
	regmap_clear_bits(data->regmap, LIS2DH_REG_CTRL3,
			  LIS2DH_CTRL3_I1_CAPTURE);
	lis2dh_fifo_bypass(data);
	regmap_field_force_write(data->fields[LIS2DH_F_FIFO_EN], 0);
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
	ret = regmap_clear_bits(data->regmap, LIS2DH_REG_CTRL3,
				LIS2DH_CTRL3_I1_CAPTURE);
	mutex_unlock(&data->lock);

	lis2dh_quiesce(data);

	mutex_lock(&data->lock);
	/* Deliver what the FIFO still holds */
	ret2 = lis2dh_fifo_drain(indio_dev, 0, &t_start, &above);
	if (ret2 < 0 && !ret)
		ret = ret2;

	ret2 = lis2dh_fifo_bypass(data);
	if (ret2 && !ret)
		ret = ret2;

	ret2 = regmap_field_write(data->fields[LIS2DH_F_FIFO_EN], 0);
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
	/* Events share INT1 when INT2 is not wired: after the FIFO */
	if (!data->suspended && lis2dh_events_on_int1(data) &&
	    lis2dh_events_service(indio_dev, ts_irq))
		handled = IRQ_HANDLED;

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
			ret = regmap_update_bits(data->regmap,
						 LIS2DH_REG_CTRL3,
						 LIS2DH_CTRL3_I1_CAPTURE,
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

	ret = regmap_clear_bits(data->regmap, LIS2DH_REG_CTRL3,
				LIS2DH_CTRL3_I1_CAPTURE);
	mutex_unlock(&data->lock);

	lis2dh_quiesce(data);

	return ret;
}

static const struct iio_trigger_ops lis2dh_trigger_ops = {
	.set_trigger_state = lis2dh_trigger_set_state,
	.validate_device = iio_trigger_validate_own_device,
};

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
	ret = regmap_field_write(data->fields[LIS2DH_F_INT_POLARITY],
				 !!(type & (IRQ_TYPE_LEVEL_LOW |
					    IRQ_TYPE_EDGE_FALLING)));
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
 * The buffer with its FIFO attributes, the works, and with an interrupt
 * line the data-ready trigger and the interrupt handler.
 */
int lis2dh_buffer_setup(struct iio_dev *indio_dev)
{
	struct lis2dh_data *data = iio_priv(indio_dev);
	struct device *dev = data->dev;
	int ret;

	INIT_DELAYED_WORK(&data->work, lis2dh_work);
	INIT_DELAYED_WORK(&data->log_work, lis2dh_log_work);
	data->log_next = jiffies;

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

	if (!data->irq)
		return 0;

	return lis2dh_setup_irq(indio_dev);
}

/*
 * System suspend: no interrupt, no work, no FIFO service until
 * lis2dh_capture_resume() or lis2dh_capture_unpause().
 */
void lis2dh_capture_pause(struct lis2dh_data *data)
{
	if (data->irq)
		disable_irq(data->irq);

	mutex_lock(&data->lock);
	data->suspended = true;
	mutex_unlock(&data->lock);

	cancel_delayed_work_sync(&data->work);
}

/* The suspend failed: carry on as before lis2dh_capture_pause() */
void lis2dh_capture_unpause(struct lis2dh_data *data)
{
	mutex_lock(&data->lock);
	data->suspended = false;
	if (data->fifo_running || data->trig_enabled)
		lis2dh_kick_work(data);
	mutex_unlock(&data->lock);

	if (data->irq)
		enable_irq(data->irq);
}

/*
 * Powered down, the chip adds nothing to the FIFO: deliver what it holds
 * now, as resume starts the FIFO afresh.
 */
void lis2dh_capture_flush(struct lis2dh_data *data)
{
	struct iio_dev *indio_dev = dev_get_drvdata(data->dev);
	s64 t_start;
	bool above;

	mutex_lock(&data->lock);
	if (data->fifo_running)
		lis2dh_fifo_drain(indio_dev, 0, &t_start, &above);
	mutex_unlock(&data->lock);
}

/*
 * After system resume: restart a running capture, the FIFO only when the
 * chip came back (@powered).
 */
int lis2dh_capture_resume(struct lis2dh_data *data, bool powered)
{
	int ret = 0;

	mutex_lock(&data->lock);
	data->suspended = false;
	/* A recovery from a bus error was cancelled by the suspend */
	if (data->irq_masked) {
		data->irq_masked = false;
		enable_irq(data->irq);
	}
	if (powered && data->fifo_running)
		ret = lis2dh_fifo_start(data);
	if (powered && !ret && data->trig_enabled)
		ret = regmap_bulk_read(data->regmap, LIS2DH_REG_OUT_X_L,
				       data->burst, LIS2DH_SAMPLE_BYTES);
	if (data->fifo_running || data->trig_enabled)
		lis2dh_kick_work(data);
	mutex_unlock(&data->lock);

	if (data->irq)
		enable_irq(data->irq);

	return ret;
}
