#!/bin/bash
# CPU time (user + system) of iiofwd per 10,000 samples forwarded, with the
# replay source (as fast as the output takes them), at batch sizes 1, 16
# and 128 (--batch: samples per network payload; the jsonl file output
# writes a line a sample whatever the batch) to: a jsonl file, InfluxDB line
# protocol over TCP (a local sink that reads and discards), the InfluxDB v2
# HTTP API (tests/host/influx2sink.py, each batch a request answered 204),
# and a local mosquitto with QoS 0, QoS 1 and MQTT 5 QoS 1 (JSON payloads). Beside them,
# `mosquitto_pub -l` publishing the same samples as JSON lines, one message
# a line (what `iio_readdev | ... | mosquitto_pub -l` would do past the
# formatting; iio_readdev itself needs an IIO device, which the host lacks).
# Batch 1 runs a tenth of the samples.
# usage: bench/iiofwd-bench.sh [SAMPLES [CSV]]   (make -C userspace bench,
# bench/run.sh)
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
US=$(cd "$HERE/../userspace" && pwd)
N=${1:-200000}
CSV=${2:-}
T=$(mktemp -d /tmp/iiofwd-bench.XXXXXX)
BROKER=
SINK=
HSINK=

cleanup() {
	local rc=$?
	[ -n "$BROKER" ] && kill "$BROKER" 2>/dev/null && wait "$BROKER" 2>/dev/null || true
	[ -n "$SINK" ] && kill "$SINK" 2>/dev/null && wait "$SINK" 2>/dev/null || true
	[ -n "$HSINK" ] && kill "$HSINK" 2>/dev/null && wait "$HSINK" 2>/dev/null || true
	rm -rf "$T"
	exit "$rc"
}
trap cleanup EXIT

freeport() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PORT=$(freeport)
IPORT=$(freeport)
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser %s\nmax_queued_messages 0\n' \
	"$PORT" "$(id -un)" >"$T/m.conf"
mosquitto -c "$T/m.conf" >/dev/null 2>&1 &
BROKER=$!
# InfluxDB stand-in: accepts connections, reads and discards
python3 -c '
import socket, sys, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
def drain(c):
    while c.recv(1 << 16):
        pass
while True:
    c, _ = s.accept()
    threading.Thread(target=drain, args=(c,), daemon=True).start()
' "$IPORT" &
SINK=$!
HPORT=$(freeport)
python3 "$HERE/../tests/host/influx2sink.py" "$HPORT" "$T/h.txt" --token t &
HSINK=$!
"$US/build/mkcapture" "$T/c.raw" "$N" 1344
"$US/build/mkcapture" "$T/c1.raw" "$((N / 10))" 1344
"$US/build/mkcapture" "$T/c0.raw" 1 1344
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

# Each figure is net of the process's start and stop: the CPU of a run
# forwarding one sample to the same output (start_cpu_s) is subtracted.
[ -n "$CSV" ] && echo "output,batch,samples,wall_s,cpu_s,start_cpu_s,cpu_ms_per_10k,samples_per_cpu_s" >"$CSV"
printf '%-22s %6s %10s %8s %8s %14s %14s\n' output batch samples wall_s start_s "cpu_ms/10k" "samples/cpu_s"
row() { # row OUTPUT BATCH SAMPLES CPU WALL START_CPU
	local ms per
	ms=$(python3 -c "print('%.2f' % (max($4 - $6, 0) * 1000 * 10000 / $3))")
	per=$(python3 -c "d = $4 - $6; print('%.0f' % ($3 / d) if d > 0 else 'inf')")
	printf '%-22s %6s %10d %8s %8s %14s %14s\n' "$1" "$2" "$3" "$5" "$6" "$ms" "$per"
	[ -z "$CSV" ] || echo "$1,$2,$3,$5,$4,$6,$ms,$per" >>"$CSV"
}
for batch in 1 16 128; do
	src=$T/c.raw
	n=$N
	if [ "$batch" = 1 ]; then
		src=$T/c1.raw
		n=$((N / 10))
	fi
	for mode in jsonl influx-tcp influx-http mqtt-qos0 mqtt-qos1 mqtt5-qos1; do
		case $mode in
		jsonl) out="jsonl:$T/out.jsonl" ;;
		influx-tcp) out="influx+tcp://127.0.0.1:$IPORT" ;;
		mqtt-qos0) out="mqtt://127.0.0.1:$PORT/bench?qos=0" ;;
		mqtt-qos1) out="mqtt://127.0.0.1:$PORT/bench?qos=1" ;;
		mqtt5-qos1) out="mqtt5://127.0.0.1:$PORT/bench?qos=1" ;;
		influx-http) out="influx+http://127.0.0.1:$HPORT/?org=o&bucket=b&token=t&batch=$batch" ;;
		esac
		read -r c0 w0 rc < <(cpu "$US/iiofwd" -u "replay:$T/c0.raw" -o "$out" \
			--batch "$batch" --drain-timeout 60)
		read -r c w rc < <(cpu "$US/iiofwd" -u "replay:$src" -o "$out" \
			--batch "$batch" --drain-timeout 60)
		if [ "$rc" != 0 ]; then
			echo "$mode batch $batch: iiofwd failed ($rc)"
			exit 1
		fi
		row "$mode" "$batch" "$n" "$c" "$w" "$c0"
		rm -f "$T/out.jsonl" "$T/h.txt" "$T/h.txt.requests" "$T/h.txt.times"
	done
done
# the pipeline: JSON lines (made by iiofwd, not timed) into mosquitto_pub -l
"$US/iiofwd" -u "replay:$T/c1.raw" -o "jsonl:$T/lines.jsonl" >/dev/null
head -n 1 "$T/lines.jsonl" >"$T/line1.jsonl"
for q in 0 1; do
	read -r c0 w0 rc < <(cpu sh -c "exec mosquitto_pub -h 127.0.0.1 -p $PORT -t bench/pipe -q $q -l <'$T/line1.jsonl'")
	read -r c w rc < <(cpu sh -c "exec mosquitto_pub -h 127.0.0.1 -p $PORT -t bench/pipe -q $q -l <'$T/lines.jsonl'")
	row "mosquitto_pub-l-qos$q" 1 "$((N / 10))" "$c" "$w" "$c0"
done
