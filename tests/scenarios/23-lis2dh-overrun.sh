#!/bin/sh
# lis2dh: FIFO overrun and bus errors during capture. The driver is kept
# from reading the chip by a stalled bus (simulator fault "stall") long
# enough for the FIFO to overflow; the errors and the overrun are counted
# and logged, capture continues by itself, and the scans that reach the
# buffer keep their order with timestamps still increasing: the only gap
# is the samples the chip's FIFO overwrote. Transient errors (eio:N) cost
# nothing.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 23

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
enable_scan
echo 8192 >"$DEV/buffer/length"
echo 200 >"$DEV/sampling_frequency"
echo 8 >"$DEV/buffer/watermark"

dmesg -c >/dev/null
ov0=$(cnt overruns)
be0=$(cat "$DEV/buffer/bus_errors")
fo0=$(cat "$DEV/buffer/fifo_overruns")
echo 1 >"$DEV/buffer/enable"
sleep 0.5
echo stall >"$SIM_DBG/fault"
sleep 0.6	# 120 samples at 200 Hz: the 32-sample FIFO overflows
echo none >"$SIM_DBG/fault"
sleep 1.5
echo 0 >"$DEV/buffer/enable"
chip_lost=$(($(cnt overruns) - ov0))
be=$(($(cat "$DEV/buffer/bus_errors") - be0))
fo=$(($(cat "$DEV/buffer/fifo_overruns") - fo0))
avail=$(cat "$DEV/buffer/data_available")
diag "stalled bus for 0.6 s at 200 Hz: bus errors $be, FIFO overruns $fo, samples lost by the chip $chip_lost, scans buffered $avail"
t_check "bus errors counted ($be)" test "$be" -gt 0
t_check "the chip's FIFO overflowed ($chip_lost samples lost)" test "$chip_lost" -gt 0
t_check "the overrun was detected and counted ($fo)" test "$fo" -gt 0
# Reports are coalesced, at most one per 5 s.
t_check "bus errors logged" sh -c "dmesg | grep -q 'bus error during capture'"
TIMEOUT=7 wait_for sh -c "dmesg | grep -q 'FIFO overrun'"
t_check "overrun logged (within the 5 s report interval)" sh -c "dmesg | grep -q 'FIFO overrun'"
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
diag "$res"
lost=$(echo "$res" | sed -n 's/.* lost=\([0-9]*\).*/\1/p')
t_check "capture went on after the stall (all $avail buffered scans read)" \
	sh -c "echo '$res' | grep -q 'scans=$avail '"
t_eq "the only scans missing are those the chip overwrote" "$chip_lost" "$lost"
t_check "no scan repeated or reordered, timestamps increasing" sh -c \
	"echo '$res' | grep -q 'repeated=0 reordered=0 ts_not_increasing=0'"

# Transient errors: a few failed transfers are retried without a loss.
for n in 1 3 10; do
	ov0=$(cnt overruns)
	be0=$(cat "$DEV/buffer/bus_errors")
	echo 1 >"$DEV/buffer/enable"
	sleep 0.3
	echo "eio:$n" >"$SIM_DBG/fault"
	sleep 1
	echo 0 >"$DEV/buffer/enable"
	be=$(($(cat "$DEV/buffer/bus_errors") - be0))
	avail=$(cat "$DEV/buffer/data_available")
	res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
	chip=$(($(cnt overruns) - ov0))
	diag "eio:$n: bus errors $be, samples lost by the chip FIFO $chip; $res"
	t_eq "eio:$n: the failed transfers are counted" "$n" "$be"
	# The FIFO has 120 ms of room at 200 Hz, the retry comes after 10 ms:
	# only a stall of the guest itself can make the chip lose samples.
	t_check "eio:$n: all buffered scans in order, only chip-lost ones ($chip) missing" sh -c \
		"echo '$res' | grep -q 'scans=$avail .* lost=$chip repeated=0 reordered=0 ts_not_increasing=0'"
done
echo none >"$SIM_DBG/fault"

# A direct read on a dead bus fails with the bus error, then works again,
# both when the chip is powered and when the read has to resume it: the PM
# core latches any runtime PM callback error but -EAGAIN and -EBUSY, after
# which every resume fails until the device is rebound.
rt_status() {
	cat "$CLIENT/power/runtime_status"
}
cat "$DEV/in_accel_x_raw" >/dev/null
echo nack >"$SIM_DBG/fault"
out=$(cat "$DEV/in_accel_x_raw" 2>&1)
t_check "raw read on a NACKing bus fails with the bus error ($out)" sh -c \
	"echo \"\$1\" | grep -q 'No such device or address'" _ "$out"
echo none >"$SIM_DBG/fault"
t_check "raw read works again" cat "$DEV/in_accel_x_raw"
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "runtime suspended before the failing resume" suspended "$(rt_status)"
echo nack >"$SIM_DBG/fault"
out=$(cat "$DEV/in_accel_x_raw" 2>&1)
t_check "raw read whose resume NACKs fails with the bus error ($out)" sh -c \
	"echo \"\$1\" | grep -q 'No such device or address'" _ "$out"
echo none >"$SIM_DBG/fault"
t_check "raw read after the failed resume works" cat "$DEV/in_accel_x_raw"
# The autosuspend (2 s after the read) NACKs: the chip stays powered, and
# the PM core tries again one delay later, by itself.
echo nack >"$SIM_DBG/fault"
sleep 3
t_eq "autosuspend on a NACKing bus: still active" active "$(rt_status)"
echo none >"$SIM_DBG/fault"
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "suspended by the retry once the bus works" suspended "$(rt_status)"
t_eq "chip in power-down" 0x07 "$(sim_reg 0x20)"
t_check "raw read after the failed autosuspend works" cat "$DEV/in_accel_x_raw"

lis2dh_teardown
t_done
