#!/bin/sh
# Soak: at least 200,000 samples at 1344 Hz through 20 broker restarts and
# 5 device re-appearances (unbind/bind); 60,000 samples, 6 restarts and 2
# re-appearances on the rt and debug lanes. The descriptor count and RSS of
# iiofwd are sampled and printed and must stay flat (baseline once the
# queue's memory has been touched); the subscriber gets every sample the
# jsonl file got; the only holes in the counter, but at the
# re-appearances, are samples the chip's FIFO lost, and iiofwd accounts for
# every sample it read; SIGTERM at the end exits 0.
. ./lib.sh
. ./lis2dh-lib.sh
. ./iiofwd-lib.sh
t_plan 12

if ! command -v iiofwd >/dev/null || ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "iiofwd and lis2dh_i2c on the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
BITS=$(scan_bits)
W=/tmp/iiofwd-42
rm -rf "$W"
mkdir -p "$W"
mq_start || t_fail "mosquitto starts in the guest"
sub_start "g/+/accel" "$W/sub.txt" g42
sleep 1

N=$(by_lane 200000 60000)
RESTARTS=$(by_lane 20 6)
REAPPEAR=$(by_lane 5 2)
Q=20000
OV0=$(cnt overruns)
iiofwd -d lis3dh -r 1344 -w 16 --queue $Q -o "jsonl:$W/out.jsonl" \
	-o "mqtt://127.0.0.1/g?qos=1" --backoff-min 100 --backoff-max 1000 \
	--drain-timeout 60 --stats 2>"$W/log" &
P=$!
TIMEOUT=30 wait_for test -s "$W/out.jsonl"
diag "start: $(fd_count $P) descriptors, RSS $(rss_kb $P) kB"
FD_BASE=""
restarts=0
reappear=0
i=0
samples=0
# an event every few seconds (broker restart; every 4th a device
# re-appearance) until all events happened and N samples were read
while kill -0 $P 2>/dev/null; do
	[ $restarts -ge "$RESTARTS" ] && [ $reappear -ge "$REAPPEAR" ] &&
		[ "$samples" -ge "$N" ] && break
	i=$((i + 1))
	if [ $((i % 4)) -eq 0 ] && [ $reappear -lt "$REAPPEAR" ]; then
		dev_unbind
		sleep 1
		dev_bind
		reappear=$((reappear + 1))
	elif [ $restarts -lt "$RESTARTS" ]; then
		mq_stop
		sleep 1
		mq_start
		restarts=$((restarts + 1))
	fi
	sleep 2
	kill -0 $P 2>/dev/null || break
	samples=$(wc -l <"$W/out.jsonl")
	f=$(fd_count $P)
	r=$(rss_kb $P)
	diag "event $i: $samples samples, $restarts broker restarts, $reappear re-appearances: $f descriptors, RSS $r kB"
	if [ -z "$FD_BASE" ] && [ "$samples" -gt $((Q + 10000)) ]; then
		FD_BASE=$f
		RSS_BASE=$r
		diag "baseline (queue memory touched): $f descriptors, RSS $r kB"
	fi
done
sleep 2
if kill -0 $P 2>/dev/null; then
	FD_END=$(fd_count $P)
	RSS_END=$(rss_kb $P)
	kill -TERM $P
	wait $P
	RC=$?
else
	FD_END=gone
	RSS_END=0
	RC=died
fi
OV=$(($(cnt overruns) - OV0))
diag "end: $FD_END descriptors, RSS $RSS_END kB"
t_eq "iiofwd ran through $RESTARTS broker restarts and $REAPPEAR device re-appearances" \
	"$RESTARTS $REAPPEAR" "$restarts $reappear"
t_eq "SIGTERM at the end: exit 0" 0 "$RC"
t_eq "descriptor count flat (baseline vs end)" "${FD_BASE:-none}" "$FD_END"
t_check "RSS flat (baseline ${RSS_BASE:-none} kB, end $RSS_END kB: growth < 1 MB)" \
	test -n "$RSS_BASE" -a "$((RSS_END - ${RSS_BASE:-0}))" -lt 1024
grep '^iiofwd:' "$W/log" | while read -r l; do diag "$l"; done
READ=$(sed -n 's/.*read \([0-9]*\) samples.*/\1/p' "$W/log")
t_check "at least $N samples forwarded ($READ)" [ "${READ:-0}" -ge $N ]
t_eq "jsonl holds every sample read" "$READ" "$(wc -l <"$W/out.jsonl")"
compare_outputs "$W/out.jsonl" "$W/sub.txt" "$BITS" 300
diag "jsonl: $CMP_J"
diag "mqtt:  $CMP_M"
t_eq "the subscriber got every sample of the jsonl file" "$CMP_J" "$CMP_M"
t_check "jsonl: $READ unique samples" sh -c "echo '$CMP_J' | grep -q '^unique $READ '"
t_holes "$W/out.jsonl" "$REAPPEAR" "$OV"
t_eq "iiofwd's counts: the jsonl file and the broker each got every sample read, none dropped" \
	"$READ 0 $READ 0" "$(output_stats "$W/log" jsonl) $(output_stats "$W/log" mqtt)"
t_check "$REAPPEAR reopens and $RESTARTS reconnects counted" \
	sh -c "grep -q ', $REAPPEAR reopens' '$W/log' && grep -q 'reconnects $RESTARTS,' '$W/log'"

sub_stop
mq_stop
lis2dh_teardown
t_done
