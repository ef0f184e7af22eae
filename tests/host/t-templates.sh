#!/bin/bash
# Topic and measurement templates ({dev}, {label}, {host}, {channel}) and
# tags: MQTT data on the expanded topic=, the retained status on the
# expanded status-topic=, tags in the JSON payload; {channel} in topic=:
# one message per channel; InfluxDB lines per channel with {channel} and
# the tags; bad templates exit 2 naming them.
. "$(dirname "$0")/lib.sh"

N=3000
HOST=$(hostname)
$MKCAP "$T/c.raw" $N 1344
PORT=$(free_port)
start_broker "$PORT"
mosquitto_sub -h 127.0.0.1 -p "$PORT" -t '#' -v -q 1 >"$T/all.txt" 2>>"$T/sub.err" &
PIDS+=($!)
sleep 0.5
"$IIOFWD" -u "replay:$T/c.raw" --tag 'site=plant 1' --tag 'h={host}' \
	-o "mqtt://127.0.0.1:$PORT/f/{host}?topic=f/{host}/{label}/{dev}/data&status-topic=st/{dev}&tag=room=r2" \
	--drain-timeout 10 2>"$T/mqtt.log"
check "MQTT run exits 0" [ $? -eq 0 ]
sleep 0.5
grep "^f/$HOST/lis3dh/lis3dh/data " "$T/all.txt" | cut -d' ' -f2- >"$T/data.txt"
check "data on f/<host>/<label>/<dev>/data ($(wc -l <"$T/data.txt") payloads)" [ -s "$T/data.txt" ]
check "every sample arrived on the templated topic" $VERIFY exact "$T/data.txt" 0 $((N - 1))
check "nothing on the default topic" [ "$(grep -c '/lis3dh/accel ' "$T/all.txt")" -eq 0 ]
check "the payload carries the global and the URL's tags" \
	grep -q '"dev":"lis3dh","tags":{"site":"plant 1","h":"'"$HOST"'","room":"r2"},"seq":0,' "$T/data.txt"
RET=$(timeout 5 mosquitto_sub -h 127.0.0.1 -p "$PORT" -t 'st/#' -v -C 1 -W 3 2>>"$T/sub.err")
check "the retained status is on the templated status topic ($RET)" [ "$RET" = "st/lis3dh offline" ]

# {channel} in the topic: one message per channel, every sample in each;
# a second MQTT output in the same process has its own client id
mosquitto_sub -h 127.0.0.1 -p "$PORT" -t 'c/#' -v -q 1 >"$T/chan.txt" 2>>"$T/sub.err" &
PIDS+=($!)
sleep 0.3
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1:$PORT/c?topic=c/{dev}/{channel}&batch=64" \
	-o "mqtt://127.0.0.1:$PORT/c?topic=c/lp/{channel}&format=influx&measurement=m_{channel}" \
	--drain-timeout 10 --stats 2>"$T/chan.log"
RC=$?
check "{channel} topics: exit 0 ($RC)" [ $RC -eq 0 ]
check "{channel} topics: no reconnects (two client ids)" \
	[ "$(grep -c 'reconnects 0,' "$T/chan.log")" -eq 2 ]
sleep 0.5
python3 - "$T/chan.txt" $N >"$T/chan.check" <<'PY'
import json, re, sys
want = set(range(int(sys.argv[2])))
seen = {}
msgs = []
for line in open(sys.argv[1]):	# a line-protocol payload spans lines
    line = line.rstrip('\n')
    if line.startswith('c/'):
        msgs.append(line.split(' ', 1))
    else:
        msgs[-1][1] += '\n' + line
for topic, payload in msgs:
    if topic.endswith('/status'):
        continue
    ch = topic.rsplit('/', 1)[1]
    if topic.startswith('c/lis3dh/'):
        for o in json.loads(payload):
            assert o['channel'] == ch and set(o) == {'dev', 'seq', 't', 'channel', 'value', 'raw'}, o
            seen.setdefault(('json', ch), []).append(o['seq'])
    elif topic.startswith('c/lp/'):
        for l in payload.split('\n'):
            m = re.match(r'^m_(\w+),dev=lis3dh seq=(\d+)i,value=[-0-9.e]+,raw=-?\d+i \d{19}$', l)
            assert m and m.group(1) == ch, l
            seen.setdefault(('lp', ch), []).append(int(m.group(2)))
    else:
        print('unexpected topic', topic)
        sys.exit(1)
for k, v in sorted(seen.items()):
    print(k, len(v), 'unique', len(set(v)), 'complete', set(v) == want)
ok = len(seen) == 6 and all(set(v) == want and len(v) == len(want) for v in seen.values())
sys.exit(0 if ok else 1)
PY
RC=$?
sed 's/^/# /' "$T/chan.check"
check "{channel} topics: x, y, z each get every sample once (JSON and line protocol)" [ $RC -eq 0 ]

# the default topics are unchanged (DESIGN.md): prefix/<dev>/accel
"$IIOFWD" -u "replay:$T/c.raw" -n 10 -o "mqtt://127.0.0.1:$PORT/d" 2>>"$T/mqtt.log"
sleep 0.5
check "default topic prefix/<dev>/accel" grep -q '^d/lis3dh/accel \[{"dev":"lis3dh","seq":0,' "$T/all.txt"

TPORT=$(free_port)
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
"$IIOFWD" -u "replay:$T/c.raw" --tag 'h={host}' \
	-o "influx+tcp://127.0.0.1:$TPORT?measurement={dev}_{channel}&tag=room=r%202" \
	--drain-timeout 10 2>"$T/tcp.log"
check "influx run exits 0" [ $? -eq 0 ]
sleep 0.3
for c in x y z; do
	n=$(grep -c "^lis3dh_$c,dev=lis3dh,h=$HOST,room=r\\\\ 2 seq=[0-9]*i,value=[-0-9.e]*,raw=-\?[0-9]*i [0-9]\{19\}$" "$T/tcp.txt")
	check "one line per sample for channel $c ($n of $N)" [ "$n" -eq $N ]
done
SEQS=$(grep '^lis3dh_y,' "$T/tcp.txt" | sed 's/.* seq=\([0-9]*\)i,.*/\1/' | sort -n | uniq | wc -l)
check "each seq once per channel ($SEQS)" [ "$SEQS" -eq $N ]

# bad templates: exit 2 naming the problem
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1:$PORT/a?topic=x/{device}" 2>"$T/bad1.log"
RC=$?
check "unknown placeholder: exit 2 ($RC)" [ $RC -eq 2 ]
check "... naming it" grep -q "unknown placeholder {device}" "$T/bad1.log"
"$IIOFWD" -u "replay:$T/c.raw" -o "influx+udp://127.0.0.1:1?measurement=a_{channel" 2>"$T/bad2.log"
RC=$?
check "unbalanced brace: exit 2 ($RC)" [ $RC -eq 2 ]
check "... naming it" grep -q "unbalanced '{' at offset 2" "$T/bad2.log"
"$IIOFWD" -u "replay:$T/c.raw" --tag 'x={channel}' 2>"$T/bad3.log"
RC=$?
check "{channel} in a tag: exit 2 ($RC)" [ $RC -eq 2 ]
check "... naming it" grep -q "tag x: placeholder {channel} cannot be used here" "$T/bad3.log"
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1:$PORT/a?status-topic=s/{channel}" 2>"$T/bad4.log"
RC=$?
check "{channel} in a status topic: exit 2 ($RC)" [ $RC -eq 2 ]
finish
