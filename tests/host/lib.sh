# SPDX-License-Identifier: GPL-2.0
# Helpers for the host integration tests of iiofwd (bash).
# Each test sources this, uses ok/fail, and ends with `finish`.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
US=$(cd "$HERE/../../userspace" && pwd)
IIOFWD=${IIOFWD:-$US/iiofwd}
MKCAP=$US/build/mkcapture
VERIFY="python3 $HERE/verify.py"
T=$(mktemp -d /tmp/iiofwd-host.XXXXXX)
NPASS=0
NFAIL=0
PIDS=()

ok() { echo "ok - $*"; NPASS=$((NPASS + 1)); }
fail() { echo "not ok - $*"; NFAIL=$((NFAIL + 1)); }
diag() { echo "# $*"; }
check() {	# check DESC CMD...
	local d=$1
	shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() {	# wait_port PORT [TIMEOUT_S]: until something listens
	python3 - "$1" "${2:-5}" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + limit
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

wait_file() {	# wait_file PATH [TIMEOUT_S]
	local end=$((SECONDS + ${2:-10}))
	while [ ! -e "$1" ] && [ $SECONDS -lt $end ]; do sleep 0.05; done
	[ -e "$1" ]
}

# start_broker PORT: mosquitto on 127.0.0.1:PORT with persistence in $T
BROKER_PID=
start_broker() {
	local port=$1
	mkdir -p "$T/broker"
	cat >"$T/broker/mosquitto.conf" <<EOC
listener $port 127.0.0.1
user $(id -un)
allow_anonymous true
persistence true
persistence_location $T/broker/
max_queued_messages 100000
log_dest file $T/broker/log
EOC
	mosquitto -c "$T/broker/mosquitto.conf" >/dev/null 2>&1 &
	BROKER_PID=$!
	PIDS+=("$BROKER_PID")
	wait_port "$port" 5 || diag "broker did not start"
}

stop_broker() {		# graceful: the broker saves sessions and queued messages
	[ -n "$BROKER_PID" ] || return 0
	kill -TERM "$BROKER_PID" 2>/dev/null
	wait "$BROKER_PID" 2>/dev/null
	BROKER_PID=
}

# start_sub PORT TOPIC OUTFILE ID: persistent-session QoS 1 subscriber
SUB_PID=
start_sub() {
	mosquitto_sub -h 127.0.0.1 -p "$1" -t "$2" -q 1 -c -i "$4" -k 5 >>"$3" 2>>"$T/sub.err" &
	SUB_PID=$!
	PIDS+=("$SUB_PID")
}

stop_sub() {
	[ -n "$SUB_PID" ] || return 0
	kill -TERM "$SUB_PID" 2>/dev/null
	wait "$SUB_PID" 2>/dev/null
	SUB_PID=
}

# create the persistent session of subscriber ID before anything is published
make_session() {	# make_session PORT TOPIC ID
	timeout 2 mosquitto_sub -h 127.0.0.1 -p "$1" -t "$2" -q 1 -c -i "$3" -W 1 >/dev/null 2>&1
	true
}

# wait until FILE has COUNT unique samples (by counter), or TIMEOUT seconds
wait_samples() {	# wait_samples FILE COUNT TIMEOUT
	local end=$((SECONDS + $3))
	while [ $SECONDS -lt $end ]; do
		[ "$($VERIFY count "$1" 2>/dev/null)" -ge "$2" ] 2>/dev/null && return 0
		sleep 0.3
	done
	return 1
}

stat_field() {		# stat_field STATSFILE OUTPUT_SUBSTR FIELD -> number
	grep "output .*$2" "$1" | sed -n "s/.* $3 \([0-9]*\).*/\1/p" | head -1
}

finish() {
	local p
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ "$NFAIL" -eq 0 ] && [ -z "$KEEP" ]; then
		rm -rf "$T"
	else
		diag "files kept in $T"
	fi
	echo "$NPASS passed, $NFAIL failed"
	[ "$NFAIL" -eq 0 ]
}
