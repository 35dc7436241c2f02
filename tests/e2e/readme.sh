#!/bin/sh
# readme.sh -- the README's Usage block runs as written.
#
# Extracts the first ```sh block under "## Usage" of README.md and runs
# each command (continuation lines joined) in order, with `assay` on PATH
# being the binary under test (run from its build tree it reads the source
# tree's policies/, as the README says). The placeholders the README names
# are replaced by fixtures: /mnt/vm-root and ./rootfs by the demo root
# (fixtures/demo/demo.spec), disk.img by an ext4 image of it (mke2fs -d),
# app.tar by the fixture docker-archive and
# oci-layout-dir/ by the fixture OCI layout (fixtures/images/build.sh). A
# scan must exit 0 or 1 (the README's exit codes), anything else 0.
#
# Skips (77) when not root (fixture owners) or without buildah/skopeo
# (the fixture images).
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/e2e/lib.sh"
e2e_require assay root
command -v buildah >/dev/null 2>&1 && command -v skopeo >/dev/null 2>&1 || {
	echo "skip: buildah or skopeo is not installed (fixture images)"
	exit 77
}
e2e_setup
IMAGES=${ASSAY_FIXTURE_IMAGES:-${TMPDIR:-/tmp}/assay-fixture-images}
sh "$top_srcdir/fixtures/images/build.sh" "$IMAGES" >"$tmp/build.log" 2>&1 || {
	cat "$tmp/build.log"
	echo "FAIL: fixtures/images/build.sh"
	exit 1
}

# The commands, one per line, continuations joined.
awk '/^## Usage/ { u = 1 } u && /^```sh$/ { on = 1; next }
    on && /^```$/ { exit } on { print }' "$top_srcdir/README.md" |
    sed -e :a -e '/\\$/N; s/\\\n//; ta' | grep -v '^ *#' | grep -v '^ *$' \
    >"$tmp/cmds"
n=$(wc -l <"$tmp/cmds")
if [ "$n" -lt 5 ]; then
	echo "FAIL: only $n commands found in README.md's Usage block"
	exit 1
fi

mkdir "$tmp/bin" "$tmp/work"
ln -s "$ASSAY" "$tmp/bin/assay"
sh "$mkroot" "$top_srcdir/fixtures/demo/demo.spec" "$tmp/root" ||
	exit 1
ln -s "$top_srcdir/policies" "$tmp/work/policies"
cd "$tmp/work" || exit 1
ln -s "$tmp/root" rootfs
mke2fs -q -t ext4 -d "$tmp/root" disk.img 32M >/dev/null 2>&1 || {
	echo "FAIL: mke2fs -d of the demo root"
	exit 1
}
while IFS= read -r cmd; do
	run=$(printf '%s\n' "$cmd" | sed -e "s|/mnt/vm-root|$tmp/root|g" \
	    -e "s|app\.tar|$IMAGES/good.docker.tar|g" \
	    -e "s|oci-layout-dir/|$IMAGES/good.oci-layout/|g")
	: >"$tmp/why"
	PATH="$tmp/bin:$PATH" sh -c "$run" >"$tmp/out" 2>"$tmp/why"
	rc=$?
	case $cmd in
	"assay scan "*) okrc="0 1" ;;
	*) okrc=0 ;;
	esac
	case " $okrc " in
	*" $rc "*) ok "$cmd (exit $rc)" ;;
	*) echo "exit $rc" >>"$tmp/why"; notok "$cmd" ;;
	esac
done <"$tmp/cmds"
for f in assay.sarif assay.xml report.html; do
	expect "$f written" test -s "$f"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
