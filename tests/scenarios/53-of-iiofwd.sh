#!/bin/sh
# Device tree (arm64 lane): iiofwd on the chip the tree describes, to a
# jsonl file at 1344 Hz: every sample once, in order, stamped, the only
# holes samples the chip's FIFO lost. Skips on lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./iiofwd-lib.sh
. ./of-lib.sh
t_plan 6

N=$(by_lane 10000 5000)
D1="iiofwd -n $N at 1344 Hz to jsonl exits 0"
D2="jsonl has $N lines, each of device lis3dh"
D3="all $N samples unique"
D4="holes in the counter are samples the chip lost"
D5="stamps strictly increasing"
D6="nothing dropped on the output"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D1" "$D2" "$D3" "$D4" "$D5" "$D6"
fi

if ! command -v iiofwd >/dev/null || ! of_setup; then
	diag "iiofwd: $(command -v iiofwd || echo missing); IIO device: ${DEV:-none}"
fi
BITS=$(scan_bits)
W=/tmp/iiofwd-53
rm -rf "$W"
mkdir -p "$W"
OV0=$(cnt overruns)
# several IIO devices are called lis3dh here (the variants): by its node
iiofwd -d "${DEV##*/}" -r 1344 -w 16 -n "$N" -o "jsonl:$W/out.jsonl" \
	--stats 2>"$W/log"
RC=$?
OV=$(($(cnt overruns) - OV0))
grep '^iiofwd:' "$W/log" | while read -r l; do diag "$l"; done
J=$(counter_check "$W/out.jsonl" "$BITS")
MISS=$(echo "$J" | sed -n 's/.*missing \([0-9]*\)$/\1/p')
diag "jsonl: $J; chip FIFO overruns during the run: $OV"
t_eq "$D1" 0 "$RC"
t_eq "$D2" "$N $N" "$(wc -l <"$W/out.jsonl") $(grep -c '"dev":"lis3dh"' "$W/out.jsonl")"
t_check "$D3" sh -c "echo '$J' | grep -q 'samples $N unique $N '"
t_check "$D4 ($MISS, $OV)" [ "${MISS:-1}" -le "$OV" ]
increasing() {
	counter_stamps "$W/out.jsonl" "$BITS" |
		awk 'NR > 1 && $2 <= t { bad++ } { t = $2 } END { print bad + 0; exit bad > 0 || NR == 0 }'
}
t_check "$D5" increasing
t_check "$D6" sh -c "grep -q 'output jsonl[^ ]*: sent $N, dropped 0 ' '$W/log'"
lis2dh_teardown
t_done
