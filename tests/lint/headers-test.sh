#!/bin/sh
# headers-test.sh -- headers.sh catches a header that is not
# self-contained and a report-layer header that includes the fs view.
#
# Each case copies include/ into a scratch tree, plants one fault and runs
# headers.sh on the copy through its top_srcdir.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
src=$(cd "$top_srcdir" && pwd)
lint=$src/tests/lint/headers.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

fresh() {
	rm -rf "$tmp/tree"
	mkdir "$tmp/tree"
	cp -R "$src/include" "$tmp/tree/include"
}

lint() {
	top_srcdir=$tmp/tree sh "$lint" >"$tmp/out" 2>&1
	rc=$?
}

# expect NAME RC [TEXT]: the lint exits RC and, when given, prints TEXT.
expect() {
	lint
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
expect "a copy of the source tree is clean" 0

# A header using a type by value that it only gets from its includer.
fresh
cat >"$tmp/tree/include/assay/leans.h" <<'EOF'
#ifndef ASSAY_LEANS_H
#define ASSAY_LEANS_H
struct strbuf;
struct leans {
	struct strbuf	buf;
};
#endif
EOF
expect "a header needing its includer fails" 1 \
    "include/assay/leans.h: does not compile on its own"

# An enum used before its definition: only -Wpedantic refuses it.
fresh
cat >"$tmp/tree/include/assay/leans.h" <<'EOF'
#ifndef ASSAY_LEANS_H
#define ASSAY_LEANS_H
enum fs_rc	leans_get(void);
#endif
EOF
expect "a forward-referenced enum fails" 1 \
    "include/assay/leans.h: does not compile on its own"

# The leak this rule was written for: policy.h reaching target.h.
fresh
sed 's|^#include "assay/diag.h"$|&\n#include "assay/target.h"|' \
    "$src/include/assay/policy.h" >"$tmp/tree/include/assay/policy.h"
expect "policy.h including target.h fails" 1 \
    "include/assay/policy.h: includes target.h"

rm -rf "$tmp/tree/include"
expect "a tree without include/assay is a hard error" 99

echo "headers-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
