#!/bin/sh
# Print the version of the Debian kernel the tests boot: the one the
# linux-image-amd64 metapackage depends on (VM_KERNEL=stock),
# linux-image-rt-amd64 (VM_KERNEL=rt) or linux-image-6.12-amd64 (VM_KERNEL=6.12).
set -eu
case "${1:-${VM_KERNEL:-stock}}" in
stock) meta=linux-image-amd64 ;;
rt) meta=linux-image-rt-amd64 ;;
6.12) meta=linux-image-6.12-amd64 ;;
*) echo "kver.sh: unknown kernel flavour '${1:-$VM_KERNEL}'" >&2; exit 2 ;;
esac
dpkg-query -W -f='${Depends}' "$meta" | sed -n 's/.*linux-image-\([0-9][^ ,]*\).*/\1/p'
