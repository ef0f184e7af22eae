#!/bin/bash
# influx+http:// (InfluxDB v2 /api/v2/write) against a small v2 sink:
# every sample arrives once through a sink restart (a batch counts as
# delivered on 204 only); 429 is retried; a wrong token gets 401, which is
# reported, counted as rejected and not retried; the token comes from a
# file or a systemd credential.
. "$(dirname "$0")/lib.sh"

N=20000
$MKCAP "$T/c.raw" $N 1344
umask 077
echo "s3cr3t-token" >"$T/token"
PORT=$(free_port)
start_sink() {	# start_sink ARGS...
	rm -f "$T/h.txt.ready"
	python3 "$HERE/influx2sink.py" "$PORT" "$T/h.txt" --token s3cr3t-token "$@" &
	SINK=$!
	PIDS+=("$SINK")
	wait_file "$T/h.txt.ready"
}
URL="influx+http://127.0.0.1:$PORT/?org=o&bucket=b"

start_sink
"$IIOFWD" -u "replay:$T/c.raw" -r 4000 -o "$URL&token-file=$T/token" --stats \
	--backoff-min 50 --backoff-max 300 --drain-timeout 10 2>"$T/run1.log" &
FWD=$!
PIDS+=("$FWD")
sleep 1.5
kill -TERM "$SINK"
wait "$SINK" 2>/dev/null
sleep 0.7
start_sink
wait "$FWD"
RC=$?
check "iiofwd exits 0 ($RC)" [ $RC -eq 0 ]
grep "^iiofwd: output" "$T/run1.log" | sed 's/^/# /'
check "every sample arrived" $VERIFY exact "$T/h.txt" 0 $((N - 1))
D=$($VERIFY exact "$T/h.txt" 0 $((N - 1)) | sed -n 's/.*duplicates \([0-9]*\).*/\1/p')
check "each once ($D duplicates)" [ "${D:-1}" -eq 0 ]
R=$(stat_field "$T/run1.log" influx reconnects)
check "the sink restart was survived ($R reconnects)" [ "${R:-0}" -ge 1 ]
check "all sent, none dropped" grep -q "sent $N, dropped 0 " "$T/run1.log"

# 429: sent again after the backoff, nothing lost
rm -f "$T/h.txt" "$T/h.txt.requests"
kill -TERM "$SINK"
wait "$SINK" 2>/dev/null
start_sink --fail 3:429
"$IIOFWD" -u "replay:$T/c.raw" -n 2000 -o "$URL&token-file=$T/token&batch=500" --stats \
	--backoff-min 20 --backoff-max 100 2>"$T/run2.log"
RC=$?
check "429: exit 0 ($RC)" [ $RC -eq 0 ]
check "429: answered three times, then accepted" \
	[ "$(head -4 "$T/h.txt.requests" | tr '\n' ' ')" = "429 429 429 204 " ]
check "429: every sample arrived" $VERIFY exact "$T/h.txt" 0 1999
check "429: counted as errors, not rejected" grep -q "errors 3, rejected 0" "$T/run2.log"

# 503 with Retry-After: 2: the next try waits for it, not for the backoff
rm -f "$T/h.txt" "$T/h.txt.requests" "$T/h.txt.times"
kill -TERM "$SINK"
wait "$SINK" 2>/dev/null
start_sink --fail 1:503 --retry-after 2
"$IIOFWD" -u "replay:$T/c.raw" -n 300 -o "$URL&token-file=$T/token" \
	--backoff-min 20 --backoff-max 100 -v 2>"$T/run-ra.log"
RC=$?
check "Retry-After: exit 0 ($RC)" [ $RC -eq 0 ]
check "Retry-After: every sample arrived" $VERIFY exact "$T/h.txt" 0 299
GAP=$(python3 -c 'import sys; t = [float(l) for l in open(sys.argv[1])]; print("%.2f" % (t[1] - t[0]))' "$T/h.txt.times")
check "Retry-After: the retry came ${GAP} s after the 503 (>= 1.9 s; the backoff alone: 0.1 s)" \
	python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 1.9 else 1)' "$GAP"
check "Retry-After: logged" grep -q "the server asks to retry after 2 s" "$T/run-ra.log"

# 401: reported, counted, not retried
rm -f "$T/h.txt" "$T/h.txt.requests"
MPORT=$(free_port)
"$IIOFWD" -u "replay:$T/c.raw" -n 500 -o "$URL&token=wrong&batch=100" --stats \
	--metrics "127.0.0.1:$MPORT" 2>"$T/run3.log"
RC=$?
check "401: exit 3, samples neither delivered nor spooled ($RC)" [ $RC -eq 3 ]
check "401: reported with the server's message" \
	grep -q 'HTTP 401: .*unauthorized access.*samples rejected' "$T/run3.log"
check "401: counted as rejected" grep -q "sent 0, dropped 500 .*rejected 500" "$T/run3.log"
check "401: each batch tried once (5 requests, not retried)" \
	[ "$(grep -c '^401$' "$T/h.txt.requests")" -eq 5 ]
check "401: the token is not in the log" [ "$(grep -c wrong "$T/run3.log")" -eq 0 ]

# the token as a systemd credential
rm -f "$T/h.txt"
mkdir -p "$T/creds"
cp "$T/token" "$T/creds/influx-token"
CREDENTIALS_DIRECTORY=$T/creds "$IIOFWD" -u "replay:$T/c.raw" -n 300 \
	-o "$URL&token-credential=influx-token" 2>"$T/run4.log"
RC=$?
check "token-credential: exit 0 ($RC)" [ $RC -eq 0 ]
check "token-credential: delivered" $VERIFY exact "$T/h.txt" 0 299
"$IIOFWD" -u "replay:$T/c.raw" -n 3 -o "$URL&token-credential=influx-token" 2>"$T/run5.log"
RC=$?
check "token-credential without \$CREDENTIALS_DIRECTORY: exit 2 ($RC)" [ $RC -eq 2 ]
check "... saying so" grep -q 'token-credential.*CREDENTIALS_DIRECTORY is not set' "$T/run5.log"
"$IIOFWD" -u "replay:$T/c.raw" -n 3 -o "influx+http://127.0.0.1:$PORT/?org=o" 2>"$T/run6.log"
RC=$?
check "no bucket: exit 2 ($RC)" [ $RC -eq 2 ]
check "... naming it" grep -q 'missing bucket=' "$T/run6.log"
finish
