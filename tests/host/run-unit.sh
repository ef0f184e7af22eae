#!/bin/sh
# Run cmocka unit test binaries; print and record "N passed, N failed".
# usage: run-unit.sh LABEL BINARY...
label=$1
shift
results=${CHECK_RESULTS:-build/check-results}
pass=0
fail=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^\[  (FAILED|ERROR) ' | sed "s|^|  $label $(basename "$t"): |"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed (sanitizer report) without cmocka's summary
		printf '%s\n' "$out" | tail -20 | sed "s|^|  $label $(basename "$t"): |"
		f=1
	fi
	echo "unit ($label) $(basename "$t"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "unit ($label): $pass passed, $fail failed"
echo "$pass $fail" >>"$results"
[ "$fail" -eq 0 ]
