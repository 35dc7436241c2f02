#!/bin/sh
# End-to-end test of the marketplace packs (policies/marketplace-azure,
# -aws, -gcp, -readiness) and their combined CIS profiles, on the fixture
# roots of fixtures/roots-marketplace/.
#
# Each case builds a root with fixtures/mkroot.sh, scans it with one
# profile (`assay scan --policy ... --profile P --format json=OUT ROOT`)
# and checks, with python3's json module, the status of EVERY rule of the
# profile: the base roots (PACK-base.spec) pass every automated rule (manual
# rules notchecked, rules on the image config notapplicable on a
# directory); fail/RULE.spec makes RULE fail and nothing else (unless the
# table below names the other rules the same change has to break). A fail
# must carry evidence. The one rule on the image manifest
# (gcp-product-annotation) is checked on two OCI layouts the test writes,
# with and without the annotation; `--var installer_path=...` shows the
# readiness variables reach the probes. Also: the packs load together,
# every automated rule has a failing fixture and every fixture names a
# rule, and the combined
# cis-debian12-l{1,2}-{azure,aws,gcp} profiles drop the CIS rules that lose
# to the marketplace and keep the marketplace rules. Prints one line per case
# and `N passed, M failed`; exits 77 (skip) only when $ASSAY is missing.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/e2e/lib.sh
. "$top_srcdir/tests/e2e/lib.sh"

e2e_require assay

# One python3 per case: skip the pyenv-style shim when the system has one.
python3=python3
[ ! -x /usr/bin/python3 ] || python3=/usr/bin/python3

e2e_setup
roots=$top_srcdir/fixtures/roots-marketplace

# Every scan loads the same packs: the marketplace packs, the baseline the
# readiness profile selects from, and the CIS pack the combined profiles
# extend (when it is there).
paths="$pol/linux-baseline"
[ ! -d "$pol/cis-debian12" ] || paths="$paths $pol/cis-debian12"
for p in azure aws gcp readiness; do
	paths="$paths $pol/marketplace-$p"
done
packs=
for p in $paths; do
	packs="$packs --policy $p"
done

# check.py REPORT RULES [RULE=STATUS]...: every rule of RULES (`assay rules
# --format json` of the profile) is in REPORT once, with STATUS if named,
# else notchecked (manual), notapplicable (reads the image config), pass.
cat >"$tmp/check.py" <<'PY'
import json, sys

IMAGE_ONLY = {"gcp-product-annotation"}

try:
    with open(sys.argv[1]) as f:
        results = json.load(f)["results"]
    with open(sys.argv[2]) as f:
        rules = json.load(f)
except (OSError, ValueError, KeyError) as e:
    print("cannot read the reports: %s" % e)
    sys.exit(1)
want = dict(a.split("=", 1) for a in sys.argv[3:])
errors = []
seen = {}
for r in results:
    seen[r["rule"]] = r
for rule in rules:
    rid = rule["id"]
    expected = want.pop(rid, None) or ("notchecked" if rule["manual"] else
        "notapplicable" if rid in IMAGE_ONLY else "pass")
    r = seen.pop(rid, None)
    if r is None:
        errors.append("%s: not in the results" % rid)
        continue
    if r["status"] != expected:
        ev = "; ".join(e.get("message", "") for e in r.get("evidence", []))
        errors.append("%s: %s, want %s (%s)" % (rid, r["status"], expected,
                      ev[:300] or "no evidence"))
    if r["status"] == "fail" and not r.get("evidence"):
        errors.append("%s: fails without evidence" % rid)
for rid in seen:
    errors.append("%s: in the results but not in the profile" % rid)
for rid in want:
    errors.append("%s: named by the case but not in the profile" % rid)
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

# rules PROFILE: the profile's rules as JSON, once per profile.
rules()
{
	[ ! -s "$tmp/rules-$1.json" ] || return 0
	# shellcheck disable=SC2086 # packs are single words
	"$ASSAY" rules $packs --profile "$1" --format json \
	    >"$tmp/rules-$1.json" 2>"$tmp/why"
}

# The roots are built by build_root SPEC "$roots": the bases once, the
# fail specs replayed on a copy of theirs, from $tmp/specs/fail/, where
# these links resolve their relative @ paths.
mkdir -p "$tmp/cache" "$tmp/specs/fail"
ln -s "$roots/files" "$tmp/specs/files"
ln -s "$top_srcdir/fixtures/roots" "$tmp/roots"

