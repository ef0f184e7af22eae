#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The system lane's checks, inside the guest (tests/system/run): run by
# lis2dh-systest.service after boot, as root, TAP on ttyS0. The disk is
# booted twice:
#   boot 1: packages and DKMS; the chip appears and udev loads lis2dh_i2c by
#           the shipped modprobe policy; iiofwd@lis3dh.service starts on its
#           own as user iiofwd; samples reach mosquitto loss-free through
#           systemctl restart, a broker restart and unplug/replug; no
#           errors in the journal; then the broker is stopped, samples
#           spool, and the VM is reset (sysrq b), uncleanly.
#   boot 2: the spooled samples arrive; a wrong config fails the unit with
#           exit 2, the problem named in the journal, no restart loop.
# The simulator draws the counter pattern at 100 Hz (iiofwd's config from
# tests/system/run: rate 100, QoS 1, queue 256, spool-sync always).
. ./lib.sh
. ./iiofwd-lib.sh
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ST=/var/lib/lis2dh-systest
mkdir -p "$ST"
UNIT=iiofwd@lis3dh.service
SUBID=systest
mount | grep -q ' /sys/kernel/debug ' || mount -t debugfs debugfs /sys/kernel/debug

# Duplicates QoS 1 may bring: a batch whose PUBACK was lost (the broker or
# iiofwd restarted between the broker's receipt and the ack) is sent again.
# Allowed: at most 2 s of samples (200) per such event, and only of samples
# already counted (never a value outside the stream).
DUP_PER_EVENT=200

prop() { systemctl show -P "$1" "$UNIT"; }
main_pid() { prop MainPID; }
active() { [ "$(systemctl is-active "$UNIT")" = active ]; }
inactive() { ! systemctl is-active -q "$UNIT"; }

# sub_on FILE: the persistent QoS 1 subscriber of sys/+/accel into FILE
sub_on() {
	mosquitto_sub -h localhost -t 'sys/+/accel' -q 1 -c -i "$SUBID" -k 5 >>"$1" 2>>"$ST/sub.err" &
	SUB_PID=$!
	sleep 1
}

# unique FILE: the number of distinct counter values in FILE
unique() { counter_values "$1" "$BITS" | sort -un | wc -l; }
maxval() { counter_values "$1" "$BITS" | sort -n | tail -n 1; }
# wait_more FILE N SECONDS: until FILE holds N more distinct samples than now
wait_more() {
	_want=$(($(unique "$1") + $2))
	_end=$(($(uptime_s) + $3))
	while [ "$(unique "$1")" -lt $_want ]; do
		[ "$(uptime_s)" -ge $_end ] && return 1
		sleep 1
	done
}
# holes FILE [MIN [MAX]]: "LO HI" of each run of missing counter values
# between the smallest and the largest in FILE (within [MIN, MAX])
holes() {
	counter_values "$1" "$BITS" | sort -un |
		awk -v lo="${2:-0}" -v hi="${3:-99999999}" '$1 >= lo && $1 <= hi {
			if (n++ && $1 > p + 1) print p + 1, $1 - 1
			p = $1 }'
}
# dups FILE: samples in FILE beyond the first of each counter value
dups() { counter_values "$1" "$BITS" | awk '{ if (seen[$1]++) d++ } END { print d + 0 }'; }

dev_setup() {
	DEV=$(iio_dev lis3dh) && BITS=$(scan_bits)
}

# journal_errors: our units' messages at err or worse this boot (systemd's:
# a failed start), and iiofwd's and libiio's own error lines, which reach the
# journal at priority info: iiofwd writes no "<3>" level prefix on stderr.
# Not counted: libiio's complaint that it could not disable the buffer and
# channels of a device that is gone (ENOENT), which it prints when the
# service stops at an unplug (iiofwd closes the buffer after the device left).
journal_errors() {
	journalctl -b -q -u 'iiofwd@*' -p err --no-pager
	journalctl -b -q -u 'iiofwd@*' -o cat --no-pager | grep -E '^iiofwd\[[0-9.]+\] error: |^ERROR: ' |
		grep -vE '^ERROR: Error during (buffer|channel\[[0-9]+\]) disable: No such file or directory \(2\)$' || true
}

