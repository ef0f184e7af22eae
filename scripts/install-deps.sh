#!/bin/sh
# Install every package the build and the tests need, from Debian's archive.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -eu

PKGS="build-essential make gcc git kmod cpio gzip xz-utils bc
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static
libiio-dev libiio-utils libiio0
libcmocka-dev mosquitto mosquitto-clients libmosquitto-dev
sparse i2c-tools pkg-config rsync cpio
linux-source-6.1 python3 perl
libinih-dev libmicrohttpd-dev libsystemd-dev
clang libclang-rt-14-dev"

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

# linux-image-amd64 and linux-headers-amd64 are metapackages of one version:
# the harness boots that image and builds against those headers.
kver=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed -n 's/.*linux-image-\([^ ,]*\).*/\1/p')
if [ ! -f "/boot/vmlinuz-$kver" ] || [ ! -d "/usr/src/linux-headers-$kver" ]; then
	echo "install-deps: kernel $kver image or headers missing" >&2
	exit 1
fi
echo "install-deps: ok (kernel $kver)"
