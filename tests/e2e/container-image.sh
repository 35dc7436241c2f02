#!/bin/sh
# container-image.sh -- scan images built by buildah with the
# container-image pack and check every rule's verdict.
#
# fixtures/images/build.sh builds (or reuses, keyed by a hash of the
# fixture files) a good image and six bad ones, each exported as a
# docker-archive and an OCI archive, plus the good image as an OCI layout
# and as an OCI archive with zstd layers. Each archive is scanned with
# `--policy policies/container-image --format json`, and python3 checks,
# rule by rule, that:
#   - the good image passes every automated rule (manual rules are
#     notchecked); in its OCI forms it fails only container-healthcheck,
#     because OCI image configs have no Healthcheck field;
#   - each bad image fails exactly the rules it was built to break (see
#     the comment at the top of its Containerfile) and passes the others;
#   - no report holds the fixture secrets' values;
#   - on a directory target the image-config rules are notapplicable;
#   - evidence about a file names the layer it comes from and that
#     layer's build step (JSON fields, and in the text report), except
#     where the message already says it (files a later layer hid);
#   - the image ID and OCI manifest digest in the reports are the ones
#     skopeo computes from the same archives;
#   - every archive scanned again with --no-verify gives the same verdicts
#     and evidence, and only that report says the layer digests were not
#     verified;
#   - every retained path of every fixture image (and of the links image,
#     which holds each kind of symlink and hard link) reads, through
#     tests/e2e/image_read, the bytes GNU tar unpacks from its layers.
#
# Skips (77) without buildah/skopeo/busybox-static, when not root (buildah
# with vfs + chroot isolation needs root), without python3, or while
# `assay scan` cannot open image archives yet.

set -u

ASSAY=${ASSAY:-${top_builddir:-.}/assay}
top_srcdir=${top_srcdir:-.}
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"
POLICY=$top_srcdir/policies/container-image
IMAGES=${ASSAY_FIXTURE_IMAGES:-${TMPDIR:-/tmp}/assay-fixture-images}

skip() {
	e2e_skip "$@"
}

if ! [ -x "$ASSAY" ] || ! "$ASSAY" --version >/dev/null 2>&1; then
	skip "$ASSAY does not run yet"
fi
command -v python3 >/dev/null 2>&1 || skip "python3 is needed"
command -v buildah >/dev/null 2>&1 && command -v skopeo >/dev/null 2>&1 ||
	skip "buildah or skopeo is not installed" \
	    "(apt-get install buildah skopeo busybox-static)"
[ "$(id -u)" = 0 ] || skip "building the fixture images needs root"

sh "$top_srcdir/fixtures/images/build.sh" "$IMAGES"
rc=$?
[ $rc -eq 77 ] && skip "fixtures/images/build.sh cannot run here"
if [ $rc -ne 0 ]; then
	echo "FAIL: fixtures/images/build.sh exited $rc"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/assay-ci.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# Until the image target exists, a tarball is "not a directory".
"$ASSAY" scan --policy "$POLICY" --format json="$tmp/probe.json" \
    "$IMAGES/good.docker.tar" >/dev/null 2>"$tmp/probe.err"
if [ $? -eq 3 ] &&
    grep -q 'not a directory or a supported image archive' "$tmp/probe.err"
then
	skip "assay cannot open image archives yet: $(cat "$tmp/probe.err")"
fi

# A small root directory: image rules must be notapplicable there.
mkdir -p "$tmp/dir/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tmp/dir/etc/passwd"
printf 'root:x:0:\n' >"$tmp/dir/etc/group"
printf 'root:*:19700:0:99999:7:::\n' >"$tmp/dir/etc/shadow"

scans=""
scan() {	# scan NAME TARGET
	"$ASSAY" scan --policy "$POLICY" --format json="$tmp/$1.json" \
	    --format text="$tmp/$1.txt" "$2" >/dev/null 2>"$tmp/$1.err"
	echo "$?" >"$tmp/$1.rc"
	# the same without the digest checks
	"$ASSAY" scan --no-verify --policy "$POLICY" \
	    --format json="$tmp/$1.nv.json" "$2" >/dev/null 2>&1
	echo "$?" >"$tmp/$1.nv.rc"
	scans="$scans $1"
}
for name in good bad-root bad-accounts bad-config bad-secrets bad-history \
    bad-files; do
	scan "$name.docker" "$IMAGES/$name.docker.tar"
	scan "$name.oci" "$IMAGES/$name.oci.tar"
done
scan good.oci-layout "$IMAGES/good.oci-layout"
scan good.zstd "$IMAGES/good.zstd.oci.tar"
scan dir "$tmp/dir"

