# SPDX-License-Identifier: GPL-2.0
# bench/guest.sh: the guest side of `make bench` (bench/run.sh prepends
# BENCH_SMOKE=0|1 and the static tools it embeds, then tests/vm/run runs it
# from /scenarios/extra). Prints raw counters, one "# BENCH PART k=v ..."
# line a measurement; bench/report.py turns them into tables and plots.
# Nothing here is pass/fail on figures: the TAP tests say only that each
# part ran and produced numbers. BENCH_PARTS (prepended too; default all:
# "capture oldway latency") picks the parts; the idle baseline always runs.
#
# Guest CPU: the time the one vCPU ran tasks other than idle while the
# capture ran (see snap), under -icount, so idle time is time nobody
# needed. The simulator's wire-time wait is a sleep, so it counts as idle,
# as a real interrupt-driven controller's transfer would.
. ./lib.sh
. ./lis2dh-lib.sh
. ./iiofwd-lib.sh
BENCH_PARTS=${BENCH_PARTS:-capture oldway latency}
part() { case " $BENCH_PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
_plan=1
for _p in capture oldway latency; do
	part "$_p" && _plan=$((_plan + 1))
done
t_plan $_plan

B=/tmp/bench
mkdir -p "$B"
PATH=$B:$PATH

if [ "$BENCH_SMOKE" = 1 ]; then
	BUSES=400
	RATES=400:normal
	WMS=16
	D=1
	OLD_RATE=100
	OLD_SECS=3
	LAT_RATES=100
	LAT_SECS=2
else
	BUSES="100 400"
	RATES="100:normal 400:normal 1344:normal 5376:low_power"
	WMS="1 8 16 24"
	D=2
	OLD_RATE=100
	OLD_SECS=30
	LAT_RATES="100 1344 5376"
	LAT_SECS=5
fi
# bench/run.sh --latency RATES [WATERMARK]: those rates, iiofwd's watermark
[ -n "${BENCH_LAT_RATES:-}" ] && LAT_RATES=$BENCH_LAT_RATES
LAT_WM=${BENCH_LAT_WM:-}

# The clock: guest uptime in ns, to the hundredth of a second (busybox
# date has no %N). The CPU: task_ns, the time cpu0 ran any task but the
# idle task (rq_cpu_time, 7th field of /proc/schedstat's cpu0 line, in ns
# from the scheduler clock: the reader, interrupt threads, kworkers,
# ksoftirqd); and the tick-sampled jiffies of /proc/stat's cpu line, busy
# (user, nice, system, irq, softirq, steal), total, irq+softirq.

# snap a0|a1: the simulator's counters, the clock and the CPU into a0_* or
# a1_*. The clock and the CPU are read by one process, last at the start
# (a0) and first at the end (a1), so the window holds little of the
# snapshots' own work.
snap() {
	[ "$1" = a0 ] && snap_counters a0
	# shellcheck disable=SC2046
	set -- "$1" $(awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; c = b + $5 + $6; i = $7 + $8 }
		END { getline u <"/proc/uptime"; split(u, a, " ")
			while ((getline l <"/proc/schedstat") > 0)
				if (l ~ /^cpu0 /) { split(l, f, " "); rq = f[8] }
			printf "%d %d %d %.0f %s\n", b, c, i, a[1] * 1e9, rq }' /proc/stat)
	eval "${1}_cb=$2 ${1}_ct=$3 ${1}_ci=$4 ${1}_t=$5 ${1}_rq=$6"
	[ "$1" = a1 ] && snap_counters a1
	return 0
}

snap_counters() {
	eval "${1}_x=$(cnt xfers) ${1}_b=$(cnt bytes) ${1}_n=$(cnt bus_ns) ${1}_i=$(cnt irqs) ${1}_s=$(cnt samples) ${1}_o=$(cnt overruns)"
}

# record PART FIELDS: one line of the counters between snaps a0 and a1
record() {
	echo "$1 $2" >>"$B/records"
	# shellcheck disable=SC2154 # set by snap's eval
	echo "# BENCH $1 $2 elapsed_ns=$((a1_t - a0_t)) samples=$((a1_s - a0_s)) xfers=$((a1_x - a0_x)) bytes=$((a1_b - a0_b)) bus_ns=$((a1_n - a0_n)) irqs=$((a1_i - a0_i)) overruns=$((a1_o - a0_o)) cpu_busy=$((a1_cb - a0_cb)) cpu_total=$((a1_ct - a0_ct)) cpu_irq=$((a1_ci - a0_ci)) task_ns=$((a1_rq - a0_rq))"
}

field() { # field NAME LINE
	echo "$2" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"
}

# buffered FIELDS RATE: D seconds of buffered capture through $CDEV, read
# and checked by scancheck (counter pattern): lost = holes between scans
buffered() {
	_f=$1
	_r=$2
	snap a0
	echo 1 >"$DEV/buffer/enable" || return 1
	_hw=0
	[ -f "$DEV/buffer/hwfifo_enabled" ] && [ "$(cat "$DEV/buffer/hwfifo_enabled")" = 1 ] &&
		_hw=$(cat "$DEV/buffer/hwfifo_watermark")
	scancheck -f "$CDEV" -n $((_r * D * 4 + 1000)) -b 16 -t 8 -r "$_r" -T 1 \
		>"$B/sc.out" 2>/dev/null &
	_sc=$!
	sleep "$D"
	snap a1
	echo 0 >"$DEV/buffer/enable"
	wait $_sc
	_res=$(cat "$B/sc.out")
	record capture "$_f wm=$_hw scans=$(echo "$_res" | sed -n 's/^scans=\([0-9]*\).*/\1/p') lost=$(field lost " $_res")"
}

# poll FIELDS RATE: D seconds of sysfspoll on $DEV at RATE
poll() {
	_bits=$(sed -n 's/^[bl]e:s\([0-9]*\)\/.*/\1/p' "$DEV/scan_elements/in_accel_x_type")
	snap a0
	_res=$(sysfspoll "$DEV" "$2" "$D" "$_bits")
	snap a1
	record capture "$1 scans=$(field seen " $_res") lost=$(field lost " $_res")"
}

# the idle guest: what a capture's CPU figure is measured against
idle_baseline() {
	sim_load chip=lis3dh instantiate=0 || return 1
	snap a0
	sleep "$D"
	snap a1
	record idle "path=idle"
	sim_unload
}

# --- capture cost -------------------------------------------------------------

capture_ours() { # capture_ours BUS
	lis2dh_setup lis3dh chip=lis3dh "bus_khz=$1" || return 1
	enable_scan
	trig="lis3dh-dev${DEV##*iio:device}"
	for rm in $RATES; do
		r=${rm%:*}
		m=${rm#*:}
		echo 100 >"$DEV/sampling_frequency"
		echo "$m" >"$DEV/in_accel_power_mode"
		echo "$r" >"$DEV/sampling_frequency"
		for wm in $WMS; do
			echo "$wm" >"$DEV/buffer/watermark"
			buffered "bus=$1 path=fifo-wm$wm rate=$r mode=$m" "$r"
		done
		echo "$trig" >"$DEV/trigger/current_trigger"
		echo 1 >"$DEV/buffer/watermark"
		buffered "bus=$1 path=triggered rate=$r mode=$m" "$r"
		echo "" >"$DEV/trigger/current_trigger"
		TIMEOUT=8 wait_for sh -c "[ \"\$(cat $CLIENT/power/runtime_status)\" = suspended ]"
		poll "bus=$1 path=sysfs-poll rate=$r mode=$m" "$r"
	done
	echo 100 >"$DEV/sampling_frequency"
	echo normal >"$DEV/in_accel_power_mode"
	lis2dh_teardown

	lis2dh_setup lis3dh chip=lis3dh irq=0 "bus_khz=$1" || return 1
	enable_scan
	for rm in $RATES; do
		r=${rm%:*}
		m=${rm#*:}
		echo 100 >"$DEV/sampling_frequency"
		echo "$m" >"$DEV/in_accel_power_mode"
		echo "$r" >"$DEV/sampling_frequency"
		echo 16 >"$DEV/buffer/watermark"
		buffered "bus=$1 path=noirq-wm16 rate=$r mode=$m" "$r"
	done
	lis2dh_teardown
}

# capture_limited BUS: our FIFO path (watermark 24) behind an adapter that
# limits a message to 32 bytes (the simulator's max_xfer=32, as SMBus-block
# and small-FIFO controllers): regmap splits a read there, and the driver
# reads at most 5 whole samples a message
capture_limited() {
	lis2dh_setup lis3dh chip=lis3dh "bus_khz=$1" max_xfer=32 || return 1
	enable_scan
	for rm in $RATES; do
		r=${rm%:*}
		m=${rm#*:}
		echo 100 >"$DEV/sampling_frequency"
		echo "$m" >"$DEV/in_accel_power_mode"
		echo "$r" >"$DEV/sampling_frequency"
		echo 24 >"$DEV/buffer/watermark"
		buffered "bus=$1 path=fifo-wm24-max32 rate=$r mode=$m" "$r"
	done
	lis2dh_teardown
}

capture_st() { # capture_st BUS
	modprobe st_accel_i2c || return 1
	sim_load chip=lis3dh "bus_khz=$1" || return 1
	TIMEOUT=5 wait_for iio_dev lis3dh || return 1
	DEV=$(iio_dev lis3dh)
	CDEV=/dev/${DEV##*/}
	enable_scan
	echo 32 >"$DEV/buffer/watermark"
	echo lis3dh-trigger >"$DEV/trigger/current_trigger"
	# st_accel runs the chip in normal mode; its 1600 and 5000 settings
	# are ODR codes 8 and 9 (1620 and, in normal mode, 1344 Hz)
	for r in 100 400 1600 5000; do
		[ "$BENCH_SMOKE" = 1 ] && [ "$r" != 400 ] && continue
		echo "$r" >"$DEV/sampling_frequency" 2>/dev/null || continue
		chip=$r
		[ "$r" = 1600 ] && chip=1620
		[ "$r" = 5000 ] && chip=1344
		buffered "bus=$1 path=st_accel rate=$chip mode=normal" "$chip"
	done
	echo "" >"$DEV/trigger/current_trigger"
	sim_unload
	rmmod st_accel_i2c st_accel st_sensors_i2c st_sensors 2>/dev/null
	DEV=""
	return 0
}

idle_baseline
for bus in $BUSES; do
	part capture || break
	capture_ours "$bus" || diag "our driver at bus $bus kHz: set-up failed"
	capture_limited "$bus" || diag "our driver, 32-byte adapter, at bus $bus kHz: set-up failed"
	capture_st "$bus" || diag "st_accel at bus $bus kHz: set-up failed"
done
# numbers PART MIN: at least MIN records of PART, each with every field
# a number
numbers() {
	_n=$(grep -c "^$1 " "$B/records")
	_bad=$(grep "^$1 " "$B/records" | grep -c '=\( \|$\)')
	[ "$_n" -ge "$2" ] && [ "$_bad" = 0 ]
}

if ! part capture; then
	:
elif [ "$BENCH_SMOKE" = 1 ]; then
	# fifo, fifo behind a 32-byte adapter, triggered, sysfs poll, no-irq, st_accel
	t_check "capture: a record for each path, every field a number" numbers capture 6
else
	t_check "capture: a record for each path, every field a number" numbers capture 48
fi

# --- the old way against iiofwd -------------------------------------------

# stall_injector: every 2 s, the next transfer stalls (the adapter times
# out after 1 s): "stall" is set until the simulator has served a stalled
# transfer (bus_ns jumps by the 1 s timeout), then cleared
stall_injector() {
	while :; do
		sleep 2
		_n0=$(cnt bus_ns)
		echo stall >"$SIM_DBG/fault"
		while [ $(($(cnt bus_ns) - _n0)) -lt 1000000000 ]; do
			sleep 0.01
		done
		echo none >"$SIM_DBG/fault"
	done
}

# sampler PID PATH: descriptors and read/write syscalls of PID, each second
sampler() {
	_t=0
	while [ -d "/proc/$1" ]; do
		_fds=$(ls "/proc/$1/fd" 2>/dev/null | wc -l)
		_io=$(awk '/^syscr/ { r = $2 } /^syscw/ { w = $2 } END { print r + 0, w + 0 }' "/proc/$1/io" 2>/dev/null)
		_run=$(cut -d' ' -f1 "/proc/$1/schedstat" 2>/dev/null)
		[ -d "/proc/$1" ] && [ -n "$_io" ] &&
			echo "# BENCH fds path=$2 t=$_t fds=$_fds syscr=${_io% *} syscw=${_io#* } run_ns=${_run:-0}"
		sleep 1
		_t=$((_t + 1))
	done
}

oldway_part() {
	modprobe i2c-dev
	sim_load chip=lis3dh instantiate=0 bus_khz=400 || return 1
	for v in close leak; do
		flag=
		[ "$v" = leak ] && flag=-l
		stall_injector &
		inj=$!
		snap a0
		# shellcheck disable=SC2086
		oldway $flag "$SIM_BUS" 0x18 "$OLD_RATE" "$OLD_SECS" >"$B/old.out" &
		pid=$!
		sampler "$pid" "oldway-$v" &
		smp=$!
		wait "$pid"
		snap a1
		kill "$inj" "$smp" 2>/dev/null
		wait "$inj" "$smp" 2>/dev/null
		echo none >"$SIM_DBG/fault"
		sed -n "s/^oldway-s /# BENCH oldway-s path=oldway-$v /p" "$B/old.out"
		record oldway "path=oldway-$v rate=$OLD_RATE $(sed -n 's/^oldway //p' "$B/old.out")"
	done
	sim_unload

	lis2dh_setup lis3dh chip=lis3dh bus_khz=400 || return 1
	bits=$(sed -n 's/^[bl]e:s\([0-9]*\)\/.*/\1/p' "$DEV/scan_elements/in_accel_x_type")
	rm -f "$B/fwd.jsonl"
	stall_injector &
	inj=$!
	snap a0
	iiofwd -d lis3dh -r "$OLD_RATE" --duration "$OLD_SECS" -o "jsonl:$B/fwd.jsonl" 2>"$B/fwd.log" &
	pid=$!
	sampler "$pid" iiofwd &
	smp=$!
	wait "$pid"
	snap a1
	kill "$inj" "$smp" 2>/dev/null
	wait "$inj" "$smp" 2>/dev/null
	echo none >"$SIM_DBG/fault"
	# samples written and holes in the counter (X's top byte)
	res=$(awk -v d="$((1 << (bits - 8)))" -v m="$((1 << bits))" '
		match($0, /"raw":\[-?[0-9]+/) {
			v = substr($0, RSTART + 7, RLENGTH - 7) + 0
			if (v < 0) v += m
			x = int(v / d) % 256
			if (n > 0 && x != p) lost += (x - p + 256) % 256 - 1
			p = x; n++
		}
		END { printf "seen=%d lost=%d", n, lost }' "$B/fwd.jsonl")
	record oldway "path=iiofwd rate=$OLD_RATE $res"
	lis2dh_teardown
}

if part oldway; then
	oldway_part || diag "old way: set-up failed"
	t_check "old way and iiofwd: three records, every field a number" numbers oldway 3
fi

# --- latency: the driver's sample stamp to a subscriber's receipt ----------

latency_part() {
	mq_start || return 1
	lis2dh_setup lis3dh chip=lis3dh bus_khz=400 || return 1
	for r in $LAT_RATES; do
		m=normal
		[ "$r" -gt 1344 ] && m=low_power
		echo 100 >"$DEV/sampling_frequency"
		echo "$m" >"$DEV/in_accel_power_mode"
		echo "$r" >"$DEV/sampling_frequency"
		rm -f "$B/sub.txt"
		mosquitto_sub -h 127.0.0.1 -t 'bench/#' -q 1 -F '%U %t %p' >"$B/sub.txt" 2>/dev/null &
		sub=$!
		TIMEOUT=10 wait_for sh -c "mosquitto_pub -h 127.0.0.1 -t bench/probe -m hello &&
			grep -q ' bench/probe hello' '$B/sub.txt'"
		snap a0
		iiofwd -d lis3dh -r "$r" ${LAT_WM:+-w "$LAT_WM"} --duration "$LAT_SECS" \
			-o "mqtt://127.0.0.1/bench?qos=1" --drain-timeout 10 --stats 2>"$B/fwd.log" &
		fwd=$!
		sleep 1
		echo "# BENCH reads rate=$r buffer: length $(cat "$DEV/buffer/length") watermark $(cat "$DEV/buffer/watermark") hwfifo_watermark $(cat "$DEV/buffer/hwfifo_watermark")"
		wait $fwd
		snap a1
		# its reads of the buffer (iiofwd --stats), for the record
		sed -n "s/^\(<[0-9]>\)\{0,1\}iiofwd: device [^:]*: \(.*reads.*\)/# BENCH reads rate=$r \2/p" "$B/fwd.log"
		sleep 1
		kill "$sub"
		wait "$sub" 2>/dev/null
		# latency (ns) of every sample object: receipt (%U) - stamp ("t")
		grep ' bench/[^ ]*/accel ' "$B/sub.txt" | awk '{
			split($1, r, ".")
			recv = r[1] substr(r[2] "000000000", 1, 9)
			n = split($0, o, /\},\{/)
			for (j = 1; j <= n; j++)
				if (match(o[j], /"t":-?[0-9]+/))
					printf "%.0f\n", recv - substr(o[j], RSTART + 4, RLENGTH - 4)
		}' | sort -n >"$B/lat.txt"
		n=$(wc -l <"$B/lat.txt")
		[ "$n" -gt 0 ] || continue
		q() { sed -n "$(( ($1 * n + 99) / 100 ))p" "$B/lat.txt"; }
		record latency "rate=$r mode=$m n=$n p50=$(q 50) p99=$(q 99) max=$(tail -n 1 "$B/lat.txt")"
		# the distribution: 100 quantiles
		i=1
		while [ $i -le 100 ]; do
			echo "# BENCH latcdf rate=$r q=$i ns=$(q $i)"
			i=$((i + 1))
		done
	done
	echo 100 >"$DEV/sampling_frequency"
	echo normal >"$DEV/in_accel_power_mode"
	lis2dh_teardown
	mq_stop 2>/dev/null
	return 0
}

part latency && { latency_part || diag "latency: set-up failed"; }
if ! part latency; then
	:
elif [ "$BENCH_SMOKE" = 1 ]; then
	t_check "latency: a record, every field a number" numbers latency 1
else
	# shellcheck disable=SC2086 # one word per rate
	t_check "latency: a record for each rate, every field a number" numbers latency "$(set -- $LAT_RATES; echo $#)"
fi
t_check "idle baseline recorded" numbers idle 1
t_done
