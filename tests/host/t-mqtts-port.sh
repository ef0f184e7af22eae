#!/bin/bash
# mqtts:// without a port connects to 8883, as mosquitto_pub --cafile does
# (mqtt:// to 1883): a TLS broker on 127.0.0.1:8883 in a private network
# namespace (the port is fixed, so the host's is left alone). Needs root
# (unshare -n); skipped otherwise.
. "$(dirname "$0")/ns.sh"
in_namespaces "-n" "$@"
. "$(dirname "$0")/lib.sh"

ip link set lo up
N=1000
$MKCAP "$T/c.raw" $N 1344
cd "$T" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=iiofwd test CA" \
	-keyout ca.key -out ca.pem >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key \
	-out server.csr >/dev/null 2>&1
printf 'subjectAltName=DNS:localhost\n' >san.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile san.ext -out server.pem >/dev/null 2>&1
cd - >/dev/null || exit 1
cat >"$T/m.conf" <<EOC
listener 8883 127.0.0.1
cafile $T/ca.pem
certfile $T/server.pem
keyfile $T/server.key
allow_anonymous true
listener 1883 127.0.0.1
allow_anonymous true
EOC
chmod 644 "$T"/*
chmod 755 "$T"
mosquitto -c "$T/m.conf" >"$T/broker.log" 2>&1 &
PIDS+=($!)
wait_port 8883
wait_port 1883

mosquitto_sub -h localhost --cafile "$T/ca.pem" -t 'p/+/accel' -q 1 >"$T/sub.txt" &
PIDS+=($!)
sleep 0.5
check "mosquitto_pub --cafile without -p reaches the TLS listener on 8883" \
	mosquitto_pub -h localhost --cafile "$T/ca.pem" -t p/pub/accel -q 1 -m '[]'
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtts://localhost/p?ca=$T/ca.pem" \
	--drain-timeout 10 --stats 2>"$T/tls.log"
check "mqtts:// without a port: TLS to 8883, every sample sent" \
	bash -c "[ $? -eq 0 ] && grep -q 'mqtts://localhost:8883/p.*sent $N, dropped 0' '$T/tls.log'"
wait_samples "$T/sub.txt" $N 5
check "subscriber on 8883 got every sample" $VERIFY exact "$T/sub.txt" 0 $((N - 1))
"$IIOFWD" -u "replay:$T/c.raw" -o "mqtt://localhost/q" --drain-timeout 10 --stats \
	2>"$T/plain.log"
check "mqtt:// without a port: 1883, every sample sent" \
	bash -c "[ $? -eq 0 ] && grep -q 'mqtt://localhost:1883/q.*sent $N, dropped 0' '$T/plain.log'"
finish
