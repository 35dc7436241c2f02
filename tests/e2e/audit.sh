#!/bin/sh
# End-to-end tests of the audit workflow (docs/audit-workflow.md):
# --waivers (applied, path-scoped, expired, stale), --tailoring, and
# --baseline / --fail-on-new, checking the exit code and what EACH output
# format (text, json, sarif, junit) shows, then validating the SARIF and
# JUnit with tests/validate-sarif.sh and tests/validate-junit.sh (skipped
# when a validator is missing, unless CI=true). Ends with "N passed, M
# failed".
set -u
: "${ASSAY:=./assay}"
: "${top_srcdir:=.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

# run NAME WANT_RC CMD...: run CMD (output in $tmp/out), check the code.
run() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name (exit $rc)"
	else
		bad "$name: exit $rc, want $want"
		sed 's/^/    /' "$tmp/out"
	fi
}

# has NAME FILE NEEDLE: FILE contains NEEDLE (a fixed string).
has() {
	if grep -qF -- "$3" "$2"; then
		ok "$1"
	else
		bad "$1: $2 lacks: $3"
		sed 's/^/    /' "$2" | head -40
	fi
}

# hasnt NAME FILE NEEDLE
hasnt() {
	if grep -qF -- "$3" "$2"; then
		bad "$1: $2 has: $3"
	else
		ok "$1"
	fi
}

# py NAME FILE CODE: CODE (python) asserts about d = json.load(FILE).
py() {
	if python3 -c "import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
$3" "$2" >"$tmp/py" 2>&1; then
		ok "$1"
	else
		bad "$1"
		sed 's/^/    /' "$tmp/py" | tail -5
	fi
}

# validate NAME VALIDATOR FILE: 2 means a missing tool (skip unless CI).
validate() {
	"$top_srcdir/tests/$2" "$3" >"$tmp/v" 2>&1
	vrc=$?
	if [ "$vrc" -eq 0 ]; then
		ok "$1"
	elif [ "$vrc" -eq 2 ] && [ "${CI:-}" != true ]; then
		echo "skip: $1 (validator missing)"
	else
		bad "$1"
		sed 's/^/    /' "$tmp/v" | tail -20
	fi
}

root=$tmp/root
mkdir -p "$root/etc" "$tmp/pol" "$tmp/out.d"
o=$tmp/out.d
echo 'root:x:0:0:root:/root:/bin/bash' >"$root/etc/passwd"
for f in x y telnet.conf rsh.conf; do : >"$root/etc/$f"; done
cat >"$tmp/pol/p.yaml" <<'YAML'
policy: audit
variables:
  passwd_path: /etc/passwd
rules:
  - id: no-x-y
    title: neither x nor y
    severity: high
    check:
      all:
        - file: {path: /etc/x, exists: false}
        - file: {path: /etc/y, exists: false}
  - id: no-telnet
    title: no telnet config
    severity: high
    check: {file: {path: /etc/telnet.conf, exists: false}}
  - id: no-rsh
    title: no rsh config
    severity: medium
    check: {file: {path: /etc/rsh.conf, exists: false}}
  - id: no-ftp
    title: no ftp config
    severity: low
    check: {file: {path: /etc/ftp.conf, exists: false}}
  - id: passwd-exists
    title: passwd exists
    severity: high
    check: {file: {path: "{{ var.passwd_path }}", exists: true}}
profiles:
  - id: base
    title: Base
    select: [no-*, passwd-*]
YAML
cat >"$tmp/w.yaml" <<'YAML'
waivers:
  - rule: no-telnet
    justification: telnet kept for the lab
    owner: bob
    expires: 2099-01-01
    reference: SEC-9
  - rule: no-x-y
    path: /etc/x
    justification: x is generated
  - rule: no-rsh
    justification: was accepted until 2025
    expires: 2025-01-01
  - rule: passwd-exists
    justification: nothing fails here
  - rule: no-f*
    justification: no-ftp passes
YAML
P="--policy $tmp/pol --profile base"
export ASSAY_NOW=2025-06-01

# --- waivers -------------------------------------------------------------
run "waivers: a partly waived high failure still gates" 1 \
    "$ASSAY" scan $P --waivers "$tmp/w.yaml" --format text="$o/w.txt" \
    --format json="$o/w.json" --format sarif="$o/w.sarif" \
    --format junit="$o/w.xml" "$root"
has "text: waived result" "$o/w.txt" "WAIVED [high] no-telnet: no telnet config"
has "text: waiver details" "$o/w.txt" \
    "waived: telnet kept for the lab (owner bob, expires 2099-01-01, reference SEC-9) [$tmp/w.yaml:2]"
