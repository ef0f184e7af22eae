#!/bin/sh
# lis2dh: probe, identity and matching, the standard ABI as iio_info sees
# it, debugfs register access, runtime PM at rest, and probe failures
# (WHO_AM_I mismatch, dead bus) that leave nothing behind.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 68

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
t_ok "lis2dh_i2c binds to the simulated lis3dh"
t_check "the client is bound to lis2dh_i2c, not st_accel" drv_check_bound
t_eq "IIO name is the chip name" lis3dh "$(cat "$DEV/name")"

for a in in_accel_x_raw in_accel_y_raw in_accel_z_raw in_accel_scale \
	in_accel_scale_available sampling_frequency \
	sampling_frequency_available in_accel_power_mode \
	in_accel_power_mode_available in_accel_mount_matrix \
	buffer/enable buffer/length buffer/watermark buffer/data_available \
	buffer/hwfifo_enabled buffer/hwfifo_watermark \
	buffer/hwfifo_watermark_min buffer/hwfifo_watermark_max \
	buffer/fifo_overruns buffer/bus_errors \
	scan_elements/in_accel_x_en scan_elements/in_timestamp_en \
	trigger/current_trigger; do
	t_check "attribute $a exists" test -e "$DEV/$a"
done
for c in x y z timestamp; do
	case $c in
	x) want=0 ;; y) want=1 ;; z) want=2 ;; timestamp) want=3 ;;
	esac
	t_eq "scan index of $c" $want "$(cat "$DEV/scan_elements/in_${c}_index" 2>/dev/null ||
		cat "$DEV/scan_elements/in_accel_${c}_index")"
done
t_eq "scan type in normal mode" "le:s10/16>>6" "$(cat "$DEV/scan_elements/in_accel_x_type")"
t_eq "default power mode" normal "$(cat "$DEV/in_accel_power_mode")"
t_eq "power modes" "low_power normal high_resolution" "$(cat "$DEV/in_accel_power_mode_available")"
t_eq "hwfifo_watermark_min" 1 "$(cat "$DEV/buffer/hwfifo_watermark_min")"
t_eq "hwfifo_watermark_max: the highest level programmed at 100 Hz" 24 "$(cat "$DEV/buffer/hwfifo_watermark_max")"
t_eq "hwfifo_enabled at rest" 0 "$(cat "$DEV/buffer/hwfifo_enabled")"
t_eq "mount matrix without firmware data is the identity" \
	"1, 0, 0; 0, 1, 0; 0, 0, 1" "$(cat "$DEV/in_accel_mount_matrix")"

trig=""
for t in /sys/bus/iio/devices/trigger*; do
	[ "$(cat "$t/name")" = "lis3dh-dev${DEV##*iio:device}" ] && trig=$t
done
t_check "data-ready trigger lis3dh-dev${DEV##*iio:device} exists" test -n "$trig"

info=$(iio_info 2>&1)
t_check "iio_info shows the device" sh -c "echo \"\$1\" | grep -q 'lis3dh'" _ "$info"
t_check "iio_info: buffer capable" sh -c "echo \"\$1\" | grep -q 'lis3dh (buffer capable)'" _ "$info"
for a in "power_mode value: normal" "format: le:s10/16>>6" \
	"sampling_frequency_available value: 1 10 25 50 100 200 400 1344" \
	"hwfifo_watermark_max value: 24" "lis3dh-dev"; do
	t_check "iio_info shows $a" sh -c "echo \"\$1\" | grep -qF \"$a\"" _ "$info"
done
t_check "iio_attr reads the power mode" sh -c \
	"iio_attr -c lis3dh accel_x power_mode 2>&1 | grep -q normal"

