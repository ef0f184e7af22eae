#!/bin/bash
# MQTT with username/password (rejected, then accepted) and over TLS with a
# CA, and with a client certificate and key; a server certificate from
# another CA or for another host name refused (the reason logged), and
# insecure=1 turning off the host name check only.
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
# a server certificate from the right CA for another name, and another CA
printf 'subjectAltName=DNS:other.example\n' >other.ext
openssl req -newkey rsa:2048 -nodes -subj "/CN=other.example" -keyout other.key \
	-out other.csr >/dev/null 2>&1
openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile other.ext -out other.pem >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=iiofwd other CA" \
	-keyout ca2.key -out ca2.pem >/dev/null 2>&1
cd - >/dev/null || exit 1
NPORT=$(free_port)
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
listener $NPORT 127.0.0.1
cafile $T/tls/ca.pem
certfile $T/tls/other.pem
keyfile $T/tls/other.key
allow_anonymous true
EOC
chmod 644 "$T/passwd" "$T"/tls/*
chmod 755 "$T" "$T/tls"
mosquitto -c "$T/m.conf" >"$T/broker.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
wait_port "$TPORT"
wait_port "$NPORT"

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

# refused: a server certificate from another CA, or for another name, with
# the reason logged (libmosquitto's log: before, only "A TLS error
# occurred"); insecure=1 turns off the name check only
refused() {	# refused RC LOG REASON: nothing delivered, exit 3, the reason logged
	[ "$1" = 3 ] && grep -q "sent 0, dropped $N" "$2" && grep -q "$3" "$2"
}
"$IIOFWD" -u "replay:$T/c.raw" \
	-o "mqtts://localhost:$TPORT/tls?ca=$T/tls/ca2.pem&cert=$T/tls/client.pem&key=$T/tls/client.key" \
	--drain-timeout 1.5 --stats 2>"$T/wrongca.log"
check "TLS: a server certificate from another CA is refused (exit 3, nothing sent)" \
	refused $? "$T/wrongca.log" "certificate verify failed"
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://127.0.0.1:$NPORT/tls?ca=$T/tls/ca.pem" \
	--drain-timeout 1.5 --stats 2>"$T/wrongname.log"
check "TLS: a certificate for another host name (other.example for 127.0.0.1) is refused" \
	refused $? "$T/wrongname.log" "host name verification failed"
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://127.0.0.1:$NPORT/tls?ca=$T/tls/ca2.pem&insecure=1" \
	--drain-timeout 1.5 --stats 2>"$T/insecure-ca.log"
check "TLS insecure=1: a certificate from another CA is still refused" \
	refused $? "$T/insecure-ca.log" "certificate verify failed"
mosquitto_sub -h 127.0.0.1 -p "$NPORT" --cafile "$T/tls/ca.pem" --insecure -t 'ins/+/accel' \
	-q 1 >"$T/isub.txt" &
PIDS+=($!)
sleep 0.5
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://127.0.0.1:$NPORT/ins?ca=$T/tls/ca.pem&insecure=1" \
	--drain-timeout 10 --stats 2>"$T/insecure.log"
check "TLS insecure=1: the same certificate for another name is accepted, every sample sent" \
	bash -c "[ $? -eq 0 ] && grep -q 'sent $N, dropped 0' '$T/insecure.log'"
wait_samples "$T/isub.txt" $N 5
check "TLS insecure=1: subscriber got every sample" $VERIFY exact "$T/isub.txt" 0 $((N - 1))
finish