# Deleted is not gone: a content rule with hidden: true reads the lines
# of the private key bad-secrets adds in one layer and deletes in the
# next, and says which layer and step still ship it.
cat >"$tmp/hidden.yaml" <<'POLICY'
policy: hidden-content
version: 1.0.0
title: hidden content test policy
rules:
  - id: no-private-keys-in-any-layer
    title: No private key in any layer
    severity: high
    check:
      content:
        path: /root/.ssh/*
        not_matches: PRIVATE KEY
        hidden: true
        missing: pass
POLICY
extra_fails=0
# The image ID and manifest digest in the report are the ones skopeo
# computes from the same archives.
want_id=sha256:$(skopeo inspect --config --raw \
    "docker-archive:$IMAGES/good.docker.tar" | sha256sum | cut -d' ' -f1)
want_mf=sha256:$(skopeo inspect --raw "oci-archive:$IMAGES/good.oci.tar" |
    sha256sum | cut -d' ' -f1)
if ! grep -q "\"image_id\": \"$want_id\"" "$tmp/good.docker.json"; then
	echo "FAIL: good.docker: image_id is not $want_id"
	extra_fails=$((extra_fails + 1))
fi
if ! grep -q "\"manifest_digest\": \"$want_mf\"" "$tmp/good.oci.json"; then
	echo "FAIL: good.oci: manifest_digest is not $want_mf"
	extra_fails=$((extra_fails + 1))
fi
if ! grep -q "^image id $want_id\$" "$tmp/good.docker.txt"; then
	echo "FAIL: good.docker: the text report lacks 'image id $want_id'"
	extra_fails=$((extra_fails + 1))
fi
found='present in layer [0-9]* (created by: .*mkdir -p /root/.ssh.*),'
found="$found deleted by a later layer .* still shipped in the image;"
found="$found forbidden \`PRIVATE KEY\` matches: -----BEGIN OPENSSH"
for name in bad-secrets good; do
	"$ASSAY" scan --policy "$tmp/hidden.yaml" --format json="$tmp/h.json" \
	    "$IMAGES/$name.docker.tar" >/dev/null 2>"$tmp/h.err"
	rc=$?
	want=0
	[ "$name" = bad-secrets ] && want=1
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: hidden content, $name: exit $rc, want $want:" \
		    "$(cat "$tmp/h.err")"
		extra_fails=$((extra_fails + 1))
	elif [ "$want" -eq 1 ] && { ! grep -q '"path": "/root/.ssh/id_rsa"' \
	    "$tmp/h.json" || ! grep -q "$found" "$tmp/h.json"; }; then
		echo "FAIL: hidden content, $name: no finding on the deleted" \
		    "key with its layer: $(head -c 600 "$tmp/h.json")"
		extra_fails=$((extra_fails + 1))
	fi
done

# Every retained path reads the bytes a runtime unpacks (issue 9 item 2):
# each fixture image's layers are applied by GNU tar in a temp dir (a
# whiteout removes its name, an opaque marker its directory's contents,
# before the layer is extracted), every regular file a retained path
# reaches there (busybox find -L inside a chroot, so symlinks resolve
# inside the image) is hashed by busybox sha256sum, and tests/e2e/image_read
# must read the same bytes from the archive. The links image holds each
# link kind and order (fixtures/images/links/Containerfile).
READ=${top_builddir:-.}/tests/e2e/image_read
RETAINED="/etc /root /usr/lib/os-release /var/lib/dpkg/status
/var/lib/dpkg/status.d /lib/apk/db/installed /boot/grub /usr/lib/sysctl.d
/lib/sysctl.d /usr/lib/systemd/system /lib/systemd/system"

# flatten IMAGE DIR: the layers of IMAGE (archive or layout) applied in DIR
flatten() {
	rm -rf "$2" "$2.x"
	mkdir -p "$2" "$2.x"
	if [ -d "$1" ]; then
		cp -R "$1/." "$2.x/"
	else
		tar -xf "$1" -C "$2.x" || return 1
	fi
	python3 - "$2.x" >"$2.layers" <<'PY' || return 1
import json, os, sys
d = sys.argv[1]
if os.path.exists(os.path.join(d, "manifest.json")):
    for l in json.load(open(os.path.join(d, "manifest.json")))[0]["Layers"]:
        print(os.path.join(d, l))
else:
    idx = json.load(open(os.path.join(d, "index.json")))
    blob = lambda dg: os.path.join(d, "blobs", "sha256", dg.split(":")[1])
    mf = json.load(open(blob(idx["manifests"][0]["digest"])))
    for l in mf["layers"]:
        print(blob(l["digest"]))
PY
	while read -r layer; do
		# Only the whiteout members (few) reach the shell loop: a
		# dirname/basename pair per member of every layer was most of
		# this test's time.
		tar -tf "$layer" | grep '\(^\|/\)\.wh\.' | while read -r m; do
			dir=$(dirname "$m")
			base=$(basename "$m")
			case $base in
			.wh..wh..opq)
				find "$2/$dir" -mindepth 1 -maxdepth 1 \
				    -exec rm -rf {} + ;;
			.wh.?*)
				rm -rf "${2:?}/$dir/${base#.wh.}" ;;
			esac
		done
		tar -xf "$layer" -C "$2" --numeric-owner || return 1
		find "$2" -name '.wh.?*' -exec rm -rf {} +
	done <"$2.layers"
}

compared=0
for img in "$IMAGES"/*.docker.tar "$IMAGES"/*.oci.tar \
    "$IMAGES/good.oci-layout"; do
	name=${img##*/}
	flat=$tmp/flat
	if ! flatten "$img" "$flat"; then
		echo "FAIL: $name: cannot apply its layers with tar"
		extra_fails=$((extra_fails + 1))
		continue
	fi
	roots=""
	for r in $RETAINED; do
		[ -e "$flat$r" ] && roots="$roots $r"
	done
	# shellcheck disable=SC2086 # one argument per root
	chroot "$flat" /bin/busybox find -L $roots -type f -size -1025k \
	    -exec /bin/busybox sha256sum {} + 2>/dev/null |
	    awk '{ print "ok " $1 " " $2 }' | sort >"$tmp/want"
	cut -d' ' -f3 "$tmp/want" | "$READ" "$img" | sort >"$tmp/got"
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "FAIL: $name: assay reads other bytes than tar unpacks:"
		diff "$tmp/want" "$tmp/got" | head -20
		extra_fails=$((extra_fails + 1))
	fi
	compared=$((compared + $(wc -l <"$tmp/want")))
	case $name in links.*)
		for p in /etc/os-release /etc/l-abs /etc/l-rel /etc/l-chain \
		    /etc/l-dir/x /etc/l-hard /etc/l-hard2 /etc/l-before \
		    /etc/alternatives/editor; do
			grep -q " $p\$" "$tmp/got" || {
				echo "FAIL: $name: $p was not compared"
				extra_fails=$((extra_fails + 1))
			}
		done
	esac
