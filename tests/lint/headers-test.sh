#!/bin/sh
# headers-test.sh -- headers.sh catches a header that is not
# self-contained and a report-layer header that includes the fs view.
#
# Each case copies include/ into a scratch tree, plants one fault and runs
# headers.sh on the copy through its top_srcdir.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lint/lint-test.sh
. "$top_srcdir/tests/lint/lint-test.sh"
lint_test_init headers.sh include

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

lint_test_done headers-test
