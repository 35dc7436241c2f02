#!/bin/sh
# reports.sh -- every report format stays valid on a hostile target.
#
# Builds a root whose file names hold invalid UTF-8, control characters,
# "]]>" and "</testcase>", with failing `files`, `content` and `file`
# rules pointing at them; runs one scan writing text, JSON, SARIF and
# JUnit; then checks JSON with python3, SARIF with tests/validate-sarif.sh
# (multitool + schema) and JUnit with tests/validate-junit.sh (xmllint +
# Ant schema). Skips (77) without the binary; a missing validator skips
# too, except under CI=true where it fails.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"
export top_srcdir
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY does not run"
fi

tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
die() {
	echo "reports.sh: FAIL: $*" >&2
	fail=1
}

# The target: hostile names under /data, a hostile line in /etc/motd.
root=$tmp/root
mkdir -p "$root/data" "$root/etc"
for name in "$(printf 'bad\377\376name')" "$(printf 'ctl\001\033[31mred')" \
    "$(printf 'cdata]]>end')" "$(printf '<testcase>&<x>')" \
    "$(printf 'new\nline')" "$(printf 'quote\"apos%%20')"; do
	printf 'x\n' >"$root/data/$name" && chmod 0666 "$root/data/$name"
done
printf 'welcome\nsecret=\001\377]]></failure>\033[2J\n' >"$root/etc/motd"

pol=$tmp/policy
mkdir -p "$pol"
cat >"$pol/pack.yaml" <<'YAML'
policy: hostile
title: Hostile names
rules:
  - id: data-not-world-writable
    title: Nothing under /data is world-writable
    severity: high
    remediation: chmod o-w the files listed.
    references: {cis: "7.1.11", url: "https://example.com/ww"}
    tags: [files]
    check: {files: {root: /data, world_writable: true}}
  - id: motd-no-secret
    title: The motd holds no secret
    severity: medium
    check: {content: {path: /etc/motd, not_matches: "secret"}}
  - id: no-motd
    title: There is no motd
    severity: low
    check: {file: {path: /etc/motd, exists: false}}
  - id: has-shadow
    title: A shadow file exists
    severity: info
    check: {file: {path: /etc/shadow, exists: true}}
  - id: data-exists
    title: /data exists
    severity: info
    check: {file: {path: /data, exists: true}}
YAML

out=$tmp/out
mkdir -p "$out"
"$ASSAY" scan --policy "$pol" --format "json=$out/r.json" \
    --format "sarif=$out/r.sarif" --format "junit=$out/r.xml" \
    --format "text=$out/r.txt" "$root" >"$out/stdout" 2>"$out/stderr"
rc=$?
[ "$rc" -eq 1 ] || die "exit code $rc, expected 1 ($(cat "$out/stderr"))"
for f in r.json r.sarif r.xml r.txt; do
	[ -s "$out/$f" ] || die "$f is empty or missing"
done

# JSON: parses, counts, and the hostile names survive as U+FFFD.
python3 - "$out/r.json" <<'PY' || die "JSON report"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))
s = r["summary"]
assert s["total"] == 5 and s["fail"] == 4 and s["pass"] == 1, s
assert r["exit_code"] == 1 and r["fail_on"] == "high", r["exit_code"]
ww = r["results"][0]
assert ww["rule"] == "data-not-world-writable" and ww["status"] == "fail"
paths = [e["path"] for e in ww["evidence"] if "path" in e]
# The summary (on /data itself) and one item per file.
assert len(paths) == 7, paths
assert any("\ufffd" in p for p in paths), paths
for res in r["results"]:
    for e in res["evidence"]:
        for v in e.values():
            if isinstance(v, str):
                assert not any(ord(c) < 32 and c not in "\t\n\r"
                               for c in v), repr(v)
PY

# SARIF and JUnit: the validators (multitool + schemas).
check() {
	"$@"
	vrc=$?
	if [ "$vrc" -eq 2 ] && [ "${CI:-}" != true ]; then
		echo "reports.sh: validator missing: $1 skipped" >&2
		skipped=1
	elif [ "$vrc" -ne 0 ]; then
		die "$*"
	fi
}
skipped=0
check "$top_srcdir/tests/validate-sarif.sh" "$out/r.sarif"
check "$top_srcdir/tests/validate-junit.sh" "$out/r.xml"

