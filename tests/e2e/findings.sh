#!/bin/sh
# findings.sh -- only violations are findings (result.h, evidence kinds).
#
# A failing rule's evidence holds the violation and context that explains
# the verdict (compliant files examined, "N found under /", packages found
# absent as wanted). Only violations may become SARIF results, waiver and
# baseline targets and JUnit failure lines; context stays in text, JSON and
# HTML, marked as such. Checked on the base root with two defects:
# `nullok` in /etc/pam.d/common-auth (the other common-* files comply) and
# a world-writable /srv/upload/drop.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/e2e/lib.sh"
e2e_require assay root python3
e2e_setup
cat >"$tmp/root.spec" <<SPEC
include $top_srcdir/fixtures/roots/base.spec
file etc/pam.d/common-auth 0644 0 0 <<END
auth	[success=1 default=ignore]	pam_unix.so nullok
auth	requisite			pam_deny.so
END
dir srv/upload 0755 0 0
file srv/upload/drop 0666 0 0
SPEC
sh "$mkroot" "$tmp/root.spec" "$tmp/root" || exit 1
P="--policy $pol/linux-baseline --profile linux-baseline --fail-on high"
"$ASSAY" scan $P --format json="$tmp/r.json" --format sarif="$tmp/r.sarif" \
    --format junit="$tmp/r.xml" --format text="$tmp/r.txt" \
    "$tmp/root" >/dev/null 2>"$tmp/err"
expect "scan fails on pam-no-nullok (exit 1)" test $? -eq 1

python3 - "$tmp/r.json" "$tmp/r.sarif" >"$tmp/py" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
res = {r["rule"]: r for r in j["results"]}
def kinds(rule):
    return [(e.get("path"), e["kind"]) for e in res[rule]["evidence"]]
k = kinds("pam-no-nullok")
assert ("/etc/pam.d/common-auth", "violation") in k, k
# the other common-* files examined (applies_if lines are context too)
ctx = [p for p, kind in k if kind == "context" and p.startswith("/etc/pam.d/")]
assert len(ctx) == 3 and "/etc/pam.d/common-auth" not in ctx, k
k = kinds("files-no-world-writable")
assert k == [("/", "context"), ("/srv/upload/drop", "violation")], k
locs = {}
for r in s["runs"][0]["results"]:
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri != "." and not uri.startswith("file:"), r
    locs.setdefault(r["ruleId"], []).append(uri)
assert locs["pam-no-nullok"] == ["etc/pam.d/common-auth"], locs
assert locs["files-no-world-writable"] == ["srv/upload/drop"], locs
print("json and sarif ok")
PY
rc=$?
cp "$tmp/py" "$tmp/why"
expect "JSON marks context, SARIF has violations only" test $rc -eq 0
: >"$tmp/why"
expect "text marks context" grep -q "context: /etc/pam.d/common-account" "$tmp/r.txt"
if grep -q "common-account" "$tmp/r.xml"; then
	notok "JUnit failure lists a compliant file"
else
	ok "JUnit failure lists violations only"
fi

# Path-scoped waivers clear a rule whose only violation they cover.
cat >"$tmp/w.yaml" <<'YAML'
waivers:
  - rule: pam-no-nullok
    path: /etc/pam.d/common-auth
    justification: kiosk accounts, ticket SEC-1
  - rule: files-no-world-writable
    path: /srv/upload/*
    justification: upload drop box, ticket SEC-2
YAML
"$ASSAY" scan $P --waivers "$tmp/w.yaml" --format json="$tmp/w.json" \
    "$tmp/root" >"$tmp/why" 2>&1
expect "path-scoped waivers clear both rules (exit 0)" test $? -eq 0
for r in pam-no-nullok files-no-world-writable; do
	expect "$r waived" python3 -c "
import json, sys
r = [x for x in json.load(open('$tmp/w.json'))['results'] if x['rule'] == '$r']
sys.exit(r[0]['status'] != 'waived')"
done

# A baseline from the same root: nothing is new, context never counts.
"$ASSAY" scan $P --baseline "$tmp/r.json" --fail-on-new \
    --format json="$tmp/b.json" --format text "$tmp/root" >"$tmp/b.txt" 2>&1
expect "same root against its baseline: no new finding (exit 0)" \
    test $? -eq 0
: >"$tmp/why"
expect "the verdict says no NEW failing rule" \
    grep -q "^verdict: pass (no new failing rule at or above high)$" \
    "$tmp/b.txt"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
