#!/bin/sh
# lis2dh: direct mode. Every power mode and rate is written, read back,
# checked on the chip (the simulator's sample rate) and through raw reads
# against the counter pattern; scales per mode; rejected writes; a read
# right after power-down returns a fresh sample without a long sleep.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 136

if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh_i2c binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi

uptime_cs() {
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# in_window V LO HI: V (0..255) lies in [LO, HI] modulo 256 (HI - LO < 256).
in_window() {
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN {
		d = (v - lo) % 256; if (d < 0) d += 256
		exit !(d <= hi - lo) }'
}

# check_axis AXIS BITS: a raw read of AXIS carries the counter byte of a
# sample generated between the samples counts before and after the read,
# left-justified at BITS (the low bits are zero).
check_axis() {
	_ax=$1
	_bits=$2
	_s0=$(cnt samples)
	_raw=$(cat "$DEV/in_accel_${_ax}_raw")
	_s1=$(cnt samples)
	case $_ax in
	x) _sh=0 ;; y) _sh=8 ;; z) _sh=16 ;;
	esac
	awk -v r="$_raw" -v d="$((1 << (_bits - 8)))" -v lim="$((1 << (_bits - 1)))" \
		-v s0="$_s0" -v s1="$_s1" -v div="$((1 << _sh))" '
	BEGIN {
		if (r != int(r) || r < -lim || r >= lim) { print "out of range: " r; exit 1 }
		if (r % d != 0) { print "low bits set: " r; exit 1 }
		v = r / d; if (v < 0) v += 256
		# candidate samples: s0 - 1 (latest before the read) .. s1 - 1
		lo = int((s0 > 0 ? s0 - 1 : 0) / div); hi = int((s1 - 1) / div)
		# a window of 256 or more values of this byte cannot be checked
		if (hi - lo >= 256) exit 0
		dv = (v - lo % 256) % 256; if (dv < 0) dv += 256
		if (dv > hi - lo) { printf "byte %d not in [%d, %d]\n", v, lo % 256, hi % 256; exit 1 }
	}'
}

# measure_rate R: poll the chip for about 0.6 s and print the samples it
# took, then the shortest and the longest window that count may span. Each
# count is read between two uptime reads, so a stall of the guest between
# reading the clock and reading the count widens the window instead of
# skewing the rate (on the debug kernel such stalls reach 100 ms).
measure_rate() {
	_r=$1
	_win=$((500 / _r + 60))	# centiseconds: 5 samples at least, 0.6 s
	set -- $(cat /proc/uptime "$SIM_DBG/samples" /proc/uptime)
	_t0a=$1
	_c0=$3
	_t0b=$4
	_end=$(($(uptime_cs) + _win))
	while [ "$(uptime_cs)" -lt $_end ]; do
		cat "$DEV/in_accel_x_raw" >/dev/null
		sleep 0.2
	done
	set -- $(cat /proc/uptime "$SIM_DBG/samples" /proc/uptime)
	awk -v c="$(($3 - _c0))" -v a0="$_t0a" -v b0="$_t0b" -v a1="$1" -v b1="$4" \
		'BEGIN { printf "%d %.2f %.2f\n", c, a1 - b0, b1 - a0 }'
}

for mode in low_power normal high_resolution; do
	case $mode in
	low_power) bits=8 ; rates="1 10 25 50 100 200 400 1620 5376"
		scales="0.156906400 0.313812800 0.627625600 1.882876800" ;;
	normal) bits=10 ; rates="1 10 25 50 100 200 400 1344"
		scales="0.039226600 0.078453200 0.156906400 0.470719200" ;;
	high_resolution) bits=12 ; rates="1 10 25 50 100 200 400 1344"
		scales="0.009806650 0.019613300 0.039226600 0.117679800" ;;
	esac
	echo "$mode" >"$DEV/in_accel_power_mode"
	t_eq "$mode: power mode reads back" "$mode" "$(cat "$DEV/in_accel_power_mode")"
	t_eq "$mode: rates available" "$rates" "$(cat "$DEV/sampling_frequency_available")"
	t_eq "$mode: scales available" "$scales" "$(cat "$DEV/in_accel_scale_available")"
	t_eq "$mode: scan type" "le:s$bits/16>>$((16 - bits))" \
		"$(cat "$DEV/scan_elements/in_accel_x_type")"

	for r in $rates; do
		echo "$r" >"$DEV/sampling_frequency"
		t_eq "$mode $r Hz: rate reads back" "$r" "$(cat "$DEV/sampling_frequency")"
		cat "$DEV/in_accel_x_raw" >/dev/null
		# samples counted over the window: r x t within 5 %, +-1
		set -- $(measure_rate "$r")
		res=$(awk -v c="$1" -v r="$r" -v lo="$2" -v hi="$3" 'BEGIN {
			printf "%d samples in %.2f to %.2f s", c, lo, hi
			exit !(c >= r * lo * 0.95 - 1 && c <= r * hi * 1.05 + 1) }')
		if [ $? = 0 ]; then
			t_ok "$mode $r Hz: the chip samples at the rate ($res)"
		else
			t_fail "$mode $r Hz: the chip samples at the rate ($res)"
		fi
		err=""
		for ax in x y z; do
			e=$(check_axis "$ax" "$bits") || err="$err $ax: $e"
		done
		if [ -z "$err" ]; then
			t_ok "$mode $r Hz: raw x, y, z carry the current counter at $bits bits"
		else
			t_fail "$mode $r Hz: raw x, y, z carry the current counter at $bits bits" "$err"
		fi
	done

	# scales: the still pattern is 1 g on z, within one digit
	echo still >"$SIM_DBG/pattern"
	echo 100 >"$DEV/sampling_frequency"
	for s in $scales; do
		echo "$s" >"$DEV/in_accel_scale"
		t_eq "$mode: scale $s reads back" "$s" "$(cat "$DEV/in_accel_scale")"
		z=$(cat "$DEV/in_accel_z_raw")
		x=$(cat "$DEV/in_accel_x_raw")
		if awk -v z="$z" -v x="$x" -v s="$s" 'BEGIN {
			g = z * s; d = g - 9.80665; if (d < 0) d = -d
			exit !(d <= s && x == 0) }'; then
			t_ok "$mode scale $s: z = $z digits is 1 g"
		else
			t_fail "$mode scale $s: z = $z digits is 1 g" "x=$x z=$z"
		fi
	done
	echo "$(echo "$scales" | cut -d' ' -f1)" >"$DEV/in_accel_scale"
	echo counter >"$SIM_DBG/pattern"
