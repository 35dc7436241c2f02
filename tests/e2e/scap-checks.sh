#!/bin/sh
# End-to-end test of how assay resolves an XCCDF Rule's OVAL check
# (docs/scap.md, "How the content maps to assay's model"), on
# fixtures/scap/checks-xccdf.xml and fixtures/scap/root, with oscap-chroot
# on the same files as the oracle:
#
#   - OVAL definition classes (SP 800-126r3 4.5.2): a vulnerability or
#     patch definition that is true fails, false passes; compliance,
#     inventory and miscellaneous the other way round; check negate on
#     top;
#   - a check-content-ref without a name: every definition of its OVAL
#     file, combined as XCCDF's AND; none at all is an error; with
#     multi-check="true", a rule-result per definition;
#   - check-content-refs as alternatives: the first naming a definition
#     of content that was read runs; none resolvable is notchecked;
#   - an OVAL file the benchmark names that is not there: a warning with
#     the file and line, its rules notchecked, the scan goes on;
#   - requires and conflicts (fixtures/scap/deps-xccdf.xml): a Rule or
#     Group conflicting with a selected item, or requiring none of a
#     list, is deselected, in document order, as oscap does;
#   - a data stream with two benchmarks: the first, or the one
#     --benchmark-id names, as oscap's --benchmark-id / --xccdf-id;
#   - an OVAL definitions file alone: a rule per definition, as
#     `oscap oval eval`, with the advisory's severity and references;
#   - no --profile: only the Rules selected by default run (a Rule with
#     selected="false", or in a Group with it, is notselected); with a
#     benchmark that selects none by default (SSG's) nothing runs, as in
#     oscap, and a warning says so;
#   - rules sharing OVAL objects: collected once when they depend on
#     the target alone, again for each rule's exported values when not.
#
# The same results as `oscap-chroot ROOT xccdf eval` for every Rule.
# Needs python3, xmllint, oscap-chroot (openscap-utils) and ssg-debian.
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
command -v oscap-chroot >/dev/null 2>&1 ||
    e2e_skip "oscap-chroot not found (apt-get install openscap-utils)"
e2e_setup
F=$top_srcdir/fixtures/scap
X=$F/checks-xccdf.xml

# NAME XCCDF-RESULTS RULE=RESULT...: each rule-result (the rule id after
# xccdf_org.example_rule_) is RESULT, and no other rule has one
results()
{
	name=$1
	shift
	expect "$name" python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
got = {}
for rr in ET.parse(sys.argv[1]).iter(X + "rule-result"):
    k = rr.get("idref").replace("xccdf_org.example_rule_", "")
    r = rr.find(X + "result").text
    got[k] = got[k] + "," + r if k in got else r
want = dict(a.split("=") for a in sys.argv[2:])
assert got == want, "\n".join("%s: got %s, want %s" % (k, got.get(k), want.get(k))
    for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k))
PY
}

# the same rule-results in two XCCDF results files
same_results()
{
	expect "$1" python3 - "$2" "$3" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def res(p):
    out = {}
    for rr in ET.parse(p).iter(X + "rule-result"):
        k, r = rr.get("idref"), rr.find(X + "result").text
        out[k] = out[k] + "," + r if k in out else r
    return out
a, o = res(sys.argv[1]), res(sys.argv[2])
assert a == o, "\n".join("%s: assay %s, oscap %s" % (k, a.get(k), o.get(k))
    for k in sorted(set(a) | set(o)) if a.get(k) != o.get(k))
PY
}

DEFAULTS="compliance_true=pass compliance_false=fail
    vulnerability_true=fail vulnerability_false=pass patch_true=fail
    patch_false=pass inventory_true=pass inventory_false=fail
    miscellaneous_true=pass vulnerability_true_negated=pass
    every_definition_passing=pass every_definition=fail
    every_definition_negated=pass multi_check=pass,pass,pass,pass
    no_definition=error alternatives=fail
    unresolvable=notchecked missing_definition=notchecked
    missing_file=notchecked"

