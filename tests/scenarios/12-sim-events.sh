#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The event engines of lis2dh_sim, programmed by hand through /dev/i2c-N with
# motion injected from debugfs (accel, tap): the interrupt generators
# (threshold, DURATION, OR/AND, latch, free-fall, 6D/4D), the click engine
# (single, double, TIME_LIMIT/LATENCY/WINDOW, sign), and the routing of both
# to INT1 (CTRL_REG3) and INT2 (CTRL_REG6). st_accel_i2c is bound so that the
# client's interrupt is requested and counted (debugfs irqs for INT1, irqs2
# for INT2); its handler does nothing while its buffer is off. Pin levels
# come from debugfs pins. The chip runs at 100 Hz, +-2 g, normal mode: a
# tap's pulses start at the next sample, and each wait covers them with room.
. ./lib.sh
t_plan 46

A=0x18

rd() {
	i2ctransfer -f -y "$SIM_BUS" w1@$A "$1" r1
}

wr() {
	i2ctransfer -f -y "$SIM_BUS" w2@$A "$1" "$2"
}

# rdm SUBADDR MASK: one register ANDed with MASK, as 0xNN
rdm() {
	printf '0x%02x' $(($(rd "$1") & $2))
}

irqs() {
	cat "$SIM_DBG/irqs"
}

irqs2() {
	cat "$SIM_DBG/irqs2"
}

# pin N: the level of INTN (INT_POLARITY 0: 1 is active)
pin() {
	sed -n "s/^int$1 //p" "$SIM_DBG/pins"
}

# tap AXIS MG LEN [GAP], then wait for the pulses and the click windows
tap() {
	echo "$*" >"$SIM_DBG/tap" && sleep 0.6
}

accel() {
	echo "$*" >"$SIM_DBG/accel" && sleep 0.2
}

# every event register and routing cleared, FIFO off, 100 Hz, at rest
reset_events() {
	wr 0x20 0x07
	for r in 0x22 0x24 0x25 0x2e 0x30 0x32 0x33 0x34 0x36 0x37 \
		0x38 0x3a 0x3b 0x3c 0x3d 0x3e 0x3f; do
		wr $r 0x00
	done
	rd 0x31 >/dev/null
	rd 0x35 >/dev/null
	rd 0x39 >/dev/null
	echo "0 0 1000" >"$SIM_DBG/accel"
	wr 0x20 0x57
	sleep 0.1
}

# bind [MODPARAM...]: the simulator with its client, st_accel bound to it
bind() {
	sim_load "$@" || return 1
	TIMEOUT=5 wait_for iio_dev lis3dh || return 1
	wait_for test -e "/dev/i2c-$SIM_BUS"
}

# interrupts of the simulator's irq in /proc/interrupts (all CPUs)
proc_irqs() {
	awk '/lis2dh_sim/ { n = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i; else break; print n }' \
		/proc/interrupts
}

modprobe i2c-dev || { t_fail "modprobe i2c-dev"; t_done; }
modprobe st_accel_i2c || { t_fail "modprobe st_accel_i2c"; t_done; }
bind || { t_fail "st_accel binds to the simulator"; t_done; }

# --- interrupt generator 1 on INT1, latched ------------------------------------
reset_events
wr 0x30 0x02 # XHIE, OR
wr 0x32 0x20 # 32 x 16 mg = 512 mg
wr 0x33 0x03 # DURATION 3 samples
wr 0x24 0x08 # LIR_INT1
wr 0x22 0x40 # I1_IA1
i0=$(irqs)
p0=$(proc_irqs)
tap x 1000 3
t_eq "IA1: 3 samples above THS with DURATION 3: no IA" 0x00 "$(rdm 0x31 0x40)"
t_eq "IA1: and no interrupt" 0 $(($(irqs) - i0))
t0=$(cat "$SIM_DBG/motion_ns")
tap x 1000 4
t_eq "IA1: the interrupt came on its own, before any access (/proc/interrupts)" \
	1 $(($(proc_irqs) - p0))
t_eq "IA1: 4 samples above THS with DURATION 3: one interrupt" 1 $(($(irqs) - i0))
t_eq "IA1: INT1 held by the latch" 1 "$(pin 1)"
t_eq "IA1: INT1_SRC latched IA, XH, YL, ZH" 0x66 "$(rd 0x31)"
t_eq "IA1: the read cleared IA and INT1" "0x00 0" "$(rdm 0x31 0x40) $(pin 1)"
t_check "motion_ns moved with the tap" [ "$(cat "$SIM_DBG/motion_ns")" -gt "$t0" ]
tap x 500 10
t_eq "IA1: 500 mg is not above 512 mg: no IA" 0x00 "$(rdm 0x31 0x40)"
tap x -1000 4
t_eq "IA1: -1000 mg is above THS in magnitude" 0x40 "$(rdm 0x31 0x40)"
t_eq "IA1: INT2 stayed low" 0 "$(pin 2)"

