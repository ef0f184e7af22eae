#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-pkg.sh: the pkg part of make check, host-side only.
#   - make deb, and lintian on the packages (source and binaries): any error
#     fails; warnings are printed
#   - the unit file: systemd-analyze verify of an instance, in a scratch
#     root holding the host's units and our make install
#   - the man page renders without warnings (man --warnings)
#   - the example config is accepted: iiofwd -c on a replayed capture
#   - DKMS builds the packaged driver source for the stock kernel, in a
#     throwaway DKMS tree (nothing registered, no signing key made)
# Installs nothing on the host.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tmp=$(mktemp -d /tmp/check-pkg.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
failed=0
step() {	# step DESC CMD...: run CMD, print ok/FAILED
	local d=$1 rc=0
	shift
	"$@" >"$tmp/out" 2>&1 || rc=$?
	if [ $rc = 0 ]; then
		echo "pkg: ok: $d"
	else
		echo "pkg: FAILED ($rc): $d"
		sed 's/^/    /' "$tmp/out" | tail -n 40
		failed=1
	fi
}

step "make deb" make -s deb
lint() {
	local rc=0
	lintian --fail-on error -EviIL +pedantic build/deb/*.changes >"$tmp/lintian.raw" 2>&1 || rc=$?
	grep -v '^running with root privileges' "$tmp/lintian.raw" >"$tmp/lintian"
	cat "$tmp/lintian"
	return $rc
}
step "lintian: no errors" lint
echo "pkg: lintian: $(grep -c '^E:' "$tmp/lintian") errors, $(grep -c '^W:' "$tmp/lintian") warnings, $(grep -c '^[IPX]:' "$tmp/lintian") info/pedantic/experimental tags"
grep '^[EW]:' "$tmp/lintian" | sed 's/^/    /'

root=$tmp/root
# verify exits 0 on unknown keys and bad values (it logs them): any message fails
verify_quiet() {
	local msg
	msg=$(systemd-analyze verify --root="$root" --man=no "$1" 2>&1) || { echo "$msg"; return 1; }
	[ -z "$msg" ] || { echo "$msg"; return 1; }
}
verify() {
	# merged /usr as on bookworm, with the kill(1) of ExecReload
	mkdir -p "$root/lib/systemd" "$root/usr/bin" &&
		ln -sfn usr/bin "$root/bin" &&
		cp /usr/bin/kill "$root/usr/bin/" &&
		cp -a /lib/systemd/system "$root/lib/systemd/" &&
		make -s install-iiofwd DESTDIR="$root" PREFIX=/usr >/dev/null &&
		verify_quiet iiofwd@lis3dh.service &&
		verify_quiet 'iiofwd@accel\x2dfront.service' &&
		systemd-analyze security --offline=true --root="$root" --man=no \
			--threshold=25 iiofwd@lis3dh.service | tail -n 1
}
step "systemd-analyze verify iiofwd@.service" verify
grep 'exposure' "$tmp/out" | sed 's/^/pkg: /'

step "man --warnings iiofwd.1" bash -c \
	'out=$(MANWIDTH=80 man --warnings -l packaging/man/iiofwd.1 2>&1 >/dev/null); [ -z "$out" ] || { echo "$out"; exit 1; }'

example() {
	make -s -C userspace iiofwd build/mkcapture &&
		userspace/build/mkcapture "$tmp/c.raw" 500 100 &&
		userspace/iiofwd -c packaging/iiofwd/example.conf -u "replay:$tmp/c.raw" \
			-o "jsonl:$tmp/c.jsonl" &&
		[ "$(wc -l <"$tmp/c.jsonl")" = 500 ]
}
step "example.conf accepted by iiofwd -c" example

dkms_build() {
	local kver
	kver=$(scripts/kver.sh stock) &&
		mkdir -p "$tmp/dkms/src" "$tmp/dkms/tree" &&
		dpkg-deb -x build/deb/lis2dh-dkms_*_all.deb "$tmp/dkms/pkg" &&
		# no sign_file: dkms would make a MOK key in /var/lib/dkms
		sign_file=/nonexistent dkms build -m lis2dh -v "$(dpkg-parsechangelog -S Version)" \
			-k "$kver" --sourcetree "$tmp/dkms/pkg/usr/src" --dkmstree "$tmp/dkms/tree" &&
		find "$tmp/dkms/tree" -name 'lis2dh_i2c.ko*' | grep -q . &&
		echo "built for $kver"
}
step "dkms build (stock kernel, throwaway tree)" dkms_build
exit $failed
