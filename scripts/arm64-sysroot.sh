#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/arm64-sysroot.sh: print the directory of the arm64 userspace the
# arm64 test VM packs (tests/vm/run, VM_KERNEL=arm64) and iiofwd is
# cross-built against: Debian's arm64 packages of busybox-static, libiio's
# tools, i2c-tools, kmod, mosquitto and its clients, the -dev packages iiofwd
# links with (userspace/Makefile's PKGS), and every shared library they
# need, unpacked with scripts/deb-unpack.sh into
# /var/cache/lis2dh-vm/arm64-sysroot (LIS2DH_CACHE overrides the root).
#
# The libraries are found by closure: every NEEDED entry of the unpacked
# programs and libraries (aarch64-linux-gnu-readelf) that the sysroot lacks
# is looked up among the host's installed amd64 files (dpkg -S) and the
# arm64 build of the same package is added, until nothing is missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sysroot=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/arm64-sysroot
triplet=aarch64-linux-gnu

log() { echo "arm64-sysroot: $*" >&2; }

PKGS="libc6 busybox-static
libiio-utils libiio0 i2c-tools libi2c0 kmod
mosquitto mosquitto-clients libmosquitto1
libiio-dev libmosquitto-dev libinih-dev libinih1 libinireader0
libmicrohttpd-dev libmicrohttpd12 libsystemd-dev libsystemd0
libgnutls28-dev nettle-dev libtasn1-6-dev libidn2-dev libp11-kit-dev"

stamp=$sysroot/.done-$(echo "$PKGS" | sha256sum | cut -c1-12)
if [ -f "$stamp" ]; then
	echo "$sysroot"
	exit 0
fi
command -v $triplet-readelf >/dev/null || { log "$triplet-readelf missing (scripts/install-deps.sh: binutils-aarch64-linux-gnu)"; exit 1; }

specs=()
for p in $PKGS; do specs+=("$p:arm64"); done
"$top/scripts/deb-unpack.sh" "$sysroot" "${specs[@]}"

libdirs="lib/$triplet usr/lib/$triplet lib usr/lib"
have_lib() {
	local d
	for d in $libdirs; do
		[ -e "$sysroot/$d/$1" ] && return 0
	done
	return 1
}

declare -A tried=()
while :; do
	missing=()
	while IFS= read -r so; do
		have_lib "$so" || missing+=("$so")
	done < <(find "$sysroot"/{bin,sbin,usr/bin,usr/sbin,lib,usr/lib} -type f \
		\( -perm -u+x -o -name '*.so*' \) -not -path '*/gconv/*' -print0 2>/dev/null |
		xargs -0 -r $triplet-readelf -d 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
	[ ${#missing[@]} = 0 ] && break
	new=()
	for so in "${missing[@]}"; do
		pkg=$(dpkg -S "x86_64-linux-gnu/$so" 2>/dev/null | head -n 1 | cut -d: -f1) || true
		if [ -z "$pkg" ]; then
			log "no installed amd64 package has $so: add its package to PKGS in $0"
			exit 1
		fi
		case "${tried[$pkg]:-}" in
		"done")
			log "$pkg:arm64 is unpacked but $so is still missing"
			exit 1
			;;
		new) ;;
		*)
			tried[$pkg]=new
			new+=("$pkg:arm64")
			;;
		esac
	done
	for p in "${new[@]}"; do
		tried[${p%:arm64}]="done"
	done
	log "adding for their libraries: ${new[*]}"
	"$top/scripts/deb-unpack.sh" "$sysroot" "${new[@]}"
done
rm -f "$sysroot"/.done-*
touch "$stamp"
echo "$sysroot"
