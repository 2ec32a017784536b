#!/usr/bin/env python3
"""fake_ats.py — Greenhouse Harvest v1 and Lever v1, imitated on 127.0.0.1.

  fake_ats.py --data DIR --token-file F --port-file P --log L [--control C]
              [--idle SECONDS] [--life SECONDS] [--tls-cert PEM --tls-key PEM]

Serves the JSON files that tests/rest/make_fixtures.py wrote into DIR:

  Greenhouse (DIR/greenhouse/*.json): GET /v1/jobs, /v1/applications,
    /v1/offers, /v1/scheduled_interviews. Basic auth with the token as the
    user name and an empty password (else 401). page (from 1) and per_page
    (1..500, default 100; else 422), pages linked by a Link header with
    rel="next" and rel="last" (other parameters kept). Filters: updated_after
    (jobs, offers, interviews: updated_at >= it), last_activity_after
    (applications), both ISO-8601.
  Lever (DIR/lever/*.json): GET /v1/postings, /v1/opportunities,
    /v1/archive_reasons, /v1/stages. Basic auth with the key as the user name
    (else 401). {"data": [...], "hasNext": bool, "next": "..."}; limit
    (1..100, default 100; else 400), offset = the previous answer's next (an
    opaque token). updated_at_start (epoch ms, inclusive). Opportunities
    list applications as ids unless expand=applications.
  Generic (DIR/generic/requisitions.json), Bearer auth: /generic/link (Link
    header, per_page), /generic/cursor ({"results", "meta": {"next_cursor"}},
    cursor + size), /generic/page ({"items"}, page + size, 0-based none),
    /generic/none (the whole list). updated_since filters on `modified`.

Every request is logged to the log file as one JSON line: method, path,
query (a dict of lists), auth (whether the credentials were right), status,
fault, items (how many items the answer held; generic: before paging). The token itself is never logged.

Faults come from the control file (if given), re-read on every request: one
JSON object per line, {"path": "/v1/applications", "page": 2, "fault": F,
"times": 1, "seconds": 2}; "page" (optional) matches the page parameter
(Greenhouse page, generic page) or the n-th request of a Lever/cursor path;
"times" (default 1) bounds how often it fires (counted afresh whenever the
file's content changes). F is one of:
  401          refuse the credentials
  429          too many requests, Retry-After: <seconds> (default 1)
  429_bare     too many requests without Retry-After
  500          internal error (then, when times runs out, success)
  reset        close the connection with a TCP reset before answering
  short        Content-Length larger than the body sent, then close
  badjson      a 200 whose body is not JSON
  shape        a 200 whose body is JSON of the wrong shape (an object)
  slow         answer after <seconds> (default 5)

Bounded: exits after --idle seconds without a request (default 30) or
--life seconds in all (default 300), or when killed.
"""
import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GREENHOUSE = {"/v1/jobs": ("jobs.json", "updated_after", "updated_at"),
              "/v1/applications": ("applications.json", "last_activity_after", "last_activity_at"),
              "/v1/offers": ("offers.json", "updated_after", "updated_at"),
              "/v1/scheduled_interviews": ("scheduled_interviews.json", "updated_after", "updated_at")}
LEVER = {"/v1/postings": "postings.json", "/v1/opportunities": "opportunities.json",
         "/v1/archive_reasons": "archive_reasons.json", "/v1/stages": "stages.json"}


def parse_iso(text):
    """Harvest's ISO-8601 forms ('...Z', with or without ms) as an aware datetime."""
    t = text.strip().replace("Z", "+00:00")
    return dt.datetime.fromisoformat(t) if "T" in t else \
        dt.datetime.fromisoformat(t + "T00:00:00+00:00")


