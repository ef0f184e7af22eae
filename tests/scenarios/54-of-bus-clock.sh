#!/bin/sh
# Device tree (arm64 lane): the bus clock from the I2C binding's
# clock-frequency. The tree's node lis2dh-sim-clk (tests/vm/arm64/
# sim-nodes.dtsi) has clock-frequency = <400000> and no chip node (the
# simulator's lis3dh at 0x18 answers, no driver binds): each transfer made
# through i2c-dev takes its wire time at 400 kHz, and the simulator's bus_ns
# grows by it, per sim_wire_bits() in tests/sim/lis2dh_sim.c: START, STOP,
# a repeated START per message after the first, 9 bits per address byte and
# per payload byte, one SCL period of 2.5 us each. The board's bus
# lis2dh-sim has no clock-frequency: its transfers take no time. Skips on
# lanes without a device tree.
. ./lib.sh
. ./lis2dh-lib.sh
. ./of-lib.sh
t_plan 4

D1="clk: lis2dh_sim serves the tree's lis2dh-sim-clk node (adapter lis2dh_sim_clk)"
D2="clk: a register read (sub-address, repeated START, 6 bytes: 84 bits) adds 210000 ns at 400 kHz"
D3="clk: WHO_AM_I (sub-address, 1 byte: 39 bits) adds 97500 ns; a lone sub-address write (20 bits) 50000 ns"
D4="lis2dh-sim (no clock-frequency): bus_ns 0 after the driver's transfers"

if [ -n "$OF_SKIP" ]; then
	of_skip_all "$D1" "$D2" "$D3" "$D4"
fi

of_setup
modprobe i2c-dev
CLK=/sys/kernel/debug/lis2dh_sim_clk
BUS=$(of_bus lis2dh_sim_clk)
t_check "$D1" test -n "$BUS" -a -f "$CLK/bus_ns"

# wire_ns I2CTRANSFER_ARGS...: the growth of bus_ns and xfers (messages)
# over one i2ctransfer on the 400 kHz bus, "NS/MESSAGES"
wire_ns() {
	_n0=$(cat "$CLK/bus_ns")
	_x0=$(cat "$CLK/xfers")
	i2ctransfer -y "$BUS" "$@" >/dev/null || echo "i2ctransfer $* failed" >&2
	echo "$(($(cat "$CLK/bus_ns") - _n0))/$(($(cat "$CLK/xfers") - _x0))"
}
t_eq "$D2" "210000/2" "$(wire_ns w1@0x18 0xa8 r6)"
t_eq "$D3" "97500/2 50000/1" "$(wire_ns w1@0x18 0x0f r1) $(wire_ns w1@0x18 0x0f)"

# the board's chip: probed and read by lis2dh_i2c, on a bus without a clock
cat "$DEV/in_accel_x_raw" >/dev/null
t_eq "$D4" "0 yes" \
	"$(cnt bus_ns) $([ "$(cnt xfers)" -gt 0 ] && echo yes || echo no)"
t_done
