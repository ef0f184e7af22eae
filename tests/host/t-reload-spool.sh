#!/bin/bash
# SIGHUP with --spool: a network output removed while its server is down
# moves what it had not delivered to its spool; re-added by a later
# SIGHUP, it delivers those samples first, then the new ones.
. "$(dirname "$0")/lib.sh"

N=20000
$MKCAP "$T/c.raw" $N 1344
TPORT=$(free_port)
OUT="influx+tcp://127.0.0.1:$TPORT"
printf 'output = jsonl:%s\noutput = %s\n' "$T/a.jsonl" "$OUT" >"$T/f.conf"
"$IIOFWD" -c "$T/f.conf" -u "replay:$T/c.raw" -r 4000 --spool "$T/spool" -v --stats \
	--backoff-min 50 --backoff-max 200 --drain-timeout 10 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1
printf 'output = jsonl:%s\n' "$T/a.jsonl" >"$T/f.conf"
kill -HUP "$FWD"
sleep 1
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
printf 'output = jsonl:%s\noutput = %s\n' "$T/a.jsonl" "$OUT" >"$T/f.conf"
kill -HUP "$FWD"
wait "$FWD"
RC=$?
check "iiofwd exits 0 ($RC)" [ $RC -eq 0 ]
grep -E "SIGHUP|spool|iiofwd: output" "$T/iiofwd.log" | sed 's/^/# /'
K=$(sed -n 's/.*: \([0-9]*\) undelivered samples kept in the spool/\1/p' "$T/iiofwd.log" | head -1)
check "the removed output spooled what it had queued (${K:-none})" [ "${K:-0}" -gt 0 ]
check "the jsonl output got every sample" $VERIFY exact "$T/a.jsonl" 0 $((N - 1))
sleep 0.3
check "re-added, it delivered the spooled samples 0..$((K - 1))" \
	python3 - "$T/tcp.txt" "${K:-0}" <<'PY'
import re, sys
seqs = [int(m.group(1)) for m in (re.search(r' seq=(\d+)i,', l) for l in open(sys.argv[1])) if m]
k = int(sys.argv[2])
print('# lines', len(seqs), 'first', seqs[:3])
sys.exit(0 if k and set(range(k)) <= set(seqs) else 1)
PY
LAST=$(tail -1 "$T/tcp.txt" | sed 's/.* seq=\([0-9]*\)i,.*/\1/')
check "and the samples read after it was re-added, to the end ($LAST)" [ "$LAST" = $((N - 1)) ]
finish
