// SPDX-License-Identifier: GPL-2.0
/* Detector self-check: leak one allocation so kmemleak must report it. */
#include <linux/module.h>
#include <linux/slab.h>

static void *detector_leaked;

static int __init detector_leak_init(void)
{
	detector_leaked = kmalloc(128, GFP_KERNEL);
	if (!detector_leaked)
		return -ENOMEM;
	/* Drop the only reference: the object is now unreferenced. */
	detector_leaked = NULL;
	return 0;
}
module_init(detector_leak_init);

static void __exit detector_leak_exit(void)
{
}
module_exit(detector_leak_exit);

MODULE_DESCRIPTION("kmemleak self-check: leaks 128 bytes");
MODULE_LICENSE("GPL");
