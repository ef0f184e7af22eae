#!/bin/bash
# influx+tcp through a silent link loss: the sink sits in its own network
# namespace behind a veth pair; mid-stream its end of the link goes down
# (no FIN, no RST: a pulled cable). iiofwd must notice within a bounded time
# (TCP_USER_TIMEOUT) and, as the link comes back, deliver every sample:
# only bytes the sink's TCP stack acknowledged count as sent.
# Needs root (unshare -n, ip link); skipped otherwise.
. "$(dirname "$0")/ns.sh"
in_namespaces "-n" "$@"
. "$(dirname "$0")/lib.sh"

N=60000
RATE=2000
DOWN_S=16
$MKCAP "$T/c.raw" $N 1344
ip link set lo up
# the sink's namespace: a sleeping process holding it
unshare -n sleep 600 &
NS=$!
PIDS+=("$NS")
sleep 0.2
ip link add v0 type veth peer name v1
ip link set v1 netns "$NS"
ip addr add 10.77.0.1/24 dev v0
ip link set v0 up
nsenter -t "$NS" -n sh -c 'ip link set lo up; ip addr add 10.77.0.2/24 dev v1; ip link set v1 up'
PORT=8094
nsenter -t "$NS" -n python3 "$HERE/sink.py" tcp "$PORT" "$T/tcp.txt" --bind 10.77.0.2 &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"

"$IIOFWD" -u "replay:$T/c.raw" -r $RATE -o "influx+tcp://10.77.0.2:$PORT" \
	--backoff-min 100 --backoff-max 500 --drain-timeout 30 --stats -v 2>"$T/iiofwd.log" &
FWD=$!
PIDS+=("$FWD")
sleep 3
T0=$(date +%s%N)
nsenter -t "$NS" -n ip link set v1 down
diag "link down"
DET=
while [ $((($(date +%s%N) - T0) / 1000000000)) -lt $DOWN_S ]; do
	if grep -q "influx.*retrying" "$T/iiofwd.log"; then
		DET=$((($(date +%s%N) - T0) / 1000000))
		break
	fi
	sleep 0.1
done
diag "loss noticed after ${DET:-more than $((DOWN_S * 1000))} ms: $(grep 'retrying' "$T/iiofwd.log" | head -1)"
check "silent link loss noticed within 15 s (${DET:-never} ms)" [ -n "$DET" ] && [ "${DET:-99999}" -le 15000 ]
nsenter -t "$NS" -n ip link set v1 up
diag "link up"
wait "$FWD"
RC=$?
grep "^iiofwd:" "$T/iiofwd.log" | sed 's/^/# /'
check "iiofwd exits 0 ($RC)" [ "$RC" -eq 0 ]
check "every sample arrived: nothing counted as sent was lost in the dead link" \
	$VERIFY exact "$T/tcp.txt" 0 $((N - 1))
finish
