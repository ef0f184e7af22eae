#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# scripts/lint-driver.sh: static checks of our kernel code: the driver in
# driver/, the simulator in tests/sim/, the KUnit suites in tests/kunit/ and
# the detector self-check modules in tests/vm/detectors/.
#
#  1. checkpatch.pl --strict --no-tree -f on all of them: any ERROR,
#     WARNING or CHECK fails. checkpatch.pl, spelling.txt and
#     const_structs.checkpatch come from Debian's linux-source tarball and
#     are extracted into build/checkpatch/ the first time.
#  2. A W=1 C=1 (sparse) build of copies of driver/ and tests/sim/ against
#     KDIR (default: the Debian kernel the tests boot); any compiler or
#     sparse warning fails. (The KUnit module needs a kernel with KUnit,
#     and the detector modules misuse the kernel on purpose.)
#
# One exception, on purpose: lis2dh_compat.h exists to hold the kernel
# version checks, so checkpatch's LINUX_VERSION_CODE and CONSTANT_COMPARISON
# warnings (the version comparison itself) are ignored for
# that file only.
#
# Environment: KDIR, LINUX_SOURCE (tarball), CHECKPATCH (a checkpatch.pl to
# use instead of the extracted one).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

KDIR=${KDIR:-/lib/modules/$(scripts/kver.sh)/build}
LINUX_SOURCE=${LINUX_SOURCE:-$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)}
cpdir=$top/build/checkpatch
fail=0

# --- checkpatch -------------------------------------------------------------

if [ -z "${CHECKPATCH:-}" ]; then
	CHECKPATCH=$cpdir/scripts/checkpatch.pl
	if [ ! -x "$CHECKPATCH" ]; then
		if [ -z "$LINUX_SOURCE" ] || [ ! -f "$LINUX_SOURCE" ]; then
			echo "lint: no linux-source tarball (scripts/install-deps.sh)" >&2
			exit 2
		fi
		echo "lint: extracting checkpatch.pl from $LINUX_SOURCE"
		tmp=$cpdir.tmp
		rm -rf "$tmp"
		mkdir -p "$tmp"
		base=$(tar -tJf "$LINUX_SOURCE" | head -n 1 | cut -d/ -f1)
		tar -xJf "$LINUX_SOURCE" -C "$tmp" --strip-components=1 \
			"$base/scripts/checkpatch.pl" \
			"$base/scripts/spelling.txt" \
			"$base/scripts/const_structs.checkpatch"
		rm -rf "$cpdir"
		mv "$tmp" "$cpdir"
	fi
fi

for f in driver/*.c driver/*.h tests/sim/*.c tests/kunit/*.c tests/vm/detectors/*.c; do
	case $f in *.mod.c) continue ;; esac
	ignore=""
	[ "$(basename "$f")" = lis2dh_compat.h ] && ignore="--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON"
	# shellcheck disable=SC2086
	out=$(perl "$CHECKPATCH" --strict --no-tree --no-summary --terse \
		--show-types $ignore -f "$f" 2>&1) || true
	if [ -n "$out" ]; then
		echo "$out"
		fail=1
	fi
done
if [ $fail = 0 ]; then
	echo "lint: checkpatch --strict clean"
fi

# --- W=1 and sparse build ---------------------------------------------------

if ! command -v sparse >/dev/null 2>&1; then
	echo "lint: sparse not installed (scripts/install-deps.sh)" >&2
	exit 2
fi

# lint_build NAME DIR: W=1 C=1 build of a copy of DIR's sources
lint_build() {
	bdir=$top/build/lint/$1
	mkdir -p "$bdir"
	rm -f "$bdir"/*.c "$bdir"/*.h
	cp "$2"/*.c "$2"/Kbuild "$bdir/"
	rm -f "$bdir"/*.mod.c
	cp "$2"/*.h "$bdir/" 2>/dev/null || true
	# Rebuild everything so that every warning is seen on every run.
	make -s -C "$KDIR" M="$bdir" clean >/dev/null 2>&1 || true
	log=$top/build/lint/$1.log
	if ! make -C "$KDIR" M="$bdir" W=1 C=1 modules >"$log" 2>&1; then
		cat "$log"
		echo "lint: $1 build failed" >&2
		exit 1
	fi
	# Compiler and sparse diagnostics carry file:line:col: or "warning:".
	if grep -E '(warning|error):|: sparse:' "$log" | grep -v '^make' >"$log.warn"; then
		cat "$log.warn"
		echo "lint: $1: W=1/sparse build has warnings" >&2
		fail=1
	else
		echo "lint: $1: W=1 C=1 build clean"
	fi
}
lint_build driver driver
lint_build sim tests/sim

exit $fail
