#!/bin/bash
# QoS 1 through a broker stop and restart: every sample arrives (by its
# counter), the descriptor count is the same before and after.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
MPORT=$(free_port)
N=40000
RATE=4000
$MKCAP "$T/c.raw" $N 1344
start_broker "$PORT"
make_session "$PORT" "t/+/accel" sub1
start_sub "$PORT" "t/+/accel" "$T/sub.txt" sub1
sleep 0.3

fds() { curl_metric iiofwd_open_fds; }
curl_metric() {
	python3 - "$MPORT" "$1" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=2).read().decode()
for line in body.splitlines():
    if line.startswith(sys.argv[2] + " ") or line.startswith(sys.argv[2] + "{"):
        print(line.rsplit(" ", 1)[1])
        break
PY
}

"$IIOFWD" -u "replay:$T/c.raw" -r $RATE -o "mqtt://127.0.0.1:$PORT/t?qos=1" \
	--backoff-min 50 --backoff-max 400 --drain-timeout 30 --stats \
	--metrics "127.0.0.1:$MPORT" -v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.2
FD1=$(fds)
diag "open fds while connected: $FD1"
stop_broker
diag "broker stopped"
sleep 1.5
check "upstream reported disconnected" [ "$(curl_metric iiofwd_upstream_connected)" = 0 ]
start_broker "$PORT"
diag "broker restarted"
sleep 1.5
check "upstream connected again" [ "$(curl_metric iiofwd_upstream_connected)" = 1 ]
FD2=$(fds)
diag "open fds after reconnect: $FD2"
check "no descriptor leaked across the reconnect ($FD1 -> $FD2)" [ "$FD1" = "$FD2" ]
wait "$FWD"
RC=$?
check "iiofwd exits 0" [ $RC -eq 0 ]
check "reconnect counted" grep -q "reconnects 1," "$T/iiofwd.log"
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
wait_samples "$T/sub.txt" $N 20
check "every sample 0..$((N - 1)) arrived (QoS 1 through the restart)" \
	$VERIFY exact "$T/sub.txt" 0 $((N - 1))
check "nothing dropped" grep -q "sent $N, dropped 0" "$T/iiofwd.log"
finish
