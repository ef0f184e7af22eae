#!/bin/bash
# SIGTERM mid-stream: exit 0 within 2 s, everything read is delivered to
# every output (MQTT QoS 1 and a jsonl file), the broker sees "offline".
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
$MKCAP "$T/c.raw" 200000 1344
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subt
mosquitto_sub -h 127.0.0.1 -p "$PORT" -t "t/+/status" -v >"$T/status.txt" &
PIDS+=($!)
sleep 0.3
"$IIOFWD" -u "replay:$T/c.raw" -r 20000 -o "mqtt://127.0.0.1:$PORT/t?qos=1" \
	-o "jsonl:$T/out.jsonl" --stats 2>"$T/iiofwd.log" &
FWD=$!
sleep 1.5
T0=$(date +%s%N)
kill -TERM $FWD
wait $FWD
RC=$?
MS=$((($(date +%s%N) - T0) / 1000000))
check "exit status 0 after SIGTERM" [ $RC -eq 0 ]
check "exited within 2 s (${MS} ms)" [ $MS -lt 2000 ]
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
READ=$(sed -n 's/.*read \([0-9]*\) samples.*/\1/p' "$T/iiofwd.log")
check "some samples were read ($READ)" [ "${READ:-0}" -gt 1000 ]
check "jsonl has all $READ samples" $VERIFY exact "$T/out.jsonl" 0 $((READ - 1))
wait_samples "$T/sub.txt" "$READ" 10
check "MQTT subscriber has all $READ samples" $VERIFY exact "$T/sub.txt" 0 $((READ - 1))
check "both outputs report sent $READ, dropped 0" \
	[ "$(grep -c "sent $READ, dropped 0 " "$T/iiofwd.log")" -eq 2 ]
sleep 0.3
check "retained status went online then offline" \
	bash -c "grep -q 'status online' '$T/status.txt' && tail -1 '$T/status.txt' | grep -q 'status offline'"
finish
