#!/bin/sh
# lis2dh: the defects found by the review of issue 12, one section each
# (the defect's number in parentheses), on the simulated lis3dh. Each check
# failed before its fix.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 2

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
enable_scan
echo 8192 >"$DEV/buffer/length"

# (11) The most the driver programs: 8 samples of room at most rates, 2 ms
# at 5376 Hz (Documentation/ABI/testing/sysfs-bus-iio-lis2dh).
echo 100 >"$DEV/sampling_frequency"
t_eq "hwfifo_watermark_max at 100 Hz is the highest level programmed" 24 \
	"$(cat "$DEV/buffer/hwfifo_watermark_max")"
echo low_power >"$DEV/in_accel_power_mode"
echo 5376 >"$DEV/sampling_frequency"
echo 32 >"$DEV/buffer/watermark"
max=$(cat "$DEV/buffer/hwfifo_watermark_max")
echo 1 >"$DEV/buffer/enable"
hw=$(cat "$DEV/buffer/hwfifo_watermark")
echo 0 >"$DEV/buffer/enable"
t_eq "hwfifo_watermark_max at 5376 Hz is the level a watermark of 32 programs ($hw)" \
	"$hw" "$max"
echo normal >"$DEV/in_accel_power_mode"
echo 100 >"$DEV/sampling_frequency"
dd if="$CDEV" of=/dev/null bs=16 count="$(cat "$DEV/buffer/data_available")" 2>/dev/null

lis2dh_teardown
t_done
