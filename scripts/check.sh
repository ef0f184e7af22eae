#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check.sh: what `make check` runs, timing each part:
#
#   unit       userspace unit, fuzz and host tests (make -C userspace check)
#   lint       checkpatch --strict, sparse and W=1 (scripts/lint-driver.sh)
#   dts        the overlays of dts/ compiled, applied to the Raspberry Pi 4
#              tree and run through dt-validate (scripts/check-dts.sh)
#   stock      every scenario on Debian's stock kernel, and the smoke run
#              of make bench
#   rt         every scenario on Debian's PREEMPT_RT kernel
#   6.12       every scenario on Debian's 6.12 kernel
#   arm64      ARM64_SCENARIOS on Debian's 6.12 arm64 kernel (qemu-system-aarch64
#              -M virt, one vCPU under -icount; modules cross-built)
#   smp        the unbind, rmmod, power and concurrent-reader scenarios
#              (SMP_SCENARIOS) on the PREEMPT_RT kernel with two vCPUs
#   detectors  each detector of the debug kernel fires (tests/vm/check-detectors)
#   debug      every scenario, and the KUnit suites, on the debug kernel
#   pkg        make deb, lintian (errors fail), systemd-analyze verify of the
#              unit, the man page, the example config, a throwaway DKMS
#              build (scripts/check-pkg.sh; host only, installs nothing)
#   system     the packages installed on a Debian bookworm image (mmdebstrap,
#              built once per machine by scripts/build-system-image.sh), booted
#              twice with systemd and udev on the stock kernel: udev, the unit,
#              the modprobe policy, restarts, replug, a reset (tests/system/run)
#
# stock, rt, 6.12 and debug run on one vCPU whose time follows its own work
# (tests/vm/run: QEMU -icount), so what the host does beside them changes
# their wall time, not their results: they run side by side. smp runs two
# vCPUs in parallel host threads in real time (QEMU cannot count
# instructions with two vCPUs: the boot hangs at AP bring-up), for the races
# between CPUs that one vCPU hides; its scenarios assert nothing about rates.
#
# The debug kernel is built once per machine (scripts/build-debug-kernel.sh);
# when it is not cached yet, its build starts first and only the parts that
# boot it wait for it. It and the debug lane after it are the longest chain,
# so the stock and rt lanes beside it run at a lower CPU priority: that
# changes their wall time, not their results.
#
# Every part runs even after one failed; the exit status is 1 if any did.
# Environment: CHECK_PARTS="unit lint ..." runs a subset.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

parts=${CHECK_PARTS:-unit lint dts pkg system stock rt 6.12 arm64 smp detectors debug}
want() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

# The scenarios of the arm64 lane (VM_KERNEL=arm64), which boots with
# tests/vm/arm64/mkdtb.sh's device tree: the simulator and the chip are
# nodes of it. (The scenarios of the simulator's module-parameter mode,
# 20-lis2dh-probe and 22-lis2dh-fifo, pass there with VM_DTB=none.)
ARM64_SCENARIOS="tests/scenarios/00-env.sh tests/scenarios/50-of-probe.sh
tests/scenarios/51-of-variants.sh tests/scenarios/52-of-capture.sh
tests/scenarios/53-of-iiofwd.sh tests/scenarios/54-of-bus-clock.sh
tests/scenarios/55-of-events.sh"

SMP_SCENARIOS="tests/scenarios/00-env.sh tests/scenarios/20-lis2dh-probe.sh
tests/scenarios/24-lis2dh-trigger.sh tests/scenarios/26-lis2dh-pm.sh
tests/scenarios/28-lis2dh-lifecycle.sh tests/scenarios/41-iiofwd-restarts.sh"

logdir=$top/build/check
mkdir -p "$logdir"
summary=()
failed=0

# record NAME START RC [DETAIL [END]]: add a part's time (to END, default
# now) and result to the summary
record() {
	local result="ok${4:+ ($4)}" end=${5:-$(date +%s)}
	[ "$3" = 0 ] || { result="FAILED ($3)"; failed=1; }
	summary+=("$(printf '%-12s %5d s  %s' "$1" $((end - $2)) "$result")")
}

