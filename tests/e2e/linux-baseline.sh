#!/bin/sh
# End-to-end test of policies/linux-baseline on the fixture roots.
#
# Each case builds a root with fixtures/mkroot.sh from
# fixtures/roots/{base,fail/*,pass/*}.spec, scans it with the whole pack
# (`assay scan --policy ... --format json=OUT ROOT`) and checks, with
# python3's json module, the status of EVERY rule against the case's
# expectations: a rule not named in the case must pass (the manual rules
# must be notchecked), so a fixture that breaks a second rule by accident
# is caught. A `fail` result must carry evidence, and the exit code must
# follow --fail-on high (1 when a high or critical rule fails, else 0).
# Also: `assay policy check` on the pack, the container profile, a --var
# override, and mkroot.sh's refusals. Needs root (fixtures set owners).
# Prints one line per case and `N passed, M failed`; exits 77 (skip) when
# the binary, python3 or root is missing.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay python3 root
e2e_setup
pack=$pol/linux-baseline
roots=$top_srcdir/fixtures/roots

# The checker: check.py JSON RC [RULE_GLOB=STATUS | -RULE_GLOB | +N]...
# RULE_GLOB=STATUS: the rules matching the glob have STATUS (first match
# wins); -GLOB: those rules must not be in the results; +N: exactly N
# results. Other rules: pass, or notchecked for the manual ones.
cat >"$tmp/check.py" <<'PY'
import fnmatch, json, sys

MANUAL = {"packages-security-updates-applied",
          "network-no-unexpected-listeners"}
SEVERE = {"high", "critical"}

path, rc = sys.argv[1], int(sys.argv[2])
want, absent, count = [], [], None
for arg in sys.argv[3:]:
    if arg.startswith("-"):
        absent.append(arg[1:])
    elif arg.startswith("+"):
        count = int(arg[1:])
    else:
        glob, status = arg.split("=", 1)
        want.append((glob, status))

errors = []
try:
    with open(path) as f:
        doc = json.load(f)
    results = doc["results"]
except (OSError, ValueError, KeyError) as e:
    print("cannot read the JSON report: %s" % e)
    sys.exit(1)

seen = set()
severe_fail = False
for r in results:
    rule, status = r["rule"], r["status"]
    seen.add(rule)
    expected = "notchecked" if rule in MANUAL else "pass"
    for glob, st in want:
        if fnmatch.fnmatchcase(rule, glob):
            expected = st
            break
    for glob in absent:
        if fnmatch.fnmatchcase(rule, glob):
            errors.append("%s: ran, but the profile should exclude it"
                          % rule)
    if status != expected:
        ev = "; ".join(e.get("message", "") for e in r.get("evidence", []))
        errors.append("%s: %s, want %s (%s)" % (rule, status, expected,
                      ev[:300] or "no evidence"))
    if status == "fail" and not r.get("evidence"):
        errors.append("%s: fails without evidence" % rule)
    if status in ("fail", "error") and r.get("severity") in SEVERE:
        severe_fail = True

for glob, st in want:
    if not any(fnmatch.fnmatchcase(s, glob) for s in seen):
        errors.append("%s: no such rule in the results" % glob)
if count is not None and len(results) != count:
    errors.append("%d results, want %d" % (len(results), count))
want_rc = 1 if severe_fail else 0
if rc != want_rc:
    errors.append("exit code %d, want %d" % (rc, want_rc))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

# The roots are built by build_root SPEC "$roots": base.spec once, each
# fail/ and pass/ spec replayed on a copy of it, from $tmp/specs/DIR/,
# where this link resolves their @../base/ paths. (Built from scratch, the
# 81 roots were most of this test's time.)
mkdir -p "$tmp/specs"
ln -s "$roots/base" "$tmp/specs/base"

