#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The chip's auxiliary outputs and self-test: the simulator's ADC inputs,
# temperature sensor, STATUS_REG_AUX and self-test deflection per chip at
# register level (through /dev/i2c-N, no driver bound).
. ./lib.sh
t_plan 22

A=0x18

rd() {
	i2ctransfer -y "$SIM_BUS" w1@$A "$1" r"${2:-1}"
}

wr() {
	i2ctransfer -y "$SIM_BUS" w$#@$A "$@"
}

# conv CTRL1: run the chip at CTRL1's rate for a few samples, then stop the
# clock (ODR 0, the mode bits kept) so the outputs hold still.
conv() {
	wr 0x20 "$1"
	sleep 0.1
	wr 0x20 $(($1 & 0x0f))
}

modprobe i2c-dev || { t_fail "modprobe i2c-dev"; t_done; }

# --- LIS3DH: three ADC inputs, temperature in channel 3
sim_load chip=lis3dh instantiate=0 || t_fail "lis2dh_sim loads"
wr 0x23 0x80			# BDU
wr 0x1f 0x80			# ADC_EN
echo "1001 1200 1500" >"$SIM_DBG/adc"
conv 0x57			# 100 Hz, normal mode: 10 bits
t_eq "lis3dh STATUS_REG_AUX: every xDA and xOR after unread conversions" \
	0xff "$(rd 0x07)"
# (mV - 1200) * 1024 / 800: -255, 0, 384, left-justified
t_eq "lis3dh ADC, normal mode (10 bits)" \
	"0x40 0xc0 0x00 0x00 0x00 0x60" "$(rd 0x88 6)"
t_eq "reading OUT_ADCx_H clears STATUS_REG_AUX" 0x00 "$(rd 0x07)"
conv 0x5f			# low-power: 8 bits
t_eq "lis3dh ADC, low-power mode (8 bits)" \
	"0x00 0xc0 0x00 0x00 0x00 0x60" "$(rd 0x88 6)"
echo "0 3600 1200" >"$SIM_DBG/adc"
conv 0x57
t_eq "lis3dh ADC saturates outside 800-1600 mV" \
	"0x00 0x80 0xc0 0x7f 0x00 0x00" "$(rd 0x88 6)"
wr 0x1f 0xc0			# ADC_EN | TEMP_EN
echo 30.5 >"$SIM_DBG/temp"
conv 0x57
# 1 digit/°C at 8 bits, 0 at 25 °C: 5.5 °C is 22 at 10 bits
t_eq "lis3dh temperature in ADC3, normal mode" "0x80 0x05" "$(rd 0x8c 2)"
t_eq "lis3dh ADC1 still converts with TEMP_EN" "0x00 0x80" "$(rd 0x88 2)"
conv 0x5f
t_eq "lis3dh temperature, low-power mode (8 bits, 5.5 rounds to 6)" \
	"0x00 0x06" "$(rd 0x8c 2)"
wr 0x1f 0x40			# TEMP_EN without ADC_EN: nothing converts
rd 0x88 6 >/dev/null
conv 0x57
t_eq "lis3dh: TEMP_EN alone converts nothing" 0x00 "$(rd 0x07)"
t_eq "temp reads back" 30.500 "$(cat "$SIM_DBG/temp")"
t_check "temp refuses garbage" sh -c "! echo 2x >$SIM_DBG/temp"
t_check "adc refuses a missing input" sh -c "! echo '1 2' >$SIM_DBG/adc"

# Self-test deflection (still pattern: 0, 0, 1 g; normal mode, +-2 g,
# 4 mg/digit): pass moves X, Y, Z by 360, 400, 640 mg = 90, 100, 160.
echo still >"$SIM_DBG/pattern"
wr 0x23 0x82			# BDU, ST = 01
conv 0x57
t_eq "self-test 01 deflects +90, +100, +160 digits" \
	"0x80 0x16 0x00 0x19 0x80 0x66" "$(rd 0xa8 6)"
wr 0x23 0x84			# ST = 10
conv 0x57
t_eq "self-test 10 deflects the other way" \
	"0x80 0xe9 0x00 0xe7 0x80 0x16" "$(rd 0xa8 6)"
echo fail >"$SIM_DBG/selftest"
wr 0x23 0x82
conv 0x57
t_eq "selftest=fail: Z moves 10 digits only" \
	"0x80 0x16 0x00 0x19 0x00 0x41" "$(rd 0xa8 6)"
echo dead >"$SIM_DBG/selftest"
conv 0x57
t_eq "selftest=dead: nothing moves" \
	"0x00 0x00 0x00 0x00 0x80 0x3e" "$(rd 0xa8 6)"
t_check "selftest refuses garbage" sh -c "! echo bad >$SIM_DBG/selftest"
sim_unload

# --- LIS2DH12: temperature only, at OUT_TEMP_L/H (0x0c/0x0d)
sim_load chip=lis2dh12 instantiate=0 || t_fail "lis2dh_sim loads"
wr 0x23 0x80
wr 0x1f 0xc0			# TEMP_EN[1:0] = 11
echo -4 >"$SIM_DBG/temp"
conv 0x57
t_eq "lis2dh12 STATUS_REG_AUX: TDA and TOR only" 0x44 "$(rd 0x07)"
# -29 °C from 25 °C: -116 at 10 bits
t_eq "lis2dh12: no ADC inputs, temperature at 0x0c" \
	"0x00 0x00 0x00 0x00 0x00 0xe3" "$(rd 0x88 6)"
t_check "lis2dh12 has no adc control" test ! -e "$SIM_DBG/adc"
sim_unload

# --- SC7A20: no auxiliary outputs modelled
sim_load chip=sc7a20 instantiate=0 || t_fail "lis2dh_sim loads"
wr 0x23 0x80
wr 0x1f 0xc0
conv 0x57
t_eq "sc7a20: 0x07-0x0d read 0" \
	"0x00 0x00 0x00 0x00 0x00 0x00 0x00" "$(rd 0x87 7)"
t_check "sc7a20 has no adc or temp control" \
	test ! -e "$SIM_DBG/adc" -a ! -e "$SIM_DBG/temp"
sim_unload

t_done
