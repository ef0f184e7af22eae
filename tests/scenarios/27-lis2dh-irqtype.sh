#!/bin/sh
# lis2dh: the interrupt's trigger type comes from firmware (here the
# simulator's irq_type) and the INT1 pin polarity follows it (CTRL_REG6
# INT_POLARITY for active-low types); FIFO and triggered capture work with
# edge and level interrupts of either polarity.
#
# Then the case that needs the driver's re-drain (lis2dh_fifo_may_be_above):
# an edge interrupt, a bus slow enough that more than the level arrives
# during a drain (100 kHz, 1344 Hz, watermark 2: a drain of two samples
# and FIFO_SRC take about two sample periods), so WTM stays high through
# the drain and no new edge comes. Without the re-drain the capture waits
# for the watchdog and the FIFO overflows. (The bus time is a sleep, so the
# debug kernel's slower code does not change the ratio; 5376 Hz on a
# 400 kHz bus would, and lost samples there on the debug lane.)
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 14

for type in rising falling high low; do
	case $type in
	falling | low) pol=0x02 ;;
	*) pol=0x00 ;;
	esac
	if ! lis2dh_setup lis3dh chip=lis3dh irq_type=$type; then
		t_fail "$type: lis2dh_i2c binds"
		lis2dh_teardown
		continue
	fi
	t_eq "$type: INT1 polarity (CTRL_REG6)" "$pol" "$(sim_reg 0x25)"
	enable_scan
	echo 400 >"$DEV/sampling_frequency"
	echo 16 >"$DEV/buffer/watermark"
	capture 400 2000 -T 5
	diag "$type FIFO: $CAP_RES; chip FIFO lost $CAP_CHIP; $(per_sample "$CAP_IRQS" "$CAP_SAMPLES") interrupts per sample"
	t_check "$type: FIFO capture, 2000 scans in order, only chip-lost ones ($CAP_CHIP) missing" \
		cap_intact 2000
	echo "lis3dh-dev${DEV##*iio:device}" >"$DEV/trigger/current_trigger"
	echo 100 >"$DEV/sampling_frequency"
	capture 100 300 -T 5
	diag "$type triggered: $CAP_RES"
	t_check "$type: triggered capture, 300 scans in order, none repeated" \
		sh -c "echo '$CAP_RES' | grep -q 'scans=300 .*repeated=0 reordered=0 ts_not_increasing=0'"
	echo "" >"$DEV/trigger/current_trigger"
	lis2dh_teardown
done

if lis2dh_setup lis3dh chip=lis3dh irq_type=rising bus_khz=100; then
	enable_scan
	echo 1344 >"$DEV/sampling_frequency"
	echo 2 >"$DEV/buffer/watermark"
	capture 1344 3000 -T 5
	diag "slow bus, edge, 1344 Hz, watermark 2: $CAP_RES; chip FIFO lost $CAP_CHIP; $(per_sample "$CAP_IRQS" "$CAP_SAMPLES") interrupts and $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") messages per sample"
	t_check "slow bus, edge: 3000 scans in order, only chip-lost ones missing" \
		cap_intact 3000
	t_eq "slow bus, edge: the chip's FIFO lost no sample" 0 "$CAP_CHIP"
else
	t_fail "slow bus: lis2dh_i2c binds"
	t_fail "slow bus: capture"
fi
lis2dh_teardown
t_done
