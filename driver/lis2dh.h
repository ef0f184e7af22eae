/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STMicroelectronics LIS3DH / LIS2DH12 and Silan SC7A20 accelerometers:
 * register map and the interface between the core and the bus glue.
 *
 * Datasheets: LIS3DH DocID17530, LIS2DH12 DocID025056, application note
 * AN3308 (LIS3DH FIFO).
 */
#ifndef _LIS2DH_H_
#define _LIS2DH_H_

#include <linux/bits.h>
#include <linux/types.h>

struct device;
struct regmap;
struct regmap_config;

#define LIS2DH_REG_STATUS_AUX		0x07
#define LIS2DH_REG_OUT_ADC1_L		0x08
#define LIS2DH_REG_OUT_ADC3_H		0x0d
#define LIS2DH_REG_WHO_AM_I		0x0f
#define LIS2DH_REG_CTRL0		0x1e
#define LIS2DH_REG_TEMP_CFG		0x1f

#define LIS2DH_REG_CTRL1		0x20
#define LIS2DH_CTRL1_ODR_MASK		GENMASK(7, 4)
#define LIS2DH_CTRL1_LPEN		BIT(3)
#define LIS2DH_CTRL1_XYZ_EN		GENMASK(2, 0)

#define LIS2DH_REG_CTRL2		0x21

#define LIS2DH_REG_CTRL3		0x22
#define LIS2DH_CTRL3_I1_ZYXDA		BIT(4)
#define LIS2DH_CTRL3_I1_WTM		BIT(2)
#define LIS2DH_CTRL3_I1_OVERRUN		BIT(1)

#define LIS2DH_REG_CTRL4		0x23
#define LIS2DH_CTRL4_BDU		BIT(7)
#define LIS2DH_CTRL4_FS_MASK		GENMASK(5, 4)
#define LIS2DH_CTRL4_HR			BIT(3)

#define LIS2DH_REG_CTRL5		0x24
#define LIS2DH_CTRL5_BOOT		BIT(7)
#define LIS2DH_CTRL5_FIFO_EN		BIT(6)

#define LIS2DH_REG_CTRL6		0x25
#define LIS2DH_CTRL6_INT_POLARITY	BIT(1)

#define LIS2DH_REG_REFERENCE		0x26

#define LIS2DH_REG_STATUS		0x27
#define LIS2DH_STATUS_ZYXDA		BIT(3)

#define LIS2DH_REG_OUT_X_L		0x28
#define LIS2DH_REG_OUT_Z_H		0x2d

#define LIS2DH_REG_FIFO_CTRL		0x2e
#define LIS2DH_FIFO_CTRL_FM_MASK	GENMASK(7, 6)
#define LIS2DH_FIFO_CTRL_FTH_MASK	GENMASK(4, 0)
#define LIS2DH_FIFO_MODE_BYPASS		0
#define LIS2DH_FIFO_MODE_STREAM		2

#define LIS2DH_REG_FIFO_SRC		0x2f
#define LIS2DH_FIFO_SRC_WTM		BIT(7)
#define LIS2DH_FIFO_SRC_OVRN		BIT(6)
#define LIS2DH_FIFO_SRC_EMPTY		BIT(5)
#define LIS2DH_FIFO_SRC_FSS_MASK	GENMASK(4, 0)

#define LIS2DH_REG_INT1_CFG		0x30
#define LIS2DH_REG_INT1_SRC		0x31
#define LIS2DH_REG_INT1_THS		0x32
#define LIS2DH_REG_INT1_DURATION	0x33
#define LIS2DH_REG_INT2_CFG		0x34
#define LIS2DH_REG_INT2_SRC		0x35
#define LIS2DH_REG_INT2_DURATION	0x37
#define LIS2DH_REG_CLICK_CFG		0x38
#define LIS2DH_REG_CLICK_SRC		0x39
#define LIS2DH_REG_CLICK_THS		0x3a
#define LIS2DH_REG_ACT_DUR		0x3f
#define LIS2DH_REG_MAX			LIS2DH_REG_ACT_DUR

/* The FIFO holds 32 samples of three axes, 16 bits each. */
#define LIS2DH_FIFO_DEPTH		32
#define LIS2DH_SAMPLE_BYTES		6

/**
 * struct lis2dh_chip_info - what differs between the supported parts
 * @name:	chip name, also the IIO device name
 * @whoami:	expected WHO_AM_I value
 */
struct lis2dh_chip_info {
	const char *name;
	u8 whoami;
};

extern const struct lis2dh_chip_info lis2dh_lis3dh_info;
extern const struct lis2dh_chip_info lis2dh_lis2dh12_info;
extern const struct lis2dh_chip_info lis2dh_sc7a20_info;

extern const struct regmap_config lis2dh_regmap_config;
extern const struct dev_pm_ops lis2dh_pm_ops;

int lis2dh_probe(struct device *dev, struct regmap *regmap, int irq,
		 const struct lis2dh_chip_info *info);

#endif /* _LIS2DH_H_ */
