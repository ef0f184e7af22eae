#!/bin/bash
# jsonl format and completeness, raw capture round trip, gap detection,
# bad configuration exits, --help.
. "$(dirname "$0")/lib.sh"

$MKCAP "$T/c.raw" 5000 1344
"$IIOFWD" -u "replay:$T/c.raw" -o "jsonl:$T/out.jsonl" --stats 2>"$T/stats"
check "replay to jsonl exits 0" [ $? -eq 0 ]
check "jsonl has every sample 0..4999" $VERIFY exact "$T/out.jsonl" 0 4999
check "jsonl has 5000 lines" [ "$(wc -l <"$T/out.jsonl")" -eq 5000 ]
check "jsonl in order" $VERIFY order "$T/out.jsonl"
check "jsonl objects as DESIGN.md says" $VERIFY format "$T/out.jsonl"
check "stats: 5000 read" grep -q "read 5000 samples, 0 gaps" "$T/stats"
check "stats: 5000 sent, 0 dropped" grep -q "sent 5000, dropped 0" "$T/stats"

# record with -o raw, replay the recording: same samples
"$IIOFWD" -u "replay:$T/c.raw" -o "raw:$T/rec.raw" -o "jsonl:$T/a.jsonl"
"$IIOFWD" -u "replay:$T/rec.raw" -o "jsonl:$T/b.jsonl"
check "raw recording replays identically" cmp -s "$T/a.jsonl" "$T/b.jsonl"

# A capture made by hand, not by the code under test: the header of the raw
# format, then three 16-byte scans: x, y, z as le:s12/16>>4 (value = the
# 16-bit little-endian word >> 4, sign from bit 11) with scale 0.5, and an
# s64 little-endian timestamp in ns.
#   scan 0: words 0x0010 0xfff0 0x7ff0 -> raw 1 -1 2047,    t 1000000000 (0x3b9aca00)
#   scan 1: words 0x8000 0x000f 0x1234 -> raw -2048 0 291,  t 1010000000 (0x3c336080)
#   scan 2: words 0xabcd 0x0100 0xfe00 -> raw -1348 16 -32, t 1020000000 (0x3ccbf700)
{
	printf 'iiofwd-raw 1\ndevice fix\nrate 100\n'
	printf 'channel accel_x 0 le:s12/16>>4 0.5 0\n'
	printf 'channel accel_y 1 le:s12/16>>4 0.5 0\n'
	printf 'channel accel_z 2 le:s12/16>>4 0.5 0\n'
	printf 'channel timestamp 3 le:s64/64>>0 1 0 timestamp\nscan-bytes 16\nend\n'
	printf '\x10\x00\xf0\xff\xf0\x7f\x00\x00\x00\xca\x9a\x3b\x00\x00\x00\x00'
	printf '\x00\x80\x0f\x00\x34\x12\x00\x00\x80\x60\x33\x3c\x00\x00\x00\x00'
	printf '\xcd\xab\x00\x01\x00\xfe\x00\x00\x00\xf7\xcb\x3c\x00\x00\x00\x00'
} >"$T/fix.raw"
cat >"$T/fix.expect" <<'EOF'
"t":1000000000,"x":0.5,"y":-0.5,"z":1023.5,"raw":[1,-1,2047]}
"t":1010000000,"x":-1024,"y":0,"z":145.5,"raw":[-2048,0,291]}
"t":1020000000,"x":-674,"y":8,"z":-16,"raw":[-1348,16,-32]}
EOF
"$IIOFWD" -u "replay:$T/fix.raw" -o "jsonl:$T/fix.jsonl" -o "raw:$T/fix-rec.raw"
check "hand-made capture replays, exit 0" [ $? -eq 0 ]
sed 's/^{"dev":"fix",.*"t":/"t":/' "$T/fix.jsonl" >"$T/fix.got"
check "hand-made capture decodes to the values worked out by hand" \
	diff "$T/fix.expect" "$T/fix.got"
check "its raw recording is the hand-made file byte for byte (header, 16 bytes a scan)" \
	cmp "$T/fix.raw" "$T/fix-rec.raw"

# "seq" numbers every sample; without a timestamp channel the samples of a
# read (here 4096 at once) get times spread a period apart, not one time
python3 - "$T/nots.raw" <<'PY'
import struct, sys
with open(sys.argv[1], 'wb') as f:
    f.write(b'iiofwd-raw 1\ndevice nots\nrate 1000\n'
            b'channel accel_x 0 le:s12/16>>4 1 0\nchannel accel_y 1 le:s12/16>>4 1 0\n'
            b'channel accel_z 2 le:s12/16>>4 1 0\nscan-bytes 6\nend\n')
    for n in range(5000):
        f.write(struct.pack('<hhh', (n & 0xff) << 4, ((n >> 8) & 0xff) << 4, 0))
