// SPDX-License-Identifier: GPL-2.0
/*
 * Detector self-check: leak allocations so kmemleak must report them. A
 * stale copy of the last pointer can survive in a cached kernel stack, which
 * kmemleak scans, so several are leaked: all but the last are unreferenced.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *detector_leaked;

static int __init detector_leak_init(void)
{
	int i;

	for (i = 0; i < 8; i++) {
		/* Each pass drops the only reference to the previous object. */
		WRITE_ONCE(detector_leaked, kmalloc(128, GFP_KERNEL));
		if (!detector_leaked)
			return -ENOMEM;
	}
	WRITE_ONCE(detector_leaked, NULL);
	return 0;
}
module_init(detector_leak_init);

static void __exit detector_leak_exit(void)
{
}
module_exit(detector_leak_exit);

MODULE_DESCRIPTION("kmemleak self-check: leaks 8 x 128 bytes");
MODULE_LICENSE("GPL");
