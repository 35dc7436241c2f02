#!/bin/sh
# End-to-end test of the benchmark packs policies/cis-debian12,
# policies/cis-ubuntu2204 and policies/stig-ubuntu2204 on the fixture roots
# of fixtures/roots-cis (built with fixtures/mkroot.sh).
#
#   - `assay policy check` accepts the three packs, also loaded together
#     with linux-baseline (shared variables must keep equal defaults);
#   - on base.spec (Debian 12) every rule of cis-debian12-l2-server, and on
#     ubuntu.spec every rule of cis-ubuntu2204-l2-server and of
#     stig-ubuntu2204, is pass, notchecked (exactly the manual rules) or
#     notapplicable (only rules with an unmet applies_if), never fail or
#     error;
#   - every automated rule has a fixture fail/<rule-id>.spec, and on it that
#     rule is `fail` with evidence while no other rule fails or errs, except
#     those the spec names on an `# also-fails: GLOB...` line.
#
# Speed: the two base roots are built once; each fail spec (`include
# ../base.spec` or `../ubuntu.spec` plus inline changes, no @SRC) is
# replayed by mkroot on a copy of the prebuilt root, and is scanned with the
# profile of the rule's pack (cis-ubuntu-* rules: the Ubuntu L2 profile;
# stig-*: the STIG profile; others: the Debian L2 profile). The JSON reports
# are checked by one python3 run at the end. Needs root (owners) and
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
fx=$top_srcdir/fixtures/roots-cis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
paths="$pol/cis-debian12 $pol/cis-ubuntu2204 $pol/stig-ubuntu2204"
packs="--policy $pol/cis-debian12 --policy $pol/cis-ubuntu2204 --policy $pol/stig-ubuntu2204"
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

# 1. The packs load, alone and with linux-baseline.
# shellcheck disable=SC2086
if "$ASSAY" policy check $paths >"$tmp/why" 2>&1; then ok; else
	notok "assay policy check (the three packs)"; fi
if [ -d "$pol/linux-baseline" ]; then
	# shellcheck disable=SC2086
	if "$ASSAY" policy check $paths "$pol/linux-baseline" >"$tmp/why" 2>&1
	then ok; else notok "assay policy check (with linux-baseline)"; fi
fi

# 2. The rules of each pack (id, pack, manual) for the checker.
# shellcheck disable=SC2086
if ! "$ASSAY" rules $packs --format json >"$tmp/rules.json" 2>"$tmp/why"; then
	notok "assay rules --format json"
	echo "$pass passed, $fail failed"
	exit 1
fi

# 3. Base roots, built once.
for b in base ubuntu; do
	if ! sh "$mkroot" "$fx/$b.spec" "$tmp/root-$b" >"$tmp/why" 2>&1; then
		notok "mkroot $b.spec"
		echo "$pass passed, $fail failed"
		exit 1
	fi
done

# scan ROOT PROFILE OUT: one scan with the three packs loaded.
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
scan "$tmp/root-base" cis-debian12-l2-server "$tmp/out/base@cis-debian12-l2-server.json"
scan "$tmp/root-base" cis-debian12-l1-server "$tmp/out/base@cis-debian12-l1-server.json"
scan "$tmp/root-ubuntu" cis-ubuntu2204-l2-server "$tmp/out/base@cis-ubuntu2204-l2-server.json"
scan "$tmp/root-ubuntu" stig-ubuntu2204 "$tmp/out/base@stig-ubuntu2204.json"

# 4. One root per fail spec, replayed on a copy of its base root.
for spec in "$fx"/fail/*.spec; do
	id=${spec##*/}
	id=${id%.spec}
	case $id in
	cis-ubuntu-*)	prof=cis-ubuntu2204-l2-server ;;
	stig-*)		prof=stig-ubuntu2204 ;;
	*)		prof=cis-debian12-l2-server ;;
	esac
	b=$(sed -n -e 's#^include \.\./base\.spec$#base#p' \
	    -e 's#^include \.\./ubuntu\.spec$#ubuntu#p' "$spec")
	if [ -z "$b" ]; then
		echo "no include ../base.spec or ../ubuntu.spec line" >"$tmp/why"
		notok "fail/$id"
		continue
	fi
	rm -rf "$tmp/r"
	cp -a "$tmp/root-$b" "$tmp/r"
	grep -v '^include \.\./' "$spec" >"$tmp/delta.spec"
	if ! sh "$mkroot" "$tmp/delta.spec" "$tmp/r" >"$tmp/why" 2>&1; then
		notok "fail/$id (mkroot)"
		continue
	fi
	scan "$tmp/r" "$prof" "$tmp/out/$id@$prof.json"
	sed -n 's/^# also-fails: //p' "$spec" >"$tmp/out/$id@$prof.also"
done

# 5. Check every report.
python3 - "$tmp/rules.json" "$tmp/cases" "$fx/fail" >"$tmp/verdicts" <<'PY'
import fnmatch, json, os, sys

rules_path, cases_path, faildir = sys.argv[1:4]
with open(rules_path) as f:
    rules = {r["id"]: r for r in json.load(f)}
manual = {i for i, r in rules.items() if r.get("manual")}

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
        # every automated rule that ran on the base needs a fail fixture
        for r in results:
            if r["rule"] not in manual and not os.path.exists(os.path.join(faildir, r["rule"] + ".spec")):
                errors.append("%s: no fixture fail/%s.spec" % (r["rule"], r["rule"]))
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
