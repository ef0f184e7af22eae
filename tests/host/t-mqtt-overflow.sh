#!/bin/bash
# Queue overflow while the broker is down: the oldest samples are dropped,
# and counted exactly; the newest queue-full arrive once the broker is up.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
N=3000
Q=500
$MKCAP "$T/c.raw" $N 1344
# the subscriber's session exists before anything is published
start_broker "$PORT"
make_session "$PORT" "t/+/accel" subo
stop_broker

"$IIOFWD" -u "replay:$T/c.raw" -r 6000 --queue $Q -o "mqtt://127.0.0.1:$PORT/t?qos=1" \
	--backoff-min 50 --backoff-max 300 --drain-timeout 20 --stats 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.5		# the whole replay is read (0.5 s) while no broker runs
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subo
wait "$FWD"
check "iiofwd exits 3 (samples dropped: neither delivered nor spooled)" [ $? -eq 3 ]
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
wait_samples "$T/sub.txt" $Q 10
check "the newest $Q samples arrived, nothing older" \
	$VERIFY exact "$T/sub.txt" $((N - Q)) $((N - 1))
check "dropped counted exactly: $((N - Q)) (all from the queue)" \
	grep -q "sent $Q, dropped $((N - Q)) (queue $((N - Q)), spool 0, at exit 0)" "$T/iiofwd.log"
finish
