#!/bin/bash
# influx+tcp:// (through a dropped connection) and influx+udp:// (datagrams
# under 1,400 bytes): every sample arrives as a line-protocol line.
. "$(dirname "$0")/lib.sh"

N=5000
$MKCAP "$T/c.raw" $N 1344

TPORT=$(free_port)
python3 "$HERE/sink.py" tcp "$TPORT" "$T/tcp.txt" 100000 &
PIDS+=($!)
wait_file "$T/tcp.txt.ready"
"$IIOFWD" -u "replay:$T/c.raw" -r 10000 -o "influx+tcp://127.0.0.1:$TPORT?measurement=vib" \
	--backoff-min 50 --backoff-max 200 --drain-timeout 10 --stats 2>"$T/tcp.log"
check "influx+tcp run exits 0" [ $? -eq 0 ]
grep "^iiofwd:" "$T/tcp.log" | sed 's/^/# /'
check "the server's hang-up was survived (reconnect counted)" grep -q "reconnects 1," "$T/tcp.log"
# line protocol over TCP has no acknowledgement: what the server's kernel
# took but the server never read is lost at a hang-up; bounded by one batch
check "every sample arrived over TCP but at most one batch in flight at the hang-up" \
	$VERIFY exact "$T/tcp.txt" 0 $((N - 1)) 100
check "lines start with measurement and tag" \
	bash -c "head -1 '$T/tcp.txt' | grep -Eq '^vib,dev=lis3dh seq=[0-9]+i,x=[-0-9.e]+,y=[-0-9.e]+,z=[-0-9.e]+,x_raw=-?[0-9]+i,y_raw=-?[0-9]+i,z_raw=-?[0-9]+i [0-9]{19}$'"

UPORT=$(free_port)
python3 "$HERE/sink.py" udp "$UPORT" "$T/udp.txt" &
PIDS+=($!)
wait_file "$T/udp.txt.ready"
"$IIOFWD" -u "replay:$T/c.raw" -r 20000 -o "influx+udp://127.0.0.1:$UPORT" --stats 2>"$T/udp.log"
check "influx+udp run exits 0" [ $? -eq 0 ]
sleep 0.5
MAX=$(awk '{ if ($1 > m) m = $1 } END { print m + 0 }' "$T/udp.txt")
check "every datagram is under 1400 bytes (largest $MAX)" \
	bash -c '[ "$1" -gt 0 ] && [ "$1" -lt 1400 ]' _ "$MAX"
check "datagrams carry several lines" [ "$(wc -l <"$T/udp.txt")" -lt $((N / 4)) ]
cut -d' ' -f2- "$T/udp.txt" | sed 's/\\n/\n/g' >"$T/udp-lines.txt"
check "every sample arrived over UDP" $VERIFY exact "$T/udp-lines.txt" 0 $((N - 1))

# nobody listens: sends fail (ICMP port unreachable, ECONNREFUSED) and
# those samples count as dropped, not sent
CPORT=$(free_port)
"$IIOFWD" -u "replay:$T/c.raw" -r 20000 -o "influx+udp://127.0.0.1:$CPORT" --stats 2>"$T/udpc.log"
RC=$?
grep "^iiofwd: output" "$T/udpc.log" | sed 's/^/# /'
SENT=$(stat_field "$T/udpc.log" influx sent)
DROP=$(stat_field "$T/udpc.log" influx dropped)
check "udp to a closed port: failed sends counted as dropped ($DROP), sent + dropped = $N" \
	bash -c '[ "$1" -gt 0 ] && [ $(($1 + $2)) -eq "$3" ]' _ "$DROP" "$SENT" "$N"
check "udp to a closed port: exit status 3 (rc $RC)" [ "$RC" -eq 3 ]
finish