# scan NAME SPEC [SCAN-OPTIONS...] -- [CHECK-ARGS...]: build SPEC, scan it,
# check the report.
scan()
{
	name=$1 spec=$2
	shift 2
	: >"$tmp/why"
	opts=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts="$opts $1"
		shift
	done
	[ $# -gt 0 ] && shift
	rm -f "$tmp/out.json"
	if ! build_root "$spec" "$roots" >"$tmp/why" 2>&1; then
		notok "$name (mkroot)"
		return
	fi
	# shellcheck disable=SC2086 # opts are single words
	"$ASSAY" scan --policy "$pack" $opts --format "json=$tmp/out.json" \
	    "$tmp/root" >"$tmp/stdout" 2>"$tmp/why"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "exit code $rc" >>"$tmp/why"
		notok "$name"
		return
	fi
	if python3 "$tmp/check.py" "$tmp/out.json" "$rc" "$@" >"$tmp/why" 2>&1
	then
		ok "$name"
	else
		notok "$name"
	fi
}

# The pack itself loads cleanly.
expect "policy check linux-baseline" "$ASSAY" policy check "$pack"

# base: every rule passes, the manual ones are notchecked.
scan base "$roots/base.spec" -- +54
scan "base, profile linux-baseline" "$roots/base.spec" \
    --profile linux-baseline -- +54
# Containers: the host-only rules are not run.
scan "base, profile linux-baseline-container" "$roots/base.spec" \
    --profile linux-baseline-container -- \
    '-sysctl-*' -core-dumps-restricted '-service-*' +47
# Variables reach the probes: base allows 4 tries, so 3 fails.
scan "base, --var sshd_max_auth_tries=3" "$roots/base.spec" \
    --var sshd_max_auth_tries=3 -- sshd-max-auth-tries=fail

# One failing fixture per rule: FIXTURE RULE [OTHER=STATUS...], where the
# others are the rules the same change cannot help breaking too.
while read -r fixture rule others; do
	case $fixture in
	''|'#'*) continue ;;
	esac
	# shellcheck disable=SC2086 # others are single words
	scan "fail/$fixture" "$roots/fail/$fixture.spec" -- \
	    "$rule=fail" $others