# 1. without --profile: the default selection
if "$ASSAY" scan --datastream "$X" --fail-on none --format "xccdf=$tmp/a.xml" \
    --format "json=$tmp/a.json" "$F/root" >/dev/null 2>"$tmp/err"
then ok "scan without a profile"
else cp "$tmp/err" "$tmp/why"; notok "scan without a profile"; fi
# shellcheck disable=SC2086
results "default selection: each rule's result" "$tmp/a.xml" $DEFAULTS \
    off_by_default=notselected in_group_off=notselected
expect "default selection: xccdf validates" xmllint --noout --schema \
    "$SCHEMAS/xccdf/1.2/xccdf_1.2.xsd" "$tmp/a.xml"
expect "a missing OVAL file: one warning, with the file and line" python3 - \
    "$tmp/err" "$X" <<'PY'
import sys
err = open(sys.argv[1]).read().splitlines()
want = ("assay: warning: %s:" % sys.argv[2], 'check-content-ref href "checks-missing-oval.xml"',
    "no such file; the checks naming it are not evaluated")
hits = [l for l in err if all(w in l for w in want)]
assert len(hits) == 1 and len(err) == 1, err
line = int(hits[0].split(sys.argv[2] + ":")[1].split(":")[0])
src = open(sys.argv[2]).read().splitlines()
assert 'checks-missing-oval.xml' in src[line - 1], (line, src[line - 1])
PY
expect "json: what decided, and only the selected rules" python3 - \
    "$tmp/a.json" <<'PY'
import sys, json
res = {r["rule"].replace("xccdf_org.example_rule_", ""): r for r in json.load(open(sys.argv[1]))["results"]}
assert "off_by_default" not in res and "in_group_off" not in res, sorted(res)
assert len(res) == 22, len(res)
multi = sorted(k for k in res if k.startswith("multi_check:"))
assert multi == ["multi_check:oval:checks:def:%d" % d for d in (1, 4, 6, 7)], multi
m = res["vulnerability_true"]["message"]
assert ": true (class vulnerability: true is fail)" in m, m
m = res["patch_false"]["message"]
assert ": false (class patch: false is pass)" in m, m
ev = [e["message"] for e in res["every_definition"]["evidence"]]
defs = [e for e in ev if e.startswith("OVAL definition oval:checks:def:")]
assert len(defs) == 9, ev
assert any(e.startswith("OVAL definition oval:checks:def:2 ") and e.endswith(": false") for e in defs), defs
assert "holds no definition" in res["no_definition"]["message"], res["no_definition"]
for k, why in (("unresolvable", "none of the check's check-content-refs"),
        ("missing_definition", "OVAL definition oval:checks:def:404 is not in the content"),
        ("missing_file", "OVAL content checks-missing-oval.xml was not loaded")):
    assert res[k]["status"] == "notchecked" and why in res[k]["message"], res[k]
PY

# 2. the oracle: oscap-chroot on the same root and benchmark
oscap-chroot "$F/root" xccdf eval --results "$tmp/o.xml" "$X" \
    >"$tmp/o.out" 2>&1
[ -s "$tmp/o.xml" ] || { cp "$tmp/o.out" "$tmp/why"; notok "oscap-chroot ran"; }
same_results "the same results as oscap-chroot, no profile" "$tmp/a.xml" \
    "$tmp/o.xml"

# 3. a profile selecting the rules that are off by default
"$ASSAY" scan --datastream "$X" --profile all --fail-on none \
    --format "xccdf=$tmp/p.xml" "$F/root" >/dev/null 2>&1
# shellcheck disable=SC2086
results "profile: the rules it selects run" "$tmp/p.xml" $DEFAULTS \
    off_by_default=fail in_group_off=fail
oscap-chroot "$F/root" xccdf eval --profile xccdf_org.example_profile_all \
    --results "$tmp/op.xml" "$X" >"$tmp/o.out" 2>&1
