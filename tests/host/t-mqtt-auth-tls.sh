#!/bin/bash
# MQTT with username/password (rejected, then accepted) and over TLS with a
# CA, and with a client certificate and key.
. "$(dirname "$0")/lib.sh"

N=2000
$MKCAP "$T/c.raw" $N 1344
PORT=$(free_port)
TPORT=$(free_port)
mkdir -p "$T/tls"
cd "$T/tls" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=iiofwd test CA" \
	-keyout ca.key -out ca.pem >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key \
	-out server.csr >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile san.ext -out server.pem >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=iiofwd" -keyout client.key \
	-out client.csr >/dev/null 2>&1
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-out client.pem >/dev/null 2>&1
cd - >/dev/null || exit 1
mosquitto_passwd -b -c "$T/passwd" sensor 's3cret:@/x' 2>/dev/null
cat >"$T/m.conf" <<EOC
per_listener_settings true
listener $PORT 127.0.0.1
password_file $T/passwd
allow_anonymous false
listener $TPORT 127.0.0.1
cafile $T/tls/ca.pem
certfile $T/tls/server.pem
keyfile $T/tls/server.key
require_certificate true
allow_anonymous true
EOC
chmod 644 "$T/passwd" "$T"/tls/*
chmod 755 "$T" "$T/tls"
mosquitto -c "$T/m.conf" >"$T/broker.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
wait_port "$TPORT"

# wrong password: refused, retried, nothing delivered: exits 3 (undelivered)
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://sensor:wrong@127.0.0.1:$PORT/t?qos=1" \
	--drain-timeout 1 --stats 2>"$T/bad.log"
check "wrong password: exits 3 after the drain timeout (nothing delivered)" [ $? -eq 3 ]
check "wrong password: refusal logged" grep -q "connection refused" "$T/bad.log"
check "wrong password: undelivered samples counted at exit" grep -q "sent 0, dropped $N (queue 0, spool 0, at exit $N)" "$T/bad.log"

mosquitto_sub -h 127.0.0.1 -p "$PORT" -u sensor -P 's3cret:@/x' -t 't/+/accel' -q 1 >"$T/sub.txt" &
PIDS+=($!)
sleep 0.5
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://sensor:s3cret%3A%40%2Fx@127.0.0.1:$PORT/t?qos=1" \
	--drain-timeout 10 --stats 2>"$T/ok.log"
check "user:pass (percent-encoded) accepted, every sample sent" grep -q "sent $N, dropped 0" "$T/ok.log"
wait_samples "$T/sub.txt" $N 5
check "subscriber got every sample" $VERIFY exact "$T/sub.txt" 0 $((N - 1))

mosquitto_sub -h localhost -p "$TPORT" --cafile "$T/tls/ca.pem" --cert "$T/tls/client.pem" \
	--key "$T/tls/client.key" -t 'tls/+/accel' -q 1 >"$T/tsub.txt" &
PIDS+=($!)
sleep 0.5
"$IIOFWD" -u "replay:$T/c.raw" \
	-o "mqtts://localhost:$TPORT/tls?qos=1&ca=$T/tls/ca.pem&cert=$T/tls/client.pem&key=$T/tls/client.key" \
	--drain-timeout 10 --stats 2>"$T/tls.log"
check "TLS with CA and client certificate: every sample sent" grep -q "sent $N, dropped 0" "$T/tls.log"
wait_samples "$T/tsub.txt" $N 5
check "TLS subscriber got every sample" $VERIFY exact "$T/tsub.txt" 0 $((N - 1))
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://localhost:$TPORT/tls?qos=1&ca=$T/tls/ca.pem" \
	--drain-timeout 1 --stats 2>"$T/nocert.log"
check "TLS without the required client certificate: nothing delivered" \
	grep -q "sent 0, dropped $N" "$T/nocert.log"
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://localhost:$TPORT/tls?ca=$T/none.pem" 2>"$T/noca.log"
check "missing CA file is a configuration error naming it (exit 2)" \
	bash -c "[ $? -eq 2 ] && grep -q none.pem '$T/noca.log'"
finish
