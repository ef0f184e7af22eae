#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The KUnit suites of tests/kunit (the driver's pure computations): load the
# test module, which runs its suites, and report each test case from the
# suites' results in debugfs. Only kernels with KUnit build the module (the
# debug lane); elsewhere this is a skip.
. ./lib.sh

KUNIT_DIR=/sys/kernel/debug/kunit
SUITES="lis2dh_fifo_src lis2dh_watermark lis2dh_timestamps lis2dh_tables lis2dh_firmware lis2dh_mode_switch lis2dh_analog lis2dh_events"

# KUnit's debugfs directory exists on a kernel with KUnit (the debug
# kernel's config has KUNIT_DEBUGFS); there the test module must be too.
if [ ! -d "$KUNIT_DIR" ]; then
	t_plan 1
	t_skip "lis2dh KUnit suites" "kernel $(uname -r) has no KUnit; the debug lane runs them"
	t_done
fi

# The module's load and unload, each suite's cases and its own line: the
# 32 cases of the 8 suites in tests/kunit/lis2dh_kunit.c.
t_plan $((2 + 8 + 32))

t_check "lis2dh_kunit loads and runs its suites" modprobe lis2dh_kunit

# kunit_cases RESULTS: the test case lines of a suite's KTAP results, which
# are the indented ones ("    ok 3 name" or, on newer kernels,
# "    ok 3 - name"), unindented, as "ok|not ok NAME[ # SKIP reason]".
kunit_cases() {
	sed -nE 's/^[[:space:]]+(not ok|ok) [0-9]+ (- )?/\1 /p' "$1"
}

for suite in $SUITES; do
	results=$KUNIT_DIR/$suite/results
	if [ ! -r "$results" ]; then
		t_fail "suite $suite ran" "no $results"
		continue
	fi
	kunit_cases "$results" >/tmp/kunit-cases
	if [ ! -s /tmp/kunit-cases ]; then
		t_fail "suite $suite reported its test cases" "$(head -n 20 "$results")"
		continue
	fi
	while read -r line; do
		case "$line" in
		"not ok "*)
			t_fail "$suite: ${line#not ok }"
			# What failed: the suite's lines other than results and plans
			grep -vE '^[[:space:]]*((not )?ok [0-9]|KTAP|1\.\.)' "$results" |
				head -n 20 | sed 's/^/# /'
			;;
		*"# SKIP"*)
			name=${line#ok }
			t_skip "$suite: ${name%% # SKIP*}" "${name#*# SKIP}"
			;;
		*) t_ok "$suite: ${line#ok }" ;;
		esac
	done </tmp/kunit-cases
	# KUnit keeps 512 bytes of log per test case in 6.1: a case with many
	# failed expectations loses its own result line. Count against the plan.
	plan=$(sed -nE 's/^[[:space:]]+1\.\.([0-9]+)$/\1/p' "$results" | head -n 1)
	got=$(wc -l </tmp/kunit-cases)
	if [ "${plan:-0}" != "$got" ]; then
		t_fail "suite $suite: $got of ${plan:-?} test case results in debugfs"
		grep -vE '^[[:space:]]*((not )?ok [0-9]|KTAP|1\.\.)' "$results" |
			head -n 20 | sed 's/^/# /'
	fi
	# The suite's own line, unindented, must agree.
	t_check "suite $suite passed as a whole" \
		grep -qE "^ok [0-9]+ (- )?$suite\$" "$results"
done

t_check "lis2dh_kunit unloads" rmmod lis2dh_kunit
t_done
