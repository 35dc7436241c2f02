#!/bin/sh
# merge.sh -- `assay merge`: real scan reports of three targets (one
# failing high, one failing medium with a hostile file name, one passing)
# merged into SARIF (validated like a scan's: multitool + schema), JUnit
# (Ant schema), HTML, Markdown, text and JSON; the gate over the union;
# and bad inputs (not JSON, a SARIF file, another tool's JSON, a bad
# status, a missing file, no report, an unknown format), each with its
# message and exit code 2 and no output written. Skips (77) without the
# binary; a missing validator skips too, except under CI=true.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"
export top_srcdir
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY does not run"
fi
command -v python3 >/dev/null 2>&1 || e2e_skip "python3 not found"

tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0
die() {
	echo "merge.sh: FAIL: $*" >&2
	fail=1
}

pol=$tmp/policy
mkdir -p "$pol"
cat >"$pol/pack.yaml" <<'YAML'
policy: fleet
title: Fleet test
rules:
  - id: no-telnet-config
    title: There is no telnet configuration
    severity: high
    references: {url: "https://example.com/telnet"}
    tags: [network]
    check: {file: {path: /etc/telnet.conf, exists: false}}
  - id: data-not-world-writable
    title: Nothing under /data is world-writable
    severity: medium
    check: {files: {root: /data, world_writable: true}}
  - id: has-passwd
    title: A passwd file exists
    severity: info
    check: {file: {path: /etc/passwd, exists: true}}
YAML

# Three roots: a fails high and medium, b fails medium only (a hostile
# name), c passes.
for t in a b c; do
	mkdir -p "$tmp/$t/etc" "$tmp/$t/data"
	printf 'root:x:0:0::/root:/bin/sh\n' >"$tmp/$t/etc/passwd"
done
printf 'x\n' >"$tmp/a/etc/telnet.conf"
printf 'x\n' >"$tmp/a/data/ww" && chmod 0666 "$tmp/a/data/ww"
bad=$(printf 'bad\377<b>&name|x')
printf 'x\n' >"$tmp/b/data/$bad" && chmod 0666 "$tmp/b/data/$bad"

r=$tmp/reports
mkdir -p "$r"
for t in a b c; do
	"$ASSAY" scan --policy "$pol" --format "json=$r/$t.json" "$tmp/$t" \
	    >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -le 1 ] || die "scan of $t: exit $rc ($(cat "$tmp/err"))"
done
# b has its own HTML report: the fleet page links that instead.
printf '<html></html>\n' >"$r/b.html"

o=$tmp/out
mkdir -p "$o"
(cd "$r" && "$ASSAY" merge --format "sarif=$o/m.sarif" \
    --format "junit=$o/m.xml" --format "html=$o/m.html" \
    --format "markdown=$o/m.md" --format "json=$o/m.json" \
    c.json a.json b.json >"$o/m.txt" 2>"$o/err")
rc=$?
[ "$rc" -eq 1 ] || die "merge exit code $rc, expected 1 ($(cat "$o/err"))"
[ -s "$o/err" ] && die "merge wrote to stderr: $(cat "$o/err")"

check() {
	"$@"
	vrc=$?
	if [ "$vrc" -eq 2 ] && [ "${CI:-}" != true ]; then
		echo "merge.sh: validator missing: $1 skipped" >&2
	elif [ "$vrc" -ne 0 ]; then
		die "$*"
	fi
}
check "$top_srcdir/tests/validate-sarif.sh" "$o/m.sarif"
check "$top_srcdir/tests/validate-junit.sh" "$o/m.xml"

python3 - "$o" "$tmp" <<'PY' || die "merged report shapes"
import json, sys, xml.etree.ElementTree as ET
o, tmp = sys.argv[1], sys.argv[2]
# SARIF: one run per target in argument order, each with its own
# category (GitHub refuses two runs of one category in an upload).
runs = json.load(open(o + "/m.sarif", encoding="utf-8"))["runs"]
assert [r["properties"]["targetPath"] for r in runs] == \
    [tmp + "/c", tmp + "/a", tmp + "/b"], runs
