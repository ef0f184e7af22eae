#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Apply Raspberry Pi overlay parameters to a compiled overlay, offline.

    rpi-dtparam.py IN.dtbo OUT.dtbo [NAME[=VALUE]]...

The Raspberry Pi firmware (and its dtoverlay tool) applies the parameters an
overlay declares in /__overrides__ before merging it; mainline's fdtoverlay
ignores them. This does what the firmware does for the part of the syntax
that this project's overlays use, so that scripts/check-dts.sh can merge and
validate each documented setting (dts/README.md):

    <&node>, "prop:OFF"              32-bit cell at byte offset OFF
    <&node>, "prop:OFF{k=v,...}"     the same through a lookup table
    <&node>, "prop=text"             literal string
    <&node>, "prop"                  string, the parameter's value
    <0>, "+N-N=N!N"                  enable/disable fragment@N

Writing "reg" renames the node's unit address, as the firmware does. Any
other form is refused, as is an unknown parameter or a missing value.
"""

import re
import struct
import sys

import libfdt


class ParamError(Exception):
    pass


def getprop(fdt, node, name):
    """A property's value, None if absent (this pylibfdt's getprop can
    crash the interpreter on a missing property)."""
    off = fdt.first_property_offset(node, libfdt.QUIET_NOTFOUND)
    while off >= 0:
        prop = fdt.get_property_by_offset(off)
        if prop.name == name:
            return bytes(prop)
        off = fdt.next_property_offset(off, libfdt.QUIET_NOTFOUND)
    return None


def parse_decls(raw):
    """Split an __overrides__ property into (phandle, declaration) pairs."""
    decls, pos = [], 0
    while pos < len(raw):
        if pos + 4 > len(raw):
            raise ParamError('truncated declaration')
        phandle = struct.unpack('>I', raw[pos:pos + 4])[0]
        end = raw.index(b'\0', pos + 4)
        decls.append((phandle, raw[pos + 4:end].decode()))
        pos = end + 1
    return decls


def lookup(table, value):
    pairs = dict(p.split('=', 1) if '=' in p else (p, p)
                 for p in table.split(','))
    if value not in pairs:
        raise ParamError(f'{value!r} not one of {", ".join(pairs)}')
    return pairs[value]


def truthy(value):
    return value is None or value.lower() in ('1', 'y', 'yes', 'on', 'true')


def fragments(fdt, ops, value):
    for op, num in re.findall(r'([-+=!])(\d+)', ops):
        on = {'+': True, '-': False,
              '=': truthy(value), '!': not truthy(value)}[op]
        frag = f'/fragment@{num}'
        want, other = ('__overlay__', '__dormant__') if on else \
                      ('__dormant__', '__overlay__')
        node = fdt.subnode_offset(fdt.path_offset(frag), other,
                                  libfdt.QUIET_NOTFOUND)
        if node >= 0:
            fdt.set_name(node, want)
            rename_refs(fdt, f'{frag}/{other}', f'{frag}/{want}')


def prop_names(fdt, node):
    names = []
    off = fdt.first_property_offset(node, libfdt.QUIET_NOTFOUND)
    while off >= 0:
        names.append(fdt.get_property_by_offset(off).name)
        off = fdt.next_property_offset(off, libfdt.QUIET_NOTFOUND)
    return names


def rename_refs(fdt, old, new):
    """Follow a renamed node in the tables that name it by path."""
    node = fdt.path_offset('/__local_fixups__' + old, libfdt.QUIET_NOTFOUND)
    if node >= 0:
        fdt.set_name(node, new.rsplit('/', 1)[1])
    old, new = old.encode(), new.encode()
    for table in ('/__fixups__', '/__symbols__'):
        node = fdt.path_offset(table, libfdt.QUIET_NOTFOUND)
        if node < 0:
            continue
        for name in prop_names(fdt, node):
            paths = getprop(fdt, node, name).split(b'\0')[:-1]
            renamed = [new + p[len(old):] if p == old or
                       p[len(old):len(old) + 1] in (b'/', b':') and
                       p.startswith(old) else p for p in paths]
            if renamed != paths:
                fdt.setprop(node, name, b'\0'.join(renamed) + b'\0')
                node = fdt.path_offset(table)


def set_cell(fdt, node, prop, off, num):
    data = bytearray(getprop(fdt, node, prop) or b'')
    if len(data) < off + 4:
        data.extend(bytes(off + 4 - len(data)))
    data[off:off + 4] = struct.pack('>I', num)
    fdt.setprop(node, prop, bytes(data))
    if prop == 'reg' and off == 0:
        old = node_path(fdt, node)
        name = f'{fdt.get_name(node).split("@")[0]}@{num:x}'
        fdt.set_name(node, name)
        rename_refs(fdt, old, old.rsplit('/', 1)[0] + '/' + name)


def node_path(fdt, node):
    parts = []
    while node > 0:
        parts.append(fdt.get_name(node))
        node = fdt.parent_offset(node)
    return '/' + '/'.join(reversed(parts))


def apply(fdt, name, value):
    over = fdt.path_offset('/__overrides__', libfdt.QUIET_NOTFOUND)
    raw = getprop(fdt, over, name) if over >= 0 else None
    if raw is None:
        raise ParamError('no such parameter')
    for phandle, decl in parse_decls(raw):
        if phandle == 0:
            fragments(fdt, decl, value)
            continue
        node = fdt.node_offset_by_phandle(phandle)
        m = re.fullmatch(r'([^:=]+)(?::(\d+))?(?:\{(.*)\}|=(.*))?', decl)
        if not m:
            raise ParamError(f'unsupported declaration {decl!r}')
        prop, off, table, literal = m.groups()
        if literal is not None:
            val = literal
        elif value is None:
            raise ParamError('needs a value')
        else:
            val = lookup(table, value) if table is not None else value
        if off is not None:
            set_cell(fdt, node, prop, int(off), int(val, 0))
        else:
            fdt.setprop_str(node, prop, val)


def drop_fragment_phandles(fdt):
    """The firmware merges a fragment's __overlay__ node without its phandle
    (a label there is for parameters only); fdtoverlay would copy it onto
    the target, over the target's own."""
    frag = fdt.first_subnode(0, libfdt.QUIET_NOTFOUND)
    while frag >= 0:
        if fdt.get_name(frag).startswith('fragment@'):
            for sub in ('__overlay__', '__dormant__'):
                node = fdt.subnode_offset(frag, sub, libfdt.QUIET_NOTFOUND)
                if node >= 0:
                    fdt.delprop(node, 'phandle', libfdt.QUIET_NOTFOUND)
        frag = fdt.next_subnode(frag, libfdt.QUIET_NOTFOUND)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    with open(argv[1], 'rb') as f:
        fdt = libfdt.Fdt(f.read())
    fdt.resize(fdt.totalsize() + 4096)
    for arg in argv[3:]:
        name, eq, value = arg.partition('=')
        try:
            apply(fdt, name, value if eq else None)
        except (ParamError, ValueError, libfdt.FdtException) as e:
            sys.exit(f'rpi-dtparam: {arg}: {e}')
    drop_fragment_phandles(fdt)
    fdt.pack()
    with open(argv[2], 'wb') as f:
        f.write(fdt.as_bytearray())


if __name__ == '__main__':
    main(sys.argv)
