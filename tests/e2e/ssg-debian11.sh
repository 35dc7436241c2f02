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
#     `# also-fails: GLOB...` line; fail/RULE--VARIANT.spec is another
#     fixture of RULE, and each pass/RULE--VARIANT.spec is a root on which
#     every rule passes. A fail spec is scanned with the ANSSI
#     profile, or with the standard one when its rule is only there.
#
# Speed: base.spec is built once; each fail spec (`include ../base.spec`
# plus inline changes, no @SRC) is replayed by mkroot on a copy of it. The
# JSON reports are checked by one python3 run. Needs root (owners) and
# python3. Prints one line per failed case and `N passed, M failed` last;
# exits 77 (skip) when $ASSAY is missing (or python3 or root).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3 root
e2e_setup
fx=$top_srcdir/fixtures/roots-ssg
packs="--policy $pol/linux-baseline --policy $pol/ssg-debian11"
std=ssg-debian11-standard
anssi=ssg-debian11-anssi-np-nt28-high
quiet=1

# 1. The pack loads with linux-baseline; the rules of the pack and of
# each profile, for the checker.
expect "assay policy check" \
    "$ASSAY" policy check "$pol/linux-baseline" "$pol/ssg-debian11"
for p in "" $std $anssi; do
	# shellcheck disable=SC2086
	if ! "$ASSAY" rules $packs ${p:+--profile $p} --format json \
	    >"$tmp/rules$p.json" 2>"$tmp/why"; then
		notok "assay rules ${p:---all}"
		finish
	fi
done

# 2. The base root, built once.
build_base "$fx/base.spec" "$tmp/root"

mkdir -p "$tmp/out"
scan_json "$tmp/root" $std "$tmp/out/base@$std.json"
scan_json "$tmp/root" $anssi "$tmp/out/base@$anssi.json"

# 3. One root per fail spec, replayed on a copy of the base root: the
# ANSSI profile, or the standard one when the rule is only there.
fail_spec()
{
	prof=$anssi
	grep -q "\"$1\"" "$tmp/rules$anssi.json" || prof=$std
	base=$tmp/root
	if ! grep -q '^include \.\./base\.spec$' "$2"; then
		echo "no include ../base.spec line" >"$tmp/why"
		return 1
	fi
}
scan_fail_specs "$fx/fail"
scan_fail_specs "$fx/pass" pass

# 4. Check the coverage and every report.
check_reports "$tmp/rules.json" "$fx/fail" coverage=ssg-debian11
finish