cats = [r["automationDetails"]["id"] for r in runs]
assert len(set(cats)) == 3 and all(c.startswith("assay/") for c in cats), cats
assert [len(r["results"]) for r in runs] == [0, 2, 1], \
    [len(r["results"]) for r in runs]
a = {x["ruleId"]: x for x in runs[1]["results"]}
assert a["no-telnet-config"]["level"] == "error", a
uri = a["no-telnet-config"]["locations"][0]["physicalLocation"]
assert uri["artifactLocation"]["uri"] == "etc/telnet.conf", uri
rules = {x["id"]: x for x in runs[1]["tool"]["driver"]["rules"]}
assert rules["no-telnet-config"]["helpUri"] == "https://example.com/telnet"
assert "network" in rules["no-telnet-config"]["properties"]["tags"]
b = runs[2]["results"][0]
assert b["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] \
    == "data/bad%EF%BF%BD%3Cb%3E%26name%7Cx", b["locations"]
# JUnit: one testsuite per target, failures counted per suite.
suites = ET.parse(o + "/m.xml").getroot().findall("testsuite")
assert [s.get("name") for s in suites] == \
    [tmp + "/c", tmp + "/a", tmp + "/b"], [s.get("name") for s in suites]
assert [s.get("failures") for s in suites] == ["0", "2", "1"]
assert [s.get("id") for s in suites] == ["0", "1", "2"]
# JSON fleet summary: worst first, verdicts, the union gate.
j = json.load(open(o + "/m.json"))
assert [t["target"] for t in j["targets"]] == \
    [tmp + "/a", tmp + "/b", tmp + "/c"], j["targets"]
assert [t["verdict"] for t in j["targets"]] == ["FAIL", "PASS", "PASS"]
assert j["exit_code"] == 1 and j["fail_on"] == "high", j
assert j["summary"]["fail"] == 3 and j["targets_failing"] == 1, j["summary"]
# HTML: worst first, b linked to its own HTML report, names escaped.
h = open(o + "/m.html", encoding="utf-8").read()
ia, ib, ic = (h.index(">%s/%s<" % (tmp, t)) for t in "abc")
assert ia < ib < ic, (ia, ib, ic)
assert 'href="a.json"' in h and 'href="b.html"' in h, h
assert "<b>" not in h and "script" not in h.lower()
md = open(o + "/m.md", encoding="utf-8").read()
assert md.startswith("## assay fleet report\n"), md
assert "**FAIL**: 1 of 3 targets" in md, md
rows = [l for l in md.splitlines() if l.startswith("| FAIL") or
        l.startswith("| PASS")]
assert len(rows) == 3 and rows[0].startswith("| FAIL |"), rows
assert rows[0].split("|")[3:5] == [" 0 ", " 1 "], rows[0]
PY
# Without --format: the text table on stdout.
[ -s "$o/m.txt" ] && die "text on stdout although every format has a file"
(cd "$r" && "$ASSAY" merge c.json a.json b.json >"$o/m.txt" 2>&1)
want="3 targets: 1 failing at or above high, 3 rules failing, 0 erring"
tail -n 1 "$o/m.txt" | grep -qx "$want" ||
    die "text summary: $(tail -n 1 "$o/m.txt")"
head -n 2 "$o/m.txt" | tail -n 1 | grep -q '^FAIL ' ||
    die "text: worst target not first"

# The gate is the union's: medium fails b too; none and critical pass.
(cd "$r" && "$ASSAY" merge --fail-on medium a.json b.json c.json \
    >"$o/t1" 2>&1)
[ $? -eq 1 ] || die "--fail-on medium: expected exit 1"
grep -q '3 targets: 2 failing at or above medium' "$o/t1" ||
    die "--fail-on medium: $(cat "$o/t1")"
for sev in critical none; do
	"$ASSAY" merge --fail-on "$sev" "$r/a.json" "$r/b.json" \
	    >"$o/t2" 2>&1
	[ $? -eq 0 ] || die "--fail-on $sev: expected exit 0 ($(cat "$o/t2"))"
done

# GitHub's limits hold for what the SARIF carries, not for the report's
# raw text: a 1100-byte title of control characters (each 3 bytes once
# replaced by U+FFFD) is cut to at most 1024 bytes after replacing, and a
# reference with '{' is no helpUri (as in a scan's SARIF).
python3 - "$r/a.json" "$r/long.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for x in d["results"]:
    x["title"] = "\u0001" * 400 + "x" * 700
    x["references"] = {"a": "https://example.com/{x}",
                       "b": "https://example.com/ok"}
json.dump(d, open(sys.argv[2], "w"))
PY
"$ASSAY" merge --format "sarif=$o/long.sarif" "$r/long.json" \
    >/dev/null 2>"$o/be"
[ $? -eq 1 ] || die "merge of long.json: $(cat "$o/be")"
python3 - "$o/long.sarif" <<'PY' || die "long titles and helpUri"
import json, sys
for rule in json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]:
    t = rule["shortDescription"]["text"]
    assert len(t.encode()) <= 1024 and t.endswith("..."), len(t.encode())
    assert t.startswith("\ufffd"), t[:4]
    assert rule["helpUri"] == "https://example.com/ok", rule["helpUri"]
