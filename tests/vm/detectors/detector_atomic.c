// SPDX-License-Identifier: GPL-2.0
/* Detector self-check: sleep under a spinlock so DEBUG_ATOMIC_SLEEP must warn. */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(detector_lock);

static int __init detector_atomic_init(void)
{
	spin_lock(&detector_lock);
	msleep(1);
	spin_unlock(&detector_lock);
	return 0;
}
module_init(detector_atomic_init);

static void __exit detector_atomic_exit(void)
{
}
module_exit(detector_atomic_exit);

MODULE_DESCRIPTION("DEBUG_ATOMIC_SLEEP self-check: msleep under a spinlock");
MODULE_LICENSE("GPL");
