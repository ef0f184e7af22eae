#!/bin/bash
# --list and --trigger against libiio's local backend reading a fake
# /sys/bus/iio/devices (a tmpfs over /sys/bus in a private mount
# namespace): a buffered accelerometer with a label, rates and a trigger
# slot, a device without a buffer, a trigger. Needs root (unshare -m,
# mount); skipped otherwise.
. "$(dirname "$0")/ns.sh"
in_namespaces "-m" "$@"
. "$(dirname "$0")/lib.sh"

mount -t tmpfs iiofwd-fake-sysfs /sys/bus || { fail "mount a tmpfs over /sys/bus"; finish; exit; }
r=/sys/bus/iio/devices
d=$r/iio:device0
mkdir -p "$d/scan_elements" "$d/buffer" "$d/trigger" "$r/trigger0" "$r/trigger1" "$r/iio:device1"
echo lis3dh >"$d/name"
echo accel-front >"$d/label"
echo 100.000000 >"$d/sampling_frequency"
echo "1 10 25 50 100 200 400 1344" >"$d/sampling_frequency_available"
echo 0.009576 >"$d/in_accel_scale"
i=0
for a in x y z; do
	echo 12 >"$d/in_accel_${a}_raw"
	echo 0 >"$d/scan_elements/in_accel_${a}_en"
	echo $i >"$d/scan_elements/in_accel_${a}_index"
	echo 'le:s12/16>>4' >"$d/scan_elements/in_accel_${a}_type"
	i=$((i + 1))
done
echo 0 >"$d/scan_elements/in_timestamp_en"
echo 3 >"$d/scan_elements/in_timestamp_index"
echo 'le:s64/64>>0' >"$d/scan_elements/in_timestamp_type"
echo 0 >"$d/buffer/enable"
echo 256 >"$d/buffer/length"
echo 1 >"$d/buffer/watermark"
echo >"$d/trigger/current_trigger"
echo lis3dh-dev0 >"$r/trigger0/name"
echo hrtimer-1 >"$r/trigger1/name"
echo ads1015 >"$r/iio:device1/name"
echo 5 >"$r/iio:device1/in_voltage0_raw"

"$IIOFWD" --list >"$T/list.txt" 2>"$T/list.err"
check "--list: exit 0" [ $? -eq 0 ]
cat "$T/list.txt" | sed 's/^/# /'
check "--list: the device, its label and buffer" \
	grep -qx "iio:device0: lis3dh (label accel-front), buffered" "$T/list.txt"
check "--list: its sampling rate and the rates available" \
	bash -c "grep -qx '  sampling_frequency: 100.000000 Hz' '$T/list.txt' &&
		grep -qx '  sampling_frequency_available: 1 10 25 50 100 200 400 1344' '$T/list.txt'"
check "--list: its scan elements with index, type and scale" \
	bash -c "grep -qE '^    accel_y +index 1, le:s12/16>>4, scale 0.009576$' '$T/list.txt' &&
		grep -qE '^    timestamp +index 3, le:s64/64>>0$' '$T/list.txt'"
check "--list: its current trigger (none)" grep -qx "  current trigger: none" "$T/list.txt"
check "--list: a device without a buffer, its channels" \
	bash -c "grep -qx 'iio:device1: ads1015, no buffer' '$T/list.txt' &&
		grep -qx '  other channels: voltage0' '$T/list.txt'"
check "--list: the triggers" \
	grep -qx "triggers: trigger0 (lis3dh-dev0), trigger1 (hrtimer-1)" "$T/list.txt"

"$IIOFWD" -d lis3dh --trigger nope -n 1 2>"$T/nope.log"
check "--trigger of no trigger: exit 2 listing the triggers" \
	bash -c "[ $? -eq 2 ] && grep -q \"no IIO trigger 'nope' (triggers: trigger0 (lis3dh-dev0), trigger1 (hrtimer-1))\" '$T/nope.log'"
# (libiio writes the name with its NUL, which sysfs ignores)
# no /dev/iio:device0 here: the buffer cannot be created, after the trigger is set
"$IIOFWD" -d accel-front --trigger hrtimer-1 -n 1 2>"$T/trig.log"
check "--trigger NAME: written to trigger/current_trigger before the buffer is made" \
	bash -c "[ \"\$(tr -d '\\0\\n' <'$d/trigger/current_trigger')\" = hrtimer-1 ] && grep -q 'cannot create buffer' '$T/trig.log'"
"$IIOFWD" --list | grep -qx "  current trigger: hrtimer-1"
check "--list: shows the current trigger" [ $? -eq 0 ]
"$IIOFWD" -d lis3dh --trigger trigger0 -n 1 2>/dev/null
check "--trigger by id (trigger0)" [ "$(tr -d '\0\n' <"$d/trigger/current_trigger")" = lis3dh-dev0 ]

"$IIOFWD" --list -u nosuch:x >/dev/null 2>"$T/ctx.log"
check "--list on a context that does not open: exit 2 naming it" \
	bash -c "[ $? -eq 2 ] && grep -q 'nosuch:x' '$T/ctx.log'"
"$IIOFWD" --list -u ip:127.0.0.1:1 >/dev/null 2>"$T/ip.log"
check "ip:HOST:PORT kept whole (libiio cut the port off iiofwd's copy, for reopens)" \
	grep -q "'ip:127.0.0.1:1'" "$T/ip.log"
"$IIOFWD" --trigger t -u replay:/x 2>"$T/rep.log"
check "--trigger with replay: exit 2" bash -c "[ $? -eq 2 ] && grep -q -- '--trigger' '$T/rep.log'"
umount /sys/bus
finish
