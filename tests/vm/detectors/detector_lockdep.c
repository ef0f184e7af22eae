// SPDX-License-Identifier: GPL-2.0
/* Detector self-check: take two locks in both orders so lockdep must warn. */
#include <linux/module.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(detector_a);
static DEFINE_MUTEX(detector_b);

static int __init detector_lockdep_init(void)
{
	mutex_lock(&detector_a);
	mutex_lock(&detector_b);
	mutex_unlock(&detector_b);
	mutex_unlock(&detector_a);

	mutex_lock(&detector_b);
	mutex_lock(&detector_a);
	mutex_unlock(&detector_a);
	mutex_unlock(&detector_b);
	return 0;
}
module_init(detector_lockdep_init);

static void __exit detector_lockdep_exit(void)
{
}
module_exit(detector_lockdep_exit);

MODULE_DESCRIPTION("lockdep self-check: AB-BA lock order");
MODULE_LICENSE("GPL");
