#!/usr/bin/env python3
"""loopback_server.py: a scripted HTTP(S) server on 127.0.0.1 for the tests
of plugins that talk HTTP (plugins/http_common/ and its users).

    loopback_server.py --port-file F --plan PLAN.json --log LOG.jsonl
                       [--tls-cert CERT --tls-key KEY] [--lifetime SECONDS]

It listens on an ephemeral port of 127.0.0.1 and writes the port to F (by
rename, so a reader never sees half a number). Each request takes the next
entry of the plan (a JSON list; the last entry repeats), with the fields:

    status   HTTP status to answer (default 200)
    body     response body, a string (default "")
    headers  response headers, an object (default {})
    delay    seconds to wait before answering (default 0)
    close    true: close the connection without answering (an empty reply)
    path     only for requests to this path (with query): entries with a
             path are matched first, by path, and are not consumed in order

Every request is appended to LOG as one JSON line when it has been read
completely: {"n", "method", "path", "headers", "body", "complete"}, where
complete says whether Content-Length bytes arrived. The server exits by itself
after --lifetime seconds (default 60), so a test that dies cannot leave it
running for long; tests also kill it in their exit trap.
"""
import argparse
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Plan:
    def __init__(self, entries):
        self.ordered = [e for e in entries if "path" not in e] or [{"status": 200}]
        self.by_path = {e["path"]: e for e in entries if "path" in e}
        self.next = 0
        self.count = 0
        self.lock = threading.Lock()

    def take(self, path):
        with self.lock:
            self.count += 1
            n = self.count
            if path in self.by_path:
                return n, self.by_path[path]
            entry = self.ordered[min(self.next, len(self.ordered) - 1)]
            self.next += 1
            return n, entry


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the JSON log says what happened
        pass

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        n, entry = self.server.plan.take(self.path)
        record = {
            "n": n,
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "complete": len(body) == length,
        }
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(record) + "\n")
        time.sleep(float(entry.get("delay", 0)))
        if entry.get("close"):
            self.close_connection = True
            return
        payload = entry.get("body", "").encode("utf-8")
        try:
            self.send_response(int(entry.get("status", 200)))
            for name, value in entry.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (its timeout): nothing to answer

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up or fails the TLS handshake is expected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()

    with open(args.plan, encoding="utf-8") as f:
        plan = Plan(json.load(f))
    server = Server(("127.0.0.1", 0), Handler)
    server.plan = plan
    server.log_path = args.log
    server.log_lock = threading.Lock()
    open(args.log, "w").close()
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    time.sleep(args.lifetime)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
