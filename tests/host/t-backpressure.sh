#!/bin/bash
# A replay without --rate (as fast as the outputs take it) against a slow
# output: (1) with the queue full and the output down, iiofwd waits on the
# replay's 1 ms timer, it does not spin on it (it did: ~5 million wakeups
# a run, the CPU figure of bench/iiofwd-bench.sh's influx-tcp); (2)
# influx+tcp with small batches is not held back by Nagle's algorithm
# against the server's delayed ACK (delivery is counted on the server's
# TCP ACK, 32 batches in flight: 16-sample batches went at 32 per 40 ms,
# 200,000 samples in 15 s).
. "$(dirname "$0")/lib.sh"

$MKCAP "$T/c.raw" 200000 1344
PORT=$(free_port)	# nobody listens
"$IIOFWD" -u "replay:$T/c.raw" --queue 100 -o "mqtt://127.0.0.1:$PORT/t" \
	--duration 1 --drain-timeout 0.1 --stats 2>"$T/down.log"
W=$(sed -n 's/.* \([0-9]*\) wakeups,.*/\1/p' "$T/down.log")
diag "queue full, output down for 1 s: ${W:-?} wakeups of the source"
# the timer fires each ms: a second holds ~1000 (the behaviour is the
# timer's, hence the bound in time)
check "no busy loop on the full queue (${W:-?} wakeups in 1 s, at most 2000)" \
	[ "${W:-999999999}" -le 2000 ]

TPORT=$(free_port)
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
timeout 10 "$IIOFWD" -u "replay:$T/c.raw" -n 200000 -o "influx+tcp://127.0.0.1:$TPORT?batch=16" \
	--drain-timeout 5 --stats 2>"$T/tcp.log"
RC=$?
grep "^iiofwd: output" "$T/tcp.log" | sed 's/^/# /'
check "influx+tcp, batch 16: 200000 samples delivered within 10 s (rc $RC)" \
	bash -c "[ $RC -eq 0 ] && grep -q 'sent 200000, dropped 0 ' '$T/tcp.log'"
finish
