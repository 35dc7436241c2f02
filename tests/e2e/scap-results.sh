#!/bin/sh
# End-to-end test of the XCCDF 1.2 results (`--format xccdf=FILE`) and ARF
# 1.1 (`--format arf=FILE`) reports (docs/scap.md, "Results output"):
#
#   - the demo benchmark (fixtures/scap/demo-xccdf.xml, its OVAL beside
#     it) on fixtures/scap/root, profile base: each rule-result's result
#     (pass, fail, notselected, notchecked; complex-checks with OR, AND,
#     negate and nesting), ident, check-export and check-content-ref,
#     set-value, target and host name fact, score;
#   - the ARF: relationships, report request, asset host name, the
#     TestResult in the report, the OVAL results report (definitions
#     with their criteria, tests, system info; the OVAL 5.11 results
#     schema; oscap's HTML report shows it);
#   - an assay pack (linux-baseline) with a waiver: the minimal Benchmark
#     with xccdf_assay_* ids, the waived rule notapplicable with an
#     override carrying the justification (escaped);
#   - the SSG data stream (ssg-debian11-ds.xml): the Benchmark copied;
#   - every file validates against the XCCDF 1.2 and ARF 1.1 schemas of
#     openscap-common with xmllint, and `oscap xccdf generate report`
#     and `oscap info` accept them;
#   - XCCDF tailoring files (--tailoring FILE.xml, --profile naming the
#     tailored profile): a failing and a passing twin (select, refine-value,
#     set-value, refine-rule severity and role=unchecked, a group
#     deselected), and hostile or wrong ones: exit 2, file and line;
#     a Tailoring inside a data stream (--tailoring-id, as oscap's);
#   - refine-rule (weight, severity, role unscored / unchecked) in the
#     benchmark's own Profiles with extends, weights on Groups and Rules,
#     the four XCCDF scoring models (hand-computed, and oscap-chroot's on
#     the same root), refine-rule values the schema refuses: exit 2;
#     the same refine-rules from a tailoring file (weights-tailoring.xml),
#     which win over its base profile's, compared with oscap's
#     --tailoring-file rule-results;
#   - refine-rule selector (selector-xccdf.xml): the check that runs, in
#     Profiles and a tailoring, as oscap's;
#   - an XCCDF 1.1 benchmark (v11-xccdf.xml): each rule's status, its
#     free-form ids as they are in the JSON and the results, the
#     TestResult in the 1.1 namespace (XCCDF and ARF) validating
#     against the XCCDF 1.1 schema, and oscap-chroot's rule-results;
#     OpenSCAP's tailoring file for 1.1 content (v11-tailoring.xml).
#
# Needs python3, xmllint, oscap (openscap-scanner) and ssg-debian.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

DS=${ASSAY_SSG_DS:-/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml}
SCHEMAS=/usr/share/openscap/schemas
e2e_require assay python3
[ -f "$DS" ] || e2e_skip "$DS not found (apt-get install ssg-debian)"
[ -f "$SCHEMAS/xccdf/1.2/xccdf_1.2.xsd" ] ||
    e2e_skip "XCCDF schema not found (apt-get install openscap-common)"
command -v xmllint >/dev/null 2>&1 ||
    e2e_skip "xmllint not found (apt-get install libxml2-utils)"
command -v oscap >/dev/null 2>&1 ||
    e2e_skip "oscap not found (apt-get install openscap-scanner)"
e2e_setup
F=$top_srcdir/fixtures/scap

valid()	# NAME FILE SCHEMA
{
	expect "$1 validates" xmllint --noout --schema "$SCHEMAS/$3" "$2"
}
valid_xccdf() { valid "$1" "$2" xccdf/1.2/xccdf_1.2.xsd; }
valid_arf() { valid "$1" "$2" arf/1.1/asset-reporting-format_1.1.0.xsd; }

# 1. the demo benchmark
if "$ASSAY" scan --datastream "$F/demo-xccdf.xml" --profile base \
    --fail-on none --format "xccdf=$tmp/d.xml" --format "arf=$tmp/d-arf.xml" \
    "$F/root" >/dev/null 2>"$tmp/why"
then ok "scan demo benchmark"; else notok "scan demo benchmark"; fi
valid_xccdf "demo xccdf" "$tmp/d.xml"
valid_arf "demo arf" "$tmp/d-arf.xml"
expect "demo rule-results" python3 - "$tmp/d.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
b = ET.parse(sys.argv[1]).getroot()
assert b.tag == X + "Benchmark" and b.get("id") == "xccdf_org.example_benchmark_demo"
tr = b.find(X + "TestResult")
assert tr.get("id") == "xccdf_assay_testresult_xccdf_org.example_profile_base", tr.get("id")
assert tr.get("test-system").startswith("cpe:/a:assay:assay:")
assert tr.find(X + "profile").get("idref") == "xccdf_org.example_profile_base"
assert tr.find(X + "target").text == "demo-host"
facts = {f.get("name"): f.text for f in tr.find(X + "target-facts")}
assert facts["urn:xccdf:fact:asset:identifier:host_name"] == "demo-host", facts
assert facts["urn:xccdf:fact:scanner:name"] == "assay", facts
sv = tr.find(X + "set-value")
assert sv.get("idref") == "xccdf_org.example_value_max_sessions" and sv.text == "10"
rr = {r.get("idref").split("_rule_")[1]: r for r in tr.findall(X + "rule-result")}
got = {k: r.find(X + "result").text for k, r in rr.items()}
assert got == {"max_sessions": "pass", "no_debug": "fail",
               "banner": "notselected", "manual": "notchecked",
               "either": "pass", "both": "fail"}, got
