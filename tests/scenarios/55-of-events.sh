#!/bin/sh
# Device tree (arm64 lane): the events on INT2 when the tree wires it.
#  - both: INT2 then INT1 (interrupt-names "INT2", "INT1"), level high,
#          wakeup-source: the FIFO on INT1, the events on INT2 with their
#          own interrupt, routed by CTRL_REG6; an event during a capture
#          while the capture loses nothing; the INT2 interrupt armed for
#          wake-up across a suspend only while an event is enabled
#  - int2: INT2 alone: the FIFO polled, the events on INT2
# The latency from the simulated motion to the event's stamp and to its read
# is printed (# lines), not asserted. Skips on lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./of-lib.sh
. ./events-lib.sh
t_plan 12

D1="both: INT1 and INT2 requested, level"
D2="both: wakeup-source: power/wakeup enabled"
D3="both: x mag rising routed to INT2 (CTRL_REG6), not INT1"
D4="both: x mag rising arrives"
D5="both: raised on INT2, not INT1"
D6="both: a double tap arrives on INT2"
D7="both: capture on INT1 with events on INT2: 300 scans at 100 Hz intact"
D8="both: the event came during the capture"
D9="both: INT2 armed for wake-up across a suspend with an event enabled"
D10="both: not armed without an enabled event"
D11="int2: FIFO polled, x mag rising arrives on INT2"
D12="no error logged by the driver"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D1" "$D2" "$D3" "$D4" "$D5" "$D6" "$D7" "$D8" "$D9" \
		"$D10" "$D11" "$D12"
fi

of_setup
DBG=/sys/kernel/debug

# use_chip BUS: the chip of the simulated bus BUS (lis2dh_sim_both, ...)
use_chip() {
	CLIENT=$(of_client "$1" 18)
	DEV=$(of_iio "$CLIENT")
	CDEV=/dev/${DEV##*/}
	SIM_DBG=$DBG/$1
	EV=$DEV/events
	echo monotonic >"$DEV/current_timestamp_clock"
}

dmesg -c >/dev/null
use_chip lis2dh_sim_both
t_eq "$D1" "1 level lis3dh;2 level lis3dh;" \
	"$(of_irqs lis2dh_sim_both | awk '$3 != "-"' | tr '\n' ';')"
t_eq "$D2" enabled "$(cat "$CLIENT/power/wakeup")"

sim_accel 0 0 1000
echo 10.5 >"$EV/in_accel_mag_rising_value"
echo 1 >"$EV/in_accel_x_mag_rising_en"
t_eq "$D3" "0x40 0x00" \
	"$(printf '0x%02x 0x%02x' $(($(sim_reg 0x25) & 0xe0)) $(($(sim_reg 0x22) & 0xe0)))"
i1=$(cnt irqs)
i2=$(cnt irqs2)
ev_motion 1 "1500 0 1000"
t_run "$D4" ev_expect "chan=accel mod=x type=mag dir=rising"
ev_latency "x mag rising on INT2"
t_eq "$D5" "1 0" "$([ "$(cnt irqs2)" -gt "$i2" ] && echo 1 || echo 0) $(($(cnt irqs) - i1))"
echo 0 >"$EV/in_accel_x_mag_rising_en"
sim_accel 0 0 1000

echo 1 >"$EV/in_accel_gesture_doubletap_en"
ev_tap 1 double
t_run "$D6" ev_expect "chan=accel mod=x|y|z type=gesture dir=doubletap"
ev_latency "double tap on INT2 (from the first pulse)"
echo 0 >"$EV/in_accel_gesture_doubletap_en"

# The counter pattern is the motion (see 31): |x| above 1.5 g for 64
# samples in every 256
echo counter >"$SIM_DBG/pattern"
enable_scan
echo 100 >"$DEV/sampling_frequency"
echo 16 >"$DEV/buffer/watermark"
echo 14.7 >"$EV/in_accel_mag_rising_value"
echo 1 >"$EV/in_accel_x_mag_rising_en"
rm -f "$EV_OUT" "$EV_READY"
evread -f "$CDEV" -n 1 -T 6 -r "$EV_READY" -c monotonic >"$EV_OUT" 2>&1 &
EV_PID=$!
TIMEOUT=3 wait_for test -e "$EV_READY"
i2=$(cnt irqs2)
capture 100 300 -T 10
cap_rc=$?
diag "capture with events on INT2: $CAP_RES; chip FIFO lost $CAP_CHIP; INT1 $CAP_IRQS, INT2 $(($(cnt irqs2) - i2)) interrupts"
cap_intact 300 || cap_rc=1
t_eq "$D7" 0 "$cap_rc"
t_run "$D8" ev_expect "chan=accel mod=x type=mag dir=rising"
echo 0 >"$EV/in_accel_x_mag_rising_en"

if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state; then
	t_fail "$D9" "no pm_test or freeze state on this kernel"
	t_fail "$D10" "no pm_test or freeze state on this kernel"
else
	echo devices >/sys/power/pm_test
	echo 1 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	sim_accel 0 0 1000
	echo 1 >"$EV/in_accel_z_mag_rising_en"
	w0=$(awk '$1 == "int2" { print $3 }' "$SIM_DBG/irq_wake")
	t_eq "$D9" 1 "$(wake_cycle)"
	diag "irq_wake after: $(tr '\n' ';' <"$SIM_DBG/irq_wake") (int2 armed $w0 times before)"
	echo 0 >"$EV/in_accel_z_mag_rising_en"
	t_eq "$D10" 0 "$(wake_cycle)"
	echo none >/sys/power/pm_test
fi

use_chip lis2dh_sim_int2
sim_accel 0 0 1000
echo 10.5 >"$EV/in_accel_mag_rising_value"
echo 1 >"$EV/in_accel_x_mag_rising_en"
ev_motion 1 "1500 0 1000"
t_run "$D11" ev_expect "chan=accel mod=x type=mag dir=rising"
ev_latency "x mag rising, INT2 alone"
echo 0 >"$EV/in_accel_x_mag_rising_en"

t_check "$D12" sh -c "! dmesg | grep -i 'lis2dh.*\\(error\\|fail\\|cannot\\)'"
t_done
