#!/bin/sh
# The guest has what the other scenarios rely on.
. ./lib.sh
t_plan 16

t_eq "kernel is the Debian one the modules were built for" \
	"$(ls /lib/modules)" "$(uname -r)"
t_check "debugfs mounted" grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
for m in i2c-dev industrialio kfifo_buf industrialio-triggered-buffer st_accel_i2c; do
	t_check "modprobe $m" modprobe "$m"
done
t_check "i2c-dev gives /dev/i2c-*" wait_for test -d /sys/class/i2c-dev
for b in iio_info iio_attr iio_readdev i2ctransfer mosquitto mosquitto_pub mosquitto_sub; do
	t_check "$b runs" sh -c "command -v $b >/dev/null && $b --help >/dev/null 2>&1 || $b -h >/dev/null 2>&1 || [ \$? -le 3 ]"
done
t_check "iio_info lists the local context" iio_info -s
rmmod st_accel_i2c st_accel st_sensors_i2c st_sensors industrialio-triggered-buffer kfifo_buf industrialio 2>/dev/null
t_done
