#!/bin/sh
# End-to-end test of the policies/ssg-debian11 pack on the fixture roots of
# fixtures/roots-ssg (built with fixtures/mkroot.sh), with
# policies/linux-baseline loaded too (both profiles select four of its
# rules).
#
#   - on base.spec, every rule of ssg-debian11-standard and of
#     ssg-debian11-anssi-np-nt28-high is pass (or notapplicable, or
#     notchecked for a manual rule), never fail or error;
#   - every automated rule of the pack has a fixture fail/<rule-id>.spec,
#     and every fixture names a rule of the pack;
#   - on each fail spec its rule is `fail` with evidence while no other
#     rule fails or errs, except those the spec names on an
#     `# also-fails: GLOB...` line. A fail spec is scanned with the ANSSI
#     profile, or with the standard one when its rule is only there.
#
# Speed: base.spec is built once; each fail spec (`include ../base.spec`
# plus inline changes, no @SRC) is replayed by mkroot on a copy of it. The
# JSON reports are checked by one python3 run. Needs root (owners) and
# python3. Prints one line per failed case and `N passed, M failed` last;
# exits 77 (skip) when $ASSAY is missing (or python3 or root).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ASSAY:=$top_srcdir/assay}"

if ! "$ASSAY" --version >/dev/null 2>&1; then
	echo "skip: $ASSAY --version fails"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 not found"
	exit 77
fi
if [ "$(id -u)" != 0 ]; then
	echo "skip: needs root to build fixture roots with their owners"
	exit 77
fi

pol=$top_srcdir/policies
mkroot=$top_srcdir/fixtures/mkroot.sh
fx=$top_srcdir/fixtures/roots-ssg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
packs="--policy $pol/linux-baseline --policy $pol/ssg-debian11"
std=ssg-debian11-standard
anssi=ssg-debian11-anssi-np-nt28-high
pass=0
fail=0

ok()
{
	pass=$((pass + 1))
}

notok()
{
	fail=$((fail + 1))
	echo "FAIL: $1"
	[ ! -s "$tmp/why" ] || sed 's/^/    /' "$tmp/why"
}

finish()
{
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# 1. The pack loads with linux-baseline; the rules of the pack and of
# each profile, for the checker.
if "$ASSAY" policy check "$pol/linux-baseline" "$pol/ssg-debian11" \
    >"$tmp/why" 2>&1; then ok; else notok "assay policy check"; fi
for p in "" $std $anssi; do
	# shellcheck disable=SC2086
	if ! "$ASSAY" rules $packs ${p:+--profile $p} --format json \
	    >"$tmp/rules$p.json" 2>"$tmp/why"; then
		notok "assay rules ${p:---all}"
		finish
	fi
done

# 2. The base root, built once.
if ! sh "$mkroot" "$fx/base.spec" "$tmp/root" >"$tmp/why" 2>&1; then
	notok "mkroot base.spec"
	finish
fi

# scan ROOT PROFILE OUT: one scan with both packs loaded.
scan()
{
	# shellcheck disable=SC2086
	"$ASSAY" scan $packs --profile "$2" --fail-on none --color never \
	    --format "json=$3" "$1" >/dev/null 2>"$tmp/scan.err"
	rc=$?
	[ "$rc" -eq 0 ] || { echo "exit $rc: $(cat "$tmp/scan.err")" >"$3.err"; }
	echo "$3" >>"$tmp/cases"
}

mkdir -p "$tmp/out"
scan "$tmp/root" $std "$tmp/out/base@$std.json"
scan "$tmp/root" $anssi "$tmp/out/base@$anssi.json"

# 3. One root per fail spec, replayed on a copy of the base root.
for spec in "$fx"/fail/*.spec; do
	id=${spec##*/}
	id=${id%.spec}
	prof=$anssi
	grep -q "\"$id\"" "$tmp/rules$anssi.json" || prof=$std
	if ! grep -q '^include \.\./base\.spec$' "$spec"; then
		echo "no include ../base.spec line" >"$tmp/why"
		notok "fail/$id"
		continue
	fi
	rm -rf "$tmp/r"
	cp -a "$tmp/root" "$tmp/r"
	grep -v '^include \.\./' "$spec" >"$tmp/delta.spec"
	if ! sh "$mkroot" "$tmp/delta.spec" "$tmp/r" >"$tmp/why" 2>&1; then
		notok "fail/$id (mkroot)"
		continue
	fi
	scan "$tmp/r" "$prof" "$tmp/out/$id@$prof.json"
	sed -n 's/^# also-fails: //p' "$spec" >"$tmp/out/$id@$prof.also"
