#!/bin/bash
# QoS 1 through connections cut with publishes in flight: iiofwd talks to
# mosquitto through cutproxy.py, which cuts each of its first connections
# after some data, throwing away what iiofwd writes after that point and
# sending back no PUBACK, then resets both sides. A batch counts as
# delivered only on its PUBACK, so every sample 0..N-1 still reaches a
# subscriber that was subscribed throughout (duplicates allowed).
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
PPORT=$(free_port)
N=40000
RATE=4000
CUTS=3
$MKCAP "$T/c.raw" $N 1344
start_broker "$PORT"
make_session "$PORT" "t/+/accel" subc
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subc
# cut each of the first $CUTS connections after 300 kB from iiofwd
# (about 2/3 s of samples), hold it 1 s, reset it
python3 "$HERE/cutproxy.py" "$PPORT" "$PORT" 300000 $CUTS 1.0 "$T/cuts.txt" \
	2>"$T/proxy.err" &
PIDS+=($!)
wait_port "$PPORT" 5 || diag "proxy did not start"
sleep 0.3

"$IIOFWD" -u "replay:$T/c.raw" -r $RATE -o "mqtt://127.0.0.1:$PPORT/t?qos=1" \
	--backoff-min 50 --backoff-max 400 --drain-timeout 30 --stats \
	-v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
wait "$FWD"
RC=$?
check "iiofwd exits 0" [ $RC -eq 0 ]
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
sed 's/^/# proxy: /' "$T/cuts.txt" 2>/dev/null
check "the proxy cut $CUTS connections, each throwing data away" \
	[ "$(awk '$1 == "cut" && $6 > 0' "$T/cuts.txt" 2>/dev/null | wc -l)" -eq $CUTS ]
check "$CUTS reconnects counted" grep -q "reconnects $CUTS," "$T/iiofwd.log"
wait_samples "$T/sub.txt" $N 20
check "every sample 0..$((N - 1)) arrived (QoS 1 through the cuts)" \
	$VERIFY exact "$T/sub.txt" 0 $((N - 1))
check "nothing dropped" grep -q "sent $N, dropped 0" "$T/iiofwd.log"
finish
