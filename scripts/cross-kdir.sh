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

croot=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/cross
cache=$croot/$arch-$kver

# arm_modpost COMMON OUT: build into OUT the modpost of 32-bit arm modules.
# Debian's amd64 kbuild has one modpost per ELF class and byte order, but
# all four know the device-id table layouts of x86_64 (file2alias's
# devicetable-offsets.h): on 32-bit arm, struct of_device_id is 196 bytes,
# not 200, and modpost rejects every module with an OF table. This one is
# built from the same series' sources (linux-source-SERIES: scripts/mod)
# with the offsets and ELF header of arm objects, computed by the cross
# compiler against the unpacked headers, as kbuild does for a native build.
arm_modpost() {
	local common=$1 out=$2 tarball b f srcs
	tarball=/usr/src/linux-source-$series.tar.xz
	if [ ! -f "$tarball" ]; then
		"$top/scripts/deb-unpack.sh" "$croot/linux-source-$series" "linux-source-$series"
		tarball=$(ls "$croot/linux-source-$series"/usr/src/linux-source-*.tar.xz | head -n 1)
	fi
	b=$(mktemp -d "$croot/modpost.XXXXXX")
	log "building modpost for 32-bit arm from $tarball"
	# scripts/include: the headers modpost shares with other host programs
	# since 6.10
	tar -xJf "$tarball" -C "$b" --strip-components=1 --wildcards \
		'*/scripts/mod/*' '*/scripts/include/*' 2>/dev/null ||
		tar -xJf "$tarball" -C "$b" --strip-components=1 --wildcards '*/scripts/mod/*'
	ln -s "$common/include" "$b/include"
	# devicetable-offsets.s, compiled as kbuild compiles any object of an
	# external module for the target
	mkdir -p "$b/offsets"
	cp "$b/scripts/mod/devicetable-offsets.c" "$b/scripts/mod/empty.c" "$b/offsets/"
	echo 'obj-m := empty.o' >"$b/offsets/Kbuild"
	make -s -C "$kdir" M="$b/offsets" ARCH=$karch CROSS_COMPILE=$cross \
		devicetable-offsets.s empty.o >"$b/offsets.log" 2>&1 || {
		cat "$b/offsets.log" >&2
		log "cannot compile devicetable-offsets.c for arm"
		exit 1
	}
	# "->NAME $VALUE COMMENT" lines of the assembler output, as #defines
	{
		echo "#ifndef __DEVICETABLE_OFFSETS_H__"
		echo "#define __DEVICETABLE_OFFSETS_H__"
		sed -ne 's:[[:space:]]*\.ascii[[:space:]]*"\(.*\)":\1:; /^->/{s:->#\(.*\):/* \1 */:; s:^->\([^ ]*\) [$#]*\([^ ]*\) \(.*\):#define \1 \2 /* \3 */:; s:->::; p;}' \
			"$b/offsets/devicetable-offsets.s"
		echo "#endif"
	} >"$b/scripts/mod/devicetable-offsets.h"
	gcc -O2 -o "$b/mk_elfconfig" "$b/scripts/mod/mk_elfconfig.c"
	"$b/mk_elfconfig" <"$b/offsets/empty.o" >"$b/scripts/mod/elfconfig.h"
	grep -q 'ELFCLASS32' "$b/scripts/mod/elfconfig.h" || { log "mk_elfconfig: not a 32-bit object"; exit 1; }
	srcs=()
	for f in modpost.c file2alias.c sumversion.c symsearch.c; do
		[ ! -f "$b/scripts/mod/$f" ] || srcs+=("$f")
	done
	(cd "$b/scripts/mod" && gcc -O2 -I../include -o "$out" "${srcs[@]}" 2>"$b/gcc.log") || {
		cat "$b/gcc.log" >&2
		log "cannot build modpost"
		exit 1
	}
	rm -rf "$b"
}
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
	sed -i "s|^include /usr/src/|include $cache/usr/src/|" "$kdir/Makefile"
	# scripts and tools are ../../lib/linux-kbuild-X/...: point that at the
	# host's kbuild package
	mkdir -p "$cache/usr/lib"
	rm -rf "$cache/usr/lib/$kbuild"
	if [ "$arch" = armhf ]; then
		# its own copy, with a modpost for 32-bit arm (see arm_modpost)
		cp -a "/usr/lib/$kbuild" "$cache/usr/lib/$kbuild"
		arm_modpost "$cache/usr/src/$common" "$cache/usr/lib/$kbuild/scripts/mod/modpost.real-lsb-32"
	else
		ln -sfn "/usr/lib/$kbuild" "$cache/usr/lib/$kbuild"
	fi
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
