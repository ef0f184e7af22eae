#!/bin/bash
# --spool when the output's URL changed between runs: the old output's
# spool (its own directory under --spool) is named in a warning with its
# sample count and kept aside, not delivered to the new URL nor deleted; a
# later run with the old URL delivers it. A directory whose name two URLs
# share ("url" file) is warned about and delivered to the URL now using it.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
N=3000
$MKCAP "$T/c.raw" $N 1344
$MKCAP "$T/empty.raw" 0 1344
start_broker "$PORT"
make_session "$PORT" "old/+/accel" subold
make_session "$PORT" "new/+/accel" subnew
stop_broker

# run 1, broker down: everything spooled for mqtt://.../old
"$IIOFWD" -u "replay:$T/c.raw" -r 6000 --queue 200 --spool "$T/spool" \
	-o "mqtt://127.0.0.1:$PORT/old?qos=1" --drain-timeout 0.5 --stats 2>"$T/run1.log"
check "run 1 (broker down): $N spooled for the old URL" \
	grep -q "dropped 0 (queue 0, spool 0, at exit 0), spooled $N," "$T/run1.log"

# run 2, broker up, the output's URL changed (topic old -> new)
start_broker "$PORT"
start_sub "$PORT" "new/+/accel" "$T/subnew.txt" subnew
"$IIOFWD" -u "replay:$T/empty.raw" --spool "$T/spool" \
	-o "mqtt://127.0.0.1:$PORT/new?qos=1" --drain-timeout 5 --stats 2>"$T/run2.log"
RC=$?
grep "spool" "$T/run2.log" | sed 's/^/# /'
check "run 2 (new URL) exits 0" [ "$RC" -eq 0 ]
check "the old spool is warned about: its URL and its $N samples" \
	grep -q "spool .*: $N samples (.* bytes) left by output mqtt://127.0.0.1:$PORT/old, which is not configured now: kept there" "$T/run2.log"
sleep 0.5
check "nothing of it went to the new URL" [ "$($VERIFY count "$T/subnew.txt")" -eq 0 ]
check "the old spool's segments are still there" \
	bash -c "[ \$(cat '$T'/spool/*old*/*.seg | wc -c) -gt 0 ]"
stop_sub

# run 3, the old URL again: its spool is delivered, and no warning
start_sub "$PORT" "old/+/accel" "$T/subold.txt" subold
"$IIOFWD" -u "replay:$T/empty.raw" --spool "$T/spool" \
	-o "mqtt://127.0.0.1:$PORT/old?qos=1" --drain-timeout 20 --stats 2>"$T/run3.log"
check "run 3 (old URL) exits 0" [ $? -eq 0 ]
wait_samples "$T/subold.txt" $N 10
check "the old URL got its $N samples" $VERIFY exact "$T/subold.txt" 0 $((N - 1))
check "no spool warned about in run 3" bash -c "! grep -q 'not configured now' '$T/run3.log'"
stop_sub

# a directory whose "url" file names another URL (two URLs whose
# directory names coincide, e.g. /a_b and /a?b), broker down
stop_broker
"$IIOFWD" -u "replay:$T/c.raw" -r 6000 --queue 200 --spool "$T/spool2" \
	-o "mqtt://127.0.0.1:$PORT/x?qos=1" --drain-timeout 0.5 2>"$T/run4.log"
D=$(ls -d "$T"/spool2/*)
check "the spool records its URL" grep -qx "mqtt://127.0.0.1:$PORT/x" "$D/url"
echo "mqtt://127.0.0.1:$PORT/y" >"$D/url"
"$IIOFWD" -u "replay:$T/empty.raw" --spool "$T/spool2" \
	-o "mqtt://127.0.0.1:$PORT/x?qos=1" --drain-timeout 0.5 2>"$T/run5.log"
grep "spool" "$T/run5.log" | sed 's/^/# /'
check "written for another URL: warned, delivered to this one" \
	grep -q "$N samples were spooled for output mqtt://127.0.0.1:$PORT/y, not mqtt://127.0.0.1:$PORT/x .*: delivered to" "$T/run5.log"
finish