m = rr["max_sessions"]
assert m.find(X + "ident").text == "CCE-99999-1"
assert m.find(X + "ident").get("system") == "https://ncp.nist.gov/cce"
c = m.find(X + "check")
assert c.find(X + "check-export").get("value-id") == "xccdf_org.example_value_max_sessions"
ref = c.find(X + "check-content-ref")
assert ref.get("name") == "oval:demo:def:1" and ref.get("href") == "demo-oval.xml"
assert rr["no_debug"].get("severity") == "high"
assert "debug is off" in rr["no_debug"].find(X + "message").text
assert rr["banner"].find(X + "check") is None
# default model: two pass, two fail counted (manual and banner are not)
assert tr.find(X + "score").text == "50.000000", tr.find(X + "score").text
PY
"$ASSAY" policy check "$F/demo-xccdf.xml" >"$tmp/pc" 2>&1
expect "policy check counts complex-checks as evaluable" grep -qx \
    'profile xccdf_org.example_profile_base: 5 rules, 4 fully evaluable, 1 without an OVAL check' "$tmp/pc"
# a complex-check holding a check that is not OVAL: manual, saying why
sed -e 's|<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5" negate="true">|<check system="http://scap.nist.gov/schema/ocil/2">|' \
    "$F/demo-xccdf.xml" >"$tmp/ocil-xccdf.xml"
cp "$F/demo-oval.xml" "$tmp/"
"$ASSAY" scan --datastream "$tmp/ocil-xccdf.xml" --profile base --fail-on none \
    --format "json=$tmp/ocil.json" "$F/root" >/dev/null 2>"$tmp/why"
expect "complex-check with an OCIL check is manual" python3 -c '
import json, sys
r = {x["rule"]: x for x in json.load(open(sys.argv[1]))["results"]}
e = r["xccdf_org.example_rule_either"]
assert e["status"] == "notchecked", e
assert "complex-check with a check that is not OVAL" in e["message"], e
assert r["xccdf_org.example_rule_both"]["status"] == "fail"
' "$tmp/ocil.json"
expect "demo arf" python3 - "$tmp/d-arf.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://scap.nist.gov/schema/asset-reporting-format/1.1}"
C = "{http://scap.nist.gov/schema/reporting-core/1.1}"
I = "{http://scap.nist.gov/schema/asset-identification/1.1}"
X = "{http://checklists.nist.gov/xccdf/1.2}"
r = ET.parse(sys.argv[1]).getroot()
rel = [(x.get("type"), x.get("subject"), x.find(C + "ref").text)
       for x in r.find(C + "relationships")]
assert rel == [("arfvocab:createdFor", "xccdf1", "collection1"),
               ("arfvocab:isAbout", "xccdf1", "asset0")], rel
req = r.find(A + "report-requests/" + A + "report-request")
assert req.get("id") == "collection1"
assert req.find(A + "content/" + X + "Benchmark") is not None
a = r.find(A + "assets/" + A + "asset")
assert a.get("id") == "asset0"
assert a.find(I + "computing-device/" + I + "hostname").text == "demo-host"
rep = r.find(A + "reports/" + A + "report")
assert rep.get("id") == "xccdf1"
tr = rep.find(A + "content/" + X + "TestResult")
assert tr.find(X + "benchmark").get("href") == "#collection1"
assert len(tr.findall(X + "rule-result")) == 6
PY
expect "demo arf: OVAL results" python3 - "$tmp/d-arf.xml" "$tmp/d-oval.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://scap.nist.gov/schema/asset-reporting-format/1.1}"
X = "{http://checklists.nist.gov/xccdf/1.2}"
R = "{http://oval.mitre.org/XMLSchema/oval-results-5}"
D = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
S = "{http://oval.mitre.org/XMLSchema/oval-system-characteristics-5}"
r = ET.parse(sys.argv[1]).getroot()
reps = {x.get("id"): x for x in r.find(A + "reports")}
assert sorted(reps) == ["oval0", "xccdf1"], sorted(reps)
tr = reps["xccdf1"].find(A + "content/" + X + "TestResult")
hrefs = {c.get("href") for c in tr.iter(X + "check-content-ref")}
assert hrefs == {"#oval0"}, hrefs
o = reps["oval0"].find(A + "content/" + R + "oval_results")
assert o.find(R + "generator").find(
    "{http://oval.mitre.org/XMLSchema/oval-common-5}product_name").text == "assay"
assert o.find(D + "oval_definitions") is not None
sysr = o.find(R + "results/" + R + "system")
defs = {d.get("definition_id"): d for d in sysr.find(R + "definitions")}
assert {k: d.get("result") for k, d in defs.items()} == {
    "oval:demo:def:1": "true", "oval:demo:def:2": "false",
    "oval:demo:def:3": "false"}, defs
c = defs["oval:demo:def:2"].find(R + "criteria")
assert c.get("result") == "false"
assert c.find(R + "criterion").get("test_ref") == "oval:demo:tst:2"
tests = {t.get("test_id"): (t.get("check_existence"), t.get("result"))
         for t in sysr.find(R + "tests")}
assert tests == {"oval:demo:tst:1": ("all_exist", "true"),
                 "oval:demo:tst:2": ("none_exist", "false"),
                 "oval:demo:tst:3": ("at_least_one_exists", "false")}, tests
