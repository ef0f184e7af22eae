/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few kernel API differences between the kernels this driver builds
 * for (6.1 LTS first, 6.12 LTS next), kept in one place.
 */
#ifndef _LIS2DH_COMPAT_H_
#define _LIS2DH_COMPAT_H_

#include <linux/version.h>
#include <linux/i2c.h>
#include <linux/iio/iio.h>
#include <linux/iio/sysfs.h>
#include <linux/iio/trigger.h>

/* 6.12 moved the unaligned access helpers from <asm/> to <linux/> */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.4 renamed iio_trigger_poll_chained() to iio_trigger_poll_nested() */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define lis2dh_trigger_poll_nested(trig)	iio_trigger_poll_nested(trig)
#else
#define lis2dh_trigger_poll_nested(trig)	iio_trigger_poll_chained(trig)
#endif

/*
 * 6.2 made the extra buffer attributes an array of struct iio_dev_attr (the
 * core wraps each per buffer); 6.1 takes plain struct attribute pointers.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define LIS2DH_BUFFER_ATTR_TYPE	struct iio_dev_attr
#define LIS2DH_BUFFER_ATTR(name)	(&iio_dev_attr_##name)
#else
#define LIS2DH_BUFFER_ATTR_TYPE	struct attribute
#define LIS2DH_BUFFER_ATTR(name)	(&iio_dev_attr_##name.dev_attr.attr)
#endif

/*
 * 6.3 gave i2c_driver.probe the one-argument form of .probe_new, and 6.6
 * removed .probe_new.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define LIS2DH_I2C_PROBE(fn)	.probe = (fn)
#else
#define LIS2DH_I2C_PROBE(fn)	.probe_new = (fn)
#endif

/*
 * 6.2 added iio_validate_own_trigger(): a device accepts only the triggers
 * of its own parent device.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define lis2dh_validate_own_trigger	iio_validate_own_trigger
#else
static inline int lis2dh_validate_own_trigger(struct iio_dev *indio_dev,
					      struct iio_trigger *trig)
{
	return indio_dev->dev.parent == trig->dev.parent ? 0 : -EINVAL;
}
#endif

#endif /* _LIS2DH_COMPAT_H_ */
