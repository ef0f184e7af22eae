#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Register-level checks of the lis2dh_sim simulator through /dev/i2c-N:
# reset values, WHO_AM_I per chip, auto-increment, output words, STATUS,
# BDU, the four FIFO modes, the INT1 generator latch and the fault modes.
# The chip clock is stopped (ODR power-down) around every check that counts
# samples, so the expected values follow from the debugfs sample counter.
. ./lib.sh
t_plan 102

A=0x18

# rd SUBADDR [N]: combined write-subaddress/read-N transfer
rd() {
	i2ctransfer -y "$SIM_BUS" w1@$A "$1" r"${2:-1}"
}

# wr SUBADDR BYTE...
wr() {
	i2ctransfer -y "$SIM_BUS" w$#@$A "$@"
}

# rdm SUBADDR MASK: one register ANDed with MASK, as 0xNN
rdm() {
	printf '0x%02x' $(($(rd "$1") & $2))
}

samples() {
	cat "$SIM_DBG/samples"
}

# n of a counter-pattern sample from its 6 output bytes; "bad" when a low
# byte is not 0
n_of() {
	# shellcheck disable=SC2086
	set -- $1
	if [ $(($1 | $3 | $5)) != 0 ]; then
		echo bad
	else
		echo $(($2 | ($4 << 8) | ($6 << 16)))
	fi
}

