#!/bin/bash
# CPU time (user + system) of iiofwd per 10,000 samples forwarded, with the
# replay source (as fast as the output takes them) to: a jsonl file, and a
# local mosquitto with QoS 0 and QoS 1 (batches of 100 samples, JSON).
# usage: bench/iiofwd-bench.sh [SAMPLES]   (run from userspace/ by make bench)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
US=$(cd "$HERE/../userspace" && pwd)
N=${1:-200000}
T=$(mktemp -d /tmp/iiofwd-bench.XXXXXX)
BROKER=

cleanup() {
	[ -n "$BROKER" ] && kill "$BROKER" 2>/dev/null && wait "$BROKER" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser %s\nmax_queued_messages 0\n' \
	"$PORT" "$(id -un)" >"$T/m.conf"
mosquitto -c "$T/m.conf" >/dev/null 2>&1 &
BROKER=$!
"$US/build/mkcapture" "$T/c.raw" "$N" 1344
sleep 0.5

# run CMD..., print "cpu_seconds wall_seconds exit_status"
cpu() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.time()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.time() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.4f %.3f %d" % (r.ru_utime + r.ru_stime, wall, rc))
PY
}

printf '%-22s %10s %12s %14s\n' output samples wall_s "cpu_ms/10k"
for mode in jsonl mqtt-qos0 mqtt-qos1; do
	case $mode in
	jsonl) out="jsonl:$T/out.jsonl" ;;
	mqtt-qos0) out="mqtt://127.0.0.1:$PORT/bench?qos=0" ;;
	mqtt-qos1) out="mqtt://127.0.0.1:$PORT/bench?qos=1" ;;
	esac
	read -r c w rc < <(cpu "$US/iiofwd" -u "replay:$T/c.raw" -o "$out" --drain-timeout 60)
	if [ "$rc" != 0 ]; then
		echo "$mode: iiofwd failed ($rc)"
		exit 1
	fi
	printf '%-22s %10d %12s %14.2f\n' "$mode" "$N" "$w" \
		"$(python3 -c "print($c * 1000 * 10000 / $N)")"
	rm -f "$T/out.jsonl"
done
