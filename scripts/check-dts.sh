#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/check-dts.sh [OVERLAY.dts...]: the device-tree part of make check
# (default: every dts/*-overlay.dts). Prints one TAP line per check and
# exits non-zero if any failed.
#
#  1. Debian's linux-source-6.1: the Raspberry Pi 4 tree, dt-bindings and
#     the binding schemas are extracted once into
#     $LIS2DH_CACHE/dts-src-<version> (default /var/cache/lis2dh-vm), and
#     the schemas processed there with dt-mk-schema (Debian's dt-schema,
#     offline).
#  2. The base: arm64 bcm2711-rpi-4-b.dts through cpp as the kernel's
#     Makefile.lib does, then dtc -@; it must have the labels overlays
#     target.
#  3. Each overlay: dtc -@ alone (how a Raspberry Pi user builds it) with no
#     warning but unit_address_vs_reg (the kernel turns it off too: dtc
#     gives it for every __dormant__ fragment); through cpp first it must
#     give the same .dtbo; every mount-matrix in it must be a rotation.
#  4. Each overlay under each parameter set of its list below: the
#     parameters applied as the Raspberry Pi firmware would
#     (dts/rpi-dtparam.py), merged with fdtoverlay onto the base, the
#     merged node checked against what the parameters promise
#     (dts/README.md), and the merged tree run through dt-validate with
#     every 6.1 binding. The base tree has errors of its own: those, and
#     only those, are filtered out (their count is printed); any other
#     error fails, and so does an added node that no schema matches or a
#     chip node that st,st-sensors.yaml did not match. What dt-validate
#     says about the nodes the overlay added is printed.
#
# About 40 s of CPU (dt-validate, once per merged tree); the first run on a
# machine adds about a minute for the extraction and the schemas.
# Environment: LIS2DH_CACHE, DTS_OUT (default build/dts).
# shellcheck disable=SC2317 # functions run through check()
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit

PY=/usr/bin/python3	# Debian's, with libfdt and dtschema
out=${DTS_OUT:-$top/build/dts}
mkdir -p "$out"
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
# check DESC CMD...: ok if CMD succeeds; else its output, indented
check() {
	local desc=$1 log
	shift
	if log=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		printf '%s\n' "$log" | sed 's/^/#   /'
	fi
}
finish() {
	echo "1..$n"
	exit $failed
}
bail() {
	not_ok "$*"
	finish
}

# Parameter sets per overlay, one per line: parameters | expectations.
# An expectation is NODE PROP TYPE VALUE, read with fdtget -t TYPE from the
# merged tree; VALUE @PATH stands for the phandle of the node at PATH. A set
# marked ~ is merged and compared but not run through dt-validate (the
# mount presets: the binding does not constrain the matrix's values).
declare -A variants
variants[rpi-lis3dh-overlay]="
| /soc/i2c@7e804000/accelerometer@18 reg i 24
  /soc/i2c@7e804000/accelerometer@18 compatible s st,lis3dh-accel
  /soc/i2c@7e804000/accelerometer@18 interrupts i 4 1
  /soc/i2c@7e804000/accelerometer@18 interrupt-parent x @/soc/gpio@7e200000
  /soc/i2c@7e804000/accelerometer@18 st,drdy-int-pin i 1
  /soc/i2c@7e804000/accelerometer@18 mount-matrix s 1 0 0 0 1 0 0 0 1
  /soc/gpio@7e200000/lis3dh-pins brcm,pins i 4
  /soc/gpio@7e200000/lis3dh-pins brcm,pull i 1