PY

# Bad inputs: exit 2, the message, no output file.
printf 'not json\n' >"$r/bad.json"
printf '{"tool": {"name": "trivy"}, "results": []}\n' >"$r/other.json"
python3 - "$r/a.json" "$r/status.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["results"][1]["status"] = "maybe"
json.dump(d, open(sys.argv[2], "w"))
PY
"$ASSAY" scan --policy "$pol" --format "sarif=$r/s.sarif" "$tmp/c" \
    >/dev/null 2>&1
expect_bad() {
	want=$1
	shift
	rm -f "$o/bad.sarif"
	"$ASSAY" merge --format "sarif=$o/bad.sarif" "$@" >"$o/bo" 2>"$o/be"
	brc=$?
	[ "$brc" -eq 2 ] || die "merge $*: exit $brc, expected 2"
	grep -qF -- "$want" "$o/be" ||
	    die "merge $*: expected '$want' on stderr, got: $(cat "$o/be")"
	[ -e "$o/bad.sarif" ] && die "merge $*: wrote an output anyway"
}
expect_bad "assay: $r/bad.json:1:3: not JSON: " "$r/a.json" "$r/bad.json"
expect_bad "assay: $r/s.sarif: a SARIF file, not an assay JSON report" \
    "$r/s.sarif"
expect_bad "assay: $r/other.json: not an assay JSON report (tool.name is" \
    "$r/other.json"
expect_bad "assay: $r/status.json: results[1]: status is not pass, fail" \
    "$r/status.json"
expect_bad "assay: $r/nope.json: No such file or directory" \
    "$r/a.json" "$r/nope.json"
expect_bad "assay: $r: not a regular file" "$r"
# SARIF on standard output cannot be taken back: every report is checked
# before the first byte, so a bad one leaves stdout empty.
"$ASSAY" merge --format sarif "$r/a.json" "$r/bad.json" >"$o/so" 2>"$o/be"
[ $? -eq 2 ] && [ ! -s "$o/so" ] ||
    die "merge --format sarif (stdout) with a bad report: wrote $(wc -c <"$o/so") bytes"
"$ASSAY" merge --format sarif "$r/a.json" "$r/c.json" >"$o/so" 2>"$o/be"
[ $? -eq 1 ] && python3 -c 'import json, sys
assert len(json.load(open(sys.argv[1]))["runs"]) == 2' "$o/so" ||
    die "merge --format sarif (stdout): $(cat "$o/be")"
"$ASSAY" merge >/dev/null 2>"$o/be"
[ $? -eq 2 ] && grep -q 'assay: merge: expected REPORT.json' "$o/be" ||
    die "merge without reports: $(cat "$o/be")"
"$ASSAY" merge --format pdf "$r/a.json" >/dev/null 2>"$o/be"
[ $? -eq 2 ] && grep -q 'unknown format "pdf"' "$o/be" ||
    die "merge --format pdf: $(cat "$o/be")"
"$ASSAY" merge --fail-on severe "$r/a.json" >/dev/null 2>"$o/be"
[ $? -eq 2 ] && grep -q 'fail-on: expected info' "$o/be" ||
    die "merge --fail-on severe: $(cat "$o/be")"

exit "$fail"
