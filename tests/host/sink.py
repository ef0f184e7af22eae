#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test sinks for influx+tcp:// and influx+udp://.

  sink.py tcp PORT OUT [CLOSE_AFTER_BYTES] [--bind ADDR]
        accept connections, append data; with CLOSE_AFTER_BYTES, drop the
        first connection after that much; listen on ADDR (default 127.0.0.1)
  sink.py udp PORT OUT                      append datagrams, one per line
        prefixed with its size: "<size> <payload>"
"""
import socket
import sys
import threading


def tcp(port, out, close_after, addr):
    # one thread per connection, so that a connection whose peer vanished
    # (a silent link loss) does not keep the next one waiting; whole lines
    # only are appended, under a lock
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(4)
    open(out + '.ready', 'w').close()
    f = open(out, 'ab', buffering=0)
    lock = threading.Lock()
    state = {'first': True}

    def serve(c):
        got = 0
        pend = b''
        with lock:
            first = state['first'] and close_after
        while True:
            try:
                d = c.recv(65536)
            except OSError:
                d = b''
            if not d:
                break
            if first and got + len(d) >= close_after:
                # keep whole lines only, then hang up mid-stream
                keep = (pend + d[:close_after - got])
                keep = keep[:keep.rfind(b'\n') + 1]
                with lock:
                    f.write(keep)
                pend = b''
                break
            got += len(d)
            pend += d
            cut = pend.rfind(b'\n') + 1
            if cut:
                with lock:
                    f.write(pend[:cut])
                    if got:
                        state['first'] = False
                pend = pend[cut:]
        c.close()
        with lock:
            if got:
                state['first'] = False

    while True:
        c, _ = srv.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


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
    args = sys.argv[1:]
    bind = '127.0.0.1'
    if '--bind' in args:
        i = args.index('--bind')
        bind = args[i + 1]
        del args[i:i + 2]
    mode, port, out = args[0], int(args[1]), args[2]
    if mode == 'tcp':
        tcp(port, out, int(args[3]) if len(args) > 3 else 0, bind)
    else:
        udp(port, out)