addr=0x19 int_pin=17 int_type=low supplies lis2dh12 flip_rot90 |
  /soc/i2c@7e804000/accelerometer@19 reg i 25
  /soc/i2c@7e804000/accelerometer@19 compatible s st,lis2dh12-accel
  /soc/i2c@7e804000/accelerometer@19 interrupts i 17 8
  /soc/i2c@7e804000/accelerometer@19 vdd-supply x @/regulator-lis3dh-3v3
  /soc/i2c@7e804000/accelerometer@19 vddio-supply x @/regulator-lis3dh-3v3
  /soc/i2c@7e804000/accelerometer@19 mount-matrix s 0 -1 0 -1 0 0 0 0 -1
  /soc/gpio@7e200000/lis3dh-pins brcm,pins i 17
  /soc/gpio@7e200000/lis3dh-pins brcm,pull i 2
int2_pin=27 int_pin=22 int_type=high sc7a20 rot270 |
  /soc/i2c@7e804000/accelerometer@18 compatible s silan,sc7a20
  /soc/i2c@7e804000/accelerometer@18 interrupts i 22 4 27 4
  /soc/i2c@7e804000/accelerometer@18 mount-matrix s 0 1 0 -1 0 0 0 0 1
  /soc/gpio@7e200000/lis3dh-pins brcm,pins i 22 27
  /soc/gpio@7e200000/lis3dh-pins brcm,pull i 1
~ rot90 | /soc/i2c@7e804000/accelerometer@18 mount-matrix s 0 -1 0 1 0 0 0 0 1
~ rot180 | /soc/i2c@7e804000/accelerometer@18 mount-matrix s -1 0 0 0 -1 0 0 0 1
~ flip | /soc/i2c@7e804000/accelerometer@18 mount-matrix s -1 0 0 0 1 0 0 0 -1
~ flip_rot180 | /soc/i2c@7e804000/accelerometer@18 mount-matrix s 1 0 0 0 -1 0 0 0 -1
~ flip_rot270 | /soc/i2c@7e804000/accelerometer@18 mount-matrix s 0 1 0 1 0 0 0 0 -1
~ int_type=falling | /soc/i2c@7e804000/accelerometer@18 interrupts i 4 2
  /soc/gpio@7e200000/lis3dh-pins brcm,pull i 2
"

# --- tools, sources, schemas -------------------------------------------------

missing=""
for t in cpp dtc fdtoverlay fdtget dt-validate dt-mk-schema; do
	command -v $t >/dev/null || missing="$missing $t"
done
$PY -c 'import libfdt, dtschema' 2>/dev/null || missing="$missing python3-libfdt/dt-schema"
[ -z "$missing" ] || bail "tools missing:$missing (scripts/install-deps.sh)"
ok "tools: $(dtc --version | sed 's/Version: //'), dt-schema $(dt-validate -V)"

tarball=/usr/src/linux-source-6.1.tar.xz
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null)
if [ ! -f "$tarball" ] || [ -z "$srcver" ]; then
	bail "$tarball missing (scripts/install-deps.sh)"
fi
cache=${LIS2DH_CACHE:-/var/cache/lis2dh-vm}/dts-src-$srcver
src=$cache/linux-source-6.1
if [ ! -f "$cache/done" ]; then
	echo "# extracting the Raspberry Pi 4 tree, dt-bindings and the bindings from $tarball"
	rm -rf "$cache.tmp"
	mkdir -p "$cache.tmp"
	if nice tar -xJf "$tarball" -C "$cache.tmp" --wildcards \
		'linux-source-6.1/arch/arm/boot/dts/bcm2*' \
		'linux-source-6.1/arch/arm64/boot/dts/broadcom/*' \
		'linux-source-6.1/include/dt-bindings/*' \
		'linux-source-6.1/scripts/dtc/include-prefixes/*' \
		'linux-source-6.1/Documentation/devicetree/bindings/*'; then
		rm -rf "$cache"
		mv "$cache.tmp" "$cache" && touch "$cache/done"
	fi
fi
[ -f "$cache/done" ] || bail "sources of linux-source-6.1 $srcver in $cache"
ok "sources: linux-source-6.1 $srcver in $cache"

