/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few kernel API differences between the kernels this driver builds
 * for (6.1 LTS first, 6.12 LTS next), kept in one place.
 */
#ifndef _LIS2DH_COMPAT_H_
#define _LIS2DH_COMPAT_H_

#include <linux/version.h>
#include <linux/iio/trigger.h>

/* 6.4 renamed iio_trigger_poll_chained() to iio_trigger_poll_nested() */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define lis2dh_trigger_poll_nested(trig)	iio_trigger_poll_nested(trig)
#else
#define lis2dh_trigger_poll_nested(trig)	iio_trigger_poll_chained(trig)
#endif

#endif /* _LIS2DH_COMPAT_H_ */
