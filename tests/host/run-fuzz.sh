#!/bin/sh
# Run each libFuzzer target for SECONDS on a seeded corpus.
# usage: run-fuzz.sh SECONDS FUZZER...
secs=$1
shift
results=${CHECK_RESULTS:-build/check-results}
seeds=$(dirname "$0")/fuzz-seeds
pass=0
fail=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=build/fuzz/corpus-$name
	mkdir -p "$corpus"
	[ -d "$seeds/$name" ] && cp -n "$seeds/$name"/* "$corpus"/ 2>/dev/null
	log=build/fuzz/$name.log
	if "$f" -max_total_time="$secs" -max_len=512 -timeout=5 -rss_limit_mb=1024 \
		-artifact_prefix=build/fuzz/"$name"- "$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
		echo "fuzz $name: ok (${runs:-?} runs in ${secs}s)"
		pass=$((pass + 1))
	else
		echo "fuzz $name: FAILED (see userspace/$log)"
		grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -5 | sed 's/^/  /'
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
echo "$pass $fail" >>"$results"
[ "$fail" -eq 0 ]