same_results "the same results as oscap-chroot, profile all" "$tmp/p.xml" \
    "$tmp/op.xml"

# 4. requires and conflicts (fixtures/scap/deps-xccdf.xml), without and
# with a profile: which rules run, as oscap-chroot's
deps()	# NAME [--profile ID] then RULE=RESULT...
{
	name=$1
	shift
	prof=
	if [ "$1" = --profile ]; then prof="--profile $2"; shift 2; fi
	# shellcheck disable=SC2086
	"$ASSAY" scan --datastream "$F/deps-xccdf.xml" $prof --fail-on none \
	    --format "xccdf=$tmp/deps.xml" "$F/root" >/dev/null 2>&1
	results "$name" "$tmp/deps.xml" "$@"
	# shellcheck disable=SC2086
	oscap-chroot "$F/root" xccdf eval $prof --results "$tmp/deps-o.xml" \
	    "$F/deps-xccdf.xml" >"$tmp/o.out" 2>&1
	same_results "$name: as oscap-chroot" "$tmp/deps.xml" "$tmp/deps-o.xml"
}
deps "requires/conflicts, no profile" legacy_a=pass lenient=pass \
    strict=notselected needs_strict=notselected needs_either=pass \
    needs_legacy_rule=pass modern_a=notselected needs_modern=notselected
deps "requires/conflicts, profile strict" --profile \
    xccdf_org.example_profile_strict legacy_a=notselected \
    lenient=notselected strict=pass needs_strict=pass needs_either=pass \
    needs_legacy_rule=pass modern_a=pass needs_modern=pass

# 5. SSG selects no rule by default: without --profile nothing runs, as
# in oscap, and a warning says so and how to pick a profile
"$ASSAY" scan --datastream "$DS" --format text --format "xccdf=$tmp/ssg.xml" "$F/root" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q "^0 rules:" "$tmp/out" &&
    grep -q "^assay: warning: $DS:[0-9]*: the benchmark selects none of its [0-9]* rules by default, so nothing is evaluated: pick one of its profiles with --profile" "$tmp/err"
then ok "no rule selected by default: nothing runs, and a warning"
else echo "exit $rc: $(cat "$tmp/out" "$tmp/err")" >"$tmp/why"
	notok "no rule selected by default: nothing runs, and a warning"; fi
expect "no rule selected by default: every rule-result notselected" \
    python3 - "$tmp/ssg.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
r = [rr.find(X + "result").text for rr in ET.parse(sys.argv[1]).iter(X + "rule-result")]
assert len(r) > 300 and set(r) == {"notselected"}, (len(r), set(r))
PY
expect "profiles still lists SSG's profiles" sh -c \
    '"$1" profiles --datastream "$2" | grep -q _profile_standard' sh \
    "$ASSAY" "$DS"

