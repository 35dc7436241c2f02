#!/bin/sh
# secrets.sh -- the secrets pack and the `secrets` check type, end to end.
#
# fixtures/secrets/mkcorpus.py writes a root of true positives (every
# detector, keys wrapped in YAML and escaped in JSON, credentials in
# minified JavaScript) and traps (public keys, certificates, lock-file
# and SRI hashes, a base64 image, documented example keys, UUIDs,
# placeholders, /etc/shadow, a binary), and a docker-archive whose later
# layers delete, hide (opaque directory) and replace files holding
# secrets. This script asserts:
#   - recall 100% and no false positive on the corpus (printed as
#     precision/recall): each file of expected.tsv is found by exactly
#     its detectors, no other file is reported;
#   - no report format (text, json, sarif, junit, html, markdown) and no
#     stderr output carries any planted secret;
#   - every rule of the pack fails on the corpus and passes on its traps
#     alone (the passing and the failing fixture of each rule);
#   - a file over --max-file-size is skipped and counted;
#   - in the image, each hidden secret names the layer that added it and
#     the one that deleted, hid or replaced it, with their build steps;
#   - a waiver by fingerprint covers exactly that secret;
#   - a bad detector, or a rule over the keyword cap, is a policy error
#     (exit 2) with its message.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/preamble.sh
. "$top_srcdir/tests/e2e/preamble.sh"
e2e_start secrets assay python3
pack=$SRC/policies/secrets

python3 "$SRC/fixtures/secrets/mkcorpus.py" "$tmp" || exit 99

# --- the corpus: every format, precision and recall -----------------
"$ASSAY" scan --policy "$pack" --format "text=$tmp/r.txt" \
    --format "json=$tmp/r.json" --format "sarif=$tmp/r.sarif" \
    --format "junit=$tmp/r.xml" --format "html=$tmp/r.html" \
    --format "markdown=$tmp/r.md" "$tmp/root" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "corpus scan: exit $rc, expected 1: $(cat "$tmp/err")"

python3 - "$tmp/r.json" "$tmp/expected.tsv" <<'PY' || fails=$((fails + 1))
import json, sys
report = json.load(open(sys.argv[1]))
want = {}
for line in open(sys.argv[2]):
    path, dets = line.rstrip("\n").split("\t")
    for d in dets.split():
        want[(path, d)] = True
got = set()
for res in report["results"]:
    for ev in res.get("evidence", []):
        if ev.get("kind") == "violation" and ev.get("path"):
            got.add((ev["path"], ev["message"].split(" ", 1)[0]))
tp = len(got & set(want))
fp = sorted(got - set(want))
fn = sorted(set(want) - got)
prec = tp / (tp + len(fp)) if got else 0.0
rec = tp / len(want)
print("secrets corpus: %d planted, %d found, %d false positives: "
      "precision %.1f%%, recall %.1f%%" % (len(want), tp, len(fp),
                                            100 * prec, 100 * rec))
for p, d in fp:
    print("FAIL: false positive: %s by %s" % (p, d))
for p, d in fn:
    print("FAIL: missed: %s (%s)" % (p, d))
sys.exit(1 if fp or fn else 0)
PY

# No output may carry a planted secret.
for f in r.txt r.json r.sarif r.xml r.html r.md out err; do
	if grep -F -f "$tmp/planted.txt" "$tmp/$f" >"$tmp/leak" 2>&1; then
		fail "$f carries a planted secret: $(head -c 300 "$tmp/leak")"
	fi
done
grep -q 'sha256:[0-9a-f]\{64\}' "$tmp/r.txt" ||
	fail "the text report lacks the secrets' fingerprints"

# Each rule fails on the corpus and passes on its traps alone.
cp -R "$tmp/root" "$tmp/clean"
cut -f1 "$tmp/expected.tsv" | while read -r p; do rm -f "$tmp/clean$p"; done
"$ASSAY" scan --policy "$pack" --format "json=$tmp/c.json" "$tmp/clean" \
    >/dev/null 2>"$tmp/c.err"
rc=$?
[ "$rc" = 0 ] || fail "traps alone: exit $rc, expected 0"
python3 - "$tmp/r.json" "$tmp/c.json" <<'PY' || fails=$((fails + 1))
import json, sys
bad = [r["rule"] + " " + r["status"]
       for r in json.load(open(sys.argv[1]))["results"]
       if r["status"] != "fail"]
bad += [r["rule"] + " " + r["status"] + " on the traps"
        for r in json.load(open(sys.argv[2]))["results"]
        if r["status"] != "pass"]
for b in bad:
    print("FAIL: rule %s" % b)
sys.exit(1 if bad else 0)
PY

# A file over --max-file-size is skipped, and said to be.
"$ASSAY" scan --policy "$pack" --max-file-size 100 \
    --format "json=$tmp/m.json" "$tmp/root" >/dev/null 2>&1
grep -q 'files larger than the read limit (100 bytes) skipped' \
    "$tmp/m.json" || fail "--max-file-size 100: skipped files not counted"
if grep -q '"path": "/opt/app/conf/server-identity"' "$tmp/m.json"; then
	fail "--max-file-size 100: a 1.6 KB key was still scanned"
fi

