#!/bin/sh
# lis2dh: the device goes away under a running capture. Unbind,
# `rmmod lis2dh_i2c` and `rmmod lis2dh_sim` while a reader holds
# /dev/iio:deviceN open: no oops or warning (the harness checks the kernel
# log), the blocked reader gets an error, a rebind works; then 100
# bind/unbind cycles with capture running (30 on the rt and debug lanes).
#
# Note: in 6.1 the IIO core's poll() reports no event once the device is
# unregistered (it returns 0), so a reader blocked in poll() without a
# timeout is not woken by the core; its next read() fails with ENODEV.
# The readers here block in read(), which returns the error.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 24

DRV=/sys/bus/i2c/drivers/lis2dh_i2c

# reader_failed DESC: the reader of start_reader returns, with ENODEV
reader_failed() {
	# not in $(...): the reader is this shell's child
	if ! reader_returns >/tmp/reader.why; then
		t_fail "$1: the blocked reader returns" "$(cat /tmp/reader.why)"
		return
	fi
	t_ok "$1: the blocked reader returns"
	t_check "$1: with ENODEV ($(tail -n 1 /tmp/reader.err))" reader_enodev
}

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi

# 1. unbind with the reader in read()
start_reader
echo "$SIM_BUS-0018" >"$DRV/unbind"
reader_failed "unbind"
t_check "IIO device gone after unbind" no_iio_dev lis3dh
t_check "interrupt released" sh -c '! grep -q lis3dh /proc/interrupts'
t_eq "chip left powered down" 0x07 "$(sim_reg 0x20)"
t_eq "FIFO left in bypass, INT1 quiet" "0x00 0x00" "$(sim_reg 0x2e) $(sim_reg 0x22)"
echo "$SIM_BUS-0018" >"$DRV/bind"
TIMEOUT=5 wait_for iio_dev lis3dh
DEV=$(iio_dev lis3dh)
CDEV=/dev/${DEV##*/}
t_check "rebind brings the device back" test -n "$DEV"
enable_scan
echo 100 >"$DEV/sampling_frequency"
capture 100 200 -T 5
if cap_intact 200; then
	t_ok "capture works after the rebind: 200 scans in order, only chip-lost ones ($CAP_CHIP) missing"
else
	t_fail "capture works after the rebind" "$CAP_RES; chip FIFO lost $CAP_CHIP"
fi

# 2. rmmod lis2dh_i2c with the reader in read()
start_reader
t_check "the core module is held while its char device is open" sh -c '! rmmod lis2dh 2>/dev/null'
rmmod lis2dh_i2c
t_eq "rmmod lis2dh_i2c succeeds under a reader" 0 "$?"
reader_failed "rmmod lis2dh_i2c"
t_check "lis2dh unloads once the reader is gone" rmmod lis2dh
modprobe lis2dh_i2c
TIMEOUT=5 wait_for iio_dev lis3dh
DEV=$(iio_dev lis3dh)
CDEV=/dev/${DEV##*/}
t_check "modprobe lis2dh_i2c binds the client again" test -n "$DEV"

# 3. rmmod lis2dh_sim (the adapter and the client go) with the reader in read()
start_reader
sim_unload
t_eq "rmmod lis2dh_sim succeeds under a reader" 0 "$?"
reader_failed "rmmod lis2dh_sim"
t_check "IIO device gone with the adapter" no_iio_dev lis3dh
if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "simulator reload binds again"
	lis2dh_teardown
	t_done
fi
t_ok "simulator reload binds again"

# 4. bind/unbind cycles with FIFO capture running at 1344 Hz (and a
#    triggered capture every tenth cycle)
CYCLES=$(by_lane 100 30)
fail=""
i=0
while [ $i -lt "$CYCLES" ]; do
	DEV=$(iio_dev lis3dh) || { fail="cycle $i: no device"; break; }
	enable_scan
	echo 1344 >"$DEV/sampling_frequency" || { fail="cycle $i: rate"; break; }
	if [ $((i % 10)) = 9 ]; then
		echo "lis3dh-dev${DEV##*iio:device}" >"$DEV/trigger/current_trigger"
	fi
	echo 1 >"$DEV/buffer/enable" || { fail="cycle $i: enable"; break; }
	echo "$SIM_BUS-0018" >"$DRV/unbind" || { fail="cycle $i: unbind"; break; }
	echo "$SIM_BUS-0018" >"$DRV/bind" || { fail="cycle $i: bind"; break; }
	TIMEOUT=5 wait_for iio_dev lis3dh || { fail="cycle $i: no rebind"; break; }
	i=$((i + 1))
done
if [ -z "$fail" ]; then
	t_ok "$CYCLES unbind/bind cycles with capture running"
else
	t_fail "$CYCLES unbind/bind cycles with capture running" "$fail"
fi
DEV=$(iio_dev lis3dh)
CDEV=/dev/${DEV##*/}
t_eq "one IIO device and one trigger left" 2 "$(ls /sys/bus/iio/devices | wc -l)"
t_eq "one interrupt handler registered" 1 "$(grep -c lis3dh /proc/interrupts)"
enable_scan
echo 400 >"$DEV/sampling_frequency"
capture 400 1000 -T 5
if cap_intact 1000; then
	t_ok "capture works after the cycles: 1000 scans in order, only chip-lost ones ($CAP_CHIP) missing"
else
	t_fail "capture works after the cycles" "$CAP_RES; chip FIFO lost $CAP_CHIP"
fi

lis2dh_teardown
t_check "modules unloaded" sh -c '! grep -q "^lis2dh" /proc/modules'
rm -f /tmp/reader.err
t_done
