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

# t_plan N: the number of tests this script runs, stated before the first.
# tests/vm/run fails a script that runs another number (it stopped early, or
# a check was skipped over).
t_plan() {
	T_PLAN=$1
	echo "1..$1"
}

t_done() {
	if [ -z "${T_PLAN:-}" ]; then
		echo "1..$T_N"
	elif [ "$T_N" != "$T_PLAN" ]; then
		diag "ran $T_N tests of the $T_PLAN planned"
	fi
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
# How guest time runs (tests/vm/run): icount (it follows the guest's own
# work, whatever the host does) or realtime (the smp lane's two vCPUs).
GUEST_CLOCK=${GUEST_CLOCK:-icount}

# by_lane STOCK OTHER: STOCK on the stock lane, OTHER on the others. For
# loop counts and durations: every lane runs every scenario, the others with
# shorter loops where the length only adds confidence (the debug kernel runs
# 3-5 times slower under TCG). Never for a bound or an assertion.
by_lane() {
	if [ "$LANE" = stock ]; then echo "$1"; else echo "$2"; fi
}

# t_run DESC CMD...: ok when CMD exits 0. Unlike t_check, CMD runs in this
# shell, so the variables it sets (CAP_RES and the like) stay for the checks
# and diagnostics after it. One attempt: guest time follows the guest's own
# work (tests/vm/run: QEMU -icount), so a busy host cannot make a rate check
# fail, and a failure is a result.
t_run() {
	_tr_desc=$1
	shift
	if "$@"; then
		t_ok "$_tr_desc"
	else
		t_fail "$_tr_desc" "command failed ($?): $*"
	fi
}

# no_iio_dev NAME: true when no IIO device is called NAME. Give it to
# t_check or wait_for directly (they run it in this shell): a child shell, as
# in `sh -c '! iio_dev NAME'`, has none of these functions, exits 127 and
# `!` turns that into a pass.
no_iio_dev() {
	! iio_dev "$1" >/dev/null
}