schema=$cache/processed-schema-$(dt-validate -V).json
if [ ! -s "$schema" ]; then
	echo "# processing the 6.1 binding schemas (dt-mk-schema -j)"
	find "$src/Documentation/devicetree/bindings" -name '*.yaml' ! -name 'processed-schema*' >"$schema.list"
	if nice dt-mk-schema -j "@$schema.list" >"$schema.tmp" 2>"$schema.log"; then
		mv "$schema.tmp" "$schema"
	else
		sed 's/^/#   /' "$schema.log"
	fi
fi
[ -s "$schema" ] || bail "binding schemas processed into $schema"
ok "binding schemas: $(grep -c . "$schema.list") files, processed into $schema"

# --- the base tree -----------------------------------------------------------

base=$out/bcm2711-rpi-4-b.dtb
dtc_base() {
	cpp -nostdinc -I "$src/include" -I "$src/scripts/dtc/include-prefixes" \
		-I "$src/arch/arm64/boot/dts/broadcom" -undef -D__DTS__ \
		-x assembler-with-cpp -o "$out/base.dts.tmp" \
		"$src/arch/arm64/boot/dts/broadcom/bcm2711-rpi-4-b.dts" &&
		dtc -@ -I dts -O dtb -b 0 -q -o "$base" "$out/base.dts.tmp"
}
check "base: bcm2711-rpi-4-b.dts (cpp, dtc -@)" dtc_base
[ -s "$base" ] || finish
labels_present() {
	local l
	for l in i2c1 gpio; do
		fdtget "$base" /__symbols__ "$l" >/dev/null || { echo "no label $l"; return 1; }
	done
	echo "i2c1 -> $(fdtget "$base" /__symbols__ i2c1), gpio -> $(fdtget "$base" /__symbols__ gpio)"
}
check "base: has the labels i2c1 and gpio (no i2c_arm: that one is Raspberry Pi's downstream name)" labels_present

# The base tree's own dt-validate report, kept beside the schemas for this
# base and dt-schema.
base_key=$(cat "$base" "$schema" | sha256sum | cut -c1-16)
base_log=$cache/base-validate-$base_key.log
if [ ! -f "$base_log" ]; then
	echo "# dt-validate of the base tree alone"
	nice dt-validate -m -s "$schema" "$base" >"$base_log.tmp" 2>&1
	sed "s|$base|BASE|g" "$base_log.tmp" >"$base_log" && rm -f "$base_log.tmp"
fi

# --- overlays ----------------------------------------------------------------

# The nodes an overlay added: paths in MERGED that are not in BASE.
added_nodes() {
	$PY - "$1" "$2" <<'EOF'
import sys, libfdt
def walk(fdt, node=0, path=''):
    sub = fdt.first_subnode(node, libfdt.QUIET_NOTFOUND)
    while sub >= 0:
        name = fdt.get_name(sub)
        if not name.startswith('__'):
            yield path + '/' + name
            yield from walk(fdt, sub, path + '/' + name)
        sub = fdt.next_subnode(sub, libfdt.QUIET_NOTFOUND)
def paths(f):
    return set(walk(libfdt.Fdt(open(f, 'rb').read())))
print('\n'.join(sorted(paths(sys.argv[2]) - paths(sys.argv[1]))))
EOF
}

# expect MERGED EXPECTATIONS: compare the merged tree with the expectations.
expect() {
	local merged=$1 node prop type want got rc=0
	while read -r node prop type want; do
		[ -n "$node" ] || continue
		case $want in
		@*) want=$(fdtget -t x "$merged" "${want#@}" phandle 2>&1) ;;
		esac
		got=$(fdtget -t "$type" "$merged" "$node" "$prop" 2>&1)
		if [ "$got" != "$want" ]; then
			echo "$node $prop: '$got', expected '$want'"
			rc=1
		fi
	done <<<"$2"
	return "$rc"
}

