#!/bin/bash
# --spool: overflow and undelivered samples survive an iiofwd restart and
# are delivered in order; a truncated spool file is reported, not fatal.
. "$(dirname "$0")/lib.sh"

PORT=$(free_port)
N=3000
$MKCAP "$T/c.raw" $N 1344
$MKCAP "$T/empty.raw" 0 1344
start_broker "$PORT"
make_session "$PORT" "t/+/accel" subs
stop_broker

spool_run() {	# broker down: everything ends up in the spool
	"$IIOFWD" -u "replay:$T/c.raw" -r 6000 --queue 200 --spool "$T/spool" \
		-o "mqtt://127.0.0.1:$PORT/t?qos=1" --drain-timeout 0.5 --stats 2>"$T/run$1.log"
	check "run $1 (broker down) exits 0" [ $? -eq 0 ]
	check "run $1: $N spooled, none dropped" \
		grep -q "dropped 0 (queue 0, spool 0, at exit 0), spooled $N," "$T/run$1.log"
}
deliver_run() {	# broker up, nothing new: the spool is delivered
	"$IIOFWD" -u "replay:$T/empty.raw" --spool "$T/spool" -v \
		-o "mqtt://127.0.0.1:$PORT/t?qos=1" --drain-timeout 20 --stats 2>"$T/deliver$1.log"
	check "delivery run $1 exits 0" [ $? -eq 0 ]
}

spool_run 1
check "spool directory holds segment files" bash -c "ls '$T'/spool/*/*.seg >/dev/null"
# binary: scan bytes and stamp steps, ~7 bytes a sample (text: ~113)
B=$(cat "$T"/spool/*/*.seg | wc -c)
check "binary records: $B bytes for $N samples, at most 8 a sample" [ "$B" -le $((N * 8)) ]
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub1.txt" subs
deliver_run 1
grep "^iiofwd:" "$T/deliver1.log" | sed 's/^/# /'
check "all $N spooled samples delivered after the restart" \
	wait_samples "$T/sub1.txt" $N 10
check "exactly 0..$((N - 1))" $VERIFY exact "$T/sub1.txt" 0 $((N - 1))
check "in order" $VERIFY order "$T/sub1.txt"
check "spool is empty afterwards" \
	bash -c "[ \$(cat '$T'/spool/*/*.seg 2>/dev/null | wc -c) -eq 0 ]"
stop_sub
stop_broker

# a torn spool file: detected and reported, the intact records delivered
spool_run 2
SEG=$(ls "$T"/spool/*/*.seg | head -1)
truncate -s -5 "$SEG"
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub2.txt" subs
deliver_run 2
check "truncated record reported" grep -q "spool.*truncated record" "$T/deliver2.log"
# the torn record is the last block of samples (at most 256): the rest is
# delivered, in order, from the first
sleep 1
K=$($VERIFY count "$T/sub2.txt")
check "the intact blocks delivered: 0..$((K - 1)), at most 256 lost" \
	bash -c "[ $K -ge $((N - 256)) ] && [ $K -lt $N ] && $VERIFY exact '$T/sub2.txt' 0 $((K - 1))"
finish
