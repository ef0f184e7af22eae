#!/bin/sh
# packaging/deb.sh (make deb): build the lis2dh-dkms and iiofwd packages
# with debhelper from a copy of the tree under build/deb/src (dpkg-buildpackage
# writes its output to the parent of the tree it builds) and leave the .deb,
# .buildinfo and .changes files in build/deb/. LINTIAN=1: run lintian on
# them and fail on errors.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/deb
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src=$out/src/lis2dh-$version

rm -rf "$out"
mkdir -p "$src"
# the tree as it is (tracked and new files, not what .gitignore ignores)
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z -c -o --exclude-standard |
		(cd "$top" && xargs -0 sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] && printf "%s\0" "$f"; done' sh) |
		rsync -a --from0 --files-from=- "$top/" "$src/"
else
	rsync -a --exclude=/build --exclude='*.o' --exclude='*.ko' --exclude=/userspace/build \
		--exclude=/userspace/iiofwd "$top/" "$src/"
fi

(cd "$src" && dpkg-buildpackage -us -uc -j"$(nproc)" >"$out/build.log" 2>&1) || {
	tail -n 40 "$out/build.log" >&2
	echo "deb: dpkg-buildpackage failed; log in $out/build.log" >&2
	exit 1
}
mv "$out"/src/lis2dh_* "$out"/src/*.deb "$out/"
rm -rf "$out/src"
ls -1 "$out"/*.deb

if [ "${LINTIAN:-0}" = 1 ]; then
	lintian --fail-on error --info "$out"/*.changes
fi
