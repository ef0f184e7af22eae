#!/bin/bash
# systemd notification: READY=1 once forwarding, WATCHDOG=1 at half the
# watchdog period, STOPPING=1 on the way out (Type=notify units).
. "$(dirname "$0")/lib.sh"

$MKCAP "$T/c.raw" 20000 1344
python3 - "$T/notify.sock" "$T/notify.txt" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as f:
    while True:
        f.write(s.recv(4096).decode().replace("\n", " ") + "\n")
PY
PIDS+=($!)
wait_file "$T/notify.sock"
# systemd sets WATCHDOG_PID to the service's pid: exec keeps the subshell's
(
	export NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=400000 WATCHDOG_PID=$BASHPID
	exec "$IIOFWD" -u "replay:$T/c.raw" -r 10000 -o "jsonl:/dev/null"
) &
FWD=$!
wait $FWD
RC=$?
sleep 0.3
check "iiofwd exits 0" [ $RC -eq 0 ]
check "READY=1 sent" grep -q "READY=1" "$T/notify.txt"
W=$(grep -c "WATCHDOG=1" "$T/notify.txt")
check "WATCHDOG=1 sent repeatedly over 2 s ($W times)" [ "$W" -ge 5 ]
check "STOPPING=1 sent last" bash -c "tail -1 '$T/notify.txt' | grep -q STOPPING=1"
finish
