#!/bin/sh
# modules-test.sh -- modules.sh fails on an include cycle between modules
# and names the files that make it.
#
# Each case copies engine/ and include/ into a scratch tree, plants one
# include and runs modules.sh on the copy through its top_srcdir.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
lint=$src/tests/lint/modules.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

fresh() {
	rm -rf "$tmp/tree"
	mkdir "$tmp/tree"
	cp -R "$src/engine" "$src/include" "$tmp/tree/"
}

# expect NAME RC [TEXT]: the lint exits RC and, when given, prints TEXT.
expect() {
	top_srcdir=$tmp/tree sh "$lint" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$2" ] &&
	    { [ $# -lt 3 ] || grep -qF "$3" "$tmp/out"; }; then
		echo "ok: $1"
		pass=$((pass + 1))
	else
		echo "FAIL: $1: want exit $2${3:+ and \"$3\"}, got exit $rc"
		sed 's/^/  | /' "$tmp/out"
		fail=$((fail + 1))
	fi
}

fresh
expect "a copy of the source tree has no cycle but the allowed one" 0

# result.c reaching up to the evaluator that includes result.h.
fresh
printf '#include "assay/eval.h"\n' >>"$tmp/tree/engine/result.c"
expect "a module including its includer fails" 1 \
    "  result -> eval: engine/result.c"

# A longer loop through a public header: target.h -> policy.h -> probe.h
# -> target.h.
fresh
sed 's|^#include "assay/strbuf.h"$|&\n#include "assay/policy.h"|' \
    "$src/include/assay/target.h" >"$tmp/tree/include/assay/target.h"
expect "a cycle through headers fails" 1 "include cycle: "

rm -rf "$tmp/tree/include"
expect "a tree without include/assay is a hard error" 99

echo "modules-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
