#!/bin/sh
# lis2dh: buffered capture through the hardware FIFO (the default with an
# interrupt line). 10,000 scans at 1344 Hz (normal) and at 5376 Hz (low
# power) without a lost sample by the counter pattern, timestamps strictly
# increasing with a mean spacing within 2 % of 1/ODR; the watermark mapped
# onto FTH; a flush on disable; hwfifo_flush_to_buffer; iio_readdev.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 29

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
enable_scan
echo 4096 >"$DEV/buffer/length"

# The watermark maps onto FIFO_CTRL: stream mode, FTH = watermark - 1.
echo 100 >"$DEV/sampling_frequency"
echo 10 >"$DEV/buffer/watermark"
echo 1 >"$DEV/buffer/enable"
t_eq "hwfifo_enabled while capturing" 1 "$(cat "$DEV/buffer/hwfifo_enabled")"
t_eq "hwfifo_watermark follows buffer/watermark" 10 "$(cat "$DEV/buffer/hwfifo_watermark")"
t_eq "FIFO_CTRL: stream mode, FTH 9" 0x89 "$(sim_reg 0x2e)"
t_eq "CTRL_REG5: FIFO enabled" 0x40 "$(sim_reg 0x24)"
t_eq "CTRL_REG3: watermark and overrun on INT1" 0x06 "$(sim_reg 0x22)"
echo 0 >"$DEV/buffer/enable"
t_eq "hwfifo_enabled after disable" 0 "$(cat "$DEV/buffer/hwfifo_enabled")"
t_eq "FIFO back in bypass mode" 0x00 "$(sim_reg 0x2e)"
t_eq "INT1 routing cleared" 0x00 "$(sim_reg 0x22)"
echo 64 >"$DEV/buffer/watermark"
echo 1 >"$DEV/buffer/enable"
t_eq "hwfifo_watermark leaves 8 samples of room at 100 Hz" 24 \
	"$(cat "$DEV/buffer/hwfifo_watermark")"
t_eq "FIFO_CTRL: FTH 23" 0x97 "$(sim_reg 0x2e)"
echo 0 >"$DEV/buffer/enable"
echo low_power >"$DEV/in_accel_power_mode"
echo 5376 >"$DEV/sampling_frequency"
echo 1 >"$DEV/buffer/enable"
t_eq "hwfifo_watermark leaves 2 ms of room at 5376 Hz" 21 \
	"$(cat "$DEV/buffer/hwfifo_watermark")"
echo 0 >"$DEV/buffer/enable"
echo normal >"$DEV/in_accel_power_mode"

# long_capture MODE RATE WATERMARK SCANS
long_capture() {
	echo "$1" >"$DEV/in_accel_power_mode"
	echo "$2" >"$DEV/sampling_frequency"
	echo "$3" >"$DEV/buffer/watermark"
	_ov0=$(cnt overruns)
	_fo0=$(cat "$DEV/buffer/fifo_overruns")
	capture "$2" "$4" -p 2
	_rc=$?
	_chip=$(($(cnt overruns) - _ov0))
	diag "$1 $2 Hz watermark $3 (FIFO level $(cat "$DEV/buffer/hwfifo_watermark")): $CAP_RES"
	diag "  samples lost by the chip FIFO $_chip, overruns counted by the driver $(($(cat "$DEV/buffer/fifo_overruns") - _fo0))"
	diag "  per sample: $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") I2C transfers, $(per_sample "$CAP_BYTES" "$CAP_SAMPLES") bytes, $(per_sample "$CAP_IRQS" "$CAP_SAMPLES") interrupts"
	# Whatever happens to the guest's timing, the driver itself loses
	# nothing: every lost scan is one the chip's FIFO overwrote.
	_lost=$(echo "$CAP_RES" | sed -n 's/.* lost=\([0-9]*\).*/\1/p')
	if [ -n "$_lost" ] && [ "$_lost" -le "$_chip" ]; then
		t_ok "$1 $2 Hz: every lost scan ($_lost) was lost in the chip FIFO ($_chip)"
	else
		t_fail "$1 $2 Hz: every lost scan (${_lost:-?}) was lost in the chip FIFO ($_chip)"
	fi
	return $_rc
}

t_run "10000 scans at 1344 Hz normal: none lost, timestamps increasing, spacing within 2 %" \
	long_capture normal 1344 8 10000
# At 5376 Hz the FIFO holds 4.5 ms beyond the watermark of 8: the interrupt
# thread must drain it within that, which the stock and rt kernels do. The
# debug kernel's instrumentation makes that path several times longer in
# instructions: there the loss is measured, not asserted (long_capture still
# asserts that every lost scan was lost in the chip's FIFO).
if [ "$LANE" = debug ]; then
	long_capture low_power 5376 8 10000
	t_skip "10000 scans at 5376 Hz low power: none lost, timestamps increasing, spacing within 2 %" \
		"measured on the debug kernel: lost $(echo "$CAP_RES" | sed -n 's/.* lost=\([0-9]*\).*/\1/p') of 10000"
