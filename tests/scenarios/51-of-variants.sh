#!/bin/sh
# Device tree (arm64 lane): the binding's properties that the driver must
# honour or refuse, one chip node each (tests/vm/arm64/lis3dh-sim-overlay.dts,
# each on a simulated bus of its own, its debugfs folder named after it):
#  - low:      st,lis2dh12-accel at 0x19, INT1 level low, a rotated mount
#              matrix: served, a level interrupt, the pins set active low
#  - nosupply: vdd-supply a regulator that never probes: stays deferred
#  - int2:     interrupts only INT2 (interrupt-names "INT2"): the FIFO
#              served without an interrupt (polled), with a notice; INT2
#              requested for the events (55-of-events)
#  - both:     INT2 then INT1 (interrupt-names "INT2", "INT1"): INT1 used
#              for the FIFO
#  - drdy2:    st,drdy-int-pin = <2>: refused, -EINVAL, the property named
#  - od:       drive-open-drain: refused, -EINVAL, the property named
# Both modules are loaded (as udev does), so a chip lis2dh_i2c refuses is
# then offered to st_accel_i2c, which refuses drdy2 too but takes od (it
# only warns that open drain is unsupported): what lis2dh_i2c did is
# asserted, which driver ended up with the chip is printed.
# Skips on lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./of-lib.sh
t_plan 18

D1="low: lis2dh_i2c serves the st,lis2dh12-accel at 0x19 (IIO name lis2dh12)"
D2="low: INT1 a level interrupt (level low in the tree)"
D3="low: CTRL_REG6: INT pins active low"
D4="low: in_accel_mount_matrix the tree's rotation"
D5="low: FIFO capture on the active-low level interrupt, 400 scans at 100 Hz intact"
D6="nosupply: no driver bound, no IIO device"
D7="nosupply: in devices_deferred"
D8="int2: served: lis2dh_i2c bound, IIO device"
D9="int2: only INT2 (pin 2) requested, for the events"
D10="int2: notice that the FIFO is polled without an interrupt"
D11="int2: FIFO capture polled, 400 scans at 100 Hz intact, no interrupt raised"
D12="both: INT1 (pin 1) requested, level (high in the tree), though listed second"
D13="both: CTRL_REG6: INT pins active high"
D14="drdy2: lis2dh_i2c refused it, not deferred"
D15="drdy2: the kernel log names st,drdy-int-pin and -EINVAL"
D16="od: lis2dh_i2c refused it, not deferred"
D17="od: the kernel log names drive-open-drain and -EINVAL"
D18="nosupply: deferred before any bus transfer (xfers 0)"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D1" "$D2" "$D3" "$D4" "$D5" "$D6" "$D7" "$D8" "$D9" \
		"$D10" "$D11" "$D12" "$D13" "$D14" "$D15" "$D16" "$D17" "$D18"
fi

of_setup
DBG=/sys/kernel/debug

# unbound CLIENT: no driver, no IIO device
unbound() {
	[ -d "$1" ] && [ ! -e "$1/driver" ] && ! of_iio "$1" >/dev/null
}

# deferred CLIENT: listed in devices_deferred
deferred() {
	grep -q "^${1##*/}" "$DBG/devices_deferred"
}

# refused_log CLIENT PROPERTY: the driver's probe error for CLIENT names
# PROPERTY and -EINVAL (dev_err_probe: "error -EINVAL: ...")
refused_log() {
	of_log "${1##*/}" | grep -F "$2" | grep -qE -- '-EINVAL|-22'
}

# polled_capture SIMDIR DEV: 400 scans at 100 Hz from the chip of SIMDIR
polled_capture() {
	_save_dbg=$SIM_DBG _save_dev=$DEV _save_cdev=$CDEV
	SIM_DBG=$1 DEV=$2 CDEV=/dev/${2##*/}
	enable_scan
	echo 100 >"$DEV/sampling_frequency"
	echo 16 >"$DEV/buffer/watermark"
	capture 100 400 -T 10
	_rc=$?
	diag "${1##*/}: $CAP_RES; chip FIFO lost $CAP_CHIP; $CAP_IRQS interrupts"
	cap_intact 400 || _rc=1
	SIM_DBG=$_save_dbg DEV=$_save_dev CDEV=$_save_cdev
	return $_rc
}

# low
C=$(of_client lis2dh_sim_low 19)
V=$(of_iio "$C")
t_eq "$D1" "lis2dh_i2c lis2dh12" "$(of_driver "$C") $(cat "$V/name" 2>/dev/null)"
t_eq "$D2" "1 level lis2dh12" "$(of_irqs lis2dh_sim_low)"
t_eq "$D3" 0x02 "$(printf '0x%02x' $(($(of_reg $DBG/lis2dh_sim_low 0x25) & 0x02)))"
t_eq "$D4" "0, -1, 0; 1, 0, 0; 0, 0, 1" "$(cat "$V/in_accel_mount_matrix" 2>/dev/null)"
t_run "$D5" polled_capture $DBG/lis2dh_sim_low "$V"

# nosupply
C=$(of_client lis2dh_sim_nosupply 18)
diag "devices_deferred: $(tr '\n' ';' <$DBG/devices_deferred)"
t_check "$D6" unbound "$C"
t_check "$D7" deferred "$C"

# int2
C=$(of_client lis2dh_sim_int2 18)
V=$(of_iio "$C")
diag "int2: irqs of lis2dh_sim_int2: $(of_irqs lis2dh_sim_int2 | tr '\n' ';')"
t_eq "$D8" "lis2dh_i2c lis3dh" "$(of_driver "$C") $(cat "$V/name" 2>/dev/null)"
t_eq "$D9" "2 edge lis3dh" "$(of_irqs lis2dh_sim_int2 | awk '$3 != "-"')"
t_check "$D10" sh -c "dmesg | grep '${C##*/}' | grep -q 'INT2 only'"
I0=$(cat $DBG/lis2dh_sim_int2/irqs)
polled_capture $DBG/lis2dh_sim_int2 "$V"
RC=$?
I1=$(cat $DBG/lis2dh_sim_int2/irqs)
if [ $RC = 0 ] && [ "$I1" = "$I0" ]; then
	t_ok "$D11"
else
	t_fail "$D11" "capture status $RC, interrupts raised $((I1 - I0))"
fi

# both
t_eq "$D12" "1 level lis3dh" "$(of_irqs lis2dh_sim_both | grep '^1 ')"
t_eq "$D13" 0x00 "$(printf '0x%02x' $(($(of_reg $DBG/lis2dh_sim_both 0x25) & 0x02)))"

# drdy2, od
# refused CLIENT: not bound to lis2dh_i2c, not deferred
refused() {
	[ -d "$1" ] && [ "$(of_driver "$1")" != lis2dh_i2c ] &&
		! grep -q "^${1##*/}" "$DBG/devices_deferred"
}
C=$(of_client lis2dh_sim_drdy2 18)
diag "drdy2: bound to $(of_driver "$C"); $(of_log "${C##*/}" | tail -n 4 | tr '\n' ';')"
t_check "$D14" refused "$C"
t_check "$D15" refused_log "$C" "st,drdy-int-pin"
C=$(of_client lis2dh_sim_od 18)
diag "od: bound to $(of_driver "$C"); $(of_log "${C##*/}" | tail -n 4 | tr '\n' ';')"
t_check "$D16" refused "$C"
t_check "$D17" refused_log "$C" "drive-open-drain"

# The supply is looked up before the chip is touched.
t_eq "$D18" 0 "$(cat $DBG/lis2dh_sim_nosupply/xfers)"
t_done
