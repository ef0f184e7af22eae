# SPDX-License-Identifier: GPL-2.0
# Helpers for the iiofwd guest scenarios (40-49); source after lib.sh and
# lis2dh-lib.sh.

MQ_DIR=/tmp/iiofwd-mq
MQ_PID=""

# mq_start: mosquitto on 127.0.0.1:1883, persistent sessions in $MQ_DIR
mq_start() {
	mkdir -p "$MQ_DIR"
	cat >"$MQ_DIR/mosquitto.conf" <<EOC
listener 1883 127.0.0.1
allow_anonymous true
user root
persistence true
persistence_location $MQ_DIR/
max_queued_messages 1000000
EOC
	mosquitto -c "$MQ_DIR/mosquitto.conf" >"$MQ_DIR/log" 2>&1 &
	MQ_PID=$!
	TIMEOUT=10 wait_for mosquitto_pub -h 127.0.0.1 -t probe -m x
}

# mq_stop: graceful stop (sessions and queued messages are saved)
mq_stop() {
	[ -n "$MQ_PID" ] || return 0
	kill "$MQ_PID" 2>/dev/null
	wait "$MQ_PID" 2>/dev/null
	MQ_PID=""
}

# sub_start TOPIC FILE ID: persistent QoS 1 subscriber
SUB_PID=""
sub_start() {
	mosquitto_sub -h 127.0.0.1 -t "$1" -q 1 -c -i "$3" -k 5 >>"$2" 2>/dev/null &
	SUB_PID=$!
}

sub_stop() {
	[ -n "$SUB_PID" ] || return 0
	kill "$SUB_PID" 2>/dev/null
	wait "$SUB_PID" 2>/dev/null
	SUB_PID=""
}

# scan_bits: realbits of in_accel_x from its scan type (le:s12/16>>4 -> 12)
scan_bits() {
	sed -n 's/^[bl]e:[su]\([0-9]*\)\/.*/\1/p' "$DEV/scan_elements/in_accel_x_type"
}

# counter_stamps FILE BITS: "N T" for every sample object in FILE (jsonl
# lines or MQTT JSON arrays), in FILE's order: N the counter pattern decoded
# from "raw":[x,y,z] (its bytes are the top 8 of BITS in z, y, x), T the
# timestamp "t".
counter_stamps() {
	grep -o '"t":-*[0-9]*,[^{}]*"raw":\[-*[0-9]*,-*[0-9]*,-*[0-9]*\]' "$1" |
	awk -F'[][,:]' -v d="$((1 << ($2 - 8)))" '
	{
		n = 0
		for (i = NF - 1; i >= NF - 3; i--) {
			b = int($i / d)
			if (b < 0)
				b += 256
			n = n * 256 + b
		}
		print n, $2
	}'
}

# counter_values FILE BITS: the counter of every sample in FILE, one per
# line, in FILE's order.
counter_values() {
	counter_stamps "$1" "$2" | cut -d' ' -f1
}

# counter_check FILE BITS: prints a summary of FILE's counter values; fails
# when nothing was found or a sample between the first and the last is
# missing.
counter_check() {
	counter_values "$1" "$2" |
	awk '
	{
		n = $1
		total++
		if (!(n in seen)) {
			seen[n] = 1
			uniq++
		}
		if (total == 1 || n < lo)
			lo = n
		if (total == 1 || n > hi)
			hi = n
	}
	END {
		miss = total ? hi - lo + 1 - uniq : 0
		printf "samples %d unique %d first %d last %d missing %d\n", total, uniq, lo, hi, miss
		exit (total == 0 || miss != 0)
	}'
}

# counter_holes FILE BITS: the number of places where the counter, in FILE's
# order, skips samples (a hole of any length counts once).
counter_holes() {
	counter_values "$1" "$2" |
	awk '
	{
		if (NR > 1 && $1 > prev + 1)
			holes++
		prev = $1
	}
	END { print holes + 0 }'
}

