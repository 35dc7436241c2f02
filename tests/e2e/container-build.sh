#!/bin/sh
# container-build.sh -- the container image of assay itself (Containerfile)
# builds with buildah, passes its own container-image gate and runs.
#
# No registry is reachable here, so the build base is made locally: the
# cached `debootstrap --variant=minbase bookworm` root (tests/e2e/
# bookworm.sh, shared with deb.sh) is committed as localhost/debian:12 and
# passed as BUILD_IMAGE with --pull=never; the runtime stage is FROM
# scratch. The build stage fetches the Build-Depends from the Debian
# mirror (apt's downloads are kept in $ASSAY_DEB_CHROOT/../apt-archives,
# so a second run fetches nothing). buildah uses the vfs driver and chroot
# isolation under a scratch directory, as fixtures/images/build.sh does.
#
# Checked: the image config (numeric non-root User, OCI labels with the
# version of configure.ac and a source, no licenses label, ENTRYPOINT
# assay, no Healthcheck); its files (usr/bin holds assay alone: no shell,
# no package manager); the built assay's scan of the oci-archive and of
# the docker-archive (exit 0 with the default gate and with --fail-on
# medium; the only failing rule is container-healthcheck, which the
# Containerfile explains); `buildah run` of the image as README.md shows
# it: --version, the packs it finds, a directory target mounted read-only
# (the report it writes is owned by uid 65532; its root-only files are
# errors; with --user 0 the counts are the host binary's), an image
# archive; and a
# copy of the image switched to root with an empty source label, which
# the gate at medium must fail (exit 1).
#
# Prints the build time and the image sizes (the closing note of issue
# 17 quotes them). Needs root, buildah and debootstrap (autotools/
# deps.sh); skips (77) without them, except under CI=true, where it fails.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
top_srcdir=$(cd "$top_srcdir" && pwd)
. "$top_srcdir/tests/e2e/lib.sh"
# shellcheck source=tests/e2e/bookworm.sh
. "$top_srcdir/tests/e2e/bookworm.sh"
e2e_require assay root python3
for tool in buildah debootstrap; do
	command -v "$tool" >/dev/null 2>&1 || e2e_skip "$tool not installed"
done
e2e_setup
B="buildah --storage-driver vfs --root $tmp/storage --runroot $tmp/run"
export BUILDAH_ISOLATION=chroot
cleanup() {
	$B rm --all >/dev/null 2>&1
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

version=$(sed -n 's/^AC_INIT(\[assay\], \[\([^]]*\)\].*/\1/p' \
    "$top_srcdir/configure.ac")
[ -n "$version" ] || { echo "FAIL: no version in configure.ac"; exit 1; }
img=localhost/assay:$version

# 1. The local base image, from the cached bookworm root.
e2e_bookworm "$tmp" || exit 1
ctr=$($B from scratch) && mnt=$($B mount "$ctr") &&
    cp -a "$bookworm/." "$mnt/" && $B umount "$ctr" >/dev/null &&
    $B config --os linux --cmd /bin/bash "$ctr" &&
    $B commit -q "$ctr" localhost/debian:12 >/dev/null &&
    $B rm "$ctr" >/dev/null || {
	echo "FAIL: committing the bookworm root as localhost/debian:12"
	exit 1
}

# 2. The image, as a user builds it (plus the base and the apt cache).
apt=$(dirname "$ASSAY_DEB_CHROOT")/apt-archives
mkdir -p "$apt/partial"
# Each RUN step's start (seconds into the build) goes to the log, so it
# shows where the build time goes.
start=$(date +%s)
{
	$B bud --pull=never --format oci \
	    --build-arg BUILD_IMAGE=localhost/debian:12 \
	    --build-arg "VERSION=$version" \
	    --build-arg SOURCE_URL=https://example.invalid/assay \
	    -v "$apt:/var/cache/apt/archives" \
	    -t "$img" -f "$top_srcdir/Containerfile" "$top_srcdir" 2>&1
	echo "$?" >"$tmp/bud.rc"
} | while IFS= read -r line; do
	case $line in
	*STEP*RUN*|*COMMIT*)
		echo "$(($(date +%s) - start)) s: $line" | cut -c1-72 ;;
	esac
	printf '%s\n' "$line" >>"$tmp/bud.log"
done
if [ "$(cat "$tmp/bud.rc")" != 0 ]; then
	tail -n 40 "$tmp/bud.log"
	echo "FAIL: buildah bud of the Containerfile"
	exit 1
