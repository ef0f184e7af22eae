#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The chip's auxiliary outputs and self-test: the simulator's ADC inputs,
# temperature sensor, STATUS_REG_AUX and self-test deflection per chip at
# register level (through /dev/i2c-N, no driver bound); then the driver's
# in_voltageN and in_temp channels per chip and power mode, its selftest
# attribute (pass, fail, -EBUSY in capture, configuration restored), and
# chip detection by WHO_AM_I.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 56

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
echo "1000 1200 1200" >"$SIM_DBG/adc"
conv 0x57
# 1 digit/°C at 8 bits, 0 at 25 °C: 5.5 °C is 22 at 10 bits
t_eq "lis3dh temperature in ADC3, normal mode" "0x80 0x05" "$(rd 0x8c 2)"
t_eq "lis3dh ADC1 still converts with TEMP_EN (1000 mV: -256)" \
	"0x00 0xc0" "$(rd 0x88 2)"
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

# no_attr RE: $DEV is a device, and no attribute name matches RE
no_attr() {
	[ -n "$DEV" ] && [ -d "$DEV" ] || return 1
	! ls "$DEV" | grep -q "$1"
}

# --- the driver on a LIS3DH
if ! lis2dh_setup lis3dh chip=lis3dh; then
	t_fail "lis2dh binds to the simulated lis3dh"
	lis2dh_teardown
	t_done
fi
for a in in_voltage1_raw in_voltage2_raw in_voltage3_raw in_voltage_scale \
	in_voltage_offset in_temp_raw in_temp_scale selftest; do
	t_check "lis3dh has $a" test -e "$DEV/$a"
done
t_check "no in_temp_offset: the absolute offset is not specified" \
	test ! -e "$DEV/in_temp_offset"

# mv N: ADC input N in mV as the driver reports it, (raw + offset) * scale
mv() {
	awk -v r="$(cat "$DEV/in_voltage$1_raw")" \
		-v o="$(cat "$DEV/in_voltage_offset")" \
		-v s="$(cat "$DEV/in_voltage_scale")" \
		'BEGIN { printf "%.3f\n", (r + o) * s }'
}