# hole_split FILE BITS AWAY_NS: the holes in FILE's counter (in FILE's
# order), split by the stamps: "away J missing A holes H missing M". J
# counts the places where two consecutive samples' stamps are more than
# AWAY_NS apart (the device was away: unbound and bound again, its chip
# powered down meanwhile), A the samples the counter skips there (what the
# IIO buffer held when the device went, what the chip made before the
# reopened buffer started its FIFO: none of it a FIFO overrun); H the other
# places where the counter skips and M the samples it skips there, which
# only the chip's FIFO may have lost.
hole_split() {
	counter_stamps "$1" "$2" |
	awk -v away="$3" '
	{
		if (NR > 1) {
			skip = $1 > prev + 1 ? $1 - prev - 1 : 0
			if ($2 - t > away) {
				j++
				a += skip
			} else if (skip) {
				h++
				m += skip
			}
		}
		prev = $1
		t = $2
	}
	END { printf "away %d missing %d holes %d missing %d\n", j, a, h, m }'
}

# t_holes FILE AWAY OVERRUNS: two checks on the counter in FILE (BITS of
# resolution). The device's AWAY re-appearances are the only places where
# the stamps jump by more than 0.5 s (the unbound chip is powered down for
# over a second; what the buffer held then and what the chip made before
# the FIFO restarted is not a FIFO overrun); every other hole is samples the
# chip's FIFO lost (OVERRUNS: debugfs overruns over the run).
t_holes() {
	_th=$(hole_split "$1" "$BITS" 500000000)
	diag "jsonl: $_th; chip FIFO overruns during the run: $3"
	t_check "the $2 re-appearance(s) are the only stamp jumps over 0.5 s ($_th)" \
		sh -c "echo '$_th' | grep -q '^away $2 '"
	_thm=$(echo "$_th" | sed -n 's/.* holes [0-9]* missing \([0-9]*\)$/\1/p')
	t_check "holes in the counter elsewhere (${_thm:-?}) are samples the chip lost ($3)" \
		[ "${_thm:-1}" -le "$3" ]
}

# output_stats LOG NAME: "SENT DROPPED" from iiofwd's --stats line of the
# output whose name starts with NAME (jsonl, mqtt)
output_stats() {
	sed -n "s/^iiofwd: output $2[^ ]*: sent \([0-9]*\), dropped \([0-9]*\) .*/\1 \2/p" "$1"
}

# stamp_gaps FILE BITS PERIOD_NS: compares, between consecutive jsonl lines
# of FILE, the counter with the timestamps. Prints one line per place where
# the counter skips or the stamps are more than 1.5 periods apart (iiofwd's
# gap rule): "line L skip S est E dt D" (S samples missing in the counter, E
# iiofwd's estimate from the stamps, D the spacing in ms).
stamp_gaps() {
	counter_stamps "$1" "$2" |
	awk -v p="$3" '
	{
		n = $1
		if (NR > 1) {
			dt = $2 - t
			skip = n - prev - 1
			est = dt > 1.5 * p ? int(dt / p + 0.5) - 1 : 0
			if (dt > 1.5 * p && est == 0)
				est = 1
			if (skip != 0 || est != 0)
				printf "line %d skip %d est %d dt %.3f\n", NR, skip, est, dt / 1e6
		}
		t = $2
		prev = n
	}'
}

uptime_s() {
	cut -d. -f1 /proc/uptime
}

# wait_unique FILE BITS COUNT SECONDS: until FILE holds COUNT unique samples
wait_unique() {
	_end=$(($(uptime_s) + $4))
	while :; do
		counter_check "$1" "$2" | grep -q "unique $3 " && return 0
		[ "$(uptime_s)" -ge $_end ] && return 1
		sleep 1
	done
}

# compare_outputs JSONL SUB BITS SECONDS: wait until the subscriber's file
# holds the same set of samples as the jsonl file (QoS 1 may duplicate);
# sets CMP_J and CMP_M to the two summaries without the duplicate count.
compare_outputs() {
	CMP_J=$(counter_check "$1" "$3" | sed 's/^samples [0-9]* //')
	_end=$(($(uptime_s) + $4))
	while :; do
		CMP_M=$(counter_check "$2" "$3" | sed 's/^samples [0-9]* //')
		[ "$CMP_J" = "$CMP_M" ] && return 0
		[ "$(uptime_s)" -ge $_end ] && return 1
		sleep 2
	done
}

# fd_count PID, rss_kb PID
fd_count() {
	ls "/proc/$1/fd" | wc -l
}

rss_kb() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# dev_unbind / dev_bind: take the lis3dh away from its driver and back
dev_unbind() {
	echo "$SIM_BUS-0018" >/sys/bus/i2c/drivers/lis2dh_i2c/unbind
}

dev_bind() {
	echo "$SIM_BUS-0018" >/sys/bus/i2c/drivers/lis2dh_i2c/bind
}