has "text: path-scoped evidence marked" "$o/w.txt" "/etc/x: /etc/x exists"
has "text: waived evidence tag" "$o/w.txt" "[waived]"
has "text: expired note" "$o/w.txt" "note: waiver at $tmp/w.yaml:10 expired on 2025-01-01"
has "text: expired list" "$o/w.txt" "expired waivers (they no longer apply):"
has "text: stale list" "$o/w.txt" "stale waivers (they match no failing finding):"
has "text: stale waiver named" "$o/w.txt" "$tmp/w.yaml:15: rule no-f*"
has "text: summary counts waived" "$o/w.txt" ", 1 waived"
py "json: statuses and waiver fields" "$o/w.json" '
r = {x["rule"]: x for x in d["results"]}
assert r["no-telnet"]["status"] == "waived", r["no-telnet"]
w = r["no-telnet"]["waiver"]
assert w["justification"] == "telnet kept for the lab" and w["owner"] == "bob"
assert w["expires"] == "2099-01-01" and w["reference"] == "SEC-9" and w["line"] == 2
assert r["no-x-y"]["status"] == "fail"
ev = {e["path"]: e for e in r["no-x-y"]["evidence"]}
assert ev["/etc/x"].get("waived") is True and "waived" not in ev["/etc/y"]
assert r["no-rsh"]["status"] == "fail"
assert "expired on 2025-01-01" in r["no-rsh"]["note"]
ws = d["waivers"]
assert [x["rule"] for x in ws["applied"]] == ["no-telnet", "no-x-y"], ws
assert [x["rule"] for x in ws["expired"]] == ["no-rsh"]
assert [x["rule"] for x in ws["stale"]] == ["passwd-exists", "no-f*"]
assert d["summary"]["waived"] == 1
'
py "sarif: suppressions, notifications" "$o/w.sarif" '
run = d["runs"][0]
res = run["results"]
tel = [x for x in res if x["ruleId"] == "no-telnet"]
assert len(tel) == 1 and tel[0]["suppressions"] == [{"kind": "external",
    "status": "accepted", "justification":
    "telnet kept for the lab (owner bob, expires 2099-01-01, reference SEC-9)"}], tel
xy = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: x
      for x in res if x["ruleId"] == "no-x-y"}
assert "suppressions" in xy["etc/x"] and "suppressions" not in xy["etc/y"]
rsh = [x for x in res if x["ruleId"] == "no-rsh"][0]
assert "expired on 2025-01-01" in rsh["properties"]["waiverNote"]
notes = run["invocations"][0]["toolExecutionNotifications"]
stale = [n for n in notes if n["level"] == "warning"]
assert len(stale) == 2 and "stale waiver at" in stale[0]["message"]["text"], notes
assert run["properties"]["waivers"]["stale"] == 2
'
has "junit: waived skipped" "$o/w.xml" \
    '<skipped message="waived: telnet kept for the lab (owner bob, expires 2099-01-01, reference SEC-9)"/>'
has "junit: stale property" "$o/w.xml" '<property name="stale_waiver" value="'
has "junit: expired note in failure" "$o/w.xml" "Note: waiver at $tmp/w.yaml:10 expired on 2025-01-01"
validate "sarif with waivers validates" validate-sarif.sh "$o/w.sarif"
validate "junit with waivers validates" validate-junit.sh "$o/w.xml"

run "omit-waived drops waived SARIF results" 1 \
    "$ASSAY" scan $P --waivers "$tmp/w.yaml" --omit-waived \
    --format sarif="$o/omit.sarif" "$root"
py "sarif: no suppressed results left" "$o/omit.sarif" '
res = d["runs"][0]["results"]
assert not [x for x in res if "suppressions" in x], res
assert not [x for x in res if x["ruleId"] == "no-telnet"]
assert [x for x in res if x["ruleId"] == "no-x-y"]
'
cat >"$tmp/w2.yaml" <<'YAML'
waivers:
  - rule: no-x-y
    justification: both generated
  - rule: no-telnet
    justification: lab
YAML
run "fully waived high failures do not gate" 0 \
    "$ASSAY" scan $P --waivers "$tmp/w2.yaml" "$root"
run "expiry follows ASSAY_NOW" 1 env ASSAY_NOW=2099-01-01 \
    "$ASSAY" scan $P --waivers "$tmp/w.yaml" --fail-on medium "$root"
printf 'waivers:\n  - rule: no-telnet\n    expires: 2025-13-01\n    justification: x\n' \
    >"$tmp/wbad.yaml"
run "bad waiver date is a usage error" 2 \
    "$ASSAY" scan $P --waivers "$tmp/wbad.yaml" "$root"
has "bad waiver message" "$tmp/out" \
    "$tmp/wbad.yaml:3:14: expires: expected a date YYYY-MM-DD, got \"2025-13-01\""
