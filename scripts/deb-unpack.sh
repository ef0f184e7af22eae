#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/deb-unpack.sh DEST PKG[:ARCH][=VERSION]...
#
# Download Debian packages with `apt-get download` (no dependency
# resolution, nothing installed) and unpack each with `dpkg-deb -x` into
# DEST. Used for foreign-architecture kernel headers and images and for the
# arm64 guest's userspace: installing those through apt would pull native
# toolchains and libraries of the other architecture.
#
# Idempotent: DEST/.unpacked lists the .deb files already unpacked there; a
# package whose file is listed is neither downloaded nor unpacked again. The
# downloads are kept in DEST/.debs. Concurrent callers on the same DEST are
# serialised by DEST/.lock.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 DEST PKG[:ARCH][=VERSION]..." >&2
	exit 2
fi
dest=$1
shift
mkdir -p "$dest/.debs"
touch "$dest/.unpacked"
exec 8>"$dest/.lock"
flock 8

log() { echo "deb-unpack: $*" >&2; }

# The file name apt would give a package: NAME_VERSION_ARCH.deb, with the
# epoch's colon written %3a.
deb_name() {
	local spec=$1 name arch ver
	name=${spec%%=*}
	ver=${spec#*=}
	[ "$ver" != "$spec" ] || ver=""
	arch=""
	case "$name" in *:*) arch=${name#*:} name=${name%%:*} ;; esac
	if [ -z "$ver" ]; then
		ver=$(apt-cache policy "$name${arch:+:$arch}" | sed -n 's/^ *Candidate: //p')
		if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
			log "no candidate for $name${arch:+:$arch} in the apt lists (scripts/install-deps.sh runs apt-get update for the foreign architectures)"
			return 1
		fi
	fi
	if [ -z "$arch" ]; then
		arch=$(apt-cache show "$name=$ver" | sed -n 's/^Architecture: //p' | head -n 1)
	else
		# Architecture: all packages are found under any architecture.
		a=$(apt-cache show "$name:$arch=$ver" | sed -n 's/^Architecture: //p' | head -n 1)
		[ -z "$a" ] || arch=$a
	fi
	echo "${name}_${ver/:/%3a}_${arch}.deb|$name${arch:+:$arch}=$ver"
}

todo=()
for spec in "$@"; do
	entry=$(deb_name "$spec") || exit 1
	file=${entry%%|*}
	grep -qxF "$file" "$dest/.unpacked" && continue
	todo+=("$entry")
done
[ ${#todo[@]} = 0 ] && exit 0

dl=$(mktemp -d "$dest/.debs/dl.XXXXXX")
# apt drops its privileges to _apt for downloads
chown _apt "$dl" 2>/dev/null || true
want=()
for entry in "${todo[@]}"; do
	[ -f "$dest/.debs/${entry%%|*}" ] || want+=("${entry#*|}")
done
if [ ${#want[@]} != 0 ]; then
	log "downloading ${want[*]}"
	if ! (cd "$dl" && apt-get download -q "${want[@]}" >"$dl/log" 2>&1); then
		cat "$dl/log" >&2
		rm -rf "$dl"
		log "apt-get download failed"
		exit 1
	fi
	for f in "$dl"/*.deb; do
		mv "$f" "$dest/.debs/"
	done
fi
rm -rf "$dl"
for entry in "${todo[@]}"; do
	file=${entry%%|*}
	if [ ! -f "$dest/.debs/$file" ]; then
		log "expected $file after the download; got: $(ls "$dest/.debs")"
		exit 1
	fi
	dpkg-deb -x "$dest/.debs/$file" "$dest"
	echo "$file" >>"$dest/.unpacked"
done
