#!/bin/bash
# {channel} in the topic (a message per channel per batch), QoS 1, through
# a broker stop and restart: each channel's topic gets every sample, and
# each sample counts as sent once (when all its channels' messages are
# acknowledged).
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
N=30000
$MKCAP "$T/c.raw" $N 1344
start_broker "$PORT"
make_session "$PORT" "t/#" csub
mosquitto_sub -h 127.0.0.1 -p "$PORT" -t 't/#' -v -q 1 -c -i csub -k 5 >"$T/sub.txt" 2>>"$T/sub.err" &
SUB_PID=$!
PIDS+=("$SUB_PID")
sleep 0.3
"$IIOFWD" -u "replay:$T/c.raw" -r 4000 -o "mqtt://127.0.0.1:$PORT/t?topic=t/{dev}/{channel}" \
	--backoff-min 50 --backoff-max 400 --drain-timeout 30 --stats -v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.5
stop_broker
diag "broker stopped"
sleep 1.5
start_broker "$PORT"
diag "broker restarted"
wait "$FWD"
RC=$?
check "iiofwd exits 0 ($RC)" [ $RC -eq 0 ]
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
check "reconnect counted" grep -q "reconnects 1," "$T/iiofwd.log"
check "each sample counted sent once" grep -q "sent $N, dropped 0 " "$T/iiofwd.log"
sleep 2
stop_sub
python3 - "$T/sub.txt" $N >"$T/check.txt" <<'PY'
import json, sys
want = set(range(int(sys.argv[2])))
seen = {}
for line in open(sys.argv[1]):
    topic, payload = line.rstrip('\n').split(' ', 1)
    if topic.endswith('/status'):
        continue
    ch = topic.rsplit('/', 1)[1]
    for o in json.loads(payload):
        assert o['channel'] == ch, (topic, o)
        seen.setdefault(ch, []).append(o['seq'])
for ch in sorted(seen):
    v = seen[ch]
    print(ch, 'messages', len(v), 'unique', len(set(v)), 'missing', len(want - set(v)))
sys.exit(0 if sorted(seen) == ['x', 'y', 'z'] and all(want <= set(v) for v in seen.values()) else 1)
PY
RC=$?
sed 's/^/# /' "$T/check.txt"
check "x, y and z each got every sample through the restart" [ $RC -eq 0 ]
finish
