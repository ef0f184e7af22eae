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

# Each package's candidate (or the VERSION asked for), from one apt-cache
# call: "FILE|SPEC" lines, FILE the name apt-get download gives the .deb
# (NAME_VERSION_ARCH.deb, an epoch's colon written %3a), SPEC what to ask
# it for.
if ! records=$(apt-cache show --no-all-versions "$@" 2>"$dest/.apt-cache.err"); then
	cat "$dest/.apt-cache.err" >&2
	log "some of $* are not in the apt lists (scripts/install-deps.sh runs apt-get update for the foreign architectures)"
	exit 1
fi
entries=$(echo "$records" | awk '
	/^Package: / { p = $2 }
	/^Version: / { v = $2 }
	/^Architecture: / { a = $2 }
	/^$/ { if (p != "") { f = v; gsub(":", "%3a", f); print p "_" f "_" a ".deb|" p ":" a "=" v }; p = "" }
	END { if (p != "") { f = v; gsub(":", "%3a", f); print p "_" f "_" a ".deb|" p ":" a "=" v } }')
if [ "$(echo "$entries" | grep -c .)" != $# ]; then
	log "apt-cache show found $(echo "$entries" | grep -c .) packages for the $# asked for: $*"
	exit 1
fi

rm -f "$dest/.apt-cache.err"
todo=()
while IFS= read -r entry; do
	grep -qxF "${entry%%|*}" "$dest/.unpacked" || todo+=("$entry")
done <<<"$entries"
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
