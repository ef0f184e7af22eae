#!/bin/sh
# lis2dh: the interrupt's trigger type comes from firmware (here the
# simulator's irq_type) and the INT1 pin polarity follows it (CTRL_REG6
# INT_POLARITY for active-low types); FIFO and triggered capture work with
# edge and level interrupts of either polarity.
. ./lib.sh
. ./lis2dh-lib.sh
t_plan 12

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
t_done
