#!/bin/bash
# Under systemd (JOURNAL_STREAM names stderr's device:inode) every stderr line
# starts with its syslog priority, "<3>" error, "<4>" warning, "<6>" info,
# so that journalctl -p err finds the errors; otherwise no prefix.
. "$(dirname "$0")/lib.sh"

$MKCAP "$T/c.raw" 100 1344

run_j() {	# run_j OUT [JOURNAL_STREAM|-] ARGS...: stderr to OUT
	local out=$1 js=$2
	shift 2
	: >"$out"
	if [ "$js" = - ]; then
		env -u JOURNAL_STREAM "$IIOFWD" "$@" 2>>"$out"
	elif [ "$js" = self ]; then
		JOURNAL_STREAM=$(stat -c '%d:%i' "$out") "$IIOFWD" "$@" 2>>"$out"
	else
		JOURNAL_STREAM=$js "$IIOFWD" "$@" 2>>"$out"
	fi
}
# every line starts with the prefix of its level word
prefixed() {	# prefixed FILE
	[ -s "$1" ] || return 1
	! grep -qvE '^(<3>iiofwd(\[[0-9.]+\] error)?:|<4>iiofwd\[[0-9.]+\] warning:|<6>iiofwd(\[[0-9.]+\] info)?:|<7>iiofwd\[[0-9.]+\] debug:)' "$1"
}
unprefixed() { [ -s "$1" ] && ! grep -q '^<[0-9]>' "$1"; }

OPTS=(-u "replay:$T/c.raw" -o "mqtt://127.0.0.1:1/x" -n 10 --drain-timeout 0.3 -vv --stats)
run_j "$T/j1" self "${OPTS[@]}"
check "journal: warnings <4>" grep -q '^<4>iiofwd\[[0-9.]*\] warning: mqtt.*Connection refused' "$T/j1"
check "journal: errors <3>" grep -q '^<3>iiofwd\[[0-9.]*\] error: .*neither delivered nor spooled' "$T/j1"
check "journal: info <6>, stats lines <6>" bash -c \
	"grep -q '^<6>iiofwd\[[0-9.]*\] info: reading' '$T/j1' && grep -q '^<6>iiofwd: device lis3dh: read 10 samples' '$T/j1'"
check "journal: every line has its level's prefix" prefixed "$T/j1"

run_j "$T/j2" self -u "replay:$T/none.raw"
check "journal: a startup error <3>" grep -q "^<3>iiofwd: .*none.raw" "$T/j2"

run_j "$T/n1" - "${OPTS[@]}"
check "no JOURNAL_STREAM: no prefixes" unprefixed "$T/n1"
run_j "$T/n2" 1:2 "${OPTS[@]}"
check "JOURNAL_STREAM of another file: no prefixes" unprefixed "$T/n2"
run_j "$T/n3" junk "${OPTS[@]}"
check "JOURNAL_STREAM malformed: no prefixes" unprefixed "$T/n3"

finish