# scan NAME SPEC PROFILE [RULE=STATUS...]: build SPEC, scan it with
# PROFILE (and the options in $opts), check the report.
opts=
scan()
{
	name=$1 spec=$2 profile=$3
	shift 3
	: >"$tmp/why"
	if ! rules "$profile"; then
		notok "$name (assay rules --profile $profile)"
		return
	fi
	rm -f "$tmp/out.json"
	if ! build_root "$spec" "$roots" >"$tmp/why" 2>&1; then
		notok "$name (mkroot)"
		return
	fi
	# shellcheck disable=SC2086 # packs are single words
	"$ASSAY" scan $packs $opts --profile "$profile" --fail-on none \
	    --format "json=$tmp/out.json" "$tmp/root" >/dev/null 2>"$tmp/why"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "exit code $rc" >>"$tmp/why"
		notok "$name"
		return
	fi
	if "$python3" "$tmp/check.py" "$tmp/out.json" "$tmp/rules-$profile.json" \
	    "$@" >"$tmp/why" 2>&1; then
		ok "$name"
	else
		notok "$name"
	fi
}

# The packs load together, and each marketplace pack with what it needs.
# shellcheck disable=SC2086 # paths are single words
expect "policy check: all packs" "$ASSAY" policy check $paths

# The bases: every automated rule passes.
scan "azure-base" "$roots/azure-base.spec" marketplace-azure
scan "aws-base" "$roots/aws-base.spec" marketplace-aws
scan "gcp-base" "$roots/gcp-base.spec" marketplace-gcp
scan "readiness-base" "$roots/readiness-base.spec" marketplace-readiness
scan "readiness-base, profile marketplace-readiness-app" \
    "$roots/readiness-base.spec" marketplace-readiness-app
# Variables reach the probes: another executable passes, a document fails.
opts="--var installer_path=/opt/app/bin/app"
scan "readiness-base, --var installer_path=/opt/app/bin/app" \
    "$roots/readiness-base.spec" marketplace-readiness-app
opts="--var installer_path=/opt/app/docs/health.md"
scan "readiness-base, --var installer_path=/opt/app/docs/health.md" \
    "$roots/readiness-base.spec" marketplace-readiness-app \
    readiness-installer-executable=fail
opts=

# One failing fixture per rule: FIXTURE [OTHER=STATUS...], where the others
# are the rules the same change cannot help breaking too (RULE--VARIANT is
# another fixture of RULE). The profile is
# the pack's, from the rule id's prefix.
while read -r fixture others; do
	case $fixture in
	''|'#'*) continue ;;
	esac
	case $fixture in
	azure-*)	profile=marketplace-azure ;;
	aws-*)		profile=marketplace-aws ;;
	gcp-*)		profile=marketplace-gcp ;;
	readiness-*)	profile=marketplace-readiness ;;
	*)		profile=unknown ;;
	esac
	# shellcheck disable=SC2086 # others are single words
	scan "fail/$fixture" "$roots/fail/$fixture.spec" "$profile" \
	    "${fixture%%--*}=fail" $others
done <<'TABLE'
azure-bash-history-cleared
azure-linux-agent-installed
azure-linux-agent-enabled
azure-linux-agent-auto-update
azure-no-swap-on-os-disk
azure-resource-disk-swap-configured
azure-single-root-partition
azure-kernel-console-ttys0
azure-kernel-earlyprintk-ttys0
azure-openssl-installed
azure-python-installed
azure-sshd-client-alive-interval
azure-os-64-bit
azure-no-ssh-host-keys
azure-no-nameservers
azure-no-password-hashes
azure-no-leftover-users
azure-no-authorized-keys
azure-udf-module-loadable
azure-vfat-module-loadable
azure-ssh-server-enabled
aws-sshd-password-authentication-disabled
aws-no-password-hashes
aws-no-private-keys
aws-no-cloud-credentials
aws-no-authorized-keys
aws-sshd-root-password-login-disabled
# A password hash on root is also a password hash.
aws-root-locked	aws-no-password-hashes=fail
# An empty password field is not a locked one either.
aws-root-password-not-blank	aws-root-locked=fail
aws-os-not-eol
aws-no-ssh-host-keys
aws-shell-history-removed
aws-os-64-bit
aws-no-encrypted-filesystems
aws-ssh-server-reachable
aws-sshd-use-dns-disabled
gcp-guest-environment-installed
gcp-serial-console
gcp-no-qemu-guest-agent
gcp-os-not-eol
gcp-ssh-host-keys-cleared
# /root/.ssh is itself something the builder would have deleted.
gcp-root-authorized-keys-removed	gcp-root-home-clean=fail
gcp-no-leftover-users
gcp-var-log-empty
gcp-root-home-clean
readiness-installer-executable
readiness-support-scripts-present
readiness-health-probe
readiness-housekeeping-scheduled
# Only names logrotate and cron skip (app.dpkg-dist, app~, cron.d/app.sh).
readiness-housekeeping-scheduled--skipped-names
readiness-logging-configured
# a binary built with -g has a symbol table too
readiness-no-debug-symbols	readiness-binaries-stripped=fail
readiness-binaries-stripped
readiness-no-reverse-tunnel-packages
readiness-no-reverse-tunnel-services
readiness-no-secrets
readiness-apt-archives-pruned
readiness-apt-lists-pruned
TABLE

