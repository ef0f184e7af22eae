#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# INT1 of lis2dh_sim through its own irq_chip: the four trigger types
# (irq_type=), INT_POLARITY, level re-delivery while the line stays active,
# and the routing of watermark, FIFO overrun, IA1 (latched) and data-ready in
# CTRL_REG3, counted by debugfs irqs. st_accel_i2c is bound to the client so
# that the interrupt is requested; while its buffer is off its handler only
# reads STATUS_REG and returns IRQ_NONE, so the chip is driven by hand here.
. ./lib.sh
t_plan 46

A=0x18

rd() {
	i2ctransfer -f -y "$SIM_BUS" w1@$A "$1" r"${2:-1}"
}

wr() {
	i2ctransfer -f -y "$SIM_BUS" w$#@$A "$@"
}

rdm() {
	printf '0x%02x' $(($(rd "$1") & $2))
}

# type (edge/level) and actions of the simulator's irq from /sys/kernel/irq
sim_irq() {
	for _i in /sys/kernel/irq/*; do
		if [ "$(cat "$_i/chip_name" 2>/dev/null)" = lis2dh_sim ]; then
			echo "$(cat "$_i/type") $(cat "$_i/actions")"
			return 0
		fi
	done
	return 1
}

irqs() {
	cat "$SIM_DBG/irqs"
}

# FIFO off, nothing routed to INT1, powered down
quiet() {
	wr 0x20 0x07 && wr 0x22 0x00 && wr 0x2e 0x00 && wr 0x24 0x00
}

# bind IRQ_TYPE: simulator with its client, st_accel bound to it
bind() {
	sim_load irq_type="$1" || return 1
	TIMEOUT=5 wait_for iio_dev lis3dh || return 1
	dev=$(iio_dev lis3dh)
	wait_for test -e "/dev/i2c-$SIM_BUS"
}

# stream SCANS at 50 Hz through st_accel's data-ready trigger: prints
# scancheck's summary, returns its status (1 when the buffer cannot be set up)
stream() {
	_st_rc=1
	if echo 1 >"$dev/scan_elements/in_accel_x_en" &&
		echo 1 >"$dev/scan_elements/in_accel_y_en" &&
		echo 1 >"$dev/scan_elements/in_accel_z_en" &&
		echo 1 >"$dev/scan_elements/in_timestamp_en" &&
		echo lis3dh-trigger >"$dev/trigger/current_trigger" &&
		echo 50 >"$dev/sampling_frequency" &&
		echo 256 >"$dev/buffer/length" &&
		rd 0xa8 6 >/dev/null &&
		_st_s0=$(cat "$SIM_DBG/samples") &&
		echo 1 >"$dev/buffer/enable"; then
		# Every scan from the first, which must be made after the enable
		# (scancheck -F). st_accel routes data-ready without reading out
		# the sample the output registers hold (the chip powered down
		# since), so it would push that one first: read out above.
		_st_s1=$(cat "$SIM_DBG/samples")
		scancheck -f "/dev/${dev##*/}" -n "$1" -b 16 -t 8 -F "$_st_s0:$_st_s1"
		_st_rc=$?
	fi
	echo 0 >"$dev/buffer/enable"
	echo "" >"$dev/trigger/current_trigger"
	return $_st_rc
}

modprobe i2c-dev || { t_fail "modprobe i2c-dev"; t_done; }
modprobe st_accel_i2c || { t_fail "modprobe st_accel_i2c"; t_done; }