else
	t_run "10000 scans at 5376 Hz low power: none lost, timestamps increasing, spacing within 2 %" \
		long_capture low_power 5376 8 10000
fi
echo normal >"$DEV/in_accel_power_mode"

# Watermark 1: an interrupt per sample or so, and no busy re-draining.
echo 400 >"$DEV/sampling_frequency"
echo 1 >"$DEV/buffer/watermark"
capture 400 2000 -T 5
diag "watermark 1 at 400 Hz: $CAP_RES; per sample $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") transfers, $(per_sample "$CAP_IRQS" "$CAP_SAMPLES") interrupts"
t_check "watermark 1 at 400 Hz: 2000 scans in order, none repeated, only chip-lost ones ($CAP_CHIP) missing" \
	cap_intact 2000
t_check "watermark 1: at most 12 transfers per sample (no busy loop)" \
	test "$CAP_XFERS" -le $((CAP_SAMPLES * 12))

# High resolution: the FIFO keeps 10 bits, the scan says 12 (low bits 0).
echo high_resolution >"$DEV/in_accel_power_mode"
t_eq "scan type in high resolution" "le:s12/16>>4" "$(cat "$DEV/scan_elements/in_accel_x_type")"
echo 400 >"$DEV/sampling_frequency"
echo 16 >"$DEV/buffer/watermark"
hr_capture() {
	capture 400 2000 -p 2
	_rc=$?
	diag "400 Hz high resolution: $CAP_RES; chip FIFO lost $CAP_CHIP"
	return $_rc
}
t_run "2000 scans at 400 Hz high resolution: none lost, spacing within 2 %" hr_capture
t_check "400 Hz high resolution: scans in order, only chip-lost ones ($CAP_CHIP) missing" cap_intact 2000
echo normal >"$DEV/in_accel_power_mode"

# Flush on disable: samples below the watermark reach the buffer.
echo 10 >"$DEV/sampling_frequency"
echo 32 >"$DEV/buffer/watermark"
i0=$(cnt irqs)
echo 1 >"$DEV/buffer/enable"
sleep 1.5
echo 0 >"$DEV/buffer/enable"
avail=$(cat "$DEV/buffer/data_available")
t_eq "no interrupt below the watermark" 0 "$(($(cnt irqs) - i0))"
if [ "$avail" -ge 10 ] && [ "$avail" -le 20 ]; then
	t_ok "disable flushed the FIFO into the buffer ($avail scans)"
else
	t_fail "disable flushed the FIFO into the buffer ($avail scans)"
fi
res=$(scancheck -f "$CDEV" -n "$avail" -b 16 -t 8 -T 2)
t_check "the flushed scans are consecutive ($res)" test $? = 0

# hwfifo_flush_to_buffer: a blocking read of one scan returns long before
# the watermark interrupt (24 samples at 1 Hz).
echo 1 >"$DEV/sampling_frequency"
echo 1 >"$DEV/buffer/enable"
i0=$(cnt irqs)
sleep 2
t0=$(awk '{ printf "%d\n", $1 * 100 }' /proc/uptime)
n=$(timeout 10 dd if="$CDEV" bs=16 count=1 2>/dev/null | wc -c)
t1=$(awk '{ printf "%d\n", $1 * 100 }' /proc/uptime)
t_eq "blocking read of one scan below the watermark returns it" 16 "$n"
t_check "within 5 s, long before the watermark ($(((t1 - t0) * 10)) ms)" test $((t1 - t0)) -lt 500
t_eq "without a watermark interrupt" 0 "$(($(cnt irqs) - i0))"
echo 0 >"$DEV/buffer/enable"

# libiio: iio_readdev reads scans (it sets length and watermark itself).
# Its 64-scan buffer lasts 160 ms at 400 Hz and the chip FIFO 20 ms beyond
# the watermark: iio_readdev must keep up, as the driver does.
echo 400 >"$DEV/sampling_frequency"
readdev_run() {
	_ov0=$(cnt overruns)
	_s0=$(cnt samples)
	iio_readdev -b 64 -s 2000 lis3dh >/tmp/readdev.bin 2>/tmp/readdev.err
	RD_CHIP=$(($(cnt overruns) - _ov0))
	RD_BYTES=$(wc -c </tmp/readdev.bin)
	# the first scan made after iio_readdev enabled the buffer (-F)
	RD_RES=$(scancheck -f /tmp/readdev.bin -n 2000 -b 16 -t 8 -r 400 -p 2 -F "$_s0" -T 2)
	_rc=$?
	diag "iio_readdev: $RD_RES; chip FIFO lost $RD_CHIP"
	return $_rc
}
t_run "iio_readdev: 2000 scans at 400 Hz, none lost, spacing within 2 %" readdev_run
t_eq "iio_readdev read 2000 scans of 16 bytes" 32000 "$RD_BYTES"
t_check "iio_readdev scans in order, none repeated, timestamps increasing" sh -c \
	"echo '$RD_RES' | grep -q 'scans=2000 .*repeated=0 reordered=0 ts_not_increasing=0'"
rm -f /tmp/readdev.bin /tmp/readdev.err

lis2dh_teardown
t_done
