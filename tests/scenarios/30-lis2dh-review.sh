#!/bin/sh
# lis2dh: the defects found by the review of issue 12, one section each
# (the defect's number in parentheses), on the simulated lis3dh. Each check
# failed before its fix.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 24

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

# (1) At 100 Hz with a level of 24 the watchdog work waits 480 ms and is
# pending nearly all the time; the FIFO has 80 ms of room above the level.
# A failed FIFO read must be retried after 10 ms, not at the watchdog's
# deadline.
echo 32 >"$DEV/buffer/watermark"
ov0=$(cnt overruns)
be0=$(cat "$DEV/buffer/bus_errors")
echo 1 >"$DEV/buffer/enable"
for i in 1 2 3; do
	sleep 0.7
	echo eio:1 >"$SIM_DBG/fault"
done
sleep 0.7
echo 0 >"$DEV/buffer/enable"
echo none >"$SIM_DBG/fault"
be=$(($(cat "$DEV/buffer/bus_errors") - be0))
chip=$(($(cnt overruns) - ov0))
avail=$(cat "$DEV/buffer/data_available")
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
diag "3 x eio:1 at 100 Hz, level 24: bus errors $be, samples lost by the chip FIFO $chip; $res"
t_eq "three failed FIFO reads counted" 3 "$be"
t_eq "each retried within the FIFO's room: no sample lost by the chip" 0 "$chip"
t_check "all $avail buffered scans in order, none missing" sh -c \
	"echo '$res' | grep -q 'scans=$avail .* lost=0 repeated=0 reordered=0 ts_not_increasing=0'"

# (6) A blocking read of one scan while the FIFO holds about ten (10 Hz,
# level 24: the interrupt comes after 2.4 s) flushes one scan into the
# buffer, not the whole FIFO.
echo 10 >"$DEV/sampling_frequency"
echo 1 >"$DEV/buffer/enable"
sleep 1
n=$(dd if="$CDEV" bs=16 count=1 2>/dev/null | wc -c)
left=$(cat "$DEV/buffer/data_available")
t_eq "a one-scan read returns one scan" 16 "$n"
t_eq "the flush for it pushed only that scan (left in the buffer: $left)" 0 "$left"
res=$(scancheck -f "$CDEV" -n 30 -b 16 -t 8 -r 10 -T 5)
echo 0 >"$DEV/buffer/enable"
diag "after the flush: $res"
t_check "capture goes on after the partial flush, nothing lost" sh -c \
	"echo '$res' | grep -q 'scans=30 .* lost=0 repeated=0 reordered=0 ts_not_increasing=0'"
dd if="$CDEV" of=/dev/null bs=16 count="$(cat "$DEV/buffer/data_available")" 2>/dev/null

# (10) Reading OUT_Z_H through debugfs pops a FIFO entry: refused during
# capture, and no scan goes missing.
dbg=/sys/kernel/debug/iio/${DEV##*/}/direct_reg_access
echo 100 >"$DEV/sampling_frequency"
echo 8 >"$DEV/buffer/watermark"
ov0=$(cnt overruns)
echo 1 >"$DEV/buffer/enable"
refused=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	echo 0x2d >"$dbg"
	cat "$dbg" >/dev/null 2>&1 || refused=$((refused + 1))
	sleep 0.05
done
echo 0x27 >"$dbg"
status_ok=0
cat "$dbg" >/dev/null 2>&1 && status_ok=1
sleep 0.3
echo 0 >"$DEV/buffer/enable"
chip=$(($(cnt overruns) - ov0))
avail=$(cat "$DEV/buffer/data_available")
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
diag "10 debugfs reads of OUT_Z_H during capture: $refused refused; $res"
t_eq "debugfs reads of the FIFO output refused during capture" 10 "$refused"
t_eq "debugfs reads of STATUS_REG still work during capture" 1 "$status_ok"
t_check "no scan popped by debugfs (only chip-lost ones, $chip, missing)" sh -c \
	"echo '$res' | grep -q 'scans=$avail .* lost=$chip repeated=0 reordered=0'"
echo 0x0f >"$dbg"
t_eq "debugfs reads WHO_AM_I after capture" 0x33 "$(cat "$dbg")"

# (3) Internal deadlines on the monotonic clock. INT1's polarity inverted
# behind the driver's back (debugfs write of CTRL_REG6) hides every
# watermark edge: only the watchdog work drains the FIFO (every 160 ms at
# 100 Hz with a level of 8; the FIFO holds 240 ms). Stepping the realtime
# clock (the IIO clock, by default) back an hour must not blind it.
echo 100 >"$DEV/sampling_frequency"
echo 8 >"$DEV/buffer/watermark"
echo 1 >"$DEV/buffer/enable"
echo 0x25 0x02 >"$dbg"
sleep 0.5
ov0=$(cnt overruns)
s0=$(cnt samples)
now=$(date +%s)
date -s "@$((now - 3600))" >/dev/null
sleep 1.5
date -s "@$(($(date +%s) + 3600))" >/dev/null
chip=$(($(cnt overruns) - ov0))
made=$(($(cnt samples) - s0))
echo 0x25 0x00 >"$dbg"
echo 0 >"$DEV/buffer/enable"
avail=$(cat "$DEV/buffer/data_available")
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -T 2)
diag "realtime clock stepped back 1 h, edges hidden: $made samples made, $chip lost by the chip FIFO; $res"
t_eq "the watchdog kept draining the FIFO: no sample lost by the chip" 0 "$chip"
t_check "all $avail buffered scans in order, none missing" sh -c \
	"echo '$res' | grep -q 'scans=$avail .* lost=0 repeated=0 reordered=0'"

