#!/bin/bash
# A slow resolver does not stall device reads: influx+tcp, influx+http and MQTT to a
# host name whose lookups take 3 s (a DNS stub in a private network and mount
# namespace), the sink hanging up after a while so the output reconnects
# (and looks the name up again) mid-stream. Before, each lookup blocked the
# only loop: the device went unread for 3 s and iiofwd counted a stall.
# Needs root (unshare -m -n, mount); skipped otherwise.
. "$(dirname "$0")/ns.sh"
in_namespaces "-m -n" "$@"
. "$(dirname "$0")/lib.sh"

ip link set lo up
printf 'nameserver 127.0.0.1\noptions timeout:10 attempts:1\n' >"$T/resolv.conf"
mount --bind "$T/resolv.conf" /etc/resolv.conf
python3 "$HERE/slowdns.py" 3 "$T/dns.ready" 2>"$T/dns.err" &
PIDS+=($!)
wait_file "$T/dns.ready"
N=20000
$MKCAP "$T/c.raw" $N 1344
TPORT=$(free_port)
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" 100000 &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
# stillest FILE PIDFILE OUT: the longest time FILE did not grow while the
# process in PIDFILE ran, in ms, to OUT: the loop was not reading the
# device (a paced replay delivers every few ms)
stillest() {
	python3 - "$1" "$2" >"$3" <<'PY'
import os, sys, time
path, pidf = sys.argv[1], sys.argv[2]
while not os.path.exists(pidf):
    time.sleep(0.01)
pid = int(open(pidf).read())
last_size, last_t, worst = -1, time.monotonic(), 0.0
while os.path.exists('/proc/%d' % pid):
    size = os.path.getsize(path) if os.path.exists(path) else 0
    now = time.monotonic()
    if size != last_size:
        last_size, last_t = size, now
    elif last_size > 0 and now - last_t > worst:
        worst = now - last_t
    time.sleep(0.02)
print(int(worst * 1000))
PY
}
stillest "$T/all.jsonl" "$T/fwd.pid" "$T/stillest.txt" &
WATCH=$!
T0=$(date +%s%N)
"$IIOFWD" -u "replay:$T/c.raw" -r 2000 -o "influx+tcp://slow.iiofwd.test:$TPORT" \
	-o "jsonl:$T/all.jsonl" --backoff-min 50 --backoff-max 200 --drain-timeout 15 \
	--stats -v 2>"$T/iiofwd.log" &
FWD=$!
echo $FWD >"$T/fwd.pid"
wait $FWD
RC=$?
MS=$((($(date +%s%N) - T0) / 1000000))
wait $WATCH
STILL=$(cat "$T/stillest.txt")
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
check "iiofwd exits 0 ($RC, ${MS} ms)" [ "$RC" -eq 0 ]
check "the output reconnected (and resolved the name again)" grep -q "reconnects 1," "$T/iiofwd.log"
check "the device was read throughout: the jsonl output never stood still for 1 s (longest ${STILL} ms)" \
	[ "${STILL:-99999}" -lt 1000 ]
# what the sink's kernel took but the sink never read at its hang-up is
# lost (up to its receive buffer); everything after arrives
check "the sink got the samples, but for those it dropped at its hang-up" \
	$VERIFY exact "$T/tcp.txt" 0 $((N - 1)) 2000
check "the jsonl output has every sample" $VERIFY exact "$T/all.jsonl" 0 $((N - 1))

# MQTT (without TLS: with TLS libmosquitto must look the name up itself):
# the broker restarts mid-stream, the output looks the name up again
PORT=$(free_port)
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subr
sleep 0.3
stillest "$T/m.jsonl" "$T/fwdm.pid" "$T/stillest-m.txt" &
WATCH=$!
"$IIOFWD" -u "replay:$T/c.raw" -r 2000 -o "mqtt://slow.iiofwd.test:$PORT/t" \
	-o "jsonl:$T/m.jsonl" --backoff-min 50 --backoff-max 200 --drain-timeout 15 \
	--stats -v 2>"$T/mqtt.log" &
FWD=$!
echo $FWD >"$T/fwdm.pid"
sleep 5			# the first lookup (3 s), then some samples
stop_broker
start_broker "$PORT"
wait $FWD
RC=$?
wait $WATCH
STILL=$(cat "$T/stillest-m.txt")
grep "^iiofwd:" "$T/mqtt.log" | sed 's/^/# /'
check "mqtt: iiofwd exits 0 ($RC)" [ "$RC" -eq 0 ]
check "mqtt: reconnected (and looked the name up again)" \
	[ "$(grep -c 'looking up slow.iiofwd.test' "$T/mqtt.log")" -ge 2 ]
check "mqtt: the device was read throughout (longest still ${STILL} ms)" \
	[ "${STILL:-99999}" -lt 1000 ]
wait_samples "$T/sub.txt" $N 10
check "mqtt: every sample arrived" $VERIFY exact "$T/sub.txt" 0 $((N - 1))

# influx+http: the sink restarts mid-stream, the output looks the name up
# again; every sample is acknowledged by a 204, so none is lost
HPORT=$(free_port)
start_hsink() {
	rm -f "$T/h.txt.ready"
	python3 "$HERE/influx2sink.py" "$HPORT" "$T/h.txt" &
	HSINK=$!
	PIDS+=("$HSINK")
	wait_file "$T/h.txt.ready"
}
start_hsink
stillest "$T/h.jsonl" "$T/fwdh.pid" "$T/stillest-h.txt" &
WATCH=$!
"$IIOFWD" -u "replay:$T/c.raw" -r 2000 -o "influx+http://slow.iiofwd.test:$HPORT/?org=o&bucket=b" \
	-o "jsonl:$T/h.jsonl" --backoff-min 50 --backoff-max 200 --drain-timeout 15 \
	--stats -v 2>"$T/http.log" &
FWD=$!
echo $FWD >"$T/fwdh.pid"
sleep 5			# the first lookup (3 s), then some samples
kill -TERM "$HSINK"
wait "$HSINK" 2>/dev/null
start_hsink
wait $FWD
RC=$?
wait $WATCH
STILL=$(cat "$T/stillest-h.txt")
grep "^iiofwd:" "$T/http.log" | sed 's/^/# /'
check "influx+http: iiofwd exits 0 ($RC)" [ "$RC" -eq 0 ]
check "influx+http: reconnected (and looked the name up again)" \
	[ "$(grep -c 'looking up slow.iiofwd.test' "$T/http.log")" -ge 2 ]
check "influx+http: the device was read throughout (longest still ${STILL} ms)" \
	[ "${STILL:-99999}" -lt 1000 ]
check "influx+http: every sample arrived" $VERIFY exact "$T/h.txt" 0 $((N - 1))
umount /etc/resolv.conf
finish
