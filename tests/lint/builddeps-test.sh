#!/bin/sh
# builddeps-test.sh -- builddeps.sh catches a build dependency configure.ac
# requires and one of the places that install them forgets.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lint/lint-test.sh
. "$top_srcdir/tests/lint/lint-test.sh"
lint_test_init builddeps.sh configure.ac autotools debian action.yml examples

fresh
expect "a copy of the source tree is clean" 0

# configure.ac requires a library no place installs.
fresh
printf '%s\n' 'ASSAY_REQUIRE([NEW], [libnew], [libnew], [libnew-dev])' \
    >>"$tmp/tree/configure.ac"
expect "a new library everywhere forgotten fails" 1 \
    "debian/control: does not install libnew-dev"

# debian/control forgets one (what CI's container build found).
fresh
sed -i '/^ *libzstd-dev,$/d' "$tmp/tree/debian/control"
expect "debian/control without libzstd-dev fails" 1 \
    "debian/control: does not install libzstd-dev"

# a package named only in another field of debian/control does not count.
fresh
sed -i '/^ *libzstd-dev,$/d' "$tmp/tree/debian/control"
printf 'Suggests: libzstd-dev\n' >>"$tmp/tree/debian/control"
expect "libzstd-dev outside Build-Depends fails" 1 \
    "debian/control: does not install libzstd-dev"

# the GitHub Action forgets one.
fresh
sed -i 's/ libsepol-dev//' "$tmp/tree/action.yml"
expect "action.yml without libsepol-dev fails" 1 \
    "action.yml: does not install libsepol-dev"

lint_test_done builddeps-test
