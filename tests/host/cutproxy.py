#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A TCP proxy on 127.0.0.1 that cuts connections with data in flight.

  cutproxy.py LISTEN_PORT TARGET_PORT CUT_BYTES CUTS HOLD_S LOG

Forwards each accepted connection to 127.0.0.1:TARGET_PORT. Each of the
first CUTS connections to send data (a connect-and-close probe does not
count) is cut once it has forwarded CUT_BYTES from the
client: the rest of that read is not forwarded, and for HOLD_S seconds
whatever the client writes is read and thrown away and nothing comes back
to it (no acknowledgement); then both sides are reset (RST, no FIN), so
what the client wrote since the cut never reaches the target. Later
connections pass through. LOG gets one line per cut:
"cut N forwarded B discarded D".
"""
import select
import socket
import struct
import sys
import threading
import time

listen_port, target_port, cut_bytes, cuts, hold = (
    int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
    float(sys.argv[5]))
log = open(sys.argv[6], 'a', buffering=1, encoding='utf-8')
lock = threading.Lock()
ncut = 0


def reset(*socks):
    for s in socks:
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            s.close()
        except OSError:
            pass


def serve(cli):
    global ncut
    up = socket.create_connection(('127.0.0.1', target_port))
    fwd = drop = 0
    cut = None		# the connection's number among those that sent data
    until = None		# while held: the time of the reset
    try:
        while until is None or time.monotonic() < until:
            r, _, _ = select.select([cli, up], [], [], 0.05)
            if up in r:
                d = up.recv(65536)
                if not d:
                    break
                if until is None:
                    cli.sendall(d)
            if cli in r:
                d = cli.recv(65536)
                if not d:
                    break
                if cut is None:
                    with lock:
                        ncut += 1
                        cut = ncut if ncut <= cuts else 0
                if until is not None:
                    drop += len(d)
                elif cut and fwd + len(d) >= cut_bytes:
                    n = cut_bytes - fwd
                    up.sendall(d[:n])
                    fwd += n
                    drop += len(d) - n
                    until = time.monotonic() + hold
                else:
                    up.sendall(d)
                    fwd += len(d)
    except OSError:
        pass
    reset(cli, up)
    if until is not None:
        log.write('cut %d forwarded %d discarded %d\n' % (cut, fwd, drop))


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', listen_port))
srv.listen(8)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