# Every mount-matrix in a .dtbo must be nine numbers forming a rotation.
rotations() {
	$PY - "$1" <<'EOF'
import sys, libfdt
def props(fdt, node=0, path=''):
    off = fdt.first_property_offset(node, libfdt.QUIET_NOTFOUND)
    while off >= 0:
        prop = fdt.get_property_by_offset(off)
        yield path, prop.name, bytes(prop)
        off = fdt.next_property_offset(off, libfdt.QUIET_NOTFOUND)
    sub = fdt.first_subnode(node, libfdt.QUIET_NOTFOUND)
    while sub >= 0:
        yield from props(fdt, sub, path + '/' + fdt.get_name(sub))
        sub = fdt.next_subnode(sub, libfdt.QUIET_NOTFOUND)
seen, bad = 0, 0
for path, name, raw in props(libfdt.Fdt(open(sys.argv[1], 'rb').read())):
    if name != 'mount-matrix':
        continue
    seen += 1
    m = [float(v) for v in raw.decode().split('\0')[:-1]]
    rows = [m[0:3], m[3:6], m[6:9]] if len(m) == 9 else None
    ortho = rows and all(abs(sum(a * b for a, b in zip(rows[i], rows[j])) -
                             (i == j)) < 1e-3 for i in range(3) for j in range(3))
    det = rows and (rows[0][0] * (rows[1][1] * rows[2][2] - rows[1][2] * rows[2][1]) -
                    rows[0][1] * (rows[1][0] * rows[2][2] - rows[1][2] * rows[2][0]) +
                    rows[0][2] * (rows[1][0] * rows[2][1] - rows[1][1] * rows[2][0]))
    if not ortho or abs(det - 1) > 1e-3:
        bad += 1
        print(f'{path}: {m}')
print(f'{seen} matrices')
sys.exit(bad > 0 or seen == 0)
EOF
}

