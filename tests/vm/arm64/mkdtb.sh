#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/arm64/mkdtb.sh OUTDIR [QEMU_OPTION...]: the device tree the arm64
# lane boots with (qemu-system-aarch64 -dtb), built in OUTDIR; prints its
# path on stdout and nothing else.
#
# QEMU_OPTIONs: the options of the boot that shape the tree, the same as the
# boot's: -M/-machine, -cpu, -m, -smp (default: -M virt -cpu cortex-a72
# -m 1024 -smp 1). -kernel, -initrd, -append and -dtb are dropped if given:
# QEMU writes /chosen (bootargs, initrd) into the -dtb tree at boot.
#
#  1. The base, as the board's firmware would give it: QEMU's own virt tree
#     (-machine dumpdtb=) with the same options, decompiled, plus
#     sim-nodes.dtsi (the simulated I2C buses, which are interrupt
#     controllers too, and fixed regulators), compiled with dtc -@.
#  2. The chip: lis3dh-sim-overlay.dts, whose chip nodes include
#     dts/lis3dh-node.dtsi, the node text of the Raspberry Pi overlay,
#     compiled with dtc -@ (no warning allowed but unit_address_vs_reg, as
#     for the Pi overlay) and applied to the base with fdtoverlay.
#
# The result is cached in OUTDIR by a hash of every input (QEMU's version
# and the options, the three source files, dtc's version, this script).
# Environment: QEMU (default qemu-system-aarch64).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)

if [ $# -lt 1 ]; then
	echo "usage: $0 OUTDIR [QEMU_OPTION...]" >&2
	exit 2
fi
out=$1
shift
qemu=${QEMU:-qemu-system-aarch64}

opts=()
while [ $# -gt 0 ]; do
	case $1 in
	-kernel | -initrd | -append | -dtb) shift 2 || shift ;;
	*) opts+=("$1"); shift ;;
	esac
done
[ ${#opts[@]} -gt 0 ] || opts=(-M virt -cpu cortex-a72 -m 1024 -smp 1)

node=$top/dts/lis3dh-node.dtsi
nodes=$here/sim-nodes.dtsi
overlay=$here/lis3dh-sim-overlay.dts
mkdir -p "$out"
key=$({
	"$qemu" --version | head -n 1
	printf '%s\n' "${opts[@]}"
	dtc --version
	cat "$node" "$nodes" "$overlay" "$0"
} | sha256sum | cut -c1-16)
dtb=$out/virt-lis3dh-$key.dtb
if [ -s "$dtb" ]; then
	echo "$dtb"
	exit 0
fi

work=$(mktemp -d "$out/mkdtb.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. the base
"$qemu" "${opts[@]}" -machine "dumpdtb=$work/virt.dtb" -display none \
	-serial none -monitor none >"$work/qemu.log" 2>&1 || {
	cat "$work/qemu.log" >&2
	echo "mkdtb: $qemu ${opts[*]} -machine dumpdtb= failed" >&2
	exit 1
}
dtc -q -I dtb -O dts -o "$work/virt.dts" "$work/virt.dtb"
{
	cat "$work/virt.dts"
	echo
	echo '/include/ "sim-nodes.dtsi"'
} >"$work/base.dts"
# QEMU's tree writes its clock and gpio phandles as numbers: dtc warns of
# those (clocks_property, gpios_property), not of anything added here.
dtc -@ -Wno-clocks_property -Wno-gpios_property -I dts -O dtb -i "$here" \
	-o "$work/base.dtb" "$work/base.dts"

# 2. the chip nodes
if ! dtc -@ -Wno-unit_address_vs_reg -I dts -O dtb -i "$top/dts" \
	-o "$work/overlay.dtbo" "$overlay" 2>"$work/dtc.log" ||
	[ -s "$work/dtc.log" ]; then
	cat "$work/dtc.log" >&2
	echo "mkdtb: $overlay: dtc -@ failed or warned" >&2
	exit 1
fi
fdtoverlay -i "$work/base.dtb" -o "$work/merged.dtb" "$work/overlay.dtbo"
fdtget "$work/merged.dtb" /lis2dh-sim/accelerometer@18 compatible >/dev/null

cp "$work/base.dtb" "$out/virt-base-$key.dtb"
cp "$work/overlay.dtbo" "$out/lis3dh-sim-overlay-$key.dtbo"
mv "$work/merged.dtb" "$dtb"
echo "$dtb"
