#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest half of `make demo` (demo/run packs it with DEMO_RATE and
# DEMO_SECONDS set in its first lines and runs it under tests/vm/run).
#
# The simulated LIS3DH makes a sine (one degree per sample: X and Y turn
# through 1 g, Z wobbles around 1 g), our driver reads it through its FIFO,
# iiofwd publishes it to mosquitto on loopback (QoS 1) and mosquitto_sub
# records every message with its receipt time (%U: CLOCK_REALTIME, the
# clock of the driver's IIO timestamps). Meanwhile one line per second:
# progress, samples received so far, their rate and the latest values.
#
# Console lines (demo/run shows the "DEMO " ones and reads the rest):
#   DEMO text                 for the human
#   DEMO-INFO key value       setup facts
#   DEMO-STAT line            iiofwd's --stats lines
#   DEMO-S t_ns recv_ns x y z one per sample object the subscriber received,
#                             in arrival order (x y z in m/s^2 as published)
# and TAP for tests/vm/run.
. ./lib.sh
. ./lis2dh-lib.sh
. ./iiofwd-lib.sh

RATE=${DEMO_RATE:-100}
SECS=${DEMO_SECONDS:-25}
W=/tmp/demo
rm -rf "$W"
mkdir -p "$W"

say() {
	echo "DEMO $*"
}

# now_s: guest uptime in seconds, to the hundredth
now_s() {
	cut -d' ' -f1 /proc/uptime
}

t_plan 3

if ! lis2dh_setup lis3dh chip=lis3dh irq=1; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
echo sine >"$SIM_DBG/pattern"
say "simulated LIS3DH on i2c-$SIM_BUS, driver lis2dh_i2c ($(basename "$DEV")), pattern $(cat "$SIM_DBG/pattern"), $(cat "$DEV/in_accel_power_mode") mode"
echo "DEMO-INFO rate $RATE"
echo "DEMO-INFO seconds $SECS"
echo "DEMO-INFO scan_type $(cat "$DEV/scan_elements/in_accel_x_type")"
echo "DEMO-INFO scale $(cat "$DEV/in_accel_scale")"

if ! mq_start; then
	t_fail "mosquitto starts in the guest"
	lis2dh_teardown
	t_done
fi
# Every message on demo/#, with its receipt time (seconds.nanoseconds) and
# topic. A probe message shows the subscription is in place before iiofwd
# publishes anything.
mosquitto_sub -h 127.0.0.1 -t 'demo/#' -q 1 -F '%U %t %p' >"$W/sub.txt" 2>"$W/sub.err" &
SUB=$!
TIMEOUT=10 wait_for sh -c "mosquitto_pub -h 127.0.0.1 -t demo/probe -m hello &&
	grep -q ' demo/probe hello' '$W/sub.txt'"

OUT="mqtt://127.0.0.1/demo?qos=1"
say "mosquitto on 127.0.0.1:1883; subscriber: mosquitto_sub -t 'demo/#' -q 1"
say "iiofwd -d lis3dh -r $RATE --duration $SECS -o '$OUT'"
say ""
iiofwd -d lis3dh -r "$RATE" --duration "$SECS" -o "$OUT" \
	--drain-timeout 10 --stats 2>"$W/iiofwd.log" &
FWD=$!
T0=$(now_s)

# progress: the live line, from the subscriber's file so far: samples
# received, their arrival rate since the first message (receipt times,
# %U) and the latest sample's values
progress() {
	grep ' demo/[^ ]*/accel ' "$W/sub.txt" | awk -v el="$1" -v secs="$SECS" '
	{
		m = split($0, o, /\},\{/)
		if (NR == 1) {
			r0 = $1
			n0 = m
		}
		r1 = $1
		n += m
		last = o[m]
	}
	END {
		if (n == 0)
			exit 1
		for (i = 1; i <= 3; i++) {
			k = substr("xyz", i, 1)
			v[i] = match(last, "\"" k "\":[-+0-9.eE]+") ?
				substr(last, RSTART + 4, RLENGTH - 4) : "nan"
		}
		p = el / secs
		if (p > 1)
			p = 1
		bar = ""
		for (i = 0; i < 20; i++)
			bar = bar (i < int(p * 20 + 0.5) ? "#" : ".")
		rate = r1 > r0 ? (n - n0) / (r1 - r0) : 0
		printf "%5.1f s [%s] %3d%%  %6d samples  %6.1f/s   x %+6.2f  y %+6.2f  z %+6.2f m/s^2\n",
			el, bar, p * 100, n, rate, v[1], v[2], v[3]
	}'
}

