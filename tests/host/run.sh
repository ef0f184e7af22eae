#!/bin/bash
# Host integration tests of iiofwd against a real mosquitto on 127.0.0.1
# (started and stopped by each test on a free high port) and small Python
# sinks. Runs every t-*.sh with the normal build, then the ones exercising
# exit paths and reconnects again with the ASan+UBSan build (leaks fail).
# Prints and records "N passed, N failed". Run from userspace/.
HERE=$(cd "$(dirname "$0")" && pwd)
US=$(cd "$HERE/../../userspace" && pwd)
results=${CHECK_RESULTS:-$US/build/check-results}
pass=0
fail=0
skips=()

run_one() {	# run_one LABEL SCRIPT
	local out p f
	out=$("$2" 2>&1)
	p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
	if [ -z "$p" ]; then
		p=0
		f=1
	fi
	printf '%s\n' "$out" | grep -E '^(not ok|# files kept)' | sed "s|^|  $1 $(basename "$2"): |"
	# A test that cannot run here says "# skipped: REASON". Every such
	# reason is a missing privilege, so as root (CI) a skip fails.
	local why
	why=$(printf '%s\n' "$out" | sed -n 's/^# skipped: //p' | head -1)
	if [ -n "$why" ]; then
		skips+=("$1 $(basename "$2"): $why")
		if [ "$(id -u)" = 0 ]; then
			echo "  $1 $(basename "$2"): skipped as root: $why"
			f=$((f + 1))
		fi
	fi
	echo "host ($1) $(basename "$2"): $p passed, $f failed"
	pass=$((pass + p))
	fail=$((fail + f))
}

for t in "$HERE"/t-*.sh; do
	IIOFWD=$US/iiofwd run_one plain "$t"
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for t in t-basic.sh t-sigterm.sh t-spool.sh t-mqtt-restart.sh t-mqtt-cut.sh t-influx.sh t-vanish.sh \
	t-epipe.sh t-undelivered.sh t-mqtt-kill.sh t-spool-full.sh t-resolver.sh t-secrets.sh t-list.sh t-wait.sh t-journal.sh t-templates.sh t-reload.sh t-influx-http.sh t-mqtt5.sh t-mqtt-channel-restart.sh t-reload-spool.sh \
	t-spool-url.sh t-backpressure.sh; do
	IIOFWD=$US/build/iiofwd-asan run_one asan "$HERE/$t"
done
for s in "${skips[@]}"; do
	echo "host: skipped $s"
done
echo "host: $pass passed, $fail failed, ${#skips[@]} skipped"
echo "$pass $fail" >>"$results"
[ "$fail" -eq 0 ]