# near A B TOL: |A - B| <= TOL
near() {
	awk -v a="$1" -v b="$2" -v t="$3" \
		'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}

# adc_near MV1 MV2 MV3: every input within one digit (the scale) of MVn
adc_near() {
	_s=$(cat "$DEV/in_voltage_scale")
	near "$(mv 1)" "$1" "$_s" || return 1
	near "$(mv 2)" "$2" "$_s" || return 1
	near "$(mv 3)" "$3" "$_s"
}

echo "905 1200 1581" >"$SIM_DBG/adc"
for m in low_power normal high_resolution; do
	echo $m >"$DEV/in_accel_power_mode"
	t_check "$m: ADC inputs read 905 1200 1581 mV within a digit ($(mv 1) $(mv 2) $(mv 3))" \
		adc_near 905 1200 1581
done
t_eq "low-power: 8-bit ADC scale" 3.125000000 \
	"$(echo low_power >"$DEV/in_accel_power_mode"; cat "$DEV/in_voltage_scale")"
t_eq "low-power: offset 1200 mV in digits" 384 "$(cat "$DEV/in_voltage_offset")"
echo normal >"$DEV/in_accel_power_mode"
t_eq "normal: offset 1200 mV in digits" 1536 "$(cat "$DEV/in_voltage_offset")"

t_eq "temperature scale: 1 °C per digit" 1000 "$(cat "$DEV/in_temp_scale")"
for m in low_power normal; do
	echo $m >"$DEV/in_accel_power_mode"
	echo 20 >"$SIM_DBG/temp"
	t1=$(cat "$DEV/in_temp_raw")
	echo 35.5 >"$SIM_DBG/temp"
	t2=$(cat "$DEV/in_temp_raw")
	d=$(((t2 - t1) * $(cat "$DEV/in_temp_scale")))
	t_check "$m: +15.5 °C in the simulator reads +$d m°C (within 1 °C)" \
		near "$d" 15500 1000
done
t_check "ADC3 is the input again after a temperature read" \
	near "$(mv 3)" 1581 1

# Self-test on a good part and a failing one, with the part at rest
echo still >"$SIM_DBG/pattern"
echo high_resolution >"$DEV/in_accel_power_mode"
echo 200 >"$DEV/sampling_frequency"
echo 0.019613300 >"$DEV/in_accel_scale"
before="$(sim_reg 0x20) $(sim_reg 0x23) $(cat "$DEV/sampling_frequency" \
	"$DEV/in_accel_scale" "$DEV/in_accel_power_mode" | tr '\n' ' ')"
t_eq "selftest on a good part" "OK 360 400 640" "$(cat "$DEV/selftest")"
after="$(sim_reg 0x20) $(sim_reg 0x23) $(cat "$DEV/sampling_frequency" \
	"$DEV/in_accel_scale" "$DEV/in_accel_power_mode" | tr '\n' ' ')"
t_eq "configuration restored after the self-test" "$before" "$after"
echo fail >"$SIM_DBG/selftest"
t_eq "selftest on a part with a weak Z axis" "FAIL 360 400 40" "$(cat "$DEV/selftest")"
echo dead >"$SIM_DBG/selftest"
t_eq "selftest on a part that does not move" "FAIL 0 0 0" "$(cat "$DEV/selftest")"
echo pass >"$SIM_DBG/selftest"
enable_scan
echo 1 >"$DEV/buffer/enable"
err=$(cat "$DEV/selftest" 2>&1)
t_check "selftest during capture: -EBUSY ($err)" \
	sh -c "echo \"\$1\" | grep -q 'busy'" _ "$err"
echo 0 >"$DEV/buffer/enable"
t_eq "selftest after capture" "OK 360 400 640" "$(cat "$DEV/selftest")"
lis2dh_teardown

# --- the LIS2DH12: temperature, no ADC inputs
if lis2dh_setup lis2dh12 chip=lis2dh12; then
	t_check "lis2dh12 has in_temp_raw" test -e "$DEV/in_temp_raw"
	t_check "lis2dh12 has no in_voltage channel" no_attr voltage
	echo 30 >"$SIM_DBG/temp"
	t_eq "lis2dh12 temperature: 5 °C above the 25 °C zero" 5 "$(cat "$DEV/in_temp_raw")"
else
	t_fail "lis2dh binds to the simulated lis2dh12"
fi
lis2dh_teardown

# --- WHO_AM_I decides: an SC7A20 described as lis3dh
modprobe lis2dh_i2c
sim_load chip=sc7a20 instantiate=0
dmesg -c >/dev/null
echo "lis3dh 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
TIMEOUT=5 wait_for iio_dev sc7a20
t_check "WHO_AM_I 0x11 on a lis3dh description gives an sc7a20" iio_dev sc7a20
t_check "with a warning naming both" sh -c \
	"dmesg | grep -q 'WHO_AM_I is 0x11, not 0x33 as for lis3dh: driving it as sc7a20'"
DEV=$(iio_dev sc7a20)
t_check "sc7a20: no ADC, temperature or selftest attribute" \
	no_attr 'voltage\|temp\|selftest'
t_eq "sc7a20 rates (ODR code 9: 1250 Hz)" "1 10 25 50 100 200 400 1250" \
	"$(cat "$DEV/sampling_frequency_available")"
echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"
sim_unload

# --- an unknown WHO_AM_I is refused, naming both values
sim_load chip=lis3dh instantiate=0
echo whoami:0x44 >"$SIM_DBG/fault"
dmesg -c >/dev/null
echo "lis3dh 0x18" >"/sys/bus/i2c/devices/i2c-$SIM_BUS/new_device"
sleep 0.5
t_check "WHO_AM_I 0x44: no device" no_iio_dev lis3dh
t_check "the refusal names read and expected values" sh -c \
	"dmesg | grep -q 'WHO_AM_I is 0x44, expected 0x33 for lis3dh'"
echo 0x18 >"/sys/bus/i2c/devices/i2c-$SIM_BUS/delete_device"
lis2dh_teardown

t_done
