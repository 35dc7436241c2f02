#!/usr/bin/env python3
"""registry_proxy.py -- a plain-HTTP loopback proxy in front of the test
registry that misbehaves on purpose, for tests/e2e/registry.sh.

Usage: registry_proxy.py PORTFILE UPSTREAM CAFILE [CHALLENGE]

It listens on a free 127.0.0.1 port (written to PORTFILE) and forwards
GET /v2/... to https://UPSTREAM (trusting CAFILE), passing the
Authorization header and the response headers back. The first path
component after /v2/ chooses the fault, then is replaced by "good":
  flaky/...  the first manifest and the first blob request answer 503
             with Retry-After: 1
  cut/...    a blob's body stops half way and the connection closes
  big/...    a manifest answers 5 MiB (more than assay's 4 MiB cap)
  expire/... (with CHALLENGE, a token registry behind) the first blob
             request made with a bearer token answers 401 with
             WWW-Authenticate: CHALLENGE, error="invalid_token", as a
             registry does when the token has expired meanwhile
  good/...   forwarded as it is
"""
import http.server
import socket
import ssl
import sys
import urllib.error
import urllib.request

PORTFILE, UPSTREAM, CAFILE = sys.argv[1:4]
CHALLENGE = sys.argv[4] if len(sys.argv) > 4 else None
CTX = ssl.create_default_context(cafile=CAFILE)
SEEN = set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = self.path.split("/")
        mode = parts[2] if len(parts) > 2 and parts[1] == "v2" else ""
        if mode in ("flaky", "cut", "big", "expire"):
            parts[2] = "good"
        kind = "manifests" if "/manifests/" in self.path else "blobs"
        if mode == "flaky" and kind not in SEEN:
            SEEN.add(kind)
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        auth = self.headers.get("Authorization", "")
        if (mode == "expire" and CHALLENGE and kind == "blobs" and
                auth.startswith("Bearer ") and "expired" not in SEEN):
            SEEN.add("expired")
            self.send_response(401)
            self.send_header("WWW-Authenticate",
                             CHALLENGE + ',error="invalid_token"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "big" and "/manifests/" in self.path:
            body = b" " * (5 << 20)
            self.send_response(200)
            self.send_header("Content-Type",
                             "application/vnd.oci.image.manifest.v1+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        req = urllib.request.Request("https://" + UPSTREAM + "/".join(parts))
        for h in ("Authorization", "Accept"):
            if self.headers.get(h):
                req.add_header(h, self.headers[h])
        try:
            resp = urllib.request.urlopen(req, context=CTX)
        except urllib.error.HTTPError as e:
            resp = e
        body = resp.read()
        self.send_response(resp.status if hasattr(resp, "status")
                           else resp.code)
        for k, v in resp.headers.items():
            if k.lower() not in ("content-length", "connection",
                                 "transfer-encoding"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if mode == "cut" and body[:2] == b"\x1f\x8b" and len(body) > 64:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.end_headers()
        self.wfile.write(body)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os  # noqa: E402
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
