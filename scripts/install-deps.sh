#!/bin/sh
# Install every package the build and the tests need, from Debian's archive.
# Idempotent: when everything is present it only runs dpkg-query and exits.
#
# arm64 and armhf are added as foreign architectures, for their kernel
# headers and images and the arm64 guest's userspace, which
# scripts/cross-kdir.sh, scripts/arm64-sysroot.sh and tests/vm/run unpack
# from their .debs (apt-get download) when they first need them: nothing of
# those architectures is installed.
set -eu

FOREIGN_ARCHS="arm64 armhf"

PKGS="build-essential make gcc git kmod cpio gzip xz-utils bc
linux-image-amd64 linux-headers-amd64
linux-image-rt-amd64 linux-headers-rt-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64
qemu-system-x86 busybox-static
gnuplot-nox
libiio-dev libiio-utils libiio0
libcmocka-dev mosquitto mosquitto-clients libmosquitto-dev
sparse i2c-tools pkg-config rsync cpio
linux-source-6.1 python3 perl
libinih-dev libmicrohttpd-dev libsystemd-dev
clang libclang-rt-14-dev
flex bison libelf-dev libssl-dev dwarves
openssl
device-tree-compiler dt-schema
debhelper dh-dkms dkms lintian dpkg-dev man-db systemd
mmdebstrap e2fsprogs
gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
gcc-arm-linux-gnueabihf qemu-system-arm
linux-kbuild-6.1 linux-source-6.12"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

new_archs=""
for a in $FOREIGN_ARCHS; do
	if ! dpkg --print-foreign-architectures | grep -qx "$a"; then
		dpkg --add-architecture "$a"
		new_archs="$new_archs $a"
	fi
done

if [ -n "$missing" ] || [ -n "$new_archs" ]; then
	[ -z "$new_archs" ] || echo "install-deps: added the foreign architecture(s)$new_archs"
	[ -z "$missing" ] || echo "install-deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get update -qq; then
		# apt keeps none of a suite's new indexes when one of them fails to
		# download (a mirror serving a truncated armhf index has been seen):
		# fetch them without armhf, whose lists only the armhf cross lint
		# uses, then once more with every architecture, which keeps those.
		echo "install-deps: apt-get update failed; again without armhf's indexes" >&2
		apt-get update -qq -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 ||
			echo "install-deps: apt-get update (amd64, arm64) failed too" >&2
		apt-get update -qq || echo "install-deps: some armhf indexes are missing: the armhf cross lint may fail" >&2
	fi
	# shellcheck disable=SC2086
	[ -z "$missing" ] || apt-get install -y -qq --no-install-recommends $missing
fi

# Each linux-image-*amd64 metapackage and its headers are of one version: the
# harness boots that image and builds our modules against those headers.
for flavour in stock rt 6.12; do
	kver=$(VM_KERNEL=$flavour "$(dirname "$0")/kver.sh")
	if [ ! -f "/boot/vmlinuz-$kver" ] || [ ! -f "/lib/modules/$kver/build/Makefile" ]; then
		echo "install-deps: $flavour kernel $kver: image or headers missing" >&2
		exit 1
	fi
	echo "install-deps: $flavour kernel $kver"
done
