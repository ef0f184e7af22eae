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

# what the source holds at SIGTERM is read and delivered, not left behind:
# the paced replay's timer reads every 1000 ms (-w 1000), so at a SIGTERM
# 1.5 s in about 500 samples are due but not yet read
T1=$(date +%s%N)
"$IIOFWD" -u "replay:$T/c.raw" -r 1000 -w 1000 --latency 5000 -o "jsonl:$T/flush.jsonl" \
	--stats 2>"$T/flush.log" &
FWD=$!
sleep 1.5
DUE=$((($(date +%s%N) - T1) / 1000000))	# ms since start = samples due, at most
kill -TERM $FWD
wait $FWD
RC=$?
READ=$(sed -n 's/.*read \([0-9]*\) samples.*/\1/p' "$T/flush.log")
check "SIGTERM flush: exit 0 ($RC)" [ "$RC" -eq 0 ]
check "SIGTERM flush: what was due at the signal was read ($READ of at most $DUE due)" \
	[ "${READ:-0}" -gt $((DUE - 200)) ]
check "SIGTERM flush: and delivered" $VERIFY exact "$T/flush.jsonl" 0 $((READ - 1))
finish
