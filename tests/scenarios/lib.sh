# SPDX-License-Identifier: GPL-2.0
# Helpers for guest scenarios (busybox sh). Source with `. ./lib.sh`.
# Output is TAP: one `ok N - desc` / `not ok N - desc` per check, the plan at
# the end from t_done.

T_N=0
T_FAILED=0

diag() {
	echo "# $*"
}

t_ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1"
}

t_fail() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1"
	[ -n "${2:-}" ] && diag "$2"
	return 0
}

# t_check DESC CMD...: ok when CMD exits 0; CMD's output is shown on failure.
t_check() {
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		t_ok "$_desc"
	else
		t_fail "$_desc" "command failed ($?): $* :: $(echo "$_out" | tail -n 5)"
	fi
}

# t_eq DESC EXPECTED ACTUAL
t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1" "expected '$2', got '$3'"
	fi
}

# t_skip DESC REASON: reported as a skip, never as a pass.
t_skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N - $1 # SKIP $2"
}

t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" = 0 ]
	exit $?
}

# wait_for CMD...: poll CMD every 0.1 s until it succeeds or TIMEOUT
# (seconds, default 5) passes.
wait_for() {
	_deadline=$(($(date +%s) + ${TIMEOUT:-5}))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.1
	done
	return 0
}

SIM_DBG=/sys/kernel/debug/lis2dh_sim

# The number of the I2C bus whose adapter is named "lis2dh_sim".
sim_bus() {
	for _a in /sys/bus/i2c/devices/i2c-*; do
		[ -f "$_a/name" ] || continue
		if [ "$(cat "$_a/name")" = lis2dh_sim ]; then
			echo "${_a##*/i2c-}"
			return 0
		fi
	done
	return 1
}

# sim_load [MODPARAM...]: load the simulator and set SIM_BUS.
sim_load() {
	modprobe lis2dh_sim "$@" || return 1
	SIM_BUS=$(sim_bus) || return 1
	export SIM_BUS
}

sim_unload() {
	rmmod lis2dh_sim
}

# iio_dev NAME: the sysfs directory of the IIO device called NAME.
iio_dev() {
	for _d in /sys/bus/iio/devices/iio:device*; do
		[ -f "$_d/name" ] || continue
		if [ "$(cat "$_d/name")" = "$1" ]; then
			echo "$_d"
			return 0
		fi
	done
	return 1
}

# The kernel lane this guest boots (tests/vm/run, VM_KERNEL): stock, rt or
# debug.
LANE=${LANE:-stock}

# by_lane STOCK OTHER: STOCK on the stock lane, OTHER on rt and debug. For
# loop counts and durations: the rt and debug lanes run every scenario, with
# shorter loops where the length only adds confidence (the debug kernel runs
# 3-5 times slower under TCG).
by_lane() {
	if [ "$LANE" = stock ]; then echo "$1"; else echo "$2"; fi
}

# t_timely DESC CMD...: a check that holds only while the emulated guest
# keeps real time, such as a stream at a high rate without any loss. On the
# stock lane CMD gets up to 3 attempts (see retry) and a failure fails. The
# rt and debug lanes share the host with each other in `make check`, and the
# debug kernel's detectors slow every interrupt several times under TCG:
# there CMD gets one attempt and a failure is reported as a skip, never as a
# pass. The checks that the driver itself loses nothing stay asserted on
# every lane.
t_timely() {
	_tt_desc=$1
	shift
	if [ "$LANE" = stock ]; then
		if retry 3 "$@"; then t_ok "$_tt_desc"; else t_fail "$_tt_desc"; fi
	elif "$@"; then
		t_ok "$_tt_desc"
	else
		t_skip "$_tt_desc" "timing under TCG is asserted on the stock lane only"
	fi
}

# retry N CMD...: run CMD up to N times until it succeeds. For checks whose
# outcome depends on the emulated guest keeping real time (a stream at a high
# rate without any loss): QEMU TCG sometimes stalls a vCPU for longer than the
# chip's FIFO lasts. A systematic fault still fails every attempt.
retry() {
	_retry_n=$1
	shift
	_retry_i=1
	while ! "$@"; do
		[ $_retry_i -ge "$_retry_n" ] && return 1
		diag "attempt $_retry_i of $_retry_n failed; retrying"
		_retry_i=$((_retry_i + 1))
	done
	return 0
}
