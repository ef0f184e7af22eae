#!/bin/bash
# --spool on a full file system (a 64 KiB tmpfs: ~9000 samples): failed writes open no
# new segment file each, every sample is counted once (spooled or dropped,
# sent + dropped = read), and what was spooled is intact. Needs root
# (mount); skipped otherwise.
. "$(dirname "$0")/lib.sh"

if ! mkdir -p "$T/full" || ! mount -t tmpfs -o size=64k,mode=0755 tmpfs "$T/full" 2>/dev/null; then
	echo "# skipped: cannot mount a tmpfs (needs root)"
	echo "0 passed, 0 failed"
	exit 0
fi
trap 'umount "$T/full" 2>/dev/null' EXIT
PORT=$(free_port)	# no broker: everything goes to the spool
N=20000
$MKCAP "$T/c.raw" $N 1344
"$IIOFWD" -u "replay:$T/c.raw" -r 40000 --queue 100 --spool "$T/full/spool" \
	-o "mqtt://127.0.0.1:$PORT/t" --drain-timeout 0.2 --stats -v 2>"$T/run.log"
RC=$?
grep "^iiofwd:" "$T/run.log" | sed 's/^/# /'
df -k "$T/full" | tail -1 | sed 's/^/# /'
NSEG=$(ls "$T"/full/spool/*/*.seg 2>/dev/null | wc -l)
SPOOLED=$(stat_field "$T/run.log" mqtt spooled)
DROPPED=$(stat_field "$T/run.log" mqtt dropped)
check "the file system filled up: some samples dropped ($DROPPED), some spooled ($SPOOLED)" \
	bash -c '[ "$1" -gt 0 ] && [ "$2" -gt 0 ]' _ "${DROPPED:-0}" "${SPOOLED:-0}"
check "each sample counted once: spooled + dropped = $N ($SPOOLED + $DROPPED)" \
	[ $((SPOOLED + DROPPED)) -eq $N ]
check "no segment file per failed write ($NSEG files)" [ "$NSEG" -le 2 ]
check "exit status 3: samples neither delivered nor spooled ($RC)" [ "$RC" -eq 3 ]
check "the failing writes are reported" grep -q "spool.*No space left on device" "$T/run.log"
check "spool directory 0700, segment files 0600" \
	bash -c "[ \$(stat -c %a '$T'/full/spool/*/) = 700 ] && [ \"\$(stat -c %a '$T'/full/spool/*/*.seg | sort -u)\" = 600 ]"
# the records that fit are intact: delivered by the next run, once a broker is up
start_broker "$PORT"
start_sub "$PORT" "t/+/accel" "$T/sub.txt" subf
sleep 0.3
$MKCAP "$T/empty.raw" 0 1344
"$IIOFWD" -u "replay:$T/empty.raw" --spool "$T/full/spool" -o "mqtt://127.0.0.1:$PORT/t" \
	--drain-timeout 20 --stats 2>"$T/deliver.log"
check "the delivery run exits 0" [ $? -eq 0 ]
check "no corrupt record in the spool" bash -c "! grep -q corrupt '$T/deliver.log'"
wait_samples "$T/sub.txt" "$SPOOLED" 10
check "every spooled sample delivered ($SPOOLED)" [ "$($VERIFY count "$T/sub.txt")" -eq "$SPOOLED" ]
umount "$T/full"
trap - EXIT
finish