# --- not latched: IA follows the condition --------------------------------------
wr 0x24 0x00
wr 0x33 0x00
accel 1000 0 1000
t_eq "not latched: IA and INT1 while X is above THS" "0x40 1" "$(rdm 0x31 0x40) $(pin 1)"
accel 0 0 1000
t_eq "not latched: both drop with X, no read needed" 0 "$(pin 1)"
t_eq "not latched: INT1_SRC shows no IA" 0x00 "$(rdm 0x31 0x40)"

# --- AND and OR ------------------------------------------------------------------
wr 0x24 0x08
wr 0x30 0x8a # AND of XH and YH
rd 0x31 >/dev/null
tap x 1000 4
t_eq "AND: X alone above THS: no IA" 0x00 "$(rdm 0x31 0x40)"
accel 0 800 1000
rd 0x31 >/dev/null
tap x 1000 4
t_eq "AND: X and Y above THS: IA" 0x40 "$(rdm 0x31 0x40)"
accel 0 0 1000
wr 0x30 0x0a # OR of XH and YH
rd 0x31 >/dev/null
tap x 1000 4
t_eq "OR: X alone above THS: IA" 0x40 "$(rdm 0x31 0x40)"

# --- free fall: AND of the low events ----------------------------------------------
wr 0x30 0x95 # AND of XL, YL, ZL
wr 0x32 0x16 # 352 mg
wr 0x33 0x02
rd 0x31 >/dev/null
sleep 0.2
t_eq "free fall: at rest (Z 1 g) no IA" 0x00 "$(rdm 0x31 0x40)"
i0=$(irqs)
accel 0 0 0
# the count first: IA rises again after the read while the fall lasts
t_eq "free fall: one interrupt" 1 $(($(irqs) - i0))
t_eq "free fall: 0 g on every axis: IA with XL, YL, ZL" 0x55 "$(rd 0x31)"
accel 0 0 1000
rd 0x31 >/dev/null

# --- 6D position and 4D -------------------------------------------------------------
wr 0x30 0xff # AOI + 6D: position, every direction
wr 0x32 0x20
wr 0x33 0x00
rd 0x31 >/dev/null
sleep 0.1
t_eq "6D position: Z up is ZH with IA" 0x60 "$(rd 0x31)"
wr 0x24 0x0c # LIR_INT1, D4D_INT1: Z leaves the position detection
rd 0x31 >/dev/null
sleep 0.1
t_eq "4D: Z up is no position" 0x00 "$(rdm 0x31 0x40)"
wr 0x24 0x08

# --- routing to INT2 ------------------------------------------------------------------
reset_events
wr 0x30 0x02
wr 0x32 0x20
wr 0x24 0x08
wr 0x25 0x40 # I2_IA1
i0=$(irqs)
tap x 1000 2
t_eq "I2_IA1: INT2 active, INT1 not" "1 0" "$(pin 2) $(pin 1)"
t_eq "I2_IA1: no INT1 interrupt" 0 $(($(irqs) - i0))
rd 0x31 >/dev/null
t_eq "I2_IA1: the INT1_SRC read releases INT2" 0 "$(pin 2)"

# --- click -----------------------------------------------------------------------------
reset_events
wr 0x38 0x01 # XS
wr 0x3a 0xa0 # LIR_Click, 512 mg
wr 0x3b 0x05 # TIME_LIMIT 5
wr 0x3c 0x05 # TIME_LATENCY 5
wr 0x3d 0x0a # TIME_WINDOW 10
wr 0x22 0x80 # I1_CLICK
i0=$(irqs)
tap x 1000 2
t_eq "single click on X: IA, SCLICK, X" 0x51 "$(rd 0x39)"
t_eq "single click: one interrupt" 1 $(($(irqs) - i0))
t_eq "single click: the read cleared CLICK_SRC and INT1" "0x00 0" "$(rd 0x39) $(pin 1)"
tap x -1000 2
t_eq "single click, negative: Sign set" 0x59 "$(rd 0x39)"
tap x 1000 6
t_eq "6 samples above THS, TIME_LIMIT 5: no click" 0x00 "$(rd 0x39)"
tap y 1000 2
t_eq "a pulse on Y, click on X only: no click" 0x00 "$(rd 0x39)"
tap x 400 2
t_eq "below CLICK_THS: no click" 0x00 "$(rd 0x39)"