class State:
    def __init__(self, args):
        self.args = args
        self.token = open(args.token_file).read().strip()
        self.lock = threading.Lock()
        self.fired = {}          # control line index -> times fired
        self.requests = {}       # path -> requests seen (for Lever/cursor "page")
        self.last = time.monotonic()

    def faults(self):
        if not self.args.control or not os.path.exists(self.args.control):
            return []
        with open(self.args.control) as f:
            text = f.read()
        with self.lock:
            if text != getattr(self, "control_text", None):
                self.control_text = text  # new faults: count them afresh
                self.fired = {}
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def log(self, entry):
        with self.lock, open(self.args.log, "a") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-ats/1.0"

    def log_message(self, fmt, *a):  # quiet: the JSON log says everything
        pass

    # ---------------------------------------------------------------- helpers
    def send_json(self, status, obj, headers=None, entry=None):
        body = json.dumps(obj).encode()
        self.send_raw(status, body, headers, entry)

    def send_raw(self, status, body, headers=None, entry=None, length=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if entry is not None:
            entry["status"] = status

    def canonical_host(self):
        """The server's own name for itself in links, as real APIs do
        (harvest.greenhouse.io), whatever Host the client sent."""
        return "127.0.0.1:%d" % self.server.server_address[1]

    def auth_basic_user_ok(self):
        h = self.headers.get("Authorization", "")
        if not h.startswith("Basic "):
            return False
        try:
            user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
        except Exception:
            return False
        return user == self.server.state.token and pw == ""

    def auth_bearer_ok(self):
        return self.headers.get("Authorization", "") == "Bearer " + self.server.state.token

    def load(self, *parts):
        with open(os.path.join(self.server.state.args.data, *parts)) as f:
            return json.load(f)

    def fault_for(self, path, page):
        st = self.server.state
        for i, fl in enumerate(st.faults()):
            if fl.get("path") not in (None, path):
                continue
            if "page" in fl and int(fl["page"]) != page:
                continue
            with st.lock:
                n = st.fired.get(i, 0)
                if n >= int(fl.get("times", 1)):
                    continue
                st.fired[i] = n + 1
            return fl
        return None

    def apply_fault(self, fl, entry):
        """Answer with the fault FL; True when the request is done."""
        f = fl["fault"]
        entry["fault"] = f
        if f == "401":
            self.send_json(401, {"message": "Invalid Basic Auth credentials"}, entry=entry)
        elif f == "429":
            self.send_json(429, {"message": "Rate limit exceeded"},
                           {"Retry-After": str(fl.get("seconds", 1)),
                            "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0"}, entry=entry)
        elif f == "429_bare":
            self.send_json(429, {"message": "Rate limit exceeded"}, entry=entry)
        elif f == "500":
            self.send_json(500, {"message": "Internal server error"}, entry=entry)
        elif f == "reset":
            # SO_LINGER with a zero timeout: close() sends a TCP RST.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            entry["status"] = 0
            self.connection.close()
        elif f == "short":
            body = b'[{"id": 1, "name": "cut'
            self.send_raw(200, body, entry=entry, length=len(body) + 4000)
            self.close_connection = True
        elif f == "badjson":
            self.send_raw(200, b'[{"id": 1,, "oops"', entry=entry)
        elif f == "shape":
            self.send_json(200, {"message": "not a list"}, entry=entry)
        elif f == "slow":
            time.sleep(float(fl.get("seconds", 5)))
            return False  # then answer normally (if the client still listens)
        else:
            raise ValueError("unknown fault " + f)
        return True

    # ----------------------------------------------------------------- routes
    def do_GET(self):  # noqa: N802
        st = self.server.state
        st.last = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        path = url.path
        entry = {"method": "GET", "path": path, "query": q, "auth": False, "status": None}
        try:
            if path in GREENHOUSE:
                self.greenhouse(path, q, entry)
            elif path in LEVER:
                self.lever(path, q, entry)
            elif path.startswith("/generic/"):
                self.generic(path, q, entry)
            else:
                self.send_json(404, {"message": "not found"}, entry=entry)
        except (BrokenPipeError, ConnectionResetError):
            entry["status"] = entry["status"] or -1
        finally:
            st.log(entry)

    def page_of(self, path, q, key="page"):
        if key in q:
            return int(q[key][0])
        st = self.server.state
        with st.lock:
            st.requests[path] = st.requests.get(path, 0) + 1
            return st.requests[path]

    def greenhouse(self, path, q, entry):
        entry["auth"] = self.auth_basic_user_ok()
        try:
            page = int(q.get("page", ["1"])[0])
            per_page = int(q.get("per_page", ["100"])[0])
        except ValueError:
            return self.send_json(422, {"message": "Validation error"}, entry=entry)
        fl = self.fault_for(path, page)
        if fl and self.apply_fault(fl, entry):
            return
        if not entry["auth"]:
            return self.send_json(401, {"message": "Invalid Basic Auth credentials"}, entry=entry)
        if not 1 <= per_page <= 500 or page < 1:
            return self.send_json(422, {"message": "Validation error",
                                        "errors": [{"message": "per_page must be 1 to 500",
                                                    "field": "per_page"}]}, entry=entry)
        fname, fparam, ffield = GREENHOUSE[path]
        items = self.load("greenhouse", fname)
        if fparam in q:
            since = parse_iso(q[fparam][0])
            items = [i for i in items if parse_iso(i[ffield]) >= since]
        start = (page - 1) * per_page
        chunk = items[start:start + per_page]
        last = max(1, (len(items) + per_page - 1) // per_page)
        host = self.canonical_host()

        def link(p):
            qq = {k: v[0] for k, v in q.items()}
            qq["page"] = str(p)
            qq["per_page"] = str(per_page)
            return "<%s://%s%s?%s>" % (self.server.scheme, host, path, urllib.parse.urlencode(qq))
        links = []
        if page < last:
            links.append(link(page + 1) + '; rel="next"')
        if page > 1:
            links.append(link(page - 1) + '; rel="prev"')
        links.append(link(last) + '; rel="last"')
        entry["items"] = len(chunk)
        self.send_json(200, chunk, {"Link": ", ".join(links)}, entry=entry)

    def lever(self, path, q, entry):
        entry["auth"] = self.auth_basic_user_ok()
        page = self.page_of(path, q, key="__never__")
        fl = self.fault_for(path, page)
        if fl and self.apply_fault(fl, entry):
            return
        if not entry["auth"]:
            return self.send_json(401, {"code": "UnauthorizedError",
                                        "message": "Invalid API key"}, entry=entry)
        try:
            limit = int(q.get("limit", ["100"])[0])
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            return self.send_json(400, {"code": "BadRequestError",
                                        "message": "limit must be between 1 and 100"}, entry=entry)
        items = self.load("lever", LEVER[path])
        if "updated_at_start" in q and path in ("/v1/postings", "/v1/opportunities"):
            since = int(q["updated_at_start"][0])
            items = [i for i in items if i["updatedAt"] >= since]
        if path == "/v1/opportunities" and "applications" not in q.get("expand", []):
            items = [dict(i, applications=[a["id"] for a in i["applications"]]) for i in items]
        start = 0
        if "offset" in q:
            tok = q["offset"][0]
            try:
                start = int(tok.split(".")[1])
                ok = tok == self.offset_token(path, start)
            except (IndexError, ValueError):
                ok = False
            if not ok:
                return self.send_json(400, {"code": "BadRequestError",
                                            "message": "Invalid offset"}, entry=entry)
        chunk = items[start:start + limit]
        entry["items"] = len(chunk)
        body = {"data": chunk, "hasNext": start + limit < len(items)}
        if body["hasNext"]:
            body["next"] = self.offset_token(path, start + limit)
        self.send_json(200, body, entry=entry)

    @staticmethod
    def offset_token(path, pos):
        """Lever's offsets look like '0.1414895548650.a6070140-...': opaque to clients."""
        h = hashlib.sha1(("%s:%d" % (path, pos)).encode()).hexdigest()
        return "0.%d.%s-%s" % (pos, h[:8], h[8:12])

    def generic(self, path, q, entry):
        entry["auth"] = self.auth_bearer_ok()
        style = path.split("/")[2] if path.count("/") >= 2 else ""
        page = self.page_of(path, q, key="page" if style in ("link", "page") else "__never__")
        fl = self.fault_for(path, page)
        if fl and self.apply_fault(fl, entry):
            return
        if not entry["auth"]:
            return self.send_json(401, {"error": "unauthorized"}, entry=entry)
        items = self.load("generic", "requisitions.json")
        if "updated_since" in q:
            since = parse_iso(q["updated_since"][0])
            items = [i for i in items if parse_iso(i["modified"]) >= since]
        entry["items"] = len(items)
        if style == "none":
            return self.send_json(200, items, entry=entry)
        size = int(q.get("per_page", q.get("size", ["5"]))[0])
        if not 1 <= size <= 10:  # a deliberately small limit: several pages
            return self.send_json(400, {"error": "size must be 1 to 10"}, entry=entry)
        if style == "link":
            p = int(q.get("page", ["1"])[0])
            chunk = items[(p - 1) * size:p * size]
            headers = {}
            if p * size < len(items):
                qq = {k: v[0] for k, v in q.items()}
                qq["page"] = str(p + 1)
                headers["Link"] = '<http://%s%s?%s>; rel="next"' % (
                    self.canonical_host(), path, urllib.parse.urlencode(qq))
            return self.send_json(200, chunk, headers, entry=entry)
        if style == "page":
            p = int(q.get("page", ["1"])[0])
            return self.send_json(200, {"items": items[(p - 1) * size:p * size]}, entry=entry)
        if style == "cursor":
            start = int(base64.urlsafe_b64decode(q["cursor"][0]).decode()) if "cursor" in q else 0
            chunk = items[start:start + size]
            nxt = base64.urlsafe_b64encode(str(start + size).encode()).decode() \
                if start + size < len(items) else None
            return self.send_json(200, {"results": chunk, "meta": {"next_cursor": nxt}}, entry=entry)
        self.send_json(404, {"error": "no such style"}, entry=entry)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--control")
    ap.add_argument("--idle", type=float, default=30)
    ap.add_argument("--life", type=float, default=300)
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate ...")
    ap.add_argument("--tls-key", help="... and this PEM key")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        srv.scheme = "https"
    else:
        srv.scheme = "http"
    srv.daemon_threads = True
    srv.state = State(args)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, args.port_file)  # the port appears whole or not at all
    started = time.monotonic()

    def watchdog():
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            if now - srv.state.last > args.idle or now - started > args.life:
                os._exit(0)
    threading.Thread(target=watchdog, daemon=True).start()
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