fi
echo "built $img in $(($(date +%s) - start)) s"
mkdir "$tmp/out"
$B push -q "$img" "oci-archive:$tmp/out/assay.oci.tar" &&
    $B push -q "$img" "docker-archive:$tmp/out/assay.docker.tar:$img" || {
	echo "FAIL: buildah push"
	exit 1
}
echo "image size: $($B images --format '{{.Size}}' "$img")" \
    "(buildah images); oci-archive (gzip layers)" \
    "$(wc -c <"$tmp/out/assay.oci.tar") bytes, docker-archive" \
    "$(wc -c <"$tmp/out/assay.docker.tar") bytes"

# 3. The config: what runtimes and the pack read.
$B inspect --type image "$img" >"$tmp/inspect.json"
: >"$tmp/why"
python3 - "$tmp/inspect.json" "$version" >"$tmp/why" 2>&1 <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))["OCIv1"]["config"]
lab = c.get("Labels") or {}
def want(ok, what):
    if not ok:
        print(what)
want(c.get("User") == "65532:65532", "User is %r, not 65532:65532"
     % c.get("User"))
want(lab.get("org.opencontainers.image.version") == sys.argv[2],
     "version label %r, configure.ac says %s"
     % (lab.get("org.opencontainers.image.version"), sys.argv[2]))
for k in ("source", "title", "description"):
    want(lab.get("org.opencontainers.image." + k),
         "no org.opencontainers.image.%s label" % k)
want("org.opencontainers.image.licenses" not in lab,
     "a licenses label, but the repository states no license")
want(c.get("Entrypoint") == ["assay"], "Entrypoint %r" % c.get("Entrypoint"))
want("Healthcheck" not in c, "an OCI config with a Healthcheck")
EOF
ok_unless_why "config: User 65532:65532, OCI labels, ENTRYPOINT assay"

# Its one layer: usr/bin holds assay alone, nothing setuid, no shell.
: >"$tmp/why"
mkdir "$tmp/x"
tar -xf "$tmp/out/assay.docker.tar" -C "$tmp/x" || echo "untar" >"$tmp/why"
for l in $(python3 -c 'import json, sys
print(" ".join(json.load(open(sys.argv[1]))[0]["Layers"]))' \
    "$tmp/x/manifest.json"); do
	tar -tvf "$tmp/x/$l"
done >"$tmp/files"
bins=$(awk '$NF ~ /^(\.\/)?(usr\/)?s?bin\/./ { print $NF }' "$tmp/files")
[ "$bins" = usr/bin/assay ] || echo "binaries: $bins" >>"$tmp/why"
awk '$1 ~ /^-..[sS]|^-.....[sS]/ { print "setuid/setgid: " $NF }' \
    "$tmp/files" >>"$tmp/why"
grep -q ' usr/share/assay/policies/container-image/pack.yaml$' \
    "$tmp/files" || echo "no container-image pack" >>"$tmp/why"
grep -q ' etc/ssl/certs/ca-certificates.crt$' "$tmp/files" ||
    echo "no CA bundle" >>"$tmp/why"
ok_unless_why "files: usr/bin/assay alone, the packs, the CA bundle ($(grep \
    -c '^-' "$tmp/files") files)"

# 4. Its own gate, scanned by the assay under test.
scan() {
	want=$1
	shift
	: >"$tmp/why"
	"$ASSAY" scan --format text --format "json=$tmp/r.json" "$@" \
	    >"$tmp/scan.txt" 2>&1
	rc=$?
	[ "$rc" -eq "$want" ] || {
		echo "exit $rc, expected $want"
		tail -n 5 "$tmp/scan.txt"
	} >>"$tmp/why"
}
# failed RULE...: the failing rules of $tmp/r.json are exactly RULE...
failed() {
	got=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted(x["rule"] for x in r["results"]
    if x["status"] in ("fail", "error"))))' "$tmp/r.json")
	[ "$got" = "$*" ] || echo "failing: $got; expected: $*" >>"$tmp/why"
}
scan 0 --profile container-image "$tmp/out/assay.oci.tar"
failed container-healthcheck
grep -q '^verdict: pass' "$tmp/scan.txt" || echo "no pass verdict" >>"$tmp/why"
ok_unless_why "oci-archive passes --profile container-image (exit 0)"
scan 0 --profile container-image --fail-on medium \
    "$tmp/out/assay.docker.tar"
