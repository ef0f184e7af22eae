#!/bin/sh
# lis2dh: inertial events through the IIO events ABI (driver/lis2dh_events.c),
# here on INT1 shared with the FIFO (the x86 lanes wire INT1 only; 55-of-events
# puts them on INT2). Each event type is enabled through sysfs, the simulator
# makes the motion, and evread (tools/evread.c) reads the events from the
# char device as iio_event_monitor does: code, type, direction and channel
# are asserted, and that a disabled event does not fire. Values are SI
# (m/s^2, s), refused with -EINVAL beyond what the registers hold, and
# follow the full scale and the rate. A capture running meanwhile loses no
# sample. With an event enabled the interrupt is armed for wake-up across a
# system suspend, and not otherwise; an unbind with an event enabled leaves
# runtime PM balanced. Last, INT2 wired alone (irq_pin=2): the events on
# INT2. The latency from the simulated motion to the event's stamp and to
# its read is printed (# lines), not asserted.
. ./lib.sh
. ./lis2dh-lib.sh
. ./events-lib.sh
t_plan 37

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
EV=$DEV/events
dmesg -c >/dev/null
echo monotonic >"$DEV/current_timestamp_clock"
sim_accel 0 0 1000

# ABI
t_check "per-axis mag rising/falling, free-fall and tap attributes" ev_attrs_present \
	in_accel_x_mag_rising_en in_accel_y_mag_rising_en in_accel_z_mag_rising_en \
	in_accel_mag_rising_value in_accel_mag_rising_period \
	in_accel_x_mag_falling_en in_accel_mag_falling_value in_accel_mag_falling_period \
	'in_accel_x&y&z_mag_falling_en' 'in_accel_x&y&z_mag_falling_value' \
	'in_accel_x&y&z_mag_falling_period' \
	in_accel_gesture_singletap_en in_accel_gesture_doubletap_en \
	in_accel_gesture_singletap_value in_accel_gesture_doubletap_reset_timeout \
	in_accel_gesture_doubletap_tap2_min_delay in_accel_gesture_tap_maxtomin_time \
	in_accel_gesture_tap_value_available
t_eq "all events disabled after probe" "0 0 0 0 0 0 0 0 0" \
	"$(cat "$EV"/in_accel_?_mag_rising_en "$EV"/in_accel_?_mag_falling_en \
		"$EV/in_accel_x&y&z_mag_falling_en" "$EV"/in_accel_gesture_*tap_en | tr '\n' ' ' | sed 's/ $//')"

# Invalid values: -EINVAL, the old value kept
echo 5 >"$EV/in_accel_mag_rising_value"
t_check "threshold above +-2 g's 19.93 m/s^2: -EINVAL" write_einval "$EV/in_accel_mag_rising_value" 20.1
t_check "negative threshold: -EINVAL" write_einval "$EV/in_accel_mag_rising_value" -1
t_check "period of 128 samples at 100 Hz: -EINVAL" write_einval "$EV/in_accel_mag_rising_period" 1.28
t_check "tap window of 256 samples at 100 Hz: -EINVAL" write_einval "$EV/in_accel_gesture_doubletap_reset_timeout" 2.56
t_check "tap time limit of 128 samples: -EINVAL" write_einval "$EV/in_accel_gesture_tap_maxtomin_time" 1.28
t_eq "a refused value leaves the threshold as it was" 5.021005 "$(cat "$EV/in_accel_mag_rising_value")"

# SI values follow the full scale and the rate
set_scale_fs 3
t_eq "5 m/s^2 at +-16 g: 3 LSB of 186 mg" 5.472111 "$(cat "$EV/in_accel_mag_rising_value")"
t_eq "THS register at +-16 g" 0x03 "$(sim_reg 0x32)"
set_scale_fs 0
t_eq "back at +-2 g: 32 LSB of 16 mg again" 5.021005 "$(cat "$EV/in_accel_mag_rising_value")"
echo 0.05 >"$EV/in_accel_mag_rising_period"
echo 400 >"$DEV/sampling_frequency"
t_eq "50 ms at 400 Hz: 20 samples" "0.050000 0x14" "$(cat "$EV/in_accel_mag_rising_period") $(sim_reg 0x33)"
echo 10 >"$DEV/sampling_frequency"
t_eq "50 ms at 10 Hz: 1 sample (0.1 s)" "0.100000 0x01" "$(cat "$EV/in_accel_mag_rising_period") $(sim_reg 0x33)"
echo 100 >"$DEV/sampling_frequency"
echo 0 >"$EV/in_accel_mag_rising_period"

