#!/bin/sh
# End-to-end test of `assay scan --datastream` on other distribution
# families (docs/scap.md): synthetic roots built by families-roots.sh
# (RHEL 9.2 and SLES 15 SP5 with an rpm database made by rpm --initdb and
# rpmbuild, Ubuntu 22.04 with a dpkg status file) scanned with
# ssg-nondebian's ssg-rhel9-ds.xml (cis) and ssg-sle15-ds.xml (cis) and
# ssg-debderived's ssg-ubuntu2204-ds.xml (cis_level1_server):
#
#   - the data stream's CPE applies (rpminfo of redhat-release 9 /
#     sles-release 15, /etc/lsb-release of jammy);
#   - a handful of verdicts per family: rpminfo/dpkginfo (installed and
#     removed packages), file modes and owners, textfilecontent54 with
#     XCCDF variables (sshd_config, login.defs), shadow;
#   - a mutation flips them: a package erased from the rpm database
#     (rpm -e --justdb), /etc/shadow world-readable, PermitRootLogin yes;
#   - without redhat-release the RHEL 9 benchmark is notapplicable;
#   - file times (OVAL m_time, time_difference): dconf_db_up_to_date and
#     configure_crypto_policy pass with the dconf database newer than its
#     keyfile and crypto-policies' state newer than its config, and fail
#     with the keyfile and the config made newer (touch -d); oscap-chroot
#     1.3.7 gives the same four verdicts (docs/openscap.md).
# The rule-by-rule comparison with oscap-chroot is bench/oscap-families.
#
# Needs root, python3, rpm and rpmbuild, ssg-nondebian and ssg-debderived.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

C=${ASSAY_SSG_CONTENT:-/usr/share/xml/scap/ssg/content}
e2e_require assay python3 root
for ds in ssg-rhel9-ds.xml ssg-sle15-ds.xml ssg-ubuntu2204-ds.xml; do
	[ -f "$C/$ds" ] || e2e_skip "$C/$ds not found (apt-get install" \
	    "ssg-nondebian ssg-debderived)"
done
command -v rpmbuild >/dev/null 2>&1 ||
    e2e_skip "rpmbuild not found (apt-get install rpm)"
e2e_setup

scan()	# DS PROFILE ROOT OUT
{
	"$ASSAY" scan --datastream "$C/$1" --profile "$2" --fail-on none \
	    --color never --format "json=$4" "$3" >/dev/null 2>"$tmp/why"
}
# verdicts JSON RULE=STATUS...: each rule has that status
verdicts()
{
	python3 - "$@" <<'PY' >"$tmp/why" 2>&1
import json, sys
res = {r["rule"]: r for r in json.load(open(sys.argv[1]))["results"]}
bad = []
for want in sys.argv[2:]:
    rule, st = want.split("=")
    rule = "xccdf_org.ssgproject.content_rule_" + rule
    got = res.get(rule, {}).get("status", "missing")
    if got != st:
        bad.append("%s: %s, want %s (%s)" % (rule, got, st,
                   res.get(rule, {}).get("message")))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
build()	# FAMILY
{
	if sh "$top_srcdir/tests/e2e/families-roots.sh" "$1" "$tmp/$1" \
	    "$tmp/$1.work" >"$tmp/why" 2>&1
	then ok "build $1 root"; else notok "build $1 root"; fi
}

# 1. RHEL 9, cis
build rhel9
if scan ssg-rhel9-ds.xml cis "$tmp/rhel9" "$tmp/r.json"; then ok "scan rhel9 cis"; else notok "scan rhel9 cis"; fi
# service_auditd_enabled: the root has no default.target, so no unit is
# started at boot (ActiveState inactive, engine/scap/oval_systemd.c)
expect "rhel9 verdicts" verdicts "$tmp/r.json" \
    package_audit_installed=pass package_aide_installed=pass \
    package_telnet-server_removed=pass file_permissions_etc_shadow=pass \
    file_owner_etc_passwd=pass sshd_disable_root_login=pass \
    accounts_password_set_max_life_existing=fail \
    sysctl_kernel_randomize_va_space=pass \
    service_auditd_enabled=fail
expect "rpminfo evidence names the rpm database" python3 -c '
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"]
     if x["rule"].endswith("_rule_package_audit_installed")][0]
ev = " ".join(e["message"] + " " + str(e.get("path")) for e in r["evidence"])
assert "rpminfo_test" in ev and "/var/lib/rpm/rpmdb.sqlite" in ev, ev
' "$tmp/r.json"

