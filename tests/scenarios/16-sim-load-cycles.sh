#!/bin/sh
# 50 load/unload cycles of simulator and driver (st_accel_i2c), in both
# orders: driver removed first, and simulator removed with the driver bound.
. ./lib.sh
t_plan 3

CYCLES=${CYCLES:-$(by_lane 50 10)}

adapters() {
	n=0
	for a in /sys/bus/i2c/devices/i2c-*/name; do
		[ -f "$a" ] && [ "$(cat "$a")" = lis2dh_sim ] && n=$((n + 1))
	done
	echo $n
}

cycle() {
	_order=$1
	modprobe st_accel_i2c || return 1
	sim_load || return 1
	TIMEOUT=5 wait_for iio_dev lis3dh || return 1
	# Power the chip up through the driver so it is really in use. At 400 Hz
	# st_accel waits 5 ms for the first sample instead of 2 s at 1 Hz.
	_dev=$(iio_dev lis3dh)
	echo 400 >"$_dev/sampling_frequency" || return 1
	cat "$_dev/in_accel_x_raw" >/dev/null || return 1
	if [ "$_order" = driver-first ]; then
		rmmod st_accel_i2c || return 1
		sim_unload || return 1
	else
		sim_unload || return 1
		iio_dev lis3dh >/dev/null && return 1
		rmmod st_accel_i2c || return 1
	fi
	[ "$(adapters)" = 0 ]
}

for order in driver-first sim-first; do
	i=0
	while [ $i -lt "$CYCLES" ]; do
		cycle $order || break
		i=$((i + 1))
	done
	t_eq "$CYCLES load/unload cycles, $order" "$CYCLES" "$i"
done
t_check "no simulator module left" sh -c '! grep -q "^lis2dh_sim " /proc/modules'
rmmod st_accel st_sensors_i2c st_sensors 2>/dev/null
t_done