failed container-healthcheck
ok_unless_why "docker-archive passes container-image --fail-on medium"
sed -n '/^verdict/p; /^[0-9]* rules:/p' "$tmp/scan.txt"

# 5. The image runs, as README.md's Install section shows.
sh "$mkroot" "$top_srcdir/fixtures/demo/demo.spec" "$tmp/root" \
    >"$tmp/why" 2>&1 || { notok "mkroot demo.spec"; finish; }
mkdir "$tmp/reports"
chown 65532:65532 "$tmp/reports"
chmod 0700 "$tmp/reports"
ctr=$($B from --pull=never "$img") || { echo "FAIL: buildah from"; exit 1; }
# run [--user U] COMMAND...: COMMAND in the image, with the demo root on
# /target (read-only), the archives on /in and a report directory.
run() {
	user=
	[ "$1" != --user ] || { user="--user $2"; shift 2; }
	# shellcheck disable=SC2086 # $user is empty or two words
	$B run $user -v "$tmp/root:/target:ro" -v "$tmp/out:/in:ro" \
	    -v "$tmp/reports:/reports" "$ctr" -- "$@"
}
: >"$tmp/why"
out=$(run assay --version 2>&1)
[ "$out" = "assay $version" ] || echo "--version: $out" >"$tmp/why"
run assay profiles 2>&1 | grep -q '^container-image ' ||
    echo "assay profiles lists no container-image" >>"$tmp/why"
ok_unless_why "run: assay --version, the packs in /usr/share/assay/policies"

: >"$tmp/why"
run assay scan --format text --format json=/reports/r.json /target \
    >"$tmp/scan.txt" 2>&1
rc=$?
[ "$rc" -le 1 ] || echo "scan /target: exit $rc" >>"$tmp/why"
grep -q '^verdict: ' "$tmp/scan.txt" || echo "no verdict" >>"$tmp/why"
[ "$(stat -c %u "$tmp/reports/r.json" 2>&1)" = 65532 ] ||
    echo "report not written by uid 65532" >>"$tmp/why"
ok_unless_why "run: scan of a read-only /target as uid 65532 (exit $rc)"
# As uid 65532 the root-only files of a root file system (sshd_config is
# 0600) cannot be read: those rules are errors, never passes. With
# --user 0 (README.md) the verdicts are the host binary's, to the count.
: >"$tmp/why"
grep -q 'cannot read /etc/ssh/sshd_config: permission denied' \
    "$tmp/scan.txt" || echo "no permission-denied error as uid 65532" \
    >>"$tmp/why"
run --user 0:0 assay scan /target >"$tmp/scan0.txt" 2>&1
rc0=$?
"$ASSAY" scan "$tmp/root" >"$tmp/host.txt" 2>&1
in=$(grep '^[0-9]* rules:' "$tmp/scan0.txt")
host=$(grep '^[0-9]* rules:' "$tmp/host.txt")
if [ -z "$in" ] || [ "$in" != "$host" ]; then
	echo "--user 0 (exit $rc0): \"$in\"; the host binary: \"$host\"" \
	    >>"$tmp/why"
	# what the run printed instead, buildah's own errors included
	[ -n "$in" ] || tail -5 "$tmp/scan0.txt" >>"$tmp/why"
fi
ok_unless_why "run: uid 65532 cannot read sshd_config (error); --user 0\
 counts as the host binary: $in"
: >"$tmp/why"
run assay scan --profile container-image /in/assay.oci.tar \
    >"$tmp/scan.txt" 2>&1 || echo "self-scan from inside: exit $?" \
    >"$tmp/why"
ok_unless_why "run: the image scans its own archive (exit 0)"
$B rm "$ctr" >/dev/null

# 6. The gate is not a rubber stamp: the same image as root, with an
# empty source label, fails at --fail-on medium.
ctr=$($B from --pull=never "$img") &&
    $B config --user 0 --label org.opencontainers.image.source= "$ctr" &&
    $B commit -q "$ctr" localhost/assay-root >/dev/null &&
    $B push -q localhost/assay-root "oci-archive:$tmp/out/root.oci.tar" ||
    { echo "FAIL: committing the root variant"; exit 1; }
scan 1 --profile container-image --fail-on medium "$tmp/out/root.oci.tar"
failed container-healthcheck container-user-not-root image-labels-present
ok_unless_why "root variant fails container-image --fail-on medium (exit 1)"

finish
