#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check.sh: what `make check` runs, in order, timing each part:
#
#   unit       userspace unit, fuzz and host tests (make -C userspace check)
#   lint       checkpatch --strict, sparse and W=1 (scripts/lint-driver.sh)
#   stock      every scenario on Debian's stock kernel
#   rt         every scenario on Debian's PREEMPT_RT kernel
#   detectors  each detector of the debug kernel fires (tests/vm/check-detectors)
#   debug      every scenario, and the KUnit suites, on the debug kernel
#
# The debug kernel is built once per machine (scripts/build-debug-kernel.sh);
# when it is not cached yet, its build starts first, at the lowest CPU
# priority, beside unit and lint, and the VM lanes wait for it. The stock
# lane, which asserts the rate checks, then runs alone on a quiet host; the
# rt lane and the detector checks run beside the debug lane, whose output
# is shown when it ends (those two lanes report missed rate checks as
# skips: t_timely in tests/scenarios/lib.sh).
#
# Every part runs even after one failed; the exit status is 1 if any did.
# Environment: CHECK_PARTS="unit lint ..." runs a subset, in the order above.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

parts=${CHECK_PARTS:-unit lint stock rt detectors debug}
want() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

logdir=$top/build/check
mkdir -p "$logdir"
summary=()
failed=0

kernel_pid=""
if want detectors || want debug; then
	echo "check: debug kernel (built once per machine, log in $logdir/debug-kernel.log)"
	kernel_start=$(date +%s)
	nice -n 19 scripts/build-debug-kernel.sh >"$logdir/debug-kernel.log" 2>&1 &
	kernel_pid=$!
fi

# record NAME START RC [DETAIL]: add a part's time and result to the summary
record() {
	local result="ok${4:+ ($4)}"
	[ "$3" = 0 ] || { result="FAILED ($3)"; failed=1; }
	summary+=("$(printf '%-10s %5d s  %s' "$1" $(($(date +%s) - $2)) "$result")")
}

# run NAME CMD...: run one part, record its time and result
run() {
	local name=$1 start rc=0
	shift
	echo "check: === $name ==="
	start=$(date +%s)
	"$@" || rc=$?
	record "$name" "$start" "$rc"
}

wait_kernel() {
	[ -n "$kernel_pid" ] || return 0
	local rc=0
	wait "$kernel_pid" || rc=$?
	record debug-kernel "$kernel_start" "$rc" "$(tail -n 1 "$logdir/debug-kernel.log")"
	[ $rc = 0 ] || tail -n 30 "$logdir/debug-kernel.log"
	kernel_pid=""
}

want unit && run unit make -C userspace check
want lint && run lint scripts/lint-driver.sh
wait_kernel
want stock && run stock tests/vm/run tests/scenarios/[0-9]*.sh

debug_pid=""
if want debug; then
	# Built here once, so that the lanes running side by side find
	# iiofwd up to date instead of building it together.
	make -s -C userspace >/dev/null
	echo "check: === debug (beside rt and detectors; log in $logdir/debug.log) ==="
	debug_start=$(date +%s)
	VM_KERNEL=debug tests/vm/run tests/scenarios/[0-9]*.sh >"$logdir/debug.log" 2>&1 &
	debug_pid=$!
fi
want rt && run rt env VM_KERNEL=rt tests/vm/run tests/scenarios/[0-9]*.sh
want detectors && run detectors tests/vm/check-detectors
if [ -n "$debug_pid" ]; then
	rc=0
	wait "$debug_pid" || rc=$?
	echo "check: === debug (its output) ==="
	cat "$logdir/debug.log"
	record debug "$debug_start" "$rc"
fi

echo "check: ---- summary ----"
[ ${#summary[@]} = 0 ] || printf 'check: %s\n' "${summary[@]}"
exit $failed