si = sysr.find(S + "oval_system_characteristics/" + S + "system_info")
assert si.find(S + "primary_host_name").text == "demo-host"
ET.register_namespace("", R[1:-1])
open(sys.argv[2], "wb").write(ET.tostring(o))
PY
valid "demo oval results" "$tmp/d-oval.xml" oval/5.11.3/oval-results-schema.xsd
expect "oscap shows the OVAL details of the demo arf" sh -c 'oscap xccdf \
    generate report "$1" | grep -q "OVAL details taken from arf:report with id=.oval0."' \
    sh "$tmp/d-arf.xml"
expect "the xccdf results keep the benchmark's hrefs" grep -q \
    'check-content-ref name="oval:demo:def:1" href="demo-oval.xml"' "$tmp/d.xml"
expect "oscap reads the demo results" oscap xccdf generate report \
    --output "$tmp/d.html" "$tmp/d.xml"
expect "oscap reads the demo arf" sh -c 'oscap info "$1" | grep -q "Result ID: xccdf_assay_testresult_"' sh "$tmp/d-arf.xml"

# 2. an assay pack, a waiver, a profile
cat >"$tmp/w.yaml" <<'Y'
waivers:
  - rule: login-defs-umask
    justification: "legacy <host> & co"
    owner: alice
    expires: 2030-01-01
Y
if "$ASSAY" scan --policy "$top_srcdir/policies/linux-baseline" \
    --profile linux-baseline --waivers "$tmp/w.yaml" --fail-on none \
    --format "xccdf=$tmp/y.xml" --format "arf=$tmp/y-arf.xml" \
    "$top_srcdir/fixtures/roots/fail" >/dev/null 2>"$tmp/why"
then ok "scan assay pack"; else notok "scan assay pack"; fi
valid_xccdf "assay pack xccdf" "$tmp/y.xml"
valid_arf "assay pack arf" "$tmp/y-arf.xml"
expect "assay pack ids and the waiver" python3 - "$tmp/y.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
b = ET.parse(sys.argv[1]).getroot()
assert b.get("id") == "xccdf_assay_benchmark_linux-baseline", b.get("id")
assert b.find(X + "Profile").get("id") == "xccdf_assay_profile_linux-baseline"
rules = [r.get("id") for r in b.findall(X + "Rule")]
assert "xccdf_assay_rule_login-defs-umask" in rules, rules
tr = b.find(X + "TestResult")
assert tr.find(X + "profile").get("idref") == "xccdf_assay_profile_linux-baseline"
rr = {r.get("idref"): r for r in tr.findall(X + "rule-result")}
assert sorted(rr) == sorted(rules)
w = rr["xccdf_assay_rule_login-defs-umask"]
assert w.find(X + "result").text == "notapplicable"
o = w.find(X + "override")
assert o.get("authority") == "alice"
assert o.find(X + "old-result").text == "fail"
assert o.find(X + "new-result").text == "notapplicable"
assert o.find(X + "remark").text.startswith("legacy <host> & co (owner alice"), o.find(X + "remark").text
st = {r.find(X + "result").text for r in rr.values()}
assert {"pass", "fail", "error", "notapplicable"} <= st, st
PY
expect "oscap reads the assay pack results" oscap xccdf generate report \
    --output "$tmp/y.html" "$tmp/y.xml"

# 3. the SSG data stream: its Benchmark copied, its component referenced
if "$ASSAY" scan --datastream "$DS" --profile standard --fail-on none \
    --format "xccdf=$tmp/s.xml" --format "arf=$tmp/s-arf.xml" \
    "$F/root" >/dev/null 2>"$tmp/why"
then ok "scan with the SSG data stream"; else notok "scan with the SSG data stream"; fi
valid_xccdf "ssg xccdf" "$tmp/s.xml"
valid_arf "ssg arf" "$tmp/s-arf.xml"
expect "ssg results" python3 - "$tmp/s.xml" "$tmp/s-arf.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
A = "{http://scap.nist.gov/schema/asset-reporting-format/1.1}"
b = ET.parse(sys.argv[1]).getroot()
assert b.get("id") == "xccdf_org.ssgproject.content_benchmark_DEBIAN-11"
tr = b.find(X + "TestResult")
res = [r.find(X + "result").text for r in tr.findall(X + "rule-result")]
# every Rule of the benchmark; no Debian 11 platform: notapplicable
assert len(res) == len(b.findall(".//" + X + "Rule")), len(res)
assert res.count("notapplicable") == 44 and "pass" not in res, set(res)
assert tr.find(X + "platform").get("idref") == "cpe:/o:debian:debian_linux:11"
r = ET.parse(sys.argv[2]).getroot()
ds = r.find(A + "report-requests/" + A + "report-request/" + A + "content")[0]
assert ds.tag.endswith("data-stream-collection"), ds.tag
tr = r.find(A + "reports/" + A + "report/" + A + "content/" + X + "TestResult")
assert tr.find(X + "benchmark").get("href") == "#scap_org.open-scap_comp_ssg-debian11-xccdf.xml"
PY
expect "oscap reads the ssg arf" sh -c 'oscap info "$1" | grep -q "Source benchmark: #scap_org.open-scap_comp_ssg-debian11-xccdf.xml"' sh "$tmp/s-arf.xml"