# debugfs register access through the IIO core
dbg=/sys/kernel/debug/iio/${DEV##*/}/direct_reg_access
echo 0x0f >"$dbg"
t_eq "direct_reg_access reads WHO_AM_I" 0x33 "$(cat "$dbg")"
echo 0x26 0x5a >"$dbg"
t_eq "direct_reg_access writes REFERENCE" 0x5a "$(sim_reg 0x26)"
echo 0x26 0x00 >"$dbg"
# CTRL_REG0 is never written (on the SC7A20 it may hold non-volatile
# settings), by the driver, a cache sync or debugfs.
ctrl0=$(sim_reg 0x1e)
if echo 0x1e 0x90 >"$dbg" 2>/dev/null; then
	t_fail "direct_reg_access refuses to write CTRL_REG0"
else
	t_ok "direct_reg_access refuses to write CTRL_REG0"
fi
t_eq "CTRL_REG0 unchanged" "$ctrl0" "$(sim_reg 0x1e)"

# Runtime PM: the chip is powered down (ODR 0) after the autosuspend delay.
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "runtime suspended when idle" suspended "$(cat "$CLIENT/power/runtime_status")"
t_eq "chip in power-down when idle (CTRL_REG1 ODR 0)" 0x07 "$(sim_reg 0x20)"
cat "$DEV/in_accel_x_raw" >/dev/null
t_eq "a read powers the chip up" active "$(cat "$CLIENT/power/runtime_status")"
t_eq "CTRL_REG1 at 100 Hz normal mode" 0x57 "$(sim_reg 0x20)"
t_eq "BDU set (CTRL_REG4)" 0x80 "$(sim_reg 0x23)"
lis2dh_teardown

# Other chips and other ways to create the client
if lis2dh_setup lis2dh12 chip=lis2dh12; then
	t_ok "binds to the simulated lis2dh12 as lis2dh12"
	t_check "lis2dh12 bound to lis2dh_i2c" drv_check_bound
else
	t_fail "binds to the simulated lis2dh12 as lis2dh12"
fi
lis2dh_teardown

modprobe lis2dh_i2c
sim_load chip=sc7a20 instantiate=0
echo "sc7a20 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
TIMEOUT=5 wait_for iio_dev sc7a20
t_check "binds to an SC7A20 (WHO_AM_I 0x11) created through new_device" iio_dev sc7a20
echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"
t_check "device gone after delete_device" no_iio_dev sc7a20

# refused MSG: no lis3dh IIO device, and MSG in the kernel log
refused() {
	no_iio_dev lis3dh && dmesg | grep -q "$1"
}

# WHO_AM_I decides the chip: an SC7A20 described as lis3dh is driven as
# sc7a20, with a warning naming both values (until issue 12 it was refused)
dmesg -c >/dev/null
echo "lis3dh 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
TIMEOUT=5 wait_for iio_dev sc7a20
t_check "an SC7A20 described as lis3dh binds as sc7a20" iio_dev sc7a20
t_check "the warning names read and described WHO_AM_I" sh -c \
	"dmesg | grep -q 'WHO_AM_I is 0x11, not 0x33 as for lis3dh: driving it as sc7a20'"
t_check "no lis3dh device" no_iio_dev lis3dh
echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"
lis2dh_teardown

modprobe lis2dh_i2c
sim_load chip=lis3dh instantiate=0
echo whoami:0x44 >"$SIM_DBG/fault"
dmesg -c >/dev/null
echo "lis3dh 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
sleep 0.5
t_check "a part answering WHO_AM_I 0x44 is refused" \
	refused 'WHO_AM_I is 0x44, expected 0x33'
echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"

# A dead bus at probe fails probe cleanly; the same client binds later.
for f in nack stall; do
	echo "$f" >"$SIM_DBG/fault"
	dmesg -c >/dev/null
	echo "lis3dh 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
	sleep 0.5
	t_check "probe fails on a dead bus ($f)" refused 'cannot read WHO_AM_I'
	echo none >"$SIM_DBG/fault"
	echo "$(readlink -f "/sys/bus/i2c/devices/$SIM_BUS-0018")" >/dev/null
	echo "$SIM_BUS-0018" >/sys/bus/i2c/drivers/lis2dh_i2c/bind 2>/dev/null
	TIMEOUT=3 wait_for iio_dev lis3dh
	t_check "after $f, binding the same client again works" iio_dev lis3dh
	echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"
done
lis2dh_teardown
t_check "modules unloaded" sh -c '! grep -q "^lis2dh" /proc/modules'
t_done
