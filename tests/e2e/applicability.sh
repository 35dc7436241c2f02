#!/bin/sh
# applicability.sh -- applicability follows what is installed: roots and
# images without a package database, or without the record of a package
# whose files are there, and distroless' /var/lib/dpkg/status.d.
#
# Roots from fixtures/roots-applies/*.spec, scanned with every bundled pack:
#   minimal      no database, no sshd: every profile of every pack gives
#                no `error`; the sshd rules are notapplicable, decided by
#                their files;
#   sshd-files   no database, sshd binary and configuration: the sshd
#                rules apply (decided by the files) and
#                sshd-permit-root-login-disabled fails;
#   record-gone  dpkg status without openssh-server, sshd files kept: the
#                sshd rules apply (decided by the files) and pass;
#   distroless   only status.d, which records openssh-server: the sshd
#                rules apply (decided by the package database, evidence
#                in status.d/openssh-server) and the root-login rule fails;
#   pam-off      the cis-debian12 root without pam_faillock/pam_pwquality
#                in the stack: the rules whose settings pass from the
#                modules' compiled-in defaults fail (the cis root passes).
# The same on images when fixtures/images/build.sh can build them (see
# container-image.sh): `static` (FROM scratch, a static binary, no
# package database) with every profile, and `distroless` (status.d only).
# Needs root (fixture owners) and python3; skips (77) without them.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3 root
e2e_setup
roots=$top_srcdir/fixtures/roots-applies
packs=
for d in "$pol"/*/; do
	packs="$packs --policy ${d%/}"
done
profiles=$(sed -n '/^profiles:/,$ s/^  - id: \([a-z0-9-]*\)$/\1/p' \
    "$pol"/*/pack.yaml)

# check.py JSON [RULE=STATUS[~EVIDENCE]]...: no result is `error`; each
# RULE has STATUS and, with ~EVIDENCE, an evidence message holding it.
cat >"$tmp/check.py" <<'PY'
import json, sys

with open(sys.argv[1]) as f:
    results = {r["rule"]: r for r in json.load(f)["results"]}
bad = ["%s: error (%s)" % (i, r.get("message", ""))
       for i, r in sorted(results.items()) if r["status"] == "error"]
for arg in sys.argv[2:]:
    rule, want = arg.split("=", 1)
    want, _, ev = want.partition("~")
    r = results.get(rule)
    if r is None:
        bad.append("%s: not in the results" % rule)
        continue
    if r["status"] != want:
        bad.append("%s: %s, want %s (%s)" % (rule, r["status"], want,
                                             r.get("message", "")))
    msgs = [e.get("message", "") for e in r.get("evidence", [])]
    if ev and not any(ev in m for m in msgs):
        bad.append("%s: no evidence with %r in %r" % (rule, ev, msgs))
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
PY

# scan TARGET PROFILE OUT: a JSON report, exit code 0 or 1 accepted.
scan()
{
	# shellcheck disable=SC2086 # packs: single words
	"$ASSAY" scan $packs --profile "$2" --fail-on none --color never \
	    --format "json=$3" "$1" >/dev/null 2>"$tmp/scan.err" ||
	    { cat "$tmp/scan.err"; return 1; }
}

# every_profile NAME TARGET: no error with any profile.
every_profile()
{
	: >"$tmp/why"
	for p in $profiles; do
		if ! scan "$2" "$p" "$tmp/r.json" >>"$tmp/why" 2>&1 ||
		    ! python3 "$tmp/check.py" "$tmp/r.json" >>"$tmp/why"; then
			echo "  (profile $p)" >>"$tmp/why"
		fi
	done
	ok_unless_why "$1: no error with any of the $(echo $profiles |
	    wc -w) profiles"
}

