#!/bin/sh
# Run cmocka unit test binaries; print and record "N passed, N failed".
# usage: run-unit.sh LABEL BINARY...
label=$1
shift
results=${CHECK_RESULTS:-build/check-results}
pass=0
fail=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT
total() { awk '{ s += $1 } END { print s + 0 }'; }
for t in "$@"; do
	# cmocka writes "Running N test(s)." as a group starts and "N test(s)
	# run." as it ends to stdout, then "PASSED N", "SKIPPED N" and the
	# failures to stderr: read apart, so that no line of one is cut by the
	# other.
	out=$("$t" 2>"$err")
	rc=$?
	eout=$(cat "$err")
	printf '%s\n' "$eout" | grep -E '^\[  (FAILED|ERROR) ' | sed "s|^|  $label $(basename "$t"): |"
	n=$(printf '%s\n' "$out" | sed -n 's/^\[==========\] Running \([0-9]*\) test(s)\.$/\1/p' | total)
	starts=$(printf '%s\n' "$out" | grep -c '^\[==========\] Running [0-9]* test(s)\.$')
	ends=$(printf '%s\n' "$out" | grep -c '^\[==========\] [0-9]* test(s) run\.$')
	p=$(printf '%s\n' "$eout" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' | total)
	s=$(printf '%s\n' "$eout" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s), listed below:$/\1/p' | total)
	# failed: every test started and not reported passed or skipped
	# (failures, errors, the tests of a group that never ended)
	f=$((n - p - s))
	if [ "$starts" -eq 0 ] || [ "$ends" -ne "$starts" ]; then
		# no test started, or no summary: crashed (sanitizer report) or
		# exited inside a test, whatever the exit status
		printf '%s\n%s\n' "$out" "$eout" | grep -v '^$' | tail -20 | sed "s|^|  $label $(basename "$t"): |"
		echo "  $label $(basename "$t"): $starts group(s) started, $ends ended with a summary, exit status $rc"
		[ "$f" -gt 0 ] || f=1
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# nothing failed, then a non-zero exit (a leak report at exit)
		printf '%s\n' "$eout" | tail -20 | sed "s|^|  $label $(basename "$t"): |"
		f=1
	fi
	echo "unit ($label) $(basename "$t"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "unit ($label): $pass passed, $fail failed"
echo "$pass $fail" >>"$results"
[ "$fail" -eq 0 ]
