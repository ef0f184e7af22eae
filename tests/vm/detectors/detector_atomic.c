// SPDX-License-Identifier: GPL-2.0
/*
 * Detector self-check: a sleeping allocation under a spinlock, so
 * DEBUG_ATOMIC_SLEEP must report "sleeping function called from invalid
 * context" (the allocation succeeds without sleeping, so nothing hangs).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(detector_lock);

static int __init detector_atomic_init(void)
{
	void *p;

	spin_lock(&detector_lock);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&detector_lock);
	kfree(p);
	return 0;
}
module_init(detector_atomic_init);

static void __exit detector_atomic_exit(void)
{
}
module_exit(detector_atomic_exit);

MODULE_DESCRIPTION("DEBUG_ATOMIC_SLEEP self-check: GFP_KERNEL under a spinlock");
MODULE_LICENSE("GPL");