wr 0x38 0x02 # XD
# first click ends at sample 2; latency samples 3-7; window samples 8-17
tap x 1000 2 8
t_eq "double click, second in the window: IA, DCLICK, X" 0x61 "$(rd 0x39)"
tap x 1000 2 20
t_eq "second pulse after TIME_WINDOW: no double click" 0x00 "$(rd 0x39)"
tap x 1000 2 2
t_eq "second pulse within TIME_LATENCY: no double click" 0x00 "$(rd 0x39)"

wr 0x38 0x01
wr 0x22 0x00
wr 0x25 0x80 # I2_CLICK
i0=$(irqs)
tap x 1000 2
t_eq "I2_CLICK: INT2 active, INT1 not, no INT1 interrupt" "1 0 0" \
	"$(pin 2) $(pin 1) $(($(irqs) - i0))"
rd 0x39 >/dev/null

# XS and XD with room to read CLICK_SRC between the clicks: after a first
# click at sample 2, latency samples 3-62, window samples 63-182
wr 0x38 0x03
wr 0x3c 60
wr 0x3d 120
echo "x 1000 2 100" >"$SIM_DBG/tap"
sleep 0.3
c1=$(rd 0x39)
sleep 1.5
t_eq "XS+XD, second pulse in the window: single, then double click" \
	"0x51 0x61" "$c1 $(rd 0x39)"
echo "x 1000 2 200" >"$SIM_DBG/tap"
sleep 0.3
c1=$(rd 0x39)
sleep 2
t_eq "XS+XD, second pulse after the window: two single clicks" \
	"0x51 0x51" "$c1 $(rd 0x39)"


# --- sleep-to-wake ------------------------------------------------------------------------
# ACT_THS 72 x 16 mg = 1152 mg (above gravity), ACT_DUR 20: asleep after
# 161 quiet samples (1.61 s at 100 Hz), then 10 Hz until an axis goes above
samples() {
	cat "$SIM_DBG/samples"
}

reset_events
wr 0x25 0x08 # I2_ACT
wr 0x3f 20
wr 0x3e 72
sleep 2.5
t_eq "ACT: quiet for 8 x ACT_DUR + 1 samples: asleep, INT2 high (I2_ACT)" 1 "$(pin 2)"
n0=$(samples)
sleep 1
n1=$(samples)
t_check "ACT: asleep the part runs at 10 Hz ($((n1 - n0)) samples in 1 s)" \
	[ $((n1 - n0)) -ge 9 -a $((n1 - n0)) -le 12 ]
echo "x 2000 1" >"$SIM_DBG/tap"
sleep 0.3
t_eq "ACT: one sample above ACT_THS wakes it: INT2 low" 0 "$(pin 2)"
n0=$(samples)
sleep 0.5
n1=$(samples)
t_check "ACT: awake at 100 Hz again ($((n1 - n0)) samples in 0.5 s)" \
	[ $((n1 - n0)) -ge 45 -a $((n1 - n0)) -le 70 ]

reset_events
sim_unload

# --- INT2 as the client's interrupt (irq_pin=2) ------------------------------------------
if bind irq_pin=2; then
	reset_events
	wr 0x34 0x02 # generator 2: XHIE
	wr 0x36 0x20
	wr 0x24 0x02 # LIR_INT2
	wr 0x25 0x20 # I2_IA2
	i0=$(irqs)
	j0=$(irqs2)
	tap x 1000 2
	t_eq "irq_pin=2, I2_IA2: one INT2 interrupt, none on INT1" "1 0" \
		"$(($(irqs2) - j0)) $(($(irqs) - i0))"
	t_eq "irq_pin=2: INT2_SRC latched IA" 0x40 "$(rdm 0x35 0x40)"
	reset_events
	sim_unload
else
	t_fail "irq_pin=2: st_accel binds to the simulator"
	sim_unload
fi

# --- wakeup=1: the client's interrupt as a wakeup source in system sleep ----------
# The I2C core arms it (enable_irq_wake) for the sleep: pm_test=platform goes
# through every stage that arms and disarms wakeup interrupts, with no delay
# in the last one (a busy wait there costs minutes of TCG).
if bind wakeup=1; then
	t_eq "wakeup=1: not armed while awake" "int1 0 0" \
		"$(sed -n 1p "$SIM_DBG/irq_wake")"
	echo platform >/sys/power/pm_test
	echo 0 >/sys/module/suspend/parameters/pm_test_delay
	echo freeze >/sys/power/state
	echo none >/sys/power/pm_test
	t_eq "wakeup=1: INT1 armed once for the sleep, disarmed after" "int1 0 1" \
		"$(sed -n 1p "$SIM_DBG/irq_wake")"
	sim_unload
else
	t_fail "wakeup=1: st_accel binds to the simulator"
	sim_unload
fi

rmmod st_accel_i2c st_accel st_sensors_i2c st_sensors 2>/dev/null
t_done
