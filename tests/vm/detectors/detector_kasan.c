// SPDX-License-Identifier: GPL-2.0
/* Detector self-check: read one byte past an allocation so KASAN must report. */
#include <linux/module.h>
#include <linux/slab.h>

static int __init detector_kasan_init(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/* One byte past the end: KASAN's redzone. */
	READ_ONCE(p[64]);
	kfree(p);
	return 0;
}
module_init(detector_kasan_init);

static void __exit detector_kasan_exit(void)
{
}
module_exit(detector_kasan_exit);

MODULE_DESCRIPTION("KASAN self-check: slab out-of-bounds read");
MODULE_LICENSE("GPL");
