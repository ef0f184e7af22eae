#!/bin/bash
# SIGHUP reopens file outputs (log rotation loses nothing); the Prometheus
# endpoint serves the documented metrics with the right values.
. "$(dirname "$0")/lib.sh"

N=60000
MPORT=$(free_port)
$MKCAP "$T/c.raw" $N 1344
"$IIOFWD" -u "replay:$T/c.raw" -r 10000 -o "jsonl:$T/out.jsonl" -o "raw:$T/rec.raw" \
	--metrics "127.0.0.1:$MPORT" --stats 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
wait_port "$MPORT"
sleep 1
mv "$T/out.jsonl" "$T/out.jsonl.1"
mv "$T/rec.raw" "$T/rec.raw.1"
kill -HUP $FWD
sleep 0.5
python3 - "$MPORT" >"$T/metrics.txt" <<'PY'
import sys, urllib.request
print(urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=2).read().decode())
PY
check "metrics endpoint answered" [ -s "$T/metrics.txt" ]
missing=""
for m in iiofwd_samples_read_total iiofwd_samples_sent_total iiofwd_samples_dropped_total \
	iiofwd_gaps_total iiofwd_queue_depth iiofwd_reconnects_total iiofwd_open_fds \
	iiofwd_upstream_connected iiofwd_batch_latency_seconds_bucket \
	iiofwd_batch_latency_seconds_count iiofwd_spool_pending iiofwd_stalls_total; do
	grep -q "^$m" "$T/metrics.txt" || missing="$missing $m"
done
check "all metrics present${missing:+ (missing:$missing)}" [ -z "$missing" ]
READ=$(sed -n 's/^iiofwd_samples_read_total \([0-9]*\)$/\1/p' "$T/metrics.txt")
check "samples read in progress ($READ)" \
	bash -c '[ "$1" -gt 0 ] && [ "$1" -lt "$2" ]' _ "${READ:-0}" "$N"
check "histogram has a +Inf bucket per output" \
	[ "$(grep -c 'iiofwd_batch_latency_seconds_bucket{.*le="+Inf"}' "$T/metrics.txt")" -eq 2 ]
check "open fds reported" grep -Eq '^iiofwd_open_fds [0-9]+$' "$T/metrics.txt"
wait $FWD
check "iiofwd exits 0" [ $? -eq 0 ]
check "a new jsonl file was opened on SIGHUP" [ -s "$T/out.jsonl" ]
cat "$T/out.jsonl.1" "$T/out.jsonl" >"$T/all.jsonl"
check "rotated + new jsonl hold every sample once" $VERIFY exact "$T/all.jsonl" 0 $((N - 1))
check "no duplicates across the rotation" [ "$(wc -l <"$T/all.jsonl")" -eq $N ]
"$IIOFWD" -u "replay:$T/rec.raw" -o "jsonl:$T/r2.jsonl"
check "the new raw file has its own header and replays" [ $? -eq 0 ]
"$IIOFWD" -u "replay:$T/rec.raw.1" -o "jsonl:$T/r1.jsonl"
cat "$T/r1.jsonl" "$T/r2.jsonl" >"$T/rall.jsonl"
check "rotated + new raw captures hold every sample" $VERIFY exact "$T/rall.jsonl" 0 $((N - 1))
finish
