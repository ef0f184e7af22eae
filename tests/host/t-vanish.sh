#!/bin/bash
# Device disappearance (simulated by the replay source's test hook, as no
# IIO hardware is available on the host): the source is closed, waited for,
# reopened; no descriptor is left behind and no sample is lost.
. "$(dirname "$0")/lib.sh"

N=30000
MPORT=$(free_port)
$MKCAP "$T/c.raw" $N 1344
metric() {
	python3 - "$MPORT" "$1" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=2).read().decode()
for line in body.splitlines():
    if line.startswith(sys.argv[2] + " "):
        print(line.rsplit(" ", 1)[1])
PY
}
IIOFWD_TEST_VANISH=15000,2000 "$IIOFWD" -u "replay:$T/c.raw" -r 5000 -o "jsonl:$T/out.jsonl" \
	--metrics "127.0.0.1:$MPORT" --stats -v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
wait_port "$MPORT"
sleep 0.5
FD1=$(metric iiofwd_open_fds)
UP1=$(metric iiofwd_source_up)
# the device vanishes after 3 s of samples, for 2 s (+ up to 1 s retry)
end=$((SECONDS + 10))
while [ "$(metric iiofwd_source_up)" != 0 ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
FDG=$(metric iiofwd_open_fds)
check "source reported down while gone" [ "$(metric iiofwd_source_up)" = 0 ]
while [ "$(metric iiofwd_source_up)" != 1 ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
FD2=$(metric iiofwd_open_fds)
check "source back up" [ "$(metric iiofwd_source_up)" = 1 ]
diag "open fds: before $FD1, while gone $FDG, after reopen $FD2"
check "descriptors released while gone ($FD1 -> $FDG)" [ "$FDG" -lt "$FD1" ]
check "no descriptor leaked by the reopen ($FD1 -> $FD2)" [ "$FD1" = "$FD2" ]
check "source was up at start" [ "$UP1" = 1 ]
wait $FWD
check "iiofwd exits 0" [ $? -eq 0 ]
check "disappearance logged" grep -q "device lis3dh: gone; waiting" "$T/iiofwd.log"
check "reopen logged and counted" bash -c "grep -q 'is back' '$T/iiofwd.log' && grep -q ', 1 reopens' '$T/iiofwd.log'"
check "every sample delivered once" $VERIFY exact "$T/out.jsonl" 0 $((N - 1))
check "no duplicates" [ "$(wc -l <"$T/out.jsonl")" -eq $N ]

# a stalled device (open, but nothing for 2.5 s) is noticed, logged, counted
IIOFWD_TEST_STALL=3000,2500 "$IIOFWD" -u "replay:$T/c.raw" -r 5000 -n 10000 \
	-o "jsonl:$T/s.jsonl" --stats -v 2>"$T/stall.log"
check "stalled run exits 0" [ $? -eq 0 ]
check "stall logged" grep -q "device lis3dh: no samples for" "$T/stall.log"
check "exactly one stall counted (file timestamps continuous: 0 gaps)" \
	grep -q "read 10000 samples, 0 gaps (~0 samples missing), 1 stalls" "$T/stall.log"
check "samples flow again after the stall" grep -q "samples flowing again" "$T/stall.log"
"$IIOFWD" -u "replay:$T/c.raw" -r 5000 -n 10000 -o "jsonl:/dev/null" --stats 2>"$T/nostall.log"
check "no stall counted in a steady paced run" grep -q "0 stalls" "$T/nostall.log"

# the stamps jump across a reopen by the time the device was away (here
# 5000 periods at the sample it vanished at): a re-appearance, not a gap
$MKCAP "$T/away.raw" 3000 1344 1000 5000
IIOFWD_TEST_VANISH=1000,300 "$IIOFWD" -u "replay:$T/away.raw" -r 5000 -o "jsonl:/dev/null" \
	--stats -v 2>"$T/away.log"
check "the stamp jump across a reopen is not a gap" \
	grep -q "read 3000 samples, 0 gaps (~0 samples missing), 0 stalls, 1 reopens" "$T/away.log"
check "the jump across the reopen logged" grep -q "stamps resume 3.72. s after" "$T/away.log"
finish