# expect_rules NAME TARGET PROFILE RULE=STATUS[~EVIDENCE]...
expect_rules()
{
	name=$1
	target=$2
	prof=$3
	shift 3
	: >"$tmp/why"
	if scan "$target" "$prof" "$tmp/r.json" >"$tmp/why" 2>&1 &&
	    python3 "$tmp/check.py" "$tmp/r.json" "$@" >"$tmp/why" 2>&1
	then
		ok "$name"
	else
		notok "$name"
	fi
}

files_na="decided by its files"
for s in minimal sshd-files record-gone distroless; do
	build_base "$roots/$s.spec" "$tmp/$s"
done

every_profile "minimal root" "$tmp/minimal"
expect_rules "minimal root: sshd rules notapplicable, decided by files" \
    "$tmp/minimal" linux-baseline \
    "sshd-permit-root-login-disabled=notapplicable~none of /usr/sbin/sshd, /etc/ssh/sshd_config exists" \
    "package-telnetd-absent=pass~$files_na"
every_profile "sshd-files root" "$tmp/sshd-files"
expect_rules "sshd-files root: sshd rules apply (files) and judge" \
    "$tmp/sshd-files" linux-baseline \
    "sshd-permit-root-login-disabled=fail~applies_if: no package database found but /usr/sbin/sshd exists" \
    "sshd-x11-forwarding-disabled=pass~$files_na"
expect_rules "record-gone root: sshd rules apply (files) and pass" \
    "$tmp/record-gone" linux-baseline \
    "sshd-permit-root-login-disabled=pass~applies_if: /var/lib/dpkg/status has no record of openssh-server but /usr/sbin/sshd exists"
every_profile "distroless root" "$tmp/distroless"
expect_rules "distroless root: status.d read, sshd rules apply (database)" \
    "$tmp/distroless" linux-baseline \
    "sshd-permit-root-login-disabled=fail~applies_if: decided by the package database /var/lib/dpkg/status.d" \
    "package-telnetd-absent=pass~package telnetd is not in the package database"

# A module's compiled-in defaults are not in effect where the module is
# not in the PAM stack: the cis-debian12 root passes, pam-off fails.
build_base "$top_srcdir/fixtures/roots-cis/base.spec" "$tmp/cis"
build_base "$roots/pam-off.spec" "$tmp/pam-off"
expect_rules "cis root: faillock and pwquality settings pass" \
    "$tmp/cis" cis-debian12-l1-server \
    "cis-pam-faillock-deny=pass" "cis-pwquality-dictcheck=pass" \
    "cis-pwquality-enforcing=pass"
expect_rules "pam-off root: defaults of disabled modules do not pass" \
    "$tmp/pam-off" cis-debian12-l1-server \
    "cis-pam-faillock-deny=fail~pam_faillock.so" \
    "cis-pwquality-dictcheck=fail~pam_pwquality.so" \
    "cis-pwquality-enforcing=fail~pam_pwquality.so"

# Images, when buildah can build them.
IMAGES=${ASSAY_FIXTURE_IMAGES:-${TMPDIR:-/tmp}/assay-fixture-images}
if command -v buildah >/dev/null 2>&1 &&
    sh "$top_srcdir/fixtures/images/build.sh" "$IMAGES" >"$tmp/why" 2>&1
then
	every_profile "static image (FROM scratch)" "$IMAGES/static.docker.tar"
	expect_rules "static image: sshd rules notapplicable, decided by files" \
	    "$IMAGES/static.oci.tar" linux-baseline \
	    "sshd-permit-root-login-disabled=notapplicable~$files_na"
	every_profile "distroless image" "$IMAGES/distroless.docker.tar"
	expect_rules "distroless image: status.d read" \
	    "$IMAGES/distroless.docker.tar" linux-baseline \
	    "sshd-permit-root-login-disabled=fail~applies_if: decided by the package database /var/lib/dpkg/status.d" \
	    "package-telnetd-absent=pass~package telnetd is not in the package database"
else
	notok "fixtures/images/build.sh (static, distroless images)"
fi
finish