printf 'waivers:\n  - rule: no-telnet\n' >"$tmp/wbad2.yaml"
run "waiver without justification" 2 \
    "$ASSAY" scan $P --waivers "$tmp/wbad2.yaml" "$root"
has "missing justification message" "$tmp/out" \
    "$tmp/wbad2.yaml:2:5: missing key \"justification\" in waiver"
run "bad ASSAY_NOW" 2 env ASSAY_NOW=soon \
    "$ASSAY" scan $P --waivers "$tmp/w.yaml" "$root"
has "bad ASSAY_NOW message" "$tmp/out" 'ASSAY_NOW: expected a date YYYY-MM-DD or a UTC time YYYY-MM-DDTHH:MM:SSZ, got "soon"'

# --- tailoring -----------------------------------------------------------
cat >"$tmp/t.yaml" <<'YAML'
tailoring:
  id: acme
  title: ACME hosts
  extends: base
  reason: ACME build of the base profile
disable:
  - rule: no-rsh
    reason: rsh is removed by the image pipeline
severity:
  - rule: no-x-y
    severity: critical
    reason: x and y leak secrets
variables:
  passwd_path: /etc/passwd2
YAML
run "tailored scan" 1 "$ASSAY" scan --policy "$tmp/pol" \
    --tailoring "$tmp/t.yaml" --format text="$o/t.txt" \
    --format json="$o/t.json" --format sarif="$o/t.sarif" \
    --format junit="$o/t.xml" "$root"
has "text: tailoring header" "$o/t.txt" "tailoring: acme (ACME hosts) extends base: ACME build of the base profile"
has "text: disable with reason" "$o/t.txt" "  disable no-rsh: rsh is removed by the image pipeline"
has "text: severity change" "$o/t.txt" "  severity no-x-y -> critical: x and y leak secrets"
has "text: variable change" "$o/t.txt" "  variable passwd_path = /etc/passwd2"
has "text: tailored severity used" "$o/t.txt" "FAIL   [critical] no-x-y"
has "text: tailored variable used" "$o/t.txt" "FAIL   [high] passwd-exists"
hasnt "text: disabled rule gone" "$o/t.txt" "no-rsh: no rsh config"
py "json: tailoring recorded, severity and selection" "$o/t.json" '
t = d["tailoring"]
assert t["id"] == "acme" and t["extends"] == "base" and t["reason"]
assert [c["change"] for c in t["changes"]] == ["disable", "severity", "variable"]
assert t["changes"][0]["reason"] == "rsh is removed by the image pipeline"
r = {x["rule"]: x for x in d["results"]}
assert "no-rsh" not in r and r["no-x-y"]["severity"] == "critical"
assert d["variables"]["passwd_path"] == "/etc/passwd2"
assert d["summary"]["fail_by_severity"]["critical"] == 1
'
py "sarif: tailoring in run properties, tailored level" "$o/t.sarif" '
run = d["runs"][0]
t = run["properties"]["tailoring"]
assert t["id"] == "acme" and len(t["changes"]) == 3
rules = {x["id"]: x for x in run["tool"]["driver"]["rules"]}
assert rules["no-x-y"]["properties"]["security-severity"] == "9.5"
assert "no-rsh" not in rules
'
has "junit: tailoring property" "$o/t.xml" '<property name="tailoring" value="acme"/>'
has "junit: change property" "$o/t.xml" \
    '<property name="tailoring_change" value="disable no-rsh: rsh is removed by the image pipeline"/>'
validate "tailored sarif validates" validate-sarif.sh "$o/t.sarif"
validate "tailored junit validates" validate-junit.sh "$o/t.xml"
run "--var beats the tailoring" 1 "$ASSAY" scan --policy "$tmp/pol" \
    --tailoring "$tmp/t.yaml" --var passwd_path=/etc/passwd \
    --format json="$o/tv.json" "$root"
py "json: --var value in effect" "$o/tv.json" '
assert d["variables"]["passwd_path"] == "/etc/passwd"
assert {x["rule"]: x for x in d["results"]}["passwd-exists"]["status"] == "pass"
'
run "rules lists the tailored plan" 0 "$ASSAY" rules --policy "$tmp/pol" \
    --tailoring "$tmp/t.yaml"
has "rules: tailored severity" "$tmp/out" "critical"
hasnt "rules: disabled rule" "$tmp/out" "no-rsh"
run "rules --format markdown documents the tailoring" 0 "$ASSAY" rules \
    --policy "$tmp/pol" --tailoring "$tmp/t.yaml" --format markdown
has "markdown: tailoring heading" "$tmp/out" \
    '# Tailored profile `acme`: ACME hosts'
has "markdown: base and reason" "$tmp/out" \
    'Tailors profile `base` ('
