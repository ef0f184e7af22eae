#!/bin/sh
# lis2dh: an adapter that limits a message's length (the simulator's
# max_xfer=N: struct i2c_adapter_quirks, as an SMBus-block or small-FIFO
# controller has, 32 bytes or fewer). regmap-i2c splits a longer read at
# that limit and each part starts again at the sub-address. A FIFO burst
# starts at OUT_X_L; the chip pops an entry when OUT_Z_H is read and the
# address rolls back to OUT_X_L: a part ending inside a sample would leave
# the entry unpopped, the next part would read its first bytes again and
# every sample after it would be shifted. The driver reads whole samples
# per message (at most the limit rounded down to 6 bytes), or, under 6
# bytes, each sample as a bulk read that regmap splits at advancing
# sub-addresses. At max_xfer 32, 16, 6 and 4 (5, 2, 1 and 2/3 samples per
# read): the adapter refuses a message one byte over the limit; a direct
# read; a FIFO capture at 1344 Hz (watermark 32) intact by the counter
# pattern; no transfer refused meanwhile.
. ./lib.sh
. ./lis2dh-lib.sh
LIMITS="32 16 6 4"
t_plan 16

N=$(by_lane 4000 2000)
modprobe i2c-dev

# refused L: i2c-dev reads L + 1 bytes from OUT_X_L (auto-increment): the
# I2C core refuses it before the bus (-EOPNOTSUPP), and serves L bytes.
refused() {
	if i2ctransfer -f -y "$SIM_BUS" w1@0x18 0xa8 "r$(($1 + 1))"; then
		echo "a read of $(($1 + 1)) bytes was served"
		return 1
	fi
	i2ctransfer -f -y "$SIM_BUS" w1@0x18 0xa8 "r$1" >/dev/null
}

# fifo_capture: N scans at 1344 Hz through the FIFO, intact
fifo_capture() {
	echo 1344 >"$DEV/sampling_frequency"
	echo 32 >"$DEV/buffer/watermark"
	capture 1344 "$N"
	_rc=$?
	diag "max_xfer=$L, 1344 Hz watermark 32 (FIFO level $(cat "$DEV/buffer/hwfifo_watermark")): $CAP_RES"
	diag "  chip FIFO lost $CAP_CHIP; per sample $(per_sample "$CAP_XFERS" "$CAP_SAMPLES") I2C messages, $(per_sample "$CAP_BYTES" "$CAP_SAMPLES") bytes"
	[ $_rc = 0 ] || return 1
	cap_intact "$N"
}

for L in $LIMITS; do
	D1="max_xfer=$L: the adapter refuses a $((L + 1))-byte read, serves $L bytes"
	D2="max_xfer=$L: lis2dh_i2c binds, in_accel_x_raw reads"
	D3="max_xfer=$L: $N scans at 1344 Hz through the FIFO: in order, none lost, repeated or corrupt"
	D4="max_xfer=$L: no transfer refused (bus_errors 0, no 'msg too long' logged)"
	TL0=$(dmesg | grep -c 'msg too long')
	if ! lis2dh_setup lis3dh chip=lis3dh "max_xfer=$L"; then
		t_fail "$D1"
		t_fail "$D2"
		t_fail "$D3"
		t_fail "$D4"
		lis2dh_teardown
		continue
	fi
	t_check "$D1" refused "$L"
	TL1=$(dmesg | grep -c 'msg too long')
	t_check "$D2" cat "$DEV/in_accel_x_raw"
	enable_scan
	t_run "$D3" fifo_capture
	t_eq "$D4" "0 $((TL1 - TL0))" \
		"$(cat "$DEV/buffer/bus_errors") $(($(dmesg | grep -c 'msg too long') - TL0))"
	lis2dh_teardown
done
t_done