done

# Mode changes keep the rate when they can, else take the next lower one.
echo low_power >"$DEV/in_accel_power_mode"
echo 5376 >"$DEV/sampling_frequency"
echo normal >"$DEV/in_accel_power_mode"
t_eq "5376 Hz low power -> normal gives 1344 Hz" 1344 "$(cat "$DEV/sampling_frequency")"
echo low_power >"$DEV/in_accel_power_mode"
t_eq "1344 Hz normal -> low power gives 400 Hz" 400 "$(cat "$DEV/sampling_frequency")"
echo normal >"$DEV/in_accel_power_mode"
echo 100 >"$DEV/sampling_frequency"

# Invalid values are rejected and change nothing.
for v in 0 2 1345 5376 -1 abc 100.5; do
	t_check "sampling_frequency '$v' rejected in normal mode" \
		sh -c "! echo $v >$DEV/sampling_frequency"
done
t_eq "rate unchanged after rejected writes" 100 "$(cat "$DEV/sampling_frequency")"
for v in 0.1 0.009806650 1 abc; do
	t_check "scale '$v' rejected in normal mode" sh -c "! echo $v >$DEV/in_accel_scale"
done
t_eq "scale unchanged" 0.039226600 "$(cat "$DEV/in_accel_scale")"
t_check "power mode 'turbo' rejected" sh -c "! echo turbo >$DEV/in_accel_power_mode"
t_eq "power mode unchanged" normal "$(cat "$DEV/in_accel_power_mode")"

# While a buffer runs, configuration and raw reads are refused with EBUSY.
enable_scan
echo 1 >"$DEV/buffer/enable"
for a in sampling_frequency:200 in_accel_scale:0.078453200 in_accel_power_mode:low_power; do
	f=${a%%:*}
	v=${a#*:}
	out=$(sh -c "echo $v >$DEV/$f" 2>&1)
	t_check "$f write refused while capturing" sh -c \
		"echo \"\$1\" | grep -qi 'busy'" _ "$out"
done
out=$(cat "$DEV/in_accel_x_raw" 2>&1)
t_check "raw read refused while capturing" sh -c "echo \"\$1\" | grep -qi 'busy'" _ "$out"
echo 0 >"$DEV/buffer/enable"
t_eq "rate unchanged by the refused write" 100 "$(cat "$DEV/sampling_frequency")"

# A read from power-down waits for the first conversion, about one period.
echo 10 >"$DEV/sampling_frequency"
TIMEOUT=6 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
t_eq "powered down before the read" 0x07 "$(sim_reg 0x20)"
s0=$(cnt samples)
s0_t0=$(uptime_cs)
x=$(cat "$DEV/in_accel_x_raw")
t1=$(uptime_cs)
s1=$(cnt samples)
v=$(awk -v x="$x" 'BEGIN { v = x / 4; if (v < 0) v += 256; print v }')
if in_window "$v" "$s0" "$((s1 - 1))"; then
	t_ok "read after power-down returns a new sample (byte $v, samples $s0..$s1)"
else
	t_fail "read after power-down returns a new sample (byte $v, samples $s0..$s1)"
fi
# The wait, less what the same read of an attribute that does not wait
# costs (starting cat: 10 ms of guest time on stock, about 100 on the debug
# kernel), is between half a period and two: the turn-on time is
# 1/ODR + 1 ms (datasheet table 11).
t0=$(uptime_cs)
_name=$(cat "$DEV/name")
t1b=$(uptime_cs)
base=$((t1b - t0))
dt=$((t1 - s0_t0 - base))
if [ $dt -ge 5 ] && [ $dt -le 20 ]; then
	t_ok "it waited for the first conversion at 10 Hz, $((dt * 10)) ms (beyond the $((base * 10)) ms a read costs)"
else
	t_fail "it waited for the first conversion at 10 Hz, $((dt * 10)) ms (beyond the $((base * 10)) ms a read costs)"
fi

lis2dh_teardown
t_done