# Free-fall and per-axis falling share IA2: one at a time
echo 1 >"$EV/in_accel_x_mag_falling_en"
t_check "free-fall while per-axis falling is enabled: -EBUSY" write_ebusy "$EV/in_accel_x&y&z_mag_falling_en" 1
echo 0 >"$EV/in_accel_x_mag_falling_en"

# Events without a capture
echo 10.5 >"$EV/in_accel_mag_rising_value"
echo 1 >"$EV/in_accel_x_mag_rising_en"
t_eq "x mag rising: IA1 on x high, routed to INT1, latched" "0x02 0x40 0x08" \
	"$(sim_reg 0x30) $(sim_reg 0x22) $(printf '0x%02x' $(($(sim_reg 0x24) & 0x08)))"
ev_motion 1 "1500 0 1000"
t_run "x above 1.07 g: one event" ev_expect "chan=accel mod=x type=mag dir=rising"
ev_latency "x mag rising, no capture"
ev_motion 0 "0 0 1000"
echo 0 >"$EV/in_accel_x_mag_rising_en"
echo 1 >"$EV/in_accel_y_mag_rising_en"
ev_motion 0 "1500 0 1000"
t_run "x above the threshold with only y enabled: no event" ev_none
echo 0 >"$EV/in_accel_y_mag_rising_en"
sim_accel 0 0 1000

echo 2.9 >"$EV/in_accel_mag_falling_value"
echo 1 >"$EV/in_accel_z_mag_falling_en"
ev_motion 1 "0 0 200"
t_run "z below 0.3 g: mag falling on z" ev_expect "chan=accel mod=z type=mag dir=falling"
echo 0 >"$EV/in_accel_z_mag_falling_en"
sim_accel 0 0 1000

echo 3.4 >"$EV/in_accel_x&y&z_mag_falling_value"
echo 0.03 >"$EV/in_accel_x&y&z_mag_falling_period"
echo 1 >"$EV/in_accel_x&y&z_mag_falling_en"
t_eq "free-fall: IA2 AND of the lows (0x95), routed to INT1" "0x95 0x20" \
	"$(sim_reg 0x34) $(printf '0x%02x' $(($(sim_reg 0x22) & 0x20)))"
ev_motion 1 "0 0 0"
t_run "free fall: mag falling on x&y&z" ev_expect "chan=accel mod=x&y&z type=mag dir=falling"
ev_latency "free-fall, no capture"
echo 0 >"$EV/in_accel_x&y&z_mag_falling_en"
sim_accel 0 0 1000
ev_motion 0 "0 0 0"
t_run "free fall with the event disabled: no event" ev_none
sim_accel 0 0 1000

echo 1 >"$EV/in_accel_gesture_singletap_en"
ev_tap 1 single
t_run "a single tap: gesture singletap" ev_expect "chan=accel mod=x|y|z type=gesture dir=singletap"
ev_latency "single tap"
echo 0 >"$EV/in_accel_gesture_singletap_en"
echo 1 >"$EV/in_accel_gesture_doubletap_en"
ev_tap 1 double
t_run "a double tap: gesture doubletap" ev_expect "chan=accel mod=x|y|z type=gesture dir=doubletap"
echo 0 >"$EV/in_accel_gesture_doubletap_en"
ev_tap 0 single
t_run "a tap with tap events disabled: no event" ev_none
t_eq "nothing routed once all are disabled" 0x00 \
	"$(printf '0x%02x' $(($(sim_reg 0x22) & 0xe0)))"