# 6. a data stream with two benchmarks: the first, or --benchmark-id's
# (a Benchmark id or a component-ref id), as oscap's --benchmark-id and
# --xccdf-id; an id that names none: exit 2, listing them
TWO=$F/two-benchmarks-ds.xml
two()	# NAME EXPECTED-RULE=RESULT... [-- ASSAY-OPTION ID OSCAP-OPTION]
{
	name=$1
	shift
	want=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do want="$want $1"; shift; done
	aopt=
	oopt=
	if [ $# -gt 0 ]; then aopt="$2 $3"; oopt="$4 $3"; fi
	# shellcheck disable=SC2086
	"$ASSAY" scan --datastream "$TWO" $aopt --fail-on none \
	    --format "xccdf=$tmp/two.xml" "$F/root" >/dev/null 2>&1
	# shellcheck disable=SC2086
	results "$name" "$tmp/two.xml" $want
	# shellcheck disable=SC2086
	oscap-chroot "$F/root" xccdf eval $oopt --results "$tmp/two-o.xml" \
	    "$TWO" >"$tmp/o.out" 2>&1
	same_results "$name: as oscap-chroot" "$tmp/two.xml" "$tmp/two-o.xml"
}
two "two benchmarks: the first by default" first=pass first_feed=notchecked
expect "a remote OVAL feed: notchecked, saying it is not fetched" python3 - \
    "$TWO" "$ASSAY" "$F/root" <<'PY'
import json, subprocess, sys
ds, assay, root = sys.argv[1:]
out = subprocess.run([assay, "scan", "--datastream", ds, "--fail-on", "none",
    "--format", "json", root], capture_output=True, text=True).stdout
r = {x["rule"]: x for x in json.loads(out)["results"]}["xccdf_org.example_rule_first_feed"]
assert r["status"] == "notchecked", r
assert r["message"] == ("OVAL content vendor-feed.xml is a remote resource "
    "(https://security.example.com/oval/vendor-feed.xml), which assay does "
    "not fetch"), r["message"]
PY
two "two benchmarks: --benchmark-id BENCHMARK" second=fail -- \
    --benchmark-id xccdf_org.example_benchmark_second --benchmark-id
two "two benchmarks: --benchmark-id COMPONENT-REF" second=fail -- \
    --benchmark-id scap_org.example_cref_second --xccdf-id
"$ASSAY" scan --datastream "$TWO" --benchmark-id nope "$F/root" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q "no benchmark \"nope\" (--benchmark-id: a Benchmark id, or the id of its ds:component or ds:component-ref); the file holds: xccdf_org.example_benchmark_first, xccdf_org.example_benchmark_second" "$tmp/out"
then ok "two benchmarks: an unknown --benchmark-id: exit 2, and the ids"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "two benchmarks: an unknown --benchmark-id: exit 2, and the ids"; fi

# 7. an OVAL definitions file on its own (as `oscap oval eval`): a rule
# per definition, its id the definition's; pass or fail through the
# class from oscap-chroot's true or false; the advisory's severity and
# the references by source; --profile refused
"$ASSAY" scan --datastream "$F/checks-oval.xml" --fail-on none --format json \
    --format "xccdf=$tmp/oval-x.xml" "$F/root" >"$tmp/oval.json" 2>"$tmp/err"
expect "an OVAL file alone: the XCCDF results validate (ids made NCNames)" \
    xmllint --noout --schema "$SCHEMAS/xccdf/1.2/xccdf_1.2.xsd" "$tmp/oval-x.xml"
oscap-chroot "$F/root" oval eval "$F/checks-oval.xml" >"$tmp/oval-o.out" 2>&1
expect "an OVAL file alone: each definition as oscap-chroot, through its class" \
    python3 - "$tmp/oval.json" "$tmp/oval-o.out" "$F/checks-oval.xml" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
O = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
cls = {d.get("id"): d.get("class") for d in ET.parse(sys.argv[3]).iter(O + "definition")}
oscap = dict(re.findall(r"^Definition (\S+): (true|false)$", open(sys.argv[2]).read(), re.M))
got = {r["rule"]: r["status"] for r in json.load(open(sys.argv[1]))["results"]}
assert len(oscap) == 9 and set(got) == set(oscap), (sorted(got), sorted(oscap))
for d, v in oscap.items():
    want = ("pass" if v == "true" else "fail") if cls[d] not in ("vulnerability", "patch") \
        else ("fail" if v == "true" else "pass")
    assert got[d] == want, (d, cls[d], v, got[d])
PY
expect "an OVAL file alone: severity and references from the metadata" \
    python3 - "$tmp/oval.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["rule"]: x for x in d["results"]}
v = r["oval:checks:def:3"]
assert v["severity"] == "high", v
assert v["references"] == {"cve": ["CVE-2026-0001", "CVE-2026-0002"], "rhsa": "RHSA-2026:0001"}, v["references"]
assert r["oval:checks:def:1"]["severity"] == "info", r["oval:checks:def:1"]
assert d["packs"][0]["id"] == "oval-checks-oval.xml", d["packs"]
PY
"$ASSAY" scan --datastream "$F/checks-oval.xml" --profile x "$F/root" \
    >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q "checks-oval.xml: an OVAL definitions file has no profiles: every definition is evaluated (leave out --profile)" "$tmp/out"
then ok "an OVAL file alone: --profile is refused, exit 2"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "an OVAL file alone: --profile is refused, exit 2"; fi

# 9. rules sharing OVAL objects (fixtures/scap/shared-xccdf.xml): an
# object of the target alone is collected once and each rule still gets
# its own verdict; one whose pattern or filter state comes from an
# exported value is collected again for each rule's value
SHARED="var_max=pass var_absent=fail var_debug=pass filter_on=pass
    filter_off=fail static_has_max=pass static_all_max=fail
    static_missing=pass static_missing_again=fail"
"$ASSAY" scan --datastream "$F/shared-xccdf.xml" --fail-on none \
    --format "xccdf=$tmp/sh.xml" "$F/root" >/dev/null 2>&1
# shellcheck disable=SC2086
results "shared objects: each rule with its own values" "$tmp/sh.xml" $SHARED
oscap-chroot "$F/root" xccdf eval --results "$tmp/sh-o.xml" \
    "$F/shared-xccdf.xml" >"$tmp/o.out" 2>&1
# documented (docs/openscap.md): oscap reuses the object filter_on
# collected for filter_off, whose filter's state has another value
expect "shared objects: as oscap-chroot, but for its reused filter" \
    python3 - "$tmp/sh.xml" "$tmp/sh-o.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
def res(p):
    return {rr.get("idref").replace("xccdf_org.example_rule_", ""):
        rr.find(X + "result").text for rr in ET.parse(p).iter(X + "rule-result")}
a, o = res(sys.argv[1]), res(sys.argv[2])
assert len(a) == 9 and set(a) == set(o), (a, o)
diff = {k for k in a if a[k] != o[k]}
assert diff == {"filter_off"} and o["filter_off"] == "pass", (a, o)
PY

# 10. a plain XCCDF file naming an OVAL feed by URL (SSG's RHEL, CentOS
# and Oracle Linux benchmarks): a warning, that rule notchecked, the
# others evaluated, as oscap-chroot (it used to refuse the whole file)
"$ASSAY" scan --datastream "$F/remote-xccdf.xml" --fail-on none \
    --format "xccdf=$tmp/rm.xml" --format "json=$tmp/rm.json" "$F/root" \
    >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q "^assay: warning: $F/remote-xccdf.xml:[0-9]*: check-content-ref href \"https://security.example.com/oval/feed.xml.bz2\": a remote resource, which assay does not fetch; the checks naming it are not evaluated$" "$tmp/err"
then ok "a feed by URL: a warning, and the scan goes on"
else echo "exit $rc: $(cat "$tmp/err")" >"$tmp/why"
	notok "a feed by URL: a warning, and the scan goes on"; fi
results "a feed by URL: its rule notchecked" "$tmp/rm.xml" local=pass \
    feed=notchecked
expect "a feed by URL: the rule says why" grep -q \
    'OVAL content https://security.example.com/oval/feed.xml.bz2 is a remote resource' \
    "$tmp/rm.json"
oscap-chroot "$F/root" xccdf eval --results "$tmp/rm-o.xml" \
    "$F/remote-xccdf.xml" >"$tmp/o.out" 2>&1
same_results "a feed by URL: as oscap-chroot" "$tmp/rm.xml" "$tmp/rm-o.xml"

# 8. policy check counts a ref without a name as evaluable
expect "policy check (the content read once: one warning)" sh -c \
    '"$1" policy check "$2" >"$3" 2>&1 && grep -q "rules" "$3" &&
    [ "$(grep -c "^assay: warning:" "$3")" -eq 1 ]' sh "$ASSAY" "$X" "$tmp/pc"
finish
