#!/bin/sh
# modules-test.sh -- modules.sh fails on an include cycle between modules
# and names the files that make it.
#
# Each case copies engine/ and include/ into a scratch tree, plants one
# include and runs modules.sh on the copy through its top_srcdir.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lint/lint-test.sh
. "$top_srcdir/tests/lint/lint-test.sh"
lint_test_init modules.sh engine include

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

lint_test_done modules-test