# the n of every 6-byte sample in a burst, space separated
ns_of() {
	# shellcheck disable=SC2086
	set -- $1
	_l=""
	while [ $# -ge 6 ]; do
		_l="$_l $(n_of "$1 $2 $3 $4 $5 $6")"
		shift 6
	done
	echo $_l
}

# FIRST COUNT: the expected list of consecutive sample numbers
seq_ns() {
	echo $(seq "$1" $(($1 + $2 - 1)))
}

# run the ODR clock: run CTRL1 SECONDS, leaves the chip powered down
run() {
	wr 0x20 "$1" && sleep "$2" && wr 0x20 0x07
}

# expected FIFO_SRC for COUNT samples and threshold FTH
fifo_src() {
	_v=$(($1 & 0x1f))
	[ "$1" -gt "$2" ] && _v=$((_v | 0x80))
	[ "$1" = 32 ] && _v=$((_v | 0x40))
	[ "$1" = 0 ] && _v=$((_v | 0x20))
	printf '0x%02x' $_v
}

# in_range N LO HI
in_range() {
	[ "$1" != bad ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

load() {
	sim_load instantiate=0 "$@" || return 1
	wait_for test -e "/dev/i2c-$SIM_BUS"
}

modprobe i2c-dev || { t_fail "modprobe i2c-dev"; t_done; }

# --- identity -----------------------------------------------------------------

for c in lis3dh:0x33 lis2dh12:0x33 sc7a20:0x11; do
	chip=${c%:*}
	if load chip="$chip"; then
		t_eq "WHO_AM_I of $chip" "${c#*:}" "$(rd 0x0f)"
		sim_unload
	else
		t_fail "load chip=$chip"
	fi
done
t_check "chip=bogus is refused" sh -c '! modprobe lis2dh_sim chip=bogus'
t_check "nothing left after the refused load" \
	sh -c '! grep -q "^lis2dh_sim " /proc/modules'

if sim_load; then
	t_eq "instantiate=1 creates the client named after the chip" lis3dh \
		"$(cat "/sys/bus/i2c/devices/$SIM_BUS-0018/name" 2>&1)"
	sim_unload
else
	t_fail "load with defaults"
fi
if sim_load addr=0x19 instantiate=0; then
	t_eq "addr=0x19 answers" 0x33 "$(i2ctransfer -y "$SIM_BUS" w1@0x19 0x0f r1)"
	t_check "other address NAKs" sh -c "! i2ctransfer -y $SIM_BUS w1@0x18 0x0f r1"
	sim_unload
else
	t_fail "load addr=0x19"
fi

load || { t_fail "load instantiate=0"; t_done; }

# --- reset values, read-only and reserved registers ------------------------------

# 0x07..0x3f: STATUS_AUX, ADC, 0x0e, WHO_AM_I, reserved 0x10-0x1d, CTRL_REG0
# (0x10), TEMP_CFG, CTRL_REG1 (0x07), CTRL_REG2-6, REFERENCE, STATUS, OUT_*,
# FIFO_CTRL, FIFO_SRC (EMPTY), INT1/INT2/CLICK/ACT registers
exp="0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x33"
exp="$exp 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00"
exp="$exp 0x10 0x00 0x07 0x00 0x00 0x00 0x00 0x00 0x00 0x00"
exp="$exp 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x20"
exp="$exp 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00"
t_eq "reset values 0x07..0x3f (auto-increment read)" "$exp" "$(rd 0x87 57)"
dump=$(awk '{printf "%s%s", sep, $2; sep=" "}' "$SIM_DBG/regs")
t_eq "debugfs regs dumps the same" "$exp" "$dump"
t_eq "debugfs regs format" "0x0f: 0x33" "$(grep '^0x0f:' "$SIM_DBG/regs")"

wr 0x0f 0x55
t_eq "WHO_AM_I ignores writes" 0x33 "$(rd 0x0f)"
wr 0x27 0xff
t_eq "STATUS_REG ignores writes" 0x00 "$(rd 0x27)"
wr 0x2f 0x1f
t_eq "FIFO_SRC_REG ignores writes" 0x20 "$(rd 0x2f)"
wr 0x10 0xaa
t_eq "reserved 0x10 reads 0 after a write" 0x00 "$(rd 0x10)"
wr 0x32 0x5a
t_eq "INT1_THS read back" 0x5a "$(rd 0x32)"

# --- auto-increment ----------------------------------------------------------------

wr 0xb2 0x11 0x22 0x33
t_eq "auto-increment write then read" "0x11 0x22 0x33" "$(rd 0xb2 3)"
wr 0x3a 0x44 0x55
t_eq "write without auto-increment hits one register" "0x55 0x00" "$(rd 0xba 2)"
t_eq "read without auto-increment repeats the register" \
	"0x55 0x55 0x55" "$(rd 0x3a 3)"
t_eq "auto-increment read continues over the register map" \
	"0x00 0x07 0x00" "$(rd 0x9f 3)"
t_eq "separate read continues where the pointer was" "0x00 0x00" \
	"$(i2ctransfer -y "$SIM_BUS" r2@$A)"

# --- CTRL_REG5 BOOT ------------------------------------------------------------------

wr 0xa0 0x57 0x00 0x10 0x80
wr 0x24 0x80
t_eq "BOOT reloads CTRL_REG1..4 and INT1_THS" "0x07 0x00 0x00 0x00 0x00" \
	"$(rd 0xa0 4) $(rd 0x32)"
t_eq "BOOT clears itself" 0x00 "$(rd 0x24)"

# --- output data and STATUS_REG ---------------------------------------------

s0=$(samples)
run 0x57 0.5
s1=$(samples)
t_check "samples advance at 100 Hz ($s0 -> $s1)" [ $((s1 - s0)) -ge 20 ]
sleep 0.2
t_eq "power-down makes no samples" "$s1" "$(samples)"
if [ $((s1 - s0)) -ge 2 ]; then
	t_eq "STATUS_REG: all DA and OR bits after unread samples" 0xff "$(rd 0x27)"
fi
t_eq "counter pattern: last sample n in the MSBs (normal mode)" \
	$((s1 - 1)) "$(n_of "$(rd 0xa8 6)")"
t_eq "STATUS_REG cleared by reading the output" 0x00 "$(rd 0x27)"
t_eq "output read again gives the same sample" $((s1 - 1)) \
	"$(n_of "$(rd 0xa8 6)")"
t_eq "without FIFO the auto-increment goes on to FIFO_CTRL/FIFO_SRC" \
	"0x00 0x20" "$(rd 0xa8 8 | cut -d' ' -f7-)"

# one sample more: DA set again, OR only if it overwrote unread data
s0=$(samples)
run 0x17 1.3
s1=$(samples)
if [ $((s1 - s0)) = 1 ]; then
	t_eq "one new sample sets the DA bits only" 0x0f "$(rd 0x27)"
	left=0x0c
else
	t_eq "$((s1 - s0)) new samples set DA and OR" 0xff "$(rd 0x27)"
	left=0xcc
fi
rd 0xa8 4 >/dev/null
t_eq "reading OUT_X and OUT_Y leaves only the Z and ZYX bits" $left \
	"$(rd 0x27)"
rd 0x2d >/dev/null
t_eq "reading OUT_Z_H clears the rest" 0x00 "$(rd 0x27)"

for m in "0x57 0x08 high-resolution" "0x5f 0x00 low-power"; do
	# shellcheck disable=SC2086
	set -- $m
	wr 0x23 "$2"
	run "$1" 0.2
	t_eq "counter pattern in $3 mode" $(($(samples) - 1)) \
		"$(n_of "$(rd 0xa8 6)")"
done

echo still >"$SIM_DBG/pattern"
t_eq "pattern reads back" still "$(cat "$SIM_DBG/pattern")"
t_check "invalid pattern is refused" sh -c "! echo square >$SIM_DBG/pattern"
# CTRL1 CTRL4 expected-output description
for m in "0x57 0x00 0x00 0x00 0x00 0x00 0x80 0x3e normal +-2g" \
	"0x57 0x08 0x00 0x00 0x00 0x00 0x80 0x3e high-res +-2g" \
	"0x5f 0x00 0x00 0x00 0x00 0x00 0x00 0x3f low-power +-2g" \
	"0x57 0x30 0x00 0x00 0x00 0x00 0x40 0x05 normal +-16g" \
	"0x57 0x28 0x00 0x00 0x00 0x00 0xa0 0x0f high-res +-8g" \
	"0x57 0x40 0x00 0x00 0x00 0x00 0x3e 0x80 big-endian normal +-2g"; do
	# shellcheck disable=SC2086
	set -- $m
	wr 0x23 "$2"
	run "$1" 0.1
	t_eq "still pattern: +1 g on Z, $9 ${10}" "$3 $4 $5 $6 $7 $8" "$(rd 0xa8 6)"
done
wr 0x23 0x00
echo sine >"$SIM_DBG/pattern"
# xy_digits: X and Y of the output as signed 10-bit digits
xy_digits() {
	# shellcheck disable=SC2046
	set -- $(rd 0xa8 4)
	_x=$(($2 << 8 | $1))
	_y=$(($4 << 8 | $3))
	[ $_x -ge 32768 ] && _x=$((_x - 65536))
	[ $_y -ge 32768 ] && _y=$((_y - 65536))
	echo $((_x / 64)) $((_y / 64))
}
run 0x57 0.3
xy=$(xy_digits)
x=${xy% *}
y=${xy#* }
# X = 1 g sin, Y = 1 g cos of the same angle: X^2 + Y^2 = (250 digits)^2
t_check "sine pattern: X and Y on a 1 g circle ($xy)" \
	in_range $((x * x + y * y)) 61000 64000
run 0x57 0.3
xy2=$(xy_digits)
t_check "sine pattern moves ($xy -> $xy2)" [ "$xy" != "$xy2" ]
echo counter >"$SIM_DBG/pattern"

# BDU: reading OUT_X_L freezes the output until OUT_X_H is read
wr 0x23 0x80
wr 0x20 0x77
s0=$(samples)
xl=$(rd 0x28)
sleep 0.4
s1=$(samples)
yh=$(rd 0x2b)
zh=$(rd 0x2d)
xh=$(rd 0x29)
n=$(n_of "$xl $xh 0x00 $yh 0x00 $zh")
t_check "BDU holds the sample of the OUT_X_L read (n $n, samples $s0 -> $s1)" \
	in_range "$n" $((s0 - 1)) $((s1 - 20))
n=$(n_of "$(rd 0xa8 6)")
t_check "after OUT_X_H the output moves on (n $n)" \
	in_range "$n" $((s1 - 1)) $((s1 + 1000))
wr 0x20 0x07
wr 0x23 0x00

# --- FIFO ---------------------------------------------------------------------------

# FIFO mode: the first 32 samples are stored, later ones are lost
wr 0x24 0x40
wr 0x2e 0x50 # FIFO mode, FTH 16
s0=$(samples)
o0=$(cat "$SIM_DBG/overruns")
run 0x37 0.3
s1=$(samples)
k=$((s1 - s0))
c=$k
[ $c -gt 32 ] && c=32
if [ $k -ge 1 ] && [ $c -lt 32 ]; then
	t_eq "FIFO mode: FIFO_SRC after $k samples" "$(fifo_src $c 16)" "$(rd 0x2f)"
	wr 0x2e $((0x40 | c))
	t_eq "WTM clear when FSS = FTH ($c)" "$(fifo_src $c $c)" "$(rd 0x2f)"
	fth=$((c - 1))
	wr 0x2e $((0x40 | fth))
	t_eq "WTM set when FSS > FTH ($fth)" "$(fifo_src $c $fth)" "$(rd 0x2f)"
	t_eq "FIFO holds samples $s0.. in order" "$(seq_ns "$s0" 2)" \
		"$(ns_of "$(rd 0xa8 12)")"
	c=$((c - 2))
	t_eq "reading 12 bytes takes 2 samples out (FSS $c)" \
		"$(fifo_src $c $fth)" "$(rd 0x2f)"
	wr 0x2e 0x00
	wr 0x2e 0x50
	s0=$(samples)
	o0=$(cat "$SIM_DBG/overruns")
else
	t_fail "FIFO mode: first run made $k samples, wanted 1..31"
fi
run 0x57 0.8
s1=$(samples)
k=$((s1 - s0))
if [ $k -gt 32 ]; then
	t_eq "FIFO mode full: WTM, OVRN, FSS 0" 0xc0 "$(rd 0x2f)"
	t_eq "overruns count the $((k - 32)) samples not stored" $((o0 + k - 32)) \
		"$(cat "$SIM_DBG/overruns")"
	t_eq "single reads of OUT_Z_H take one sample each" \
		"$(fifo_src 29 16)" "$(rd 0x2d >/dev/null; rd 0x2d >/dev/null; rd 0x2d >/dev/null; rd 0x2f)"
	t_eq "the stored samples are the first ones, in order" \
		"$(seq_ns $((s0 + 3)) 29)" "$(ns_of "$(rd 0xa8 174)")"
	t_eq "FIFO empty after reading all" 0x20 "$(rd 0x2f)"
	run 0x57 0.2
	t_eq "FIFO mode stays stopped until bypass" 0x20 "$(rd 0x2f)"
else
	t_fail "FIFO mode: only $k samples in 0.8 s at 100 Hz"
fi

# stream mode: the newest 32 samples are kept
wr 0x2e 0x00
t_eq "bypass resets the FIFO" 0x20 "$(rd 0x2f)"
wr 0x2e 0x9f # stream, FTH 31
t_eq "stream mode starts empty" 0x20 "$(rd 0x2f)"
s0=$(samples)
o0=$(cat "$SIM_DBG/overruns")
run 0x57 0.8
s1=$(samples)
k=$((s1 - s0))
if [ $k -gt 32 ]; then
	t_eq "stream mode full: WTM (32 > FTH 31), OVRN, FSS 0" 0xc0 "$(rd 0x2f)"
	t_eq "overruns count the $((k - 32)) overwritten samples" \
		$((o0 + k - 32)) "$(cat "$SIM_DBG/overruns")"
	t_eq "one burst read of 192 bytes from 0xa8 gives the newest 32 samples" \
		"$(seq_ns $((s1 - 32)) 32)" "$(ns_of "$(rd 0xa8 192)")"
	t_eq "stream FIFO empty after the burst" 0x20 "$(rd 0x2f)"
else
	t_fail "stream mode: only $k samples in 0.8 s at 100 Hz"
fi

# FIFO keeps 10 bits per axis even in high-resolution mode
echo still >"$SIM_DBG/pattern"
wr 0x23 0x28
run 0x57 0.1
t_eq "FIFO entry keeps the 10 MSBs in high-resolution mode (+-8g)" \
	"0x80 0x0f" "$(rd 0xa8 6 | cut -d' ' -f5-)"
wr 0x2e 0x00
rd 0xa8 6 >/dev/null
t_eq "without FIFO the same data has 12 bits" "0xa0 0x0f" \
	"$(rd 0xa8 6 | cut -d' ' -f5-)"
wr 0x23 0x00
echo counter >"$SIM_DBG/pattern"

# stream-to-FIFO: stream until the INT1 event (ZL with THS 1 on Z = 0), then
# FIFO mode: a full FIFO keeps the 32 samples before the event
wr 0x30 0x10           # INT1_CFG ZLIE
wr 0xb2 0x00 0x00      # THS 0 (no event), DURATION 0
wr 0x2e 0xc0
s0=$(samples)
run 0x57 0.8
s1=$(samples)
if [ $((s1 - s0)) -gt 32 ]; then
	t_eq "stream-to-FIFO before the event streams (full)" 0xc0 "$(rd 0x2f)"
	wr 0x32 0x01
	run 0x57 0.3
	s2=$(samples)
	t_check "the event happened ($s1 -> $s2)" [ $((s2 - s1)) -ge 1 ]
	t_eq "INT1_SRC shows IA and ZL" 0x50 "$(rdm 0x31 0x50)"
	t_eq "after the event the FIFO keeps the 32 samples before it" \
		"$(seq_ns $((s1 - 32)) 32)" "$(ns_of "$(rd 0xa8 192)")"
else
	t_fail "stream-to-FIFO: only $((s1 - s0)) samples in 0.8 s"
fi
# TR=1 selects INT2: an INT1 event does not stop streaming
wr 0x2e 0x00
wr 0x2e 0xe0
wr 0x34 0x10      # INT2_CFG ZLIE
wr 0xb6 0x00 0x00 # THS 0, DURATION 0
s0=$(samples)
run 0x57 0.6
s1=$(samples)
t_eq "TR=1: INT1 event does not trigger, the FIFO streams" \
	"$(seq_ns $((s1 - 32)) 32)" "$(ns_of "$(rd 0xa8 192)")"
wr 0x36 0x01 # INT2 event from the next sample on
run 0x57 0.6
s2=$(samples)
t_eq "TR=1: the INT2 event switches to FIFO mode (samples $s1..)" \
	"$(seq_ns "$s1" 32)" "$(ns_of "$(rd 0xa8 192)")"
wr 0x2e 0x00
wr 0x24 0x00
wr 0x34 0x00

# --- INT1 generator: latch and read-to-clear -------------------------------------------

# not latched: reading INT1_SRC does not clear IA
wr 0x30 0x10
wr 0xb2 0x01 0x00
run 0x57 0.1
t_eq "not latched: IA and ZL" 0x50 "$(rdm 0x31 0x50)"
t_eq "not latched: a second read still has IA" 0x50 "$(rdm 0x31 0x50)"
wr 0x32 0x00
run 0x57 0.1
t_eq "not latched: IA drops with the condition" 0x00 "$(rdm 0x31 0x50)"

# latched (LIR_INT1): IA stays after the condition ends, until INT1_SRC is read
wr 0x24 0x08
wr 0x32 0x01
run 0x57 0.1
wr 0x32 0x00
run 0x57 0.1
t_eq "latched: IA kept after the condition ended" 0x40 "$(rdm 0x31 0x40)"
t_eq "latched: reading INT1_SRC cleared IA" 0x00 "$(rdm 0x31 0x40)"
wr 0x32 0x01
run 0x57 0.1
t_eq "latched again on a new event" 0x40 "$(rdm 0x31 0x40)"
t_eq "read-to-clear once more" 0x00 "$(rdm 0x31 0x40)"

# duration: IA only after the condition held for more than DURATION samples
wr 0x24 0x00
wr 0x32 0x00
run 0x57 0.1
wr 0xb2 0x01 0x7f # THS 1, DURATION 127
s0=$(samples)
run 0x57 0.3
k=$(($(samples) - s0))
if [ $k -le 127 ]; then
	t_eq "DURATION 127: no IA after $k samples" 0x00 "$(rdm 0x31 0x40)"
else
	t_fail "DURATION: too many samples ($k) in 0.3 s at 100 Hz"
fi
run 0x57 1.6
k=$(($(samples) - s0))
if [ $k -gt 127 ]; then
	t_eq "DURATION 127: IA after $k samples" 0x40 "$(rdm 0x31 0x40)"
else
	t_fail "DURATION: only $k samples"
fi
wr 0x30 0x00
wr 0xb2 0x00 0x00

# --- counters and faults ----------------------------------------------------------------

x0=$(cat "$SIM_DBG/xfers")
b0=$(cat "$SIM_DBG/bytes")
rd 0x8f 3 >/dev/null
wr 0x32 0x01
t_eq "xfers counts messages" $((x0 + 3)) "$(cat "$SIM_DBG/xfers")"
t_eq "bytes counts payload and sub-address bytes" $((b0 + 6)) \
	"$(cat "$SIM_DBG/bytes")"

F=$SIM_DBG/fault
echo nack >"$F"
t_check "nack: the transfer fails" sh -c "! i2ctransfer -y $SIM_BUS w1@$A 0x0f r1"
t_check "nack: ENXIO" sh -c "i2ctransfer -y $SIM_BUS w1@$A 0x0f r1 2>&1 | grep -q 'No such device or address'"
t_check "nack: every transfer" sh -c "! i2ctransfer -y $SIM_BUS w1@$A 0x0f r1"
echo none >"$F"
t_eq "none: answers again" 0x33 "$(rd 0x0f)"

x0=$(cat "$SIM_DBG/xfers")
echo eio:2 >"$F"
t_check "eio:2: first transfer EIO" sh -c "i2ctransfer -y $SIM_BUS w1@$A 0x0f r1 2>&1 | grep -q 'Input/output error'"
t_check "eio:2: second transfer fails" sh -c "! i2ctransfer -y $SIM_BUS w1@$A 0x0f r1"
t_eq "eio:2: third transfer recovers" 0x33 "$(rd 0x0f)"
t_eq "failed transfers are not counted as served" $((x0 + 2)) \
	"$(cat "$SIM_DBG/xfers")"

echo stall >"$F"
t_check "stall: ETIMEDOUT" sh -c "i2ctransfer -y $SIM_BUS w1@$A 0x0f r1 2>&1 | grep -q 'timed out'"
echo none >"$F"
t_eq "stall cleared by none" 0x33 "$(rd 0x0f)"

echo whoami:0x42 >"$F"
t_eq "whoami:0x42" 0x42 "$(rd 0x0f)"
echo none >"$F"
t_eq "whoami back to 0x33" 0x33 "$(rd 0x0f)"

for bad in bogus eio: eio:x whoami:0x100 "nack extra"; do
	t_check "fault '$bad' is refused" sh -c "! echo '$bad' >$F"
done
t_eq "refused faults change nothing" 0x33 "$(rd 0x0f)"

sim_unload
t_check "unloaded" sh -c '! grep -q "^lis2dh_sim " /proc/modules'
t_done