# 4. XCCDF tailoring files
tverdicts()	# JSON RULE=STATUS[:SEVERITY]...
{
	python3 - "$@" <<'PY'
import json, sys
res = {r["rule"].split("_rule_")[1]: r for r in json.load(open(sys.argv[1]))["results"]}
got = {k: r["status"] + ":" + r["severity"] for k, r in res.items()}
want = dict(w.split("=") for w in sys.argv[2:])
assert got == want, (got, want)
PY
}
tscan()	# NAME PROFILE
{
	"$ASSAY" scan --datastream "$F/demo-xccdf.xml" --tailoring \
	    "$F/tailoring-$1.xml" --profile "$2" --fail-on none \
	    --format "json=$tmp/t-$1.json" --format "xccdf=$tmp/t-$1.xml" \
	    "$F/root" >/dev/null 2>"$tmp/why"
}
if tscan strict base_strict; then ok "tailoring: strict"; else notok "tailoring: strict"; fi
expect "tailoring: strict verdicts" tverdicts "$tmp/t-strict.json" \
    max_sessions=fail:medium banner=fail:high manual=notchecked:low \
    either=pass:low both=pass:medium
expect "tailoring: the tailored profile in the results" grep -q \
    '<profile idref="xccdf_org.example_profile_base_strict"/>' "$tmp/t-strict.xml"
if tscan loose xccdf_org.example_profile_base_loose; then ok "tailoring: loose"; else notok "tailoring: loose"; fi
# role="unchecked" in a tailoring: notchecked, as oscap 1.3.7 says
expect "tailoring: loose verdicts" tverdicts "$tmp/t-loose.json" \
    max_sessions=pass:medium manual=notchecked:low either=pass:low \
    both=fail:medium no_debug=notchecked:high banner=notchecked:low
# a Tailoring inside a data stream (demo-tailoring-ds.xml: strict and
# loose as ds:components of ds:checklists): --tailoring-id picks it in
# --datastream, as oscap xccdf eval --tailoring-id does (same results
# rule by rule), or in a --tailoring data stream (by component-ref or
# component id; the only one without --tailoring-id)
DSF=$F/demo-tailoring-ds.xml
rresults()	# ASSAY-XCCDF OSCAP-XCCDF: the same result per rule
{
	python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def rr(f):
    tr = ET.parse(f).getroot().find(X + "TestResult")
    return {r.get("idref"): r.find(X + "result").text
            for r in tr.findall(X + "rule-result")}
a, o = rr(sys.argv[1]), rr(sys.argv[2])
assert a == o and len(a) == 6, (a, o)
PY
}
if "$ASSAY" scan --datastream "$DSF" --tailoring-id \
    scap_org.example_cref_tailoring-strict --profile base_strict \
    --fail-on none --format "json=$tmp/ds-s.json" --format "xccdf=$tmp/ds-s.xml" \
    "$F/root" >/dev/null 2>"$tmp/why"
then ok "tailoring-id: strict"; else notok "tailoring-id: strict"; fi
expect "tailoring-id: strict verdicts" tverdicts "$tmp/ds-s.json" \
    max_sessions=fail:medium banner=fail:high manual=notchecked:low \
    either=pass:low both=pass:medium
expect "tailoring-id: the tailored profile in the results" grep -q \
    '<profile idref="xccdf_org.example_profile_base_strict"/>' "$tmp/ds-s.xml"
expect "tailoring-id: oscap xccdf eval --tailoring-id" sh -c 'oscap-chroot "$1" \
    xccdf eval --tailoring-id scap_org.example_cref_tailoring-strict \
    --profile xccdf_org.example_profile_base_strict --results "$2" "$3" \
    >/dev/null 2>&1; test -s "$2"' - "$F/root" "$tmp/ds-so.xml" "$DSF"
expect "tailoring-id: strict results as oscap's" rresults "$tmp/ds-s.xml" \
    "$tmp/ds-so.xml"
# a Rule with a check and a complex-check: the complex-check runs, the
# check is ignored (NIST IR 7275r4 6.4.4.4), as oscap does: "either"
# passes by its complex-check, where the check (no banner) would fail
# (the XCCDF 1.2 schema allows one or the other: oscap --skip-valid)
sed -e 's|<complex-check operator="OR">|<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"><check-content-ref href="demo-oval.xml" name="oval:demo:def:3"/></check>&|' \
    "$F/demo-xccdf.xml" >"$tmp/cc-xccdf.xml"
"$ASSAY" scan --datastream "$tmp/cc-xccdf.xml" --profile base --fail-on none \
    --format "json=$tmp/cc.json" --format "xccdf=$tmp/cc.xml" "$F/root" \
    >/dev/null 2>"$tmp/why"
expect "complex-check over check: its verdict" tverdicts "$tmp/cc.json" \
    max_sessions=pass:medium no_debug=fail:high manual=notchecked:low \
    either=pass:low both=fail:medium
expect "complex-check over check: oscap-chroot" sh -c 'oscap-chroot "$1" \
    xccdf eval --skip-valid --profile xccdf_org.example_profile_base \
    --results "$2" "$3" >/dev/null 2>&1; test -s "$2"' - "$F/root" \
    "$tmp/cc-o.xml" "$tmp/cc-xccdf.xml"
expect "complex-check over check: results as oscap's" rresults "$tmp/cc.xml" \
    "$tmp/cc-o.xml"
if "$ASSAY" scan --datastream "$F/demo-xccdf.xml" --tailoring "$DSF" \
    --tailoring-id scap_org.example_comp_tailoring-loose --fail-on none \
    --format "json=$tmp/ds-l.json" "$F/root" >/dev/null 2>"$tmp/why"
then ok "tailoring-id: loose in a --tailoring data stream"; else notok "tailoring-id: loose in a --tailoring data stream"; fi
expect "tailoring-id: loose verdicts" tverdicts "$tmp/ds-l.json" \
    max_sessions=pass:medium manual=notchecked:low either=pass:low \
    both=fail:medium no_debug=notchecked:high banner=notchecked:low
