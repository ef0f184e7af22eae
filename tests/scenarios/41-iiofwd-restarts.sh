#!/bin/sh
# iiofwd through a broker restart and a device unbind/rebind mid-stream:
# the broker's subscriber gets every sample the jsonl file got (QoS 1), the
# device is closed, waited for and reopened with no descriptor left behind;
# the only holes in the counter, but at the re-appearance, are samples the
# chip's FIFO lost, and iiofwd accounts for every sample it read.
. ./lib.sh
. ./lis2dh-lib.sh
. ./iiofwd-lib.sh
t_plan 13

if ! command -v iiofwd >/dev/null || ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "iiofwd and lis2dh_i2c on the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
BITS=$(scan_bits)
W=/tmp/iiofwd-41
rm -rf "$W"
mkdir -p "$W"
mq_start || t_fail "mosquitto starts in the guest"
sub_start "g/+/accel" "$W/sub.txt" g41
sleep 1

OV0=$(cnt overruns)
iiofwd -d lis3dh -r 1344 -w 16 -o "jsonl:$W/out.jsonl" -o "mqtt://127.0.0.1/g?qos=1" \
	--backoff-min 100 --backoff-max 1000 --stats -v 2>"$W/log" &
P=$!
# Running once both outputs deliver (startup takes seconds on the debug
# kernel): only then is the descriptor count a baseline.
TIMEOUT=30 wait_for test -s "$W/out.jsonl"
TIMEOUT=30 wait_for test -s "$W/sub.txt"
sleep 1
FD0=$(fd_count $P)
L0=$(wc -l <"$W/out.jsonl")
mq_stop
diag "broker stopped after $L0 samples"
sleep 2
mq_start || t_fail "mosquitto restarts"
sleep 3
L1=$(wc -l <"$W/out.jsonl")
t_check "samples kept flowing to jsonl while the broker was down ($L0 -> $L1)" [ "$L1" -gt "$L0" ]

dev_unbind
diag "device unbound"
TIMEOUT=10 wait_for grep -q "device lis3dh: gone" "$W/log"
sleep 1
t_check "iiofwd noticed the device is gone" grep -q "device lis3dh: gone" "$W/log"
FDG=$(fd_count $P)
dev_bind
TIMEOUT=10 wait_for grep -q "is back" "$W/log"
t_check "iiofwd reopened the device after rebind" grep -q "device lis3dh is back" "$W/log"
L2=$(wc -l <"$W/out.jsonl")
sleep 3
L3=$(wc -l <"$W/out.jsonl")
t_check "samples flow again after the reopen ($L2 -> $L3)" [ "$L3" -gt "$L2" ]
FD1=$(fd_count $P)
diag "iiofwd descriptors: $FD0 before, $FDG while the device was gone, $FD1 after"
t_eq "no descriptor leaked by the broker restart and the reopen" "$FD0" "$FD1"
t_check "buffer descriptors released while the device was gone" [ "$FDG" -lt "$FD0" ]

kill -TERM $P
wait $P
t_eq "SIGTERM: exit 0" 0 $?
OV=$(($(cnt overruns) - OV0))
grep '^iiofwd:' "$W/log" | while read -r l; do diag "$l"; done
t_check "reconnect and reopen counted" sh -c "grep -q 'reconnects 1,' '$W/log' && grep -q ', 1 reopens' '$W/log'"
N=$(wc -l <"$W/out.jsonl")
compare_outputs "$W/out.jsonl" "$W/sub.txt" "$BITS" 60
diag "jsonl: $CMP_J"
diag "mqtt:  $CMP_M"
t_eq "the subscriber got every sample of the jsonl file ($N)" "$CMP_J" "$CMP_M"
t_check "jsonl: $N unique samples" sh -c "echo '$CMP_J' | grep -q '^unique $N '"
t_holes "$W/out.jsonl" 1 "$OV"
READ=$(sed -n 's/.*read \([0-9]*\) samples.*/\1/p' "$W/log")
t_eq "iiofwd's counts: the jsonl file and the broker each got every sample read, none dropped" \
	"$N 0 $N 0 $N" "$(output_stats "$W/log" jsonl) $(output_stats "$W/log" mqtt) $READ"
sub_stop
mq_stop
lis2dh_teardown
t_done
