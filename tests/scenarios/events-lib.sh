# SPDX-License-Identifier: GPL-2.0
# Helpers for the event scenarios (31, 54); source after lib.sh and
# lis2dh-lib.sh. They use EV (the device's events/ directory), CDEV,
# SIM_DBG and CLIENT, and the simulator's motion controls (its header
# comment): accel "X Y Z" (mg, constant), tap, motion_ns, irq_wake.

EV_OUT=/tmp/ev.out
EV_READY=/tmp/ev.ready

# ev_attrs_present NAME...: every NAME exists in EV (the missing ones named)
ev_attrs_present() {
	_missing=""
	for _a in "$@"; do
		[ -e "$EV/$_a" ] || _missing="$_missing $_a"
	done
	[ -z "$_missing" ] || { echo "missing:$_missing"; return 1; }
}

# write_einval FILE VALUE: writing VALUE to FILE fails with EINVAL
write_einval() {
	_err=$( (echo "$2" >"$1") 2>&1) && { echo "accepted"; return 1; }
	echo "$_err" | grep -q "Invalid argument"
}

# write_ebusy FILE VALUE: writing VALUE to FILE fails with EBUSY
write_ebusy() {
	_err=$( (echo "$2" >"$1") 2>&1) && { echo "accepted"; return 1; }
	echo "$_err" | grep -q "busy"
}

# set_scale_fs N: the full-scale range N (0: +-2 g ... 3: +-16 g) of the
# current power mode, from in_accel_scale_available
set_scale_fs() {
	_s=$(cut -d' ' -f$(($1 + 1)) "$DEV/in_accel_scale_available")
	echo "$_s" >"$DEV/in_accel_scale"
}

# sim_accel X Y Z: the simulated chip measures X, Y, Z mg from the next
# sample on (the accel pattern)
sim_accel() {
	echo "$1 $2 $3" >"$SIM_DBG/accel"
}

# ev_start N: evread in the background for N events (1 at least; at most
# 2 s), its output in EV_OUT; returns once its event descriptor is open.
# A reader still running from before is waited for first: a device has one
# event descriptor, and a second open gets EBUSY (seen on the rt lane).
ev_start() {
	[ -z "${EV_PID:-}" ] || wait "$EV_PID" 2>/dev/null
	EV_PID=
	rm -f "$EV_OUT" "$EV_READY"
	_n=$1
	[ "$_n" -ge 1 ] || _n=1
	evread -f "$CDEV" -n "$_n" -T 2 -r "$EV_READY" -c monotonic >"$EV_OUT" 2>&1 &
	EV_PID=$!
	TIMEOUT=3 wait_for test -e "$EV_READY"
}

ev_wait() {
	wait "$EV_PID"
}

# ev_motion N "X Y Z": start a reader for N events, then move the chip to
# X, Y, Z mg
ev_motion() {
	ev_start "$1"
	sim_accel $2
}

# ev_tap N single|double: start a reader for N events, then tap x (2 g
# pulses of 2 samples; the second of a double 15 samples after the first)
ev_tap() {
	ev_start "$1"
	case $2 in
	single) echo "x 2000 2" >"$SIM_DBG/tap" ;;
	double) echo "x 2000 2 15" >"$SIM_DBG/tap" ;;
	esac
}

# ev_expect FIELDS: the reader ends, and its first event is "event FIELDS"
# (chan= mod= type= dir=); its output shown when not
ev_expect() {
	ev_wait
	ev_expect_got "$1"
}

ev_expect_got() {
	head -n 1 "$EV_OUT" | grep -q "^event $1 ts=" && return 0
	diag "got: $(tr "\n" ";" <"$EV_OUT")"
	return 1
}

# ev_none: the reader ends without any event
ev_none() {
	ev_wait
	grep -q "^events=0$" "$EV_OUT" && return 0
	diag "got: $(tr "\n" ";" <"$EV_OUT")"
	return 1
}

# ev_latency DESC: a diagnostic line, the time from the simulated motion
# (motion_ns, monotonic) to the first event's stamp and to its read
ev_latency() {
	_m=$(cat "$SIM_DBG/motion_ns" 2>/dev/null)
	set -- "$1" $(sed -n 's/^event .* ts=\([0-9]*\) read=\([0-9]*\)$/\1 \2/p' "$EV_OUT" | head -n 1)
	if [ -z "$_m" ] || [ -z "${3:-}" ]; then
		diag "latency $1: not measured (motion_ns '${_m}', event '${2:-}')"
		return 0
	fi
	diag "latency $1: motion to event stamp $((($2 - _m) / 1000)) us, to userspace read $((($3 - _m) / 1000)) us"
}

# wake_sets: how many times either pin's interrupt was armed for wake-up
# (irq_wake: "intN ARMED SETS" lines)
wake_sets() {
	awk '{ s += $3 } END { print s + 0 }' "$SIM_DBG/irq_wake"
}

# wake_armed: how many pins are armed for wake-up now
wake_armed() {
	awk '{ s += $2 } END { print s + 0 }' "$SIM_DBG/irq_wake"
}

# wake_cycle: a freeze cycle (pm_test), then 1 if the event interrupt was
# armed for wake-up meanwhile (the simulator counts irq_set_wake(on)
# calls: irq_wake), else 0; 2 if the cycle failed.
wake_cycle() {
	_w0=$(wake_sets)
	echo freeze >/sys/power/state || { echo 2; return; }
	_w1=$(wake_sets)
	if [ "$_w1" -gt "$_w0" ]; then echo 1; else echo 0; fi
}
