#!/bin/bash
# A file output whose reader goes away (EPIPE: `iiofwd | head`, a FIFO
# whose reader exits) is given up with a message, not retried forever:
# iiofwd exits 1 at once when it was the only output, and otherwise goes on
# with the others and exits 1 at the end, the lost samples counted.
. "$(dirname "$0")/lib.sh"

$MKCAP "$T/c.raw" 200000 1344
# paced: 10 s of samples; `head` leaves after the first line
T0=$(date +%s%N)
timeout 8 "$IIOFWD" -u "replay:$T/c.raw" -r 20000 -o jsonl:- 2>"$T/err" | head -1 >"$T/head.txt"
RC=${PIPESTATUS[0]}
MS=$((($(date +%s%N) - T0) / 1000000))
check "iiofwd | head -1: exit status 1, not killed by the timeout (rc $RC, ${MS} ms)" [ "$RC" -eq 1 ]
check "it exits within 2 s" [ "$MS" -lt 2000 ]
check "head got one sample" $VERIFY exact "$T/head.txt" 0 0
check "the message says the reader went away" grep -q "jsonl:-: the reader went away (Broken pipe)" "$T/err"

# a FIFO output dies, a second output goes on to the end
mkfifo "$T/fifo"
head -c 1000 "$T/fifo" >/dev/null &
PIDS+=($!)
timeout 20 "$IIOFWD" -u "replay:$T/c.raw" -n 20000 -r 20000 -o "jsonl:$T/fifo" \
	-o "jsonl:$T/all.jsonl" --stats 2>"$T/err2"
RC=$?
grep "^iiofwd:" "$T/err2" | sed 's/^/# /'
check "FIFO reader gone, other output alive: exit status 1 at the end (rc $RC)" [ "$RC" -eq 1 ]
check "the other output got every sample" $VERIFY exact "$T/all.jsonl" 0 19999
check "the FIFO output counts what it did not deliver" \
	bash -c "grep 'output jsonl:$T/fifo:' '$T/err2' | grep -Eq 'sent [0-9]+, dropped [1-9]'"
check "the FIFO output is not retried" [ "$(grep -c 'retrying' "$T/err2")" -eq 0 ]
finish
