#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check iiofwd output (jsonl lines, or MQTT payloads as printed by
mosquitto_sub: JSON arrays or line protocol) against the counter pattern.

  verify.py count FILE               unique samples found
  verify.py exact FILE FIRST LAST [MAXMISS]
                                     every n in [FIRST, LAST] present
                                     (duplicates allowed), nothing else;
                                     with MAXMISS, up to that many missing
  verify.py order FILE               samples appear in increasing order
  verify.py format FILE              jsonl objects have exactly the
                                     DESIGN.md keys, in order
  verify.py seqtime FILE FIRST LAST  jsonl: "seq" runs FIRST..LAST by one,
                                     "t" strictly increases
"""
import json
import re
import sys

LP = re.compile(r'^\S+ (?:.*,)?x_raw=(-?\d+)i,y_raw=(-?\d+)i,z_raw=(-?\d+)i (-?\d+)$')


def counter(raw):
    # 12-bit left-justified words: the counter byte is raw >> 4
    x, y, z = ((v >> 4) & 0xff for v in raw)
    return x | y << 8 | z << 16


def samples(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line[0] in '[{':
                obj = json.loads(line)
                for s in obj if isinstance(obj, list) else [obj]:
                    out.append(counter(s['raw']))
            else:
                for part in line.split('\n'):
                    m = LP.match(part)
                    if not m:
                        raise ValueError('bad line protocol: %r' % part)
                    out.append(counter([int(m.group(i)) for i in (1, 2, 3)]))
    return out


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == 'count':
        try:
            print(len(set(samples(path))))
        except (OSError, ValueError):
            print(0)
        return 0
    s = samples(path)
    if cmd == 'exact':
        first, last = int(sys.argv[3]), int(sys.argv[4])
        want = set(range(first, last + 1))
        got = set(s)
        missing = sorted(want - got)
        extra = sorted(got - want)
        dups = len(s) - len(got)
        print('samples %d unique %d duplicates %d missing %d unexpected %d'
              % (len(s), len(got), dups, len(missing), len(extra)))
        if missing:
            print('first missing:', missing[:10])
        if extra:
            print('first unexpected:', extra[:10])
        allowed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
        return 1 if len(missing) > allowed or extra else 0
    if cmd == 'order':
        bad = sum(1 for a, b in zip(s, s[1:]) if b <= a)
        print('samples %d out-of-order %d' % (len(s), bad))
        return 1 if bad else 0
    if cmd == 'format':
        with open(path, encoding='utf-8') as f:
            for line in f:
                obj = json.loads(line)
                keys = list(obj)
                if keys != ['dev', 'seq', 't', 'x', 'y', 'z', 'raw'] or \
                   not isinstance(obj['seq'], int) or \
                   not isinstance(obj['t'], int) or len(obj['raw']) != 3:
                    print('bad object:', line.strip())
                    return 1
                for k, r in zip('xyz', obj['raw']):
                    if abs(obj[k] - r * 0.009576) > 1e-6:
                        print('bad scale:', line.strip())
                        return 1
        return 0
    if cmd == 'seqtime':
        with open(path, encoding='utf-8') as f:
            objs = [json.loads(line) for line in f if line.strip()]
        seqs = [o['seq'] for o in objs]
        ts = [o['t'] for o in objs]
        same = sum(1 for a, b in zip(ts, ts[1:]) if b <= a)
        print('samples %d seq %s..%s times not increasing %d distinct %d'
              % (len(objs), seqs[0] if seqs else '-', seqs[-1] if seqs else '-',
                 same, len(set(ts))))
        want = list(range(int(sys.argv[3]), int(sys.argv[4]) + 1))
        return 0 if seqs == want and not same else 1
    print('unknown command', cmd)
    return 2


if __name__ == '__main__':
    sys.exit(main())
