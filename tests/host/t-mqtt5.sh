#!/bin/bash
# MQTT 5 (mqtt5:// or ?proto=5): the broker sees a v5 client, every sample
# arrives, message-expiry= sets the messages' expiry interval; a PUBACK
# with a failure reason code (an ACL refusal: 0x87 not authorized) counts
# the samples as rejected, logged, exit 3, where MQTT 3.1.1 (still the
# default) cannot tell and counts them sent.
. "$(dirname "$0")/lib.sh"

N=3000
$MKCAP "$T/c.raw" $N 1344
PORT=$(free_port)
mkdir -p "$T/broker"
echo "topic readwrite ok/#" >"$T/broker/acl"
cat >"$T/broker/mosquitto.conf" <<EOC
listener $PORT 127.0.0.1
user $(id -un)
allow_anonymous true
acl_file $T/broker/acl
log_dest file $T/broker/log
log_type all
EOC
mosquitto -c "$T/broker/mosquitto.conf" >/dev/null 2>&1 &
PIDS+=($!)
wait_port "$PORT" 5 || diag "broker did not start"

mosquitto_sub -V 5 -h 127.0.0.1 -p "$PORT" -t 'ok/+/accel' -q 1 -F '%E %p' >"$T/sub.txt" 2>>"$T/sub.err" &
PIDS+=($!)
sleep 0.5
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt5://127.0.0.1:$PORT/ok?id=fwd-v5&message-expiry=600" \
	--stats 2>"$T/v5.log"
RC=$?
check "mqtt5:// exits 0 ($RC)" [ $RC -eq 0 ]
check "the broker saw an MQTT 5 client" grep -q "as fwd-v5 (p5," "$T/broker/log"
sleep 0.5
cut -d' ' -f2- "$T/sub.txt" >"$T/payloads.txt"
check "every sample arrived" $VERIFY exact "$T/payloads.txt" 0 $((N - 1))
EXP=$(cut -d' ' -f1 "$T/sub.txt" | sort -n | uniq | tr '\n' ' ')
BAD=$(grep -cvE '^(59[0-9]|600) ' "$T/sub.txt")
check "messages carry the expiry interval (${EXP}; $BAD without)" [ "$BAD" -eq 0 -a -s "$T/sub.txt" ]

"$IIOFWD" -u "replay:$T/c.raw" -n 10 -o "mqtt://127.0.0.1:$PORT/ok?id=fwd-p5&proto=5" 2>>"$T/v5.log"
check "?proto=5 connects with MQTT 5" grep -q "as fwd-p5 (p5," "$T/broker/log"
"$IIOFWD" -u "replay:$T/c.raw" -n 10 -o "mqtt://127.0.0.1:$PORT/ok?id=fwd-v311" 2>>"$T/v5.log"
check "the default stays MQTT 3.1.1" grep -q "as fwd-v311 (p2," "$T/broker/log"

# refused by the ACL: MQTT 5 knows, MQTT 3.1.1 does not
"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "mqtt5://127.0.0.1:$PORT/denied?batch=100" --stats \
	2>"$T/denied5.log"
RC=$?
check "v5, refused: exit 3 ($RC)" [ $RC -eq 3 ]
check "v5, refused: logged with the reason" grep -q "refused a message: Not authorized (reason 0x87)" "$T/denied5.log"
check "v5, refused: counted as rejected" grep -q "sent 0, dropped 500 .*rejected 500" "$T/denied5.log"
"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "mqtt://127.0.0.1:$PORT/denied?batch=100" --stats \
	2>"$T/denied3.log"
RC=$?
check "3.1.1, refused: the broker's PUBACK says nothing: counted sent (exit $RC)" \
	grep -q "sent 500, dropped 0 .*rejected 0" "$T/denied3.log"

"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1:$PORT/ok?message-expiry=5" 2>"$T/bad.log"
RC=$?
check "message-expiry without MQTT 5: exit 2 ($RC)" [ $RC -eq 2 ]
check "... naming it" grep -q "message-expiry needs MQTT 5" "$T/bad.log"
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1:$PORT/ok?proto=4" 2>"$T/bad2.log"
RC=$?
check "proto=4: exit 2 ($RC)" [ $RC -eq 2 ]
finish