PY
"$IIOFWD" -u "replay:$T/nots.raw" -o "jsonl:$T/nots.jsonl"
check "no timestamp channel: seq 0..4999, every sample its own, increasing time" \
	$VERIFY seqtime "$T/nots.jsonl" 0 4999
check "with a timestamp channel: seq 0..4999 too" $VERIFY seqtime "$T/out.jsonl" 0 4999

# --count stops exactly
"$IIOFWD" -u "replay:$T/c.raw" -n 1234 -o "jsonl:$T/n.jsonl"
check "--count 1234 exits 0 with 1234 samples" $VERIFY exact "$T/n.jsonl" 0 1233

# --duration stops a paced replay early, exit 0, what was read delivered
"$IIOFWD" -u "replay:$T/c.raw" -r 2000 --duration 0.5 -o "jsonl:$T/d.jsonl" --stats 2>"$T/dstats"
RC=$?
DN=$(wc -l <"$T/d.jsonl")
check "--duration 0.5 at 2000 Hz: exit 0 with ~1000 samples ($DN)" \
	bash -c '[ "$1" -eq 0 ] && [ "$2" -ge 700 ] && [ "$2" -le 1300 ]' _ "$RC" "$DN"
check "--duration: all read samples delivered" grep -q "read $DN samples" "$T/dstats"

# gaps: 10 samples missing after sample 999
$MKCAP "$T/gap.raw" 3000 1344 1000 10
"$IIOFWD" -u "replay:$T/gap.raw" -o "jsonl:/dev/null" --stats 2>"$T/gstats"
check "one gap of ~10 samples detected from timestamps" \
	grep -q "read 3000 samples, 1 gaps (~10 samples missing)" "$T/gstats"

# bad configuration: non-zero exit, message naming the culprit
bad() {		# bad WORD ARGS...: exits 2, stderr mentions WORD
	local word=$1
	shift
	"$IIOFWD" "$@" >/dev/null 2>"$T/err"
	local rc=$?
	if [ $rc -eq 2 ] && grep -q -- "$word" "$T/err"; then
		ok "rejects $* ($(head -c 100 "$T/err"))"
	else
		fail "rejects $* (rc=$rc: $(cat "$T/err"))"
	fi
}
bad "fast" -u "replay:$T/c.raw" --rate fast
bad "bogus://x" -u "replay:$T/c.raw" -o bogus://x
bad "qos" -u "replay:$T/c.raw" -o "mqtt://127.0.0.1/p?qos=3"
bad "--frobnicate" --frobnicate
bad "$T/none.raw" -u "replay:$T/none.raw"
bad "nosuchdev" -u "replay:$T/c.raw" -d nosuchdev
bad "nosuchdev" -d nosuchdev
bad "/nonexistent/dir/x.jsonl" -u "replay:$T/c.raw" -o jsonl:/nonexistent/dir/x.jsonl
printf 'rate = 100\nwatermark = lots\n' >"$T/bad.conf"
bad "bad.conf:2" -c "$T/bad.conf"
printf 'rate = 100\nfoo = 1\n' >"$T/bad2.conf"
bad "foo" -c "$T/bad2.conf"
bad "metrics" -u "replay:$T/c.raw" --metrics nohostport
printf 'not an iiofwd capture\n' >"$T/junk.raw"
bad "not an iiofwd capture" -u "replay:$T/junk.raw"

# the config file and the command line share keys; the command line wins
printf 'uri = replay:%s\ncount = 10\noutput = jsonl:%s\n' "$T/c.raw" "$T/cf.jsonl" >"$T/ok.conf"
"$IIOFWD" -c "$T/ok.conf" -n 20
check "config file + command line override (count 20)" $VERIFY exact "$T/cf.jsonl" 0 19

# --help documents every option
"$IIOFWD" --help >"$T/help"
check "--help exits 0" [ $? -eq 0 ]
missing=""
for o in config uri device channels rate watermark output count duration latency \
	queue spool spool-max spool-sync batch drain-timeout backoff-min backoff-max metrics \
	stats verbose help version; do
	grep -q -- "--$o" "$T/help" || missing="$missing $o"
done
check "--help lists every option${missing:+ (missing:$missing)}" [ -z "$missing" ]
check "--version" bash -c "'$IIOFWD' --version | grep -q '^iiofwd '"

finish
