#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small InfluxDB v2 write API for the host tests (Python 3 stdlib).

  influx2sink.py PORT OUT [--token T] [--org O] [--bucket B] [--fail N:CODE]
                 [--retry-after S]

POST /api/v2/write?org=O&bucket=B&precision=ns with "Authorization: Token
T": the body (line protocol) is appended to OUT, answered 204. A wrong or
missing token gets 401, another bucket or org 404, another precision 400,
each with a JSON message like InfluxDB's; --fail N:CODE answers the first
N writes with CODE (a 503 or 429 to retry), with a Retry-After: S header
given --retry-after. Requests are counted in OUT.requests ("CODE" per
line), their times (monotonic seconds) in OUT.times. HTTP/1.1 with
keep-alive.

SIGTERM: stop taking requests, finish the ones under way (written and
answered), exit: a restart loses nothing and answers nothing twice.
"""
import argparse
import json
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
flock = threading.Lock()
state = {'inflight': 0, 'stopping': False, 'fail': 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('port', type=int)
    ap.add_argument('out')
    ap.add_argument('--token')
    ap.add_argument('--org', default='o')
    ap.add_argument('--bucket', default='b')
    ap.add_argument('--fail', default='0:503')
    ap.add_argument('--retry-after')
    a = ap.parse_args()
    nfail, fcode = (int(x) for x in a.fail.split(':'))
    state['fail'] = nfail

    def append(path, data):	# opened per write: a test may remove the files
        with flock, open(path, 'ab') as f:
            f.write(data)

    class H(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def answer(self, code, msg=None, retry_after=None):
            body = json.dumps({'code': 'error', 'message': msg}).encode() if msg else b''
            append(a.out + '.times', b'%.3f\n' % time.monotonic())
            self.send_response(code)
            if retry_after:
                self.send_header('Retry-After', retry_after)
            if body:
                self.send_header('Content-Type', 'application/json; charset=utf-8')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            append(a.out + '.requests', b'%d\n' % code)

        def do_POST(self):
            with lock:
                if state['stopping']:
                    self.close_connection = True
                    return
                state['inflight'] += 1
            try:
                self.handle_write()
            finally:
                with lock:
                    state['inflight'] -= 1

        def handle_write(self):
            n = int(self.headers.get('Content-Length', '0'))
            body = self.rfile.read(n)
            u = urlsplit(self.path)
            q = parse_qs(u.query)
            if u.path != '/api/v2/write':
                return self.answer(404, 'path not found')
            if a.token and self.headers.get('Authorization') != 'Token ' + a.token:
                return self.answer(401, 'unauthorized access')
            if q.get('org') != [a.org] or q.get('bucket') != [a.bucket]:
                return self.answer(404, 'bucket "%s" not found' % q.get('bucket'))
            if q.get('precision') != ['ns']:
                return self.answer(400, 'precision must be ns')
            with lock:
                if state['fail'] > 0:
                    state['fail'] -= 1
                    return self.answer(fcode, 'try again later', a.retry_after)
            append(a.out, body if body.endswith(b'\n') else body + b'\n')
            self.answer(204)

    srv = ThreadingHTTPServer(('127.0.0.1', a.port), H)
    srv.daemon_threads = True

    def stop(signum, frame):
        with lock:
            state['stopping'] = True
        while True:
            with lock:
                if not state['inflight']:
                    break
            time.sleep(0.01)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    open(a.out + '.ready', 'w').close()
    srv.serve_forever(poll_interval=0.1)


if __name__ == '__main__':
    main()
