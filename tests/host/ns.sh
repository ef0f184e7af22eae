# SPDX-License-Identifier: GPL-2.0
# Sourced, before lib.sh, by the host tests that need namespaces of their
# own (a private network, a tmpfs over /sys/bus).
#
# in_namespaces "UNSHARE_FLAGS" "$@": re-run this test once inside
# `unshare UNSHARE_FLAGS`; where that is not allowed (not root), report the
# test as skipped, which tests/host/run.sh lists (and fails as root), and
# exit. Before lib.sh, so that only the re-run makes its temporary directory.
in_namespaces() {
	local flags=$1
	shift
	[ -n "${IIOFWD_IN_NS:-}" ] && return 0
	# shellcheck disable=SC2086
	if unshare $flags true 2>/dev/null; then
		IIOFWD_IN_NS=1 exec unshare $flags "$0" "$@"
	fi
	echo "# skipped: needs unshare $flags (root)"
	echo "0 passed, 0 failed"
	exit 0
}