for t in rising falling high low; do
	if ! bind $t; then
		t_fail "$t: st_accel binds to the simulator"
		sim_unload
		continue
	fi
	case $t in
	rising | falling) kind=edge ;;
	*) kind=level ;;
	esac
	case $t in
	falling | low) pol=0x02 ;;
	*) pol=0x00 ;;
	esac
	t_eq "$t: the client's irq is a $kind irq of lis2dh_sim, requested" \
		"$kind lis3dh-trigger" "$(sim_irq)"
	t_eq "$t: st_accel set INT_POLARITY to match" $pol "$(rdm 0x25 0x02)"

	# A full FIFO (WTM set) not yet routed to INT1, then routed and
	# unrouted. Only for edges: a level interrupt whose handler returns
	# IRQ_NONE (st_accel with its buffer off) storms until the kernel
	# disables it ("nobody cared"). Level re-delivery on unmask is what the
	# stream below needs when a sample comes while the irq is masked.
	if [ $kind = edge ]; then
		quiet
		wr 0x24 0x40
		wr 0x2e 0x44 # FIFO mode, FTH 4
		wr 0x20 0x57
		sleep 0.5
		wr 0x20 0x07
		t_eq "$t: FIFO full, WTM set" 0xc0 "$(rd 0x2f)"
		i0=$(irqs)
		wr 0x22 0x04 # route WTM: INT1 goes active
		sleep 0.3
		i1=$(irqs)
		wr 0x22 0x00 # and inactive again
		sleep 0.3
		i2=$(irqs)
		t_eq "$t: one interrupt when INT1 goes active" 1 $((i1 - i0))
		t_eq "$t: none when INT1 goes inactive" 0 $((i2 - i1))
		# Wrong polarity: the edge of the trigger type comes on release.
		wr 0x25 $((pol ^ 0x02))
		sleep 0.2
		i0=$(irqs)
		wr 0x22 0x04
		sleep 0.2
		i1=$(irqs)
		wr 0x22 0x00
		sleep 0.2
		i2=$(irqs)
		wr 0x25 $pol
		t_eq "$t, inverted INT_POLARITY: no interrupt on activation" 0 \
			$((i1 - i0))
		t_eq "$t, inverted INT_POLARITY: one on release" 1 $((i2 - i1))
		quiet
	fi

	if [ $t = rising ]; then
		# watermark: one edge when FSS passes FTH; FIFO mode then stops
		wr 0x24 0x40
		wr 0x2e 0x44
		wr 0x22 0x04
		i0=$(irqs)
		wr 0x20 0x57
		sleep 0.5
		wr 0x20 0x07
		t_eq "WTM: one interrupt as the FIFO fills past FTH" 1 \
			$(($(irqs) - i0))
		rd 0xa8 168 >/dev/null
		t_eq "WTM: 28 samples read, 4 left" 0x04 "$(rd 0x2f)"
		wr 0x2e 0x00
		wr 0x2e 0x44
		wr 0x20 0x57
		sleep 0.5
		wr 0x20 0x07
		t_eq "WTM: a second interrupt after bypass and refill" 2 \
			$(($(irqs) - i0))
		quiet

		# overrun: stream mode, one edge when the FIFO becomes full
		wr 0x24 0x40
		wr 0x2e 0x9f
		wr 0x22 0x02
		i0=$(irqs)
		wr 0x20 0x57
		sleep 0.6
		wr 0x20 0x07
		t_eq "OVERRUN: one interrupt when the stream FIFO is full" 1 \
			$(($(irqs) - i0))
		rd 0xa8 6 >/dev/null
		wr 0x20 0x57
		sleep 0.3
		wr 0x20 0x07
		t_eq "OVERRUN: again after one read and a refill" 2 \
			$(($(irqs) - i0))
		quiet

		# IA1 latched: the line stays until INT1_SRC is read
		wr 0x24 0x08
		wr 0x30 0x10 # ZLIE: Z = 0 is below THS 1
		wr 0xb2 0x01 0x00
		wr 0x22 0x40
		i0=$(irqs)
		wr 0x20 0x57
		sleep 0.3
		wr 0x20 0x07
		t_eq "IA1: one interrupt, latched" 1 $(($(irqs) - i0))
		t_eq "IA1: INT1_SRC has IA" 0x40 "$(rdm 0x31 0x40)"
		wr 0x20 0x57
		sleep 0.3
		wr 0x20 0x07
		t_eq "IA1: a second interrupt after the read-to-clear" 2 \
			$(($(irqs) - i0))
		quiet
		wr 0x30 0x00
		wr 0xb2 0x00 0x00
		rd 0x31 >/dev/null

		# data-ready: one edge per new sample after the output was read
		rd 0xa8 6 >/dev/null
		wr 0x22 0x10
		i0=$(irqs)
		wr 0x20 0x27 # 10 Hz
		for _ in 1 2 3; do
			sleep 0.3
			rd 0xa8 6 >/dev/null
		done
		sleep 0.3
		wr 0x20 0x07
		t_eq "ZYXDA: one interrupt per read-then-new-sample (4)" 4 \
			$(($(irqs) - i0))
		quiet
	fi

	i0=$(irqs)
	out=$(stream 200)
	rc=$?
	diag "$t: $out"
	case "$rc $out" in
	0\ *scans=200\ *) t_ok "$t: st_accel streams 200 scans through INT1, none lost or out of order" ;;
	*) t_fail "$t: st_accel streams 200 scans through INT1, none lost or out of order" "status $rc" ;;
	esac
	t_check "$t: interrupts counted ($(($(irqs) - i0)))" \
		[ $(($(irqs) - i0)) -ge 100 ]

	# unload the simulator with st_accel bound and its irq requested
	t_check "$t: unload with the driver bound" sim_unload
	t_check "$t: the IIO device went with it" no_iio_dev lis3dh
done

# irq=0: a client without interrupt, st_accel binds without its trigger
if sim_load irq=0 && TIMEOUT=5 wait_for iio_dev lis3dh; then
	t_ok "irq=0: st_accel binds"
	t_eq "irq=0: the interrupt is not requested" "edge " "$(sim_irq)"
	t_check "irq=0: no data-ready trigger" \
		sh -c '! grep -qx lis3dh-trigger /sys/bus/iio/devices/trigger*/name'
	sim_unload
else
	t_fail "irq=0: st_accel binds"
	sim_unload
fi

rmmod st_accel_i2c st_accel st_sensors_i2c st_sensors 2>/dev/null
t_done
