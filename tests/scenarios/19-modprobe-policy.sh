#!/bin/sh
# Which driver takes the chip when both lis2dh_i2c and mainline st_accel_i2c
# are installed: the shipped modprobe policy (packaging/modprobe.d/
# lis2dh.conf, installed in the guest as /lib/modprobe.d/lis2dh.conf) makes
# lis2dh_i2c win every time. Modules are loaded here the way udev loads them
# on a real system: kmod's modprobe of the new device's modalias, which
# loads every module matching it. Then the way back to st_accel_i2c that
# the policy file documents.
. ./lib.sh
t_plan 13

KMOD_MODPROBE=/usr/libexec/kmod/modprobe
POLICY=/lib/modprobe.d/lis2dh.conf

loaded() {
	grep -q "^$1 " /proc/modules
}

unload_all() {
	rmmod lis2dh_sim lis2dh_i2c st_accel_i2c 2>/dev/null
	rmmod lis2dh st_accel 2>/dev/null
	return 0
}

# bound_driver: the driver of the simulated client, "none" when unbound.
bound_driver() {
	_c=/sys/bus/i2c/devices/$SIM_BUS-0018
	if [ -e "$_c/driver" ]; then
		basename "$(readlink "$_c/driver")"
	else
		echo none
	fi
}

# udev_load: what udev does for the simulated client: modprobe its modalias,
# then wait for a driver to bind.
udev_load() {
	"$KMOD_MODPROBE" "$(cat "/sys/bus/i2c/devices/$SIM_BUS-0018/modalias")"
	TIMEOUT=5 wait_for test -e "/sys/bus/i2c/devices/$SIM_BUS-0018/driver"
}

unload_all
t_check "the policy file is installed" test -f "$POLICY"
t_check "kmod's modprobe sees the softdep" \
	sh -c "'$KMOD_MODPROBE' -c | grep -qx 'softdep st_accel_i2c pre: lis2dh_i2c'"

# Both drivers claim lis3dh and sc7a20 by i2c id: the client appears with no
# driver loaded, as at boot, and udev loads what matches.
for chip in lis3dh sc7a20; do
	sim_load chip=$chip || t_fail "$chip: load the simulator"
	t_eq "$chip: the client appears unbound" none "$(bound_driver)"
	udev_load
	t_eq "$chip: udev's modprobe of i2c:$chip binds lis2dh_i2c" lis2dh_i2c "$(bound_driver)"
	t_check "$chip: st_accel_i2c was loaded too (both match)" loaded st_accel_i2c
	unload_all
done

# st_accel_i2c loaded first, by name, as for another ST sensor: lis2dh_i2c
# comes with it, and a chip that appears afterwards binds to it.
"$KMOD_MODPROBE" st_accel_i2c
t_check "modprobe st_accel_i2c loads lis2dh_i2c first" loaded lis2dh_i2c
sim_load chip=lis3dh || t_fail "lis3dh: load the simulator"
TIMEOUT=5 wait_for test -e "/sys/bus/i2c/devices/$SIM_BUS-0018/driver"
t_eq "a chip appearing after st_accel_i2c binds lis2dh_i2c" lis2dh_i2c "$(bound_driver)"

# The documented way back, without a reboot: unbind, bind to st_accel.
c=$SIM_BUS-0018
echo "$c" >/sys/bus/i2c/drivers/lis2dh_i2c/unbind
echo "$c" >/sys/bus/i2c/drivers/st-accel-i2c/bind
t_eq "unbind and bind moves the chip to st-accel-i2c" st-accel-i2c "$(bound_driver)"
unload_all

# The documented way back for good: a same-named file in /etc/modprobe.d
# blacklisting lis2dh_i2c replaces the policy.
mkdir -p /etc/modprobe.d
echo "blacklist lis2dh_i2c" >/etc/modprobe.d/lis2dh.conf
sim_load chip=lis3dh || t_fail "lis3dh: load the simulator"
udev_load
t_eq "with the override, udev's modprobe binds st-accel-i2c" st-accel-i2c "$(bound_driver)"
if loaded lis2dh_i2c; then
	t_fail "with the override, lis2dh_i2c is not loaded"
else
	t_ok "with the override, lis2dh_i2c is not loaded"
fi
rm -f /etc/modprobe.d/lis2dh.conf
unload_all
t_done
