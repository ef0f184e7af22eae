#!/bin/bash
# --wait: a source absent at start (the boot race with the driver's probe;
# here a capture moved into place later) is waited for instead of exit 2,
# then read as usual; SIGTERM while waiting exits 0 at once; without
# --wait it stays a configuration error.
. "$(dirname "$0")/lib.sh"

N=2000
$MKCAP "$T/c.raw" $N 1344

"$IIOFWD" -u "replay:$T/later.raw" -o "jsonl:$T/no.jsonl" 2>"$T/nowait.log"
check "without --wait: an absent source is exit 2" [ $? -eq 2 ]

"$IIOFWD" --wait -v -u "replay:$T/later.raw" -o "jsonl:$T/out.jsonl" --stats \
	2>"$T/wait.log" &
pid=$!
sleep 1.5
check "--wait: still running 1.5 s after start, the source absent" kill -0 "$pid"
check "--wait: says what it waits for, once" \
	bash -c "[ \$(grep -c 'waiting for it' '$T/wait.log') -eq 1 ] && grep -q 'later.raw' '$T/wait.log'"
mv "$T/c.raw" "$T/later.raw"
end=$((SECONDS + 10))
while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.1; done
wait "$pid"
check "--wait: the source that appeared is read to its end, exit 0" [ $? -eq 0 ]
check "--wait: every sample written" $VERIFY exact "$T/out.jsonl" 0 $((N - 1))

"$IIOFWD" --wait -u "replay:$T/never.raw" -o "jsonl:$T/never.jsonl" --stats 2>"$T/term.log" &
pid=$!
sleep 1
t0=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
diag "exit ${ms} ms after SIGTERM"
check "--wait: SIGTERM while waiting exits 0 within 1 s" [ $rc -eq 0 ] && [ $ms -lt 1000 ]
printf 'wait = yes\nuri = replay:%s/never.raw\n' "$T" >"$T/w.conf"
"$IIOFWD" -c "$T/w.conf" -o "jsonl:$T/never.jsonl" 2>/dev/null &
pid=$!
sleep 1
check "wait = yes in a config file" kill -0 "$pid"
kill -TERM "$pid"
wait "$pid"
finish
