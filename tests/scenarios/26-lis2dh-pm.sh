#!/bin/sh
# lis2dh: power management. Runtime PM keeps the chip in power-down when
# nobody reads and no buffer runs; a system suspend/resume cycle (the
# kernel's pm_test "devices" level: device callbacks run, the platform does
# not sleep) powers it down and restores the configuration and a running
# capture, with no scan lost or reordered.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 19

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
status() {
	cat "$CLIENT/power/runtime_status"
}

# Runtime PM
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "idle: runtime suspended" suspended "$(status)"
t_eq "idle: chip in power-down" 0x07 "$(sim_reg 0x20)"
s0=$(cnt samples)
sleep 0.5
t_eq "idle: no samples converted" "$s0" "$(cnt samples)"
t_eq "autosuspend delay" 2000 "$(cat "$CLIENT/power/autosuspend_delay_ms")"
enable_scan
echo 8 >"$DEV/buffer/watermark"
echo 1 >"$DEV/buffer/enable"
t_eq "capturing: runtime active" active "$(status)"
t_eq "capturing: chip converting at 100 Hz" 0x57 "$(sim_reg 0x20)"
sleep 3
t_eq "capturing: still active after the autosuspend delay" active "$(status)"
echo 0 >"$DEV/buffer/enable"
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "after capture: runtime suspended again" suspended "$(status)"
t_eq "after capture: chip in power-down" 0x07 "$(sim_reg 0x20)"
dd if="$CDEV" of=/dev/null bs=16 count="$(cat "$DEV/buffer/data_available")" 2>/dev/null

# System suspend/resume through pm_test
if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state; then
	t_skip "suspend/resume with a running capture" "no pm_test or freeze state"
	lis2dh_teardown
	t_done
fi
echo 2 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
echo devices >/sys/power/pm_test

# Idle device: stays powered down across suspend, reads work after.
echo freeze >/sys/power/state
t_eq "idle suspend/resume cycle succeeds" 0 "$?"
t_check "raw read after resume" cat "$DEV/in_accel_x_raw"

# Running capture: 100 Hz FIFO, a reader meanwhile.
echo high_resolution >"$DEV/in_accel_power_mode"
echo 0.019613300 >"$DEV/in_accel_scale"
echo 100 >"$DEV/sampling_frequency"
echo 8 >"$DEV/buffer/watermark"
ov0=$(cnt overruns)
s0=$(cnt samples)
echo 1 >"$DEV/buffer/enable"
s1=$(cnt samples)
sleep 0.3
regs_before="$(sim_reg 0x20) $(sim_reg 0x22) $(sim_reg 0x23) $(sim_reg 0x24) $(sim_reg 0x25) $(sim_reg 0x2e)"
# every scan from the first, which must be made after the enable (-F)
scancheck -f "$CDEV" -n 500 -b 16 -t 8 -F "$s0:$s1" -T 20 >/tmp/pm.res &
reader=$!
sleep 1
set -- $(cat /proc/uptime "$SIM_DBG/samples")
t0=$1
c0=$3
dmesg -c >/dev/null
echo freeze >/sys/power/state
rc=$?
set -- $(cat /proc/uptime "$SIM_DBG/samples")
t_eq "suspend/resume cycle with a capture running succeeds" 0 "$rc"
expect=$(awk -v t0="$t0" -v t1="$1" 'BEGIN { printf "%d\n", (t1 - t0) * 100 }')
diag "over the cycle: $(($3 - c0)) samples converted in $expect periods"
t_check "the chip was powered down while suspended ($(($3 - c0)) < $expect - 10 samples)" \
	test $(($3 - c0)) -lt $((expect - 10))
regs_after="$(sim_reg 0x20) $(sim_reg 0x22) $(sim_reg 0x23) $(sim_reg 0x24) $(sim_reg 0x25) $(sim_reg 0x2e)"
t_eq "configuration restored (CTRL1 CTRL3 CTRL4 CTRL5 CTRL6 FIFO_CTRL)" "$regs_before" "$regs_after"
t_eq "capture running after resume" 1 "$(cat "$DEV/buffer/hwfifo_enabled")"
wait $reader
res=$(cat /tmp/pm.res)
chip=$(($(cnt overruns) - ov0))
diag "$res; samples lost by the chip FIFO $chip"
t_check "all 500 scans arrive across the cycle, in order, timestamps increasing" sh -c \
	"echo '$res' | grep -q 'scans=500 .* repeated=0 reordered=0 ts_not_increasing=0'"
t_check "no scan lost but those the chip overwrote ($chip)" sh -c \
	"echo '$res' | grep -q ' lost=$chip '"
t_check "the first scan was made after the enable, not before" sh -c \
	"echo '$res' | grep -q ' stale=0 '"
echo 0 >"$DEV/buffer/enable"
# The driver's own reports, and the PM core's: in 6.1 it logs a callback
# that fails through dev_err() (drivers/base/power/main.c), as
# "<driver> <device>: PM: failed to resume async: error -5" and
# "<driver> <device>: PM: dpm_run_callback(): lis2dh_resume+0x0/0x... [lis2dh] returns -5"
t_check "no error logged by the driver, nor by the PM core for its device" sh -c \
	"! dmesg | grep -i -e 'lis2dh.*\\(error\\|fail\\|cannot\\)' -e ' ${CLIENT##*/}: PM: '"
echo none >/sys/power/pm_test
rm -f /tmp/pm.res

lis2dh_teardown
t_done