if [ ! -f "$ST/boot1" ]; then
	# ---------------------------------------------------------- boot 1
	touch "$ST/boot1"
	sync "$ST"
	t_plan 27
	KVER=$(uname -r)
	t_check "iiofwd and lis2dh-dkms are installed (dpkg)" sh -c \
		"dpkg-query -W -f='\${Status}\n' iiofwd lis2dh-dkms | grep -c 'install ok installed' | grep -qx 2"
	diag "$(dkms status lis2dh 2>/dev/null | tr "\n" " ")"
	t_check "DKMS built and installed lis2dh for $KVER" sh -c \
		"dkms status lis2dh -k $KVER | grep -q ': installed' && modinfo -n lis2dh_i2c | grep -q /updates/dkms/"
	t_check "user iiofwd exists and is in group iio" sh -c "id -nG iiofwd | grep -qw iio"
	t_check "the shipped modprobe policy is in effect" sh -c \
		"modprobe -c | grep -qx 'softdep st_accel_i2c pre: lis2dh_i2c'"
	t_check "no driver is loaded before the chip appears" sh -c \
		"! grep -qE '^(lis2dh_i2c|st_accel_i2c|lis2dh_sim) ' /proc/modules"

	: >"$ST/sub1.txt"
	sub_on "$ST/sub1.txt"
	modprobe lis2dh_sim chip=lis3dh
	SIM_BUS=$(sim_bus)
	TIMEOUT=30 wait_for test -e "/sys/bus/i2c/devices/$SIM_BUS-0018/driver"
	drv=$(basename "$(readlink "/sys/bus/i2c/devices/$SIM_BUS-0018/driver" 2>/dev/null)" 2>/dev/null)
	t_eq "udev loaded the driver and lis2dh_i2c took the chip (not st_accel_i2c)" lis2dh_i2c "$drv"
	diag "loaded: $(grep -oE '^(lis2dh_i2c|lis2dh|st_accel_i2c|st_accel) ' /proc/modules | tr '\n' ' ')"
	TIMEOUT=10 wait_for iio_dev lis3dh
	dev_setup
	node=/dev/${DEV##*/}
	TIMEOUT=10 wait_for sh -c "stat -c %G:%a $node | grep -qx iio:660"
	t_eq "udev gave $node to group iio, mode 0660" iio:660 "$(stat -c %G:%a "$node" 2>&1)"
	t_eq "the helper made buffer0/enable group iio writable" iio:664 "$(stat -c %G:%a "$DEV/buffer0/enable" 2>&1)"

	TIMEOUT=60 wait_for active
	t_check "$UNIT started on its own" active
	P1=$(main_pid)
	t_eq "it runs as the unprivileged user iiofwd" iiofwd "$(ps -o user= -p "$P1" 2>/dev/null || echo "no process ($P1)")"
	t_check "samples reach mosquitto (500 within 60 s)" wait_more "$ST/sub1.txt" 500 60
	diag "before the restart: $(counter_check "$ST/sub1.txt" "$BITS")"

	systemctl restart "$UNIT"
	TIMEOUT=30 wait_for active
	P2=$(main_pid)
	restarted() { [ "$P2" != "$P1" ] && [ "$P2" != 0 ] && wait_more "$ST/sub1.txt" 300 60; }
	t_check "systemctl restart: a new process ($P1 -> $P2) and samples flow again" restarted
	sleep 2
	U0=$(unique "$ST/sub1.txt")
	systemctl restart mosquitto
	t_check "samples flow after a broker restart" wait_more "$ST/sub1.txt" 500 60
	P3=$(main_pid)
	t_eq "iiofwd rode out the broker restart (same process)" "$P2" "$P3"

	# Unplug: the device goes, the service must stop (BindsTo), having
	# delivered what it read; the subscriber of the next plug writes
	# another file (the simulator's counter starts again from 0).
	rmmod lis2dh_sim
	TIMEOUT=20 wait_for inactive
	t_check "unplug (rmmod lis2dh_sim): the service stopped" inactive
	sleep 3
	kill "$SUB_PID"
	wait "$SUB_PID" 2>/dev/null
	diag "first plug: $(counter_check "$ST/sub1.txt" "$BITS"), duplicates $(dups "$ST/sub1.txt")"
	H1=$(holes "$ST/sub1.txt")
	diag "first plug: missing counter values (one run allowed, at the systemctl restart): ${H1:-none}"
	t_check "first plug: no loss but at the restart (one hole, under 5 s of samples)" sh -c \
		"[ \$(echo '$H1' | grep -c .) -le 1 ] && echo '$H1' | awk '\$2 - \$1 + 1 > 500 { exit 1 }'"
	# iiofwd's own count (stats = 1: a summary at each exit): the two
	# processes of this plug read what the subscriber got, none dropped
	RD=$(journalctl -b -q -u "$UNIT" -o cat --no-pager |
		sed -n 's/^iiofwd: device lis3dh: read \([0-9]*\) samples.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
	diag "iiofwd's exits: $(journalctl -b -q -u "$UNIT" -o cat --no-pager | grep '^iiofwd: \(device\|output\)' | tr '\n' ' ')"
	t_eq "first plug: the subscriber got every sample the two iiofwd processes read" "$RD" "$(unique "$ST/sub1.txt")"
	t_check "first plug: iiofwd dropped none (its exit summaries)" sh -c \
		"journalctl -b -q -u $UNIT -o cat --no-pager | grep '^iiofwd: output' | grep -c ', dropped 0 ' | grep -qx 2"
	D1=$(dups "$ST/sub1.txt")
	t_check "first plug: duplicates ($D1) within QoS 1's, $DUP_PER_EVENT per restart of iiofwd or the broker" \
		[ "$D1" -le $((2 * DUP_PER_EVENT)) ]

	: >"$ST/sub2.txt"
	sub_on "$ST/sub2.txt"
	modprobe lis2dh_sim chip=lis3dh
	TIMEOUT=60 wait_for active
	P4=$(main_pid)
	t_check "replug (modprobe lis2dh_sim): the service started again ($P4)" \
		sh -c "[ '$P4' != 0 ] && [ '$P4' != '$P3' ]"
	dev_setup
	t_check "samples flow after the replug" wait_more "$ST/sub2.txt" 500 60
	H2=$(holes "$ST/sub2.txt")
	t_eq "second plug: no counter value missing (${H2:-none})" "" "$H2"
	t_eq "second plug: no duplicates" 0 "$(dups "$ST/sub2.txt")"

	E=$(journal_errors)
	t_eq "the journal has no errors from iiofwd@*" "" "$E"
	SEC=$(systemd-analyze security --no-pager "$UNIT" 2>&1 | tail -n 1)
	diag "systemd-analyze security $UNIT: $SEC"
	t_check "systemd-analyze security: exposure 2.0 or less" sh -c \
		"echo '$SEC' | awk '{ for (i = 1; i <= NF; i++) if (\$i ~ /^[0-9.]+\$/) { exit (\$i > 2.0) } exit 1 }'"

	# The previous boot's samples are told apart from the next boot's by
	# value (the counter starts again at each load): let this plug's
	# counter pass 9000 (90 s), more than the next boot's reaches in the
	# time it checks.
	TIMEOUT=150 wait_for sh -c "[ \$(cat $SIM_DBG/samples) -ge 9000 ]"
	# The broker goes down; what iiofwd cannot send overflows its queue
	# (256 samples) into the spool, every record forced to disk. Then an
	# unclean reset: no unmount, no sync.
	systemctl stop mosquitto
	sleep 2
	kill "$SUB_PID" 2>/dev/null
	ND=$(maxval "$ST/sub2.txt")
	sleep 20
	SP=/var/lib/iiofwd/lis3dh
	diag "spool: $(find "$SP" -type f -printf '%P %s\n' 2>/dev/null | tr '\n' ' ')"
	t_check "with the broker down, samples go to the spool in $SP" sh -c \
		"find $SP -type f -size +0 | grep -q ."
	SC=$(cat "$SIM_DBG/samples")
	t_check "the service still runs with the broker down" active
	diag "unclean reset: last sample received $ND, the chip at $SC"
	echo "ND=$ND SC=$SC" >"$ST/crash"
	sync "$ST/crash" "$ST/sub2.txt" "$ST"
	echo "SYSTEST-END boot 1"
	echo "SYSTEST-RESET"
	sleep 1
	echo b >/proc/sysrq-trigger
	sleep 60
	exit 1
fi

# -------------------------------------------------------------- boot 2
t_plan 10
. "$ST/crash"
t_check "the broker is back after the reset" systemctl is-active -q mosquitto
: >"$ST/sub3.txt"
sub_on "$ST/sub3.txt"
modprobe lis2dh_sim chip=lis3dh
TIMEOUT=60 wait_for active
t_check "$UNIT started on its own at the replug after the reset" active
dev_setup
# Old samples (the previous boot's, counter above ND) and new ones (this
# plug's counter, from 0) are told apart by value: this boot's stay far
# below ND within the minute this takes. iiofwd names the records its spool
# kept from the previous run (K): all of them must arrive, in one run from
# ND + 1. (What the reset lost: the samples in memory, the queue's 256, the
# spool's block not yet written (at most 1 s) and what iiofwd had not read
# yet.)
TIMEOUT=30 wait_for sh -c "journalctl -b -q -u $UNIT -o cat --no-pager | grep -q 'samples from a previous run'"
K=$(journalctl -b -q -u "$UNIT" -o cat --no-pager |
	sed -n 's/.*spool .*: \([0-9]*\) samples from a previous run.*/\1/p' | head -n 1)
diag "iiofwd: ${K:-no} samples in the spool from the previous run"
old_count() { counter_values "$ST/sub3.txt" "$BITS" | awk -v nd="$ND" '$1 > nd' | sort -un | wc -l; }
_end=$(($(uptime_s) + 60))
while [ "$(old_count)" -lt "${K:-1}" ] && [ "$(uptime_s)" -lt $_end ]; do sleep 1; done
OLD=$(old_count)
OH=$(holes "$ST/sub3.txt" $((ND + 1)))
OMIN=$(counter_values "$ST/sub3.txt" "$BITS" | awk -v nd="$ND" '$1 > nd' | sort -n 2>/dev/null | head -n 1)
diag "after the reset: $OLD samples of the previous boot arrived (from ${OMIN:-none}); the chip made $((SC - ND)) after the last one received before the broker stopped; $((SC - ND - OLD)) were in memory or unread at the reset"
t_check "the spool kept samples through the reset (${K:-none} records, at least 500: 5 s of the 20 s down)" \
	[ "${K:-0}" -ge 500 ]
t_eq "all of them arrived after the reset" "${K:-none}" "$OLD"
t_eq "they start at the first sample not received before" "$((ND + 1))" "${OMIN:-none}"
t_eq "no hole among them" "" "$OH"
new_count() { counter_values "$ST/sub3.txt" "$BITS" | awk -v nd="$ND" '$1 <= nd' | sort -un | wc -l; }
_end=$(($(uptime_s) + 30))
while [ "$(new_count)" -lt 300 ] && [ "$(uptime_s)" -lt $_end ]; do sleep 1; done
t_check "this boot's samples flow too ($(new_count))" [ "$(new_count)" -ge 300 ]

E=$(journal_errors)
t_eq "the journal has no errors from iiofwd@* (boot 2)" "" "$E"

# A wrong config: the unit fails, exit status 2, the problem named in the
# journal, no restart (RestartPreventExitStatus=2).
cp /etc/iiofwd/lis3dh.conf "$ST/good.conf"
printf '[iiofwd]\nrate = 100\ncolour = blue\noutput = mqtt://localhost/sys\n' >/etc/iiofwd/lis3dh.conf
systemctl restart "$UNIT"
sleep 8
R="$(prop Result) $(prop ExecMainStatus) $(prop NRestarts) $(systemctl is-active "$UNIT")"
t_eq "a wrong config: the unit failed with exit status 2 and was not restarted" "exit-code 2 0 failed" "$R"
J=$(journalctl -b -q -u "$UNIT" --no-pager -n 20 -o cat)
diag "journal: $(echo "$J" | grep -i colour | head -n 2)"
t_check "the journal names the problem (the unknown key colour)" sh -c "echo '$J' | grep -qi colour"
cp "$ST/good.conf" /etc/iiofwd/lis3dh.conf
echo "SYSTEST-END boot 2"
systemctl poweroff --no-block
