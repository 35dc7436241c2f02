#!/usr/bin/env python3
"""registry_token.py -- the token server of the distribution token spec
(docs/spec/auth/token.md of distribution 2.8) for tests/e2e/registry.sh.

Usage: registry_token.py PORTFILE KEY CERT USER PASSWORD

Listens on a free 127.0.0.1 port (written to PORTFILE). GET /token with
Basic USER:PASSWORD answers {"token": JWT, "expires_in": 300}: an RS256
JWT (signed by `openssl dgst -sha256 -sign KEY`, its certificate CERT in
the x5c header, which the registry's rootcertbundle trusts) granting pull
on the repository of the scope asked for. Wrong or no credentials: 401.
Every token issued is appended to PORTFILE.log (one line each), so the
test can count them and grep outputs for them.
"""
import base64
import http.server
import json
import os
import subprocess
import sys
import time
import urllib.parse

PORTFILE, KEY, CERT, USER, PASSWORD = sys.argv[1:6]


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def der_cert():
    pem = open(CERT).read()
    body = pem.split("-----BEGIN CERTIFICATE-----")[1]
    body = body.split("-----END CERTIFICATE-----")[0]
    return "".join(body.split())


def jwt(scope):
    now = int(time.time())
    access = []
    parts = scope.split(":")
    if len(parts) == 3 and parts[0] == "repository":
        access = [{"type": "repository", "name": parts[1],
                   "actions": ["pull"]}]
    head = {"typ": "JWT", "alg": "RS256", "x5c": [der_cert()]}
    claims = {"iss": "assay-test-issuer", "sub": USER, "aud": "assay-test",
              "exp": now + 300, "nbf": now - 10, "iat": now,
              "jti": b64url(os.urandom(12)), "access": access}
    signing = (b64url(json.dumps(head).encode()) + "." +
               b64url(json.dumps(claims).encode()))
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY],
                         input=signing.encode(), capture_output=True,
                         check=True).stdout
    return signing + "." + b64url(sig)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        want = "Basic " + base64.b64encode(
            (USER + ":" + PASSWORD).encode()).decode()
        if url.path != "/token":
            self.reply(404, {"error": "not found"})
            return
        if self.headers.get("Authorization") != want:
            self.reply(401, {"error": "bad credentials"})
            return
        tok = jwt(q.get("scope", [""])[0])
        with open(PORTFILE + ".log", "a") as f:
            f.write(tok + "\n")
        self.reply(200, {"token": tok, "expires_in": 300})


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