done
echo "container-image.sh: $compared retained files read as tar unpacks them"
[ "$compared" -ge 100 ] || {
	echo "FAIL: only $compared retained files compared"
	extra_fails=$((extra_fails + 1))
}

# shellcheck disable=SC2086 # one argument per scan
python3 - "$tmp" $scans <<'EOF'
import json
import os
import sys

tmp, scans = sys.argv[1], sys.argv[2:]

MANUAL = {
    "image-trusted-base-image", "image-no-unnecessary-packages",
    "image-scanned-and-rebuilt", "docker-content-trust-enabled",
    "image-verified-packages-only", "image-signed-artifacts-validated",
}
# What each image was built to break (its Containerfile says why).
BREAKS = {
    "good": set(),
    "bad-root": {"container-user-not-root"},
    "bad-accounts": {"container-user-not-root", "image-no-empty-passwords",
                     "image-unique-uids"},
    "bad-config": {"container-healthcheck", "image-labels-present",
                   "image-no-remote-access-ports"},
    "bad-secrets": {"image-no-secrets-in-env",
                    "image-no-deleted-secret-files"},
    "bad-history": {"image-no-update-alone", "image-copy-not-add",
                    "image-no-sudo", "image-no-remote-pipe-to-shell"},
    "bad-files": {"image-no-setuid-setgid", "image-no-secret-files",
                  "image-no-ssh-host-keys", "image-no-sshd-binary",
                  "image-no-ssh-server-package", "image-no-apt-cache",
                  "image-no-apk-cache"},
}
# Rules read from the image config or history: notapplicable on a dir.
IMAGE_ONLY = {
    "container-user-not-root", "container-healthcheck",
    "image-no-update-alone", "image-copy-not-add",
    "image-no-secrets-in-env", "image-no-deleted-secret-files",
    "image-no-sudo", "image-no-remote-pipe-to-shell",
    "image-labels-present", "image-no-remote-access-ports",
}
# Values the probes judged; they must never be printed.
SECRETS = ["fixture-not-a-real-password", "AKIAIOSFODNN7EXAMPLE"]
KINDS = {"docker": "docker-archive", "oci": "oci-archive",
         "oci-layout": "oci-layout", "zstd": "oci-archive", "dir": "dir"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def load(name):
    rc = int(open(os.path.join(tmp, name + ".rc")).read())
    err = open(os.path.join(tmp, name + ".err")).read().strip()
    if rc not in (0, 1):
        fail("%s: assay exited %d: %s" % (name, rc, err))
        return None
    return json.load(open(os.path.join(tmp, name + ".json")))


def expected(name, rule):
    if rule in MANUAL:
        return "notchecked"
    if name == "dir":
        return "notapplicable" if rule in IMAGE_ONLY else None
    image, form = name.rsplit(".", 1)
    broken = set(BREAKS[image])
    if form != "docker" and image != "bad-config":
        # OCI configs have no Healthcheck: buildah drops it on export.
        broken.add("container-healthcheck")
    return "fail" if rule in broken else "pass"


for name in scans:
    report = load(name)
    if report is None:
        continue
    form = name.rsplit(".", 1)[-1]
    if report["target"]["kind"] != KINDS[form]:
        fail("%s: target kind %s, expected %s" % (name,
             report["target"]["kind"], KINDS[form]))
    seen = set()
    for r in report["results"]:
        rule, status = r["rule"], r["status"]
        seen.add(rule)
        want = expected(name, rule)
        if want is None:
            continue
        if status != want:
            ev = "; ".join(e["message"] for e in r["evidence"][:3])
            fail("%s: %s is %s, expected %s (%s)" % (name, rule, status,
                 want, ev))
        if status == "fail" and not r["evidence"]:
            fail("%s: %s fails without evidence" % (name, rule))
    if name != "dir":
        image = name.rsplit(".", 1)[0]
        for rule in BREAKS[image] - seen:
            fail("%s: rule %s did not run" % (name, rule))
    for ext in (".json", ".txt"):
        text = open(os.path.join(tmp, name + ext)).read()
        for s in SECRETS:
            if s in text:
                fail("%s%s holds the secret %r" % (name, ext, s))

# Evidence about a file names the layer it comes from and its step.
for name in scans:
    if not os.path.exists(os.path.join(tmp, name + ".json")):
        continue
    report = json.load(open(os.path.join(tmp, name + ".json")))
    by_rule = {r["rule"]: r for r in report["results"]}
    tagged = [e for r in report["results"] for e in r["evidence"]
              if "layer" in e]
    if name == "dir":
        if tagged:
            fail("dir: evidence names a layer: %r" % tagged[0])
        continue
    if not tagged:
        fail("%s: no evidence names a layer" % name)
    if name.startswith("bad-files."):
        ev = by_rule["image-no-sshd-binary"]["evidence"][0]
        if not isinstance(ev.get("layer"), int) or \
                "mkdir -p /etc/ssh" not in ev.get("created_by", ""):
            fail("%s: image-no-sshd-binary evidence lacks its layer and "
                 "step: %r" % (name, ev))
        text = open(os.path.join(tmp, name + ".txt")).read()
        if "/usr/sbin/sshd exists (regular file, mode 0755) (expected " \
                "absent, found present) [layer %d: " % ev.get("layer", -1) \
                not in text:
            fail("%s: the text report does not name the layer of "
                 "/usr/sbin/sshd" % name)
    if name.startswith("bad-secrets."):
        ev = by_rule["image-no-deleted-secret-files"]["evidence"][0]
        text = open(os.path.join(tmp, name + ".txt")).read()
        line = [l for l in text.splitlines() if "/root/.ssh/id_rsa:" in l]
        if not isinstance(ev.get("layer"), int) or not line or \
                "[layer" in line[0]:
            fail("%s: the hidden key's evidence: %r / %r" % (name, ev,
                 line))

NOTE = "layer digests not verified (--no-verify)"
for name in scans:
    rc = open(os.path.join(tmp, name + ".nv.rc")).read().strip()
    vrc = open(os.path.join(tmp, name + ".rc")).read().strip()
    if rc != vrc:
        fail("%s --no-verify: exit %s, verified scan %s" % (name, rc, vrc))
        continue
    if rc not in ("0", "1"):
        continue
    v = json.load(open(os.path.join(tmp, name + ".json")))
    nv = json.load(open(os.path.join(tmp, name + ".nv.json")))
    vd, nd = v["target"]["description"], nv["target"]["description"]
    if NOTE in vd:
        fail("%s: the verified scan says %r" % (name, NOTE))
    if name != "dir" and not nd.endswith(", " + NOTE):
        fail("%s --no-verify: description %r lacks %r" % (name, nd, NOTE))

    def verdicts(rep):
        return {r["rule"]: (r["status"], [e["message"] for e in
                r["evidence"]]) for r in rep["results"]}
    if verdicts(v) != verdicts(nv):
        fail("%s --no-verify: verdicts differ from the verified scan" %
             name)

print("container-image.sh: %d scans (and each again with --no-verify), "
      "%d failures" % (len(scans), len(failures)))
sys.exit(1 if failures else 0)
EOF
rc=$?
[ "$extra_fails" -eq 0 ] && exit "$rc"
exit 1