python3 - "$out/r.sarif" <<'PY' || die "SARIF shape"
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(ids) == len(set(ids)) == 5, ids
res = run["results"]
# 6 world-writable files + motd content + motd exists + no shadow: one
# result per (rule, path of a violation); the "found under /data" summary
# is context, never a result.
assert len(res) == 9, len(res)
assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
           != "data" for r in res if r["ruleId"] == "data-not-world-writable")
for r in res:
    loc = r["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert uri and not uri.startswith("/") and " " not in uri, uri
    assert loc["region"]["startLine"] >= 1
    assert r["partialFingerprints"]["assayFinding/v1"]
fps = [r["partialFingerprints"]["assayFinding/v1"] for r in res]
assert len(fps) == len(set(fps)), fps
assert run["originalUriBaseIds"]["TARGETROOT"]["uri"].startswith("file:///")
# What GitHub code scanning displays (its "SARIF support" page): each
# rule's short and full description, help (markdown shown), tags to
# filter on (at most 20, "security" among them), a security-severity
# string in (0, 10] and a precision; each result's message starts with
# the rule's title (only the first sentence may show), one location, a
# primaryLocationLineHash; a category of its own for a --policy scan.
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
for r in rules.values():
    for k in ("shortDescription", "fullDescription"):
        assert r[k]["text"] and len(r[k]["text"]) <= 1024, (r["id"], k)
    assert r["help"]["text"] and r["help"]["markdown"], r["id"]
    p = r["properties"]
    assert 0 < float(p["security-severity"]) <= 10, p
    assert isinstance(p["security-severity"], str), p
    assert p["precision"] in ("very-high", "high", "medium", "low"), p
    assert "security" in p["tags"] and len(p["tags"]) <= 20, p["tags"]
for r in res:
    title = rules[r["ruleId"]]["shortDescription"]["text"]
    assert r["message"]["text"].startswith(title + ": "), r["message"]
    assert len(r["locations"]) == 1, r["locations"]
    assert r["partialFingerprints"]["primaryLocationLineHash"]
assert run["automationDetails"]["id"] == "assay/hostile/", \
    run["automationDetails"]
PY

# JUnit as Jenkins and GitLab show it: the suite reads assay.PACK in
# Jenkins (package + name), each class is assay.PACK.TAG, a failure's
# message (Jenkins' "Error Message") is the first finding on one short
# line with the count of the rest, and the body lists every finding.
python3 - "$out/r.xml" <<'PY' || die "JUnit shape"
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert suite.get("package") == "assay" and suite.get("name") == "hostile"
cases = {c.get("name").split(":")[0]: c for c in suite.iter("testcase")}
ww = cases["data-not-world-writable"]
assert ww.get("classname") == "assay.hostile.files", ww.get("classname")
assert cases["no-motd"].get("classname") == "assay.hostile.rule"
for c in cases.values():
    f = c.find("failure")
    if f is None:
        continue
    m = f.get("message")
    assert m and "\n" not in m and len(m.encode()) <= 200, repr(m)
m = ww.find("failure").get("message")
assert m.startswith("/data/") and m.endswith(" (and 5 more)"), m
assert ww.find("failure").text.count(": world-writable file (mode") == 6
PY

# Text: no raw control byte (an escape sequence) reaches the terminal.
if LC_ALL=C grep -q "$(printf '[\001\033]')" "$out/r.txt"; then
	die "control bytes in the text report"
fi
# One line per evidence item: a newline in a file name is shown escaped.
grep -q '^      /data/new\\nline: world-writable' "$out/r.txt" ||
    die "newline in a file name not escaped in the text report"
grep -q '^verdict: FAIL (1 failing rule at or above high)$' "$out/r.txt" ||
    die "text verdict line: $(tail -n 1 "$out/r.txt")"

if [ "$fail" -ne 0 ]; then
	exit 1
fi
[ "$skipped" -eq 0 ] || e2e_skip "a report validator is missing (above)"
exit 0
