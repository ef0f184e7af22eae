#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A DNS server on 127.0.0.1:53 (UDP) that answers every A query with
127.0.0.1, and AAAA queries with no address, after DELAY seconds: a slow
resolver.

  slowdns.py DELAY READY_FILE
"""
import socket
import struct
import sys
import threading
import time

delay = float(sys.argv[1])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('127.0.0.1', 53))
open(sys.argv[2], 'w').close()


def answer(q, addr):
    time.sleep(delay)
    qid, = struct.unpack('>H', q[:2])
    end = 12
    while q[end]:
        end += q[end] + 1
    qtype, = struct.unpack('>H', q[end + 1:end + 3])
    question = q[12:end + 5]
    an = 1 if qtype == 1 else 0
    resp = struct.pack('>HHHHHH', qid, 0x8180, 1, an, 0, 0) + question
    if an:
        resp += struct.pack('>HHHIH', 0xc00c, 1, 1, 60, 4) + socket.inet_aton('127.0.0.1')
    sock.sendto(resp, addr)


while True:
    data, peer = sock.recvfrom(512)
    threading.Thread(target=answer, args=(data, peer), daemon=True).start()