[ $# -gt 0 ] && overlays=("$@") || overlays=(dts/*-overlay.dts)
merged_all=()
declare -A merged_added merged_of
for ov in "${overlays[@]}"; do
	name=$(basename "$ov" .dts)
	dtbo=$out/$name.dtbo
	rm -f "$dtbo"
	compile() {
		local log
		log=$(dtc -@ -Wno-unit_address_vs_reg -I dts -O dtb -i dts -o "$dtbo" "$ov" 2>&1) || { echo "$log"; return 1; }
		[ -z "$log" ] || { echo "$log"; rm -f "$dtbo"; return 1; }
	}
	check "$name: dtc -@, no warning" compile
	[ -s "$dtbo" ] || continue
	via_cpp() {
		cpp -nostdinc -I "$src/include" -I "$(dirname "$ov")" -I dts -undef -D__DTS__ \
			-x assembler-with-cpp -o "$out/$name.pp" "$ov" &&
			dtc -@ -Wno-unit_address_vs_reg -I dts -O dtb -i "$(dirname "$ov")" -i dts \
				-o "$out/$name.cpp.dtbo" "$out/$name.pp" &&
			cmp "$dtbo" "$out/$name.cpp.dtbo"
	}
	check "$name: through cpp as the kernel builds it, the same .dtbo" via_cpp
	check "$name: every mount-matrix a rotation" rotations "$dtbo"

	case $name in
	rpi-*) ;;
	*)
		not_ok "$name: no base tree for it in scripts/check-dts.sh"
		continue
		;;
	esac
	params=() exp=() quick=()
	while IFS= read -r line; do
		if [[ $line == *'|'* ]]; then
			p=${line%%|*}
			q=""
			[[ $p != '~'* ]] || { q=1 p=${p#\~}; }
			read -r -a words <<<"$p"
			params+=("${words[*]}")
			quick+=("$q")
			exp+=("${line#*|}"$'\n')
		elif [[ $line == ' '* && ${#exp[@]} -gt 0 ]]; then
			exp[-1]+="$line"$'\n'
		fi
	done <<<"${variants[$name]:-|}"
	for v in "${!params[@]}"; do
		label="$name ${params[$v]:-(defaults)}"
		merged=$out/$name.$v.dtb
		rm -f "$merged"
		merge() {
			# shellcheck disable=SC2086
			$PY dts/rpi-dtparam.py "$dtbo" "$out/$name.$v.dtbo" ${params[$v]} &&
				fdtoverlay -i "$base" -o "$merged" "$out/$name.$v.dtbo"
		}
		check "$label: parameters applied, fdtoverlay onto the base" merge
		[ -s "$merged" ] || continue
		check "$label: the merged node as the parameters promise" expect "$merged" "${exp[$v]}"
		[ -z "${quick[$v]}" ] || continue
		merged_all+=("$merged")
		merged_of[$merged]=$label
		merged_added[$merged]=$(added_nodes "$base" "$merged")
	done
done

# --- dt-validate -------------------------------------------------------------

[ ${#merged_all[@]} -gt 0 ] || finish
echo "# dt-validate -m -M of ${#merged_all[@]} merged tree(s)"
vlog=$out/dt-validate.log
nice dt-validate -m -M -s "$schema" "${merged_all[@]}" >"$vlog" 2>&1
for merged in "${merged_all[@]}"; do
	report() {
		$PY - "$vlog" "$base_log" "$merged" "${merged_added[$merged]}" <<'EOF'
import sys
vlog, base_log, merged, added = sys.argv[1:5]
added = added.split()
names = {p.rsplit('/', 1)[1] for p in added}

def records(text, prefix):
    recs, cur = [], None
    for line in text.splitlines():
        if line.startswith('\t') and cur is not None:
            cur.append(line)
            continue
        cur = None
        if line.startswith(prefix + ':'):
            cur = [line[len(prefix) + 1:].lstrip()]
            recs.append(cur)
    return ['\n'.join(r) for r in recs]

def kind(r):
    head = r.split('\n')[0]
    if head.endswith('matched on schema(s)'):
        return 'matched'
    return 'unmatched' if 'failed to match any schema' in head else 'error'

def subject(r):
    head = r.split('\n')[0]
    if head[:1].isdigit():		# "L:C: " from -m
        head = head.split(': ', 1)[1]
    return head.split(': ', 1)[0]

def ours(r):
    s = subject(r)
    return s in added or s in names or any(
        f'{n}:' in r.split('\n')[0] for n in names)

mine = records(open(vlog).read(), merged)
base = records(open(base_log).read(), 'BASE')
base_errors = [r for r in base if kind(r) == 'error']
bad, filtered = [], 0
for r in mine:
    if kind(r) == 'error':
        if r in base_errors:
            base_errors.remove(r)
            filtered += 1
        else:
            bad.append(r)
    elif kind(r) == 'unmatched' and ours(r):
        bad.append(r)
chips = [p for p in added if '/accelerometer@' in p]
for c in chips:
    m = [r for r in mine if kind(r) == 'matched' and subject(r) == c]
    if not m or 'iio/st,st-sensors.yaml#' not in m[0]:
        bad.append(f'{c}: not matched by st,st-sensors.yaml')
if not chips:
    bad.append('no accelerometer node added')
for r in mine + [r for r in bad if r not in mine]:
    if r in bad or ours(r):
        print(('# NEW: ' if r in bad else '# ') +
              r.replace('\t', '').replace('\n', '\n#   '))
print(f'# {filtered} error record(s) of the base tree itself filtered out'
      f' ({len([r for r in base if kind(r) == "error"])} in the base alone)')
sys.exit(1 if bad else 0)
EOF
	}
	if rep=$(report); then
		ok "${merged_of[$merged]}: dt-validate: no error of ours"
	else
		not_ok "${merged_of[$merged]}: dt-validate: errors of ours"
	fi
	printf '%s\n' "$rep"
done
finish
