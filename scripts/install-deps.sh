#!/bin/sh
# Install every package the build and the tests need, from Debian's archive.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -eu

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
debhelper dh-dkms dkms lintian dpkg-dev man-db systemd"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
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