# file times: dconf and gdm installed (the rule applies where gdm is),
# then the keyfile older, then newer than the database it was compiled
# into; likewise crypto-policies' config and state (the clock fixed)
for p in dconf:0.40.0:6.el9 gdm:40.1:10.el9; do
	rpmbuild --quiet --define "_topdir $tmp/rhel9.work/top" \
	    --define "pname ${p%%:*}" --define "pver $(echo "$p" | cut -d: -f2)" \
	    --define "prel ${p##*:}" -bb "$tmp/rhel9.work/p.spec" >/dev/null 2>&1
done
rpm --dbpath "$tmp/rhel9/var/lib/rpm" -i --justdb --nodeps --noscripts \
    "$tmp/rhel9.work"/top/RPMS/noarch/dconf-* \
    "$tmp/rhel9.work"/top/RPMS/noarch/gdm-* >/dev/null 2>&1
d=$tmp/rhel9/etc/dconf/db
cp=$tmp/rhel9/etc/crypto-policies
mkdir -p "$d/local.d" "$cp/state" "$cp/back-ends"
printf 'GVariant\n' >"$d/local"
printf '[org/gnome/desktop/screensaver]\nlock-enabled=true\n' \
    >"$d/local.d/00-security-settings"
echo DEFAULT >"$cp/config"
echo DEFAULT >"$cp/state/current"
: >"$cp/back-ends/nss.config"
touch -d '2024-01-01 00:00:00 UTC' "$d/local.d/00-security-settings" \
    "$cp/config"
touch -d '2024-01-02 00:00:00 UTC' "$d/local" "$cp/state/current"
ASSAY_NOW=2026-01-01T00:00:00Z scan ssg-rhel9-ds.xml cis "$tmp/rhel9" \
    "$tmp/t.json"
expect "rhel9 file times: database and state newer" verdicts "$tmp/t.json" \
    dconf_db_up_to_date=pass configure_crypto_policy=pass
touch -d '2024-01-03 00:00:00 UTC' "$d/local.d/00-security-settings" \
    "$cp/config"
ASSAY_NOW=2026-01-01T00:00:00Z scan ssg-rhel9-ds.xml cis "$tmp/rhel9" \
    "$tmp/t2.json"
expect "rhel9 file times: keyfile and config newer" verdicts "$tmp/t2.json" \
    dconf_db_up_to_date=fail configure_crypto_policy=fail

rpm --dbpath "$tmp/rhel9/var/lib/rpm" -e --justdb --nodeps --noscripts \
    audit >/dev/null 2>&1
chmod 0644 "$tmp/rhel9/etc/shadow"
sed -i 's/^PermitRootLogin no/PermitRootLogin yes/' \
    "$tmp/rhel9/etc/ssh/sshd_config"
scan ssg-rhel9-ds.xml cis "$tmp/rhel9" "$tmp/r2.json"
expect "rhel9 mutated verdicts" verdicts "$tmp/r2.json" \
    package_audit_installed=fail package_aide_installed=pass \
    file_permissions_etc_shadow=fail sshd_disable_root_login=fail
rpm --dbpath "$tmp/rhel9/var/lib/rpm" -e --justdb --nodeps --noscripts \
    redhat-release >/dev/null 2>&1
scan ssg-rhel9-ds.xml cis "$tmp/rhel9" "$tmp/r3.json"
expect "rhel9 platform: no redhat-release" verdicts "$tmp/r3.json" \
    package_aide_installed=notapplicable file_owner_etc_passwd=notapplicable

# 2. SLES 15, cis
build sle15
if scan ssg-sle15-ds.xml cis "$tmp/sle15" "$tmp/s.json"; then ok "scan sle15 cis"; else notok "scan sle15 cis"; fi
expect "sle15 verdicts" verdicts "$tmp/s.json" \
    package_audit_installed=pass package_sudo_installed=pass \
    package_telnet_removed=pass file_permissions_etc_passwd=pass \
    sshd_disable_empty_passwords=pass

# 3. Ubuntu 22.04, cis_level1_server
build ubuntu2204
if scan ssg-ubuntu2204-ds.xml cis_level1_server "$tmp/ubuntu2204" "$tmp/u.json"; then ok "scan ubuntu2204 cis_level1_server"; else notok "scan ubuntu2204 cis_level1_server"; fi
expect "ubuntu2204 verdicts" verdicts "$tmp/u.json" \
    package_sudo_installed=pass package_aide_installed=pass \
    package_telnet_removed=pass file_permissions_etc_shadow=pass \
    sshd_disable_root_login=pass
finish