sed 's|<ds:component-ref id="scap_org.example_cref_tailoring-loose"[^>]*/>||' \
    "$DSF" >"$tmp/one-tailoring-ds.xml"
if "$ASSAY" scan --datastream "$F/demo-xccdf.xml" --tailoring \
    "$tmp/one-tailoring-ds.xml" --fail-on none --format "json=$tmp/ds-1.json" \
    "$F/root" >/dev/null 2>"$tmp/why"
then ok "tailoring-id: the only Tailoring of a data stream"; else notok "tailoring-id: the only Tailoring of a data stream"; fi
expect "tailoring-id: the only one is strict" tverdicts "$tmp/ds-1.json" \
    max_sessions=fail:medium banner=fail:high manual=notchecked:low \
    either=pass:low both=pass:medium
badid()	# NAME WANT [OPTION...]
{
	name=$1 want=$2
	shift 2
	"$ASSAY" scan "$@" "$F/root" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 2 ] && grep -Fq -e "$want" "$tmp/out"; then ok "tailoring-id: $name"
	else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"; notok "tailoring-id: $name"; fi
}
badid several 'demo-tailoring-ds.xml:3: several XCCDF Tailoring components in the data stream: name one with --tailoring-id' \
    --datastream "$F/demo-xccdf.xml" --tailoring "$DSF"
badid unknown 'demo-tailoring-ds.xml:3: --tailoring-id: no component-ref "nope" of an XCCDF Tailoring in the data stream'"'"'s checklists' \
    --datastream "$DSF" --tailoring-id nope
badid none 'demo-xccdf.xml:4: --tailoring-id: not a SCAP source data stream (the root element is "Benchmark")' \
    --datastream "$F/demo-xccdf.xml" --tailoring-id x
badid no-datastream '--tailoring-id needs --datastream FILE' --tailoring-id x
printf 'tailoring:\n  id: t\n' >"$tmp/t.yaml"
badid yaml "t.yaml: --tailoring-id: this is assay's YAML tailoring, not a SCAP source data stream" \
    --datastream "$DSF" --tailoring "$tmp/t.yaml" --tailoring-id x
badt()	# NAME WANT-REGEX [OPTION...] (the XML on stdin)
{
	name=$1 want=$2
	shift 2
	cat >"$tmp/$name.xml"
	"$ASSAY" scan --datastream "$F/demo-xccdf.xml" --tailoring \
	    "$tmp/$name.xml" "$@" "$F/root" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 2 ] && grep -Eq "$want" "$tmp/out"; then ok "tailoring: $name"
	else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"; notok "tailoring: $name"; fi
}
badt doctype 'doctype[.]xml:2: a document type declaration' <<'X'
<?xml version="1.0"?>
<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="x">&e;</Tailoring>
X
badt wrong-benchmark 'wrong-benchmark[.]xml:3: benchmark: the tailoring is for "xccdf_org.ssgproject.content_benchmark_RHEL-9", but the data stream.s benchmark is "xccdf_org.example_benchmark_demo"' <<'X'
<?xml version="1.0"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_a_tailoring_x">
  <benchmark href="ssg-rhel9-ds.xml" id="xccdf_org.ssgproject.content_benchmark_RHEL-9"/>
  <Profile id="xccdf_a_profile_t" extends="xccdf_org.example_profile_base"><title>t</title></Profile>
</Tailoring>
X
badt unknown-ids 'unknown-ids[.]xml:6: select: no rule or group "xccdf_org.example_rule_nope" in the benchmark' <<'X'
<?xml version="1.0"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_a_tailoring_x">
  <benchmark href="demo-xccdf.xml"/>
  <Profile id="xccdf_a_profile_t" extends="xccdf_org.example_profile_nope">
    <title>t</title>
    <select idref="xccdf_org.example_rule_nope" selected="true"/>
    <set-value idref="xccdf_org.example_value_nope">1</set-value>
    <refine-rule idref="xccdf_org.example_rule_banner" severity="urgent"/>
  </Profile>
</Tailoring>
X
for w in 'unknown-ids[.]xml:4: Profile: extends: no profile "xccdf_org.example_profile_nope"' \
    'unknown-ids[.]xml:7: set-value: no Value "xccdf_org.example_value_nope"' \
    'unknown-ids[.]xml:8: refine-rule xccdf_org.example_rule_banner: severity: expected unknown, info, low, medium or high, got "urgent"'; do
	grep -Eq "$w" "$tmp/out" || echo "missing: $w" >>"$tmp/why2"
done
expect "tailoring: every error reported" test ! -s "$tmp/why2"
badt no-extends 'no-extends[.]xml:4: Profile "xccdf_a_profile_t": no extends' <<'X'
<?xml version="1.0"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_a_tailoring_x">
  <benchmark href="demo-xccdf.xml"/>
  <Profile id="xccdf_a_profile_t"><title>t</title></Profile>
</Tailoring>
X
badt truncated 'truncated[.]xml:[0-9]+: malformed XML' <<'X'
<?xml version="1.0"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_a_tailoring_x">
X
badt two-profiles 'two-profiles[.]xml:2: Tailoring: several Profiles: name one with --profile' <<'X'
<?xml version="1.0"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_a_tailoring_x">
  <benchmark href="demo-xccdf.xml"/>
  <Profile id="xccdf_a_profile_a" extends="xccdf_org.example_profile_base"><title>a</title></Profile>
  <Profile id="xccdf_a_profile_b" extends="xccdf_org.example_profile_base"><title>b</title></Profile>
