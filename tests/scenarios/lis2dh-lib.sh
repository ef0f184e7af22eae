# SPDX-License-Identifier: GPL-2.0
# Helpers for the lis2dh driver scenarios (20-29); source after lib.sh.
#
# Driver binding: mainline st_accel_i2c also claims the i2c ids lis3dh and
# lis2dh12. The guest has no udev, so nothing loads it behind our back;
# lis2dh_setup unloads it if an earlier scenario left it loaded and loads
# lis2dh_i2c before the simulator creates its client, and drv_check_bound
# verifies that the client really is bound to lis2dh_i2c.

# lis2dh_setup NAME [SIM PARAMS...]: load the driver and the simulator, wait
# for the IIO device called NAME; sets DEV (sysfs dir), CDEV (/dev node),
# CLIENT (i2c client sysfs dir).
lis2dh_setup() {
	_name=$1
	shift
	rmmod st_accel_i2c st_accel 2>/dev/null
	modprobe lis2dh_i2c || return 1
	sim_load "$@" || return 1
	TIMEOUT=5 wait_for iio_dev "$_name" || return 1
	DEV=$(iio_dev "$_name")
	CDEV=/dev/${DEV##*/}
	CLIENT=/sys/bus/i2c/devices/$SIM_BUS-0018
	export DEV CDEV CLIENT
}

# lis2dh_teardown: unload the simulator and both driver modules.
lis2dh_teardown() {
	[ -n "${DEV:-}" ] && [ -f "$DEV/buffer/enable" ] &&
		echo 0 >"$DEV/buffer/enable" 2>/dev/null
	rmmod lis2dh_i2c 2>/dev/null
	sim_unload 2>/dev/null
	rmmod lis2dh 2>/dev/null
	DEV=""
	return 0
}

drv_check_bound() {
	[ "$(basename "$(readlink "$CLIENT/driver")")" = lis2dh_i2c ]
}

# sim_reg ADDR: the simulated chip's register value (hex, e.g. 0x20).
sim_reg() {
	sed -n "s/^$1: //p" "$SIM_DBG/regs"
}

# enable_scan: x, y, z and the timestamp in the scan; a buffer of 4096
# scans (the default of 2 would drop scans whenever the reader is slow).
enable_scan() {
	for _c in x y z; do
		echo 1 >"$DEV/scan_elements/in_accel_${_c}_en"
	done
	echo 1 >"$DEV/scan_elements/in_timestamp_en"
	echo 4096 >"$DEV/buffer/length"
}

# counter_n X Y Z BITS: sample number (mod 2^24) from raw values of a mode
# with BITS of resolution (the counter sits in the top 8 bits of each axis).
counter_n() {
	awk -v x="$1" -v y="$2" -v z="$3" -v d="$((1 << ($4 - 8)))" 'BEGIN {
		x = int(x / d); y = int(y / d); z = int(z / d)
		if (x < 0) x += 256; if (y < 0) y += 256; if (z < 0) z += 256
		printf "%d\n", x + 256 * y + 65536 * z }'
}

# cnt NAME: a simulator counter.
cnt() {
	cat "$SIM_DBG/$1"
}

# capture RATE SCANS [SCANCHECK ARGS...]: enable the buffer (already set up
# by the caller), check SCANS scans with scancheck (x, y, z little-endian
# at 0/2/4, timestamp at 8, 16-byte scans), every one from the first after
# the enable, disable. scancheck gets the simulator's sample counter read
# just before and just after the enable (-F): the first scan must be made
# after the enable began (not stale FIFO, buffer or register content), and
# samples made after the enable but before the first scan count as lost.
# Sets CAP_RES (the summary line) and
# CAP_XFERS/CAP_BYTES/CAP_IRQS/CAP_SAMPLES/CAP_CHIP (simulator counters over
# the capture; CAP_CHIP: samples the chip's FIFO lost). Returns scancheck's
# status.
capture() {
	_rate=$1
	_n=$2
	shift 2
	_x0=$(cnt xfers)
	_b0=$(cnt bytes)
	_i0=$(cnt irqs)
	_o0=$(cnt overruns)
	_s0=$(cnt samples)
	echo 1 >"$DEV/buffer/enable" || return 1
	_s1=$(cnt samples)
	CAP_RES=$(scancheck -f "$CDEV" -n "$_n" -b 16 -t 8 -r "$_rate" \
		-F "$_s0:$_s1" "$@")
	_rc=$?
	echo 0 >"$DEV/buffer/enable"
	CAP_XFERS=$(($(cnt xfers) - _x0))
	CAP_BYTES=$(($(cnt bytes) - _b0))
	CAP_IRQS=$(($(cnt irqs) - _i0))
	CAP_SAMPLES=$(($(cnt samples) - _s0))
	CAP_CHIP=$(($(cnt overruns) - _o0))
	return $_rc
}

# cap_intact SCANS: the last capture read SCANS scans in order, none
# repeated, timestamps increasing, every interval between two scans within
# the driver's stamp bound (one period either way of the time the counter
# says, holes included: ts_int_bad, see scancheck.c), the first scan made
# after the enable (stale=0), and the only scans missing, from the enable
# on, are samples the chip's FIFO lost. What holds whatever the guest's
# timing, but for the interval bound on a guest in real time
# (GUEST_CLOCK=realtime: the smp lane): there a vCPU the host descheduled
# takes its interrupt late in guest time, so that bound is not asserted.
cap_intact() {
	_ci_int="ts_int_bad=0"
	[ "${GUEST_CLOCK:-icount}" = realtime ] && _ci_int="ts_int_bad=[0-9]*"
	echo "$CAP_RES" | grep -q "scans=$1 .*repeated=0 reordered=0 ts_not_increasing=0 .* $_ci_int .* stale=0 " &&
		[ "$(echo "$CAP_RES" | sed -n 's/.* lost=\([0-9]*\).*/\1/p')" -le "$CAP_CHIP" ]
}

# per_sample TOTAL SAMPLES: TOTAL / SAMPLES with three decimals.
per_sample() {
	awk -v t="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.3f", t / n; else print "nan" }'
}

# start_reader: capture at 400 Hz with a reader blocked in read() of CDEV,
# its errors in /tmp/reader.err (for the unbind and rmmod scenarios).
start_reader() {
	enable_scan
	echo 400 >"$DEV/sampling_frequency"
	echo 1 >"$DEV/buffer/enable"
	dd if="$CDEV" of=/dev/null bs=1024 2>/tmp/reader.err &
	READER=$!
	sleep 0.5
}

# reader_returns: the reader of start_reader exits within 3 s (killed, and
# "still blocked after 3 s" printed, when it does not).
reader_returns() {
	_i=0
	while kill -0 "$READER" 2>/dev/null && [ $_i -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if kill -0 "$READER" 2>/dev/null; then
		kill "$READER"
		echo "still blocked after 3 s"
		return 1
	fi
	wait "$READER"
	return 0
}

# reader_enodev: it ended with "No such device"
reader_enodev() {
	grep -q "No such device" /tmp/reader.err
}