has "markdown: change with reason" "$tmp/out" \
    '| disable | `no-rsh` |  | rsh is removed by the image pipeline |'
has "markdown: tailored severity" "$tmp/out" '| `no-x-y` | critical |'
sed -n '/^## Rules/,$p' "$tmp/out" >"$tmp/md-rules"
has "markdown: rules section" "$tmp/md-rules" '| `no-x-y` | critical |'
hasnt "markdown: disabled rule not listed as a rule" "$tmp/md-rules" \
    '`no-rsh`'
printf 'tailoring:\n  id: t\n  extends: nope\n  reason: r\n' >"$tmp/tbad.yaml"
run "unknown base profile" 2 "$ASSAY" scan --policy "$tmp/pol" \
    --tailoring "$tmp/tbad.yaml" "$root"
has "unknown profile message" "$tmp/out" "$tmp/tbad.yaml:3:12: extends: unknown profile \"nope\""
printf 'tailoring:\n  id: t\n  extends: base\n  reason: r\ndisable:\n  - rule: no-rsh\n' >"$tmp/tbad2.yaml"
run "disable without reason" 2 "$ASSAY" scan --policy "$tmp/pol" \
    --tailoring "$tmp/tbad2.yaml" "$root"
has "missing reason message" "$tmp/out" "$tmp/tbad2.yaml:6:5: missing key \"reason\" in disable item"

# --- baselines -----------------------------------------------------------
run "baseline scan" 1 "$ASSAY" scan $P --format json="$o/prev.json" \
    --format sarif="$o/prev.sarif" "$root"
rm "$root/etc/telnet.conf"
: >"$root/etc/ftp.conf"
for fmt in json sarif; do
	run "compare with $fmt baseline" 1 "$ASSAY" scan $P \
	    --baseline "$o/prev.$fmt" --format text="$o/b.txt" \
	    --format json="$o/b.json" --format sarif="$o/b.sarif" \
	    --format junit="$o/b.xml" "$root"
	has "text: counts ($fmt)" "$o/b.txt" ": 1 new, 3 unchanged, 1 fixed"
	has "text: fixed finding ($fmt)" "$o/b.txt" "  fixed: no-telnet /etc/telnet.conf"
	has "text: new marker ($fmt)" "$o/b.txt" "no-ftp: no ftp config [new]"
	py "json: baseline states and fixed ($fmt)" "$o/b.json" '
r = {x["rule"]: x for x in d["results"]}
assert r["no-ftp"]["baseline"] == "new" and r["no-x-y"]["baseline"] == "unchanged"
assert "baseline" not in r["passwd-exists"]
b = d["baseline"]
assert b["new"] == 1 and b["unchanged"] == 3, b
assert [(f["rule"], f["path"]) for f in b["fixed"]] == [("no-telnet", "/etc/telnet.conf")]
'
	py "sarif: baselineState and absent ($fmt)" "$o/b.sarif" '
res = d["runs"][0]["results"]
st = sorted((x["ruleId"], x["baselineState"]) for x in res)
assert st == [("no-ftp", "new"), ("no-rsh", "unchanged"), ("no-telnet", "absent"),
    ("no-x-y", "unchanged"), ("no-x-y", "unchanged")], st
'
	has "junit: baseline counts ($fmt)" "$o/b.xml" \
	    '<property name="baseline_counts" value="1 new, 3 unchanged, 1 fixed"/>'
	validate "baseline sarif validates ($fmt)" validate-sarif.sh "$o/b.sarif"
	validate "baseline junit validates ($fmt)" validate-junit.sh "$o/b.xml"
	run "fail-on-new ignores old high failures ($fmt)" 0 "$ASSAY" scan $P \
	    --baseline "$o/prev.$fmt" --fail-on-new "$root"
	run "fail-on-new gates on the new low one ($fmt)" 1 "$ASSAY" scan $P \
	    --baseline "$o/prev.$fmt" --fail-on-new --fail-on low "$root"
	has "verdict names new failures ($fmt)" "$tmp/out" "1 new failing rule at or above low"
done
run "fail-on-new needs a baseline" 2 "$ASSAY" scan $P --fail-on-new "$root"
has "fail-on-new message" "$tmp/out" "--fail-on-new needs --baseline REPORT"
echo 'not json' >"$tmp/junk.json"
run "baseline that is not JSON" 2 "$ASSAY" scan $P --baseline "$tmp/junk.json" "$root"
has "baseline reason" "$tmp/out" "$tmp/junk.json:1:3: not valid JSON"
echo '{"tool": {"name": "trivy"}, "results": []}' >"$tmp/other.json"
run "baseline from another tool" 2 "$ASSAY" scan $P --baseline "$tmp/other.json" "$root"
has "other tool reason" "$tmp/out" "a JSON report not written by assay"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