</Tailoring>
X
"$ASSAY" scan --policy "$top_srcdir/policies/linux-baseline" --tailoring \
    "$F/tailoring-strict.xml" "$F/root" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'tailoring-strict[.]xml:6: an XCCDF tailoring file tailors SCAP content: give the benchmark with --datastream' "$tmp/out"
then ok "tailoring: XML without --datastream"; else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"; notok "tailoring: XML without --datastream"; fi
# 5. refine-rule in the benchmark's Profiles, weights and the scoring
# models (fixtures/scap/weights-xccdf.xml): profile child (extends
# parent) refines weight, severity and role; hand-computed scores
# (tests/unit/check_xccdf_score.c); profile plain against oscap's own
wscan()	# PROFILE
{
	"$ASSAY" scan --datastream "$F/weights-xccdf.xml" --profile "$1" \
	    --fail-on none --format "json=$tmp/w-$1.json" \
	    --format "xccdf=$tmp/w-$1.xml" "$F/root" >/dev/null 2>"$tmp/why"
}
wcheck()	# XCCDF-RESULTS RULE=ROLE:SEVERITY:WEIGHT:RESULT... -- MODEL=SCORE/MAX...
{
	python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
tr = ET.parse(sys.argv[1]).getroot().find(X + "TestResult")
args = sys.argv[2:]
cut = args.index("--")
got = {r.get("idref").split("_rule_")[1]: "%s:%s:%g:%s" % (r.get("role"),
       r.get("severity"), float(r.get("weight")), r.find(X + "result").text)
       for r in tr.findall(X + "rule-result")}
want = dict(a.split("=") for a in args[:cut])
assert got == want, (got, want)
sc = [(s.get("system").split(":")[-1], float(s.text), float(s.get("maximum")))
      for s in tr.findall(X + "score")]
want = [a.split("=") for a in args[cut + 1:]]
assert [m for m, _, _ in sc] == [m for m, _ in want], (sc, want)
for (m, v, mx), (_, w) in zip(sc, want):
    wv, wm = map(float, w.split("/"))
    assert abs(v - wv) < 1e-4 and abs(mx - wm) < 1e-6, (m, v, mx, w)
PY
}
if wscan child; then ok "weights: scan child"; else notok "weights: scan child"; fi
valid_xccdf "weights xccdf" "$tmp/w-child.xml"
expect "weights: child rule-results and scores" wcheck "$tmp/w-child.xml" \
    a=full:medium:7:pass b=full:low:2:fail c=unscored:medium:5:fail \
    d=unchecked:medium:2:notchecked e=full:low:2.5:pass -- \
    default=87.878788/100 flat=9.5/11.5 flat-unweighted=2/3 absolute=0/1
expect "weights: refined severity and unchecked in the json" tverdicts \
    "$tmp/w-child.json" a=pass:medium b=fail:low c=fail:medium \
    d=notchecked:medium e=pass:low
expect "weights: why d is not checked" grep -q \
    'refine-rule sets role=\\"unchecked\\"' "$tmp/w-child.json"
if wscan plain; then ok "weights: scan plain"; else notok "weights: scan plain"; fi
# oscap 1.3.7 on the same root: the same scores (its absolute maximum
# is the flat one: docs/openscap.md)
expect "weights: oscap-chroot eval plain" sh -c 'oscap-chroot "$1" xccdf eval \
    --profile xccdf_org.example_profile_plain --results "$2" "$3" >/dev/null 2>&1;
    test -s "$2"' - "$F/root" "$tmp/w-oscap.xml" "$F/weights-xccdf.xml"
expect "weights: plain scores are oscap's" python3 - "$tmp/w-plain.xml" \
    "$tmp/w-oscap.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def scores(f):
    tr = ET.parse(f).getroot().find(X + "TestResult")
    return {s.get("system"): (float(s.text), float(s.get("maximum")))
            for s in tr.findall(X + "score")}
a, o = scores(sys.argv[1]), scores(sys.argv[2])
assert set(a) == set(o) and len(a) == 4, (a, o)
for m in a:
    assert abs(a[m][0] - o[m][0]) < 1e-4, (m, a[m], o[m])
    assert m.endswith("absolute") or a[m][1] == o[m][1], (m, a[m], o[m])
PY
# the same refine-rules from an XCCDF tailoring file (weights-tailoring.xml):
# twin (over parent) gives child's results and scores; win overrides
# child (a's weight, d's role back to full, group two's weight). oscap
# 1.3.7 with --tailoring-file: the same role, severity, weight and result
# per rule (its unscored result is informational; it scores with the
# Rules' own weights: docs/openscap.md)
wtscan()	# PROFILE
{
	"$ASSAY" scan --datastream "$F/weights-xccdf.xml" --tailoring \
	    "$F/weights-tailoring.xml" --profile "$1" --fail-on none \
	    --format "xccdf=$tmp/wt-$1.xml" "$F/root" >/dev/null 2>"$tmp/why"
}
if wtscan twin; then ok "weights: tailoring twin"; else notok "weights: tailoring twin"; fi
expect "weights: tailoring twin is child" wcheck "$tmp/wt-twin.xml" \
    a=full:medium:7:pass b=full:low:2:fail c=unscored:medium:5:fail \
    d=unchecked:medium:2:notchecked e=full:low:2.5:pass -- \
    default=87.878788/100 flat=9.5/11.5 flat-unweighted=2/3 absolute=0/1
if wtscan win; then ok "weights: tailoring win"; else notok "weights: tailoring win"; fi
expect "weights: the tailoring's refine-rules win" wcheck "$tmp/wt-win.xml" \
    a=full:medium:1:pass b=full:low:2:fail c=unscored:medium:5:fail \
    d=full:medium:2:fail e=full:low:2.5:pass -- \
    default=46.666667/100 flat=3.5/7.5 flat-unweighted=2/4 absolute=0/1
