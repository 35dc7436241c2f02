#!/bin/sh
# registry.sh -- scan images where they live: `assay scan docker://...`
# against Debian's docker-registry (the CNCF distribution registry),
# started here on 127.0.0.1 on a free port with TLS from a CA this test
# makes and htpasswd basic auth, the fixture archives pushed to it with
# `skopeo copy` (docker and OCI forms, and a multi-platform index).
#
# Checks:
#   - by tag and by digest, each image's JSON verdicts (rule, status,
#     message, evidence) equal those of the archive it was pushed from;
#     the report's target names the reference, the registry and the
#     resolved digest (skopeo's); --platform picks in the index;
#   - credentials come from $REGISTRY_AUTH_FILE, or from the credential
#     helper it names (a script standing in for docker-credential-NAME);
#     none is ever printed;
#   - --tls-verify=false is said in the report's target;
#   - failures exit 3 with one line naming registry, repository and the
#     cause: wrong password, no credentials, an untrusted CA, an unknown
#     tag, a schema-less reference, a manifest over the cap, a blob cut
#     off mid-way, a blob altered in the registry's storage; and a
#     registry answering 503 (Retry-After) then 200 is retried; and
#     libcurl missing (an empty file mounted over it: it is dlopen()ed).
#     The misbehaving registry is tests/e2e/registry_proxy.py, a
#     plain-HTTP loopback proxy in front of the real one (plain HTTP is
#     allowed on loopback only).
#
# Needs root (the fixture image cache), docker-registry, skopeo, htpasswd,
# openssl, python3 (autotools/deps.sh installs them).

set -u

ASSAY=${ASSAY:-${top_builddir:-.}/assay}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"
POLICY=$top_srcdir/policies/container-image
IMAGES=${ASSAY_FIXTURE_IMAGES:-${TMPDIR:-/tmp}/assay-fixture-images}

for tool in docker-registry skopeo htpasswd openssl python3 buildah; do
	command -v "$tool" >/dev/null 2>&1 ||
		e2e_skip "$tool is not installed (autotools/deps.sh)"
done
[ "$(id -u)" = 0 ] || e2e_skip "building the fixture images needs root"
"$ASSAY" --version >/dev/null 2>&1 || e2e_skip "$ASSAY does not run"