# Events during a FIFO capture. The counter pattern is the motion (any
# injected motion would change the counter): x's top byte counts samples,
# so |x| is above 1.5 g for 64 samples in every 256, one event per sample
# then (the latch is read, the condition holds). The capture must lose
# nothing meanwhile, and the event must come.
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
i0=$(cnt irqs)
capture 100 300 -T 10
cap_rc=$?
diag "capture with events: $CAP_RES; chip FIFO lost $CAP_CHIP; INT1 interrupts $(($(cnt irqs) - i0))"
t_eq "capture with an event enabled: 300 scans read" 0 "$cap_rc"
t_run "capture intact meanwhile (counter pattern)" cap_intact 300
t_run "the event came during the capture" ev_expect "chan=accel mod=x type=mag dir=rising"
t_eq "IA1 still routed to INT1 after the capture (CTRL_REG3)" 0x40 \
	"$(printf '0x%02x' $(($(sim_reg 0x22) & 0xe0)))"
echo 0 >"$EV/in_accel_x_mag_rising_en"
sim_accel 0 0 1000

# Wake-up across a system suspend (pm_test devices)
if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state; then
	t_skip "wake armed across suspend with an event enabled" "no pm_test or freeze state"
	t_skip "wake not armed without an enabled event" "no pm_test or freeze state"
	t_skip "wake not armed when wake-up is disabled" "no pm_test or freeze state"
else
	echo devices >/sys/power/pm_test
	echo 1 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	echo enabled >"$CLIENT/power/wakeup"
	echo 1 >"$EV/in_accel_z_mag_rising_en"
	t_eq "wake armed across suspend with an event enabled" 1 "$(wake_cycle)"
	echo 0 >"$EV/in_accel_z_mag_rising_en"
	t_eq "wake not armed without an enabled event" 0 "$(wake_cycle)"
	echo 1 >"$EV/in_accel_z_mag_rising_en"
	echo disabled >"$CLIENT/power/wakeup"
	t_eq "wake not armed when wake-up is disabled" 0 "$(wake_cycle)"
	echo 0 >"$EV/in_accel_z_mag_rising_en"
	echo none >/sys/power/pm_test
fi

# Unbind with an event enabled: its runtime PM reference goes with it
echo 1 >"$EV/in_accel_z_mag_rising_en"
echo "${CLIENT##*/}" >/sys/bus/i2c/drivers/lis2dh_i2c/unbind
echo "${CLIENT##*/}" >/sys/bus/i2c/drivers/lis2dh_i2c/bind
TIMEOUT=3 wait_for iio_dev lis3dh
DEV=$(iio_dev lis3dh)
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "unbound with an event enabled, bound again: runtime suspended when idle" \
	suspended "$(cat "$CLIENT/power/runtime_status")"

t_check "no error logged by the driver" sh -c \
	"! dmesg | grep -i 'lis2dh.*\\(error\\|fail\\|cannot\\)'"
lis2dh_teardown

# INT2 wired alone (irq_pin=2: a software node naming it): the FIFO is
# polled, the events have INT2 to themselves
if ! lis2dh_setup lis3dh chip=lis3dh irq_pin=2; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh with INT2 alone"
	lis2dh_teardown
	t_done
fi
EV=$DEV/events
echo monotonic >"$DEV/current_timestamp_clock"
sim_accel 0 0 1000
echo 10.5 >"$EV/in_accel_mag_rising_value"
echo 1 >"$EV/in_accel_x_mag_rising_en"
t_eq "INT2 alone: IA1 routed to INT2 (CTRL_REG6), not INT1" "0x40 0x00" \
	"$(printf '0x%02x 0x%02x' $(($(sim_reg 0x25) & 0xe0)) $(($(sim_reg 0x22) & 0xe0)))"
i1=$(cnt irqs)
i2=$(cnt irqs2)
ev_motion 1 "1500 0 1000"
t_run "INT2 alone: x mag rising arrives" ev_expect "chan=accel mod=x type=mag dir=rising"
ev_latency "x mag rising on INT2"
t_eq "INT2 alone: raised on INT2, not INT1" "1 0" \
	"$([ "$(cnt irqs2)" -gt "$i2" ] && echo 1 || echo 0) $(($(cnt irqs) - i1))"
echo 0 >"$EV/in_accel_x_mag_rising_en"
lis2dh_teardown
t_done
