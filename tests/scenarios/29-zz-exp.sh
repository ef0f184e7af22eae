#!/bin/sh
. ./lib.sh
. ./lis2dh-lib.sh
lis2dh_setup lis3dh chip=lis3dh
echo 1344 > $DEV/sampling_frequency
cat $DEV/in_accel_x_raw
for i in 1 2 3; do
a=$(cat /proc/uptime); c0=$(cnt samples); sleep 1; c1=$(cnt samples); b=$(cat /proc/uptime)
echo "up $a -> $b samples $((c1-c0)) $(sim_reg 0x20) $(cat $CLIENT/power/runtime_status)"
done
a=$(cat /proc/uptime); c0=$(cnt samples); for i in 1 2 3 4 5; do cat $DEV/in_accel_x_raw >/dev/null; sleep 0.2; done; c1=$(cnt samples); b=$(cat /proc/uptime)
echo "reading: up $a -> $b samples $((c1-c0))"
echo 'BEGIN { print 2 ^ 3 }' | awk -f - ; awk 'BEGIN { print 7 % 3, -7 % 3, int(-7/2) }'
lis2dh_teardown
t_ok exp
t_done
