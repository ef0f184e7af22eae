// SPDX-License-Identifier: GPL-2.0
/*
 * Detector self-check: free memory that holds a pending timer, so
 * DEBUG_OBJECTS_FREE with DEBUG_OBJECTS_TIMERS must report "ODEBUG: free
 * active" (a WARN, which panic_on_warn turns into a panic before the timer
 * could fire on freed memory).
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timer.h>

struct detector_odebug {
	struct timer_list timer;
};

static void detector_odebug_fn(struct timer_list *t)
{
}

static int __init detector_odebug_init(void)
{
	struct detector_odebug *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	timer_setup(&d->timer, detector_odebug_fn, 0);
	mod_timer(&d->timer, jiffies + 100 * HZ);
	kfree(d);
	return 0;
}
module_init(detector_odebug_init);

static void __exit detector_odebug_exit(void)
{
}
module_exit(detector_odebug_exit);

MODULE_DESCRIPTION("DEBUG_OBJECTS self-check: kfree() of a pending timer");
MODULE_LICENSE("GPL");
