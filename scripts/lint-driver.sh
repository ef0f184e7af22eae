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
#  2. A W=1 C=1 (sparse) build of copies of driver/ and tests/sim/ for each
#     target of LINT_TARGETS (ARCH:SERIES): Debian's amd64 6.1 (the stock
#     kernel the tests boot) and 6.12 headers, installed, and its arm64 and
#     armhf (-armmp) 6.1 and 6.12 headers (armhf 6.12 only when apt lists
#     it: see below), unpacked by
#     scripts/cross-kdir.sh and built with the cross compilers. Any compiler
#     or sparse warning fails, and so does a target whose headers cannot be
#     had. (The KUnit module needs a kernel with KUnit, and the detector
#     modules misuse the kernel on purpose.)
#
# One exception, on purpose: lis2dh_compat.h exists to hold the kernel
# version checks, so checkpatch's LINUX_VERSION_CODE and CONSTANT_COMPARISON
# warnings (the version comparison itself) are ignored for
# that file only.
#
# Environment: LINT_TARGETS (default: amd64:6.1 amd64:6.12 arm64:6.1
# arm64:6.12 armhf:6.1 armhf:6.12), KDIR (build against this native tree
# only, instead of LINT_TARGETS), LINUX_SOURCE (tarball), CHECKPATCH (a
# checkpatch.pl to use instead of the extracted one).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ -z "${LINT_TARGETS:-}" ]; then
	LINT_TARGETS="amd64:6.1 amd64:6.12 arm64:6.1 arm64:6.12 armhf:6.1"
	# Debian ships 6.12 in bookworm-security, whose armhf index the archive
	# mirror of these machines has served truncated ("File has unexpected
	# size" in apt-get update, which install-deps.sh works around for the
	# other architectures): armhf 6.12 is built when apt lists its headers,
	# and said not to be otherwise.
	if apt-cache search --names-only '^linux-headers-6\.12.*-armmp$' | grep -q .; then
		LINT_TARGETS="$LINT_TARGETS armhf:6.12"
	else
		echo "lint: armhf:6.12 NOT BUILT: apt lists no linux-headers-6.12.*-armmp (bookworm-security's armhf index did not download; apt-get update says why)"
	fi
fi
# checkpatch of 6.1: linux-source-6.12 is installed too (its modpost
# sources are for the armhf 6.12 build), and its checkpatch knows more
# const structs
LINUX_SOURCE=${LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
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

# lint_build TARGET NAME DIR KDIR [MAKE_ARG...]: W=1 C=1 build of a copy of
# DIR's sources against KDIR
lint_build() {
	target=$1 name=$2 dir=$3 kdir=$4
	shift 4
	bdir=$top/build/lint/$(echo "$target" | tr : -)/$name
	mkdir -p "$bdir"
	rm -f "$bdir"/*.c "$bdir"/*.h
	cp "$dir"/*.c "$dir"/Kbuild "$bdir/"
	rm -f "$bdir"/*.mod.c
	cp "$dir"/*.h "$bdir/" 2>/dev/null || true
	# Rebuild everything so that every warning is seen on every run.
	make -s -C "$kdir" M="$bdir" "$@" clean >/dev/null 2>&1 || true
	log=$bdir.log
	if ! make -C "$kdir" M="$bdir" "$@" W=1 C=1 modules >"$log" 2>&1; then
		cat "$log"
		echo "lint: $target: $name build failed" >&2
		fail=1
		return
	fi
	# Compiler and sparse diagnostics carry file:line:col: or "warning:".
	if grep -E '(warning|error):|: sparse:' "$log" | grep -v '^make' >"$log.warn"; then
		cat "$log.warn"
		echo "lint: $target: $name: W=1/sparse build has warnings" >&2
		fail=1
	else
		echo "lint: $target: $name: W=1 C=1 build clean"
	fi
}

# lint_target TARGET KDIR [MAKE_ARG...]
lint_target() {
	t=$1
	shift
	lint_build "$t" driver driver "$@"
	lint_build "$t" sim tests/sim "$@"
}

if [ -n "${KDIR:-}" ]; then
	LINT_TARGETS=kdir
fi
for t in $LINT_TARGETS; do
	case $t in
	kdir) lint_target kdir "$KDIR" ;;
	amd64:*)
		kver=$(scripts/kver.sh "$(echo "$t" | sed 's/^amd64:6\.1$/stock/; s/^amd64://')") || kver=none
		if [ ! -f "/lib/modules/$kver/build/Makefile" ]; then
			echo "lint: $t: no Debian headers installed (scripts/install-deps.sh)" >&2
			fail=1
			continue
		fi
		lint_target "$t" "/lib/modules/$kver/build"
		;;
	arm64:* | armhf:*)
		# KDIR=... ARCH=... CROSS_COMPILE=... KVER=... DEBVER=...
		vars=$(scripts/cross-kdir.sh --vars "${t%%:*}" "${t#*:}") || {
			echo "lint: $t: no headers (scripts/cross-kdir.sh failed)" >&2
			fail=1
			continue
		}
		# shellcheck disable=SC2086
		set -- $vars
		lint_target "$t" "${1#KDIR=}" "$2" "$3"
		;;
	*)
		echo "lint: unknown target '$t' in LINT_TARGETS (ARCH:SERIES, ARCH amd64, arm64 or armhf)" >&2
		exit 2
		;;
	esac
done

exit $fail
