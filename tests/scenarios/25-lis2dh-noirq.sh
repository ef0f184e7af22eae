#!/bin/sh
# lis2dh: no interrupt line (irq=0). No trigger is offered; buffered
# capture still works, the driver draining the FIFO from a work item at the
# watermark period.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 13

if ! lis2dh_setup lis3dh chip=lis3dh irq=0; then
	t_fail "lis2dh_i2c binds to a simulated lis3dh without interrupt"
	lis2dh_teardown
	t_done
fi
t_ok "lis2dh_i2c binds to a simulated lis3dh without interrupt"
t_check "no trigger registered" sh -c '! ls /sys/bus/iio/devices/ | grep -q trigger'
echo lis3dh-dev0 >"$DEV/trigger/current_trigger" 2>/dev/null
t_eq "no trigger can be set" "" "$(cat "$DEV/trigger/current_trigger")"
enable_scan
echo 4096 >"$DEV/buffer/length"

for a in normal:100:8:1000 normal:1344:16:5000 low_power:5376:16:5000; do
	IFS=: read -r mode rate wm n <<-END
	$a
	END
	echo "$mode" >"$DEV/in_accel_power_mode"
	echo "$rate" >"$DEV/sampling_frequency"
	echo "$wm" >"$DEV/buffer/watermark"
	no_irq_capture() {
		ov0=$(cnt overruns)
		capture "$rate" "$n" -p 2 -T 5
		_rc=$?
		chip=$(($(cnt overruns) - ov0))
		return $_rc
	}
	desc="$mode $rate Hz: $n scans without loss, timestamps within 2 %"
	if [ "$rate" = 5376 ]; then
		# Without an interrupt line the FIFO is drained by a delayed
		# work on the jiffy timer (HZ=250: 4 ms steps), and the FIFO
		# holds 5.95 ms at 5376 Hz: a known limit, listed in
		# tests/vm/skips, with the loss measured here.
		no_irq_capture
		t_skip "$desc" "measured, not asserted: lost $chip of $((n + chip)) samples (jiffy-timer polling, 5.95 ms FIFO)"
	else
		t_run "$desc" no_irq_capture
	fi
	diag "$mode $rate Hz, no irq: $CAP_RES; chip FIFO lost $chip; per sample $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") transfers"
	t_eq "$mode $rate Hz: no interrupt used" 0 "$CAP_IRQS"
	lost=$(echo "$CAP_RES" | sed -n 's/.* lost=\([0-9]*\).*/\1/p')
	t_check "$mode $rate Hz: every lost scan (${lost:-?}) was lost in the chip FIFO ($chip)" \
		test -n "$lost" -a "${lost:-1}" -le "$chip"
done
echo normal >"$DEV/in_accel_power_mode"

# The polling stops with the buffer: no bus traffic at rest (after the
# autosuspend has powered the chip down).
TIMEOUT=8 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
x0=$(cnt xfers)
sleep 1
t_eq "no transfers with the buffer disabled" 0 "$(($(cnt xfers) - x0))"

lis2dh_teardown
t_done
