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
check "raw recording is header + 16 bytes per sample" \
	[ $(( $(stat -c %s "$T/rec.raw") - $(stat -c %s "$T/c.raw") )) -eq 0 ]

# --count stops exactly
"$IIOFWD" -u "replay:$T/c.raw" -n 1234 -o "jsonl:$T/n.jsonl"
check "--count 1234 exits 0 with 1234 samples" $VERIFY exact "$T/n.jsonl" 0 1233

# --duration stops a paced replay early, exit 0, what was read delivered
"$IIOFWD" -u "replay:$T/c.raw" -r 2000 --duration 0.5 -o "jsonl:$T/d.jsonl" --stats 2>"$T/dstats"
RC=$?
DN=$(wc -l <"$T/d.jsonl")
check "--duration 0.5 at 2000 Hz: exit 0 with ~1000 samples ($DN)" \
	[ $RC -eq 0 ] && [ "$DN" -ge 700 ] && [ "$DN" -le 1300 ]
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
	queue spool spool-max batch drain-timeout backoff-min backoff-max metrics \
	stats verbose help version; do
	grep -q -- "--$o" "$T/help" || missing="$missing $o"
done
check "--help lists every option${missing:+ (missing:$missing)}" [ -z "$missing" ]
check "--version" bash -c "'$IIOFWD' --version | grep -q '^iiofwd '"

finish
