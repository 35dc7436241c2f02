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
#     those the spec names on an `# also-fails: GLOB...` line;
#     fail/RULE--VARIANT.spec is another fixture of RULE, and each
#     pass/RULE--VARIANT.spec is a root on which every rule passes.
#
# Speed: the two base roots are built once; each fail spec (`include
# ../base.spec` or `../ubuntu.spec` plus inline changes, no @SRC) is
# replayed by mkroot on a copy of the prebuilt root (the copy the previous
# spec changed, put back by restore_root where that spec names), and is
# scanned with the profile of the rule's pack (cis-ubuntu-* rules: the
# Ubuntu L2 profile; stig-*: the STIG profile; others: the Debian L2
# profile). The JSON reports are checked by one python3 run at the end.
# Needs root (owners) and python3. Prints one line per failed case and
# `N passed, M failed` last; exits 77 (skip) when $ASSAY is missing (or
# python3 or root).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3 root
e2e_setup
fx=$top_srcdir/fixtures/roots-cis
paths="$pol/cis-debian12 $pol/cis-ubuntu2204 $pol/stig-ubuntu2204"
packs="--policy $pol/cis-debian12 --policy $pol/cis-ubuntu2204 --policy $pol/stig-ubuntu2204"
quiet=1

# 1. The packs load, alone and with linux-baseline.
# shellcheck disable=SC2086
expect "assay policy check (the three packs)" "$ASSAY" policy check $paths
if [ -d "$pol/linux-baseline" ]; then
	# shellcheck disable=SC2086
	expect "assay policy check (with linux-baseline)" \
	    "$ASSAY" policy check $paths "$pol/linux-baseline"
fi

# 2. The rules of each pack (id, pack, manual) for the checker.
# shellcheck disable=SC2086
if ! "$ASSAY" rules $packs --format json >"$tmp/rules.json" 2>"$tmp/why"; then
	notok "assay rules --format json"
	finish
fi

# 3. Base roots, built once.
for b in base ubuntu; do
	build_base "$fx/$b.spec" "$tmp/root-$b"
done

mkdir -p "$tmp/out"
scan_json "$tmp/root-base" cis-debian12-l2-server "$tmp/out/base@cis-debian12-l2-server.json"
scan_json "$tmp/root-base" cis-debian12-l1-server "$tmp/out/base@cis-debian12-l1-server.json"
scan_json "$tmp/root-ubuntu" cis-ubuntu2204-l2-server "$tmp/out/base@cis-ubuntu2204-l2-server.json"
scan_json "$tmp/root-ubuntu" stig-ubuntu2204 "$tmp/out/base@stig-ubuntu2204.json"

# 4. One root per fail spec, replayed on a copy of its base root: the
# profile of the rule's pack, the base the spec includes.
fail_spec()
{
	case $1 in
	cis-ubuntu-*)	prof=cis-ubuntu2204-l2-server ;;
	stig-*)		prof=stig-ubuntu2204 ;;
	*)		prof=cis-debian12-l2-server ;;
	esac
	b=$(sed -n -e 's#^include \.\./base\.spec$#base#p' \
	    -e 's#^include \.\./ubuntu\.spec$#ubuntu#p' "$2")
	base=$tmp/root-$b
	if [ -z "$b" ]; then
		echo "no include ../base.spec or ../ubuntu.spec line" >"$tmp/why"
		return 1
	fi
}
scan_fail_specs "$fx/fail"
scan_fail_specs "$fx/pass" pass

# 5. restore_root put the copy back before each spec: after the last one it
# gives its base again, contents too; and a copy changed where the spec
# does not say is not taken for the base.
: >"$tmp/why"
if restore_root "$base" "$tmp/r" "$tmp/delta.spec"; then
	same_tree "$base" "$tmp/r" >"$tmp/why"
else
	echo "restore_root refused the root of the last spec" >"$tmp/why"
fi
ok_unless_why "restore_root: the last spec's root restored equals its base"
: >"$tmp/why"
echo "# a line no spec wrote" >>"$tmp/r/etc/passwd"
if restore_root "$base" "$tmp/r" "$tmp/delta.spec"; then
	echo "restore_root took a copy with a changed etc/passwd for the" \
	    "base" >"$tmp/why"
fi
ok_unless_why "restore_root: a change the spec does not name is caught"

# 6. Check every report (every automated rule that ran on a base needs a
# fail fixture).
check_reports "$tmp/rules.json" "$fx/fail" fixture-per-base-rule
finish
