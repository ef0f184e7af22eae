#!/bin/bash
# The default QoS (no ?qos= in the URL) is 1: through a broker that hangs
# (SIGSTOP: what iiofwd writes piles up unread) and is then killed
# (SIGKILL) and restarted, every sample still arrives, because a batch
# counts as delivered only on its PUBACK. With QoS 0 the batches written
# while the broker hung are counted as sent and lost.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
N=30000
RATE=4000
$MKCAP "$T/c.raw" $N 1344
# the subscriber's session is saved (a graceful stop) before the run, so
# the broker restarted after the kill queues for it from its first moment
start_broker "$PORT"
make_session "$PORT" "t/+/accel" subk
stop_broker
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subk
sleep 0.3

"$IIOFWD" -u "replay:$T/c.raw" -r $RATE -o "mqtt://127.0.0.1:$PORT/t" \
	--backoff-min 1000 --backoff-max 2000 --drain-timeout 30 --stats \
	-v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.5
kill -STOP "$BROKER_PID"
diag "broker hung"
sleep 1
kill -KILL "$BROKER_PID"
wait "$BROKER_PID" 2>/dev/null
BROKER_PID=
stop_sub
diag "broker killed"
# the killed broker saved nothing since it started: the subscriber's
# session is the saved one; iiofwd comes back after 0.5 s at the earliest
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subk
diag "broker restarted"
wait "$FWD"
RC=$?
check "iiofwd exits 0" [ $RC -eq 0 ]
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
check "reconnected after the kill" grep -q "reconnects [1-9]" "$T/iiofwd.log"
wait_samples "$T/sub.txt" $N 20
check "every sample 0..$((N - 1)) arrived (default QoS 1 through the kill)" \
	$VERIFY exact "$T/sub.txt" 0 $((N - 1))
finish
