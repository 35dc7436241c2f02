#!/bin/sh
# End-to-end test of the collected objects and items in the OVAL results
# (`--format oval=FILE`, and the ARF's OVAL reports; docs/scap.md,
# "Results output"):
#
#   - fixtures/scap/items-oval.xml: one test per item type assay collects
#     (textfilecontent, file, symlink, password, shadow, partition, sysctl,
#     dpkginfo, variable, xmlfilecontent, systemdunitproperty and
#     systemdunitdependency, family) on a root built here: each object's
#     flag and references, each item in its family's namespace with its
#     fields and datatypes, the target's paths, tested_item and
#     tested_variable per test; a uid that is no integer (status error),
#     control bytes and invalid UTF-8 (U+FFFD); a mutated root: an item
#     failing its state (tested_item false), an object with no item
#     ("does not exist"), an object not collected (its message);
#   - every document validates against the OVAL 5.11.3 results schema
#     with the independent, unix and linux system characteristics
#     schemas (xmllint), `oscap info` reads it and `oscap xccdf generate
#     report` shows the items of the ARF;
#   - the SSG data stream (two OVAL components): the file holds the
#     checks' component and names the CPE one left out;
#   - `--format oval` without --datastream: exit 2 and the reason.
#
# Needs python3, xmllint, oscap (openscap-scanner) and ssg-debian.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

DS=${ASSAY_SSG_DS:-/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml}
S=/usr/share/openscap/schemas/oval/5.11.3
e2e_require assay python3
[ -f "$DS" ] || e2e_skip "$DS not found (apt-get install ssg-debian)"
[ -f "$S/linux-system-characteristics-schema.xsd" ] ||
    e2e_skip "OVAL schemas not found (apt-get install openscap-common)"
command -v xmllint >/dev/null 2>&1 ||
    e2e_skip "xmllint not found (apt-get install libxml2-utils)"
command -v oscap >/dev/null 2>&1 ||
    e2e_skip "oscap not found (apt-get install openscap-scanner)"
e2e_setup
F=$top_srcdir/fixtures/scap

# The results schema imports the system characteristics one; the item
# elements of the families are in their own schemas, imported here.
{
	echo '<?xml version="1.0"?>'
	echo '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:assay:test">'
	echo "<xsd:import namespace=\"http://oval.mitre.org/XMLSchema/oval-results-5\" schemaLocation=\"$S/oval-results-schema.xsd\"/>"
	for f in independent unix linux; do
		echo "<xsd:import namespace=\"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#$f\" schemaLocation=\"$S/$f-system-characteristics-schema.xsd\"/>"
		echo "<xsd:import namespace=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#$f\" schemaLocation=\"$S/$f-definitions-schema.xsd\"/>"
	done
	echo '</xsd:schema>'
} >"$tmp/oval.xsd"
valid()	# NAME FILE
{
	expect "$1 validates" xmllint --noout --schema "$tmp/oval.xsd" "$2"
}

# the root the fixture's objects read
r=$tmp/root
mkdir -p "$r/etc/sysctl.d" "$r/etc/systemd/system/multi-user.target.wants" \
    "$r/var/lib/dpkg"
printf 'root:x:0:0:root:/root:/bin/bash\nodd:x:abc:0::/:/bin/sh\n' \
    >"$r/etc/passwd"
printf 'root:$6$salt$hash:19000:0:99999:7:::\n' >"$r/etc/shadow"
printf '/dev/sda1 / ext4 defaults,noatime 0 1\n' >"$r/etc/fstab"
printf 'kernel.randomize_va_space = 2\n' >"$r/etc/sysctl.d/90-demo.conf"
printf 'max_sessions = 4\nbanner = a\001b\377\n' >"$r/etc/demo.conf"
printf '<conf><port>22</port></conf>\n' >"$r/etc/app.xml"
ln -s /proc/self/mounts "$r/etc/mtab"
printf '[Service]\nExecStart=/bin/true\n' >"$r/etc/systemd/system/demo.service"
ln -s ../demo.service \
    "$r/etc/systemd/system/multi-user.target.wants/demo.service"
printf 'Package: demo-pkg\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:2.3-4\n\n' \
    >"$r/var/lib/dpkg/status"

# 1. every item type
if "$ASSAY" scan --datastream "$F/items-xccdf.xml" --fail-on none \
    --format "oval=$tmp/i.xml" --format "arf=$tmp/i-arf.xml" "$r" \
    >/dev/null 2>"$tmp/why"