done <<'TABLE'
sshd-permit-root-login-disabled			sshd-permit-root-login-disabled
sshd-permit-root-login-disabled-default		sshd-permit-root-login-disabled
sshd-password-authentication-disabled		sshd-password-authentication-disabled
sshd-permit-empty-passwords-disabled		sshd-permit-empty-passwords-disabled
sshd-x11-forwarding-disabled			sshd-x11-forwarding-disabled
sshd-max-auth-tries				sshd-max-auth-tries
sshd-ignore-rhosts				sshd-ignore-rhosts
sshd-hostbased-authentication-disabled		sshd-hostbased-authentication-disabled
sshd-permit-user-environment-disabled		sshd-permit-user-environment-disabled
sshd-log-level					sshd-log-level
sshd-client-alive-interval			sshd-client-alive-interval
sshd-client-alive-count-max			sshd-client-alive-count-max
sshd-config-permissions				sshd-config-permissions
sshd-private-host-key-permissions		sshd-private-host-key-permissions
# A second UID 0 account is a duplicate UID by definition.
accounts-uid-zero-only-root			accounts-uid-zero-only-root accounts-unique-uids=fail
accounts-no-empty-passwords			accounts-no-empty-passwords
accounts-all-shadowed				accounts-all-shadowed
accounts-all-shadowed-exclamation		accounts-all-shadowed
accounts-unique-uids				accounts-unique-uids
accounts-unique-gids				accounts-unique-gids
accounts-unique-user-names			accounts-unique-user-names
accounts-unique-group-names			accounts-unique-group-names
accounts-passwd-groups-exist			accounts-passwd-groups-exist
accounts-system-no-login-shell			accounts-system-no-login-shell
accounts-root-locked				accounts-root-locked
login-defs-pass-max-days			login-defs-pass-max-days
login-defs-pass-min-days			login-defs-pass-min-days
login-defs-umask				login-defs-umask
login-defs-encrypt-method			login-defs-encrypt-method
pam-no-nullok					pam-no-nullok
file-etc-passwd-permissions			file-etc-passwd-permissions
file-etc-shadow-permissions			file-etc-shadow-permissions
file-etc-group-permissions			file-etc-group-permissions
file-etc-gshadow-permissions			file-etc-gshadow-permissions
file-etc-crontab-permissions			file-etc-crontab-permissions
files-no-world-writable				files-no-world-writable
dirs-world-writable-sticky			dirs-world-writable-sticky
files-setuid-allowlist				files-setuid-allowlist
files-setgid-allowlist				files-setgid-allowlist
files-unowned					files-unowned
files-ungrouped					files-ungrouped
sysctl-kernel-randomize-va-space		sysctl-kernel-randomize-va-space
sysctl-fs-suid-dumpable				sysctl-fs-suid-dumpable
sysctl-fs-suid-dumpable-vendor-wins		sysctl-fs-suid-dumpable
# A vendor file sets 2, the /etc file applied later 0: a conflict.
sysctl-fs-suid-dumpable-conflict		sysctl-fs-suid-dumpable
# systemd-sysctl: /etc/sysctl.conf only through 99-sysctl.conf.
sysctl-kernel-randomize-va-space-systemd-no-link	sysctl-kernel-randomize-va-space
sysctl-kernel-randomize-va-space-systemd-link-elsewhere	sysctl-kernel-randomize-va-space
sysctl-net-ipv4-ip-forward			sysctl-net-ipv4-ip-forward
sysctl-kernel-kptr-restrict			sysctl-kernel-kptr-restrict
# Masking the hardening file unsets all four; ip_forward unset passes.
sysctl-hardening-masked				sysctl-kernel-randomize-va-space sysctl-fs-suid-dumpable=fail sysctl-kernel-kptr-restrict=fail
core-dumps-restricted				core-dumps-restricted
package-telnetd-absent				package-telnetd-absent
package-rsh-server-absent			package-rsh-server-absent
package-nis-absent				package-nis-absent
package-talkd-absent				package-talkd-absent
package-telnet-client-absent			package-telnet-client-absent
package-rsh-client-absent			package-rsh-client-absent
service-ctrl-alt-del-masked			service-ctrl-alt-del-masked
service-legacy-remote-access-disabled		service-legacy-remote-access-disabled
service-legacy-remote-access-disabled-socket	service-legacy-remote-access-disabled
TABLE

# Passing variants: FIXTURE [RULE_GLOB=STATUS...] (default: all pass).
while read -r fixture others; do
	case $fixture in
	''|'#'*) continue ;;
	esac
	# shellcheck disable=SC2086 # others are single words
	scan "pass/$fixture" "$roots/pass/$fixture.spec" -- $others
done <<'TABLE'
sshd-permit-root-login-disabled-stock-line-after-include
sshd-private-host-key-permissions-no-keys
sshd-not-installed				sshd-*=notapplicable
file-etc-shadow-permissions-root-group
accounts-all-shadowed-star
files-setuid-allowlist-unmerged
core-dumps-restricted-limits-d
package-telnetd-absent-config-files
pam-no-nullok-commented
sysctl-fs-suid-dumpable-vendor-masked
sysctl-kernel-randomize-va-space-systemd-link
sysctl-kernel-randomize-va-space-procps
sysctl-hardening-in-usr-lib
sysctl-net-ipv4-ip-forward-unset
service-legacy-remote-access-disabled-commented
TABLE

# The demo root: exactly the advertised defects.
scan "demo" "$top_srcdir/fixtures/demo/demo.spec" -- \
    sshd-permit-root-login-disabled=fail accounts-uid-zero-only-root=fail \
    accounts-unique-uids=fail accounts-system-no-login-shell=fail \
    files-no-world-writable=fail file-etc-shadow-permissions=fail \
    package-telnetd-absent=fail

