#!/bin/sh
# docs-fresh.sh -- docs/policies.md matches the bundled policies.
#
# Regenerates the rule reference with tests/gen-policies-md.sh into a temp
# file and compares it with the committed docs/policies.md; on a
# difference it prints the diff and how to refresh the file. Skips (77)
# without the binary.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
# shellcheck source=tests/e2e/skip.sh
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/skip.sh"
: "${ASSAY:=$top_builddir/assay}"
export ASSAY

if ! "$ASSAY" --version >/dev/null 2>&1; then
	e2e_skip "$ASSAY does not run"
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

if sh "$top_srcdir/tests/gen-policies-md.sh" "$tmp/policies.md" \
    2>"$tmp/err"; then
	passed=$((passed + 1))
else
	echo "docs-fresh.sh: FAIL: generating the reference: $(cat "$tmp/err")"
	failed=$((failed + 1))
fi
if [ "$failed" -eq 0 ]; then
	if diff -u "$top_srcdir/docs/policies.md" "$tmp/policies.md" \
	    >"$tmp/diff"; then
		passed=$((passed + 1))
	else
		cat "$tmp/diff"
		echo "docs-fresh.sh: FAIL: docs/policies.md is stale:" \
		    "run 'sh tests/gen-policies-md.sh'"
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