# run NAME CMD...: run one part in the foreground, record its time and result
run() {
	local name=$1 start rc=0
	shift
	echo "check: === $name ==="
	start=$(date +%s)
	"$@" || rc=$?
	record "$name" "$start" "$rc"
}

# The skips a lane's log lists (tests/vm/run prints each as "vm: skip ...").
skips() {
	grep -c '^vm: skip on' "$1" || true
}

# Parts run in the background write their output to build/check/NAME.log;
# it is printed when the part has ended.
declare -A bg_pid=() bg_start=()
start_bg() {
	local name=$1
	shift
	echo "check: === $name (in the background; log in $logdir/$name.log) ==="
	bg_start[$name]=$(date +%s)
	rm -f "$logdir/$name.end"
	{
		"$@" >"$logdir/$name.log" 2>&1
		rc=$?
		date +%s >"$logdir/$name.end"
		exit $rc
	} &
	bg_pid[$name]=$!
}
wait_bg() {
	local name=$1 rc=0 detail=""
	[ -n "${bg_pid[$name]:-}" ] || return 0
	wait "${bg_pid[$name]}" || rc=$?
	echo "check: === $name (its output) ==="
	cat "$logdir/$name.log"
	case "$name" in
	debug-kernel) detail=$(tail -n 1 "$logdir/$name.log") ;;
	system) detail=$(grep '^system: [0-9]* passed' "$logdir/$name.log" | sed 's/^system: //') ;;
	stock | rt | 6.12 | arm64 | smp | debug) detail="$(tail -n 1 "$logdir/$name.log" | sed 's/^vm: //'); skips listed: $(skips "$logdir/$name.log")" ;;
	esac
	record "$name" "${bg_start[$name]}" "$rc" "$detail" "$(cat "$logdir/$name.end" 2>/dev/null)"
	unset "bg_pid[$name]"
}

if want detectors || want debug; then
	start_bg debug-kernel scripts/build-debug-kernel.sh
fi

# Built once here, so that the lanes running side by side find the modules'
# userspace and iiofwd up to date instead of building them together.
make -s -C userspace >/dev/null

# The stock lane also runs the bench's smoke variant (one ODR, one bus
# speed, a few hundred samples: bench/run.sh --smoke-script), so that
# `make bench` cannot rot; it checks that each part produced its numbers,
# never the figures.
want stock && start_bg stock nice -n 10 tests/vm/run tests/scenarios/[0-9]*.sh \
	"$(bench/run.sh --smoke-script)"
want rt && start_bg rt nice -n 10 env VM_KERNEL=rt tests/vm/run tests/scenarios/[0-9]*.sh
# shellcheck disable=SC2086
want arm64 && start_bg arm64 nice -n 10 env VM_KERNEL=arm64 tests/vm/run $ARM64_SCENARIOS

want unit && run unit make -C userspace check
want lint && run lint scripts/lint-driver.sh
want dts && run dts scripts/check-dts.sh
want pkg && run pkg scripts/check-pkg.sh
# after pkg, whose make deb it installs (without pkg it makes its own)
if want system; then
	if want pkg; then
		start_bg system nice -n 10 env SYSTEM_DEBS="$top/build/deb" tests/system/run
	else
		start_bg system nice -n 10 tests/system/run
	fi
fi

# The debug lane is the longest: it starts as soon as its kernel is there
# (at once when cached), the others as earlier lanes end.
wait_bg debug-kernel
want debug && start_bg debug env VM_KERNEL=debug tests/vm/run tests/scenarios/[0-9]*.sh
wait_bg stock
# shellcheck disable=SC2086
want smp && start_bg smp env VM_KERNEL=rt VM_SMP=2 VM_ICOUNT= tests/vm/run $SMP_SCENARIOS
wait_bg rt
want 6.12 && start_bg 6.12 nice -n 10 env VM_KERNEL=6.12 tests/vm/run tests/scenarios/[0-9]*.sh
want detectors && run detectors tests/vm/check-detectors
wait_bg arm64
wait_bg smp
wait_bg 6.12
wait_bg system
wait_bg debug

echo "check: ---- summary ----"
[ ${#summary[@]} = 0 ] || printf 'check: %s\n' "${summary[@]}"
exit $failed
