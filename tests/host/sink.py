#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test sinks for influx+tcp:// and influx+udp://.

  sink.py tcp PORT OUT [CLOSE_AFTER_BYTES]  accept connections, append data;
        with CLOSE_AFTER_BYTES, drop the first connection after that much
  sink.py udp PORT OUT                      append datagrams, one per line
        prefixed with its size: "<size> <payload>"
"""
import socket
import sys


def tcp(port, out, close_after):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', port))
    srv.listen(4)
    open(out + '.ready', 'w').close()
    first = True
    with open(out, 'ab', buffering=0) as f:
        while True:
            c, _ = srv.accept()
            got = 0
            while True:
                d = c.recv(65536)
                if not d:
                    break
                if first and close_after and got + len(d) >= close_after:
                    # keep whole lines only, then hang up mid-stream
                    keep = d[:close_after - got]
                    keep = keep[:keep.rfind(b'\n') + 1]
                    f.write(keep)
                    break
                f.write(d)
                got += len(d)
            c.close()
            if got:
                first = False


def udp(port, out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(('127.0.0.1', port))
    open(out + '.ready', 'w').close()
    with open(out, 'a', buffering=1) as f:
        while True:
            d = s.recv(65536)
            f.write('%d %s\n' % (len(d), d.decode().replace('\n', '\\n')))


if __name__ == '__main__':
    mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == 'tcp':
        tcp(port, out, int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    else:
        udp(port, out)