# --- the image: hidden secrets with both layers -----------------------
"$ASSAY" scan --policy "$pack" --format "json=$tmp/i.json" \
    --format "text=$tmp/i.txt" "$tmp/layers.tar" >/dev/null 2>"$tmp/i.err"
rc=$?
[ "$rc" = 1 ] || fail "image scan: exit $rc, expected 1: $(cat "$tmp/i.err")"
for want in \
    'pem-private-key.*present in layer 0 (created by: COPY \. /), deleted in layer 1 (created by: RUN rm /app/id_rsa' \
    'github-token.*present in layer 0 (created by: COPY \. /), hidden under an opaque directory in layer 1 (created by: RUN rm' \
    'stripe-key.*present in layer 0 (created by: COPY \. /), replaced in layer 2 (created by: COPY app.conf /srv/)'
do
	grep -q "$want" "$tmp/i.txt" || fail "image: no finding like: $want"
done
for f in i.json i.txt i.err; do
	if grep -F -f "$tmp/planted.txt" "$tmp/$f" >"$tmp/leak" 2>&1; then
		fail "image $f carries a planted secret: $(head -c 300 \
		    "$tmp/leak")"
	fi
done

# --- a waiver by fingerprint covers that secret only -----------------
fp=$(sed -n 's|.*/root/.npmrc.*npm-token.*sha256:\([0-9a-f]\{64\}\).*|\1|p' \
    "$tmp/r.txt" | head -1)
[ -n "$fp" ] || fail "no fingerprint for /root/.npmrc's npm token"
cat >"$tmp/w.yaml" <<EOF
waivers:
  - rule: secrets-service-tokens
    fingerprint: $fp
    justification: revoked test token
EOF
"$ASSAY" scan --policy "$pack" --waivers "$tmp/w.yaml" \
    --format "json=$tmp/w.json" "$tmp/root" >/dev/null 2>&1
python3 - "$tmp/w.json" "$fp" <<'PY' || fails=$((fails + 1))
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["rule"] != "secrets-service-tokens":
        continue
    ev = [e for e in r["evidence"] if e.get("kind") == "violation"]
    waived = [e for e in ev if e.get("waived")]
    ok = (r["status"] == "fail" and len(waived) == 1 and
          sys.argv[2] in waived[0]["message"])
    if not ok:
        print("FAIL: fingerprint waiver: status %s, %d of %d waived" %
              (r["status"], len(waived), len(ev)))
    sys.exit(0 if ok else 1)
PY
sed 's/fingerprint: .*/fingerprint: NOTHEX/' "$tmp/w.yaml" >"$tmp/wb.yaml"
"$ASSAY" scan --policy "$pack" --waivers "$tmp/wb.yaml" "$tmp/root" \
    >/dev/null 2>"$tmp/wb.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'fingerprint: expected the 64 lower-case hex' \
    "$tmp/wb.err" || fail "bad fingerprint: exit $rc, $(cat "$tmp/wb.err")"

# --- bad detectors are policy errors -----------------------------------
bad() {	# NAME DETECTOR-YAML MESSAGE
	printf 'policy: bad\nversion: 1.0.0\ntitle: t\nrules:\n  - id: r\n'\
'    title: t\n    severity: high\n    check:\n      secrets:\n'\
'        detectors:\n          - %s\n' "$2" >"$tmp/bad.yaml"
	"$ASSAY" policy check "$tmp/bad.yaml" >/dev/null 2>"$tmp/bad.err"
	rc=$?
	if [ "$rc" != 2 ] || ! grep -qF "$3" "$tmp/bad.err"; then
		fail "bad detector $1: exit $rc, $(cat "$tmp/bad.err")"
	fi
}
bad no-keywords '{id: a, title: t, pattern: x}' \
    'missing required key "keywords" in detector'
bad short-keyword '{id: a, title: t, keywords: [x], pattern: x}' \
    'keywords: "x" must be 2 to 64 bytes long'
bad bad-regex '{id: a, title: t, keywords: [ab], pattern: "a("}' \
    'pattern: invalid regex'
bad entropy '{id: a, title: t, keywords: [ab], pattern: a, min_entropy: 9}' \
    'min_entropy: expected bits per byte from 0 to 8'
bad unknown-key '{id: a, title: t, keywords: [ab], pattern: a, x: 1}' \
    'unknown key "x" in detector'
python3 - "$tmp/big.yaml" <<'PY'
import sys
kw = ", ".join("k%02d%s" % (i, "x" * 61) for i in range(32))
dets = "".join("          - {id: d%d, title: t, keywords: [%s], pattern: k}\n"
               % (i, kw) for i in range(5))
open(sys.argv[1], "w").write("policy: bad\nversion: 1.0.0\ntitle: t\n"
    "rules:\n  - id: r\n    title: t\n    severity: high\n    check:\n"
    "      secrets:\n        detectors:\n" + dets)
PY
"$ASSAY" policy check "$tmp/big.yaml" >/dev/null 2>"$tmp/big.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'detectors: 10240 keyword bytes, more than the 8192 of one rule' \
    "$tmp/big.err" || fail "keyword cap: exit $rc, $(cat "$tmp/big.err")"

if [ "$fails" -ne 0 ]; then
	echo "$fails failure(s)"
	exit 1
fi
echo "ok: secrets"