# (5) A lost edge is caught before the FIFO fills: with a level of 24 at
# 100 Hz the FIFO is full 320 ms after a drain. Edges hidden as in (3).
echo 100 >"$DEV/sampling_frequency"
echo 32 >"$DEV/buffer/watermark"
echo 1 >"$DEV/buffer/enable"
echo 0x25 0x02 >"$dbg"
sleep 0.5
ov0=$(cnt overruns)
s0=$(cnt samples)
sleep 2
chip=$(($(cnt overruns) - ov0))
made=$(($(cnt samples) - s0))
echo 0x25 0x00 >"$dbg"
echo 0 >"$DEV/buffer/enable"
avail=$(cat "$DEV/buffer/data_available")
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
diag "level 24 at 100 Hz, edges hidden: $made samples made, $chip lost by the chip FIFO; $res"
t_eq "the watchdog drained before the FIFO filled: no sample lost by the chip" 0 "$chip"
t_check "all $avail buffered scans in order, none missing" sh -c \
	"echo '$res' | grep -q 'scans=$avail .* lost=0 repeated=0 reordered=0 ts_not_increasing=0'"

# (9) OVRN_FIFO means 32 unread samples, not lost ones: the bus stalled
# until the FIFO holds 32 (10 Hz), then working again, before a 33rd comes
# or just after. The driver counts an overrun only when the chip really
# lost samples. The stall starts after a first batch, so that the driver
# knows when its newest sample was made: from the FIFO's start alone, the
# chip's sampling phase leaves one sample either way unknown.
echo 10 >"$DEV/sampling_frequency"
echo 32 >"$DEV/buffer/watermark"
fo0=$(cat "$DEV/buffer/fifo_overruns")
ov0=$(cnt overruns)
echo 1 >"$DEV/buffer/enable"
TIMEOUT=6 wait_for sh -c "[ \$(cat $DEV/buffer/data_available) -gt 0 ]"
echo stall >"$SIM_DBG/fault"
# FIFO_SRC (0x2f) bit 6, OVRN_FIFO: 32 unread
filled=no
TIMEOUT=6 wait_for sh -c \
	"[ \$((\$(sed -n 's/^0x2f: //p' $SIM_DBG/regs) & 0x40)) != 0 ]" && filled=yes
echo none >"$SIM_DBG/fault"
sleep 0.5
echo 0 >"$DEV/buffer/enable"
t_eq "the FIFO filled to 32 behind the stalled bus" yes "$filled"
chip=$(($(cnt overruns) - ov0))
fo=$(($(cat "$DEV/buffer/fifo_overruns") - fo0))
avail=$(cat "$DEV/buffer/data_available")
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
diag "FIFO filled to 32 behind a stalled bus: chip lost $chip, driver counted $fo overruns; $res"
want=0
[ "$chip" -gt 0 ] && want=1
t_eq "an overrun counted only when the chip lost samples ($chip)" "$want" "$fo"
t_check "all $avail buffered scans in order, only chip-lost ones ($chip) missing" sh -c \
	"echo '$res' | grep -q 'scans=$avail .* lost=$chip repeated=0 reordered=0 ts_not_increasing=0'"

