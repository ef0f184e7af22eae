#!/bin/bash
# SIGKILL while connected: iiofwd says nothing, the broker publishes its
# last will, and the will is retained: a subscriber that arrives afterwards
# gets "offline" on prefix/<dev>/status, not the "online" of before.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
$MKCAP "$T/c.raw" 200000 1344
start_broker "$PORT"

# retained_status: the retained message a new subscriber to t/+/status gets
retained_status() {
	timeout 5 mosquitto_sub -h 127.0.0.1 -p "$PORT" -t "t/+/status" -v -C 1 -W 3 \
		2>>"$T/sub.err"
}
# wait_status WANT TIMEOUT_S: until a new subscriber gets WANT; prints the last
wait_status() {
	local end=$((SECONDS + $2)) s
	while :; do
		s=$(retained_status)
		[ "$s" = "t/lis3dh/status $1" ] || [ $SECONDS -ge $end ] && break
		sleep 0.2
	done
	echo "$s"
}

"$IIOFWD" -u "replay:$T/c.raw" -r 2000 -o "mqtt://127.0.0.1:$PORT/t?qos=1" \
	2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
S1=$(wait_status online 10)
check "retained status online while connected ($S1)" [ "$S1" = "t/lis3dh/status online" ]
kill -KILL "$FWD"
{ wait "$FWD"; } 2>/dev/null
RC=$?
check "iiofwd died of the SIGKILL (status $RC)" [ $RC -eq 137 ]
# the broker publishes the will when it sees the socket close
S2=$(wait_status offline 5)
check "a new subscriber gets the retained will ($S2)" [ "$S2" = "t/lis3dh/status offline" ]
finish