# gcp-product-annotation reads the image manifest, which a directory does
# not have: two minimal OCI layouts, with and without the annotation.
cat >"$tmp/mkoci.py" <<'PY2'
import hashlib, io, json, os, sys, tarfile
out, annotate = sys.argv[1], sys.argv[2] == "yes"
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs)
def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return "sha256:" + d, len(data)
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    data = b'ID=debian\nVERSION_ID="12"\n'
    ti = tarfile.TarInfo("etc/os-release")
    ti.size, ti.mode = len(data), 0o644
    t.addfile(ti, io.BytesIO(data))
layer, lsize = put(buf.getvalue())
config = {"architecture": "amd64", "os": "linux", "config": {},
          "rootfs": {"type": "layers", "diff_ids": [layer]},
          "history": [{"created_by": "COPY os-release /etc/"}]}
cdig, csize = put(json.dumps(config).encode())
manifest = {"schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": cdig, "size": csize},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                        "digest": layer, "size": lsize}]}
if annotate:
    manifest["annotations"] = {
        "com.googleapis.cloudmarketplace.product.service.name":
        "services/fixture.endpoints.example.cloud.goog"}
mdig, msize = put(json.dumps(manifest).encode())
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json",
         "digest": mdig, "size": msize}]}, f)
PY2
for a in yes:pass no:fail; do
	: >"$tmp/why"
	rm -rf "$tmp/oci"
	if ! "$python3" "$tmp/mkoci.py" "$tmp/oci" "${a%%:*}" >"$tmp/why" 2>&1
	then
		notok "oci layout, annotation ${a%%:*} (python3)"
		continue
	fi
	# shellcheck disable=SC2086 # packs are single words
	"$ASSAY" scan $packs --profile marketplace-gcp --fail-on none \
	    --format "json=$tmp/out.json" "$tmp/oci" >/dev/null 2>"$tmp/why"
	if "$python3" - "$tmp/out.json" "${a#*:}" >>"$tmp/why" 2>&1 <<'PY2'
import json, sys
st = {r["rule"]: r["status"] for r in json.load(open(sys.argv[1]))["results"]}
got = st.get("gcp-product-annotation")
if got != sys.argv[2]:
    print("gcp-product-annotation: %s, want %s" % (got, sys.argv[2]))
    sys.exit(1)
PY2
	then
		ok "oci layout, annotation ${a%%:*}: gcp-product-annotation ${a#*:}"
	else
		notok "oci layout, annotation ${a%%:*}: gcp-product-annotation ${a#*:}"
	fi
done

# The combined CIS profiles: cscan NAME SPEC PROFILE MARKETPLACE-PROFILE
# [-EXCLUDED...] [RULE=STATUS...]. The excluded CIS rules are neither in
# the profile nor in the results, every marketplace rule is, with its
# usual status (pass, notchecked, notapplicable) unless named; the other
# CIS rules are not judged here (the CIS pack has its own tests).
cat >"$tmp/combined.py" <<'PY2'
import json, sys
IMAGE_ONLY = {"gcp-product-annotation"}
report, combined, market = sys.argv[1:4]
excluded = [a[1:] for a in sys.argv[4:] if a.startswith("-")]
want = dict(a.split("=", 1) for a in sys.argv[4:] if "=" in a)
results = {r["rule"]: r for r in json.load(open(report))["results"]}
ids = {r["id"] for r in json.load(open(combined))}
errors = []
for rid in excluded:
    if rid in ids or rid in results:
        errors.append("%s: excluded, but in the profile" % rid)
for rule in json.load(open(market)):
    rid = rule["id"]
    if rid not in ids:
        errors.append("%s: marketplace rule missing from the profile" % rid)
        continue
    want.setdefault(rid, "notchecked" if rule["manual"] else
                    "notapplicable" if rid in IMAGE_ONLY else "pass")
for rid, st in want.items():
    got = results.get(rid, {}).get("status")
    if got != st:
        errors.append("%s: %s, want %s" % (rid, got, st))
