#!/bin/sh
# deb.sh -- the Debian package: `dpkg-buildpackage -us -uc -b` builds
# assay_*.deb from a copy of the source tree; lintian reports no error and
# no warning but those debian/assay.lintian-overrides justifies; the .deb
# installs with apt into a clean Debian 12 chroot (debootstrap
# --variant=minbase bookworm, cached and copied fresh for each run), and
# there the installed binary finds the packs under
# /usr/share/assay/policies, lists the profiles, and scans the chroot's
# own root with the default linux-baseline profile (exit 0 or 1, a
# verdict); the man page and the bash completion are where their tools
# look.
#
# The chroot is cached in $ASSAY_DEB_CHROOT (default
# $TMPDIR/assay-debootstrap/bookworm-minbase; made once, ~5 minutes with
# the network) and apt fetches the runtime libraries from
# $ASSAY_DEB_MIRROR (default http://deb.debian.org/debian). Needs root,
# dpkg-buildpackage, debhelper, lintian and debootstrap (autotools/deps.sh);
# skips (77) without them, except under CI=true, where it fails.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
top_srcdir=$(cd "$top_srcdir" && pwd)
# shellcheck source=tests/e2e/skip.sh
. "$top_srcdir/tests/e2e/skip.sh"

[ "$(id -u)" -eq 0 ] || e2e_skip "needs root (chroot)"
for tool in dpkg-buildpackage dh lintian debootstrap chroot; do
	command -v "$tool" >/dev/null 2>&1 || e2e_skip "$tool not installed"
done
# shellcheck source=tests/e2e/bookworm.sh
. "$top_srcdir/tests/e2e/bookworm.sh"

tmp=$(mktemp -d) || exit 1
cleanup() {
	umount "$tmp/chroot/proc" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
die() {
	echo "deb.sh: FAIL: $*" >&2
	fail=1
}

# 1. Build from a copy (dh must not touch the developer's tree).
mkdir -p "$tmp/src/assay"
(cd "$top_srcdir" && tar --exclude=./build --exclude='./build-*' \
    --exclude=./node_modules --exclude=./autom4te.cache --exclude=./.git \
    --exclude=./debian/build --exclude=./debian/assay \
    -cf - .) | tar -C "$tmp/src/assay" -xf - || exit 1
start=$(date +%s)
(cd "$tmp/src/assay" && DEB_BUILD_OPTIONS=parallel=2 \
    dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 || {
	tail -n 30 "$tmp/build.log"
	echo "deb.sh: FAIL: dpkg-buildpackage"
	exit 1
}
deb=$(ls "$tmp"/src/assay_*_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "deb.sh: FAIL: no assay_*.deb"; exit 1; }
echo "built $(basename "$deb") in $(($(date +%s) - start)) s," \
    "$(wc -c <"$deb") bytes"
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/assay ./usr/share/man/man1/assay.1.gz \
    ./usr/share/bash-completion/completions/assay \
    ./usr/share/doc/assay/copyright \
    ./usr/share/assay/policies/linux-baseline/pack.yaml; do
	grep -q " $f\$" "$tmp/contents" || die "$f is not in the package"
done

# 2. lintian: no E: or W: line (overrides are applied by lintian itself).
lintian --fail-on none "$tmp"/src/assay_*.changes >"$tmp/lintian" 2>&1
echo "lintian: $(grep -c '^[EW]:' "$tmp/lintian") errors and warnings," \
    "$(grep -c '^I:' "$tmp/lintian") info"
if grep '^[EW]:' "$tmp/lintian"; then
	die "lintian reports errors or warnings"
fi

# 3. A clean Debian 12 chroot, from the cache (tests/e2e/bookworm.sh).
e2e_bookworm "$tmp" || exit 1
c=$tmp/chroot
cp -a "$bookworm" "$c" || exit 1
cp /etc/resolv.conf "$c/etc/resolv.conf" 2>/dev/null
cp "$deb" "$c/tmp/"
mount -t proc proc "$c/proc" || die "mount /proc in the chroot"
in_chroot() {
	chroot "$c" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    DEBIAN_FRONTEND=noninteractive HOME=/root "$@"
}
if ! in_chroot sh -c "apt-get update -qq && apt-get install -y -qq \
    --no-install-recommends /tmp/$(basename "$deb")" >"$tmp/apt.log" 2>&1
then
	tail -n 20 "$tmp/apt.log"
	echo "deb.sh: FAIL: apt-get install of the .deb in the chroot"
	exit 1
fi

# 4. The installed assay, as a user would run it.
in_chroot assay --version >"$tmp/out" 2>&1 || die "assay --version"
in_chroot assay --help | grep -q '(default: /usr/share/assay/policies;' ||
    die "--help does not name /usr/share/assay/policies"
in_chroot assay profiles >"$tmp/profiles" 2>&1 || die "assay profiles"
grep -q '^linux-baseline ' "$tmp/profiles" ||
    die "linux-baseline not among the installed profiles"
in_chroot assay scan --profile linux-baseline --format text \
    --format json=/tmp/r.json / >"$tmp/scan.txt" 2>&1
rc=$?
[ "$rc" -le 1 ] || die "scan of the chroot: exit $rc: $(tail -n 3 "$tmp/scan.txt")"
echo "scan of the chroot with the installed packs (exit $rc):"
tail -n 2 "$tmp/scan.txt"
grep -q '"pack": "linux-baseline"' "$c/tmp/r.json" ||
    die "the JSON report names no linux-baseline pack"
grep -q '^verdict: ' "$tmp/scan.txt" || die "no verdict line"
in_chroot test -f /usr/share/man/man1/assay.1.gz || die "no man page"
in_chroot test -f /usr/share/bash-completion/completions/assay ||
    die "no bash completion"

exit "$fail"