done

# 4. Check the coverage and every report.
: >"$tmp/why"
python3 - "$tmp/rules.json" "$tmp/cases" "$fx/fail" >"$tmp/verdicts" <<'PY'
import fnmatch, json, os, sys

rules_path, cases_path, faildir = sys.argv[1:4]
with open(rules_path) as f:
    rules = {r["id"]: r for r in json.load(f)}
manual = {i for i, r in rules.items() if r.get("manual")}
pack = {i for i, r in rules.items() if r.get("pack") == "ssg-debian11"}
specs = {n[:-5] for n in os.listdir(faildir) if n.endswith(".spec")}

errors = ["%s: no fixture fail/%s.spec" % (i, i)
          for i in sorted(pack - manual - specs)]
errors += ["fail/%s.spec: no automated rule %s in ssg-debian11" % (i, i)
           for i in sorted(specs - (pack - manual))]
if not pack:
    errors.append("no rule of pack ssg-debian11 in `assay rules`")
print(("ok " if not errors else "FAIL ") + "coverage (%d rules, %d fail specs)"
      % (len(pack - manual), len(specs)))
for e in errors:
    print("    " + e)

def load(path):
    if os.path.exists(path + ".err"):
        with open(path + ".err") as f:
            return None, f.read().strip()
    try:
        with open(path) as f:
            return json.load(f)["results"], None
    except (OSError, ValueError, KeyError) as e:
        return None, "cannot read the JSON report: %s" % e

def ev(r):
    return "; ".join(e.get("message", "") for e in r.get("evidence", []))[:300]

with open(cases_path) as f:
    cases = f.read().split()
for path in cases:
    name, prof = os.path.basename(path)[:-5].split("@")
    results, err = load(path)
    errors = []
    if err:
        errors.append(err)
        results = []
    if name == "base":
        for r in results:
            st = r["status"]
            want = ("notchecked",) if r["rule"] in manual else ("pass", "notapplicable")
            if st not in want:
                errors.append("%s: %s, want %s (%s)" % (r["rule"], st, " or ".join(want), ev(r) or "no evidence"))
        if not results and not err:
            errors.append("no results")
    else:
        with open(path[:-5] + ".also") as f:
            also = f.read().split()
        seen = False
        for r in results:
            rid, st = r["rule"], r["status"]
            if rid == name:
                seen = True
                if st != "fail":
                    errors.append("%s: %s, want fail (%s)" % (rid, st, ev(r) or "no evidence"))
                elif not r.get("evidence"):
                    errors.append("%s: fails without evidence" % rid)
            elif st in ("fail", "error") and not any(fnmatch.fnmatchcase(rid, g) for g in also):
                errors.append("%s: also %s (%s)" % (rid, st, ev(r)))
        if not seen and not err:
            errors.append("%s: not in the results of profile %s" % (name, prof))
    label = "%s (%s)" % ("base" if name == "base" else "fail/" + name, prof)
    print(("ok " if not errors else "FAIL ") + label)
    for e in errors[:10]:
        print("    " + e)
PY
if [ ! -s "$tmp/verdicts" ]; then
	echo "the checker printed nothing" >"$tmp/why"
	notok "check.py"
fi
while IFS= read -r line; do
	case $line in
	"ok "*)		ok ;;
	"FAIL "*)	fail=$((fail + 1)); echo "$line" ;;
	*)		echo "$line" ;;
	esac
done <"$tmp/verdicts"

finish