# build_root's replay gives the root mkroot builds from scratch, here for
# a fail and a pass spec with @../base/ paths; and it did replay them on
# the cached base, the second on the first's root put back (the same
# directory, not a new copy).
: >"$tmp/why"
ino=
for spec in "$roots/fail/files-setuid-allowlist.spec" \
    "$roots/pass/files-setuid-allowlist-unmerged.spec"; do
	rm -rf "$tmp/scratch"
	if ! build_root "$spec" "$roots" >>"$tmp/why" 2>&1 ||
	    ! sh "$mkroot" "$spec" "$tmp/scratch" >>"$tmp/why" 2>&1; then
		echo "${spec#"$roots"/}: mkroot failed" >>"$tmp/why"
		continue
	fi
	same_tree "$tmp/root" "$tmp/scratch" >>"$tmp/why"
	[ -f "$tmp/specs/${spec#"$roots"/}" ] && [ -d "$tmp/cache/base" ] ||
	    echo "${spec#"$roots"/}: not replayed on base" >>"$tmp/why"
	[ -z "$ino" ] || [ "$ino" = "$(stat -c %i "$tmp/root")" ] ||
	    echo "${spec#"$roots"/}: the root was copied again" >>"$tmp/why"
	ino=$(stat -c %i "$tmp/root")
done
ok_unless_why "build_root: replayed roots equal the roots built from scratch"

# Every rule has a failing fixture, and every fixture is in a table.
: >"$tmp/why"
for f in "$roots"/fail/*.spec "$roots"/pass/*.spec; do
	n=${f##*/}
	n=${n%.spec}
	grep -q "^${n}[	 ]" "$0" || grep -q "^${n}\$" "$0" ||
		echo "${f#"$roots"/} is in no table" >>"$tmp/why"
done
python3 - "$pack" "$roots/fail" >>"$tmp/why" 2>&1 <<'PY'
import os, re, sys
MANUAL = {"packages-security-updates-applied",
          "network-no-unexpected-listeners"}
pack, faildir = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(pack)):
    if name == "pack.yaml":
        continue
    with open(os.path.join(pack, name)) as f:
        for i in re.findall(r"^  - id: (\S+)$", f.read(), re.M):
            if i not in MANUAL and not os.path.exists(
                    os.path.join(faildir, i + ".spec")):
                print("rule %s has no fail/%s.spec" % (i, i))
PY
ok_unless_why "fixture coverage"

# mkroot.sh keeps everything inside OUTDIR.
mkroot_refuses()
{
	name=$1 line=$2 needle=$3
	printf 'dir . 0755 0 0\nlink up /\n%s\n' "$line" >"$tmp/bad.spec"
	rm -rf "$tmp/badroot"
	if sh "$mkroot" "$tmp/bad.spec" "$tmp/badroot" >"$tmp/why" 2>&1; then
		notok "mkroot refuses $name (it succeeded)"
	elif ! grep -qF -- "$needle" "$tmp/why"; then
		notok "mkroot refuses $name (message lacks: $needle)"
	else
		ok "mkroot refuses $name"
	fi
}
mkroot_refuses "an absolute path" "file /etc/x 0644 0 0" \
    'bad.spec:3: absolute path "/etc/x" (paths are relative to the root)'
mkroot_refuses "a .. escape" "file etc/../../x 0644 0 0" \
    'bad.spec:3: path "etc/../../x" escapes the root'
mkroot_refuses "writing through a symlink" "file up/tmp/x 0644 0 0" \
    'bad.spec:3: parent "up" of "up/tmp/x" is a symlink'
mkroot_refuses "a non-numeric owner" "file x 0644 root 0" \
    'bad.spec:3: uid "root" is not a number'
mkroot_refuses "an unterminated here-document" "file x 0644 0 0 <<END" \
    'bad.spec:3: here-document not terminated by "END"'

finish
