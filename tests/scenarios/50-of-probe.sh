#!/bin/sh
# Device tree (arm64 lane): the chip as a board describes it. The client
# comes from the tree's node (the text of dts/lis3dh-node.dtsi, as on the
# Raspberry Pi), its modalias is of:, udev-style loading of that modalias
# loads both lis2dh_i2c and mainline st_accel_i2c and lis2dh_i2c takes the
# chip (packaging/modprobe.d/lis2dh.conf); its interrupt and trigger type
# come from the tree and the driver sets the pin's polarity from it; its
# mount matrix; its supplies (fixed regulators) enabled while bound and
# released on unbind. Skips on lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./of-lib.sh
t_plan 14

NODE=/lis2dh-sim/accelerometer@18
D_SIM="lis2dh_sim bound to the tree's lis2dh-sim node, its adapter on that node"
D_NODE="the client is the tree's $NODE"
D_COMPAT="its compatible from dts/lis3dh-node.dtsi: st,lis3dh-accel"
D_ALIAS="its modalias is of:NaccelerometerT...Cst,lis3dh-accel"
D_BOTH="loading by modalias loaded lis2dh_i2c and st_accel_i2c"
D_BOUND="lis2dh_i2c took the chip"
D_IIO="IIO device lis3dh under the client"
D_IRQ="INT1 (pin 1) of lis2dh_sim requested by the driver, edge (rising in the tree), INT2 unmapped"
D_POL="CTRL_REG6: INT pins active high (rising)"
D_MM="in_accel_mount_matrix from the tree (dts/lis3dh-node.dtsi: identity)"
D_SUP="vdd-supply and vddio-supply enabled by the driver: each has one user more bound than unbound"
D_UNB="unbind: no driver, no IIO device"
D_REB="rebind: bound again, the supplies' users as before"
D_RAW="after the rebind the chip runs and reads (in_accel_x_raw at 10 Hz)"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D_SIM" "$D_NODE" "$D_COMPAT" "$D_ALIAS" "$D_BOTH" "$D_BOUND" \
		"$D_IIO" "$D_IRQ" "$D_POL" "$D_MM" "$D_SUP" "$D_UNB" "$D_REB" "$D_RAW"
fi

of_setup
diag "modules: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
ADAP=/sys/bus/i2c/devices/i2c-${SIM_BUS:-none}
t_check "$D_SIM" sh -c "[ -n '$SIM_BUS' ] &&
	[ \"\$(readlink -f '$ADAP/of_node')\" = /sys/firmware/devicetree/base/lis2dh-sim ] &&
	[ \"\$(basename \"\$(readlink /sys/bus/platform/devices/lis2dh-sim/driver)\")\" = lis2dh_sim ]"
t_eq "$D_NODE" "/sys/firmware/devicetree/base$NODE" "$(readlink -f "$CLIENT/of_node")"
t_eq "$D_COMPAT" "st,lis3dh-accel" "$(tr -d '\0' <"$CLIENT/of_node/compatible" 2>/dev/null)"
ALIAS=$(cat "$CLIENT/modalias" 2>/dev/null)
case $ALIAS in
of:NaccelerometerT*Cst,lis3dh-accel) t_ok "$D_ALIAS ($ALIAS)" ;;
*) t_fail "$D_ALIAS" "modalias '$ALIAS'" ;;
esac
t_check "$D_BOTH" sh -c 'grep -q "^lis2dh_i2c " /proc/modules && grep -q "^st_accel_i2c " /proc/modules'
t_eq "$D_BOUND" lis2dh_i2c "$(of_driver "$CLIENT")"
t_eq "$D_IIO" lis3dh "$(cat "$DEV/name" 2>/dev/null)"
t_eq "$D_IRQ" "1 edge lis3dh" "$(of_irqs lis2dh_sim)"
t_eq "$D_POL" 0x00 "$(printf '0x%02x' $(($(sim_reg 0x25) & 0x02)))"
t_eq "$D_MM" "1, 0, 0; 0, 1, 0; 0, 0, 1" "$(cat "$DEV/in_accel_mount_matrix" 2>/dev/null)"
diag "regulators: $(for r in /sys/class/regulator/regulator.*; do
	printf '%s(%s users %s) ' "$(cat "$r/name")" "$(cat "$r/state" 2>/dev/null)" "$(cat "$r/num_users")"; done)"
B=$(of_users lis2dh-vdd lis2dh-vddio)
echo "$SIM_BUS-0018" >/sys/bus/i2c/drivers/lis2dh_i2c/unbind
U=$(of_users lis2dh-vdd lis2dh-vddio)
diag "num_users of lis2dh-vdd, lis2dh-vddio: bound $B, unbound $U"
diag "$(sed -n '/lis2dh-vdd/,$p' /sys/kernel/debug/regulator/regulator_summary 2>/dev/null | head -n 8 | tr '\n' ';')"
t_eq "$D_SUP" "$B" "$(echo "$U" | awk '{ print $1 + 1, $2 + 1 }')"
t_eq "$D_UNB" "none none" "$(of_driver "$CLIENT") $(of_iio "$CLIENT" || echo none)"
echo "$SIM_BUS-0018" >/sys/bus/i2c/drivers/lis2dh_i2c/bind
TIMEOUT=5 wait_for of_iio "$CLIENT"
DEV=$(of_iio "$CLIENT")
t_eq "$D_REB" "lis2dh_i2c $B" "$(of_driver "$CLIENT") $(of_users lis2dh-vdd lis2dh-vddio)"
# one sample at 10 Hz; the counter pattern puts n in the top byte of x
echo 10 >"$DEV/sampling_frequency" 2>/dev/null
sleep 0.3
X=$(cat "$DEV/in_accel_x_raw" 2>/dev/null)
S=$(cnt samples)
diag "x raw $X, samples made $S"
if [ -n "$X" ] && [ "$S" -gt 0 ]; then
	t_ok "$D_RAW"
else
	t_fail "$D_RAW" "x raw '$X', samples '$S'"
fi
t_done
