#!/bin/bash
# SIGHUP reloads the -c file: an output kept as it is (nothing lost or
# resent), one changed (its server down until after the reload: the
# samples it had queued are delivered with the new settings), one removed
# (delivered up to the reload), one added (from the reload on); a file
# that does not parse changes nothing; the process stays the same.
. "$(dirname "$0")/lib.sh"

N=30000
$MKCAP "$T/c.raw" $N 1344
PORT=$(free_port)
start_broker "$PORT"
make_session "$PORT" "t/lis3dh/accel" reload-sub
start_sub "$PORT" "t/lis3dh/accel" "$T/mqtt.txt" reload-sub
TPORT=$(free_port)

cat >"$T/f.conf" <<EOC
output = mqtt://127.0.0.1:$PORT/t
output = influx+tcp://127.0.0.1:$TPORT?measurement=m1
output = jsonl:$T/a.jsonl
EOC
"$IIOFWD" -c "$T/f.conf" -u "replay:$T/c.raw" -r 5000 -v --stats --drain-timeout 10 \
	--backoff-min 50 --backoff-max 200 \
	2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.5
cat >"$T/f.conf" <<EOC
output = mqtt://127.0.0.1:$PORT/t
output = influx+tcp://127.0.0.1:$TPORT?measurement=m2&tag=site=b
output = jsonl:$T/c.jsonl
EOC
kill -HUP "$FWD"
sleep 0.3
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
sleep 0.7
# a configuration that does not parse: nothing changes
echo "output = influx+tcp://127.0.0.1:$TPORT?measurement={x}" >"$T/f.conf"
kill -HUP "$FWD"
sleep 0.5
check "iiofwd still runs after two SIGHUPs" kill -0 "$FWD"
wait "$FWD"
RC=$?
check "iiofwd exits 0 ($RC)" [ $RC -eq 0 ]
grep -E "SIGHUP|iiofwd: output" "$T/iiofwd.log" | sed 's/^/# /'
check "reload logged: 1 kept, 1 changed, 1 added, 1 removed" \
	grep -q "configuration reloaded: 1 outputs kept, 1 changed, 1 added, 1 removed" "$T/iiofwd.log"
check "the bad file is reported and not applied" \
	grep -q "unknown placeholder {x}.*the configuration is not reloaded" "$T/iiofwd.log"

# kept: every sample once, not reconnected
sleep 0.5
stop_sub
check "kept MQTT output: every sample" $VERIFY exact "$T/mqtt.txt" 0 $((N - 1))
D=$($VERIFY exact "$T/mqtt.txt" 0 $((N - 1)) | sed -n 's/.*duplicates \([0-9]*\).*/\1/p')
check "kept MQTT output: nothing resent ($D duplicates)" [ "${D:-1}" -eq 0 ]
check "kept MQTT output: not reconnected" grep -q "output mqtt.*reconnects 0," "$T/iiofwd.log"

# changed: what it queued before the reload is delivered with the new settings
M2=$(grep -c '^m2,dev=lis3dh,site=b seq' "$T/tcp.txt")
check "changed influx output: every line with the new settings ($M2 of $(wc -l <"$T/tcp.txt"))" \
	[ "$M2" -eq "$(wc -l <"$T/tcp.txt")" ]
check "changed influx output: every sample, also those read before the reload" \
	$VERIFY exact "$T/tcp.txt" 0 $((N - 1))

# removed: samples 0..k; added: k'..N-1
A=$($VERIFY count "$T/a.jsonl")
check "removed output: stopped at the reload ($A of $N)" [ "$A" -gt 0 -a "$A" -lt $N ]
check "removed output: what it had is contiguous from 0" $VERIFY exact "$T/a.jsonl" 0 $((A - 1))
C=$($VERIFY count "$T/c.jsonl")
check "added output: started at the reload ($C of $N)" [ "$C" -gt 0 -a "$C" -lt $N ]
check "added output: contiguous to the end" $VERIFY exact "$T/c.jsonl" $((N - C)) $((N - 1))
check "removed + added: each sample once ($A + $C)" [ $((A + C)) -eq $N ]
finish