# (4) A postenable that fails part way, after FIFO_CTRL has put the FIFO in
# stream mode, is undone: the FIFO is left in bypass and a direct read
# returns a fresh sample, not a stale FIFO entry. Runtime PM is held on so
# that the enable makes only the FIFO start's transfers (register writes,
# one message each), counted on a successful enable; the fault then lets
# all but the last (CTRL_REG3) through.
echo 100 >"$DEV/sampling_frequency"
echo 32 >"$DEV/buffer/watermark"
echo on >"$CLIENT/power/control"
cat "$DEV/in_accel_x_raw" >/dev/null
x0=$(cnt xfers)
echo 1 >"$DEV/buffer/enable"
nx=$(($(cnt xfers) - x0))
echo 0 >"$DEV/buffer/enable"
dd if="$CDEV" of=/dev/null bs=16 count="$(cat "$DEV/buffer/data_available")" 2>/dev/null
echo "eio_after:$((nx - 1)):1" >"$SIM_DBG/fault"
failed=0
echo 1 >"$DEV/buffer/enable" 2>/dev/null || failed=1
echo none >"$SIM_DBG/fault"
fifo_ctrl=$(sim_reg 0x2e)
sleep 0.5
s0=$(cnt samples)
raw=$(cat "$DEV/in_accel_x_raw")
s1=$(cnt samples)
# normal mode, 10 bits: the counter pattern's X byte is raw / 4, the low
# byte of the sample number; fresh: a sample made between s0 - 1 and s1 - 1
# (a stale FIFO entry is about 32 samples older)
fresh=$(awk -v r="$raw" -v s0="$s0" -v s1="$s1" 'BEGIN {
	v = int(r / 4); if (v < 0) v += 256
	d = (v - (s0 - 1)) % 256; if (d < 0) d += 256
	print (d <= s1 - s0) ? "fresh" : "stale (byte " v ", samples " s0 "-" s1 ")" }')
diag "enable: $nx transfers; failing the last: FIFO_CTRL $fifo_ctrl, x raw $raw, $fresh"
t_eq "the enable fails when its last transfer fails" 1 "$failed"
t_eq "the failed enable leaves the FIFO in bypass (FIFO_CTRL FM)" 0 \
	"$(($fifo_ctrl >> 6))"
t_eq "a direct read after it returns a fresh sample" fresh "$fresh"
echo 1 >"$DEV/buffer/enable"
echo 0 >"$DEV/buffer/enable"
dd if="$CDEV" of=/dev/null bs=16 count="$(cat "$DEV/buffer/data_available")" 2>/dev/null
echo auto >"$CLIENT/power/control"

# (2) A system resume whose register restore fails on the bus must still
# give runtime PM back: reads and capture work afterwards.
if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state; then
	t_skip "resume with a failing register restore" "no pm_test or freeze state"
	t_skip "reads after it" "no pm_test or freeze state"
	lis2dh_teardown
	t_done
fi
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
echo 1 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
echo devices >/sys/power/pm_test
echo eio:1 >"$SIM_DBG/fault"
echo freeze >/sys/power/state
echo none >"$SIM_DBG/fault"
echo none >/sys/power/pm_test
# runtime_status says "unsupported" while runtime PM is disabled
# (runtime_enabled exists only with CONFIG_PM_ADVANCED_DEBUG, which the
# debug kernel does not have)
rs=$(cat "$CLIENT/power/runtime_status")
case $rs in
active | suspended | resuming | suspending)
	t_ok "runtime PM enabled after the failed restore (runtime_status $rs)" ;;
*)
	t_fail "runtime PM enabled after the failed restore (runtime_status $rs)" ;;
esac
t_check "raw read after the failed restore" cat "$DEV/in_accel_x_raw"

lis2dh_teardown
t_done