sh "$top_srcdir/fixtures/images/build.sh" "$IMAGES" || {
	echo "FAIL: fixtures/images/build.sh failed"
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/assay-registry.XXXXXX") || exit 99
pids=""
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# --- a CA, a server certificate for 127.0.0.1, a user ---------------------
mkdir -p "$tmp/certs" "$tmp/storage"
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
# shellcheck disable=SC2086 # $ec is options
openssl req -x509 $ec -days 2 -subj /CN=assay-test-ca \
    -keyout "$tmp/ca.key" -out "$tmp/certs/ca.crt" 2>/dev/null &&
openssl req $ec -subj /CN=127.0.0.1 -keyout "$tmp/server.key" \
    -out "$tmp/server.csr" 2>/dev/null &&
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tmp/ext.cnf" &&
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/certs/ca.crt" \
    -CAkey "$tmp/ca.key" -CAcreateserial -days 2 -extfile "$tmp/ext.cnf" \
    -out "$tmp/server.crt" 2>/dev/null || { echo "FAIL: openssl"; exit 1; }
user=alice
pw=assay-test-Pw-9f2c1b
htpasswd -Bbn "$user" "$pw" >"$tmp/htpasswd" 2>/dev/null

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- the registry ---------------------------------------------------------
port=$(free_port)
reg=127.0.0.1:$port
cat >"$tmp/config.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $tmp/storage
http:
  addr: $reg
  tls:
    certificate: $tmp/server.crt
    key: $tmp/server.key
auth:
  htpasswd:
    realm: assay-test
    path: $tmp/htpasswd
EOF
docker-registry serve "$tmp/config.yml" >"$tmp/registry.log" 2>&1 &
pids="$pids $!"
up=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.25
done
[ $up = 1 ] || { echo "FAIL: docker-registry did not start:"; cat "$tmp/registry.log"; exit 1; }

push() {	# push SRC NAME:TAG [skopeo options]
	src=$1
	dst=$2
	shift 2
	skopeo copy -q "$@" --dest-creds "$user:$pw" \
	    --dest-cert-dir "$tmp/certs" "$src" "docker://$reg/$dst" \
	    >"$tmp/push.log" 2>&1 || {
		echo "FAIL: skopeo copy $src: $(cat "$tmp/push.log")"
		exit 1
	}
}
for img in good bad-files; do
	push "docker-archive:$IMAGES/$img.docker.tar" "$img:docker"
	push "oci-archive:$IMAGES/$img.oci.tar" "$img:oci"
done

# A multi-platform index: good as linux/amd64, bad-files as linux/arm64.
skopeo copy -q "oci-archive:$IMAGES/good.oci.tar" "oci:$tmp/multi:a" &&
skopeo copy -q "oci-archive:$IMAGES/bad-files.oci.tar" "oci:$tmp/multi:b" ||
	{ echo "FAIL: skopeo copy to an OCI layout"; exit 1; }
python3 - "$tmp/multi" <<'EOF' || { echo "FAIL: building the index"; exit 1; }
import hashlib, json, os, sys
d = sys.argv[1]
idx = json.load(open(os.path.join(d, "index.json")))
plat = {"a": "amd64", "b": "arm64"}
ms = []
for m in idx["manifests"]:
    ref = m["annotations"]["org.opencontainers.image.ref.name"]
    ms.append({"mediaType": m["mediaType"], "digest": m["digest"],
               "size": m["size"],
               "platform": {"os": "linux", "architecture": plat[ref]}})
inner = json.dumps({"schemaVersion": 2,
                    "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": ms}).encode()
h = hashlib.sha256(inner).hexdigest()
open(os.path.join(d, "blobs", "sha256", h), "wb").write(inner)
idx["manifests"] = [{"mediaType": "application/vnd.oci.image.index.v1+json",
                     "digest": "sha256:" + h, "size": len(inner),
                     "annotations": {"org.opencontainers.image.ref.name":
                                     "multi"}}]
json.dump(idx, open(os.path.join(d, "index.json"), "w"))
EOF
push "oci:$tmp/multi:multi" "multi:latest" --multi-arch all

printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$reg" \
    "$(printf '%s:%s' "$user" "$pw" | base64)" >"$tmp/auth.json"
REGISTRY_AUTH_FILE=$tmp/auth.json
export REGISTRY_AUTH_FILE

# scan NAME TARGET [options]: JSON into $tmp/NAME.json, exit code .rc,
# stderr .err
scan() {
	name=$1
	target=$2
	shift 2
	"$ASSAY" scan --policy "$POLICY" "$@" --format json="$tmp/$name.json" \
	    "$target" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# same NAME ARCHIVE-NAME: the verdicts of the two reports are equal
same() {
	if python3 - "$tmp/$1.json" "$tmp/$2.json" <<'EOF'
import json, sys
def v(f):
    return [(r["rule"], r["status"], r["message"], r.get("evidence"))
            for r in json.load(open(f))["results"]]
a, b = v(sys.argv[1]), v(sys.argv[2])
if a != b or not a:
    for x, y in zip(a, b):
        if x != y:
            print("  registry:", x, "\n  archive: ", y)
    sys.exit(1)
EOF
	then
		ok "$1: verdicts equal the archive's"
	else
		bad "$1: verdicts differ from the archive's ($(cat "$tmp/$1.err"))"
	fi
}

for img in good bad-files; do
	for form in docker oci; do
		scan "a-$img-$form" "$IMAGES/$img.$form.tar"
		scan "r-$img-$form" "docker://$reg/$img:$form" \
		    --cert-dir "$tmp/certs"
		same "r-$img-$form" "a-$img-$form"
	done
done

# by digest, the one skopeo computes; the report names it and the registry
dg=$(skopeo inspect --raw --creds "$user:$pw" --cert-dir "$tmp/certs" \
    "docker://$reg/good:oci" | sha256sum | cut -d' ' -f1)
scan r-digest "docker://$reg/good@sha256:$dg" --cert-dir "$tmp/certs"
same r-digest a-good-oci
if python3 - "$tmp/r-good-oci.json" "$dg" "$reg" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["target"]
dg, reg = sys.argv[2], sys.argv[3]
ok = (t["kind"] == "registry" and t["path"] == "docker://%s/good:oci" % reg
      and "registry %s (https)" % reg in t["description"]
      and "digest sha256:" + dg in t["description"]
      and t["manifest_digest"] == "sha256:" + dg)
sys.exit(0 if ok else 1)
EOF
then
	ok "target: reference, registry and resolved digest"
else
	bad "target: $(cat "$tmp/r-good-oci.json" | head -c 600)"
fi

# the index: linux/amd64 by default, --platform linux/arm64 the other
scan r-multi "docker://$reg/multi:latest" --cert-dir "$tmp/certs"
same r-multi a-good-oci
scan r-multi-arm "docker://$reg/multi:latest" --cert-dir "$tmp/certs" \
    --platform linux/arm64
same r-multi-arm a-bad-files-oci

scan r-insecure "docker://$reg/good:docker" --tls-verify=false --width 0 \
    --format text="$tmp/r-insecure.txt" --format sarif="$tmp/r-insecure.sarif" \
    --format junit="$tmp/r-insecure.xml" --format html="$tmp/r-insecure.html" \
    --format markdown="$tmp/r-insecure.md"
same r-insecure a-good-docker
reports="json txt sarif xml html md"
if [ "$(for e in $reports; do grep -c 'TLS verification off (--tls-verify=false)' \
    "$tmp/r-insecure.$e"; done | grep -c '^0$')" = 0 ]; then
	ok "--tls-verify=false: the reports say so"
else
	bad "--tls-verify=false: not said in every report"
fi

# fails NAME WANT-RC PATTERN: exit code and one line naming the cause
fails() {
	rc=$(cat "$tmp/$1.rc")
	if [ "$rc" = "$2" ] && [ "$(wc -l <"$tmp/$1.err")" -eq 1 ] &&
	    grep -q -e "$3" "$tmp/$1.err"; then
		ok "$1: exit $rc, $(cat "$tmp/$1.err")"
	else
		bad "$1: exit $rc (want $2, /$3/): $(cat "$tmp/$1.err")"
	fi
}
where="docker://$reg/good:docker: registry $reg, repository good: "

printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$reg" \
    "$(printf '%s:wrong-Pw-77' "$user" | base64)" >"$tmp/wrong.json"
REGISTRY_AUTH_FILE=$tmp/wrong.json scan f-password "docker://$reg/good:docker" \
    --cert-dir "$tmp/certs"
fails f-password 3 "^assay: ${where}manifest tag docker: HTTP 401 unauthorized.*the credentials were refused"
printf '{"auths":{}}\n' >"$tmp/none.json"
REGISTRY_AUTH_FILE=$tmp/none.json scan f-nocreds "docker://$reg/good:docker" \
    --cert-dir "$tmp/certs"
fails f-nocreds 3 "^assay: ${where}.*HTTP 401 unauthorized.*no credentials for this registry"
scan f-untrusted "docker://$reg/good:docker"
fails f-untrusted 3 "^assay: ${where}manifest tag docker: TLS: SSL certificate problem: unable to get local issuer certificate"
scan f-unknown "docker://$reg/good:nope" --cert-dir "$tmp/certs"
fails f-unknown 3 "repository good: manifest tag nope: HTTP 404 not found (MANIFEST_UNKNOWN"
scan f-ref "docker://$reg/Good:x"
fails f-ref 3 'malformed repository name "Good"'
scan f-refused "docker://127.0.0.1:1/good:x" --timeout 5
fails f-refused 3 "registry 127.0.0.1:1, repository good: manifest tag x: .*onnect"
# libcurl is dlopen()ed for docker:// only (engine/target/curl_dl.h):
# hidden by an empty file mounted over it, the scan says which library
lib=$(ldconfig -p | awk '$1 == "libcurl.so.4" && $NF ~ /^\// { print $NF; exit }')
if [ -n "$lib" ] && command -v unshare >/dev/null 2>&1; then
	: >"$tmp/empty.so"
	unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
	    "$tmp/empty.so" "$lib" "$ASSAY" scan --policy "$POLICY" \
	    "docker://$reg/good:docker" >"$tmp/f-nocurl.out" \
	    2>"$tmp/f-nocurl.err"
	echo $? >"$tmp/f-nocurl.rc"
	fails f-nocurl 3 "registry targets need libcurl (libcurl.so.4, Debian package libcurl4), which cannot be loaded: .*libcurl.so.4"
else
	bad "libcurl.so.4 (ldconfig -p) or unshare (util-linux) not found"
fi

# --- a misbehaving registry: the proxy -------------------------------------
python3 "$top_srcdir/tests/e2e/registry_proxy.py" "$tmp/proxy.port" "$reg" \
    "$tmp/certs/ca.crt" 2>"$tmp/proxy.log" &
pids="$pids $!"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$tmp/proxy.port" ] && break
	sleep 0.25
done
px=127.0.0.1:$(cat "$tmp/proxy.port")
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$px" \
    "$(printf '%s:%s' "$user" "$pw" | base64)" >"$tmp/pauth.json"
REGISTRY_AUTH_FILE=$tmp/pauth.json scan p-flaky "docker://$px/flaky:docker"
same p-flaky a-good-docker
grep -q "registry $px (http)" "$tmp/p-flaky.json" &&
	ok "plain HTTP on loopback, and the report says http" ||
	bad "plain HTTP on loopback: $(head -c 400 "$tmp/p-flaky.json")"
REGISTRY_AUTH_FILE=$tmp/pauth.json scan p-cut "docker://$px/cut:docker"
fails p-cut 3 "registry $px, repository cut: blob sha256:[0-9a-f]*: the transfer broke off after [0-9]* bytes"
REGISTRY_AUTH_FILE=$tmp/pauth.json scan p-big "docker://$px/big:docker"
fails p-big 3 "registry $px, repository big: manifest tag docker: more than the 4194304-byte cap"

# --- credential helpers: docker-credential-NAME get, as docker runs it ----
mkdir -p "$tmp/bin"
cat >"$tmp/bin/docker-credential-assaytest" <<EOF
#!/bin/sh
[ "\$1" = get ] || exit 2
read -r server
echo "\$server" >>"$tmp/helper.calls"
if [ "\$server" = "$reg" ]; then
	printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "\$server" "$user" "$pw"
else
	echo "credentials not found in native keychain"
	exit 1
fi
EOF
chmod +x "$tmp/bin/docker-credential-assaytest"
printf '{"auths":{"%s":{}},"credHelpers":{"%s":"assaytest"}}\n' "$reg" \
    "$reg" >"$tmp/helper.json"
PATH=$tmp/bin:$PATH REGISTRY_AUTH_FILE=$tmp/helper.json \
    scan h-helper "docker://$reg/good:docker" --cert-dir "$tmp/certs"
same h-helper a-good-docker
[ "$(cat "$tmp/helper.calls" 2>/dev/null)" = "$reg" ] &&
	ok "credential helper: run once, the server on its stdin" ||
	bad "credential helper calls: $(cat "$tmp/helper.calls" 2>/dev/null)"
printf '{"credsStore":"assaytest"}\n' >"$tmp/store.json"
PATH=$tmp/bin:$PATH REGISTRY_AUTH_FILE=$tmp/store.json \
    scan h-store "docker://127.0.0.1:1/good:docker" --timeout 5
fails h-store 3 "registry 127.0.0.1:1, repository good: manifest tag docker: .*onnect"
printf '{"credsStore":"assay-missing"}\n' >"$tmp/missing.json"
REGISTRY_AUTH_FILE=$tmp/missing.json scan h-missing "docker://$reg/good:docker"
fails h-missing 3 "registry $reg, repository good: credential helper docker-credential-assay-missing: "

# --- the bearer token flow: the same storage behind token auth ------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=assay-token \
    -keyout "$tmp/token.key" -out "$tmp/token.crt" 2>/dev/null ||
	{ echo "FAIL: openssl (token key)"; exit 1; }
python3 "$top_srcdir/tests/e2e/registry_token.py" "$tmp/token.port" \
    "$tmp/token.key" "$tmp/token.crt" "$user" "$pw" 2>"$tmp/token.err" &
pids="$pids $!"
port2=$(free_port)
reg2=127.0.0.1:$port2
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$tmp/token.port" ] && break
	sleep 0.25
done
realm=http://127.0.0.1:$(cat "$tmp/token.port")/token
cat >"$tmp/config2.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $tmp/storage
http:
  addr: $reg2
  tls:
    certificate: $tmp/server.crt
    key: $tmp/server.key
auth:
  token:
    realm: $realm
    service: assay-test
    issuer: assay-test-issuer
    rootcertbundle: $tmp/token.crt
EOF
# (docker-registry reads REGISTRY_* variables as settings: not ours)
env -u REGISTRY_AUTH_FILE docker-registry serve "$tmp/config2.yml" >"$tmp/registry2.log" 2>&1 &
pids="$pids $!"
up=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port2" 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.25
done
[ $up = 1 ] || { echo "FAIL: docker-registry (token) did not start:"; cat "$tmp/registry2.log"; exit 1; }
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$reg2" \
    "$(printf '%s:%s' "$user" "$pw" | base64)" >"$tmp/auth2.json"
REGISTRY_AUTH_FILE=$tmp/auth2.json scan t-bearer "docker://$reg2/good:docker" \
    --cert-dir "$tmp/certs"
same t-bearer a-good-docker
ntok=$(wc -l <"$tmp/token.port.log" 2>/dev/null || echo 0)
[ "$ntok" -eq 1 ] && ok "bearer: one token for the whole run" ||
	bad "bearer: $ntok tokens fetched (want 1, cached for the run)"
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$reg2" \
    "$(printf '%s:wrong-Pw-77' "$user" | base64)" >"$tmp/wrong2.json"
REGISTRY_AUTH_FILE=$tmp/wrong2.json scan t-password "docker://$reg2/good:docker" \
    --cert-dir "$tmp/certs"
fails t-password 3 "registry $reg2, repository good: manifest tag docker: token server: HTTP 401 unauthorized (wrong credentials?)"
# a token refused later in the run (expired) is fetched again
python3 "$top_srcdir/tests/e2e/registry_proxy.py" "$tmp/proxy2.port" "$reg2" \
    "$tmp/certs/ca.crt" "Bearer realm=\"$realm\",service=\"assay-test\",scope=\"repository:good:pull\"" \
    2>"$tmp/proxy2.log" &
pids="$pids $!"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$tmp/proxy2.port" ] && break
	sleep 0.25
done
px2=127.0.0.1:$(cat "$tmp/proxy2.port")
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$px2" \
    "$(printf '%s:%s' "$user" "$pw" | base64)" >"$tmp/pauth2.json"
before=$(wc -l <"$tmp/token.port.log")
REGISTRY_AUTH_FILE=$tmp/pauth2.json scan t-expire "docker://$px2/expire:docker"
same t-expire a-good-docker
after=$(wc -l <"$tmp/token.port.log")
[ $((after - before)) -ge 2 ] && ok "bearer: a refused token is fetched again" ||
	bad "bearer: $((after - before)) tokens fetched (want a refresh)"

# --- a blob altered in the registry's storage (last: blobs are shared) ----
layer=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"][7:])' \
    <"$tmp/storage/docker/registry/v2/blobs/sha256/$(printf %.2s "$dg")/$dg/data")
data=$tmp/storage/docker/registry/v2/blobs/sha256/$(printf %.2s "$layer")/$layer/data
python3 - "$data" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x55
open(sys.argv[1], "wb").write(bytes(b))
EOF
scan f-altered "docker://$reg/good:oci" --cert-dir "$tmp/certs"
fails f-altered 3 "sha256:$layer\|$(printf %.12s "$layer")"

# --- no credential in any output ------------------------------------------
b64=$(printf '%s:%s' "$user" "$pw" | base64)
if grep -l -F -e "$pw" -e "$b64" -e "wrong-Pw-77" -f "$tmp/token.port.log" \
    "$tmp"/*.out "$tmp"/*.err "$tmp"/*.json "$tmp"/r-insecure.* \
    2>/dev/null | grep -v 'auth2\{0,1\}.json$\|wrong2\{0,1\}.json$' |
    grep -q .; then
	bad "a credential was printed"
else
	ok "no credential in any report or message"
fi

echo "registry.sh: $pass passed, $fail failed"
[ $fail -eq 0 ]