wtoscap()	# PROFILE
{
	oscap-chroot "$F/root" xccdf eval --tailoring-file \
	    "$F/weights-tailoring.xml" --profile "xccdf_org.example_profile_$1" \
	    --results "$tmp/wto-$1.xml" "$F/weights-xccdf.xml" >/dev/null 2>&1
	test -s "$tmp/wto-$1.xml" || return 1
	python3 - "$tmp/wt-$1.xml" "$tmp/wto-$1.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def rr(f, unscored):
    tr = ET.parse(f).getroot().find(X + "TestResult")
    return {r.get("idref"): (r.get("role"), r.get("severity"),
            float(r.get("weight")), "informational" if unscored and
            r.get("role") == "unscored" else r.find(X + "result").text)
            for r in tr.findall(X + "rule-result")}
a, o = rr(sys.argv[1], True), rr(sys.argv[2], False)
assert a == o and len(a) == 5, (a, o)
PY
}
expect "weights: tailoring twin as oscap" wtoscap twin
expect "weights: tailoring win as oscap" wtoscap win
sed 's/severity="low" weight="2"/severity="urgent" weight="-1"/; s/role="unscored"/role="skip"/' \
    "$F/weights-xccdf.xml" >"$tmp/w-bad.xml"
cp "$F/demo-oval.xml" "$tmp/"
"$ASSAY" scan --datastream "$tmp/w-bad.xml" --profile child "$F/root" \
    >"$tmp/out" 2>&1
rc=$?
: >"$tmp/why2"
for w in 'w-bad[.]xml:23: refine-rule xccdf_org.example_rule_b: severity: expected unknown, info, low, medium or high, got "urgent"' \
    'w-bad[.]xml:23: refine-rule xccdf_org.example_rule_b: weight: expected a decimal number not below 0, got "-1"' \
    'w-bad[.]xml:24: refine-rule xccdf_org.example_rule_c: role: expected full, unscored or unchecked, got "skip"'; do
	grep -Eq "$w" "$tmp/out" || echo "missing: $w" >>"$tmp/why2"
done
if [ "$rc" -eq 2 ] && [ ! -s "$tmp/why2" ]; then ok "weights: bad refine-rule values"
else echo "exit $rc: $(cat "$tmp/out" "$tmp/why2")" >"$tmp/why"; notok "weights: bad refine-rule values"; fi
# 6. refine-rule selector (fixtures/scap/selector-xccdf.xml): which check
# of a Rule runs, in the benchmark's Profiles and in a tailoring file
# (selector-tailoring.xml); the same result per rule as oscap 1.3.7
selscan()	# PROFILE [OPTION...]
{
	p=$1
	shift
	"$ASSAY" scan --datastream "$F/selector-xccdf.xml" --profile "$p" "$@" \
	    --fail-on none --format "json=$tmp/sel-$p.json" \
	    --format "xccdf=$tmp/sel-$p.xml" "$F/root" >/dev/null 2>"$tmp/why" &&
	oscap-chroot "$F/root" xccdf eval --profile "xccdf_org.example_profile_$p" \
	    "$@" --results "$tmp/selo-$p.xml" "$F/selector-xccdf.xml" \
	    >/dev/null 2>&1
	test -s "$tmp/selo-$p.xml"
}
selcheck()	# PROFILE TWO ONLY: assay's and oscap's results
{
	python3 - "$tmp/sel-$1.xml" "$tmp/selo-$1.xml" "$2" "$3" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def rr(f):
    tr = ET.parse(f).getroot().find(X + "TestResult")
    return {r.get("idref").split("_rule_")[1]: r.find(X + "result").text
            for r in tr.findall(X + "rule-result")}
a, o = rr(sys.argv[1]), rr(sys.argv[2])
want = {"two": sys.argv[3], "only": sys.argv[4]}
assert a == want and o == want, (a, o, want)
PY
}
for c in "plain pass notchecked" "strict fail fail" "nomatch pass notchecked"; do
	# shellcheck disable=SC2086
	set -- $c
	if selscan "$1"; then ok "selector: scan $1"; else notok "selector: scan $1"; fi
	expect "selector: $1 as oscap" selcheck "$@"
done
"$ASSAY" scan --datastream "$F/selector-xccdf.xml" --profile tailored \
    --tailoring "$F/selector-tailoring.xml" --fail-on none \
    --format "json=$tmp/sel-tailored.json" --format "xccdf=$tmp/sel-tailored.xml" \
    "$F/root" >/dev/null 2>"$tmp/why"
expect "selector: oscap --tailoring-file" sh -c 'oscap-chroot "$1" xccdf eval \
    --tailoring-file "$2" --profile xccdf_org.example_profile_tailored \
    --results "$3" "$4" >/dev/null 2>&1; test -s "$3"' - "$F/root" \
    "$F/selector-tailoring.xml" "$tmp/selo-tailored.xml" "$F/selector-xccdf.xml"
expect "selector: tailoring as oscap" selcheck tailored fail notchecked
expect "selector: the check that ran in the results" grep -q \
    '<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5" selector="strict">' \
    "$tmp/sel-strict.xml"
# assay's YAML tailoring: its base profile's selectors
printf 'tailoring:\n  id: t\n  extends: xccdf_org.example_profile_strict\n  reason: r\n' \
    >"$tmp/sel.yaml"
