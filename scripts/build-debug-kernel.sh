#!/bin/bash
# Build (once per machine) the debug kernel for VM_KERNEL=debug from Debian's
# linux-source-6.1, tinyconfig plus tests/vm/debug.config. The build is cached
# outside the checkout, keyed by the source version and the config fragment;
# the script prints the cache directory (build/ is the KDIR, mods/ the
# installed modules).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
frag=$top/tests/vm/debug.config
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { echo "build-debug-kernel: $tarball missing (scripts/install-deps.sh)" >&2; exit 2; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$frag") | sha256sum | cut -c1-12)
cache=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/debug-$srcver-$key
if [ -f "$cache/done" ]; then
	echo "$cache"
	exit 0
fi

log() { echo "build-debug-kernel: $*" >&2; }
# A build for another source version or fragment is stale: drop it.
rm -rf "${cache%/*}"/debug-*
mkdir -p "$cache/build"
log "extracting $tarball"
tar -xf "$tarball" -C "$cache"
src=$cache/linux-source-6.1
mk() { make -s -C "$src" O="$cache/build" LOCALVERSION=-lis2dh-debug "$@"; }

log "configuring (tinyconfig + $(basename "$frag"))"
mk tinyconfig >/dev/null
KCONFIG_CONFIG=$cache/build/.config "$src/scripts/kconfig/merge_config.sh" \
	-m -O "$cache/build" "$cache/build/.config" "$frag" >/dev/null
mk olddefconfig >/dev/null
# Every option of the fragment must have survived the dependency resolution.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" "$cache/build/.config" && { log "$opt is set"; bad=1; } ;;
	CONFIG_*) grep -qx "$line" "$cache/build/.config" || { log "not in .config: $line"; bad=1; } ;;
	esac
done <"$frag"
[ $bad = 0 ] || exit 1

log "building bzImage and modules (takes about 10 minutes on 2 cores)"
mk -j"$(nproc)" bzImage modules
mk INSTALL_MOD_PATH="$cache/mods" modules_install >/dev/null
# Keep what external module builds need; drop the source objects' bulk.
touch "$cache/done"
echo "$cache"
