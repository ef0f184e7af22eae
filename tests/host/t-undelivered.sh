#!/bin/bash
# -n N (and --duration, the end of a replay) exits 3 when samples read were
# neither delivered nor spooled, and says so; exits 0 when they were spooled.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)	# nothing listens there
$MKCAP "$T/c.raw" 2000 1344
"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "mqtt://127.0.0.1:$PORT/t" \
	--drain-timeout 0.5 --stats 2>"$T/err"
RC=$?
grep "^iiofwd" "$T/err" | tail -3 | sed 's/^/# /'
check "-n 500, broker unreachable: exit status 3 (rc $RC)" [ "$RC" -eq 3 ]
check "it says how many were neither delivered nor spooled" \
	grep -q "500 of 500 samples read were neither delivered nor spooled" "$T/err"

"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "mqtt://127.0.0.1:$PORT/t" -o "jsonl:$T/ok.jsonl" \
	--drain-timeout 0.5 2>"$T/err2"
RC=$?
check "one output of two undelivered: still exit status 3 (rc $RC)" [ "$RC" -eq 3 ]

"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "mqtt://127.0.0.1:$PORT/t" --spool "$T/spool" \
	--drain-timeout 0.5 2>"$T/err3"
RC=$?
check "the same with --spool: everything spooled, exit status 0 (rc $RC)" [ "$RC" -eq 0 ]

"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "jsonl:$T/all.jsonl" 2>"$T/err4"
check "everything delivered: exit status 0" [ $? -eq 0 ]
finish
