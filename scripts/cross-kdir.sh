#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/cross-kdir.sh ARCH VERSION: print the KDIR of Debian's kernel
# headers for ARCH (arm64, or armhf: the -armmp flavour) and VERSION (6.1 or
# 6.12), unpacked once per machine from their .debs into
# /var/cache/lis2dh-vm/cross/ (LIS2DH_CACHE overrides the cache root).
#
#   scripts/cross-kdir.sh --vars ARCH VERSION
# prints instead the make variables for a module build against it:
#   KDIR=... ARCH=... CROSS_COMPILE=... KVER=... DEBVER=...
# (KVER: the kernel release, DEBVER: the Debian version of its packages,
# e.g. for the matching linux-image-KVER:ARCH=DEBVER)
#
# The headers are of the version the metapackage (linux-headers-arm64,
# linux-headers-6.12-arm64, linux-headers-armmp, ...) depends on, so that an
# image of the same version boots what is built against them. Their
# scripts/ and tools/ are symbolic links to /usr/lib/linux-kbuild-X, the
# host's (amd64) kbuild package, which scripts/install-deps.sh installs with
# the amd64 headers of the same series; the arch package's Makefile includes
# the -common package's by its absolute path under /usr/src, rewritten here
# to the cached copy.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

vars=0
if [ "${1:-}" = --vars ]; then
	vars=1
	shift
fi
if [ $# != 2 ]; then
	echo "usage: $0 [--vars] arm64|armhf 6.1|6.12" >&2
	exit 2
fi
arch=$1
series=$2
case "$arch" in
arm64) flavour=arm64 karch=arm64 cross=aarch64-linux-gnu- ;;
armhf) flavour=armmp karch=arm cross=arm-linux-gnueabihf- ;;
*) echo "cross-kdir: unknown architecture '$arch' (arm64, armhf)" >&2; exit 2 ;;
esac
case "$series" in
6.1) meta=linux-headers-$flavour ;;
6.12) meta=linux-headers-6.12-$flavour ;;
*) echo "cross-kdir: unknown kernel series '$series' (6.1, 6.12)" >&2; exit 2 ;;
esac

log() { echo "cross-kdir: $*" >&2; }

# The headers package the metapackage's candidate depends on.
cand=$(apt-cache policy "$meta:$arch" 2>/dev/null | sed -n 's/^ *Candidate: //p')
if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
	log "$meta:$arch is not in the apt lists: is $arch a foreign architecture and did apt-get update fetch its lists? (scripts/install-deps.sh)"
	exit 1
fi
pkg=$(apt-cache show "$meta:$arch=$cand" | sed -n 's/^Depends: .*\(linux-headers-[^ ,]*-'"$flavour"'\) .*/\1/p' | head -n 1)
kver=${pkg#linux-headers-}
[ -n "$kver" ] || { log "cannot tell which headers $meta:$arch $cand depends on"; exit 1; }

cache=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/cross/$arch-$kver
kdir=$cache/usr/src/linux-headers-$kver
if [ ! -f "$cache/done" ]; then
	deps=$(apt-cache show "$pkg:$arch=$cand" | sed -n 's/^Depends: //p' | head -n 1)
	common=$(echo "$deps" | tr ',' '\n' | sed -n 's/^ *\(linux-headers-[^ ]*-common\) .*/\1/p')
	kbuild=$(echo "$deps" | tr ',' '\n' | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p')
	[ -n "$common" ] && [ -n "$kbuild" ] || { log "cannot read $pkg's dependencies: $deps"; exit 1; }
	if [ ! -d "/usr/lib/$kbuild/scripts" ]; then
		log "/usr/lib/$kbuild missing: install the host's $kbuild (scripts/install-deps.sh)"
		exit 1
	fi
	"$top/scripts/deb-unpack.sh" "$cache" "$pkg:$arch=$cand" "$common=$cand"
	# scripts and tools are ../../lib/linux-kbuild-X/...: point that at the
	# host's kbuild package
	mkdir -p "$cache/usr/lib"
	ln -sfn "/usr/lib/$kbuild" "$cache/usr/lib/$kbuild"
	sed -i "s|^include /usr/src/|include $cache/usr/src/|" "$kdir/Makefile"
	for l in scripts tools; do
		[ -e "$kdir/$l/." ] || { log "$kdir/$l does not resolve ($(readlink "$kdir/$l"))"; exit 1; }
	done
	[ -f "$cache/usr/src/$common/Makefile" ] || { log "$common has no Makefile"; exit 1; }
	touch "$cache/done"
fi
command -v "${cross}gcc" >/dev/null || { log "${cross}gcc missing (scripts/install-deps.sh)"; exit 1; }

if [ $vars = 1 ]; then
	echo "KDIR=$kdir ARCH=$karch CROSS_COMPILE=$cross KVER=$kver DEBVER=$cand"
else
	echo "$kdir"
fi
