#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/build-system-image.sh: build (once per machine) the Debian bookworm
# root file system of the system lane (tests/system/run) with mmdebstrap from
# the archive of /etc/apt/sources.list.d/debian.sources: systemd, udev, kmod,
# mosquitto, libiio, dkms with the headers and image of the stock kernel
# (scripts/kver.sh stock) and gcc/make, so that lis2dh-dkms builds its
# module in the image as on a user's system; the kernel's own initramfs
# (initramfs-tools) boots it. Our packages are not in it: tests/system/run
# installs them at each run into an overlay of this tree.
#
# Cached in /var/cache/lis2dh-vm/system-KVER-KEY/ (LIS2DH_CACHE), KEY a hash
# of this script (which holds the package list) and the kernel version;
# prints that directory: rootfs/ (the tree), boot/ (vmlinuz, initrd.img).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$("$top/scripts/kver.sh" stock)
log() { echo "build-system-image: $*" >&2; }

# What goes into the image. iiofwd's libraries are here so that installing
# the package at each run needs no download.
PKGS="systemd systemd-sysv udev kmod dbus procps
mosquitto mosquitto-clients libiio0 libiio-utils
libmosquitto1 libinih1 libmicrohttpd12 libsystemd0
dkms gcc make libc6-dev openssl
linux-image-$kver linux-headers-$kver initramfs-tools"

key=$( (echo "$kver"; cat "$0") | sha256sum | cut -c1-12)
cache=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/system-$kver-$key
if [ -f "$cache/done" ]; then
	echo "$cache"
	exit 0
fi
command -v mmdebstrap >/dev/null || { log "mmdebstrap missing (scripts/install-deps.sh)"; exit 2; }

exec 9>"${cache%/*}/system.lock" 2>/dev/null || { mkdir -p "${cache%/*}"; exec 9>"${cache%/*}/system.lock"; }
flock 9
if [ -f "$cache/done" ]; then
	echo "$cache"
	exit 0
fi
# An image for another kernel or package list is stale: drop it.
rm -rf "${cache%/*}"/system-*-*/
mkdir -p "$cache"
start=$(date +%s)
log "mmdebstrap bookworm into $cache/rootfs (once per machine)"
# The image's own settings, made by the hooks:
# - fstab: the virtio disk is the root; hosts: localhost (the broker's name
#   in the test's config)
# - initramfs-tools: MODULES=most (virtio_blk, ext4 from the image's kernel)
# - no apt timers, no man-db timer, no fstrim/e2scrub: a quiet test system
# shellcheck disable=SC2086
mmdebstrap --variant=apt --components=main \
	--include="$(echo $PKGS | tr ' ' ',')" \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
	--setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo "MODULES=most" >"$1/etc/initramfs-tools/conf.d/lis2dh-vm"' \
	--customize-hook='echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$1/etc/fstab"' \
	--customize-hook='echo lis2dh-vm >"$1/etc/hostname"; printf "127.0.0.1 localhost\n127.0.1.1 lis2dh-vm\n::1 localhost ip6-localhost ip6-loopback\n" >"$1/etc/hosts"' \
	--customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer man-db.timer fstrim.timer e2scrub_all.timer e2scrub_reap.service >/dev/null 2>&1 || true' \
	--customize-hook='chroot "$1" passwd -d root >/dev/null' \
	bookworm "$cache/rootfs" /etc/apt/sources.list.d/debian.sources >&2
mkdir -p "$cache/boot"
cp "$cache/rootfs/boot/vmlinuz-$kver" "$cache/rootfs/boot/initrd.img-$kver" "$cache/boot/"
echo "$kver" >"$cache/kver"
log "built in $(($(date +%s) - start)) s: $(du -sh "$cache/rootfs" | cut -f1)"
touch "$cache/done"
echo "$cache"