then ok "scan items benchmark"; else notok "scan items benchmark"; fi
valid "items" "$tmp/i.xml"
expect "items arf validates" xmllint --noout --schema \
    /usr/share/openscap/schemas/arf/1.1/asset-reporting-format_1.1.0.xsd \
    "$tmp/i-arf.xml"
expect "items: objects, items, tested items and variables" \
    python3 - "$tmp/i.xml" "$tmp/i-arf.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
R = "{http://oval.mitre.org/XMLSchema/oval-results-5}"
S = "{http://oval.mitre.org/XMLSchema/oval-system-characteristics-5}"
A = "{http://scap.nist.gov/schema/asset-reporting-format/1.1}"
o = ET.parse(sys.argv[1]).getroot()
assert o.tag == R + "oval_results", o.tag
sysr = o.find(R + "results/" + R + "system")
sc = sysr.find(S + "oval_system_characteristics")
objs = {x.get("id"): x for x in sc.find(S + "collected_objects")}
assert len(objs) == 14, sorted(objs)
flags = {k: x.get("flag") for k, x in objs.items()}
assert set(flags.values()) == {"complete"}, flags
items = {}
for it in sc.find(S + "system_data"):
    ns, name = it.tag[1:].split("}")
    items[it.get("id")] = (ns.split("#")[1], name,
        [(e.tag.split("}")[1], e.text or "", e.get("datatype"), e.get("status"))
         for e in it])
kinds = sorted((v[0], v[1]) for v in items.values())
assert kinds == sorted([
    ("independent", "textfilecontent_item"), ("unix", "file_item"),
    ("unix", "symlink_item"), ("unix", "password_item"),
    ("unix", "password_item"), ("unix", "shadow_item"),
    ("linux", "partition_item"), ("unix", "sysctl_item"),
    ("linux", "dpkginfo_item"), ("independent", "variable_item"),
    ("independent", "xmlfilecontent_item"),
    ("linux", "systemdunitproperty_item"),
    ("linux", "systemdunitdependency_item"),
    ("independent", "family_item"),
    ("independent", "textfilecontent_item")]), kinds
def item(obj):
    refs = [x.get("item_ref") for x in objs[obj].findall(S + "reference")]
    return [items[x] for x in refs]
f = item("oval:items:obj:2")[0][2]
assert [x[0] for x in f[:5]] == ["filepath", "path", "filename", "type",
                                 "group_id"], f
assert ("filepath", "/etc/passwd", None, None) in f, f
assert ("owrite", "false", "boolean", None) in f, f
pw = [i[2] for i in item("oval:items:obj:4")]
assert ("user_id", "", "int", "error") in pw[1], pw
assert ("user_id", "0", "int", None) in pw[0], pw
d = dict((x[0], x[1:3]) for x in item("oval:items:obj:8")[0][2])
assert d["evr"] == ("1:2.3-4", "debian_evr_string"), d
p = [x for x in item("oval:items:obj:6")[0][2] if x[0] == "mount_options"]
assert [x[1] for x in p] == ["defaults", "noatime"], p
assert ("canonical_path", "/proc/self/mounts", None, None) in \
    item("oval:items:obj:3")[0][2]
assert ("value", "22", None, None) in item("oval:items:obj:9")[0][2]
assert ("value", "enabled", None, None) in item("oval:items:obj:11")[0][2]
b = [x for x in item("oval:items:obj:14")[0][2] if x[0] == "text"]
assert b == [("text", "banner = a\ufffdb\ufffd", None, None)], b
tfc = item("oval:items:obj:1")[0][2]
assert ("subexpression", "4", None, None) in tfc, tfc
tests = {t.get("test_id"): t for t in sysr.find(R + "tests")}
t1 = tests["oval:items:tst:1"]
assert [(x.get("item_id"), x.get("result"))
        for x in t1.findall(R + "tested_item")] == [
    (objs["oval:items:obj:1"].find(S + "reference").get("item_ref"),
     "true")]
assert [(x.get("variable_id"), x.text)
        for x in t1.findall(R + "tested_variable")] == [
    ("oval:items:var:1", "10")]
# a variable_object's var_ref entity, as oscap lists it
assert [(x.get("variable_id"), x.text) for x in
        tests["oval:items:tst:9"].findall(R + "tested_variable")] == [
    ("oval:items:var:2", "22")]
t4 = tests["oval:items:tst:4"]
assert [x.get("result") for x in t4.findall(R + "tested_item")] == [
    "not evaluated", "not evaluated"]
