#!/bin/sh
# docs-examples.sh -- every YAML and shell example in docs/*.md runs.
#
# tests/e2e/docs_examples.py takes each fenced block by its info string
# (`yaml`, `sh`: loaded or run; `yaml fragment`, `sh norun`: listed) and
# loads or runs it against the demo root (fixtures/demo/demo.spec) and
# the fixture images (fixtures/images/build.sh), so an example copied from
# the docs works. Skips (77) when not root (fixture owners), without
# python3-yaml, or without buildah/skopeo (the fixture images).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/e2e/lib.sh"
e2e_require assay root python3
if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "skip: python3-yaml is not installed (apt-get install python3-yaml)"
	exit 77
fi
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
sh "$mkroot" "$top_srcdir/fixtures/demo/demo.spec" "$tmp/root" || exit 1
mkdir "$tmp/work"
ln -s "$top_srcdir/policies" "$tmp/work/policies"
ln -s "$top_srcdir/bench" "$tmp/work/bench"
python3 "$top_srcdir/tests/e2e/docs_examples.py" "$ASSAY" "$top_srcdir" \
    "$tmp/work" "$tmp/root" "$IMAGES"