if not any(r.startswith("cis-") for r in ids):
    errors.append("no CIS rule in the profile")
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY2
cscan()
{
	name=$1 spec=$2 profile=$3 market=$4
	shift 4
	: >"$tmp/why"
	if ! rules "$profile" || ! rules "$market"; then
		notok "$name (assay rules)"
		return
	fi
	if ! build_root "$spec" "$roots" >"$tmp/why" 2>&1; then
		notok "$name (mkroot)"
		return
	fi
	# shellcheck disable=SC2086 # packs are single words
	"$ASSAY" scan $packs --profile "$profile" --fail-on none \
	    --format "json=$tmp/out.json" "$tmp/root" >/dev/null 2>"$tmp/why"
	if "$python3" "$tmp/combined.py" "$tmp/out.json" "$tmp/rules-$profile.json" \
	    "$tmp/rules-$market.json" "$@" >"$tmp/why" 2>&1; then
		ok "$name"
	else
		notok "$name"
	fi
}
if [ -d "$pol/cis-debian12" ]; then
	hostkeys="-cis-sshd-private-host-keys -cis-sshd-public-host-keys"
	# shellcheck disable=SC2086 # single words
	cscan "cis-debian12-l1-azure on azure-base" "$roots/azure-base.spec" \
	    cis-debian12-l1-azure marketplace-azure \
	    -cis-kmod-udf-disabled $hostkeys cis-sshd-client-alive=pass
	# The profile sets sshd_client_alive_interval_max to 235, so the CIS
	# rule fails with the Azure one on 300 seconds.
	# shellcheck disable=SC2086 # single words
	cscan "cis-debian12-l1-azure on fail/azure-sshd-client-alive-interval" \
	    "$roots/fail/azure-sshd-client-alive-interval.spec" \
	    cis-debian12-l1-azure marketplace-azure \
	    -cis-kmod-udf-disabled $hostkeys \
	    azure-sshd-client-alive-interval=fail cis-sshd-client-alive=fail
	# shellcheck disable=SC2086 # single words
	cscan "cis-debian12-l1-aws on aws-base" "$roots/aws-base.spec" \
	    cis-debian12-l1-aws marketplace-aws $hostkeys
	# GCP keeps the CIS host key rules: empty key files are still checked.
	cscan "cis-debian12-l1-gcp on gcp-base" "$roots/gcp-base.spec" \
	    cis-debian12-l1-gcp marketplace-gcp \
	    cis-sshd-private-host-keys=notapplicable
	# Level 2 has the udf rule, so there the exclusion bites.
	# shellcheck disable=SC2086 # single words
	cscan "cis-debian12-l2-azure on fail/azure-udf-module-loadable" \
	    "$roots/fail/azure-udf-module-loadable.spec" \
	    cis-debian12-l2-azure marketplace-azure \
	    -cis-kmod-udf-disabled $hostkeys azure-udf-module-loadable=fail
	# shellcheck disable=SC2086 # single words
	cscan "cis-debian12-l2-aws on aws-base" "$roots/aws-base.spec" \
	    cis-debian12-l2-aws marketplace-aws $hostkeys
	cscan "cis-debian12-l2-gcp on gcp-base" "$roots/gcp-base.spec" \
	    cis-debian12-l2-gcp marketplace-gcp \
	    cis-sshd-private-host-keys=notapplicable
fi

# Every automated rule has a failing fixture, and every fixture is in the
# table above.
: >"$tmp/why"
for p in azure aws gcp readiness; do
	rules "marketplace-$p" || echo "assay rules marketplace-$p failed"
done >>"$tmp/why"
"$python3" - "$tmp" "$roots/fail" "$0" >>"$tmp/why" 2>&1 <<'PY'
import json, os, re, sys
IMAGE_ONLY = {"gcp-product-annotation"}	# tested on an OCI layout
tmp, faildir, script = sys.argv[1:4]
with open(script) as f:
    table = set(re.findall(r"^([a-z][a-z0-9-]+)(?:\s|$)", f.read(), re.M))
ids = set()
for p in ("azure", "aws", "gcp", "readiness"):
    with open(os.path.join(tmp, "rules-marketplace-%s.json" % p)) as f:
        for r in json.load(f):
            if r["pack"] != "marketplace-" + p:
                continue
            ids.add(r["id"])
            if r["manual"] or r["id"] in IMAGE_ONLY:
                continue
            if not os.path.exists(os.path.join(faildir, r["id"] + ".spec")):
                print("rule %s has no fail/%s.spec" % (r["id"], r["id"]))
            if r["id"] not in table:
                print("rule %s is not in the table" % r["id"])
for name in sorted(os.listdir(faildir)):
    if name.endswith(".spec") and name[:-5].split("--")[0] not in ids:
        print("fail/%s names no rule" % name)
PY
ok_unless_why "fixture coverage"
finish