# the ARF's OVAL report carries the same
a = ET.parse(sys.argv[2]).getroot()
rep = [x for x in a.find(A + "reports") if x.get("id") == "oval0"][0]
asc = rep.find(A + "content/" + R + "oval_results/" + R + "results/" +
               R + "system/" + S + "oval_system_characteristics")
assert len(asc.find(S + "system_data")) == len(items)
PY
expect "oscap info reads the oval results" sh -c \
    'oscap info "$1" | grep -q "Document type: OVAL Results"' sh "$tmp/i.xml"
expect "oscap's report of the arf shows the items" sh -c \
    'oscap xccdf generate report "$1" >"$2" &&
    grep -q "Following items have been found on the system" "$2" &&
    grep -q "<td>demo-pkg</td>" "$2" &&
    grep -q "<td>kernel.randomize_va_space</td>" "$2"' sh "$tmp/i-arf.xml" \
    "$tmp/i.html"

# 2. a mutated root: an item fails its state, an object finds nothing,
# one is not collected
printf 'max_sessions = 40\n' >"$r/etc/demo.conf"
rm "$r/etc/systemd/system/multi-user.target.wants/demo.service"
sed 's|<linux:property>UnitFileState</linux:property>|<linux:property>Restart</linux:property>|' \
    "$F/items-oval.xml" >"$tmp/items-oval.xml"
cp "$F/items-xccdf.xml" "$tmp/"
if "$ASSAY" scan --datastream "$tmp/items-xccdf.xml" --fail-on none \
    --format "oval=$tmp/m.xml" "$r" >/dev/null 2>"$tmp/why"
then ok "scan mutated root"; else notok "scan mutated root"; fi
valid "mutated" "$tmp/m.xml"
expect "mutated: false item, no item, not collected" \
    python3 - "$tmp/m.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
R = "{http://oval.mitre.org/XMLSchema/oval-results-5}"
S = "{http://oval.mitre.org/XMLSchema/oval-system-characteristics-5}"
o = ET.parse(sys.argv[1]).getroot()
sysr = o.find(R + "results/" + R + "system")
sc = sysr.find(S + "oval_system_characteristics")
objs = {x.get("id"): x for x in sc.find(S + "collected_objects")}
assert objs["oval:items:obj:14"].get("flag") == "does not exist"
assert objs["oval:items:obj:14"].find(S + "reference") is None
assert objs["oval:items:obj:11"].get("flag") == "not collected"
m = objs["oval:items:obj:11"].find(S + "message").text
assert "Restart is not derived offline" in m, m
tests = {t.get("test_id"): t for t in sysr.find(R + "tests")}
t1 = tests["oval:items:tst:1"]
assert t1.get("result") == "false"
assert [x.get("result") for x in t1.findall(R + "tested_item")] == [
    "false"]
assert tests["oval:items:tst:14"].get("result") == "true"
assert tests["oval:items:tst:14"].find(R + "tested_item") is None
PY

# 3. a data stream with its CPE OVAL: one file, the checks' component
mkdir -p "$tmp/deb/etc"
printf 'NAME="Debian GNU/Linux"\nVERSION_ID="11"\nID=debian\n' \
    >"$tmp/deb/etc/os-release"
echo 11.7 >"$tmp/deb/etc/debian_version"
if "$ASSAY" scan --datastream "$DS" --profile standard --fail-on none \
    --format "oval=$tmp/s.xml" "$tmp/deb" >/dev/null 2>"$tmp/why"
then ok "scan ssg"; else notok "scan ssg"; fi
valid "ssg" "$tmp/s.xml"
expect "ssg: the checks' component, the CPE one named" python3 - \
    "$tmp/s.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
R = "{http://oval.mitre.org/XMLSchema/oval-results-5}"
D = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
t = open(sys.argv[1]).read()
assert "<!-- assay: OVAL component scap_org.open-scap_comp_ssg-debian11-cpe-oval.xml is left out" in t
o = ET.fromstring(t)
ids = [d.get("id") for d in o.find(D + "oval_definitions/" + D + "definitions")]
assert "oval:ssg-sshd_disable_root_login:def:1" in ids, len(ids)
assert len(o.find(R + "results/" + R + "system/" + R + "definitions")) > 20
PY

# 4. no data stream
"$ASSAY" scan --format "oval=$tmp/n.xml" "$F/root" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q -- "--format oval needs --datastream" \
    "$tmp/out" && [ ! -e "$tmp/n.xml" ]
then ok "oval without --datastream: exit 2"
else echo "exit $rc: $(cat "$tmp/out")" >"$tmp/why"
	notok "oval without --datastream: exit 2"; fi
finish