"$ASSAY" scan --datastream "$F/selector-xccdf.xml" --tailoring "$tmp/sel.yaml" \
    --fail-on none --format "json=$tmp/sel-yaml.json" "$F/root" >/dev/null 2>"$tmp/why"
expect "selector: a YAML tailoring of strict" tverdicts "$tmp/sel-yaml.json" \
    two=fail:medium only=fail:low
expect "selector: why a rule without its check is notchecked" grep -q \
    'no OVAL check for the refine-rule selector in effect' "$tmp/sel-plain.json"

# 7. an XCCDF 1.1 benchmark (fixtures/scap/v11-xccdf.xml): evaluated as
# 1.2 content is, its ids kept, its results written as XCCDF 1.1 (as
# oscap writes them for 1.1 content) and the same as oscap's; OpenSCAP's
# tailoring file for 1.1 content (v11-tailoring.xml) too
v11scan()	# PROFILE [OPTION...]
{
	p=$1
	shift
	"$ASSAY" scan --datastream "$F/v11-xccdf.xml" --profile "$p" "$@" \
	    --fail-on none --format "json=$tmp/v11-$p.json" \
	    --format "xccdf=$tmp/v11-$p.xml" --format "arf=$tmp/v11-$p-arf.xml" \
	    "$F/root" >/dev/null 2>"$tmp/why"
}
v11check()	# PROFILE MAX-SESSIONS RULE=STATUS...: the JSON, XCCDF, ARF
{
	python3 - "$tmp/v11-$1.json" "$tmp/v11-$1.xml" "$tmp/v11-$1-arf.xml" \
	    "$tmp/v11-$1-tr.xml" "$@" <<'PY'
import json, sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.1}"
A = "{http://scap.nist.gov/schema/asset-reporting-format/1.1}"
js, xr, arf, out, prof, maxs = sys.argv[1:7]
want = dict(a.split("=") for a in sys.argv[7:])
j = {r["rule"]: r["status"] for r in json.load(open(js))["results"]}
# the JSON: the rules the profile selects, by their own ids
assert j == {k: v for k, v in want.items() if v != "notselected"}, j
b = ET.parse(xr).getroot()
assert b.tag == X + "Benchmark" and b.get("id") == "legacy-demo", b.tag
tr = b.find(X + "TestResult")
assert tr.find(X + "profile").get("idref") == prof
assert tr.find(X + "benchmark").get("id") is None
sv = tr.find(X + "set-value")
assert sv.get("idref") == "max-sessions" and sv.text == maxs, sv.text
rr = {r.get("idref"): r for r in tr.findall(X + "rule-result")}
assert {k: r.find(X + "result").text for k, r in rr.items()} == want, rr
m = rr["max_sessions"]
assert m.find(X + "ident").text == "CCE-99999-1"
assert m.find(X + "check/" + X + "check-export").get("value-id") == "max-sessions"
# the ARF's TestResult: 1.1 too, written out to be validated alone
t = ET.parse(arf).getroot().find(A + "reports/" + A + "report/" + A +
                                 "content/" + X + "TestResult")
assert t is not None
assert {r.get("idref") for r in t.findall(X + "rule-result")} == set(want)
ET.ElementTree(t).write(out)
PY
}
v11oscap()	# PROFILE [OPTION...]: oscap-chroot's rule-results are assay's
{
	p=$1
	shift
	oscap-chroot "$F/root" xccdf eval --profile "$p" "$@" \
	    --results "$tmp/v11o-$p.xml" "$F/v11-xccdf.xml" >/dev/null 2>&1
	test -s "$tmp/v11o-$p.xml" || return 1
	python3 - "$tmp/v11-$p.xml" "$tmp/v11o-$p.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.1}"
def rr(f):
    tr = ET.parse(f).getroot().find(X + "TestResult")
    return ({r.get("idref"): (r.get("role"), r.get("severity"),
             float(r.get("weight")), r.find(X + "result").text)
             for r in tr.findall(X + "rule-result")},
            {v.get("idref"): v.text for v in tr.findall(X + "set-value")},
            tr.find(X + "profile").get("idref"))
a, o = rr(sys.argv[1]), rr(sys.argv[2])
assert a == o and len(a[0]) == 5, (a, o)
PY
}
for c in "base 10 max_sessions=pass banner=notselected no-debug=fail" \
    "tight 2 max_sessions=fail banner=fail no-debug=fail" \
    "loose 8 max_sessions=pass banner=notselected no-debug=notselected"; do
	# shellcheck disable=SC2086
	set -- $c
	opt=
	[ "$1" = loose ] && opt=--tailoring
	# shellcheck disable=SC2086
	if v11scan "$1" ${opt:+"$opt" "$F/v11-tailoring.xml"}
	then ok "xccdf 1.1: scan $1"; else notok "xccdf 1.1: scan $1"; fi
	expect "xccdf 1.1: $1 results" v11check "$@" manual.check=notchecked \
	    "_either=${3#max_sessions=}"
	valid "xccdf 1.1: $1 xccdf" "$tmp/v11-$1.xml" xccdf/1.1/xccdf-schema.xsd
	valid "xccdf 1.1: $1 arf" "$tmp/v11-$1-arf.xml" \
	    arf/1.1/asset-reporting-format_1.1.0.xsd
	valid "xccdf 1.1: $1 arf TestResult" "$tmp/v11-$1-tr.xml" \
	    xccdf/1.1/xccdf-schema.xsd
	expect "xccdf 1.1: $1 as oscap" v11oscap "$1" \
	    ${opt:+"$opt-file" "$F/v11-tailoring.xml"}
done
finish