# received: sample objects in the subscriber's file
received() {
	grep -o '"t":' "$W/sub.txt" | wc -l
}

STATUS_SHOWN=""
while kill -0 $FWD 2>/dev/null; do
	sleep 1
	if [ -z "$STATUS_SHOWN" ] && grep -q ' demo/[^ ]*/status online' "$W/sub.txt"; then
		say "status: $(grep -o 'demo/[^ ]*/status online' "$W/sub.txt" | head -n 1) (retained)"
		STATUS_SHOWN=1
	fi
	if [ -z "${WM_SHOWN:-}" ] && [ "$(cat "$DEV/buffer/enable")" = 1 ]; then
		echo "DEMO-INFO watermark $(cat "$DEV/buffer/watermark")"
		echo "DEMO-INFO hwfifo_watermark $(cat "$DEV/buffer/hwfifo_watermark" 2>/dev/null)"
		WM_SHOWN=1
	fi
	# one line a second while iiofwd streams; after its --duration, only
	# when more has arrived (it drains its queue before it exits)
	EL=$(awk -v a="$T0" -v b="$(now_s)" 'BEGIN { print b - a }')
	N=$(received)
	if [ "${N}" != "${N_PREV:-}" ] || awk -v e="$EL" -v s="$SECS" 'BEGIN { exit !(e < s) }'; then
		L=$(progress "$EL") && say "$L"
	fi
	N_PREV=$N
done
wait $FWD
FWD_RC=$?
say ""

# Let the subscriber take what is still on its way (QoS 1, drained by
# iiofwd before it exits): until it holds what iiofwd read, at most 10 s.
READ=$(sed -n 's/^iiofwd: device.*: read \([0-9]*\) samples.*/\1/p' "$W/iiofwd.log")
TIMEOUT=10 wait_for sh -c "[ \$(grep -o '\"t\":' '$W/sub.txt' | wc -l) -ge ${READ:-1} ]"
sleep 1
kill $SUB 2>/dev/null
wait $SUB 2>/dev/null
mq_stop

grep '^iiofwd:' "$W/iiofwd.log" | sed 's/^/DEMO-STAT /'
# Anything else iiofwd said is shown, but for libiio's note that the
# driver's buffer has no mmap (high-speed) interface: kfifo buffers have none.
grep -v '^iiofwd:' "$W/iiofwd.log" | grep -v 'High-speed mode not enabled' |
	head -n 20 | sed 's/^/DEMO iiofwd: /'
echo "DEMO-INFO chip_overruns $(cnt overruns)"
echo "DEMO-INFO chip_samples $(cnt samples)"
echo "DEMO-INFO status_messages $(grep -c ' demo/[^ ]*/status ' "$W/sub.txt")"

# Every sample object of every accel message, with the message's receipt
# time, as numbers the host can take apart without JSON.
grep ' demo/[^ ]*/accel ' "$W/sub.txt" | awk '{
	split($1, r, ".")
	recv = r[1] substr(r[2] "000000000", 1, 9)
	n = split($0, o, /\},\{/)
	for (j = 1; j <= n; j++) {
		s = o[j]
		if (!match(s, /"t":-?[0-9]+/))
			continue
		t = substr(s, RSTART + 4, RLENGTH - 4)
		line = "DEMO-S " t " " recv
		for (i = 1; i <= 3; i++) {
			k = substr("xyz", i, 1)
			if (match(s, "\"" k "\":[-+0-9.eE]+"))
				line = line " " substr(s, RSTART + 4, RLENGTH - 4)
			else
				line = line " nan"
		}
		print line
	}
}'

NREC=$(received)
t_check "the subscriber received samples ($NREC)" [ "$NREC" -gt 0 ]
t_eq "iiofwd --duration $SECS exits 0" 0 "$FWD_RC"
t_check "the subscriber holds every sample iiofwd read (${READ:-?})" \
	[ "$NREC" -ge "${READ:-1}" ]

lis2dh_teardown
t_done
