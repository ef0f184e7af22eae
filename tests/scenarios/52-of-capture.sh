#!/bin/sh
# Device tree (arm64 lane): buffered capture from the chip the tree
# describes (node /lis2dh-sim/accelerometer@18, INT1 rising): through the
# FIFO at 1344 Hz without a lost sample, each scan's timestamp within the
# driver's bound; then the device going away under a reader blocked in
# read(): unbind and rebind, rmmod lis2dh_i2c, rmmod lis2dh_sim (its buses
# and their clients go, the tree's clients come back when it is loaded
# again). Skips on lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./of-lib.sh
t_plan 16

N=$(by_lane 10000 5000)
D1="$N scans at 1344 Hz normal: none lost, timestamps increasing, spacing within 2 %"
D2="1344 Hz: in order, none repeated, every stamp interval within the driver's bound, only chip-lost scans missing"
D3="unbind under capture: the blocked reader returns with ENODEV"
D4="unbind: IIO device gone, INT1 released, one user less on each supply"
D5="rebind: 200 scans at 100 Hz intact"
D6="rmmod lis2dh_i2c under capture: succeeds"
D7="rmmod lis2dh_i2c: the blocked reader returns with ENODEV"
D8="modprobe by modalias again: lis2dh_i2c takes the chip"
D9="rmmod lis2dh_sim under capture: succeeds"
D10="rmmod lis2dh_sim: the blocked reader returns with ENODEV"
D11="rmmod lis2dh_sim: its buses, clients and interrupts are gone"
D12="modprobe lis2dh_sim: the client is the tree's node again"
D13="modprobe lis2dh_sim: lis2dh_i2c takes it, the supplies' users as at the start"
D14="after the reload: 1000 scans at 1344 Hz intact"
D15="lis2dh_i2c and lis2dh unload after it all"
D16="the supplies end with one user less each than while bound"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D1" "$D2" "$D3" "$D4" "$D5" "$D6" "$D7" "$D8" "$D9" \
		"$D10" "$D11" "$D12" "$D13" "$D14" "$D15" "$D16"
fi

DRV=/sys/bus/i2c/drivers/lis2dh_i2c
of_setup
enable_scan
# num_users of the supplies while bound, and what unbound must leave
SUP_B=$(of_users lis2dh-vdd lis2dh-vddio)
SUP_U=$(echo "$SUP_B" | awk '{ print $1 - 1, $2 - 1 }')
diag "num_users of lis2dh-vdd, lis2dh-vddio while bound: $SUP_B"

long_capture() {
	echo normal >"$DEV/in_accel_power_mode"
	echo 1344 >"$DEV/sampling_frequency"
	echo 8 >"$DEV/buffer/watermark"
	capture 1344 "$1" -p 2
	_rc=$?
	diag "1344 Hz watermark 8 (FIFO level $(cat "$DEV/buffer/hwfifo_watermark")): $CAP_RES"
	diag "  chip FIFO lost $CAP_CHIP; per sample $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") transfers, $(per_sample "$CAP_IRQS" "$CAP_SAMPLES") interrupts"
	return $_rc
}
t_run "$D1" long_capture "$N"
t_check "$D2" cap_intact "$N"

# reader_failed: the reader of start_reader returns within 3 s, with ENODEV
reader_failed() {
	reader_returns && reader_enodev
}

# rebound: the tree's client bound to lis2dh_i2c with its IIO device; sets
# DEV and CDEV
rebound() {
	TIMEOUT=5 wait_for of_iio "$CLIENT" || return 1
	DEV=$(of_iio "$CLIENT")
	CDEV=/dev/${DEV##*/}
	[ "$(of_driver "$CLIENT")" = lis2dh_i2c ]
}

short_capture() {
	enable_scan
	echo "$1" >"$DEV/sampling_frequency"
	capture "$1" "$2" -T 10
	diag "$1 Hz: $CAP_RES; chip FIFO lost $CAP_CHIP"
	cap_intact "$2"
}

# unbind, rebind
start_reader
echo "$SIM_BUS-0018" >"$DRV/unbind"
t_run "$D3" reader_failed
t_eq "$D4" "none 1 edge - $SUP_U" \
	"$(of_iio "$CLIENT" || echo none) $(of_irqs lis2dh_sim) $(of_users lis2dh-vdd lis2dh-vddio)"
echo "$SIM_BUS-0018" >"$DRV/bind"
rebound
t_run "$D5" short_capture 100 200

# rmmod lis2dh_i2c
start_reader
rmmod lis2dh_i2c
t_eq "$D6" 0 "$?"
t_run "$D7" reader_failed
# as on a system where both went: udev loads both again, the policy's
# order first (with st_accel_i2c still registered it would take the chip)
rmmod st_accel_i2c 2>/dev/null
rmmod lis2dh 2>/dev/null
"$KMOD_MODPROBE" -q "$(cat "$CLIENT/modalias")"
t_run "$D8" rebound

# rmmod lis2dh_sim: the platform driver goes, with its adapters
start_reader
rmmod lis2dh_sim
t_eq "$D9" 0 "$?"
t_run "$D10" reader_failed
gone() {
	[ ! -e "$CLIENT" ] && ! of_bus lis2dh_sim >/dev/null &&
		[ -z "$(of_irqs lis2dh_sim)" ] && [ -z "$(of_irqs lis2dh_sim_low)" ] &&
		[ ! -d "$SIM_DBG" ]
}
t_check "$D11" gone
"$KMOD_MODPROBE" lis2dh_sim
SIM_BUS=$(of_bus lis2dh_sim)
CLIENT=/sys/bus/i2c/devices/$SIM_BUS-0018
TIMEOUT=5 wait_for test -e "$CLIENT"
t_eq "$D12" "/sys/firmware/devicetree/base/lis2dh-sim/accelerometer@18" \
	"$(readlink -f "$CLIENT/of_node")"
rebound
t_eq "$D13" "lis2dh_i2c $SUP_B" "$(of_driver "$CLIENT") $(of_users lis2dh-vdd lis2dh-vddio)"
t_run "$D14" short_capture 1344 1000

echo 0 >"$DEV/buffer/enable" 2>/dev/null
rmmod lis2dh_i2c st_accel_i2c 2>/dev/null
t_check "$D15" sh -c '! grep -q "^lis2dh_i2c " /proc/modules && rmmod lis2dh'
t_eq "$D16" "$SUP_U" "$(of_users lis2dh-vdd lis2dh-vddio)"
t_done
