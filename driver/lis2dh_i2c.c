// SPDX-License-Identifier: GPL-2.0-only
/*
 * I2C glue for the LIS3DH / LIS2DH12 / SC7A20 accelerometer driver.
 *
 * Kconfig (in-tree form):
 *	config LIS2DH_I2C
 *		tristate "ST LIS3DH/LIS2DH12, Silan SC7A20 accelerometers (I2C)"
 *		depends on I2C
 *		select LIS2DH
 *		select REGMAP_I2C
 *	config LIS2DH
 *		tristate
 *		select IIO_BUFFER
 *		select IIO_KFIFO_BUF
 *		select IIO_TRIGGERED_BUFFER
 */

#include <linux/bits.h>
#include <linux/i2c.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/pm.h>
#include <linux/regmap.h>

#include "lis2dh.h"
#include "lis2dh_compat.h"

/*
 * Bit 7 of the register sub-address asks for auto-increment (datasheet
 * 6.1.1): multi-byte reads of the axes and the FIFO, and the multi-register
 * writes of a cache sync, need it; single accesses ignore it.
 */
#define LIS2DH_I2C_AUTO_INCREMENT	BIT(7)

static int lis2dh_i2c_probe(struct i2c_client *client)
{
	struct regmap_config config = lis2dh_regmap_config;
	const struct lis2dh_chip_info *info;
	struct regmap *regmap;

	info = i2c_get_match_data(client);
	if (!info)
		return dev_err_probe(&client->dev, -ENODEV, "unknown chip\n");

	config.read_flag_mask = LIS2DH_I2C_AUTO_INCREMENT;
	config.write_flag_mask = LIS2DH_I2C_AUTO_INCREMENT;

	regmap = devm_regmap_init_i2c(client, &config);
	if (IS_ERR(regmap))
		return dev_err_probe(&client->dev, PTR_ERR(regmap),
				     "cannot initialize regmap\n");

	return lis2dh_probe(&client->dev, regmap, client->irq, info);
}

static const struct of_device_id lis2dh_i2c_of_match[] = {
	{ .compatible = "st,lis3dh-accel", .data = &lis2dh_lis3dh_info },
	{ .compatible = "st,lis2dh12-accel", .data = &lis2dh_lis2dh12_info },
	{ .compatible = "silan,sc7a20", .data = &lis2dh_sc7a20_info },
	{ }
};
MODULE_DEVICE_TABLE(of, lis2dh_i2c_of_match);

static const struct i2c_device_id lis2dh_i2c_id[] = {
	{ "lis3dh", (kernel_ulong_t)&lis2dh_lis3dh_info },
	{ "lis2dh12", (kernel_ulong_t)&lis2dh_lis2dh12_info },
	{ "sc7a20", (kernel_ulong_t)&lis2dh_sc7a20_info },
	{ }
};
MODULE_DEVICE_TABLE(i2c, lis2dh_i2c_id);

/* ACPI PRP0001 devices match through the OF table */
static struct i2c_driver lis2dh_i2c_driver = {
	.driver = {
		.name = "lis2dh_i2c",
		.of_match_table = lis2dh_i2c_of_match,
		.pm = pm_ptr(&lis2dh_pm_ops),
	},
	LIS2DH_I2C_PROBE(lis2dh_i2c_probe),
	.id_table = lis2dh_i2c_id,
};
module_i2c_driver(lis2dh_i2c_driver);

MODULE_DESCRIPTION("LIS3DH/LIS2DH12/SC7A20 accelerometer I2C driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(IIO_LIS2DH);
