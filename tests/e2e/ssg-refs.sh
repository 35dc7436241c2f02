#!/bin/sh
# The SSG references of policies/ssg-debian11, checked without OpenSCAP.
#
# For each profile of the pack (ssg-debian11-standard,
# ssg-debian11-anssi-np-nt28-high) we scan an empty root with
# `--format json` (the report lists every selected rule with its
# references, whatever the verdicts) and check that every selected rule
# has a references.ssg id, that the id is in the list extracted from the
# SSG data stream (fixtures/ssg/debian11-<profile>-rules.txt, written by
# bench/oscap-compare --extract), that no two selected rules share an id,
# and that every id of the list is covered. Every rule of the pack itself
# must carry an id of one of the lists. The checker is also run on doctored
# reports (a missing id, an unknown id, a duplicate, an uncovered id) to
# show that it fails them. Prints one line per case and `N passed, M
# failed`; exits 77 (skip) when the binary or python3 is missing.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY --version fails"
fi
if ! command -v python3 >/dev/null 2>&1; then
	e2e_skip "python3 not found"
fi

pol=$top_srcdir/policies
lists=$top_srcdir/fixtures/ssg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok()
{
	pass=$((pass + 1))
	echo "ok: $1"
}

notok()
{
	fail=$((fail + 1))
	echo "FAIL: $1"
	[ ! -s "$tmp/why" ] || sed 's/^/    /' "$tmp/why"
}

# check.py REPORT LIST [--all]: the rules of REPORT against the SSG ids of
# LIST (a file, or several joined with ","). Without --all, the ids must
# also be unique and cover LIST.
cat >"$tmp/check.py" <<'PY'
import json, sys

report, lists = sys.argv[1], sys.argv[2].split(",")
complete = "--all" not in sys.argv[3:]
known = set()
for path in lists:
    with open(path) as f:
        known.update(l.strip() for l in f
                     if l.strip() and not l.startswith("#"))
errors = []
with open(report) as f:
    results = json.load(f)["results"]
by_id = {}
for r in results:
    ssg = (r.get("references") or {}).get("ssg")
    ids = [ssg] if isinstance(ssg, str) else (ssg or [])
    if not ids:
        errors.append("%s: no references.ssg" % r["rule"])
    for i in ids:
        if i not in known:
            errors.append("%s: ssg id %r is not in %s" %
                          (r["rule"], i, ", ".join(lists)))
        by_id.setdefault(i, []).append(r["rule"])
if complete:
    for i, rules in sorted(by_id.items()):
        if len(rules) > 1:
            errors.append("ssg id %s is carried by %d selected rules: %s" %
                          (i, len(rules), ", ".join(rules)))
    for i in sorted(known - set(by_id)):
        errors.append("ssg id %s: no selected rule carries it" % i)
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

# The packs the ssg-debian11 profiles select from.
packs=$(sed -n 's|^ *- *"\{0,1\}\([a-z0-9][a-z0-9._-]*\)/.*|\1|p' \
    "$pol"/ssg-debian11/*.yaml | sort -u)
popts="--policy $pol/ssg-debian11"
paths="$pol/ssg-debian11"
for p in $packs; do
	popts="$popts --policy $pol/$p"
	paths="$paths $pol/$p"
done
mkdir "$tmp/empty"

: >"$tmp/why"
# shellcheck disable=SC2086 # paths are single words
if "$ASSAY" policy check $paths >"$tmp/why" 2>&1; then
	ok "policy check ssg-debian11 and the packs it selects from ($packs)"
else
	notok "policy check ssg-debian11"
fi

# report PROFILE OUT: scan the empty root with PROFILE.
report()
{
	# shellcheck disable=SC2086 # popts are single words
	"$ASSAY" scan $popts --profile "$1" --fail-on none \
	    --format "json=$2" "$tmp/empty" >/dev/null 2>"$tmp/why"
}

for case in ssg-debian11-standard:standard \
    ssg-debian11-anssi-np-nt28-high:anssi_np_nt28_high; do
	prof=${case%%:*} list=$lists/debian11-${case#*:}-rules.txt
	: >"$tmp/why"
	if ! report "$prof" "$tmp/$prof.json"; then
		notok "$prof: scan of an empty root"
	elif python3 "$tmp/check.py" "$tmp/$prof.json" "$list" \
	    >"$tmp/why" 2>&1; then
		ok "$prof: $(grep -vc '^#' "$list") SSG ids, one rule each"
	else
		notok "$prof"
	fi
done

: >"$tmp/why"
if ! report ssg-debian11 "$tmp/pack.json"; then
	notok "ssg-debian11 (whole pack): scan of an empty root"
elif python3 "$tmp/check.py" "$tmp/pack.json" \
    "$lists/debian11-standard-rules.txt,$lists/debian11-anssi_np_nt28_high-rules.txt" \
    --all >"$tmp/why" 2>&1; then
	ok "ssg-debian11 (whole pack): every rule has a known ssg id"
else
	notok "ssg-debian11 (whole pack)"
fi

# The checker must reject doctored reports. doctor NAME PYTHON-EXPR: apply
# the expression to the list of results `rs` of the standard report, and
# expect check.py to fail with a message matching NAME's pattern.
doctor()
{
	name=$1 expr=$2 want=$3
	python3 - "$tmp/ssg-debian11-standard.json" "$tmp/bad.json" "$expr" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
rs = doc["results"]
exec(sys.argv[3])
json.dump(doc, open(sys.argv[2], "w"))
PY
	if python3 "$tmp/check.py" "$tmp/bad.json" \
	    "$lists/debian11-standard-rules.txt" >"$tmp/why" 2>&1; then
		notok "checker accepts a report with $name"
	elif grep -q "$want" "$tmp/why"; then
		: >"$tmp/why"
		ok "checker rejects a report with $name"
	else
		notok "checker rejects $name, but not with \"$want\""
	fi
}

if [ -s "$tmp/ssg-debian11-standard.json" ]; then
	doctor "a rule without references.ssg" \
	    'rs[0]["references"].pop("ssg")' "no references.ssg"
	doctor "an unknown ssg id" \
	    'rs[0]["references"]["ssg"] = "sshd_disable_root_logon"' \
	    "is not in"
	doctor "two rules with one ssg id" \
	    'rs[1]["references"]["ssg"] = rs[0]["references"]["ssg"]' \
	    "carried by 2 selected rules"
	doctor "an SSG rule left out" 'del rs[-1]' "no selected rule carries it"
else
	notok "no standard report to doctor"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
