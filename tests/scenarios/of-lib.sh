# SPDX-License-Identifier: GPL-2.0
# Helpers for the device-tree scenarios (50-59, the arm64 lane); source
# after lib.sh and lis2dh-lib.sh.
#
# There the chips are described by the device tree that
# tests/vm/arm64/mkdtb.sh builds: the simulator's buses (nodes lis2dh-sim,
# lis2dh-sim-low, ...; lis2dh_sim's device-tree mode) and the chip nodes of
# tests/vm/arm64/lis3dh-sim-overlay.dts, whose text is dts/lis3dh-node.dtsi,
# the Raspberry Pi overlay's. The guest has no udev: of_coldplug loads
# modules for the devices the tree made as udev would (kmod's modprobe of
# each unbound device's modalias, which loads every module matching it, the
# shipped modprobe.d policy applying).

KMOD_MODPROBE=/usr/libexec/kmod/modprobe
[ -x "$KMOD_MODPROBE" ] || KMOD_MODPROBE=modprobe

# OF_SKIP: why these scenarios cannot run here, empty when they can.
OF_SKIP=""
if [ ! -d /proc/device-tree ]; then
	OF_SKIP="no device tree on this lane (x86: the simulator makes its chip from module parameters; the arm64 lane runs this)"
elif [ ! -d /proc/device-tree/lis2dh-sim ]; then
	OF_SKIP="the device tree has no lis2dh-sim node (not booted with tests/vm/arm64/mkdtb.sh's tree)"
fi

# of_skip_all DESC...: one skip, with OF_SKIP as the reason, per check
# the script would have made (their descriptions, as many as its plan).
of_skip_all() {
	for _d in "$@"; do
		t_skip "$_d" "$OF_SKIP"
	done
	t_done
}

# of_coldplug: modprobe the modalias of every device without a driver, as
# udev does for the devices the kernel announces, until nothing more binds.
of_coldplug() {
	for _pass in 1 2 3; do
		for _m in /sys/bus/platform/devices/*/modalias /sys/bus/i2c/devices/*/modalias; do
			[ -f "$_m" ] || continue
			[ -e "${_m%/modalias}/driver" ] && continue
			"$KMOD_MODPROBE" -q "$(cat "$_m")" 2>/dev/null
		done
		sleep 0.5
	done
}

# of_bus NAME: the number of the I2C bus whose adapter is NAME (lis2dh_sim
# names each after its node: lis2dh-sim is lis2dh_sim).
of_bus() {
	for _a in /sys/bus/i2c/devices/i2c-*; do
		[ -f "$_a/name" ] || continue
		if [ "$(cat "$_a/name")" = "$1" ]; then
			echo "${_a##*/i2c-}"
			return 0
		fi
	done
	return 1
}

# of_client NAME ADDR: the sysfs directory of the client at ADDR (18, 19)
# on the bus NAME.
of_client() {
	_b=$(of_bus "$1") || return 1
	echo "/sys/bus/i2c/devices/$_b-00$2"
}

# of_iio CLIENT: the IIO device directory under the I2C client CLIENT.
of_iio() {
	for _d in "$1"/iio:device*; do
		[ -d "$_d" ] || return 1
		echo "/sys/bus/iio/devices/${_d##*/}"
		return 0
	done
	return 1
}

# of_driver CLIENT: the name of the driver bound to CLIENT, "none" if none.
of_driver() {
	if [ -e "$1/driver" ]; then
		basename "$(readlink "$1/driver")"
	else
		echo none
	fi
}

# of_irqs CHIP: "hwirq type actions" of each interrupt of the irq chip CHIP
# (lis2dh_sim names each instance's chip after its node), one a line,
# ordered by hwirq; actions "-" when none is requested.
of_irqs() {
	for _i in /sys/kernel/irq/*; do
		[ "$(cat "$_i/chip_name" 2>/dev/null)" = "$1" ] || continue
		_act=$(cat "$_i/actions")
		echo "$(cat "$_i/hwirq") $(cat "$_i/type") ${_act:--}"
	done | sort -n
}

# of_reg SIMDIR ADDR: a register of the chip whose debugfs folder is SIMDIR.
of_reg() {
	sed -n "s/^$2: //p" "$1/regs"
}

# of_regulator NAME: the /sys/class/regulator directory of regulator NAME.
of_regulator() {
	for _r in /sys/class/regulator/regulator.*; do
		if [ "$(cat "$_r/name" 2>/dev/null)" = "$1" ]; then
			echo "$_r"
			return 0
		fi
	done
	return 1
}

# of_users NAME...: num_users of each regulator NAME, space separated.
of_users() {
	_u=""
	for _n in "$@"; do
		_r=$(of_regulator "$_n") || { _u="$_u none"; continue; }
		_u="$_u $(cat "$_r/num_users")"
	done
	echo "${_u# }"
}

# of_setup: the modules for the tree's devices (regulators, the simulator,
# then the chips' drivers), and for the board's chip (node
# /lis2dh-sim/accelerometer@18) SIM_BUS, CLIENT, DEV, CDEV. Fails if the
# chip's IIO device does not appear.
of_setup() {
	of_coldplug
	SIM_BUS=$(of_bus lis2dh_sim) || return 1
	CLIENT=/sys/bus/i2c/devices/$SIM_BUS-0018
	TIMEOUT=5 wait_for of_iio "$CLIENT" || return 1
	DEV=$(of_iio "$CLIENT")
	CDEV=/dev/${DEV##*/}
	export SIM_BUS CLIENT DEV CDEV
}

# of_log PATTERN: the kernel log's lines matching PATTERN (grep -E).
of_log() {
	dmesg | grep -E "$1"
}
